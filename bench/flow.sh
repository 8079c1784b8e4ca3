#!/usr/bin/env bash
# End-to-end orders per second through the order-to-contract flow (sales webhook -> ERP booking over RabbitMQ ->
# e-signature envelope -> completion callback -> contract filed in the ERP + sales status), on the sandbox, with
# every adapter's and source's rate limit lifted, and the latency from the webhook's receipt to the sales status
# update (p50/p99). The signer "signs" BENCH_SIGN_AFTER after the envelope is created (default 100ms; the local
# profile's 2s would dominate the latency).
#   BENCH_DB_URL=jdbc:postgresql://localhost:5432/hub_bench bench/flow.sh     (PostgreSQL: the figures come from it)
# Needs RabbitMQ on localhost:5672 (SPRING_RABBITMQ_VIRTUAL_HOST is honoured), psql and wrk.
# Orders are posted once each by wrk (32 connections, as fast as the hub accepts them); the run ends when the
# sales system has a status update for every one, or after BENCH_MAX_WAIT seconds (then the missing are counted).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
: "${BENCH_DB_URL:?set BENCH_DB_URL to an empty PostgreSQL database, e.g. jdbc:postgresql://localhost:5432/hub_bench}"

ORDERS=${BENCH_ORDERS:-3000}
PORT=${BENCH_HUB_PORT:-18080}
KAFKA_PORT=${BENCH_KAFKA_PORT:-19092}
CONTROLLER_PORT=${BENCH_KAFKA_CONTROLLER_PORT:-19093}
MAX_WAIT=${BENCH_MAX_WAIT:-600}
SECRET=whsec_bG9jYWwtc2FsZXMtc2VjcmV0LWZvci1kZXY=
PSQL_URL="postgresql://${BENCH_DB_USER:-postgres}@${BENCH_DB_URL#jdbc:postgresql://}"
psql_q() { psql -qtAX "$PSQL_URL" -c "$1"; }

[ -n "${BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q -DskipTests package
work=$(mktemp -d)
mkdir -p "$work/routes" && cp routes/*.yaml "$work/routes/"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

lifted=()
for adapter in sales erp esign; do
    lifted+=(--hub.adapters.$adapter.rate-limit.per-second=1000000 --hub.adapters.$adapter.rate-limit.burst=1000000)
done
(cd "$work" && exec java ${BENCH_HEAP:--Xmx384m} -jar "$OLDPWD/target/hub.jar" --server.port=$PORT \
    --hub.kafka.embedded.port=$KAFKA_PORT --hub.kafka.embedded.controller-port=$CONTROLLER_PORT \
    --spring.datasource.url="$BENCH_DB_URL" --spring.datasource.username="${BENCH_DB_USER:-postgres}" \
    --spring.datasource.password="${BENCH_DB_PASSWORD:-}" \
    --hub.webhooks.sources.sales.rate-limit=1000000 --hub.webhooks.sources.esign.rate-limit=1000000 \
    --hub.sandbox.esign.complete-after="${BENCH_SIGN_AFTER:-100ms}" \
    --hub.adapters.sales.base-url=http://localhost:$PORT/sandbox/sales \
    --hub.adapters.esign.base-url=http://localhost:$PORT/sandbox/esign \
    --hub.adapters.esign.token-url=http://localhost:$PORT/sandbox/esign/oauth/token \
    "${lifted[@]}" --logging.level.root=WARN >"$work/hub.log" 2>&1) &
pid=$!
until curl -sf -o /dev/null "http://localhost:$PORT/actuator/health/readiness"; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$work/hub.log"; exit 1; }
    sleep 0.5
done
for system in sales erp esign; do curl -sf -X DELETE "http://localhost:$PORT/sandbox/$system/ledger" >/dev/null; done

label="flow$(date +%s)"
python3 bench/make-orders.py "$work/orders" "$ORDERS" "$SECRET" 2 "$label"
posted=$(BENCH_FILE="$work/orders" BENCH_PATH=/v1/webhooks/sales BENCH_ONCE=1 \
    wrk -t2 -c32 -d"${MAX_WAIT}s" -s bench/ingest.lua "http://localhost:$PORT" | grep '^RESULT')
echo "posted: $posted"

done_count() { psql_q "SELECT count(*) FROM sandbox_effect WHERE system_name = 'sales' AND reference LIKE '${label}_%'"; }
deadline=$((SECONDS + MAX_WAIT))
last=-1
while [ "$(done_count)" -lt "$ORDERS" ] && [ $SECONDS -lt $deadline ]; do
    now=$(done_count)
    [ "$now" = "$last" ] || { echo "  $now of $ORDERS orders have their sales status"; last=$now; }
    sleep 2
done

psql_q "
WITH orders AS (
    SELECT r.received_at AS received, e.recorded_at AS done
    FROM webhook_receipt r JOIN sandbox_effect e
      ON e.system_name = 'sales' AND e.reference = r.event_id
    WHERE r.source = 'sales' AND r.event_id LIKE '${label}_%')
SELECT format('orders completed: %s of $ORDERS   throughput: %s orders/s   webhook -> sales status: p50 %s ms   p99 %s ms',
    count(*),
    round(count(*) / extract(epoch FROM max(done) - min(received))::numeric, 1),
    round(1000 * extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY done - received))::numeric),
    round(1000 * extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY done - received))::numeric))
FROM orders"
echo "effects per system: $(psql_q "SELECT string_agg(system_name || ' ' || operation || ' ' || n, ', ') FROM (SELECT system_name, operation, count(*) n FROM sandbox_effect WHERE reference LIKE '${label}_%' GROUP BY 1, 2) t")"
echo "dead letters: $(psql_q "SELECT count(*) FROM dead_letter" 2>/dev/null || echo '?')"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
