#!/usr/bin/env bash
# Baseline benchmark of the paid request: one command brings up a local PostgreSQL, a fixed-answer fake upstream and a
# keep-alive reverse proxy (both nginx), and the node jar; funds one sk- key; then loads with wrk and prints
# requests/s, latency p50/p99 and the node/nginx ratios (nginx measured before the node's 64-connection run and again
# after it, the ratio given against both). Every process it starts is stopped on exit.
#
# Usage: scripts/bench/run.sh            (from anywhere; runs as root or as a normal user)
# Settings (environment): BENCH_DURATION (default 20s), BENCH_WARMUP (default 15s), BENCH_CONNECTIONS (default 64),
# BENCH_THREADS (default 2), BENCH_PG_FSYNC (default on; off shows what commits to disk cost), BENCH_JAVA_OPTS
# (extra JVM options, e.g. a JFR recording), BENCH_KEEP_DIR=1 keeps the temp dir (logs, wrk output) for inspection,
# BENCH_THREAD_DUMPS=1 writes six thread dumps of the node during its 64-connection run there (threads-N.txt).
# BENCH_JAR=path runs that jar instead of bootstrap/target/routstr-gateway.jar (to compare two builds in turn).
# Open loop (scripts/bench/LoadGen.java, HdrHistogram): BENCH_RATE (default 500 requests/s) against the fake and the
# node for BENCH_RATE_SECONDS (20) after BENCH_RATE_WARMUP (30) untimed seconds, giving the overhead p50/p99 (why 30 s: the
# node, warmed by wrk's 64 connections, recompiles its request path with C2 for about 25 s when the open loop starts, on
# one of the 2 cores: after 3 s, most of the p99 was that; docs/benchmarks.md, session 9, tail); each timed 200's due
# instant and latency go to trace-direct.txt / trace-node.txt in the temp dir (scripts/bench/tail.py lines them up with
# the node's GC and safepoint log and PostgreSQL's slow statements); after the node's open loop a line gives its CPU and
# the time its threads and PostgreSQL's processes waited for a core (the scheduler's schedstat), per request.
# BENCH_RATE_GENERATOR picks the open loop's generator: java (LoadGen) or c (scripts/bench/openloop.c, one thread on
# epoll, the overload's generator, its trace in the same form); "java,c" runs the open loop once with each, in that
# order, against the same warm node (files suffixed -java, -c). BENCH_RATE_KEYS=all always uses LoadGen. After the node's
# open loop two lines say what its answers waited for at the database: the paid path's writer runs (p50/p99, commit
# included) and PostgreSQL's WAL flushes (how many, their mean time; PostgreSQL runs with track_wal_io_timing on).
# Then an overload run at twice the node's measured closed-loop throughput after BENCH_OVERLOAD_WARMUP (3) untimed
# seconds (BENCH_OVERLOAD=0 skips it; BENCH_OVERLOAD_ONLY=1 with BENCH_OVERLOAD_RATE runs only the node's warm-up and it). BENCH_PG_OPTS adds
# PostgreSQL settings (e.g. "-c log_min_duration_statement=3 -c log_timezone=UTC" logs its slow statements to
# pg/server.log). BENCH_STREAMS=N instead holds N streamed requests at once (the
# fake upstream trickles each answer over about 4 s, BENCH_STREAMS_BYTES_PER_S=256 bytes a second: 32 makes each about 35 s;
# BENCH_STREAMS_RAMP_S=S starts the N streams evenly over S seconds instead of in one burst, so that with long streams
# all N are open together: what holding them costs, apart from how fast a burst is let in) and reports completed/billed,
# RSS, descriptors and heap (BENCH_STREAMS_LIVE_HEAP=1: also the live heap, by a class histogram's full collection once all are open, its
# histogram kept as streams-histogram.txt in the temp dir); the node
# then runs with -Xmx1g unless BENCH_JAVA_OPTS says otherwise, and with its default settings, after the same warm-up
# as the other phases and a warm-up burst of BENCH_STREAMS_WARMUP_BURST streams (default 2000; BENCH_STREAMS_WARMUP=plain:
# the closed loop only, as before session 11; 0: on the cold node). BENCH_KEYS=N (default 1)
# funds N keys and spreads the closed-loop requests over them in turn: 1 measures one hot key, 16 many keys.
# BENCH_RATE_KEYS=all spreads the open loop's requests over the same keys in turn too (default: the first key only).
# BENCH_XCASHU=N instead measures the X-Cashu overhead beyond the mint's own swap with N prepared tokens (at least 30;
# the cashu-ts test mint runs beside the node): see scripts/bench/xcashu.sh for its settings (BENCH_XCASHU_WARMUP=N warms
# the node with N X-Cashu requests first instead of a fifth of the tokens; BENCH_XCASHU_MINT_DELAY_MS=N puts the mint N ms
# away).
# The node's own settings pass through the environment (e.g. DATABASE_GROUP_COMMIT=false to compare); after each node
# run the summary gives PostgreSQL's commits per paid request (pg_stat_database xact_commit delta / requests) and its
# WAL syncs to disk per paid request (pg_stat_wal wal_sync delta: commits that wait, and the WAL writer's flushes), and
# the WAL's bytes and full-page images per paid request (a checkpoint during a run shows as full-page images).
# BENCH_PIN=1 splits the cores with taskset (util-linux) so that the load does not compete with what it measures: the
# generators (wrk, LoadGen) run on the last core, the node, PostgreSQL and both nginx servers on the others (on 2
# cores: generator on CPU 1, the rest on CPU 0). BENCH_PIN=LOAD_CPUS/NODE_CPUS (taskset lists, e.g. 1/0 or 3/0-2)
# says which. Every figure of a pinned run, capacity and overload alike, is then one of the node on fewer cores (its
# JVM sizes its carrier and GC threads by the cores it may use, and on one core picks the Serial collector unless
# BENCH_JAVA_OPTS says -XX:+UseG1GC), so compare it only with pinned runs. Pinning keeps the generator off the node's
# core, not other processes: on a machine others are loading, both cores are still shared with them.
# BENCH_PG_STATEMENTS=1 (pg_stat_statements) prints each of PostgreSQL's statements' own time per call and per paid request, and how often it was planned,
# after the node's 64- and 1-connection runs (with BENCH_XCASHU, after each X-Cashu run); BENCH_PG_PERF=1 (perf, from Debian's linux-perf) prints PostgreSQL's CPU
# by function for the same runs (the executor's start and the constraints' parsing, which the statements' times miss).
# BENCH_JFR_C1=1 records the node with JFR (settings=profile) during its 1-connection run only, into c1.jfr in the temp
# dir (with BENCH_KEEP_DIR=1). BENCH_JFR=1 records its 64-connection run too (node64.jfr); BENCH_JFR_SETTINGS replaces
# the recording's options (default settings=profile; e.g. "settings=profile jdk.ExecutionSample#period=1ms"). BENCH_OVERLOAD_RATE=N runs the overload at N requests/s instead of twice the measured capacity. The overload's
# generator is scripts/bench/openloop.c (compiled with cc; one thread on epoll: LoadGen, a virtual thread per request,
# took most of the 2 cores at 8,300/s and fell seconds behind; BENCH_OVERLOAD_GENERATOR=java uses LoadGen as before);
# its third line says what happened to its connections. LoadGen says on
# each open-loop line how late it started its requests (p50/p99/max from each one's due time) and flags a run that
# could not keep its schedule ("SCHEDULE NOT KEPT"): its latencies then include the generator's own delay.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-15s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
JAR=${BENCH_JAR:-"$ROOT/bootstrap/target/routstr-gateway.jar"}
RATE=${BENCH_RATE:-500}
RATE_SECONDS=${BENCH_RATE_SECONDS:-20}
RATE_WARMUP=${BENCH_RATE_WARMUP:-30}
OVERLOAD_WARMUP=${BENCH_OVERLOAD_WARMUP:-3}
STREAMS=${BENCH_STREAMS:-0}
KEY_COUNT=${BENCH_KEYS:-1}
XCASHU=${BENCH_XCASHU:-0}
if [ "$STREAMS" -gt 0 ] && [ -z "${BENCH_JAVA_OPTS:-}" ]; then BENCH_JAVA_OPTS=-Xmx1g; fi
# Core pinning (BENCH_PIN): the commands that start the generators and the system under test are prefixed with these.
PIN_LOAD=() PIN_NODE=()
case "${BENCH_PIN:-0}" in
    0) ;;
    1) LAST_CPU=$(($(nproc) - 1))
       [ "$LAST_CPU" -ge 1 ] || { echo "BENCH_PIN needs at least 2 cores" >&2; exit 1; }
       PIN_LOAD=(taskset -c "$LAST_CPU") PIN_NODE=(taskset -c "0-$((LAST_CPU - 1))") ;;
    */*) PIN_LOAD=(taskset -c "${BENCH_PIN%%/*}") PIN_NODE=(taskset -c "${BENCH_PIN##*/}") ;;
    *) echo "BENCH_PIN: 0, 1 or LOAD_CPUS/NODE_CPUS" >&2; exit 1 ;;
esac
MODEL=bench-model
FUNDED_MSATS=1000000000000

log() { printf '[bench] %s\n' "$*" >&2; }

# --- tools: installed from Debian when missing -------------------------------------------------------------------
need_pkgs=()
command -v wrk >/dev/null || need_pkgs+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_pkgs+=(nginx)
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || need_pkgs+=(postgresql)
command -v curl >/dev/null || need_pkgs+=(curl)
command -v cc >/dev/null || need_pkgs+=(gcc libc6-dev)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    log "installing ${need_pkgs[*]} from Debian"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# --- the jar and the JDK (scripts/bench/lib.sh, which also gives as_pg and free_port) -----------------------------
source "$ROOT/scripts/bench/lib.sh"
bench_node_jar_and_java

# --- the load generator's classpath (Jetty client, HdrHistogram) ----------------------------------------------------
LOADGEN_CP=$(mktemp /tmp/routstr-bench-cp.XXXXXX)
(cd "$ROOT" && ./mvnw -B -ntp -q -f scripts/bench/bench-tools.pom.xml dependency:build-classpath \
    -Dmdep.outputFile="$LOADGEN_CP" >/dev/null)
# The generator's own GC pauses delay its requests too: logged beside the node's, one file per run (loadgen-gc-PID.log).
loadgen() { "${PIN_LOAD[@]}" "$JAVA_BIN" -Xmx1g "-Xlog:gc:file=$WORK/loadgen-gc-%p.log:utctime,uptime,level,tags" -cp "$(cat "$LOADGEN_CP")" "$ROOT/scripts/bench/LoadGen.java" "$@"; }
# Each stream holds two sockets in the node; the node, nginx and the generator need room for them.
ulimit -n 20000 2>/dev/null || true

# --- temp dir, ports, cleanup ------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/routstr-bench.XXXXXX)
chmod 755 "$WORK"
PIDS=()
PG_STARTED=0
cleanup() {
    set +e
    trap - ERR
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    # A node whose heap is full may spend minutes in back-to-back collections instead of shutting down (one did, 37
    # minutes, while the next runs measured beside it: docs/benchmarks.md, session 16): 20 s, then SIGKILL.
    for _ in $(seq 40); do
        alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.5
    done
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    [ "$PG_STARTED" = 1 ] && as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1
    rm -f "$LOADGEN_CP"
    if [ "${BENCH_KEEP_DIR:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# Say where a run stopped: set -e ends it at the first failing command, which may print nothing of its own.
set -E
trap 'log "line $LINENO: \"$BASH_COMMAND\" failed with status $?"' ERR
trap 'exit 130' INT TERM

PG_PORT=$(free_port); FAKE_PORT=$(free_port); PROXY_PORT=$(free_port); NODE_PORT=$(free_port); MGMT_PORT=$(free_port)

wait_for() { # url, seconds, what
    local i
    for ((i = 0; i < $2 * 4; i++)); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 0.25
    done
    log "$3 did not answer at $1"; return 1
}

# --- PostgreSQL (Debian's, temp data dir, trust auth on loopback only) --------------------------------------------
# BENCH_PG_STATEMENTS=1: pg_stat_statements (in Debian's server package) counts each statement's own execution time, so
# the node's runs can say which of its statements PostgreSQL's CPU goes to (statement_table below).
PG_STATEMENTS_OPTS=""
if [ "${BENCH_PG_STATEMENTS:-0}" = 1 ]; then
    PG_STATEMENTS_OPTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on"
fi
log "PostgreSQL on 127.0.0.1:$PG_PORT"
mkdir -p "$WORK/pg"
[ "$(id -u)" -eq 0 ] && chown postgres "$WORK/pg"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U routstr --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1
as_pg "${PIN_NODE[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/server.log" \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=${BENCH_PG_FSYNC:-on} -c track_wal_io_timing=on $PG_STATEMENTS_OPTS ${BENCH_PG_OPTS:-}" start >/dev/null
PG_STARTED=1
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U routstr -v ON_ERROR_STOP=1 -qAt)
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U routstr routstr
if [ "${BENCH_PG_STATEMENTS:-0}" = 1 ]; then "${PSQL[@]}" -d routstr -c "CREATE EXTENSION pg_stat_statements"; fi
statements_reset() { if [ "${BENCH_PG_STATEMENTS:-0}" = 1 ]; then "${PSQL[@]}" -d routstr -c "SELECT pg_stat_statements_reset()" >/dev/null; fi; }
# The statements PostgreSQL ran since statements_reset, by their own time (execution and planning, in the backend; the
# commit's WAL flush is not in it), per paid request: calls, ms per call, ms per request and rows per call.
statement_table() { # name, requests
    [ "${BENCH_PG_STATEMENTS:-0}" = 1 ] || return 0
    echo "$1: PostgreSQL's statements per paid request (pg_stat_statements; exec + plan time)" | tee -a "$WORK/summary.txt"
    "${PSQL[@]}" -d routstr -F $'\t' -c "
        SELECT calls, round((total_exec_time + total_plan_time)::numeric / greatest(calls, 1), 4),
               round((total_exec_time + total_plan_time)::numeric / greatest($2, 1), 4),
               round(rows::numeric / greatest(calls, 1), 2),
               regexp_replace(left(regexp_replace(query, '\s+', ' ', 'g'), 110), '\t', ' ', 'g'),
               plans, round(total_plan_time::numeric / greatest(plans, 1), 4)
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'routstr')
        ORDER BY total_exec_time + total_plan_time DESC LIMIT 15" \
        | awk -F'\t' 'BEGIN { printf "  %9s %10s %10s %7s %9s %9s  %s\n", "calls", "ms/call", "ms/req", "rows", "plans", "ms/plan", "statement" }
            { printf "  %9d %10.4f %10.4f %7.2f %9d %9.4f  %s\n", $1, $2, $3, $4, $6, $7, $5; t += $3 }
            END { printf "  %9s %10s %10.4f  (the 15 above; a statement planned on each call shows as many plans as calls)\n", "", "", t }' | tee -a "$WORK/summary.txt"
}

# --- nginx: the fake upstream (fixed answer) and a keep-alive reverse proxy in front of it ---------------------------
COMPLETION='{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10}}'
MODELS='{"object":"list","data":[{"id":"bench-model","object":"model","created":1700000000,"owned_by":"bench"}]}'
mkdir -p "$WORK/nginx/logs" "$WORK/www"
# A streamed answer: a few content chunks, the usage chunk and [DONE], sent at 256 bytes/s (about 4 s in all).
{
    for word in Hello from the slow fake upstream; do
        printf 'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[{"index":0,"delta":{"content":"%s "},"finish_reason":null}]}\n\n' "$word"
    done
    printf 'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n'
    printf 'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":6,"total_tokens":15}}\n\n'
    printf 'data: [DONE]\n\n'
} >"$WORK/www/sse"
chmod 755 "$WORK/www"; chmod 644 "$WORK/www/sse"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
worker_rlimit_nofile 20000;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 16000; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    keepalive_requests 1000000;
    upstream fake { server 127.0.0.1:$FAKE_PORT; keepalive 128; }
    server {
        listen 127.0.0.1:$FAKE_PORT backlog=8192;
        default_type application/json;
        location ~ /models\$ { return 200 '$MODELS'; }
        location ~ /chat/completions\$ {
            if (\$http_accept ~* event-stream) { rewrite ^ /sse last; }
            client_body_buffer_size 64k;
            return 200 '$COMPLETION';
        }
        # nginx answers a POST to a file with 405; error_page turns that into the file itself.
        location = /sse { root $WORK/www; default_type text/event-stream; limit_rate ${BENCH_STREAMS_BYTES_PER_S:-256}; error_page 405 =200 \$uri; }
        location / { return 404 '{"error":{"message":"not found","type":"invalid_request_error","code":"not_found"}}'; }
    }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        location / {
            proxy_pass http://fake;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
"${PIN_NODE[@]}" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
wait_for "http://127.0.0.1:$FAKE_PORT/v1/models" 10 "fake upstream"
wait_for "http://127.0.0.1:$PROXY_PORT/v1/models" 10 "nginx proxy"

# --- the test mint, for the X-Cashu scenario only -------------------------------------------------------------------
if [ "$XCASHU" -gt 0 ]; then
    source "$ROOT/scripts/bench/xcashu.sh"
    xcashu_start_mint
fi

# --- the node ------------------------------------------------------------------------------------------------------
log "node on 127.0.0.1:$NODE_PORT ($JAVA_BIN)"
(
    cd "$WORK"
    export PORT=$NODE_PORT MANAGEMENT_PORT=$MGMT_PORT
    export DATABASE_URL="postgresql://routstr:routstr@127.0.0.1:$PG_PORT/routstr"
    export UPSTREAM_BASE_URL="http://127.0.0.1:$FAKE_PORT/v1" UPSTREAM_API_KEY=bench
    export FIXED_PRICING=true FIXED_COST_PER_REQUEST=1 BTC_USD_RATE=95000 OPENROUTER_MODELS_URL=
    export CASHU_MINTS=${XCASHU_MINT_URL:-http://127.0.0.1:9/mint}
    export KEY_CREATIONS_PER_MINUTE=0 INVOICE_CREATIONS_PER_MINUTE=0
    export ROUTSTR_SECRET_KEY_FILE="$WORK/secret.key"
    exec "${PIN_NODE[@]}" "$JAVA_BIN" ${BENCH_JAVA_OPTS:-} -Dmanagement.metrics.distribution.percentiles-histogram.http.server.requests=true \
        -jar "$JAR" >"$WORK/node.log" 2>&1
) &
PIDS+=($!)
NODE_PID=$!
if ! wait_for "http://127.0.0.1:$NODE_PORT/v1/models" "${BENCH_START_TIMEOUT:-300}" "node"; then tail -40 "$WORK/node.log" >&2; exit 1; fi
# The catalogue is filled in the background after start-up: wait until it lists the fake upstream's model.
for ((i = 0; i < 120; i++)); do
    curl -sf "http://127.0.0.1:$NODE_PORT/v1/models" | grep -q "\"$MODEL\"" && break
    sleep 0.5
done

# --- funded keys (BENCH_KEYS, default one) ---------------------------------------------------------------------------
# No HTTP way funds a key without ecash, so each key is written as FundApiKeyUseCase's openFunded would leave it: one
# api_keys row holding the balance and one DEPOSIT ledger entry of the same amount (the ledger invariant holds).
KEYS=()
for ((k = 0; k < KEY_COUNT; k++)); do
    KEYS+=("sk-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')")
    KEY_ID=$(printf '00000000-0000-4000-8000-%012x' "$((0xbe0c + k))")
    "${PSQL[@]}" -d routstr <<SQL
BEGIN;
INSERT INTO api_keys (id, key_hash, balance_msats, refund_mint_url, refund_unit, created_at)
VALUES ('$KEY_ID', encode(sha256(convert_to('${KEYS[$k]}', 'UTF8')), 'hex'), $FUNDED_MSATS,
        'http://127.0.0.1:9/mint', 'sat', now());
INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reference, created_at)
VALUES (gen_random_uuid(), 'DEPOSIT', '$KEY_ID', $FUNDED_MSATS, 'bench:funding:$k', now());
COMMIT;
SQL
done
KEY=${KEYS[0]}

BODY="{\"model\":\"$MODEL\",\"messages\":[{\"role\":\"user\",\"content\":\"Say ok.\"}],\"max_tokens\":4}"
# Each request takes the next key in turn (wrk runs one Lua state per thread, each cycling through all keys).
{
    echo "wrk.method = \"POST\""
    echo "wrk.body = '$BODY'"
    echo "wrk.headers[\"Content-Type\"] = \"application/json\""
    printf 'local keys = {'
    printf '"%s",' "${KEYS[@]}"
    echo '}'
    echo 'local n = 0'
    echo 'request = function()'
    echo '    n = n + 1'
    echo '    wrk.headers["Authorization"] = "Bearer " .. keys[(n % #keys) + 1]'
    echo '    return wrk.format(nil, nil, wrk.headers, wrk.body)'
    echo 'end'
} >"$WORK/post.lua"

check_one() { # url, what: the same request must succeed once before it is loaded
    local code
    code=$(curl -s -o "$WORK/check.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $KEY" --data "$BODY" "$1")
    if [ "$code" != 200 ]; then log "$2 answered $code: $(head -c 400 "$WORK/check.json")"; exit 1; fi
}
check_one "http://127.0.0.1:$FAKE_PORT/v1/chat/completions" "fake upstream"
check_one "http://127.0.0.1:$PROXY_PORT/v1/chat/completions" "nginx proxy"
check_one "http://127.0.0.1:$NODE_PORT/v1/chat/completions" "node"

ledger() { # the books: every request charged once, nothing left reserved, every msat explained
    # Requests the generator gave up on may still be in the node: wait (up to 60 s) until none holds a reservation.
    local i active
    for ((i = 0; i < 120; i++)); do
        active=$("${PSQL[@]}" -d routstr -c "SELECT count(*) FROM reservations WHERE state = 'ACTIVE'")
        [ "$active" = 0 ] && break
        sleep 0.5
    done
    [ "$active" = 0 ] || log "$active reservations still active after 60 s: left to the stale-reservation sweep"
    "${PSQL[@]}" -d routstr -F ' ' <<'SQL'
SELECT 'key: balance_msats=' || balance_msats || ' reserved_msats=' || reserved_msats || ' total_spent_msats='
       || total_spent_msats || ' total_requests=' || total_requests FROM api_keys;
SELECT 'ledger: deposits=' || coalesce(sum(amount_msats) FILTER (WHERE entry_type = 'DEPOSIT'), 0)
       || ' charges=' || coalesce(sum(amount_msats) FILTER (WHERE entry_type = 'CHARGE'), 0)
       || ' charge_entries=' || count(*) FILTER (WHERE entry_type = 'CHARGE') FROM ledger_entries;
SELECT 'reservations: ' || string_agg(state || '=' || n, ' ') FROM (SELECT state, count(*) n FROM reservations GROUP BY state) s;
-- A request charged on a standing hold kept in place books its CHARGE under its own id, which no reservation has.
SELECT 'charges on standing holds kept in place (no reservation of their own): ' || count(*)
FROM ledger_entries l WHERE l.entry_type = 'CHARGE'
  AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.id = l.reservation_id);
SELECT 'invariant deposits = balances + charges: ' || CASE WHEN d = b + c THEN 'holds' ELSE 'BROKEN' END
       || '; still reserved: ' || r || ' msats' || CASE WHEN r = 0 THEN '' ELSE ' (held until the stale-reservation sweep)' END
FROM (SELECT (SELECT coalesce(sum(amount_msats), 0) FROM ledger_entries WHERE entry_type = 'DEPOSIT') d,
             (SELECT coalesce(sum(amount_msats), 0) FROM ledger_entries WHERE entry_type = 'CHARGE') c,
             (SELECT sum(balance_msats) FROM api_keys) b, (SELECT sum(reserved_msats) FROM api_keys) r) t;
SQL
}

# Transactions PostgreSQL committed in the node's database (pg_stat_database, flushed about once a second).
xact_commits() { sleep 1.2; "${PSQL[@]}" -d routstr -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'routstr'"; }
# WAL syncs to disk of the whole cluster (pg_stat_wal; the WAL writer's background flushes of commits that did not
# wait count too), then the WAL's bytes and its full-page images: three numbers. Read right after xact_commits, which
# waits for the counts to arrive.
wal_counters() { "${PSQL[@]}" -d routstr -c "SELECT wal_sync || ' ' || wal_bytes || ' ' || wal_fpi || ' ' || wal_sync_time FROM pg_stat_wal"; }
# The WAL flushes between two wal_counters readings: how many, and their mean time (track_wal_io_timing is on): what a
# paid answer waits for at the disk, since its settlement's commit is flushed before it leaves.
wal_syncs_between() { # name, before, after
    awk -v n="$1" -v before="$2" -v now="$3" 'BEGIN { split(now, a, " "); split(before, b, " "); s = a[1] - b[1]
        printf "%s: PostgreSQL WAL flushes %d, mean %.3f ms each (pg_stat_wal wal_sync_time)\n", n, s, s ? (a[4] - b[4]) / s : 0 }' \
        | tee -a "$WORK/summary.txt"
}
commits_per_request() { # name, commits before, requests; WAL counters from $WS, read with the commits before
    local c=$(($(xact_commits) - $2)) now; now=$(wal_counters)
    awk -v n="$1" -v c="$c" -v now="$now" -v before="${WS:-0 0 0}" -v r="$3" 'BEGIN {
        split(now, a, " "); split(before, b, " "); r = (r > 0) ? r : 0
        printf "%-28s commits per paid request %.3f  (%d commits, %d requests); WAL syncs per request %.3f, WAL bytes %.0f and full-page images %.3f per request\n", n,
            r ? c / r : 0, c, r, r ? (a[1] - b[1]) / r : 0, r ? (a[2] - b[2]) / r : 0, r ? (a[3] - b[3]) / r : 0 }' \
        | tee -a "$WORK/summary.txt"
}

# The node's own histogram of its 200 answers to POST /v1/chat/completions (Spring's http.server.requests, with
# percentile buckets, switched on for the node below), as
# "le count" lines: two snapshots give the node-side latency of the requests answered between them, from their
# dispatch to their answer, without the time they waited to be accepted or to be read.
answered_buckets() {
    curl -s "http://127.0.0.1:$MGMT_PORT/actuator/prometheus" \
        | awk '/^http_server_requests_seconds_bucket/ && /uri="\/v1\/chat\/completions"/ && /status="200"/ {
            match($0, /le="[^"]+"/); print substr($0, RSTART + 4, RLENGTH - 5), $NF }'
}
# The paid requests' forwarding (routstr_request_duration_seconds: from the hold to the last byte, the settlement
# included) and their upstream calls (routstr_upstream_duration_seconds), each summed over its series: beside
# answered_buckets they say how much of an admitted request's time came before its hold (its wait for a turn at work,
# its body, its key) and how much was the upstream's.
forwarded_buckets() { summed_buckets routstr_request_duration_seconds_bucket; }
# The paid requests' waits for their turn at work at Jetty's door (routstr_work_queue_wait_seconds), which come before
# the servlet context's dispatch and so are not in answered_buckets (empty under Tomcat, whose waits are inside it).
door_wait_buckets() { summed_buckets routstr_work_queue_wait_seconds_bucket; }
upstream_buckets() { summed_buckets routstr_upstream_duration_seconds_bucket; }
summed_buckets() {
    curl -s "http://127.0.0.1:$MGMT_PORT/actuator/prometheus" \
        | awk -v name="$1" 'index($0, name "{") == 1 { match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5)
            if (!(le in n)) order[++k] = le; n[le] += $NF }
            END { for (i = 1; i <= k; i++) print order[i], n[order[i]] }'
}
# The paid path's writer runs (routstr_database_group_commit_run_seconds): each batch or lone statement, its commit
# included; a paid answer waits for its settlement's, so this tail beside the open loop's says how much of it is the
# database's WAL flushes.
writer_run_buckets() {
    curl -s "http://127.0.0.1:$MGMT_PORT/actuator/prometheus" \
        | awk '/^routstr_database_group_commit_run_seconds_bucket/ {
            match($0, /le="[^"]+"/); print substr($0, RSTART + 4, RLENGTH - 5), $NF }'
}
# p50/p99 between two answered_buckets (or writer_run_buckets) snapshots (files), each the upper bound of its bucket;
# the third argument names what was counted (default "answered").
bucket_percentiles() {
    awk 'NR == FNR { before[$1] = $2; next } { n = $2 - before[$1]; le[++k] = $1; cum[k] = n; if ($1 == "+Inf") total = n }
        END {
            if (total == 0) { print "none"; exit }
            for (i = 1; i <= k; i++) { if (!p50 && cum[i] >= 0.5 * total) p50 = le[i]; if (!p99 && cum[i] >= 0.99 * total) p99 = le[i] }
            printf "%d %s, p50 <= %.1f ms, p99 <= %.1f ms", total, what, p50 * 1000, p99 * 1000 }' what="${3:-answered}" "$1" "$2"
}

# An orchestrator's probes while the node sheds: every half second, until the file $1 exists, the API port's /livez
# and the management port's health, each on a new connection as a kubelet's probe makes it, 5 s at most; one line
# each to $2 ("api|management STATUS SECONDS", status 000 when no answer came).
probe_health() {
    while [ ! -e "$1" ]; do
        curl -s -o /dev/null -m 5 -w 'api %{http_code} %{time_total}\n' "http://127.0.0.1:$NODE_PORT/livez" >>"$2" || true
        curl -s -o /dev/null -m 5 -w 'management %{http_code} %{time_total}\n' "http://127.0.0.1:$MGMT_PORT/actuator/health" >>"$2" || true
        sleep 0.5
    done
}
probe_summary() { # per port: probes, how many were not 200 within 5 s, and their p50/max time
    awk '{ n[$1]++; if ($2 != 200) bad[$1]++; t[$1, n[$1]] = $3 }
        END { for (k in n) { m = n[k]; for (i = 1; i <= m; i++) v[i] = t[k, i]
                  for (i = 2; i <= m; i++) { x = v[i]; j = i - 1; while (j > 0 && v[j] > x) { v[j + 1] = v[j]; j-- } v[j + 1] = x }
                  printf "%s: %d probes, %d not 200 within 5 s, p50 %.1f ms, max %.1f ms; ", k, m, bad[k], v[int((m + 1) / 2)] * 1000, v[m] * 1000 } }' "$1"
}

shed_counters() { # the node's routstr_overload_shed_total by signal, on one line
    curl -s "http://127.0.0.1:$MGMT_PORT/actuator/prometheus" \
        | awk '/^routstr_overload_shed_total/ { match($0, /signal="[a-z_]+"/); printf "%s=%s ", substr($0, RSTART + 8, RLENGTH - 9), $NF + 0 }'
}
# Connections the kernel dropped because a listener's accept queue was full (TcpExtListenOverflows, host-wide): each
# costs its client a SYN retransmission, a second or more.
listen_overflows() { awk '/^TcpExt:/ { if (!h) { split($0, names); h = 1 } else { for (i = 2; i <= NF; i++) if (names[i] == "ListenOverflows") print $i } }' /proc/net/netstat; }
CLK_TCK=$(getconf CLK_TCK)
node_cpu_ms() { awk -v hz="$CLK_TCK" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$NODE_PID/stat"; }
# Time the node's threads (or PostgreSQL's processes) spent runnable but waiting for a core, from the scheduler's
# per-task statistics (second field of schedstat, ns): how much of a latency is CPU contention on a shared host.
node_runq_ms() { cat /proc/"$NODE_PID"/task/*/schedstat 2>/dev/null | awk '{ s += $2 } END { printf "%.0f", s / 1e6 }'; }
pg_runq_ms() {
    local pm; pm=$(head -1 "$WORK/pg/postmaster.pid" 2>/dev/null) || { echo 0; return; }
    for p in "$pm" $(pgrep -P "$pm"); do cat /proc/"$p"/schedstat 2>/dev/null; done | awk '{ s += $2 } END { printf "%.0f", s / 1e6 }'
}
# BENCH_PG_PERF=1: perf (Debian's linux-perf; software clock samples, which work where the hardware counters do not)
# samples PostgreSQL's processes during the node's 64- and 1-connection runs and prints where their CPU goes by function
# (the server's exported symbols name most of them): the part of its CPU that pg_stat_statements does not see (the
# protocol, binding, executor start and end, commit).
pg_perf_start() { # name
    [ "${BENCH_PG_PERF:-0}" = 1 ] || return 0
    command -v perf >/dev/null 2>&1 || { log "perf not found (apt-get install linux-perf): BENCH_PG_PERF skipped"; return 0; }
    local pm pids; pm=$(head -1 "$WORK/pg/postmaster.pid")
    pids=$(pgrep -P "$pm" | paste -sd,)
    perf record -q -e cpu-clock -F 1999 -p "$pm,$pids" -o "$WORK/$1.perf" >/dev/null 2>&1 &
    PG_PERF_PID=$!
}
pg_perf_stop() { # name
    [ -n "${PG_PERF_PID:-}" ] || return 0
    kill -INT "$PG_PERF_PID" 2>/dev/null; wait "$PG_PERF_PID" 2>/dev/null || true; PG_PERF_PID=""
    echo "$1: PostgreSQL's CPU by function (perf, self time, top 30; $WORK/$1.perf)" | tee -a "$WORK/summary.txt"
    perf report -q -i "$WORK/$1.perf" --no-children --sort dso,symbol --percent-limit 0.7 2>/dev/null \
        | grep -v '^$' | grep -v '^ *|' | grep -v '^ *-' | head -30 | tee -a "$WORK/summary.txt"
}
# One line per node thread: id, name with its digits as #, voluntary and involuntary context switches, time waiting
# for a core (ns), CPU (ticks). Two snapshots give, per kind of thread, how often its threads went to sleep and were
# woken (voluntary switches: one hand-off each), how often they were preempted, and what they cost, per request.
thread_snapshot() { for t in /proc/$NODE_PID/task/*; do
    awk -v tid="${t##*/}" -v comm="$(cat "$t/comm" 2>/dev/null | sed 's/[0-9][0-9]*/#/g')" -v rq="$(cut -d' ' -f2 "$t/schedstat" 2>/dev/null)" \
        -v cpu="$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }')" \
        '/^voluntary_ctxt_switches/ { v = $2 } /^nonvoluntary_ctxt_switches/ { n = $2 }
         END { printf "%s\t%s\t%.0f\t%.0f\t%.0f\t%.0f\n", tid, comm, v, n, rq, cpu }' "$t/status" 2>/dev/null
done; }
threads_per_request() { # before-snapshot file, after-snapshot file, requests
    awk -F'\t' -v r="$3" -v hz="$CLK_TCK" 'FNR == NR { v[$1] = $3; n[$1] = $4; q[$1] = $5; c[$1] = $6; next }
        { k = $2; tv[k] += $3 - v[$1]; tn[k] += $4 - n[$1]; tq[k] += $5 - q[$1]; tc[k] += $6 - c[$1]; cnt[k]++ }
        END { printf "%-34s %8s %10s %10s %10s %10s\n", "node threads per request (by name)", "threads", "sleeps", "preempted", "runq ms", "CPU ms"
              for (k in tv) if (tv[k] + tn[k] > 0) printf "%.0f %-34s %8d %10.3f %10.3f %10.3f %10.3f\n", tv[k], k, cnt[k], tv[k] / r, tn[k] / r, tq[k] / 1e6 / r, tc[k] * 1000 / hz / r }' "$1" "$2" \
        | { IFS= read -r header; echo "$header"; sort -rn | cut -d' ' -f2-; }
}
# wait_for_jit_quiet MAX_S: waits (at most MAX_S seconds) until the node's compiler threads use under 5 % of a core for
# 2 s, so that a compile queue left by what ran before (a warm-up, a scrape of the metrics) does not run during what is
# timed next; prints how long it waited and the compilers' CPU meanwhile.
wait_for_jit_quiet() {
    local max=$1 start=$SECONDS jit0 prev now
    jit0=$(jit_ms) prev=$jit0
    while [ $((SECONDS - start)) -lt "$max" ]; do
        sleep 2; now=$(jit_ms)
        [ $((now - prev)) -lt 100 ] && break
        prev=$now
    done
    echo "JIT settled after $((SECONDS - start)) s (compiler threads $(($(jit_ms) - jit0)) ms of CPU meanwhile)"
}
# CPU of the JIT's compiler threads (ms).
jit_ms() { for t in /proc/$NODE_PID/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in C1\ Compiler*|C2\ Compiler*) awk -v hz="$CLK_TCK" '{ split($0, a, ") "); split(a[2], f, " "); printf "%.0f\n", (f[12] + f[13]) * 1000 / hz }' "$t/stat" 2>/dev/null || true ;; esac
done | awk '{ s += $1 } END { print s + 0 }'; }
# CPU of PostgreSQL's processes (postmaster and its children, the node's backends among them), in ms.
pg_cpu_ms() {
    local pm; pm=$(head -1 "$WORK/pg/postmaster.pid" 2>/dev/null) || { echo 0; return; }
    # A child may have ended since pgrep listed it (an autovacuum worker, the newest and so the last): its sed fails,
    # and under pipefail that failure, the loop's last, stopped whole runs with no word (two in session 35).
    for p in "$pm" $(pgrep -P "$pm"); do sed 's/.*) //' "/proc/$p/stat" 2>/dev/null || true; done \
        | awk -v hz="$CLK_TCK" '{ s += $12 + $13 } END { printf "%.0f", s * 1000 / hz }'
}
# One line per PostgreSQL process: pid, kind (the node's backends as "backend", else its title: walwriter,
# checkpointer, autovacuum worker ...), CPU ticks. Two snapshots give PostgreSQL's CPU per request by kind.
pg_snapshot() {
    local pm; pm=$(head -1 "$WORK/pg/postmaster.pid" 2>/dev/null) || return 0
    for p in "$pm" $(pgrep -P "$pm"); do
        local title; title=$( { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | sed 's/ *$//') || true
        case "$title" in
            *127.0.0.1\(*) title=backend ;;
            postgres:\ *) title=${title#postgres: }; title=${title%% process*}; title=${title%% launcher*}; title=${title%% }; title=${title%%:*} ;;
            *) title=postmaster ;;
        esac
        printf '%s\t%s\t%s\n' "$p" "$title" "$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 "\t" $13 }')"
    done
}
pg_by_kind() { # before file, after file, requests
    awk -F'\t' -v r="$3" -v hz="$CLK_TCK" 'FNR == NR { c[$1] = $3; k0[$1] = $4; next } { t[$2] += $3 - c[$1]; ks[$2] += $4 - k0[$1] }
        END { for (k in t) if (t[k] > 0) printf "%s %.3f ms (kernel %.3f); ", k, t[k] * 1000 / hz / r, ks[k] * 1000 / hz / r }' "$1" "$2"
}
node_sys_ms() { awk -v hz="$CLK_TCK" '{ printf "%.0f", $15 * 1000 / hz }' "/proc/$NODE_PID/stat"; }

# The X-Cashu scenario instead of the sk- runs (after the helpers above, which it uses too).
if [ "$XCASHU" -gt 0 ]; then
    xcashu_run
    exit 0
fi
if [ "$STREAMS" -gt 0 ]; then
    STREAM_BODY="{\"model\":\"$MODEL\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say ok.\"}],\"max_tokens\":8}"
    echo "== $(date -u +%FT%TZ)  $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); node options: $BENCH_JAVA_OPTS"
    # The other phases measure a node warmed by BENCH_WARMUP of load; on a node that had served one request, the JIT
    # compiled the paid path during the burst (JFR: 50 compilations over 100 ms each in its first 30 s) and main's jar
    # billed 655-744 streams cold against 1,439 warm (docs/benchmarks.md, session 8). BENCH_STREAMS_WARMUP=0 opens the
    # streams on the cold node, as before.
    # That warm-up's 64 keep-alive connections never stream and never open a connection: the streaming path (SSE read,
    # parsed and written per event) and a new connection's path (Tomcat's processor, the upstream pool growing) stayed
    # cold, and the JIT compiled them during the measured burst: its compiler threads took 8.3 s of the node's 22.6 s
    # of CPU in a 5,000-stream burst of main's jar (8a6e3b8, session 11), with 216 deoptimisations (docs/benchmarks.md,
    # session 11, streams2). So a warm-up burst of BENCH_STREAMS_WARMUP_BURST streams (default 2000, a node that has
    # served streams before; not counted) follows, unless BENCH_STREAMS_WARMUP=plain (only the closed loop, as before
    # session 11) or 0.
    if [ "${BENCH_STREAMS_WARMUP:-1}" != 0 ]; then
        log "warm-up of the node ($WARMUP, $CONNS connections, not streamed; not counted)"
        "${PIN_LOAD[@]}" wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s "$WORK/post.lua" "http://127.0.0.1:$NODE_PORT/v1/chat/completions" >/dev/null
        sleep 2
        echo "== node warmed for $WARMUP (BENCH_STREAMS_WARMUP=0: cold); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    fi
    if [ "${BENCH_STREAMS_WARMUP:-1}" = 1 ] && [ "${BENCH_STREAMS_WARMUP_BURST:-2000}" -gt 0 ]; then
        for ((round = 1; round <= ${BENCH_STREAMS_WARMUP_ROUNDS:-1}; round++)); do
            log "warm-up burst $round of ${BENCH_STREAMS_WARMUP_BURST:-2000} streams (not counted)"
            loadgen streams "http://127.0.0.1:$NODE_PORT/v1/chat/completions" "$KEY" "$STREAM_BODY" \
                "${BENCH_STREAMS_WARMUP_BURST:-2000}" "$NODE_PID" | sed -n 1p | sed "s/^/warm-up burst $round: /"
            sleep 5
        done
        echo "== node warmed by ${BENCH_STREAMS_WARMUP_ROUNDS:-1} burst(s) of ${BENCH_STREAMS_WARMUP_BURST:-2000} streams (BENCH_STREAMS_WARMUP=plain: without; BENCH_STREAMS_WARMUP_ROUNDS: how many); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    fi
    # Then wait (at most BENCH_JIT_SETTLE_MAX seconds, default 90; 0 skips) until the compiler threads use under 5 % of
    # a core for 2 s, so that a compile queue left by the warm-up does not run during the burst. (In session 11's runs
    # they were idle within 2-3 s, and still took 3.3-6.7 s of CPU during the burst: C2 compiled the hot paths the
    # burst itself pushed over its thresholds, docs/benchmarks.md.)
    if [ "${BENCH_STREAMS_WARMUP:-1}" != 0 ] && [ "${BENCH_JIT_SETTLE_MAX:-90}" -gt 0 ]; then
        echo "== $(wait_for_jit_quiet "${BENCH_JIT_SETTLE_MAX:-90}"); BENCH_JIT_SETTLE_MAX=${BENCH_JIT_SETTLE_MAX:-90}"
    fi
    echo "== $STREAMS streamed requests at once, default settings (started over ${BENCH_STREAMS_RAMP_S:-0} s; the fake sends ${BENCH_STREAMS_BYTES_PER_S:-256} bytes/s)"
    # Requests settled, counted on the keys: a stream charged on a standing hold kept in place finishes no reservation.
    BEFORE=$("${PSQL[@]}" -d routstr -c "SELECT coalesce(sum(total_requests), 0) FROM api_keys")
    XC=$(xact_commits) WS=$(wal_counters)
    OVERFLOWS=$(listen_overflows)
    # The node's CPU by thread kind (JIT compilers, G1's threads, the rest), from its threads alive at each end.
    cpu_by_kind() { for t in /proc/$NODE_PID/task/*; do
        printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(sed 's/.*) //' "$t/stat" 2>/dev/null | cut -d' ' -f12,13)"
    done | awk -F'\t' -v hz="$CLK_TCK" '{ split($2, c, " "); ms = (c[1] + c[2]) * 1000 / hz
        if ($1 ~ /^C[12] Compiler/) jit += ms; else if ($1 ~ /^(GC Thread|G1 )/) gc += ms; else rest += ms }
        END { printf "%.0f %.0f %.0f\n", jit, gc, rest }'; }
    read -r JIT0 GC0 REST0 < <(cpu_by_kind)
    STREAMS_CPU=$(node_cpu_ms) STREAMS_SYS=$(node_sys_ms)
    LOADGEN_LIVE_HEAP=$([ "${BENCH_STREAMS_LIVE_HEAP:-0}" = 1 ] && echo "$WORK/streams-histogram.txt") loadgen streams "http://127.0.0.1:$NODE_PORT/v1/chat/completions" "$KEY" "$STREAM_BODY" "$STREAMS" "$NODE_PID" \
        "${BENCH_STREAMS_RAMP_S:-0}" | tee -a "$WORK/summary.txt"
    sleep 2
    AFTER=$("${PSQL[@]}" -d routstr -c "SELECT coalesce(sum(total_requests), 0) FROM api_keys")
    echo "billed streams: $((AFTER - BEFORE)) of $STREAMS" | tee -a "$WORK/summary.txt"
    # The node's CPU over the whole burst (answers, 503s and streaming included) per stream sent: what one costs it.
    echo "node CPU during the streams: $(($(node_cpu_ms) - STREAMS_CPU)) ms (system $(($(node_sys_ms) - STREAMS_SYS)) ms), $(awk -v c="$(($(node_cpu_ms) - STREAMS_CPU))" -v n="$STREAMS" 'BEGIN { printf "%.3f", c / n }') ms per stream sent" | tee -a "$WORK/summary.txt"
    read -r JIT1 GC1 REST1 < <(cpu_by_kind)
    echo "node CPU during the streams by thread: JIT compilers $((JIT1 - JIT0)) ms, G1 $((GC1 - GC0)) ms, the rest $((REST1 - REST0)) ms (threads alive at both ends)" | tee -a "$WORK/summary.txt"
    echo "connections dropped on a full accept queue during the streams (TcpExtListenOverflows): $(($(listen_overflows) - OVERFLOWS))" | tee -a "$WORK/summary.txt"
    echo "shed by signal (routstr_overload_shed_total): $(shed_counters)" | tee -a "$WORK/summary.txt"
    commits_per_request "streams" "$XC" "$((AFTER - BEFORE))"
    echo "== ledger after the run"
    ledger
    exit 0
fi

# --- load --------------------------------------------------------------------------------------------------------
to_ms() { # wrk latency "1.23ms" / "456.00us" / "1.02s" -> ms
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
# Seconds the node's group-commit writers spent running statements (routstr_database_group_commit_busy_seconds_total).
# Paid requests that took over the hold their key's last request left standing (0 on a node without standing holds).
taken_over() { curl -s "http://127.0.0.1:$MGMT_PORT/actuator/prometheus" | awk '/^routstr_billing_standing_holds_taken_over_total/ { s += $NF } END { printf "%d", s }'; }
# Of those, requests charged with the hold kept in place for the key's next (no reservation placed or finished).
kept_in_place() { curl -s "http://127.0.0.1:$MGMT_PORT/actuator/prometheus" | awk '/^routstr_billing_standing_holds_kept_in_place_total/ { s += $NF } END { printf "%d", s }'; }
standing_share() { # name, taken over before, requests (kept in place before: $KEPT)
    awk -v n="$1" -v a="$(($(taken_over) - $2))" -v r="$3" -v k="$(($(kept_in_place) - ${KEPT:-0}))" 'BEGIN { printf "%-28s standing holds taken over: %d of %d paid requests (%.1f %%), kept in place for the next: %d\n", n, a, r, (r > 0 ? 100 * a / r : 0), k }' \
        | tee -a "$WORK/summary.txt"
}
writer_busy_s() { curl -s "http://127.0.0.1:$MGMT_PORT/actuator/prometheus" | awk '/^routstr_database_group_commit_busy_seconds_total/ { s += $NF } END { printf "%.3f", s }'; }
run_wrk() { # name, threads, connections, duration, url
    local out="$WORK/wrk-$1.txt" cpu_before sys_before jit_before pg_before
    cpu_before=$(node_cpu_ms) sys_before=$(node_sys_ms) jit_before=$(jit_ms) pg_before=$(pg_cpu_ms)
    local busy_before started=$SECONDS; busy_before=$(writer_busy_s)
    pg_snapshot >"$WORK/pg-before.tsv"
    "${PIN_LOAD[@]}" wrk -t"$2" -c"$3" -d"$4" --latency -s "$WORK/post.lua" "$5" >"$out" 2>&1
    pg_snapshot >"$WORK/pg-after.tsv"
    WRITER_BUSY=$(awk -v a="$busy_before" -v b="$(writer_busy_s)" -v t="$((SECONDS - started))" 'BEGIN { printf "%.0f %%", (t > 0) ? 100 * (b - a) / t : 0 }')
    NODE_CPU_MS=$(($(node_cpu_ms) - cpu_before)) NODE_SYS_MS=$(($(node_sys_ms) - sys_before)) NODE_JIT_MS=$(($(jit_ms) - jit_before)) PG_CPU_MS=$(($(pg_cpu_ms) - pg_before))
    cat "$out" >>"$WORK/wrk-all.txt"
    RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    TOTAL=$(awk '/requests in/ { print $1 }' "$out")
    BAD=$(awk -F': ' '/Non-2xx or 3xx responses/ { print $2 }' "$out"); BAD=${BAD:-0}
    ERRS=$(grep -o 'Socket errors:.*' "$out" || echo "Socket errors: none")
    printf '%-28s %10s req/s  p50 %9s ms  p99 %9s ms  requests %8s  non-2xx %s  node CPU %s ms/req (kernel %s, JIT %s)  PostgreSQL CPU %s ms/req  %s\n' \
        "$1" "$RPS" "$P50" "$P99" "$TOTAL" "$BAD" "$(awk -v c="$NODE_CPU_MS" -v n="$TOTAL" 'BEGIN { printf "%.3f", c / n }')" \
        "$(awk -v c="$NODE_SYS_MS" -v n="$TOTAL" 'BEGIN { printf "%.3f", c / n }')" \
        "$(awk -v c="$NODE_JIT_MS" -v n="$TOTAL" 'BEGIN { printf "%.3f", c / n }')" \
        "$(awk -v c="$PG_CPU_MS" -v n="$TOTAL" 'BEGIN { printf "%.3f", c / n }')" "$ERRS" | tee -a "$WORK/summary.txt"
    if [ "$BAD" != 0 ]; then log "$1: $BAD answers were not 2xx, its figures do not measure the paid request"; fi
    case "$5" in *":$NODE_PORT/"*) echo "$1 PostgreSQL CPU per request by process: $(pg_by_kind "$WORK/pg-before.tsv" "$WORK/pg-after.tsv" "$TOTAL")" | tee -a "$WORK/summary.txt" ;; esac
}

echo
echo "== $(date -u +%FT%TZ)  $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo)," \
    "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
[ ${#PIN_LOAD[@]} -gt 0 ] && echo "== pinned: generators on CPU ${PIN_LOAD[2]}, node + PostgreSQL + nginx on CPU ${PIN_NODE[2]}"
# The fake upstream and nginx first, then the node right after its warm-up: idle for their 40 s between its warm-up and
# its runs, the node recompiled during them (session 12: its JIT took 0.4-0.6 ms of CPU per request in the measured
# 64-connection run after it had settled).
# BENCH_OVERLOAD_ONLY=1 (with BENCH_OVERLOAD_RATE): only the node's warm-up and the overload, about 90 s instead of six
# minutes, for runs of the overload one after another; none of the other phases' figures.
OVERLOAD_ONLY=${BENCH_OVERLOAD_ONLY:-0}
if [ "$OVERLOAD_ONLY" = 1 ] && [ -z "${BENCH_OVERLOAD_RATE:-}" ]; then
    echo "BENCH_OVERLOAD_ONLY=1 needs BENCH_OVERLOAD_RATE (no closed loop measures the capacity)" >&2
    exit 2
fi
if [ "$OVERLOAD_ONLY" != 1 ]; then
echo "== throughput: $THREADS threads, $CONNS connections, $DURATION each"
run_wrk "direct fake upstream" "$THREADS" "$CONNS" "$DURATION" "http://127.0.0.1:$FAKE_PORT/v1/chat/completions"
D_RPS=$RPS
run_wrk "nginx keep-alive proxy" "$THREADS" "$CONNS" "$DURATION" "http://127.0.0.1:$PROXY_PORT/v1/chat/completions"
N_RPS=$RPS N_P50=$P50 N_P99=$P99
echo "== 1 connection, 1 thread, $DURATION each (the yardsticks of the per-request overhead)"
run_wrk "direct fake upstream c1" 1 1 "$DURATION" "http://127.0.0.1:$FAKE_PORT/v1/chat/completions"
D1_P50=$P50 D1_P99=$P99
run_wrk "nginx keep-alive proxy c1" 1 1 "$DURATION" "http://127.0.0.1:$PROXY_PORT/v1/chat/completions"
N1_P50=$P50
fi
log "warm-up of the node ($WARMUP, $CONNS connections; not counted)"
"${PIN_LOAD[@]}" wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s "$WORK/post.lua" "http://127.0.0.1:$NODE_PORT/v1/chat/completions" >/dev/null
scrape_metrics_before_timing "$MGMT_PORT"
# Then 10 s rounds until the JIT's compiler threads use under 5 % of a core in one (at most BENCH_JIT_SETTLE_ROUNDS,
# default 12; 0 skips). After a 15 s warm-up they still took 0.9-1.2 ms of the node's 2.3-2.4 ms of CPU per request in
# the measured 64-connection run and half a core in the 1-connection run: the paid path's methods reach C2's
# thresholds only after some 10,000 requests, and a C2 compilation of one of them took up to 0.6 s (session 12, a JFR
# of jdk.Compilation). So those runs measured the JIT competing for the two cores, not the node's steady state.
JIT_ROUNDS=0
for ((round = 1; round <= ${BENCH_JIT_SETTLE_ROUNDS:-12}; round++)); do
    JIT_BEFORE=$(jit_ms)
    "${PIN_LOAD[@]}" wrk -t"$THREADS" -c"$CONNS" -d10s -s "$WORK/post.lua" "http://127.0.0.1:$NODE_PORT/v1/chat/completions" >/dev/null
    JIT_ROUND=$(($(jit_ms) - JIT_BEFORE)) JIT_ROUNDS=$round
    log "warm-up round $round: the JIT's compiler threads used $JIT_ROUND ms of CPU in 10 s"
    [ "$JIT_ROUND" -lt 500 ] && break
done

echo "== node warmed for $WARMUP and $JIT_ROUNDS round(s) of 10 s until its JIT used under 5 % of a core (BENCH_JIT_SETTLE_ROUNDS=${BENCH_JIT_SETTLE_ROUNDS:-12})"
if [ "$OVERLOAD_ONLY" != 1 ]; then
echo "== node: $THREADS threads, $CONNS connections, $DURATION"
if [ "${BENCH_THREAD_DUMPS:-0}" = 1 ]; then
    # Where the request threads wait (virtual threads included): six dumps, a second apart, 4 s into the node's run.
    JCMD="$(dirname "$(command -v "$JAVA_BIN")")/jcmd"
    (sleep 4; for i in 1 2 3 4 5 6; do
        "$JCMD" "$NODE_PID" Thread.dump_to_file -format=text -overwrite "$WORK/threads-$i.txt" >/dev/null 2>&1
        sleep 1
    done) &
fi
XC=$(xact_commits) WS=$(wal_counters)
JCMD="$(dirname "$(command -v "$JAVA_BIN")")/jcmd"
# BENCH_JFR=1: the node's 64-connection and 1-connection runs each recorded alone (node64.jfr, c1.jfr in the temp dir).
JFR_SETTINGS=${BENCH_JFR_SETTINGS:-settings=profile}
if [ "${BENCH_JFR:-0}" = 1 ]; then
    "$JCMD" "$NODE_PID" JFR.start name=node64 $JFR_SETTINGS filename="$WORK/node64.jfr" >"$WORK/jfr-start.txt" || log "JFR did not start: $(cat "$WORK/jfr-start.txt")"
fi
statements_reset
pg_perf_start pg64
TAKEN=$(taken_over) KEPT=$(kept_in_place)
run_wrk "node (paid, sk- key)" "$THREADS" "$CONNS" "$DURATION" "http://127.0.0.1:$NODE_PORT/v1/chat/completions"
standing_share "node (paid, sk- key)" "$TAKEN" "$TOTAL"
if [ "${BENCH_JFR:-0}" = 1 ]; then "$JCMD" "$NODE_PID" JFR.stop name=node64 >/dev/null && log "JFR of the 64-connection run: $WORK/node64.jfr"; fi
G_RPS=$RPS G_P50=$P50 G_P99=$P99
# Capacity is what the node served, not what it shed: the overload run goes at twice its 2xx answers per second
# (computed here, before the next run_wrk replaces RPS, TOTAL and BAD).
G_OK_RPS=$(awk -v r="$RPS" -v t="$TOTAL" -v b="$BAD" 'BEGIN { printf "%.1f", (t > 0) ? r * (t - b) / t : 0 }')
pg_perf_stop pg64
statement_table "node (paid, sk- key)" "$TOTAL"
commits_per_request "node (paid, sk- key)" "$XC" "$TOTAL"
echo "node (paid, sk- key)         group-commit writers busy $WRITER_BUSY of the run (routstr_database_group_commit_busy_seconds_total)" | tee -a "$WORK/summary.txt"
# nginx again, right after the node's run: this host has slow phases of a minute or more (nginx 38,700-46,000 req/s
# within an hour), so the node's ratio is also given against the yardstick on both sides of its run.
run_wrk "nginx keep-alive proxy (again)" "$THREADS" "$CONNS" "$DURATION" "http://127.0.0.1:$PROXY_PORT/v1/chat/completions"
N2_RPS=$RPS
# One connection changes the paid path's profile (no batches): 5 s of it untimed first, so that its recompilations
# run before the measured run.
"${PIN_LOAD[@]}" wrk -t1 -c1 -d5s -s "$WORK/post.lua" "http://127.0.0.1:$NODE_PORT/v1/chat/completions" >/dev/null
echo "== node: 1 connection, 1 thread, $DURATION (per-request overhead)"
XC=$(xact_commits) WS=$(wal_counters)
if [ "${BENCH_JFR_C1:-0}" = 1 ] || [ "${BENCH_JFR:-0}" = 1 ]; then
    "$JCMD" "$NODE_PID" JFR.start name=c1 $JFR_SETTINGS filename="$WORK/c1.jfr" >"$WORK/jfr-start.txt" || log "JFR did not start: $(cat "$WORK/jfr-start.txt")"
fi
statements_reset
pg_perf_start pgc1
TAKEN=$(taken_over) KEPT=$(kept_in_place)
run_wrk "node (paid, sk- key) c1" 1 1 "$DURATION" "http://127.0.0.1:$NODE_PORT/v1/chat/completions"
standing_share "node (paid, sk- key) c1" "$TAKEN" "$TOTAL"
G1_P50=$P50 G1_P99=$P99
pg_perf_stop pgc1
statement_table "node (paid, sk- key) c1" "$TOTAL"
if [ "${BENCH_JFR_C1:-0}" = 1 ] || [ "${BENCH_JFR:-0}" = 1 ]; then "$JCMD" "$NODE_PID" JFR.stop name=c1 >/dev/null && log "JFR of the c1 run: $WORK/c1.jfr"; fi
commits_per_request "node (paid, sk- key) c1" "$XC" "$TOTAL"

echo "== ratios"
awk -v g="$G_RPS" -v n="$N_RPS" -v n2="$N2_RPS" -v d="$D_RPS" -v gp50="$G_P50" -v np50="$N_P50" -v gp99="$G_P99" -v np99="$N_P99" \
    -v g1="$G1_P50" -v n1="$N1_P50" -v d1="$D1_P50" -v g199="$G1_P99" -v d199="$D1_P99" 'BEGIN {
    printf "throughput node/nginx          %.3f  (node/direct %.3f)\n", g / n, g / d
    printf "throughput node/nginx, nginx on both sides of the node run: %.3f  (after it alone %.3f)\n", 2 * g / (n + n2), g / n2
    printf "p50 node/nginx (64 conns)      %.2fx   p99 node/nginx %.2fx\n", gp50 / np50, gp99 / np99
    printf "per-request overhead, 1 conn:  node p50 - direct p50 = %.3f ms  (nginx p50 - direct p50 = %.3f ms)\n", g1 - d1, n1 - d1
    printf "                               node p99 - direct p99 = %.3f ms\n", g199 - d199
}' | tee -a "$WORK/summary.txt"
fi

# --- open loop: a fixed rate, latency counted from each request's due time ---------------------------------------
RATE_KEY=$KEY
RATE_GENERATORS=${BENCH_RATE_GENERATOR:-java}
if [ "${BENCH_RATE_KEYS:-1}" = all ]; then RATE_KEY=$(IFS=,; echo "${KEYS[*]}"); RATE_GENERATORS=java; fi
# The C generator (scripts/bench/openloop.c), compiled once per run with Debian's cc: the open loop's and the overload's.
openloop_bin() { [ -x "$WORK/openloop" ] || cc -O2 -o "$WORK/openloop" "$ROOT/scripts/bench/openloop.c"; }
# rate_run GENERATOR TRACE URL: the open loop at RATE, its lines on stdout and each timed 200 in TRACE.
rate_run() {
    if [ "$1" = c ]; then
        openloop_bin
        OPENLOOP_TRACE=$2 "${PIN_LOAD[@]}" "$WORK/openloop" "$3" "$RATE_KEY" "$BODY" "$RATE" "$RATE_SECONDS" "$RATE_WARMUP"
    else
        LOADGEN_TRACE=$2 loadgen rate "$3" "$RATE_KEY" "$BODY" "$RATE" "$RATE_SECONDS" "$RATE_WARMUP"
    fi
}
# open_loop_phase GENERATOR: the open loop against the fake upstream, then the node, and what the node's answers
# waited for meanwhile.
open_loop_phase() {
    local RATE_GENERATOR=$1 SUFFIX="" RATE_GENERATOR_NAME="LoadGen, HdrHistogram"
    # One generator keeps the files' plain names (trace-node.txt, ol-node.txt); several are told apart by a suffix.
    [ "$RATE_GENERATORS" != "$RATE_GENERATOR" ] && SUFFIX="-$RATE_GENERATOR"
    [ "$RATE_GENERATOR" = c ] && RATE_GENERATOR_NAME="scripts/bench/openloop.c, one thread on epoll"
    echo "== open loop at $RATE requests/s, ${RATE_SECONDS}s each after ${RATE_WARMUP}s untimed ($RATE_GENERATOR_NAME)" | tee -a "$WORK/summary.txt"
    if [ "${BENCH_RATE_KEYS:-1}" = all ]; then echo "== open loop over ${#KEYS[@]} keys in turn"; fi
    rate_run "$RATE_GENERATOR" "$WORK/trace-direct$SUFFIX.txt" "http://127.0.0.1:$FAKE_PORT/v1/chat/completions" >"$WORK/ol-direct$SUFFIX.txt"
    sed -n 1p "$WORK/ol-direct$SUFFIX.txt" | sed 's/^/direct fake upstream: /' | tee -a "$WORK/summary.txt"
    RUNQ_NODE=$(node_runq_ms) RUNQ_PG=$(pg_runq_ms) OL_CPU=$(node_cpu_ms)
    thread_snapshot >"$WORK/threads-before.tsv"
    TAKEN=$(taken_over) KEPT=$(kept_in_place)
    writer_run_buckets >"$WORK/writer-runs-before.txt"
    OL_WAL=$(wal_counters)
    rate_run "$RATE_GENERATOR" "$WORK/trace-node$SUFFIX.txt" "http://127.0.0.1:$NODE_PORT/v1/chat/completions" >"$WORK/ol-node$SUFFIX.txt"
    sed -n 1p "$WORK/ol-node$SUFFIX.txt" | sed 's/^/node (paid, sk- key): /' | tee -a "$WORK/summary.txt"
    OL_REQUESTS=$(( RATE * (RATE_SECONDS + RATE_WARMUP) ))
    standing_share "open loop (warm-up included)" "$TAKEN" "$OL_REQUESTS"
    writer_run_buckets >"$WORK/writer-runs-after.txt"
    wal_syncs_between "open loop (warm-up included)" "$OL_WAL" "$(wal_counters)"
    echo "open loop (warm-up included), the paid path's writer runs, commit included (routstr_database_group_commit_run_seconds): $(bucket_percentiles "$WORK/writer-runs-before.txt" "$WORK/writer-runs-after.txt" runs)" \
        | tee -a "$WORK/summary.txt"
    awk -v n="$(($(node_runq_ms) - RUNQ_NODE))" -v p="$(($(pg_runq_ms) - RUNQ_PG))" -v c="$(($(node_cpu_ms) - OL_CPU))" -v r="$OL_REQUESTS" 'BEGIN {
        printf "open loop (warm-up included), per request: node CPU %.3f ms; waiting for a core: node threads %.3f ms, PostgreSQL %.3f ms\n", c / r, n / r, p / r }' \
        | tee -a "$WORK/summary.txt"
    thread_snapshot >"$WORK/threads-after.tsv"
    threads_per_request "$WORK/threads-before.tsv" "$WORK/threads-after.tsv" "$OL_REQUESTS" | tee -a "$WORK/summary.txt"
    awk '/^RESULT/ { split($2, a, "="); split($3, b, "="); if (FILENAME ~ /direct/) { d50 = a[2]; d99 = b[2] } else { g50 = a[2]; g99 = b[2] } }
        END { printf "open-loop overhead at %s/s: node p50 - direct p50 = %.3f ms, node p99 - direct p99 = %.3f ms (targets 1 and 5 ms)\n", r, g50 - d50, g99 - d99 }' \
        r="$RATE" "$WORK/ol-direct$SUFFIX.txt" "$WORK/ol-node$SUFFIX.txt" | tee -a "$WORK/summary.txt"
}
if [ "$OVERLOAD_ONLY" != 1 ]; then
    for RATE_GENERATOR in ${RATE_GENERATORS//,/ }; do open_loop_phase "$RATE_GENERATOR"; done
fi
if [ "${BENCH_OVERLOAD:-1}" = 1 ]; then
    G_OK_RPS=${G_OK_RPS:-0}
    OVER=$(awk -v g="$G_OK_RPS" 'BEGIN { v = 2 * g; printf "%.0f", (v < 1) ? 1 : v }')
    WHY="twice the closed-loop 2xx throughput"
    if [ -n "${BENCH_OVERLOAD_RATE:-}" ]; then OVER=$BENCH_OVERLOAD_RATE WHY="BENCH_OVERLOAD_RATE; twice the closed-loop 2xx throughput is $(awk -v g="$G_OK_RPS" 'BEGIN { printf "%.0f", 2 * g }')"; fi
    if [ "$OVERLOAD_ONLY" = 1 ]; then WHY="BENCH_OVERLOAD_RATE; BENCH_OVERLOAD_ONLY measured no closed loop"; fi
    echo "== overload: open loop at $OVER requests/s ($WHY), ${RATE_SECONDS}s after ${OVERLOAD_WARMUP}s untimed; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    SHED_BEFORE=$(shed_counters)
    answered_buckets >"$WORK/answered-before.txt"
    forwarded_buckets >"$WORK/forwarded-before.txt"
    door_wait_buckets >"$WORK/door-wait-before.txt"
    upstream_buckets >"$WORK/upstream-before.txt"
    probe_health "$WORK/overload-done" "$WORK/probes.txt" &
    PROBES=$!
    if [ "${BENCH_OVERLOAD_GENERATOR:-c}" = java ]; then
        loadgen rate "http://127.0.0.1:$NODE_PORT/v1/chat/completions" "$KEY" "$BODY" "$OVER" "$RATE_SECONDS" "$OVERLOAD_WARMUP" \
            | sed -n 1p | tee -a "$WORK/summary.txt"
    else
        openloop_bin
        OPENLOOP_TRACE="$WORK/trace-overload.txt" "${PIN_LOAD[@]}" "$WORK/openloop" \
            "http://127.0.0.1:$NODE_PORT/v1/chat/completions" "$KEY" "$BODY" "$OVER" \
            "$RATE_SECONDS" "$OVERLOAD_WARMUP" | sed -n '1p;3p' | tee -a "$WORK/summary.txt"
        # A flood is judged by the node within seconds; until then its queue stands in arrival order, as for a burst.
        # The 200s by when they were due, in quarters of the timed window, tell that start from what follows.
        python3 - "$WORK/trace-overload.txt" <<'PY' | tee -a "$WORK/summary.txt"
import sys
rows = [tuple(map(int, line.split())) for line in open(sys.argv[1]) if line.strip()]
if rows:
    start = min(due for due, _ in rows)
    span = max(due for due, _ in rows) - start + 1
    parts = []
    for q in range(4):
        lat = sorted(us for due, us in rows if q * span // 4 <= due - start < (q + 1) * span // 4)
        if lat:
            pick = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] / 1000
            parts.append("%.0f-%.0f s: %d, p50 %.1f ms, p99 %.1f ms" % (q * span / 4000, (q + 1) * span / 4000, len(lat), pick(0.5), pick(0.99)))
        else:
            parts.append("%.0f-%.0f s: none" % (q * span / 4000, (q + 1) * span / 4000))
    print("the overload's 200s by when they were due (latency from the due time): " + "; ".join(parts))
PY
    fi
    touch "$WORK/overload-done"; wait "$PROBES" 2>/dev/null || true
    echo "health probes during the overload: $(probe_summary "$WORK/probes.txt")" | tee -a "$WORK/summary.txt"
    echo "shed by signal (routstr_overload_shed_total) before: ${SHED_BEFORE:-none}; after: $(shed_counters)" | tee -a "$WORK/summary.txt"
    answered_buckets >"$WORK/answered-after.txt"
    echo "the node's own time on the overload's 200s, from dispatch to answer (http.server.requests buckets; without the wait to be accepted): $(bucket_percentiles "$WORK/answered-before.txt" "$WORK/answered-after.txt")" \
        | tee -a "$WORK/summary.txt"
    door_wait_buckets >"$WORK/door-wait-after.txt"
    echo "  before it, the wait for a turn at Jetty's door (routstr_work_queue_wait, the requests let in): $(bucket_percentiles "$WORK/door-wait-before.txt" "$WORK/door-wait-after.txt" "let in")" \
        | tee -a "$WORK/summary.txt"
    forwarded_buckets >"$WORK/forwarded-after.txt"
    upstream_buckets >"$WORK/upstream-after.txt"
    echo "  of which from the hold to the last byte (routstr_request_duration, all outcomes): $(bucket_percentiles "$WORK/forwarded-before.txt" "$WORK/forwarded-after.txt" forwarded); the upstream calls (routstr_upstream_duration): $(bucket_percentiles "$WORK/upstream-before.txt" "$WORK/upstream-after.txt" calls)" \
        | tee -a "$WORK/summary.txt"
fi

# --- the books after the load: every request charged once, nothing left reserved ---------------------------------
echo "== ledger after the run"
ledger
