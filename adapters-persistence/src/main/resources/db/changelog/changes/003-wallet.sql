--liquibase formatted sql

--changeset routstr:003-wallet-proofs
-- Proofs are bearer money: y = hash_to_curve(secret) (NUT-07) identifies one, secret and C spend it.
CREATE TABLE wallet_proofs (
    y             varchar(66)  PRIMARY KEY,
    mint_url      varchar(512) NOT NULL,
    unit          varchar(16)  NOT NULL,
    keyset_id     varchar(66)  NOT NULL,
    amount        bigint       NOT NULL,
    secret        text         NOT NULL,
    c             varchar(66)  NOT NULL,
    witness       text         NULL,
    dleq_e        varchar(64)  NULL,
    dleq_s        varchar(64)  NULL,
    dleq_r        varchar(64)  NULL,
    state         varchar(8)   NOT NULL,
    operation_id  uuid         NULL,
    incoming      boolean      NOT NULL DEFAULT false,
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL,
    CONSTRAINT wallet_proofs_amount_positive CHECK (amount > 0),
    CONSTRAINT wallet_proofs_state CHECK (state IN ('UNSPENT', 'PENDING', 'SPENT')),
    CONSTRAINT wallet_proofs_pending_has_operation CHECK (state <> 'PENDING' OR operation_id IS NOT NULL),
    CONSTRAINT wallet_proofs_dleq_complete CHECK ((dleq_e IS NULL) = (dleq_s IS NULL) AND (dleq_e IS NULL) = (dleq_r IS NULL))
);
CREATE INDEX wallet_proofs_unspent_idx ON wallet_proofs (mint_url, unit, amount DESC)
    WHERE state = 'UNSPENT' AND NOT incoming;
CREATE INDEX wallet_proofs_operation_idx ON wallet_proofs (operation_id) WHERE operation_id IS NOT NULL;
--rollback DROP TABLE wallet_proofs;

--changeset routstr:003-wallet-operations
CREATE TABLE wallet_operations (
    id              uuid         PRIMARY KEY,
    kind            varchar(8)   NOT NULL,
    mint_url        varchar(512) NOT NULL,
    unit            varchar(16)  NOT NULL,
    state           varchar(10)  NOT NULL,
    keyset_id       varchar(66)  NULL,
    counter_first   bigint       NULL,
    counter_count   integer      NULL,
    quote_id        varchar(256) NULL,
    fingerprint     varchar(64)  NULL,
    settled_amount  bigint       NOT NULL DEFAULT 0,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    CONSTRAINT wallet_operations_kind CHECK (kind IN ('RECEIVE', 'SEND', 'MELT', 'MINT')),
    CONSTRAINT wallet_operations_state CHECK (state IN ('PREPARED', 'IN_FLIGHT', 'COMPLETED', 'FAILED', 'RECOVERED')),
    CONSTRAINT wallet_operations_range CHECK ((keyset_id IS NULL AND counter_first IS NULL AND counter_count IS NULL)
        OR (keyset_id IS NOT NULL AND counter_first >= 0 AND counter_count > 0)),
    CONSTRAINT wallet_operations_settled_not_negative CHECK (settled_amount >= 0)
);
CREATE INDEX wallet_operations_unfinished_idx ON wallet_operations (updated_at)
    WHERE state IN ('PREPARED', 'IN_FLIGHT');
--rollback DROP TABLE wallet_operations;

--changeset routstr:003-wallet-keyset-counters
-- NUT-13: a counter is advanced and committed before outputs derived from it are sent; never reused.
CREATE TABLE wallet_keyset_counters (
    keyset_id     varchar(66) PRIMARY KEY,
    next_counter  bigint      NOT NULL,
    CONSTRAINT wallet_keyset_counters_not_negative CHECK (next_counter >= 0)
);
--rollback DROP TABLE wallet_keyset_counters;

--changeset routstr:003-wallet-outgoing-tokens
CREATE TABLE wallet_outgoing_tokens (
    id            uuid          PRIMARY KEY,
    operation_id  uuid          NOT NULL,
    mint_url      varchar(512)  NOT NULL,
    unit          varchar(16)   NOT NULL,
    amount        bigint        NOT NULL,
    token         text          NOT NULL,
    reference     varchar(512)  NOT NULL,
    created_at    timestamptz   NOT NULL,
    CONSTRAINT wallet_outgoing_tokens_amount_positive CHECK (amount > 0)
);
CREATE INDEX wallet_outgoing_tokens_created_idx ON wallet_outgoing_tokens (created_at);
--rollback DROP TABLE wallet_outgoing_tokens;

--changeset routstr:003-wallet-seed
-- The NUT-13 seed, AES-GCM encrypted by the wallet with the node's secret key; one row per node.
CREATE TABLE wallet_seed (
    id          smallint    PRIMARY KEY,
    encrypted   bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT wallet_seed_single_row CHECK (id = 1)
);
--rollback DROP TABLE wallet_seed;
