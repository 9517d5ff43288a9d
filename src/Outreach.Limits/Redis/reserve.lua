-- Check every cap of a touch and reserve it, in one atomic step.
-- KEYS: cap-history hashes and suppression hashes (one hash tag per bucket, so a call stays in one slot).
-- ARGV: now (unix s), touch key (30-bit hash of the touch id), channel (0-3), channel name, longest window (s),
--   suppression count n, then n x (key index, customer id or address),
--   then per history up to the end: key index, field, keep seconds per channel (4), rule count r,
--   then r x (window s, limit at this priority, channel counted or -1 for all).
-- A history is a string of 8-byte entries: u32 unix seconds, u32 touch key * 4 + channel.
-- Returns {0} reserved, {1} already reserved, {2, history, rule, count, eligible at or -1} denied, {3, suppression, reason}.
local now, touch, channel = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local longest = tonumber(ARGV[5])
local p = 7
for i = 1, tonumber(ARGV[6]) do
  local reason = redis.call('HGET', KEYS[tonumber(ARGV[p])], ARGV[4] .. '|' .. ARGV[p + 1])
  if reason then return {3, i, reason} end
  p = p + 2
end

local writes, histories, holders = {}, 0, 0
local denied, eligible = nil, now
while p <= #ARGV do
  histories = histories + 1
  local key, field = KEYS[tonumber(ARGV[p])], ARGV[p + 1]
  local keep = {tonumber(ARGV[p + 2]), tonumber(ARGV[p + 3]), tonumber(ARGV[p + 4]), tonumber(ARGV[p + 5])}
  local rules = tonumber(ARGV[p + 6])
  p = p + 7
  local raw = redis.call('HGET', key, field)
  local kept, times, channels, holds, whole = {}, {}, {}, false, true
  if raw then
    for i = 1, #raw, 8 do
      local at, word = struct.unpack('<I4I4', raw, i)
      local c = word % 4
      if now - at < keep[c + 1] then
        kept[#kept + 1] = i
        times[#times + 1] = at
        channels[#channels + 1] = c
        if math.floor(word / 4) == touch then holds = true end
      else
        whole = false
      end
    end
  end
  if holds then
    holders = holders + 1
  else
    for r = 1, rules do
      local window, limit, only = tonumber(ARGV[p]), tonumber(ARGV[p + 1]), tonumber(ARGV[p + 2])
      local counted = {}
      for i = 1, #times do
        if now - times[i] < window and (only < 0 or channels[i] == only) then counted[#counted + 1] = times[i] end
      end
      if #counted >= limit then
        -- Room comes back when enough of the oldest counted touches leave the window; never for a limit of 0.
        local at = -1
        if limit > 0 then
          table.sort(counted)
          at = counted[#counted - limit + 1] + window
        end
        if at < 0 or eligible < 0 then eligible = -1 elseif at > eligible then eligible = at end
        if not denied then denied = {2, histories, r, #counted} end
      end
      p = p + 3
    end
    local aged = nil
    if not whole then aged = kept end
    writes[#writes + 1] = {key, field, raw, aged}
  end
  if holds then p = p + 3 * rules end
end

if denied then
  denied[5] = eligible
  return denied
end
if histories > 0 and holders == histories then return {1} end

for _, write in ipairs(writes) do
  local key, field, raw, kept = write[1], write[2], write[3] or '', write[4]
  if kept then
    -- Some entries aged out: keep only the others.
    local parts = {}
    for i = 1, #kept do parts[i] = string.sub(raw, kept[i], kept[i] + 7) end
    raw = table.concat(parts)
  end
  redis.call('HSET', key, field, raw .. struct.pack('<I4I4', now, touch * 4 + channel))
  redis.call('PEXPIRE', key, longest * 1000)
  -- The bucket lives while any of its customers is touched, so customers no longer touched are swept: on one write
  -- in four (by touch hash), four random fields are looked at and dropped if nothing in them counts any more.
  if touch % 4 == 0 then
    local sample = redis.call('HRANDFIELD', key, 4, 'WITHVALUES')
    for i = 1, #sample, 2 do
      local value, newest = sample[i + 1], 0
      for j = 1, #value, 8 do
        local at = struct.unpack('<I4', value, j)
        if at > newest then newest = at end
      end
      if now - newest >= longest then redis.call('HDEL', key, sample[i]) end
    end
  end
end
return {0}
