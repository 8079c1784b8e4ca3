#!/usr/bin/env python3
"""Writes N unique, signed order.created webhooks (Standard Webhooks) for the order-to-contract flow, one file per
wrk thread, in the line format of ingest.lua. The order id is the event id, so a sales status update in the
sandbox ledger (reference = order id) joins its webhook receipt."""
import base64, hashlib, hmac, json, sys, time

path, count, secret, threads, label = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
now = int(time.time())
for t in range(threads):
    with open(f"{path}.{t}", "w") as out:
        for i in range(count // threads):
            event_id = f"{label}_{now}_{t}_{i}"
            body = json.dumps({"type": "order.created", "id": event_id, "occurredAt": "2026-01-01T10:00:00Z",
                               "data": {"orderId": event_id, "customerId": "C-42", "priority": "NORMAL",
                                        "currency": "EUR",
                                        "lines": [{"sku": "PUMP-7", "quantity": 2, "unitPrice": 120.0}],
                                        "signer": {"name": "Ada Lovelace", "email": "ada@example.com"}}},
                              separators=(",", ":"))
            sig = base64.b64encode(hmac.new(key, f"{event_id}.{now}.{body}".encode(), hashlib.sha256).digest())
            out.write("\t".join([event_id, str(now), "v1," + sig.decode(), body]) + "\n")
