--liquibase formatted sql

--changeset routstr:008-refunds
-- Refunds as durable claims (Routstr's refunds table): the debit, where it is paid, the melt quote stored before a
-- Lightning payment, and the token handed out, so a lost answer can be fetched again and an unknown outcome is
-- resolved by the reconciler. token is bearer ecash.
CREATE TABLE refunds (
    id                uuid          PRIMARY KEY,
    key_id            uuid          NOT NULL REFERENCES api_keys (id),
    amount_msats      bigint        NOT NULL,
    mint_url          varchar(512)  NOT NULL,
    unit              varchar(16)   NOT NULL,
    lightning_address varchar(1024) NULL,
    status            varchar(16)   NOT NULL,
    quote_id          varchar(256)  NULL,
    token             text          NULL,
    created_at        timestamptz   NOT NULL,
    updated_at        timestamptz   NOT NULL,
    CONSTRAINT refunds_amount_positive CHECK (amount_msats > 0),
    CONSTRAINT refunds_status CHECK (status IN ('OPEN', 'UNRESOLVED', 'COMPLETED', 'REVERSED'))
);
-- At most one claim per key that is not final: a second refund waits for the first instead of debiting again.
CREATE UNIQUE INDEX refunds_one_unfinished_per_key ON refunds (key_id) WHERE status IN ('OPEN', 'UNRESOLVED');
CREATE INDEX refunds_unfinished_idx ON refunds (created_at) WHERE status IN ('OPEN', 'UNRESOLVED');
CREATE INDEX refunds_key_idx ON refunds (key_id, created_at);
--rollback DROP TABLE refunds;

--changeset routstr:008-expired-key-refund-retry
-- A key whose due refund failed is tried again only after this time, so keys that always fail do not hold up others.
ALTER TABLE api_keys ADD COLUMN refund_retry_at timestamptz NULL;
--rollback ALTER TABLE api_keys DROP COLUMN refund_retry_at;

--changeset routstr:008-token-redemption-key
-- The key a claimed token is being deposited into, so a deposit whose caller died is credited to it by the reconciler.
ALTER TABLE token_redemptions ADD COLUMN key_hash char(64) NULL;
CREATE INDEX token_redemptions_claimed_idx ON token_redemptions (claimed_at) WHERE state = 'CLAIMED';
CREATE INDEX wallet_operations_fingerprint_idx ON wallet_operations (fingerprint) WHERE fingerprint IS NOT NULL;
--rollback DROP INDEX wallet_operations_fingerprint_idx; DROP INDEX token_redemptions_claimed_idx; ALTER TABLE token_redemptions DROP COLUMN key_hash;
