-- wrk script (LuaJIT, Lua 5.1): POSTs a recommendation preview whose profile changes with every request.
--
--   PROFILES=unique  every request a different profile (a mixed-radix counter over every
--                    criterion's options, "unanswered" included, and the weights): no
--                    cache can help
--   PROFILES=mix     what a questionnaire's live preview sends: 1 000 answer paths drawn
--                    from a Zipf distribution (s = 1.1), each cut after a uniformly drawn
--                    number of answers, so the early states are shared by many people
--
-- CRITERIA_FILE holds one line per criterion: its id, then its option ids, separated by
-- spaces (bench/load.sh writes it from the running service's `criteria`). SELECTION_FILE
-- holds the selection set of `recommendation`.
local profiles = os.getenv("PROFILES") or "unique"

local criteria = {}
for line in io.lines(os.getenv("CRITERIA_FILE")) do
  local words = {}
  for w in line:gmatch("%S+") do words[#words + 1] = w end
  criteria[#criteria + 1] = { id = words[1], options = { unpack(words, 2) } }
end
local f = assert(io.open(os.getenv("SELECTION_FILE"), "rb"))
local selection = f:read("*a"):gsub("[\r\n]+", " ")
f:close()

local weights = { "1", "2", "0.5", "1.5", "3" }
local prefix = '{"query":"query Preview($p: ProfileInput!) { recommendation(profile: $p) { '
  .. selection:gsub('"', '\\"') .. ' } }","variables":{"p":{"answers":['
local suffix = ']}}}'

local function answer(c, option, weight)
  return '{"criterionId":"' .. c.id .. '","optionId":"' .. option .. '","weight":' .. weight .. '}'
end

-- unique: the request counter in mixed radix, one digit per criterion (an option, or none)
-- and one for the weight of the first answer.
local counter = 0
local function unique_body()
  counter = counter + 1
  local n = counter
  local parts = {}
  local w = weights[(n % #weights) + 1]
  n = math.floor(n / #weights)
  for _, c in ipairs(criteria) do
    local base = #c.options + 1
    local digit = n % base
    n = math.floor(n / base)
    if digit > 0 then
      parts[#parts + 1] = answer(c, c.options[digit], #parts == 0 and w or "1")
    end
  end
  return prefix .. table.concat(parts, ",") .. suffix
end

-- mix: 1 000 paths (a fixed seed: every run sends the same distribution).
local paths, cdf = {}, {}
local function build_mix()
  math.randomseed(20261126)
  local total = 0
  for p = 1, 1000 do
    local path = {}
    for i, c in ipairs(criteria) do
      path[i] = answer(c, c.options[math.random(#c.options)], weights[math.random(2)])
    end
    paths[p] = path
    total = total + 1 / p ^ 1.1
    cdf[p] = total
  end
  for p = 1, #cdf do cdf[p] = cdf[p] / total end
end
local function mix_body()
  local u, lo, hi = math.random(), 1, #cdf
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  local path = paths[lo]
  local len = math.random(#path)
  return prefix .. table.concat(path, ",", 1, len) .. suffix
end

if profiles == "mix" then build_mix() end
local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
local make = profiles == "mix" and mix_body or unique_body

request = function()
  return wrk.format("POST", "/graphql", headers, make())
end

-- Each wrk thread has its own Lua state: offset the counters so threads never repeat.
setup = function(thread)
  thread:set("thread_offset", math.random(1, 1000000) * 10000000)
end
init = function()
  counter = (thread_offset or 0)
end
