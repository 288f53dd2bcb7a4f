--liquibase formatted sql

--changeset routstr:019-admin-settings
-- Settings the operator edited at run time (PATCH /admin/api/settings): one row per environment name, the edited value
-- winning over the environment's until the row is removed. Only settings the node reads per use are editable; no
-- secret is kept here.
CREATE TABLE admin_settings (
    name        varchar(64)  PRIMARY KEY,
    value       varchar(2000) NOT NULL,
    updated_at  timestamptz  NOT NULL
);
--rollback DROP TABLE admin_settings;

--changeset routstr:019-nostr-key-chosen
-- A Nostr key the operator set (PATCH /admin/api/nsec) replaces the stored one and wins over NSEC from the environment;
-- a key the node generated for itself gives way to NSEC as before.
ALTER TABLE nostr_key ADD COLUMN chosen_by_operator boolean NOT NULL DEFAULT false;
--rollback ALTER TABLE nostr_key DROP COLUMN chosen_by_operator;
