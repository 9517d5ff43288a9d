-- wrk script for bench/api.sh: POST /events, one purchase per request, each with an id of its own (so none is a
-- duplicate) for a customer of the simulated store, spread over all of them. Settings come from the environment.
local run = os.getenv("BENCH_RUN") or "run"
local key = os.getenv("BENCH_API_KEY")
local customers = tonumber(os.getenv("BENCH_CUSTOMERS") or "10000")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local sent = 0
request = function()
  sent = sent + 1
  local customer = string.format("C%07d", (sent * 7919 + tid * 104729) % customers + 1)
  local body = string.format(
    '{"id":"%s-%d-%d","customerId":"%s","type":"purchase","amount":%d.50}', run, tid, sent, customer, sent % 300 + 5)
  return wrk.format("POST", "/events", { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }, body)
end
