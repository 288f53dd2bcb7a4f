--liquibase formatted sql

-- A reservation is held while its request lives: the instance serving it beats here, and the sweep frees only the
-- holds of instances silent for the stale timeout, or of requests past the maximum lifetime.

--changeset routstr:007-node-instances
-- alive_until is the beat plus the instance's own stale timeout: instances configured differently judge each other by
-- the horizon each one stated.
CREATE TABLE node_instances (
    id           uuid        PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    alive_until  timestamptz NOT NULL
);
--rollback DROP TABLE node_instances;

--changeset routstr:007-reservations-instance
-- No foreign key: a silent instance's row is forgotten while its finished reservations keep naming it. NULL for holds
-- taken before this change, which the sweep judges by their age alone.
ALTER TABLE reservations ADD COLUMN instance_id uuid NULL;
--rollback ALTER TABLE reservations DROP COLUMN instance_id;
