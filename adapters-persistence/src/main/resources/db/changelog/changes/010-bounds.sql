--liquibase formatted sql

--changeset routstr:010-bounds-mint-fee
-- Input fees the node pays a mint on its own swaps (change for refund tokens) are booked as owner-side MINT_FEE
-- entries, so that the wallet's holdings reconcile with the ledger.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type CHECK (entry_type IN
    ('DEPOSIT', 'CHARGE', 'FEE', 'REFUND', 'WITHDRAWAL', 'REVERSAL', 'PAYOUT', 'SHORTFALL', 'MINT_FEE'));
--rollback ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type;
--rollback ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type CHECK (entry_type IN ('DEPOSIT', 'CHARGE', 'FEE', 'REFUND', 'WITHDRAWAL', 'REVERSAL', 'PAYOUT', 'SHORTFALL'));
