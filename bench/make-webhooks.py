#!/usr/bin/env python3
"""Writes N unique, signed standard-webhooks requests of about 1 KiB each as raw HTTP/1.1 text, one file per
wrk thread, so the load generator spends no time on HMACs during the run."""
import base64, hashlib, hmac, json, sys, time

path, count, secret, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
label = sys.argv[5] if len(sys.argv) > 5 else "bench"  # runs in the same second must not share ids
key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
now = int(time.time())
pad = "x" * 700
for t in range(threads):
    with open(f"{path}.{t}", "w") as out:
        for i in range(count):
            event_id = f"{label}_{now}_{t}_{i}"
            body = json.dumps({"type": "order.created", "id": event_id, "occurredAt": "2026-01-01T10:00:00Z",
                               "data": {"orderId": f"SO-{t}-{i}", "customerId": "C-42", "priority": "HIGH",
                                        "currency": "EUR", "lines": [{"sku": "PUMP-7", "quantity": 2,
                                                                      "unitPrice": 120.0}],
                                        "note": pad}}, separators=(",", ":"))
            signed = f"{event_id}.{now}.{body}".encode()
            sig = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
            # One request per line: headers and body joined with tabs, split again by the Lua script.
            out.write("\t".join([event_id, str(now), "v1," + sig, body]) + "\n")
