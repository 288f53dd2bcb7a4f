--liquibase formatted sql

--changeset routstr:002-upstream-providers
CREATE TABLE upstream_providers (
    id                 uuid          PRIMARY KEY,
    provider_type      varchar(32)   NOT NULL,
    base_url           varchar(1024) NOT NULL,
    api_key_ciphertext text          NULL,
    api_version        varchar(64)   NULL,
    provider_fee       numeric(12,6) NOT NULL DEFAULT 1.01,
    enabled            boolean       NOT NULL DEFAULT true,
    created_at         timestamptz   NOT NULL,
    CONSTRAINT upstream_providers_fee_positive CHECK (provider_fee > 0)
);
--rollback DROP TABLE upstream_providers;

--changeset routstr:002-key-rate-limits
CREATE TABLE key_rate_limits (
    key_id              uuid    PRIMARY KEY REFERENCES api_keys (id),
    requests_per_minute integer NULL,
    tokens_per_minute   bigint  NULL,
    max_concurrent      integer NULL,
    CONSTRAINT key_rate_limits_positive CHECK ((requests_per_minute IS NULL OR requests_per_minute > 0)
        AND (tokens_per_minute IS NULL OR tokens_per_minute > 0) AND (max_concurrent IS NULL OR max_concurrent > 0))
);
CREATE TABLE key_rate_windows (
    key_id       uuid        NOT NULL REFERENCES api_keys (id),
    window_start timestamptz NOT NULL,
    requests     integer     NOT NULL DEFAULT 0,
    tokens       bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (key_id, window_start)
);
CREATE TABLE key_requests_in_flight (
    id         uuid        PRIMARY KEY,
    key_id     uuid        NOT NULL REFERENCES api_keys (id),
    started_at timestamptz NOT NULL
);
CREATE INDEX key_requests_in_flight_key_idx ON key_requests_in_flight (key_id, started_at);
--rollback DROP TABLE key_requests_in_flight; DROP TABLE key_rate_windows; DROP TABLE key_rate_limits;

--changeset routstr:002-model-price-overrides
CREATE TABLE model_price_overrides (
    model_id         varchar(255)   PRIMARY KEY,
    prompt_usd       numeric(30,18) NOT NULL,
    completion_usd   numeric(30,18) NOT NULL,
    request_usd      numeric(30,18) NOT NULL DEFAULT 0,
    cache_read_usd   numeric(30,18) NULL,
    cache_write_usd  numeric(30,18) NULL,
    enabled          boolean        NOT NULL DEFAULT true,
    CONSTRAINT model_price_overrides_not_negative CHECK (prompt_usd >= 0 AND completion_usd >= 0 AND request_usd >= 0
        AND (cache_read_usd IS NULL OR cache_read_usd >= 0) AND (cache_write_usd IS NULL OR cache_write_usd >= 0))
);
--rollback DROP TABLE model_price_overrides;
