--liquibase formatted sql

--changeset routstr:005-lightning-invoices
-- Invoices the node handed out (NUT-04 mint quotes). States move by compare-and-set; next_check_at spaces the
-- watcher's checks so one stuck invoice cannot starve the others.
CREATE TABLE lightning_invoices (
    id                  varchar(32)   PRIMARY KEY,
    bolt11              varchar(4096) NOT NULL UNIQUE,
    quote_id            varchar(256)  NOT NULL,
    mint_url            varchar(512)  NOT NULL,
    unit                varchar(16)   NOT NULL,
    amount_sats         bigint        NOT NULL,
    purpose             varchar(16)   NOT NULL,
    top_up_key_id       uuid          NULL REFERENCES api_keys (id),
    balance_limit_msats bigint        NULL,
    balance_limit_reset varchar(16)   NULL,
    valid_until         timestamptz   NULL,
    state               varchar(32)   NOT NULL,
    created_at          timestamptz   NOT NULL,
    expires_at          timestamptz   NOT NULL,
    paid_at             timestamptz   NULL,
    next_check_at       timestamptz   NOT NULL,
    CONSTRAINT lightning_invoices_amount CHECK (amount_sats BETWEEN 1 AND 1000000),
    CONSTRAINT lightning_invoices_purpose CHECK (purpose IN ('CREATE', 'TOPUP')),
    CONSTRAINT lightning_invoices_state CHECK (state IN
        ('PENDING', 'SETTLEMENT_PENDING', 'PAID', 'EXPIRED', 'CANCELLED', 'RECONCILIATION_REQUIRED')),
    CONSTRAINT lightning_invoices_quote_uq UNIQUE (mint_url, quote_id)
);
CREATE INDEX lightning_invoices_due_idx ON lightning_invoices (state, next_check_at)
    WHERE state IN ('PENDING', 'SETTLEMENT_PENDING', 'EXPIRED');
--rollback DROP TABLE lightning_invoices;
