#!/usr/bin/env bash
# Posts a signed webhook to a running hub, the way an external system would (Standard Webhooks scheme).
#   scripts/send-webhook.sh [source] [body-file]      e.g. scripts/send-webhook.sh sales docs/examples/order-created.json
# Environment: HUB_URL (default http://localhost:8080), WEBHOOK_SECRET (default: the local profile's sales secret),
# WEBHOOK_ID (default: a new id).
set -euo pipefail
source_name=${1:-sales}
body_file=${2:-}
hub=${HUB_URL:-http://localhost:8080}
secret=${WEBHOOK_SECRET:-whsec_bG9jYWwtc2FsZXMtc2VjcmV0LWZvci1kZXY=}
id=${WEBHOOK_ID:-msg_$(date +%s%N)}
ts=$(date +%s)
if [ -n "$body_file" ]; then body=$(cat "$body_file"); else
    body='{"type":"order.created","id":"'"$id"'","occurredAt":"2026-01-01T10:00:00Z","data":{"orderId":"SO-1001","customerId":"C-42","priority":"HIGH","currency":"EUR","lines":[{"sku":"PUMP-7","quantity":2,"unitPrice":120.00}],"signer":{"name":"Ada Lovelace","email":"ada@example.com"}}}'
fi
key_hex=$(printf '%s' "${secret#whsec_}" | base64 -d | od -An -tx1 | tr -d ' \n')
signature=$(printf '%s.%s.%s' "$id" "$ts" "$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64)
curl -s -i -X POST "$hub/v1/webhooks/$source_name" \
    -H 'Content-Type: application/json' \
    -H "webhook-id: $id" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$signature" \
    --data-binary "$body"
echo
