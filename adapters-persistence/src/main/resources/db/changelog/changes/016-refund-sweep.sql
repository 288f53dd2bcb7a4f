--liquibase formatted sql

--changeset routstr:016-refund-sweep
-- The refund sweep (Routstr §6.5): change and refund tokens nobody collected within the configured age are redeemed
-- back into the wallet. sweep_claimed_at is the claim lease of the instance sweeping a token; sweep_state says how it
-- ended: SWEPT (redeemed back, the token is cleared so its recovery answers 410), COLLECTED (its holder spent it),
-- FAILED (the mint refused it for good).
ALTER TABLE ecash_payments ADD COLUMN sweep_claimed_at timestamptz NULL;
ALTER TABLE ecash_payments ADD COLUMN sweep_state varchar(16) NULL;
ALTER TABLE ecash_payments ADD CONSTRAINT ecash_payments_sweep_state
    CHECK (sweep_state IS NULL OR sweep_state IN ('SWEPT', 'COLLECTED', 'FAILED'));
CREATE INDEX ecash_payments_sweepable_idx ON ecash_payments (finished_at)
    WHERE change_token IS NOT NULL AND sweep_state IS NULL;
ALTER TABLE refunds ADD COLUMN sweep_claimed_at timestamptz NULL;
ALTER TABLE refunds ADD COLUMN sweep_state varchar(16) NULL;
ALTER TABLE refunds ADD CONSTRAINT refunds_sweep_state
    CHECK (sweep_state IS NULL OR sweep_state IN ('SWEPT', 'COLLECTED', 'FAILED'));
CREATE INDEX refunds_sweepable_idx ON refunds (updated_at)
    WHERE status = 'COMPLETED' AND token IS NOT NULL AND sweep_state IS NULL;
--rollback DROP INDEX refunds_sweepable_idx; ALTER TABLE refunds DROP CONSTRAINT refunds_sweep_state; ALTER TABLE refunds DROP COLUMN sweep_state; ALTER TABLE refunds DROP COLUMN sweep_claimed_at; DROP INDEX ecash_payments_sweepable_idx; ALTER TABLE ecash_payments DROP CONSTRAINT ecash_payments_sweep_state; ALTER TABLE ecash_payments DROP COLUMN sweep_state; ALTER TABLE ecash_payments DROP COLUMN sweep_claimed_at;
