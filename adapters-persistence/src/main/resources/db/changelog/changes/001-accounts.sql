--liquibase formatted sql

--changeset routstr:001-api-keys
CREATE TABLE api_keys (
    id                   uuid PRIMARY KEY,
    key_hash             char(64)      NOT NULL UNIQUE,
    parent_id            uuid          NULL REFERENCES api_keys (id),
    balance_msats        bigint        NOT NULL DEFAULT 0,
    reserved_msats       bigint        NOT NULL DEFAULT 0,
    total_spent_msats    bigint        NOT NULL DEFAULT 0,
    period_spent_msats   bigint        NOT NULL DEFAULT 0,
    total_requests       bigint        NOT NULL DEFAULT 0,
    balance_limit_msats  bigint        NULL,
    limit_reset_period   varchar(16)   NOT NULL DEFAULT 'NEVER',
    limit_reset_at       timestamptz   NULL,
    valid_until          timestamptz   NULL,
    refund_mint_url      varchar(512)  NOT NULL,
    refund_unit          varchar(16)   NOT NULL,
    refund_address       varchar(1024) NULL,
    refund_after         timestamptz   NULL,
    created_at           timestamptz   NOT NULL,
    CONSTRAINT api_keys_money_not_negative CHECK (balance_msats >= 0 AND reserved_msats >= 0
        AND total_spent_msats >= 0 AND period_spent_msats >= 0 AND total_requests >= 0),
    CONSTRAINT api_keys_limit_not_negative CHECK (balance_limit_msats IS NULL OR balance_limit_msats >= 0),
    CONSTRAINT api_keys_reserved_within_balance CHECK (parent_id IS NOT NULL OR reserved_msats <= balance_msats),
    CONSTRAINT api_keys_child_holds_no_balance CHECK (parent_id IS NULL OR balance_msats = 0),
    CONSTRAINT api_keys_limit_reset_period CHECK (limit_reset_period IN ('NEVER', 'DAILY', 'WEEKLY', 'MONTHLY'))
);
CREATE INDEX api_keys_parent_idx ON api_keys (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX api_keys_limit_reset_idx ON api_keys (limit_reset_period, limit_reset_at)
    WHERE balance_limit_msats IS NOT NULL AND limit_reset_period <> 'NEVER';
--rollback DROP TABLE api_keys;

--changeset routstr:001-reservations
CREATE TABLE reservations (
    id                uuid PRIMARY KEY,
    key_id            uuid        NOT NULL REFERENCES api_keys (id),
    billing_key_id    uuid        NOT NULL REFERENCES api_keys (id),
    amount_msats      bigint      NOT NULL,
    state             varchar(16) NOT NULL,
    released_as_stale boolean     NOT NULL DEFAULT false,
    charged_msats     bigint      NULL,
    created_at        timestamptz NOT NULL,
    finished_at       timestamptz NULL,
    CONSTRAINT reservations_amount_positive CHECK (amount_msats > 0),
    CONSTRAINT reservations_charged_not_negative CHECK (charged_msats IS NULL OR charged_msats >= 0),
    CONSTRAINT reservations_state CHECK (state IN ('ACTIVE', 'CHARGED', 'RELEASED'))
);
CREATE INDEX reservations_active_idx ON reservations (created_at) WHERE state = 'ACTIVE';
CREATE INDEX reservations_active_billing_idx ON reservations (billing_key_id, created_at) WHERE state = 'ACTIVE';
--rollback DROP TABLE reservations;

--changeset routstr:001-ledger-entries
CREATE TABLE ledger_entries (
    id             uuid PRIMARY KEY,
    entry_type     varchar(16)  NOT NULL,
    key_id         uuid         NULL REFERENCES api_keys (id),
    amount_msats   bigint       NOT NULL,
    reservation_id uuid         NULL,
    reference      varchar(200) NULL,
    created_at     timestamptz  NOT NULL,
    CONSTRAINT ledger_entries_amount_not_negative CHECK (amount_msats >= 0),
    CONSTRAINT ledger_entries_type CHECK (entry_type IN
        ('DEPOSIT', 'CHARGE', 'FEE', 'REFUND', 'WITHDRAWAL', 'REVERSAL', 'PAYOUT', 'SHORTFALL'))
);
-- One cause is booked once: a token, an invoice, a refund reference.
CREATE UNIQUE INDEX ledger_entries_reference_uq ON ledger_entries (entry_type, reference) WHERE reference IS NOT NULL;
-- One charge (and one shortfall) per reservation.
CREATE UNIQUE INDEX ledger_entries_reservation_uq ON ledger_entries (entry_type, reservation_id)
    WHERE reservation_id IS NOT NULL;
CREATE INDEX ledger_entries_key_idx ON ledger_entries (key_id, created_at);
--rollback DROP TABLE ledger_entries;

--changeset routstr:001-job-leases
CREATE TABLE job_leases (
    name       varchar(64)  PRIMARY KEY,
    holder     varchar(128) NOT NULL,
    expires_at timestamptz  NOT NULL
);
--rollback DROP TABLE job_leases;
