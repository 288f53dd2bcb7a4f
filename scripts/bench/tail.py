#!/usr/bin/env python3
"""Where an open-loop run's slow requests came from: lines up the generator's trace (LoadGen's LOADGEN_TRACE or
openloop.c's OPENLOOP_TRACE: each timed 200's due instant in epoch ms and its latency in µs) with the node's safepoints and PostgreSQL's slow statements.

Usage: scripts/bench/tail.py TRACE NODE_LOG [PG_LOG|-] [SLOW_MS (default 5)] [GENERATOR_GC_LOG ...]
  TRACE     trace-node.txt from a run.sh temp dir kept with BENCH_KEEP_DIR=1
  NODE_LOG  the node's unified log with wall-clock stamps, from
            BENCH_JAVA_OPTS="-Xlog:gc*,safepoint:file=FILE:utctime,uptime,level,tags"
  PG_LOG    pg/server.log of the same run with BENCH_PG_OPTS="-c log_min_duration_statement=3 -c log_timezone=UTC"
  GENERATOR_GC_LOG  the load generator's own G1 logs of the run (loadgen-gc-*.log in the temp dir, wall-clock stamps
            since session 28): a pause of the generator delays the requests due meanwhile, which it times as the node's

Prints the safepoints inside the timed window by VM operation, the latency percentiles, how many requests took longer
than SLOW_MS and, for each, the largest safepoint (0.5 ms or more) or slow statement that overlapped it ("none" when
neither did), and the slow requests per second of the window (a burst at its start is a node still compiling).
"""
import collections
import datetime
import re
import sys


def epoch_ms(stamp, fmt):
    return datetime.datetime.strptime(stamp, fmt).replace(tzinfo=datetime.timezone.utc).timestamp() * 1000


def main(trace_path, node_log, pg_log=None, slow_ms=5.0, generator_gc_logs=()):
    requests = sorted((int(due), int(micros) / 1000.0) for due, micros in (line.split() for line in open(trace_path)))
    start, end = requests[0][0], max(due + ms for due, ms in requests)
    safepoints = []  # (start, end, operation, total ms)
    for line in open(node_log):
        m = re.match(r'\[([^\]]+)\].*Safepoint "([^"]+)".*Total: (\d+) ns', line)
        if m:
            done = epoch_ms(m.group(1)[:23], '%Y-%m-%dT%H:%M:%S.%f')
            total = int(m.group(3)) / 1e6
            safepoints.append((done - total, done, m.group(2), total))
    statements = []  # (start, end, text, ms)
    if pg_log:
        for line in open(pg_log):
            m = re.match(r'(\S+ \S+) UTC .*duration: ([\d.]+) ms\s+(.*)', line)
            if m:
                done = epoch_ms(m.group(1), '%Y-%m-%d %H:%M:%S.%f')
                statements.append((done - float(m.group(2)), done, m.group(3)[:60], float(m.group(2))))
    generator_pauses = []  # (start, end, ms): the load generator's own stop-the-world pauses
    for path in generator_gc_logs:
        for line in open(path):
            m = re.match(r'\[([^\]]+)\].*Pause.* ([\d.]+)ms$', line.strip())
            if m and m.group(1)[:4].isdigit():
                done = epoch_ms(m.group(1)[:23], '%Y-%m-%dT%H:%M:%S.%f')
                generator_pauses.append((done - float(m.group(2)), done, float(m.group(2))))
    inside = [s for s in safepoints if s[1] >= start and s[0] <= end]
    print(f"{len(requests)} requests over {(end - start) / 1000:.1f} s; {len(inside)} safepoints in that window")
    by_operation = collections.defaultdict(list)
    for s in inside:
        by_operation[s[2]].append(s[3])
    for operation, times in sorted(by_operation.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {operation:32s} {len(times):4d}, {sum(times):8.2f} ms in all, longest {max(times):7.2f} ms")
    slow_statements = [s for s in statements if s[1] >= start and s[0] <= end]
    if generator_gc_logs:
        mine = [g for g in generator_pauses if g[1] >= start and g[0] <= end]
        print(f"the generator's own GC pauses in the window: {len(mine)}"
              + (f", longest {max(g[2] for g in mine):.1f} ms" if mine else ""))
    if pg_log:
        print(f"PostgreSQL statements logged as slow in the window: {len(slow_statements)}"
              + (f", longest {max(s[3] for s in slow_statements):.1f} ms" if slow_statements else ""))
    latencies = sorted(ms for _, ms in requests)
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
    print(f"latency p50 {pct(.5):.3f} p90 {pct(.9):.3f} p99 {pct(.99):.3f} p99.9 {pct(.999):.3f} max {latencies[-1]:.3f} ms")
    slow = [(due, ms) for due, ms in requests if ms > slow_ms]
    print(f"slower than {slow_ms} ms: {len(slow)} ({100 * len(slow) / len(requests):.2f} %), overlapping:")
    causes = collections.Counter()
    for due, ms in slow:
        paused = [s for s in inside if s[1] >= due and s[0] <= due + ms and s[3] >= 0.5]
        waited = [s for s in slow_statements if s[1] >= due and s[0] <= due + ms]
        generator = [g for g in generator_pauses if g[1] >= due and g[0] <= due + ms]
        if paused:
            causes["safepoint " + max(paused, key=lambda s: s[3])[2]] += 1
        elif generator:
            causes["the generator's own GC pause"] += 1
        elif waited:
            causes["slow PostgreSQL statement"] += 1
        else:
            causes["none"] += 1
    for cause, count in causes.most_common():
        print(f"  {cause}: {count}")
    per_second = collections.Counter(int((due - start) // 1000) for due, _ in slow)
    print("per second of the window:", " ".join(f"{s}:{n}" for s, n in sorted(per_second.items())))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] != "-" else None,
         float(sys.argv[4]) if len(sys.argv) > 4 else 5.0, sys.argv[5:])
