#!/usr/bin/env bash
# Compares HTTP clients for the upstream call (JDK HttpClient, Jetty client 12.1, Apache HttpClient 5.6 async) against
# a local nginx fake upstream: per-call latency and throughput at 1 and 64 callers with keep-alive pools, and how many
# slow answers (about 4 s each, sent at a limited rate) each holds at once. One JVM per client.
#
# Usage: scripts/bench/clients.sh    Settings: BENCH_CLIENTS (default "jdk jetty apache"; also jetty-nb: Jetty with
# the NON_BLOCKING invocation type the node uses; apache-classic: Apache's blocking client on the callers' virtual
# threads; names may repeat, to run them in turn), BENCH_SECONDS (10),
# BENCH_HOLD (5000 slow answers at once; 0 skips).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLIENTS=${BENCH_CLIENTS:-jdk jetty apache}
SECONDS_EACH=${BENCH_SECONDS:-10}
HOLD=${BENCH_HOLD:-5000}
log() { printf '[clients] %s\n' "$*" >&2; }

command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
JAVA_BIN=java
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then JAVA_BIN="$candidate/bin/java"; break; fi
done

WORK=$(mktemp -d /tmp/routstr-clients.XXXXXX)
NGINX_PID=""
cleanup() { [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

CP="$WORK/classpath"
(cd "$ROOT" && ./mvnw -B -ntp -q -f scripts/bench/bench-tools.pom.xml dependency:build-classpath \
    -Dmdep.outputFile="$CP" >/dev/null)

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
COMPLETION='{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10}}'
mkdir -p "$WORK/nginx/logs" "$WORK/www"
chmod 755 "$WORK" "$WORK/www" # nginx workers run as an unprivileged user when started as root
head -c 4096 /dev/zero | tr '\0' 'x' >"$WORK/www/slow"
chmod 644 "$WORK/www/slow"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile 30000;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 20000; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$PORT backlog=8192;
        default_type application/json;
        location = /v1/chat/completions { client_body_buffer_size 64k; return 200 '$COMPLETION'; }
        location = /slow { root $WORK/www; limit_rate 1k; }
    }
}
CONF
"$NGINX" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
sleep 0.5
ulimit -n 30000 2>/dev/null || log "could not raise the descriptor limit: $(ulimit -n)"

echo "== $(date -u +%FT%TZ)  $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); ${SECONDS_EACH}s per phase"
for client in $CLIENTS; do
    "$JAVA_BIN" -Xmx1g -cp "$(cat "$CP")" "$ROOT/scripts/bench/ClientBench.java" "$client" \
        "http://127.0.0.1:$PORT/v1/chat/completions" "http://127.0.0.1:$PORT/slow" "$SECONDS_EACH" "$HOLD"
done
