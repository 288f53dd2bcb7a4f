# Set-up shared by the bench scripts (run.sh, shed.sh, history.sh), sourced after they set ROOT, JAR and log():
# Debian's PostgreSQL (installed with the packages named, when missing), the node jar (built when missing), a JDK of
# 21 or later, and helpers to run PostgreSQL's tools as its user and to pick free ports. run.sh installs its wider
# set of packages itself (nginx, wrk, a C compiler for its generator).

# PG_BIN: the newest PostgreSQL's binaries; installs "postgresql" and the other packages named when it, or a command
# among them, is missing.
bench_postgresql() {
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    local missing=0 pkg
    [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || missing=1
    for pkg in "$@"; do command -v "$pkg" >/dev/null || missing=1; done
    if [ "$missing" = 1 ]; then
        log "installing postgresql $* from Debian"
        local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql "$@" >/dev/null
        PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    fi
}

# The node jar (built when missing) and JAVA_BIN: JAVA_HOME's java, else Temurin 25 or 21, else the PATH's.
bench_node_jar_and_java() {
    if [ ! -f "$JAR" ]; then
        log "building $JAR"
        (cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package -pl bootstrap -am)
    fi
    JAVA_BIN=java
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
        if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then JAVA_BIN="$candidate/bin/java"; break; fi
    done
}

# Runs a PostgreSQL tool as the postgres user when the script runs as root.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The scrapes each measured run makes of the node's metrics, made three times before anything is timed (and, in the
# closed loop, before the JIT's settling rounds): the first scrape, a GET through the same Jetty and Spring code as the
# paid POSTs, took branches they had not taken (91 uncommon traps in the request path's compiled methods within a
# second, -Xlog:deoptimization), and the JIT recompiled them through the measured run: in the closed loop its compiler
# threads 4-10 times as busy as in the last settling round before it, 10-20 % of the node's CPU (docs/benchmarks.md,
# session 36); in the X-Cashu runs, whose first scrape came right before the 1-client run, the same wave of traps
# (session 37). Production is scraped from its start, so a timed run after these is the steady state.
scrape_metrics_before_timing() {
    local port=$1
    for _ in 1 2 3; do curl -s "http://127.0.0.1:$port/actuator/prometheus" >/dev/null; done
}
