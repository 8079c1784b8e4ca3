#!/usr/bin/env python3
"""Posts N signed order.created webhooks (standard-webhooks, source "sales") from 8 threads and waits until the
sandbox ERP has filed every order's signed contract. Prints orders per second (first post to last contract) and the
p50/p95 time from an order's 202 to its contract.signed, from the ledger's own timestamps."""
import base64, datetime, hashlib, hmac, json, sys, time, urllib.request, uuid
from concurrent.futures import ThreadPoolExecutor

base, count, secret = sys.argv[1], int(sys.argv[2]), sys.argv[3]
key = base64.b64decode(secret[len("whsec_"):])
run = uuid.uuid4().hex[:6]
posted = {}

def post(i):
    order_id, event_id, now = f"SO-{run}-{i}", f"evt_{run}_{i}", int(time.time())
    body = json.dumps({"type": "order.created", "id": event_id, "occurredAt": "2026-01-01T10:00:00Z",
                       "data": {"orderId": order_id, "customerId": "C-42", "priority": "HIGH", "currency": "EUR",
                                "lines": [{"sku": "PUMP-7", "quantity": 2, "unitPrice": 120.0}],
                                "signer": {"name": "Ada Lovelace", "email": "ada@example.com"}}}).encode()
    sig = base64.b64encode(hmac.new(key, f"{event_id}.{now}.".encode() + body, hashlib.sha256).digest()).decode()
    request = urllib.request.Request(base + "/v1/webhooks/sales", data=body, method="POST", headers={
        "Content-Type": "application/json", "webhook-id": event_id, "webhook-timestamp": str(now),
        "webhook-signature": "v1," + sig})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 202, answer.status
    posted[order_id] = time.time()

start = time.time()
with ThreadPoolExecutor(8) as pool:
    list(pool.map(post, range(count)))
signed = {}
deadline = time.time() + 300
while len(signed) < count and time.time() < deadline:
    ledger = json.load(urllib.request.urlopen(base + "/sandbox/erp/ledger", timeout=30))
    for effect in ledger["effects"]:
        if effect["operation"] == "contract.signed" and effect["reference"] in posted:
            signed[effect["reference"]] = datetime.datetime.fromisoformat(effect["at"].replace("Z", "+00:00")).timestamp()
    time.sleep(0.5)
if len(signed) < count:
    print(f"RESULT orders={count} signed={len(signed)} timeout=1")
    sys.exit(1)
latencies = sorted(signed[o] - posted[o] for o in signed)
rate = count / (max(signed.values()) - start)
print(f"RESULT orders={count} rate={rate:.2f} p50={latencies[len(latencies) // 2] * 1000:.0f} "
      f"p95={latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f}")
