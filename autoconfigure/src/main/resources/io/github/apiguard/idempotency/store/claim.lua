-- Claims an idempotency record, or answers why it cannot be claimed, in one round trip.
-- KEYS[1]: the record (a hash).
-- ARGV: fingerprint, owner token, lease (ms), record TTL (ms), now (ms since the epoch; empty for Redis TIME).
-- Returns {'CLAIMED'}, {'MISMATCH'}, {'IN_FLIGHT', lease left (ms)}, {'OUTCOME_UNKNOWN'}
-- or {'REPLAY', status, headers, body, body omitted ('1' or '0')}.
local now = tonumber(ARGV[5])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local record = redis.call('HMGET', KEYS[1], 'fp', 'state', 'lease', 'exp')
if not record[1] or tonumber(record[4]) <= now then
  -- Absent, or past its logical expiry (the Redis TTL only collects garbage): a fresh claim.
  if record[1] then
    redis.call('DEL', KEYS[1])
  end
  -- The TTL is kept so that a renewal can restart it.
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'state', 'P', 'owner', ARGV[2],
    'lease', string.format('%.0f', now + tonumber(ARGV[3])), 'exp', string.format('%.0f', now + tonumber(ARGV[4])),
    'ttl', ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return {'CLAIMED'}
end
if record[1] ~= ARGV[1] then
  return {'MISMATCH'}
end
if record[2] == 'C' then
  local stored = redis.call('HMGET', KEYS[1], 'status', 'headers', 'body', 'omitted')
  return {'REPLAY', stored[1], stored[2], stored[3], stored[4]}
end
local left = tonumber(record[3]) - now
if left > 0 then
  return {'IN_FLIGHT', string.format('%.0f', left)}
end
return {'OUTCOME_UNKNOWN'}
