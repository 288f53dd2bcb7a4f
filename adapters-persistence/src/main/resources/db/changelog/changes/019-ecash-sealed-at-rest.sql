--liquibase formatted sql

--changeset routstr:019-ecash-sealed-at-rest
-- Proof secrets are bearer money: from now on they are stored sealed by the node's at-rest cipher (AES-GCM under the
-- ecash key derived from ROUTSTR_SECRET_KEY). A proof secret is chosen by whoever minted it, so no prefix could tell
-- a sealed one from a plain one: this flag does. Rows written before stay plain until they are spent.
ALTER TABLE wallet_proofs ADD COLUMN secret_sealed boolean NOT NULL DEFAULT false;
--rollback ALTER TABLE wallet_proofs DROP COLUMN secret_sealed;
