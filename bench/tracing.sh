#!/usr/bin/env bash
# The cost of tracing, in one run: the same hub started twice, tracing off (camel.opentelemetry.enabled=false) and on
# (spans made and exported over OTLP to a local sink that answers 200, as to a collector).
#   bench/tracing.sh        (embedded defaults: in-process Kafka, H2, the sandbox; needs wrk, RabbitMQ on localhost)
# Each run measures webhook ingest (wrk, 2 threads, 32 connections, to a source no flow consumes) and the order flow
# (bench/orders.py: N orders from webhook to signed contract through the sandbox's ERP, e-signature and sales).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }

SECONDS_PER_RUN=${BENCH_SECONDS:-15}
ORDERS=${BENCH_ORDERS:-60}
PORT=18086
SINK_PORT=18087
SECRET=whsec_bG9jYWwtc2FsZXMtc2VjcmV0LWZvci1kZXY=   # the local profile's development secret for "sales"
PER_THREAD=${BENCH_REQUESTS_PER_THREAD:-60000}

[ -n "${BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q -DskipTests package
work=$(mktemp -d)
cp -r routes "$work/"
pid=""
sink=""
cleanup() {
    [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
    [ -z "$sink" ] || kill "$sink" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# The OTLP sink: takes every POST /v1/traces, counts the bytes, answers 200.
python3 - "$SINK_PORT" >"$work/sink.log" 2>&1 <<'PY' &
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
sink=$!

start_hub() { # extra arguments...
    rm -rf "$work/data"
    (cd "$work" && exec java -Xmx384m -jar "$OLDPWD/target/hub.jar" --server.port=$PORT \
        --hub.kafka.embedded.port=19086 --hub.kafka.embedded.controller-port=19186 \
        --hub.webhooks.sources.bench.scheme=standard-webhooks --hub.webhooks.sources.bench.secret=$SECRET \
        --hub.webhooks.sources.bench.rate-limit=1000000 --hub.webhooks.sources.sales.rate-limit=1000000 \
        --hub.sandbox.esign.complete-after=50ms \
        --hub.adapters.erp.rate-limit.per-second=1000 --hub.adapters.erp.rate-limit.burst=1000 \
        --hub.adapters.esign.rate-limit.per-second=1000 --hub.adapters.esign.rate-limit.burst=1000 \
        --hub.adapters.sales.rate-limit.per-second=1000 --hub.adapters.sales.rate-limit.burst=1000 \
        --logging.level.root=WARN "$@" >"$work/hub.log" 2>&1) &
    pid=$!
    until curl -sf -o /dev/null "http://localhost:$PORT/actuator/health/liveness"; do
        kill -0 "$pid" 2>/dev/null || { tail -20 "$work/hub.log"; exit 1; }
        sleep 0.5
    done
}
stop_hub() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

ingest() { # label
    local file="$work/req-$1"
    python3 bench/make-webhooks.py "$file" "$PER_THREAD" "$SECRET" 2
    BENCH_FILE=$file BENCH_PATH=/v1/webhooks/bench BENCH_CONNECTIONS=32 \
        wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" -s bench/ingest.lua "http://localhost:$PORT" | grep '^RESULT'
    rm -f "$file".*
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

declare -A result
for mode in off on; do
    if [ "$mode" = off ]; then
        start_hub --camel.opentelemetry.enabled=false
    else
        OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$SINK_PORT start_hub
    fi
    ingest "warm-$mode" >/dev/null
    python3 bench/orders.py "http://localhost:$PORT" 10 "$SECRET" >/dev/null
    result[ingest-$mode]=$(ingest "$mode")
    result[flow-$mode]=$(python3 bench/orders.py "http://localhost:$PORT" "$ORDERS" "$SECRET")
    stop_hub
done

echo "tracing off vs on (spans exported over OTLP), $(nproc) cores, ${SECONDS_PER_RUN}s ingest, $ORDERS orders"
for mode in off on; do
    i=${result[ingest-$mode]} f=${result[flow-$mode]}
    printf 'tracing %-3s  ingest %8s req/s  p50 %6s ms  p99 %6s ms   order flow %6s orders/s  p50 %6s ms  p95 %6s ms\n' \
        "$mode" "$(field rps "$i")" "$(field p50 "$i")" "$(field p99 "$i")" \
        "$(field rate "$f")" "$(field p50 "$f")" "$(field p95 "$f")"
done
awk "BEGIN {printf \"ingest throughput on/off: %.2f   order flow throughput on/off: %.2f\n\", \
    $(field rps "${result[ingest-on]}") / $(field rps "${result[ingest-off]}"), \
    $(field rate "${result[flow-on]}") / $(field rate "${result[flow-off]}")}"
