#!/usr/bin/env bash
# The reference business flow on a running hub (./mvnw spring-boot:run): posts a signed order.created as the sales
# system would, waits until the sandbox shows the order booked, the contract sent and signed, the ERP told and the
# sales status updated, then prints the sandbox ledgers' entries for the order and the event's way through the hub.
#   scripts/order-to-contract.sh [priority]          priority: CRITICAL, HIGH (default), NORMAL, LOW
# Environment: HUB_URL (default http://localhost:8080), HUB_AUTH (curl credentials for /v1/events, default the
# local profile's console login admin:admin).
set -euo pipefail
cd "$(dirname "$0")/.."
hub=${HUB_URL:-http://localhost:8080}
auth=${HUB_AUTH:-admin:admin}
priority=${1:-HIGH}
unique=$(date +%s%N | tail -c 9)
order="SO-$unique"
event="evt_$unique"

cat > "${TMPDIR:-/tmp}/order-$unique.json" <<JSON
{"type":"order.created","id":"$event","occurredAt":"$(date -u +%Y-%m-%dT%H:%M:%SZ)",
 "data":{"orderId":"$order","customerId":"C-42","priority":"$priority","currency":"EUR",
         "lines":[{"sku":"PUMP-7","quantity":2,"unitPrice":120.00}],
         "signer":{"name":"Ada Lovelace","email":"ada@example.com"}}}
JSON
echo "== POST /v1/webhooks/sales (order $order, event $event)"
WEBHOOK_ID=$event HUB_URL=$hub scripts/send-webhook.sh sales "${TMPDIR:-/tmp}/order-$unique.json" | sed -n '1p;$p'
rm -f "${TMPDIR:-/tmp}/order-$unique.json"

ledger_has() { # system operation
    curl -sf "$hub/sandbox/$1/ledger" | grep -q "\"operation\":\"$2\",\"reference\":\"$order\""
}
echo "== waiting for the flow"
for _ in $(seq 1 60); do
    if ledger_has sales order.status && ledger_has erp contract.signed; then break; fi
    sleep 1
done
for system in erp esign sales; do
    echo "== sandbox $system ledger, order $order"
    curl -sf "$hub/sandbox/$system/ledger" | python3 -c '
import json, sys
for effect in json.load(sys.stdin)["effects"]:
    if effect["reference"] == sys.argv[1]:
        print("  %-20s %-70s %s" % (effect["operation"], effect["idempotencyKey"], effect["at"]))' "$order"
done
echo "== GET /v1/events/sales/$event"
curl -sf -u "$auth" "$hub/v1/events/sales/$event" | python3 -m json.tool
ledger_has sales order.status || { echo "the order did not reach the sales status update within 60 s" >&2; exit 1; }
