--liquibase formatted sql

--changeset routstr:004-token-redemptions
-- Every Cashu token presented to the node, by SHA-256 of the token string: claimed before it goes to the mint,
-- then completed (its key) or rejected for good (the failure), so one token is redeemed and credited once.
CREATE TABLE token_redemptions (
    token_hash  char(64)    PRIMARY KEY,
    state       varchar(16) NOT NULL,
    key_id      uuid        NULL REFERENCES api_keys (id),
    failure     varchar(32) NULL,
    claimed_at  timestamptz NOT NULL,
    finished_at timestamptz NULL,
    CONSTRAINT token_redemptions_state CHECK (state IN ('CLAIMED', 'COMPLETED', 'REJECTED')),
    CONSTRAINT token_redemptions_outcome CHECK (
        (state = 'CLAIMED' AND key_id IS NULL AND failure IS NULL)
        OR (state = 'COMPLETED' AND key_id IS NOT NULL)
        OR (state = 'REJECTED' AND failure IS NOT NULL))
);
--rollback DROP TABLE token_redemptions;
