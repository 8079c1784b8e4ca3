-- wrk script: each thread posts the pre-signed unique webhooks from its own file, in order (a plain GET when
-- BENCH_FILE is unset, for the liveness probes).
-- Environment: BENCH_FILE (prefix of the request files), BENCH_PATH (target path), BENCH_RATE (optional: paced
-- load of that many requests per second over all connections; each connection waits a random pause, uniform
-- between 0 and twice the mean 1000 * connections / rate ms, before each request), BENCH_CONNECTIONS,
-- BENCH_EXPECT (the status counted as expected, default 202), BENCH_ONCE=1 (send each request once, then stop).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  requests, index, unexpected = {}, 0, 0
  local prefix = os.getenv("BENCH_FILE")
  local path = os.getenv("BENCH_PATH")
  expected = tonumber(os.getenv("BENCH_EXPECT") or "202")
  if prefix == nil or prefix == "" then
    requests[1] = wrk.format("GET", path)
  else
    local file = io.open(prefix .. "." .. id, "r")
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
  end
  local rate = tonumber(os.getenv("BENCH_RATE") or "")
  local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "32")
  mean_pause = rate and (1000 * connections / rate) or nil
  math.randomseed(os.time() + id)
  once = os.getenv("BENCH_ONCE") == "1"
end

function request()
  index = index + 1
  if index > #requests then
    -- BENCH_ONCE: each request once, then this thread stops (flow.sh posts every order exactly once)
    if once then wrk.thread:stop() end
    index = 1
  end
  return requests[index]
end

function delay()
  if mean_pause == nil then return 0 end
  return math.random() * 2 * mean_pause
end

function response(status)
  if status ~= expected then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local other = 0
  for _, thread in ipairs(threads) do other = other + thread:get("unexpected") end
  io.write(string.format("RESULT rps=%.0f p50=%.2f p99=%.2f requests=%d unexpected=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, other,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
