#!/usr/bin/env bash
# What a long-lived node's history costs the statements that run again and again: the liability guard before every
# X-Cashu change and refund, and the ledger invariant and wallet holdings the metrics sample every minute.
#
# Brings up PostgreSQL (Debian's, temp data dir) and the node jar once to migrate the schema, then fills in a history of
# BENCH_HISTORY_ROWS (default 1,000,000) of each: keys drained to zero (as every X-Cashu token's key ends), ledger
# entries, and spent proofs. It restarts the node on that database with pg_stat_statements on, asks for
# BENCH_HISTORY_REFUNDS (default 20) refunds of a key funded with BENCH_HISTORY_REFUND_MSATS (default 9,000, an X-Cashu
# change's size; each refund runs the guard, and then fails: the wallet holds no proofs, or the mint is unreachable), waits for two of the metrics' samples (the first 5 s after start, the next a minute later) and prints each
# of those statements' calls and mean and largest time. BENCH_JAR picks the jar; BENCH_KEEP_DIR=1 keeps the temp dir.
# BENCH_HISTORY_EARNINGS=N (default 0) also leaves N unspent 1-sat proofs at the mint, as the node's earnings pile up
# when nothing pays them out (each X-Cashu request's charge stays in the wallet as a proof of its own).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=${BENCH_JAR:-"$ROOT/bootstrap/target/routstr-gateway.jar"}
ROWS=${BENCH_HISTORY_ROWS:-1000000}
REFUNDS=${BENCH_HISTORY_REFUNDS:-20}
EARNINGS=${BENCH_HISTORY_EARNINGS:-0}
# What the funded key refunds, in msats: 9 sat by default, the size of an X-Cashu request's change.
REFUND_MSATS=${BENCH_HISTORY_REFUND_MSATS:-9000}
MINT=http://127.0.0.1:9/mint

log() { printf '[history] %s\n' "$*" >&2; }

source "$ROOT/scripts/bench/lib.sh"
bench_postgresql curl
bench_node_jar_and_java

WORK=$(mktemp -d /tmp/routstr-history.XXXXXX)
chmod 755 "$WORK"
NODE_PID=""
stop_node() {
    if [ -n "$NODE_PID" ]; then
        kill "$NODE_PID" 2>/dev/null || true
        for _ in $(seq 40); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$NODE_PID" 2>/dev/null || true
        NODE_PID=""
    fi
}
cleanup() {
    set +e
    stop_node
    as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1
    if [ "${BENCH_KEEP_DIR:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
PG_PORT=$(free_port); NODE_PORT=$(free_port); MGMT_PORT=$(free_port)

mkdir -p "$WORK/pg"
[ "$(id -u)" -eq 0 ] && chown postgres "$WORK/pg"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U routstr --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/server.log" -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 \
    -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all" start >/dev/null
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U routstr -d routstr -v ON_ERROR_STOP=1 -qAt)
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U routstr routstr
"${PSQL[@]}" -c "CREATE EXTENSION pg_stat_statements"

start_node() {
    (
        cd "$WORK"
        export PORT=$NODE_PORT MANAGEMENT_PORT=$MGMT_PORT
        export DATABASE_URL="postgresql://routstr:routstr@127.0.0.1:$PG_PORT/routstr"
        export UPSTREAM_BASE_URL="http://127.0.0.1:9/v1" UPSTREAM_API_KEY=history
        export FIXED_PRICING=true FIXED_COST_PER_REQUEST=1 BTC_USD_RATE=95000 OPENROUTER_MODELS_URL=
        export CASHU_MINTS=$MINT KEY_CREATIONS_PER_MINUTE=0 INVOICE_CREATIONS_PER_MINUTE=0
        export ROUTSTR_SECRET_KEY_FILE="$WORK/secret.key"
        exec "$JAVA_BIN" -jar "$JAR" >>"$WORK/node.log" 2>&1
    ) &
    NODE_PID=$!
    for _ in $(seq 600); do
        curl -sf -o /dev/null "http://127.0.0.1:$NODE_PORT/v1/info" && return 0
        sleep 0.25
    done
    tail -40 "$WORK/node.log" >&2; log "node did not start"; exit 1
}

log "node on 127.0.0.1:$NODE_PORT migrates the schema"
start_node
stop_node

log "history: $ROWS drained keys, $ROWS ledger entries, $ROWS spent proofs"
"${PSQL[@]}" <<SQL
INSERT INTO api_keys (id, key_hash, balance_msats, refund_mint_url, refund_unit, created_at)
SELECT gen_random_uuid(), encode(sha256(convert_to('drained-' || g, 'UTF8')), 'hex'), 0, '$MINT', 'sat', now()
FROM generate_series(1, $ROWS) g;
INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, created_at)
SELECT gen_random_uuid(), CASE WHEN g % 2 = 0 THEN 'DEPOSIT' ELSE 'CHARGE' END, NULL, 0, now()
FROM generate_series(1, $ROWS) g;
INSERT INTO wallet_proofs (y, mint_url, unit, keyset_id, amount, secret, c, state, incoming, created_at, updated_at)
SELECT encode(sha256(convert_to('y-' || g, 'UTF8')), 'hex'), '$MINT', 'sat', '00ffd48b8f5ecf80', 1,
       encode(sha256(convert_to('s-' || g, 'UTF8')), 'hex'), '02' || encode(sha256(convert_to('c-' || g, 'UTF8')), 'hex'),
       'SPENT', false, now(), now()
FROM generate_series(1, $ROWS) g;
INSERT INTO wallet_proofs (y, mint_url, unit, keyset_id, amount, secret, c, state, incoming, created_at, updated_at)
SELECT encode(sha256(convert_to('earned-y-' || g, 'UTF8')), 'hex'), '$MINT', 'sat', '00ffd48b8f5ecf80', 1,
       encode(sha256(convert_to('earned-s-' || g, 'UTF8')), 'hex'),
       '02' || encode(sha256(convert_to('earned-c-' || g, 'UTF8')), 'hex'), 'UNSPENT', false, now(), now()
FROM generate_series(1, $EARNINGS) g;
INSERT INTO api_keys (id, key_hash, balance_msats, refund_mint_url, refund_unit, created_at)
VALUES (gen_random_uuid(), encode(sha256(convert_to('sk-history', 'UTF8')), 'hex'), $REFUND_MSATS, '$MINT', 'sat', now());
INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reference, created_at)
SELECT gen_random_uuid(), 'DEPOSIT', id, $REFUND_MSATS, 'history:funding', now() FROM api_keys WHERE balance_msats > 0;
VACUUM ANALYZE;
SELECT pg_stat_statements_reset();
SQL

log "node restarted on that history; $REFUNDS refunds, then two metrics samples (65 s)"
start_node
for _ in $(seq "$REFUNDS"); do
    curl -s -o /dev/null -X POST -H "Authorization: Bearer sk-history" "http://127.0.0.1:$NODE_PORT/v1/wallet/refund" || true
done
sleep 65

echo "== $(date -u +%FT%TZ)  $(nproc) cores; $ROWS rows of history each, $EARNINGS unspent 1-sat proofs; jar $JAR"
"${PSQL[@]}" -F $'\t' -c "
    SELECT calls, round(mean_exec_time::numeric, 3), round(max_exec_time::numeric, 3),
           left(regexp_replace(query, '\s+', ' ', 'g'), 110)
    FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'routstr')
      AND (query ~* 'sum\(' OR query ~* 'ledger_checkpoint')
    ORDER BY mean_exec_time DESC" \
    | awk -F'\t' 'BEGIN { printf "%6s %10s %10s  %s\n", "calls", "mean ms", "max ms", "statement" }
                  { printf "%6d %10.3f %10.3f  %s\n", $1, $2, $3, $4 }'
