--liquibase formatted sql

--changeset routstr:027-request-admission splitStatements:false
-- A request of a key with rate limits, admitted and later finished, one statement each. The same steps as the adapter
-- ran statement by statement before (eight round trips to admit, counting the commit, three to finish, each commit
-- waiting for the disk): under a transaction-scoped advisory lock on the key, the in-flight requests counted against
-- the concurrency limit, the minute's window against the requests and tokens per minute, and the request counted only
-- if every limit allows, so concurrent admissions on any number of instances never overshoot. Their commits do not
-- wait for the disk: a count lost with a crash moves no money (a key may then be let through a little more often in
-- that minute), and every commit that waits, a settlement's, flushes them with it. Called autocommitted: the setting
-- is the calling transaction's.
--
-- Returns the limit that refused the request (CONCURRENT_REQUESTS, REQUESTS_PER_MINUTE, TOKENS_PER_MINUTE) and its
-- value, or a row of NULLs when the request was admitted (and, with a concurrency limit, `ticket` is in flight).
CREATE FUNCTION admit_request(
    request_key uuid,
    minute_window timestamptz,
    started_at timestamptz,
    stale_before timestamptz,
    requests_per_minute integer,
    tokens_per_minute bigint,
    max_concurrent integer,
    ticket uuid)
    RETURNS TABLE (refused_by text, refusing_limit bigint)
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    in_flight bigint;
    used_requests bigint;
    used_tokens bigint;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    PERFORM pg_advisory_xact_lock(hashtextextended(request_key::text, 0));
    IF max_concurrent IS NOT NULL THEN
        SELECT count(*) INTO in_flight FROM key_requests_in_flight f
         WHERE f.key_id = request_key AND f.started_at > stale_before;
        IF in_flight >= max_concurrent THEN
            RETURN QUERY SELECT 'CONCURRENT_REQUESTS'::text, max_concurrent::bigint;
            RETURN;
        END IF;
    END IF;
    SELECT w.requests, w.tokens INTO used_requests, used_tokens FROM key_rate_windows w
     WHERE w.key_id = request_key AND w.window_start = minute_window;
    IF requests_per_minute IS NOT NULL AND coalesce(used_requests, 0) >= requests_per_minute THEN
        RETURN QUERY SELECT 'REQUESTS_PER_MINUTE'::text, requests_per_minute::bigint;
        RETURN;
    END IF;
    IF tokens_per_minute IS NOT NULL AND coalesce(used_tokens, 0) >= tokens_per_minute THEN
        RETURN QUERY SELECT 'TOKENS_PER_MINUTE'::text, tokens_per_minute;
        RETURN;
    END IF;
    INSERT INTO key_rate_windows AS w (key_id, window_start, requests, tokens) VALUES (request_key, minute_window, 1, 0)
        ON CONFLICT (key_id, window_start) DO UPDATE SET requests = w.requests + 1;
    DELETE FROM key_rate_windows w WHERE w.key_id = request_key AND w.window_start < minute_window - interval '1 minute';
    IF max_concurrent IS NOT NULL THEN
        INSERT INTO key_requests_in_flight (id, key_id, started_at) VALUES (ticket, request_key, admit_request.started_at);
        DELETE FROM key_requests_in_flight f WHERE f.key_id = request_key AND f.started_at <= stale_before;
    END IF;
    RETURN QUERY SELECT NULL::text, NULL::bigint;
END
$$;
--rollback DROP FUNCTION admit_request(uuid, timestamptz, timestamptz, timestamptz, integer, bigint, integer, uuid);

--changeset routstr:027-request-finish splitStatements:false
-- A request admitted with a ticket (a key with limits), finished: out of flight, and its tokens counted in the minute
-- it was admitted in. Like its admission, its commit does not wait for the disk.
CREATE FUNCTION finish_request(ticket uuid, request_key uuid, minute_window timestamptz, tokens bigint)
    RETURNS void
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    DELETE FROM key_requests_in_flight f WHERE f.id = ticket;
    IF tokens > 0 THEN
        UPDATE key_rate_windows w SET tokens = w.tokens + finish_request.tokens
         WHERE w.key_id = request_key AND w.window_start = minute_window;
    END IF;
END
$$;
--rollback DROP FUNCTION finish_request(uuid, uuid, timestamptz, bigint);
