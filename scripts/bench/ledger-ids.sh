#!/usr/bin/env bash
# What a ledger entry's id costs PostgreSQL's WAL: random ids (version 4, as gen_random_uuid() drew them until
# changelog 026) against time-ordered ones (ledger_entry_id, the function that changelog creates, read from it here).
# A throwaway PostgreSQL gets two ledgers of LEDGER_ROWS entries each, with the indexes ledger_entries has; then, after a
# CHECKPOINT, LEDGER_BATCHES transactions of 30 entries each (a group-commit batch's charges) go into each, and the
# script prints the WAL written per entry right after the checkpoint and in as many transactions again after that.
#
# Usage: scripts/bench/ledger-ids.sh    Settings: LEDGER_ROWS (2000000), LEDGER_BATCHES (1000), LEDGER_ROUNDS (2).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROWS=${LEDGER_ROWS:-2000000}
BATCHES=${LEDGER_BATCHES:-1000}
ROUNDS=${LEDGER_ROUNDS:-2}
log() { printf '[ledger-ids] %s\n' "$*" >&2; }
# shellcheck source=lib.sh
source "$ROOT/scripts/bench/lib.sh"
bench_postgresql

WORK=$(mktemp -d /tmp/routstr-ledger-ids.XXXXXX)
PORT=$(free_port)
[ "$(id -u)" -eq 0 ] && chown postgres "$WORK"
cleanup() { as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U routstr --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1
# Checkpoints only when asked: each measurement starts right after one.
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/server.log" \
    -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_wal_size=16GB -c checkpoint_timeout=1d" start >/dev/null
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U routstr -d postgres -v ON_ERROR_STOP=1 -qAt)

# The node's function, as changelog 026 creates it.
sed -n '/^CREATE FUNCTION ledger_entry_id/,/^\$\$;/p' \
    "$ROOT/adapters-persistence/src/main/resources/db/changelog/changes/026-time-ordered-ledger-ids.sql" >"$WORK/function.sql"
"${PSQL[@]}" -f "$WORK/function.sql"

log "two ledgers of $ROWS entries (one random ids, one time-ordered), $(nproc) cores"
"${PSQL[@]}" <<SQL
CREATE TABLE api_keys (id uuid PRIMARY KEY);
INSERT INTO api_keys SELECT gen_random_uuid() FROM generate_series(1, 16);
CREATE TABLE random_ids (
    id uuid PRIMARY KEY, entry_type varchar(16) NOT NULL, key_id uuid REFERENCES api_keys (id),
    amount_msats bigint NOT NULL, reservation_id uuid, reference varchar(200), created_at timestamptz NOT NULL);
CREATE UNIQUE INDEX random_ids_reservation_uq ON random_ids (entry_type, reservation_id) WHERE reservation_id IS NOT NULL;
CREATE INDEX random_ids_key_idx ON random_ids (key_id, created_at);
CREATE TABLE time_ordered_ids (LIKE random_ids INCLUDING ALL);
ALTER TABLE time_ordered_ids ADD FOREIGN KEY (key_id) REFERENCES api_keys (id);
-- A month of history in time order; reservation ids time-ordered in both (the node's count up), so that only the
-- entry's own id differs.
CREATE TEMP TABLE history AS
    SELECT now() - interval '30 days' + g * (interval '30 days' / $ROWS) AS at,
           (SELECT array_agg(id) FROM api_keys)[1 + g % 16] AS key_id
    FROM generate_series(1, $ROWS) g;
INSERT INTO random_ids SELECT gen_random_uuid(), 'CHARGE', key_id, 1000, ledger_entry_id(at), NULL, at FROM history;
INSERT INTO time_ordered_ids SELECT ledger_entry_id(at), 'CHARGE', key_id, 1000, ledger_entry_id(at), NULL, at FROM history;
VACUUM ANALYZE random_ids;
VACUUM ANALYZE time_ordered_ids;
SQL
echo "primary-key index: random $("${PSQL[@]}" -c "SELECT pg_size_pretty(pg_relation_size('random_ids_pkey'))"), time-ordered $("${PSQL[@]}" -c "SELECT pg_size_pretty(pg_relation_size('time_ordered_ids_pkey'))")"

KEY=$("${PSQL[@]}" -c "SELECT id FROM api_keys LIMIT 1")
printf "INSERT INTO random_ids SELECT gen_random_uuid(), 'CHARGE', '%s', 1000, ledger_entry_id(now()), NULL, now() FROM generate_series(1, 30);\n" "$KEY" >"$WORK/random.sql"
printf "INSERT INTO time_ordered_ids SELECT ledger_entry_id(now()), 'CHARGE', '%s', 1000, ledger_entry_id(now()), NULL, now() FROM generate_series(1, 30);\n" "$KEY" >"$WORK/time_ordered.sql"
lsn() { "${PSQL[@]}" -c "SELECT pg_current_wal_lsn()"; }
per_entry() { "${PSQL[@]}" -c "SELECT round(pg_wal_lsn_diff('$2', '$1') / ($BATCHES * 30.0))"; }
batches() { as_pg "$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U routstr -n -f "$WORK/$1.sql" -t "$BATCHES" -c 1 postgres 2>&1 \
    | sed -n 's/^tps = \([0-9.]*\).*/\1/p'; }
for round in $(seq 1 "$ROUNDS"); do
    for ids in random time_ordered; do
        "${PSQL[@]}" -c "CHECKPOINT"
        a=$(lsn); tps1=$(batches "$ids"); b=$(lsn); tps2=$(batches "$ids"); c=$(lsn)
        printf 'round %d %-12s WAL per entry: %5s bytes in the %d transactions after a checkpoint (%s tx/s), %5s in the next %d (%s tx/s)\n' \
            "$round" "$ids" "$(per_entry "$a" "$b")" "$BATCHES" "$tps1" "$(per_entry "$b" "$c")" "$BATCHES" "$tps2"
    done
done
