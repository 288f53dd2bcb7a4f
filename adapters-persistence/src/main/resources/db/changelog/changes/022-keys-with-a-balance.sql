--liquibase formatted sql

--changeset routstr:022-keys-with-a-balance
-- The liability guard sums the balances owed at one mint before every X-Cashu change and every refund, and it read
-- every key the node ever opened to do it: an X-Cashu token opens a key of its own, drained to zero when its change is
-- paid, so the sum grew with the node's history (0.24 ms at 1,240 keys, about 0.2 µs more per key). An index over the
-- keys that hold a balance keeps it to those. Its predicate is a stored generated column rather than
-- balance_msats > 0 itself: PostgreSQL updates a row in place (HOT, no new index entries) only when no indexed or
-- predicate column changed, and every settlement changes balance_msats, while has_balance changes only when a balance
-- reaches zero or leaves it. Adding the column rewrites api_keys once, holding its writes meanwhile.
ALTER TABLE api_keys ADD COLUMN has_balance boolean GENERATED ALWAYS AS (balance_msats > 0) STORED;
CREATE INDEX api_keys_with_balance_idx ON api_keys (refund_mint_url, refund_unit) WHERE has_balance;
--rollback DROP INDEX api_keys_with_balance_idx;
--rollback ALTER TABLE api_keys DROP COLUMN has_balance;
