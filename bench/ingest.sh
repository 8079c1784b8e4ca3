#!/usr/bin/env bash
# Webhook ingest against a minimal Spring Boot app of the same versions (bench/minimal: web + actuator), in one run.
#   bench/ingest.sh                         the hub on its embedded defaults (in-process Kafka, H2) only
#   BENCH_DB_URL=jdbc:postgresql://localhost:5432/hub_bench bench/ingest.sh   ... and the hub on PostgreSQL too
# Ports: BENCH_HUB_PORT (18080), BENCH_MINIMAL_PORT (18180), BENCH_KAFKA_PORT (19092), BENCH_KAFKA_CONTROLLER_PORT (19093).
# Load: wrk, 2 threads, 32 connections; unique, signed ~1 KiB Standard Webhooks generated beforehand (no HMAC in
# the load generator). Every measured run follows a warm-up run of the same kind. Each hub runs the ingress alone
# (no flow consumes the topic: BENCH_FLOWS=1 copies routes/ and runs them too), its source rate limit lifted but
# still in the path. Half-peak latency: wrk has no constant-rate mode (wrk2 is not in Debian), so ingest.lua
# paces each connection with a random pause (uniform, mean 1000*32/rate ms) before each request; the rate it
# reaches is printed beside the p99.
# Prints rates, p50/p99, both ratios (ingest / minimal bare POST, hub liveness / minimal liveness), the p99 at half
# the ingest peak, and how many answers were not the expected status (202 for POSTs, 200 for liveness).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }

SECONDS_PER_RUN=${BENCH_SECONDS:-15}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
CONNECTIONS=32
HUB_PORT=${BENCH_HUB_PORT:-18080}
MINIMAL_PORT=${BENCH_MINIMAL_PORT:-18180}
KAFKA_PORT=${BENCH_KAFKA_PORT:-19092}
CONTROLLER_PORT=${BENCH_KAFKA_CONTROLLER_PORT:-19093}
HEAP=${BENCH_HEAP:--Xmx384m}
SECRET=whsec_bG9jYWwtc2FsZXMtc2VjcmV0LWZvci1kZXY=   # the local profile's development secret for "sales"
PER_THREAD=${BENCH_REQUESTS_PER_THREAD:-60000}
HUB_JAR=$(realpath "${BENCH_HUB_JAR:-target/hub.jar}")   # another build of the hub, e.g. to compare before/after

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    ./mvnw -B -q -DskipTests package
    ./mvnw -B -q -f bench/minimal/pom.xml -DskipTests package
fi
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

wait_up() { # pid url log
    until curl -sf -o /dev/null "$2"; do
        kill -0 "$1" 2>/dev/null || { tail -20 "$3"; exit 1; }
        sleep 0.2
    done
}
stop() { kill "$1"; wait "$1" 2>/dev/null || true; }

start_minimal() {
    java $HEAP -jar bench/minimal/target/minimal.jar --server.port=$MINIMAL_PORT >"$work/minimal.log" 2>&1 &
    pid=$!; pids+=("$pid")
    wait_up "$pid" "http://localhost:$MINIMAL_PORT/actuator/health/liveness" "$work/minimal.log"
}

start_hub() { # label [db url]
    local dir="$work/hub-$1"
    mkdir -p "$dir/routes"
    [ -z "${BENCH_FLOWS:-}" ] || cp routes/*.yaml "$dir/routes/"
    local db=()
    [ -z "${2:-}" ] || db=(--spring.datasource.url="$2" --spring.datasource.username="${BENCH_DB_USER:-postgres}"
        --spring.datasource.password="${BENCH_DB_PASSWORD:-}")
    (cd "$dir" && exec java $HEAP -jar "$HUB_JAR" --server.port=$HUB_PORT \
        --hub.kafka.embedded.port=$KAFKA_PORT --hub.kafka.embedded.controller-port=$CONTROLLER_PORT \
        --hub.webhooks.sources.sales.rate-limit=1000000 --logging.level.root=WARN "${db[@]}" >"$dir/hub.log" 2>&1) &
    pid=$!; pids+=("$pid")
    wait_up "$pid" "http://localhost:$HUB_PORT/actuator/health/liveness" "$dir/hub.log"
}

run() { # label url path [rate] -> RESULT line; POSTs of fresh webhooks unless the path is a probe
    local file=""
    if [[ $3 != /actuator/* ]]; then
        file="$work/req-$1"
        python3 bench/make-webhooks.py "$file" "$PER_THREAD" "$SECRET" 2 "$1"
    fi
    BENCH_FILE=$file BENCH_PATH=$3 BENCH_RATE=${4:-} BENCH_CONNECTIONS=$CONNECTIONS \
        BENCH_EXPECT=$([[ $3 == /actuator/* ]] && echo 200 || echo 202) \
        wrk -t2 -c$CONNECTIONS -d"${5:-$SECONDS_PER_RUN}s" -s bench/ingest.lua "$2" | grep '^RESULT'
    [ -z "$file" ] || rm -f "$file".*
}
measure() { # label url path: a warm-up run, then the measured one
    run "warm-$1" "$2" "$3" "" "$WARMUP_SECONDS" >/dev/null
    run "$1" "$2" "$3"
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

start_minimal
minimal="http://localhost:$MINIMAL_PORT"
bare=$(measure bare "$minimal" /bare)
minimal_live=$(measure minimal-live "$minimal" /actuator/health/liveness)
stop "$pid"

hub="http://localhost:$HUB_PORT"
start_hub h2
hub_live=$(measure hub-live "$hub" /actuator/health/liveness)
h2=$(measure h2 "$hub" /v1/webhooks/sales)
h2_half=$(awk "BEGIN {print int($(field rps "$h2") / 2)}")
h2_paced=$(run h2-paced "$hub" /v1/webhooks/sales "$h2_half")
stop "$pid"

if [ -n "${BENCH_DB_URL:-}" ]; then
    start_hub pg "$BENCH_DB_URL"
    run warm-pg-live "$hub" /actuator/health/liveness "" "$WARMUP_SECONDS" >/dev/null
    pg=$(measure pg "$hub" /v1/webhooks/sales)
    pg_half=$(awk "BEGIN {print int($(field rps "$pg") / 2)}")
    pg_paced=$(run pg-paced "$hub" /v1/webhooks/sales "$pg_half")
    stop "$pid"
fi

line() { printf '%-40s %8s req/s   p50 %7s ms   p99 %7s ms   not %s: %s\n' "$1" "$(field rps "$2")" \
    "$(field p50 "$2")" "$(field p99 "$2")" "$3" "$(( $(field unexpected "$2") + $(field errors "$2") ))"; }
ratio() { awk "BEGIN {printf \"%.2f\", $(field rps "$1") / $(field rps "$2")}"; }

echo "webhook ingest, $CONNECTIONS connections, ${SECONDS_PER_RUN}s runs after ${WARMUP_SECONDS}s warm-ups, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
line "minimal app: bare POST (202)" "$bare" 202
line "minimal app: liveness" "$minimal_live" 200
line "hub: liveness" "$hub_live" 200
line "hub: ingest, H2" "$h2" 202
line "hub: ingest, H2, paced at $h2_half/s" "$h2_paced" 202
if [ -n "${BENCH_DB_URL:-}" ]; then
    line "hub: ingest, PostgreSQL" "$pg" 202
    line "hub: ingest, PostgreSQL, paced at $pg_half/s" "$pg_paced" 202
fi
echo "ratio hub liveness / minimal liveness: $(ratio "$hub_live" "$minimal_live") (target >= 0.7)"
echo "ratio ingest H2 / minimal bare POST:   $(ratio "$h2" "$bare") (target >= 0.35)   p99 at half peak: $(field p99 "$h2_paced") ms (target < 50)"
if [ -n "${BENCH_DB_URL:-}" ]; then
    echo "ratio ingest PostgreSQL / bare POST:   $(ratio "$pg" "$bare") (target >= 0.35)   p99 at half peak: $(field p99 "$pg_paced") ms (target < 50)"
fi
