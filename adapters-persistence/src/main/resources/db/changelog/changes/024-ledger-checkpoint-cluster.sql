--liquibase formatted sql

--changeset routstr:024-ledger-checkpoint-cluster
-- The ledger checkpoint counts entries by the ids of the transactions that booked them, and those ids mean something
-- only in the cluster that assigned them: a logical restore (pg_dump into a fresh cluster) starts its ids again from
-- low numbers, below the restored checkpoint, and the entries booked after it would never be counted. The checkpoint
-- now remembers its cluster (pg_control_system().system_identifier, readable by any role); a check that finds another
-- starts the totals over, once.
ALTER TABLE ledger_checkpoint ADD COLUMN cluster_id bigint NULL;
--rollback ALTER TABLE ledger_checkpoint DROP COLUMN cluster_id;
