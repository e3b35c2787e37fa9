-- wrk script for bench/server.ts. Arguments after `--`: `create BODY_FILE`, or
-- `consume IDS_FILE THREADS`. Consume: thread k asks for ids k, k+THREADS, k+2×THREADS, …, so no
-- id is asked for twice. done() prints one line, `ZEPHR_BENCH {json}`, latencies in milliseconds.
local count = 0
function setup(thread)
  thread:set("tid", count)
  count = count + 1
end

local kind, ids, next_id, stride, create_request

function init(args)
  kind = args[1]
  if kind == "create" then
    local f = assert(io.open(args[2], "rb"))
    wrk.method = "POST"
    wrk.path = "/api/secrets"
    wrk.body = f:read("*a")
    f:close()
    wrk.headers["Content-Type"] = "application/json"
    create_request = wrk.format()
  else
    ids = {}
    for line in io.lines(args[2]) do ids[#ids + 1] = line end
    stride = tonumber(args[3])
    next_id = tid + 1
  end
end

function request()
  if kind == "create" then return create_request end
  local id = ids[((next_id - 1) % #ids) + 1]
  next_id = next_id + stride
  return wrk.format("GET", "/api/secrets/" .. id)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'ZEPHR_BENCH {"requests":%d,"duration_us":%d,"p50":%.3f,"p99":%.3f,"max":%.3f,"status_errors":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
