-- Shared by bench/wrk/*.lua (loaded with dofile): counts failed answers per thread and prints one
-- machine-readable RESULT line at the end. An answer fails when its status is not 2xx or, when
-- WRK_EXPECT is set, its body lacks that text. wrk's own "Requests/sec" counts failed answers
-- too; bench/wrk.sh reports ok_per_s instead, so a failure is never counted as throughput.
local threads = {}
failed = 0         -- globals: one Lua state per wrk thread, read back in done() with thread:get
first_failure = ""

local expect = os.getenv("WRK_EXPECT")
if expect == "" then expect = nil end

function setup(thread)
  table.insert(threads, thread)
end

-- Counts a failed answer and keeps the first one for the report.
function reject(status, body)
  failed = failed + 1
  if first_failure == "" then
    first_failure = "HTTP " .. status .. " " .. string.sub(body or "", 1, 200):gsub("%s+", " ")
  end
  return false
end

-- True when the answer is a success; otherwise rejects it.
function accepted(status, body)
  if status >= 200 and status <= 299 and (expect == nil or (body and body:find(expect, 1, true))) then
    return true
  end
  return reject(status, body)
end

function done(summary, latency, requests)
  local bad, first = 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("failed")
    if first == "" then first = thread:get("first_failure") end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local ok = summary.requests - bad
  io.write(string.format("RESULT ok=%d failed=%d socket_errors=%d seconds=%.3f ok_per_s=%.1f p50_us=%d p99_us=%d\n",
    ok, bad, e.connect + e.read + e.write + e.timeout, seconds, ok / seconds,
    latency:percentile(50), latency:percentile(99)))
  if first ~= "" then io.write("FIRST_FAILURE ", first, "\n") end
  if e.connect + e.read + e.write + e.timeout > 0 then -- timeout: no answer within wrk's 2 s
    io.write(string.format("SOCKET_ERRORS connect=%d read=%d write=%d timeout=%d\n",
      e.connect, e.read, e.write, e.timeout))
  end
end
