--liquibase formatted sql

--changeset routstr:009-token-fingerprints
-- A token's key is sk- + sha256(token), so a stored sha256(token) was a working key. Every token fingerprint becomes
-- sha256('routstr/token-fingerprint/v1' || sha256(token)) (TokenFingerprint), computed here from the stored
-- sha256(token) itself: the same token keeps the same name everywhere, and no stored value yields its key.
UPDATE token_redemptions
SET token_hash = encode(sha256(convert_to('routstr/token-fingerprint/v1', 'UTF8') || decode(token_hash, 'hex')), 'hex');
UPDATE ecash_payments
SET token_hash = encode(sha256(convert_to('routstr/token-fingerprint/v1', 'UTF8') || decode(token_hash, 'hex')), 'hex');
UPDATE wallet_operations
SET fingerprint = encode(sha256(convert_to('routstr/token-fingerprint/v1', 'UTF8') || decode(fingerprint, 'hex')), 'hex')
WHERE fingerprint ~ '^[0-9a-f]{64}$';
UPDATE ledger_entries
SET reference = 'token:' || encode(sha256(convert_to('routstr/token-fingerprint/v1', 'UTF8')
    || decode(substr(reference, 7), 'hex')), 'hex')
WHERE reference ~ '^token:[0-9a-f]{64}$';

--changeset routstr:009-invoice-ids
-- The invoice id is the capability to an invoice's status, and the status of a paid create invoice shows the key it
-- opened: a stored id was as good as that key. The row keeps sha256('routstr/invoice-id/v1' || id) instead
-- (InvoiceCapability), and the hash of the key a create invoice opens, computed here from the old id as Routstr
-- derives it (sk- + sha256('invoice-<id>-<quote id>')) so that settlement needs no id. Ledger references follow.
ALTER TABLE lightning_invoices ALTER COLUMN id TYPE varchar(64);
ALTER TABLE lightning_invoices ADD COLUMN created_key_hash char(64) NULL;
UPDATE lightning_invoices
SET created_key_hash = encode(sha256(convert_to(
        'sk-' || encode(sha256(convert_to('invoice-' || id || '-' || quote_id, 'UTF8')), 'hex'), 'UTF8')), 'hex')
WHERE purpose = 'CREATE';
UPDATE ledger_entries
SET reference = 'invoice:' || encode(sha256(convert_to('routstr/invoice-id/v1', 'UTF8')
    || convert_to(substr(reference, 9), 'UTF8')), 'hex')
WHERE reference LIKE 'invoice:%';
UPDATE lightning_invoices
SET id = encode(sha256(convert_to('routstr/invoice-id/v1', 'UTF8') || convert_to(id, 'UTF8')), 'hex');
ALTER TABLE lightning_invoices ADD CONSTRAINT lightning_invoices_created_key
    CHECK ((purpose = 'CREATE') = (created_key_hash IS NOT NULL));

--changeset routstr:009-invoice-failed-state
-- FAILED: the mint reports the quote issued but this node never minted it (whoever held the quote id did), so the
-- invoice will never be credited; terminal, so that the watcher stops checking it.
ALTER TABLE lightning_invoices DROP CONSTRAINT lightning_invoices_state;
ALTER TABLE lightning_invoices ADD CONSTRAINT lightning_invoices_state CHECK (state IN
    ('PENDING', 'SETTLEMENT_PENDING', 'PAID', 'EXPIRED', 'CANCELLED', 'RECONCILIATION_REQUIRED', 'FAILED'));

--changeset routstr:009-invoice-due-order
-- The watcher takes the longest overdue invoice first, whatever its state.
CREATE INDEX lightning_invoices_due_order_idx ON lightning_invoices (next_check_at)
    WHERE state IN ('PENDING', 'SETTLEMENT_PENDING', 'EXPIRED');
