-- Completes a claimed record with its response, only for the owner of an in-flight claim (fencing).
-- KEYS[1]: the record. ARGV: owner token, status, headers, body, body omitted ('1' or '0'), TTL (ms),
-- now (ms since the epoch; empty for Redis TIME). Returns 1, or 0 when the claim was lost.
local record = redis.call('HMGET', KEYS[1], 'owner', 'state')
if record[1] ~= ARGV[1] or record[2] ~= 'P' then
  return 0
end
local now = tonumber(ARGV[7])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
redis.call('HSET', KEYS[1], 'state', 'C', 'status', ARGV[2], 'headers', ARGV[3], 'body', ARGV[4],
  'omitted', ARGV[5], 'exp', string.format('%.0f', now + tonumber(ARGV[6])))
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1
