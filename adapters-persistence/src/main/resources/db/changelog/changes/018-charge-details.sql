--liquibase formatted sql

--changeset routstr:018-charge-details
-- What a charge paid for, booked by the settle statement on the request's CHARGE entry (or on its SHORTFALL entry when
-- nothing could be charged), so that usage per model and tokens come from the ledger. Null on every other entry and on
-- charges booked before this change. No new index: the usage reports scan a time range like the existing ones.
ALTER TABLE ledger_entries
    ADD COLUMN model              varchar(200) NULL,
    ADD COLUMN provider           varchar(200) NULL,
    ADD COLUMN input_tokens       bigint       NULL,
    ADD COLUMN output_tokens      bigint       NULL,
    ADD COLUMN cache_read_tokens  bigint       NULL,
    ADD COLUMN cache_write_tokens bigint       NULL,
    ADD COLUMN reasoning_tokens   bigint       NULL;
--rollback ALTER TABLE ledger_entries DROP COLUMN model, DROP COLUMN provider, DROP COLUMN input_tokens, DROP COLUMN output_tokens, DROP COLUMN cache_read_tokens, DROP COLUMN cache_write_tokens, DROP COLUMN reasoning_tokens;
