-- Extends the lease of an in-flight claim, only for its owner (fencing).
-- KEYS[1]: the record. ARGV: owner token, lease (ms), now (ms since the epoch; empty for Redis TIME).
-- Returns 1, or 0 when the claim was lost or already has its outcome.
local record = redis.call('HMGET', KEYS[1], 'owner', 'state')
if record[1] ~= ARGV[1] or record[2] ~= 'P' then
  return 0
end
local now = tonumber(ARGV[3])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
redis.call('HSET', KEYS[1], 'lease', string.format('%.0f', now + tonumber(ARGV[2])))
return 1
