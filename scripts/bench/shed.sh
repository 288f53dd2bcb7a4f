#!/usr/bin/env bash
# What one shed request costs the node: its CPU per 503 `node_overloaded`, and how many it answers a second, while
# every new request is shed at once.
#
# Brings up PostgreSQL (Debian's, temp data dir) and the node jar (BENCH_JAR) with a pool of one connection, warms the
# node's request path with a few seconds of POSTs to /v1/chat/completions (answered 401: the key is unknown), then
# pauses PostgreSQL (SIGSTOP) and opens 30 requests that need a connection: they wait for it, more than ten per pooled
# connection, so the node's `pool` signal sheds every new request at once, as it would while its database stalls.
# Then `wrk` (Debian's) floods /v1/chat/completions with BENCH_SHED_CONNECTIONS (default 64) keep-alive connections for
# BENCH_SHED_SECONDS (default 10) twice: a first round while the shed path compiles, and a second, timed. For each it
# prints the answers, their rate and the node's CPU (user + system, /proc) per answer; the load generator shares the
# cores. BENCH_KEEP_DIR=1 keeps the temp dir. This is the cost the door in front of the servlet context cuts (Jetty,
# the default; HTTP_SERVER=tomcat sheds in the servlet filter).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=${BENCH_JAR:-"$ROOT/bootstrap/target/routstr-gateway.jar"}
CONNECTIONS=${BENCH_SHED_CONNECTIONS:-64}
SECONDS_EACH=${BENCH_SHED_SECONDS:-10}

log() { printf '[shed] %s\n' "$*" >&2; }

source "$ROOT/scripts/bench/lib.sh"
bench_postgresql wrk curl
bench_node_jar_and_java

WORK=$(mktemp -d /tmp/routstr-shed.XXXXXX)
chmod 755 "$WORK"
NODE_PID=""
PAUSED=""
cleanup() {
    set +e
    [ -n "$PAUSED" ] && kill -CONT $PAUSED 2>/dev/null
    if [ -n "$NODE_PID" ]; then
        kill "$NODE_PID" 2>/dev/null
        for _ in $(seq 40); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$NODE_PID" 2>/dev/null
    fi
    as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1
    if [ "${BENCH_KEEP_DIR:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
PG_PORT=$(free_port); NODE_PORT=$(free_port); MGMT_PORT=$(free_port)

mkdir -p "$WORK/pg"
[ "$(id -u)" -eq 0 ] && chown postgres "$WORK/pg"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U routstr --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/server.log" -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" \
    start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U routstr routstr

(
    cd "$WORK"
    export PORT=$NODE_PORT MANAGEMENT_PORT=$MGMT_PORT
    export DATABASE_URL="postgresql://routstr:routstr@127.0.0.1:$PG_PORT/routstr"
    # One pooled connection whose waiters never give up: 30 of them are the pool signal's "more than ten per connection".
    export DATABASE_POOL_SIZE=1 DATABASE_POOL_TIMEOUT_MS=600000
    export UPSTREAM_BASE_URL="http://127.0.0.1:9/v1" UPSTREAM_API_KEY=shed
    export FIXED_PRICING=true FIXED_COST_PER_REQUEST=1 BTC_USD_RATE=95000 OPENROUTER_MODELS_URL=
    export ROUTSTR_SECRET_KEY_FILE="$WORK/secret.key"
    exec "$JAVA_BIN" -Xmx1g -jar "$JAR" >>"$WORK/node.log" 2>&1
) &
NODE_PID=$!
for _ in $(seq 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$NODE_PORT/livez" && break
    sleep 0.25
done
curl -sf -o /dev/null "http://127.0.0.1:$NODE_PORT/livez" || { tail -40 "$WORK/node.log" >&2; log "node did not start"; exit 1; }

cat >"$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"model":"bench-model","messages":[{"role":"user","content":"Say ok."}],"max_tokens":4}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-0000000000000000000000000000000000000000000000000000000000000000"
LUA
URL="http://127.0.0.1:$NODE_PORT/v1/chat/completions"
log "warming the request path (5 s, answered 401)"
wrk -t1 -c8 -d5s -s "$WORK/post.lua" "$URL" >/dev/null 2>&1

POSTMASTER=$(head -1 "$WORK/pg/postmaster.pid")
PAUSED="$POSTMASTER $(pgrep -P "$POSTMASTER" | tr '\n' ' ')"
log "PostgreSQL paused; 30 requests wait for the one pooled connection"
kill -STOP $PAUSED
for _ in $(seq 30); do
    curl -s -o /dev/null -m 600 -H "Authorization: Bearer sk-$(openssl rand -hex 32)" \
        "http://127.0.0.1:$NODE_PORT/v1/balance/info" &
done
sleep 3
shed_counters() {
    curl -s "http://127.0.0.1:$MGMT_PORT/actuator/prometheus" \
        | awk '/^routstr_overload_shed_total/ { match($0, /signal="[a-z_]+"/); printf "%s=%s ", substr($0, RSTART + 8, RLENGTH - 9), $NF + 0 }'
}
log "shed by signal before: $(shed_counters)"
node_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$NODE_PID/stat"; }
TICK=$(getconf CLK_TCK)
for round in compiling timed; do
    before=$(node_cpu_ticks)
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" -s "$WORK/post.lua" "$URL" >"$WORK/wrk-$round.txt" 2>&1
    after=$(node_cpu_ticks)
    awk -v round="$round" -v ticks=$((after - before)) -v tick="$TICK" '
        /requests in/ { n = $1 } /Requests\/sec/ { rps = $2 } /Non-2xx/ { non = $NF }
        END { cpu = ticks * 1000 / tick; printf "%-9s %d answers (%d not 2xx), %.0f a second, node CPU %.0f ms: %.1f us per answer\n", round, n, non, rps, cpu, cpu * 1000 / n }' \
        "$WORK/wrk-$round.txt"
done
log "shed by signal after: $(shed_counters)"
curl -s -D - -o "$WORK/answer.json" -X POST -H 'Content-Type: application/json' -d '{}' "$URL" | sed -n '1p' >&2
cat "$WORK/answer.json" >&2; echo >&2
