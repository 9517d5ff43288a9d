-- Remove a touch's entries from its histories. KEYS: the hashes; ARGV: touch key, then one field per key.
-- Returns the number of entries removed.
local touch, removed = tonumber(ARGV[1]), 0
for k = 1, #KEYS do
  local raw = redis.call('HGET', KEYS[k], ARGV[k + 1])
  if raw then
    local kept = {}
    for i = 1, #raw, 8 do
      local _, word = struct.unpack('<I4I4', raw, i)
      if math.floor(word / 4) == touch then removed = removed + 1 else kept[#kept + 1] = string.sub(raw, i, i + 7) end
    end
    if #kept == 0 then redis.call('HDEL', KEYS[k], ARGV[k + 1]) else redis.call('HSET', KEYS[k], ARGV[k + 1], table.concat(kept)) end
  end
end
return removed
