#!/usr/bin/env bash
# Webhook ingest rate against a bare endpoint of the same hub, in one run.
#   bench/ingest.sh            (embedded defaults: in-process Kafka, H2; BENCH_DB_URL=jdbc:postgresql://... for PostgreSQL)
# Load: wrk, 2 threads, 32 connections, signed unique ~1 KiB standard-webhooks requests generated beforehand.
# Prints both rates, p50/p99, the ratio, and p99 at half the ingest peak (paced load).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }

SECONDS_PER_RUN=${BENCH_SECONDS:-15}
CONNECTIONS=32
PORT=18080
SECRET=whsec_bG9jYWwtc2FsZXMtc2VjcmV0LWZvci1kZXY=   # the local profile's development secret for "sales"
PER_THREAD=${BENCH_REQUESTS_PER_THREAD:-60000}

[ -n "${BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q -DskipTests package
work=$(mktemp -d)
cp -r routes "$work/"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

db_args=()
[ -z "${BENCH_DB_URL:-}" ] || db_args=(--spring.datasource.url="$BENCH_DB_URL" --spring.datasource.username="${BENCH_DB_USER:-postgres}" --spring.datasource.password="${BENCH_DB_PASSWORD:-}")
(cd "$work" && exec java -jar "$OLDPWD/target/hub.jar" --server.port=$PORT --hub.bench.enabled=true \
    --hub.kafka.embedded.port=19092 --hub.kafka.embedded.controller-port=19093 \
    --hub.webhooks.sources.sales.rate-limit=1000000 --logging.level.root=WARN "${db_args[@]}" >"$work/hub.log" 2>&1) &
pid=$!
until curl -sf -o /dev/null "http://localhost:$PORT/actuator/health/liveness"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/hub.log" | tail -20; exit 1; }
    sleep 0.2
done

run() { # label path [rate]
    local file="$work/req-$1"
    python3 bench/make-webhooks.py "$file" "$PER_THREAD" "$SECRET" 2
    BENCH_FILE=$file BENCH_PATH=$2 BENCH_RATE=${3:-} BENCH_CONNECTIONS=$CONNECTIONS \
        wrk -t2 -c$CONNECTIONS -d"${SECONDS_PER_RUN}s" -s bench/ingest.lua "http://localhost:$PORT" | grep '^RESULT'
    rm -f "$file".*
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

run warm-bare /v1/bench/noop >/dev/null
run warm-ingest /v1/webhooks/sales >/dev/null
bare=$(run bare /v1/bench/noop)
ingest=$(run ingest /v1/webhooks/sales)
half=$(awk "BEGIN {print int($(field rps "$ingest") / 2)}")
paced=$(run paced /v1/webhooks/sales "$half")

echo "webhook ingest vs bare endpoint, $CONNECTIONS connections, ${SECONDS_PER_RUN}s each, $(nproc) cores, db: ${BENCH_DB_URL:-embedded H2}"
printf '%-28s %8s req/s   p50 %6s ms   p99 %6s ms   non-2xx %s\n' \
    "bare endpoint (202, no work)" "$(field rps "$bare")" "$(field p50 "$bare")" "$(field p99 "$bare")" "$(field non2xx "$bare")" \
    "ingest (verify+dedup+kafka)" "$(field rps "$ingest")" "$(field p50 "$ingest")" "$(field p99 "$ingest")" "$(field non2xx "$ingest")" \
    "ingest paced at $half/s" "$(field rps "$paced")" "$(field p50 "$paced")" "$(field p99 "$paced")" "$(field non2xx "$paced")"
awk "BEGIN {printf \"ratio ingest/bare: %.2f (target >= 0.5)   p99 at half peak: %s ms (target < 50)\n\", $(field rps "$ingest") / $(field rps "$bare"), $(field p99 "$paced")}"
