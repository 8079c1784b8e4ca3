#!/usr/bin/env bash
# Replay throughput through the order flow (sales-order-intake: jq mapping, validation, the ERP booking step over
# RabbitMQ) with the ERP's rate limit lifted. Posts EVENTS signed order.created webhooks to a hub of its own (local
# profile: sandbox on; database hub_bench_events, embedded Kafka on its own ports), waits until the live flow booked
# them, then replays the range twice:
#   1. as is: every booking step is already done, so the step ledger skips it (what a replay of completed history costs)
#   2. after forgetting the bookings in the ledger: every event books again (effects path; the sandbox ERP dedups by
#      idempotency key, so it records nothing twice)
# and prints events per second of each job (total / (finishedAt - startedAt)). Needs RabbitMQ on localhost.
# Environment: PGHOST, PGUSER, BENCH_DB, BENCH_PORT (18087), BENCH_KAFKA_PORT / _CONTROLLER_PORT (19087 / 19187),
# EVENTS (2000).
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
db=${BENCH_DB:-hub_bench_events}
port=${BENCH_PORT:-18087}
events=${EVENTS:-2000}
key=bench-admin-key
hub="http://localhost:$port"
secret=whsec_bG9jYWwtc2FsZXMtc2VjcmV0LWZvci1kZXY=

[ -f target/hub.jar ] || ./mvnw -B -q -DskipTests package
psql -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 || psql -qc "CREATE DATABASE $db"

work=$(mktemp -d)
cp -r routes "$work/"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$work" && SPRING_PROFILES_ACTIVE=local \
    SERVER_PORT=$port \
    SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:5432/$db" SPRING_DATASOURCE_USERNAME=$PGUSER \
    HUB_KAFKA_EMBEDDED_PORT=${BENCH_KAFKA_PORT:-19087} HUB_KAFKA_EMBEDDED_CONTROLLER_PORT=${BENCH_KAFKA_CONTROLLER_PORT:-19187} \
    HUB_KAFKA_EMBEDDED_DATA_DIR="$work/kafka" \
    HUB_SECURITY_BOOTSTRAP_API_KEY=$key \
    HUB_WEBHOOKS_SOURCES_SALES_RATE_LIMIT=100000 \
    HUB_ADAPTERS_ERP_RATE_LIMIT_PER_SECOND=100000 HUB_ADAPTERS_ERP_RATE_LIMIT_BURST=100000 \
    HUB_ADAPTERS_SALES_BASE_URL="$hub/sandbox/sales" HUB_ADAPTERS_ESIGN_BASE_URL="$hub/sandbox/esign" \
    HUB_ADAPTERS_ESIGN_TOKEN_URL="$hub/sandbox/esign/oauth/token" \
    exec java -Xmx384m -jar "$OLDPWD/target/hub.jar" >"$work/hub.log" 2>&1) &
pid=$!
until curl -sf -o /dev/null "$hub/actuator/health/liveness"; do
    kill -0 "$pid" 2>/dev/null || { echo "hub exited:"; tail -20 "$work/hub.log"; exit 1; }
    sleep 0.5
done

run=$(date +%s)
since=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
python3 - "$hub" "$secret" "$events" "$run" <<'PY'
import base64, hashlib, hmac, json, sys, time, urllib.request
hub, secret, count, run = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
key = base64.b64decode(secret[len("whsec_"):])
for i in range(count):
    event_id = f"replay_{run}_{i}"
    body = json.dumps({"type": "order.created", "id": event_id, "occurredAt": "2026-01-01T10:00:00Z",
                       "data": {"orderId": f"SO-R{run}-{i}", "customerId": "C-42", "priority": "NORMAL",
                                "currency": "EUR", "lines": [{"sku": "PUMP-7", "quantity": 1, "unitPrice": 10.0}],
                                "signer": {"name": "Ada Lovelace", "email": "ada@example.com"}}}).encode()
    ts = str(int(time.time()))
    sig = base64.b64encode(hmac.new(key, f"{event_id}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
    request = urllib.request.Request(f"{hub}/v1/webhooks/sales", data=body, method="POST", headers={
        "Content-Type": "application/json", "webhook-id": event_id, "webhook-timestamp": ts,
        "webhook-signature": "v1," + sig})
    urllib.request.urlopen(request).read()
PY
until=$(date -u -d '+1 second' +%Y-%m-%dT%H:%M:%S.%3NZ)
echo "posted $events orders; waiting for the live flow to book them ..."
for ((n = 0; n < 600; n++)); do
    booked=$(psql -d "$db" -qtAc "SELECT count(*) FROM sandbox_effect WHERE system_name = 'erp'
        AND operation = 'order.book' AND reference LIKE 'SO-R$run-%'")
    [ "$booked" -ge "$events" ] && break
    sleep 1
done

replay() {
    local label=$1 job status answer
    job=$(curl -sf -H "X-API-Key: $key" -H 'Content-Type: application/json' -X POST "$hub/v1/events/replay" \
        -d "{\"source\":\"sales\",\"since\":\"$since\",\"until\":\"$until\",\"flows\":[\"sales-order-intake\"]}" \
        | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
    while :; do
        answer=$(curl -sf -H "X-API-Key: $key" "$hub/v1/jobs/$job")
        status=$(sed -n 's/.*"status":"\([^"]*\)".*/\1/p' <<<"$answer")
        [ "$status" != running ] && break
        sleep 0.5
    done
    python3 - "$label" "$answer" <<'PY'
import json, sys
from datetime import datetime
label, job = sys.argv[1], json.loads(sys.argv[2])
took = (datetime.fromisoformat(job["finishedAt"].replace("Z", "+00:00"))
        - datetime.fromisoformat(job["startedAt"].replace("Z", "+00:00"))).total_seconds()
print(f"{label:<44} {job['status']}: {job['total']} events ({job['done']} done, {job['failed']} failed)"
      f" in {took:.1f} s = {job['total'] / took:.0f} events/s")
PY
}

echo "replay of sales-order-intake, $(nproc) cores, ERP limit lifted"
replay "steps already done (ledger skips them)"
psql -d "$db" -qc "DELETE FROM camel_messageprocessed WHERE messageId LIKE 'replay_${run}_%'" 2>/dev/null \
    || echo "(ledger table not found: second run measures the skip path again)"
replay "bookings forgotten (each event books again)"
