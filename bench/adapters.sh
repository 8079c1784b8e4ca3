#!/usr/bin/env bash
# The cost of the adapter resilience chain (idempotent consumer in the database, throttle, circuit breaker,
# error handling) per call, against a plain HTTP call to the same sandbox sales endpoint, in one run.
# One connection at a time, so the figures are per-call latencies, not throughput. Needs wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }

PORT=18081
SECONDS_PER_RUN=${BENCH_SECONDS:-15}
[ -n "${BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q -DskipTests package
work=$(mktemp -d)
cp -r routes "$work/"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

(cd "$work" && exec java -jar "$OLDPWD/target/hub.jar" --server.port=$PORT --hub.bench.enabled=true \
    --hub.kafka.embedded.port=19192 --hub.kafka.embedded.controller-port=19193 \
    --hub.adapters.sales.base-url=http://localhost:$PORT/sandbox/sales \
    --hub.adapters.sales.rate-limit.per-second=1000000 --hub.adapters.sales.rate-limit.burst=1000000 \
    --logging.level.root=WARN >"$work/hub.log" 2>&1) &
pid=$!
until curl -sf -o /dev/null "http://localhost:$PORT/actuator/health/liveness"; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$work/hub.log"; exit 1; }
    sleep 0.2
done

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50=%.3f p99=%.3f non2xx=%d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
LUA
run() { wrk -t1 -c1 -d"$2" -s "$work/post.lua" "http://localhost:$PORT$1" | grep '^RESULT'; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

run /v1/bench/sales/plain 5s >/dev/null
run /v1/bench/sales/resilient 5s >/dev/null
plain=$(run /v1/bench/sales/plain "${SECONDS_PER_RUN}s")
resilient=$(run /v1/bench/sales/resilient "${SECONDS_PER_RUN}s")

echo "adapter call: plain HTTP vs resilience chain, 1 connection, ${SECONDS_PER_RUN}s each, $(nproc) cores, embedded H2"
printf '%-34s p50 %7s ms   p99 %7s ms   %6s calls/s   non-2xx %s\n' \
    "plain HTTP call to sandbox sales" "$(field p50 "$plain")" "$(field p99 "$plain")" "$(field rps "$plain")" "$(field non2xx "$plain")" \
    "through the sales adapter step" "$(field p50 "$resilient")" "$(field p99 "$resilient")" "$(field rps "$resilient")" "$(field non2xx "$resilient")"
awk "BEGIN {printf \"added by the resilience chain at the median: %.3f ms (target < 2 ms)\n\", $(field p50 "$resilient") - $(field p50 "$plain")}"
