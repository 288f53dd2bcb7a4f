--liquibase formatted sql

-- A reservation is held while its request lives: the instance serving it beats here, and the sweep frees only the
-- holds of instances silent for the stale timeout, or of requests past the maximum lifetime.

--changeset routstr:007-node-instances
CREATE TABLE node_instances (
    id           uuid        PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL
);
--rollback DROP TABLE node_instances;

--changeset routstr:007-reservations-instance
-- No foreign key: a silent instance's row is forgotten while its finished reservations keep naming it. NULL for holds
-- taken before this change, which the sweep judges by their age alone.
ALTER TABLE reservations ADD COLUMN instance_id uuid NULL;
--rollback ALTER TABLE reservations DROP COLUMN instance_id;
