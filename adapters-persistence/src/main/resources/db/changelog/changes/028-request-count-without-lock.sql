--liquibase formatted sql

--changeset routstr:028-request-count-without-lock splitStatements:false
-- A request of a key whose limits are per minute only (requests, tokens, no concurrency limit), counted in one
-- statement without the key's advisory lock: the minute's row is the only state, and INSERT … ON CONFLICT DO UPDATE
-- checks the limits against the row's latest version under its row lock, so concurrent admissions on any number of
-- instances never overshoot, and they wait for each other only for the row's update, not for a lock held across a
-- function's several statements (admit_request, changelog 027, still serves keys with a concurrency limit, whose
-- in-flight rows need the lock). The key's windows older than the minute before are pruned by the admission that
-- makes a new minute's row, once a minute, not by every admission. Like admit_request, its commit does not wait for
-- the disk (the counts move no money), and it is called autocommitted.
--
-- Returns the limit that refused the request (REQUESTS_PER_MINUTE, TOKENS_PER_MINUTE) and its value, or a row of
-- NULLs when the request was counted. Each limit is positive or NULL (none).
CREATE FUNCTION count_request(
    request_key uuid,
    minute_window timestamptz,
    requests_per_minute integer,
    tokens_per_minute bigint)
    RETURNS TABLE (refused_by text, refusing_limit bigint)
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    new_window boolean;
    used_requests bigint;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    INSERT INTO key_rate_windows AS w (key_id, window_start, requests, tokens) VALUES (request_key, minute_window, 1, 0)
        ON CONFLICT (key_id, window_start) DO UPDATE SET requests = w.requests + 1
        WHERE (requests_per_minute IS NULL OR w.requests < requests_per_minute)
          AND (tokens_per_minute IS NULL OR w.tokens < tokens_per_minute)
        RETURNING w.xmax = 0 INTO new_window;
    IF NOT FOUND THEN
        -- Refused by the row as it stood under its lock; read again to say which limit it had reached.
        SELECT w.requests INTO used_requests FROM key_rate_windows w
         WHERE w.key_id = request_key AND w.window_start = minute_window;
        IF requests_per_minute IS NOT NULL AND coalesce(used_requests, 0) >= requests_per_minute THEN
            RETURN QUERY SELECT 'REQUESTS_PER_MINUTE'::text, requests_per_minute::bigint;
        ELSE
            RETURN QUERY SELECT 'TOKENS_PER_MINUTE'::text, tokens_per_minute;
        END IF;
        RETURN;
    END IF;
    IF new_window THEN
        DELETE FROM key_rate_windows w WHERE w.key_id = request_key AND w.window_start < minute_window - interval '1 minute';
    END IF;
    RETURN QUERY SELECT NULL::text, NULL::bigint;
END
$$;
--rollback DROP FUNCTION count_request(uuid, timestamptz, integer, bigint);
