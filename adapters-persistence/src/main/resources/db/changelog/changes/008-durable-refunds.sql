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
