-- Extends the lease of an in-flight claim, only for its owner (fencing), and restarts the record's TTL: a
-- request running longer than its TTL stays in flight, and should it crash, duplicates still get "outcome
-- unknown" for a whole TTL. The hash's Redis TTL follows, so Redis never collects a record still in use.
-- KEYS[1]: the record. ARGV: owner token, lease (ms), now (ms since the epoch; empty for Redis TIME).
-- Returns 1, or 0 when the claim was lost or already has its outcome.
local record = redis.call('HMGET', KEYS[1], 'owner', 'state', 'exp', 'ttl')
if record[1] ~= ARGV[1] or record[2] ~= 'P' then
  return 0
end
local now = tonumber(ARGV[3])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local lease = tonumber(ARGV[2])
-- Records claimed before the TTL was kept in the hash live at least as long as the lease.
local ttl = math.max(tonumber(record[4]) or lease, lease)
local exp = math.max(tonumber(record[3]) or 0, now + ttl)
redis.call('HSET', KEYS[1], 'lease', string.format('%.0f', now + lease), 'exp', string.format('%.0f', exp))
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', exp - now))
return 1
