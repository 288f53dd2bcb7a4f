--liquibase formatted sql

--changeset routstr:006-ecash-payments
-- Per-request X-Cashu payments: the key the paying token became and the change handed back, kept so that change lost
-- in transit can be fetched again with the original token. change_token is bearer ecash.
CREATE TABLE ecash_payments (
    token_hash    char(64)      PRIMARY KEY,
    key_id        uuid          NOT NULL REFERENCES api_keys (id),
    finished      boolean       NOT NULL DEFAULT false,
    change_token  text          NULL,
    change_msats  bigint        NOT NULL DEFAULT 0,
    started_at    timestamptz   NOT NULL,
    finished_at   timestamptz   NULL,
    CONSTRAINT ecash_payments_change_not_negative CHECK (change_msats >= 0)
);
--rollback DROP TABLE ecash_payments;
