#!/usr/bin/env bash
# Seconds from launch to readiness UP, and resident memory once ready, for the embedded default
# (in-process Kafka, H2 file database). Runs the packaged jar twice: a first start on a fresh ./data, and a
# restart on the data the first one left. Needs RabbitMQ on localhost:5672 for readiness to say UP.
# JVM options: BENCH_JAVA_OPTS (default -Xmx512m, the heap ceiling the README and spring-boot:run use).
# Targets: ready within 20 s and resident memory under 1 GiB, both times.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_HUB_PORT:-18080}
KAFKA_PORT=${BENCH_KAFKA_PORT:-19092}
CONTROLLER_PORT=${BENCH_KAFKA_CONTROLLER_PORT:-19093}
[ -f target/hub.jar ] || ./mvnw -B -q -DskipTests package
work=$(mktemp -d)
cp -r routes "$work/"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

run_once() {
    local label=$1 start ready rss
    start=$(date +%s.%N)
    (cd "$work" && exec java ${BENCH_JAVA_OPTS:--Xmx512m} -jar "$OLDPWD/target/hub.jar" --server.port=$PORT \
        --hub.kafka.embedded.port=$KAFKA_PORT --hub.kafka.embedded.controller-port=$CONTROLLER_PORT \
        >"$work/hub-$label.log" 2>&1) &
    pid=$!
    until curl -sf -o /dev/null "http://localhost:$PORT/actuator/health/readiness"; do
        kill -0 "$pid" 2>/dev/null || { echo "hub exited; see $work/hub-$label.log"; exit 1; }
        sleep 0.1
    done
    ready=$(date +%s.%N)
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    printf '%-8s ready in %5.1f s   resident %4d MiB   (targets: 20 s, 1024 MiB)\n' "$label" \
        "$(echo "$ready - $start" | bc)" $((rss / 1024))
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

echo "integration hub start-up (embedded Kafka + H2), ${BENCH_JAVA_OPTS:--Xmx512m}, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
run_once fresh
run_once restart
