--liquibase formatted sql

--changeset routstr:025-standing-holds
-- A standing hold: an ACTIVE reservation an instance placed for a key's next request, with the settlement of its last
-- one. It holds money as any reservation does; the balance the API shows counts it as spendable, whichever instance
-- keeps it, so that a key's balance after a request reads the same on every instance. Nothing clears the mark: a
-- request that takes the hold over writes nothing.
ALTER TABLE reservations ADD COLUMN standing boolean NOT NULL DEFAULT false;
--rollback ALTER TABLE reservations DROP COLUMN standing;
