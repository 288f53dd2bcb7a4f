--liquibase formatted sql

--changeset routstr:023-ledger-totals
-- The ledger invariant (every msat in a balance explained by the ledger) is checked every minute for the metrics and
-- on every dashboard view, and it summed every entry the ledger ever booked: a paid request books one, so the check
-- read a table that grows by the node's every request (0.5 ms at 20,000 entries; seconds a minute at tens of
-- millions, competing with the paid path). Entries now carry the id of the transaction that booked them, the totals
-- of every entry whose transaction has ended are kept in ledger_totals up to ledger_checkpoint.through_xid, and a
-- check reads those totals and the entries booked since. Existing entries keep a null booked_xid and are added to the
-- totals by the first checkpoint (through_xid 0: none taken yet). Adding the nullable column rewrites nothing; the
-- BRIN index reads the table once and is small (entries are appended in transaction order).
ALTER TABLE ledger_entries ADD COLUMN booked_xid bigint NULL;
ALTER TABLE ledger_entries ALTER COLUMN booked_xid SET DEFAULT CAST(CAST(pg_current_xact_id() AS text) AS bigint);
CREATE INDEX ledger_entries_booked_xid_brin ON ledger_entries USING brin (booked_xid) WITH (autosummarize = on);
CREATE TABLE ledger_checkpoint (
    id          boolean PRIMARY KEY DEFAULT true,
    through_xid bigint  NOT NULL,
    CONSTRAINT ledger_checkpoint_one_row CHECK (id),
    CONSTRAINT ledger_checkpoint_xid_not_negative CHECK (through_xid >= 0)
);
INSERT INTO ledger_checkpoint (id, through_xid) VALUES (true, 0);
CREATE TABLE ledger_totals (
    entry_type  varchar(16) PRIMARY KEY,
    total_msats bigint      NOT NULL,
    CONSTRAINT ledger_totals_not_negative CHECK (total_msats >= 0)
);
--rollback DROP TABLE ledger_totals;
--rollback DROP TABLE ledger_checkpoint;
--rollback DROP INDEX ledger_entries_booked_xid_brin;
--rollback ALTER TABLE ledger_entries DROP COLUMN booked_xid;
