--liquibase formatted sql

--changeset routstr:029-requests-running-by-minute splitStatements:false
-- The requests in flight of a key with a concurrency limit, counted by the minute they were admitted in: one row per
-- key and minute, incremented by an admission and decremented by the request's finish. Until now each request was a
-- row of its own (key_requests_in_flight), inserted by its admission and deleted by its finish, and every admission
-- counted the key's rows: an index scan over as many entries as the key had requests in flight plus those deleted
-- since the last vacuum (at 1,000 requests a second on one key, PostgreSQL spent about 1 ms of CPU per request). A
-- minute's count stops counting, as a request's row did, once it is older than the stale-reservation timeout (its
-- instance died, or the request outlived it): here by the minute's start, up to a minute sooner.
CREATE TABLE key_requests_running (
    key_id  uuid        NOT NULL,
    minute  timestamptz NOT NULL,
    running integer     NOT NULL,
    PRIMARY KEY (key_id, minute)
);

-- As admit_request (changelog 027) did, with the key's requests in flight summed over its recent minutes' counts.
CREATE FUNCTION admit_running_request(
    request_key uuid,
    minute_window timestamptz,
    stale_before timestamptz,
    requests_per_minute integer,
    tokens_per_minute bigint,
    max_concurrent integer)
    RETURNS TABLE (refused_by text, refusing_limit bigint)
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    in_flight bigint;
    used_requests bigint;
    used_tokens bigint;
    new_minute boolean;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    PERFORM pg_advisory_xact_lock(hashtextextended(request_key::text, 0));
    SELECT coalesce(sum(r.running), 0) INTO in_flight FROM key_requests_running r
     WHERE r.key_id = request_key AND r.minute > stale_before;
    IF in_flight >= max_concurrent THEN
        RETURN QUERY SELECT 'CONCURRENT_REQUESTS'::text, max_concurrent::bigint;
        RETURN;
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
    -- The count in flight before the window, as finish_running_request writes them: two statements that lock the same
    -- two rows in opposite orders deadlock (the finish runs without the key's advisory lock).
    INSERT INTO key_requests_running AS r (key_id, minute, running) VALUES (request_key, minute_window, 1)
        ON CONFLICT (key_id, minute) DO UPDATE SET running = r.running + 1
        RETURNING r.xmax = 0 INTO new_minute;
    IF new_minute THEN
        DELETE FROM key_requests_running r WHERE r.key_id = request_key AND r.minute <= stale_before;
    END IF;
    INSERT INTO key_rate_windows AS w (key_id, window_start, requests, tokens) VALUES (request_key, minute_window, 1, 0)
        ON CONFLICT (key_id, window_start) DO UPDATE SET requests = w.requests + 1
        RETURNING w.xmax = 0 INTO new_minute;
    IF new_minute THEN
        DELETE FROM key_rate_windows w WHERE w.key_id = request_key AND w.window_start < minute_window - interval '1 minute';
    END IF;
    RETURN QUERY SELECT NULL::text, NULL::bigint;
END
$$;
--rollback DROP FUNCTION admit_running_request(uuid, timestamptz, timestamptz, integer, bigint, integer);

-- A request admitted by admit_running_request, finished: one fewer in flight in its minute (if that minute is still
-- counted), and its tokens counted in it.
CREATE FUNCTION finish_running_request(request_key uuid, minute_window timestamptz, tokens bigint)
    RETURNS void
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    UPDATE key_requests_running r SET running = r.running - 1
     WHERE r.key_id = request_key AND r.minute = minute_window AND r.running > 0;
    IF tokens > 0 THEN
        UPDATE key_rate_windows w SET tokens = w.tokens + finish_running_request.tokens
         WHERE w.key_id = request_key AND w.window_start = minute_window;
    END IF;
END
$$;
--rollback DROP FUNCTION finish_running_request(uuid, timestamptz, bigint);
