--liquibase formatted sql

--changeset routstr:017-nostr-key
-- The Nostr key the node generates for itself on first start when NSEC is not set: one row, sealed by the at-rest
-- cipher under its own purpose, written once by whichever instance starts first (INSERT ... ON CONFLICT DO NOTHING),
-- so that every instance signs as the same npub.
CREATE TABLE nostr_key (
    id          smallint    PRIMARY KEY,
    encrypted   bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT nostr_key_single_row CHECK (id = 1)
);
--rollback DROP TABLE nostr_key;
