#!/usr/bin/env bash
# GET /v1/events latency over 1,000,000 receipts on PostgreSQL: p50 and p99 of each filter shape, first page and a
# page further on (through the cursor). Seeds database hub_bench_events (created if missing) once, starts the packaged
# hub against it (embedded Kafka on its own ports), and asks each query REQUESTS times with curl.
# Environment: PGHOST (default 127.0.0.1), PGUSER (postgres), BENCH_DB (hub_bench_events), BENCH_PORT (18087),
# BENCH_KAFKA_PORT / BENCH_KAFKA_CONTROLLER_PORT (19087 / 19187), REQUESTS (200), ROWS (1000000).
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
db=${BENCH_DB:-hub_bench_events}
port=${BENCH_PORT:-18087}
requests=${REQUESTS:-200}
rows=${ROWS:-1000000}
key=bench-admin-key

[ -f target/hub.jar ] || ./mvnw -B -q -DskipTests package
psql -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 || psql -qc "CREATE DATABASE $db"

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
SPRING_PROFILES_ACTIVE=prod \
SERVER_PORT=$port \
SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:5432/$db" SPRING_DATASOURCE_USERNAME=$PGUSER \
HUB_KAFKA_EMBEDDED_PORT=${BENCH_KAFKA_PORT:-19087} HUB_KAFKA_EMBEDDED_CONTROLLER_PORT=${BENCH_KAFKA_CONTROLLER_PORT:-19187} \
HUB_KAFKA_EMBEDDED_DATA_DIR="$work/kafka" \
HUB_SECURITY_BOOTSTRAP_API_KEY=$key HUB_SECURITY_CONSOLE_PASSWORD=bench \
HUB_ADAPTERS_SALES_TOKEN=bench HUB_ADAPTERS_ESIGN_CLIENT_ID=bench HUB_ADAPTERS_ESIGN_CLIENT_SECRET=bench \
HUB_ADAPTERS_ESIGN_ACCOUNT_ID=bench \
CAMEL_MAIN_ROUTES_INCLUDE_PATTERN=file:routes/hub-greet-visitor.yaml \
    java -Xmx384m -jar target/hub.jar >"$work/hub.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://localhost:$port/actuator/health/liveness"; do
    kill -0 "$pid" 2>/dev/null || { echo "hub exited:"; tail -20 "$work/hub.log"; exit 1; }
    sleep 0.5
done

have=$(psql -d "$db" -qtAc "SELECT count(*) FROM webhook_receipt WHERE event_id LIKE 'bench-%'")
if [ "$have" -lt "$rows" ]; then
    echo "seeding $rows receipts (once) ..."
    # Five sources, ten types (one in 97 events of a rare type), 30 days of history, one in 1000 still in flight.
    psql -d "$db" -q <<SQL
INSERT INTO webhook_receipt (source, event_id, event_type, status, tenant, correlation_id, received_at, claimed_at,
                             topic, kafka_partition, kafka_offset, stored_at)
SELECT src, 'bench-' || i, typ, CASE WHEN i % 1000 = 0 THEN 'in_flight' ELSE 'stored' END,
       CASE WHEN i % 3 = 0 THEN 'acme' ELSE 'default' END, md5(i::text), at, at, 'hub.inbound.' || src, i % 3, i / 3, at
FROM (SELECT i, (ARRAY['sales','esign','github','stripe','shopify'])[1 + i % 5] AS src,
             (ARRAY['order.created','order.updated','order.cancelled','envelope-completed','push','pull_request',
                    'invoice.paid','orders/create','customer.created','refund.issued'])[1 + (i / 5) % 10]
                 || CASE WHEN i % 97 = 0 THEN '.rare' ELSE '' END AS typ,
             now() - i * interval '2592 milliseconds' AS at
      FROM generate_series(1, $rows) AS i) AS seed
ON CONFLICT DO NOTHING;
ANALYZE webhook_receipt;
SQL
fi
total=$(psql -d "$db" -qtAc "SELECT count(*) FROM webhook_receipt")
corr=$(psql -d "$db" -qtAc "SELECT md5('500000')")
week_ago=$(date -u -d '7 days ago' +%Y-%m-%dT%H:%M:%SZ)
day_ago=$(date -u -d '1 day ago' +%Y-%m-%dT%H:%M:%SZ)

measure() {
    local label=$1 query=$2 times="$work/times" cursor
    : >"$times"
    cursor=$(curl -sf -H "X-API-Key: $key" "http://localhost:$port/v1/events?$query" \
        | sed -n 's/.*"nextCursor":"\([^"]*\)".*/\1/p')
    for ((n = 0; n < requests; n++)); do
        curl -sf -o /dev/null -w '%{time_total}\n' -H "X-API-Key: $key" "http://localhost:$port/v1/events?$query" >>"$times"
    done
    sort -n "$times" -o "$times"
    printf '%-36s p50 %6.1f ms   p99 %6.1f ms' "$label" \
        "$(awk -v n="$requests" 'NR == int(n * 0.5 + 0.5) {print $1 * 1000}' "$times")" \
        "$(awk -v n="$requests" 'NR == int(n * 0.99 + 0.5) {print $1 * 1000}' "$times")"
    if [ -n "$cursor" ]; then
        : >"$times"
        for ((n = 0; n < requests; n++)); do
            curl -sf -o /dev/null -w '%{time_total}\n' -H "X-API-Key: $key" \
                "http://localhost:$port/v1/events?$query&cursor=$cursor" >>"$times"
        done
        sort -n "$times" -o "$times"
        printf '   next page p50 %6.1f ms  p99 %6.1f ms' \
            "$(awk -v n="$requests" 'NR == int(n * 0.5 + 0.5) {print $1 * 1000}' "$times")" \
            "$(awk -v n="$requests" 'NR == int(n * 0.99 + 0.5) {print $1 * 1000}' "$times")"
    fi
    echo
}

echo "GET /v1/events, $total receipts on PostgreSQL $(psql -qtAc 'SHOW server_version'), $requests requests each, $(nproc) cores"
measure "no filter (limit 50)" "limit=50"
measure "source" "source=github&limit=50"
measure "type" "type=invoice.paid&limit=50"
measure "rare type" "type=push.rare&limit=50"
measure "source + type" "source=stripe&type=invoice.paid&limit=50"
measure "source + type + last 7 days" "source=stripe&type=invoice.paid&since=$week_ago&limit=50"
measure "status in_flight" "status=in_flight&limit=50"
measure "correlationId" "correlationId=$corr"
measure "since 1 day, limit 200" "since=$day_ago&limit=200"
