--liquibase formatted sql

--changeset routstr:021-wallet-proof-indexes
-- Every X-Cashu change and every payout read the wallet's proofs of one mint twice: the liability guard summed the
-- unspent and pending ones, and a send chose among the unspent ones. The first scanned the whole table (spent proofs
-- included, so a cost that grew with the node's history: 5 ms at 8,700 rows), the second read and sorted every unspent
-- proof of the mint to keep a few of each amount (7 ms at 1,239). With y in the unspent index a send reads the first
-- few proofs of each amount in order, and the sums are taken from the two partial indexes alone.
DROP INDEX wallet_proofs_unspent_idx;
CREATE INDEX wallet_proofs_unspent_idx ON wallet_proofs (mint_url, unit, amount DESC, y)
    WHERE state = 'UNSPENT' AND NOT incoming;
CREATE INDEX wallet_proofs_pending_idx ON wallet_proofs (mint_url, unit, amount)
    WHERE state = 'PENDING' AND NOT incoming;
--rollback DROP INDEX wallet_proofs_pending_idx;
--rollback DROP INDEX wallet_proofs_unspent_idx;
--rollback CREATE INDEX wallet_proofs_unspent_idx ON wallet_proofs (mint_url, unit, amount DESC) WHERE state = 'UNSPENT' AND NOT incoming;
