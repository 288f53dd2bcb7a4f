--liquibase formatted sql

--changeset routstr:020-cashu-swaps
-- Foreign-mint swaps (FOREIGN_MINT_POLICY=swap): a token of an untrusted mint is melted there to pay an invoice of the
-- primary mint, whose quote is then minted into the wallet. A row is written before each step, with the ids a resumed
-- swap needs. An unfinished row is also its foreign mint's lock (one unfinished swap per foreign mint), and a token
-- has at most one swap that is not FAILED. Quote ids are stored like wallet_operations.quote_id.
CREATE TABLE cashu_swaps (
    id              uuid         PRIMARY KEY,
    fingerprint     varchar(64)  NOT NULL,
    foreign_mint    varchar(512) NOT NULL,
    primary_mint    varchar(512) NOT NULL,
    unit            varchar(16)  NOT NULL,
    face_amount     bigint       NOT NULL,
    mint_amount     bigint       NOT NULL DEFAULT 0,
    mint_quote_id   varchar(256) NULL,
    melt_quote_id   varchar(256) NULL,
    state           varchar(16)  NOT NULL,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    CONSTRAINT cashu_swaps_state CHECK (state IN ('STARTED', 'MELT_STARTED', 'MINT_STARTED', 'DONE', 'FAILED')),
    CONSTRAINT cashu_swaps_amounts CHECK (face_amount > 0 AND mint_amount >= 0 AND mint_amount <= face_amount),
    CONSTRAINT cashu_swaps_quotes CHECK (state IN ('STARTED', 'FAILED') OR (mint_quote_id IS NOT NULL AND melt_quote_id IS NOT NULL))
);
CREATE UNIQUE INDEX cashu_swaps_one_unfinished_per_mint ON cashu_swaps (foreign_mint)
    WHERE state IN ('STARTED', 'MELT_STARTED', 'MINT_STARTED');
CREATE UNIQUE INDEX cashu_swaps_one_per_token ON cashu_swaps (fingerprint) WHERE state <> 'FAILED';
CREATE INDEX cashu_swaps_fingerprint ON cashu_swaps (fingerprint, created_at);
--rollback DROP TABLE cashu_swaps;
