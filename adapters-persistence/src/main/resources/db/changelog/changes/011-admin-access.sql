--liquibase formatted sql

--changeset routstr:011-admin-password
-- The operator's password as an Argon2id hash in PHC string form; one row per node.
CREATE TABLE admin_password (
    id            smallint      PRIMARY KEY,
    password_hash varchar(512)  NOT NULL,
    changed_at    timestamptz   NOT NULL,
    CONSTRAINT admin_password_single_row CHECK (id = 1)
);
--rollback DROP TABLE admin_password;

--changeset routstr:011-admin-sessions
-- Dashboard and API sessions, shared by every instance: only the SHA-256 of the session token is stored, so a copy of
-- the database opens no session. The CSRF token guards the dashboard's form posts made with the session cookie.
CREATE TABLE admin_sessions (
    token_hash  char(64)     PRIMARY KEY,
    csrf_token  varchar(64)  NOT NULL,
    created_at  timestamptz  NOT NULL,
    expires_at  timestamptz  NOT NULL
);
CREATE INDEX admin_sessions_expiry_idx ON admin_sessions (expires_at);
--rollback DROP TABLE admin_sessions;

--changeset routstr:011-admin-api-tokens
-- Tokens for the operator's scripts (Routstr's CLI tokens): hashed at rest, with expiry and revocation.
CREATE TABLE admin_api_tokens (
    id            uuid         PRIMARY KEY,
    name          varchar(100) NOT NULL,
    token_hash    char(64)     NOT NULL UNIQUE,
    token_preview varchar(32)  NOT NULL,
    created_at    timestamptz  NOT NULL,
    expires_at    timestamptz  NULL,
    revoked_at    timestamptz  NULL,
    last_used_at  timestamptz  NULL
);
--rollback DROP TABLE admin_api_tokens;

--changeset routstr:011-admin-withdrawals
-- Withdrawals of owner funds, claimed before the wallet is asked to pay: a claim counts against the owner funds of
-- its mint and unit until it is finished, so two withdrawals at once cannot together pay out customer money.
CREATE TABLE admin_withdrawals (
    id           uuid          PRIMARY KEY,
    mint_url     varchar(512)  NOT NULL,
    unit         varchar(16)   NOT NULL,
    amount       bigint        NOT NULL,
    destination  varchar(16)   NOT NULL,
    state        varchar(16)   NOT NULL,
    detail       varchar(500)  NULL,
    created_at   timestamptz   NOT NULL,
    finished_at  timestamptz   NULL,
    CONSTRAINT admin_withdrawals_amount_positive CHECK (amount > 0),
    CONSTRAINT admin_withdrawals_destination CHECK (destination IN ('TOKEN', 'LIGHTNING')),
    CONSTRAINT admin_withdrawals_state CHECK (state IN ('CLAIMED', 'PAID', 'FAILED', 'UNKNOWN'))
);
CREATE INDEX admin_withdrawals_open_idx ON admin_withdrawals (mint_url, unit) WHERE state IN ('CLAIMED', 'UNKNOWN');
--rollback DROP TABLE admin_withdrawals;
