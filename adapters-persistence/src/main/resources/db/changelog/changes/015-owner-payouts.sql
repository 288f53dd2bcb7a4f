--liquibase formatted sql

--changeset routstr:015-owner-payouts
-- Payouts of owner funds to RECEIVE_LN_ADDRESS (Routstr §6.4), checkpointed before the melt: the melt quote is stored
-- before paying, so a payout whose answer was lost is looked up at the mint instead of being paid again. Always
-- outgoing (Routstr's lightning_invoices.direction), kept for the history.
CREATE TABLE owner_payouts (
    id                uuid          PRIMARY KEY,
    mint_url          varchar(512)  NOT NULL,
    unit              varchar(16)   NOT NULL,
    amount_msats      bigint        NOT NULL,
    lightning_address varchar(1024) NOT NULL,
    status            varchar(16)   NOT NULL,
    quote_id          varchar(256)  NULL,
    created_at        timestamptz   NOT NULL,
    updated_at        timestamptz   NOT NULL,
    CONSTRAINT owner_payouts_amount_positive CHECK (amount_msats > 0),
    CONSTRAINT owner_payouts_status CHECK (status IN ('OPEN', 'UNRESOLVED', 'PAID', 'FAILED'))
);
-- At most one unfinished payout across every instance: a second waits until the first is settled.
CREATE UNIQUE INDEX owner_payouts_one_unfinished ON owner_payouts ((true)) WHERE status IN ('OPEN', 'UNRESOLVED');
CREATE INDEX owner_payouts_created_idx ON owner_payouts (created_at);
--rollback DROP TABLE owner_payouts;
