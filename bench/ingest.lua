-- wrk script: each thread posts the pre-signed unique webhooks from its own file, in order.
-- Environment: BENCH_FILE (prefix of the files), BENCH_PATH (target path), BENCH_RATE (optional, requests per
-- second for all connections together; paces each connection with delay()).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  requests, index = {}, 0
  local file = io.open(os.getenv("BENCH_FILE") .. "." .. id, "r")
  local path = os.getenv("BENCH_PATH")
  for line in file:lines() do
    local event_id, ts, sig, body = line:match("([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)")
    requests[#requests + 1] = wrk.format("POST", path, {
      ["Content-Type"] = "application/json",
      ["webhook-id"] = event_id,
      ["webhook-timestamp"] = ts,
      ["webhook-signature"] = sig,
    }, body)
  end
  file:close()
  statuses = {}
  local rate = tonumber(os.getenv("BENCH_RATE") or "")
  local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "32")
  pause = rate and (1000 * connections / rate) or nil
end

function request()
  index = index + 1
  if index > #requests then index = 1 end
  return requests[index]
end

function delay()
  return pause and math.floor(pause) or 0
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50=%.2f p99=%.2f requests=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status))
end
