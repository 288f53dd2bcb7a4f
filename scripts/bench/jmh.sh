#!/usr/bin/env bash
# JMH benchmarks of the paid path's hot code (benchmarks/, built only with the `benchmarks` profile, never by the
# tests): builds the module and its dependencies, then runs JMH with any arguments given, e.g.
#   scripts/bench/jmh.sh                          every benchmark
#   scripts/bench/jmh.sh TokenCodec -prof gc      one class, with allocation per operation
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CP=$(mktemp /tmp/routstr-jmh-cp.XXXXXX)
trap 'rm -f "$CP"' EXIT
cd "$ROOT"
# compile, not package: the benchmarks run from target/classes, so nothing is installed or repackaged.
./mvnw -B -ntp -q -o -Pbenchmarks -pl benchmarks -am compile dependency:build-classpath \
    -Dmdep.outputFile="$CP" -Dmdep.includeScope=runtime >/dev/null
JAVA_BIN=java
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then JAVA_BIN="$candidate/bin/java"; break; fi
done
exec "$JAVA_BIN" -cp "$ROOT/benchmarks/target/classes:$(cat "$CP")" org.openjdk.jmh.Main "$@"
