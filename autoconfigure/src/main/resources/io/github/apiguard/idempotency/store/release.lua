-- Deletes a claimed record so a retry runs again, only for the owner of an in-flight claim (fencing).
-- KEYS[1]: the record. ARGV: owner token. Returns 1, or 0 when the claim was lost.
local record = redis.call('HMGET', KEYS[1], 'owner', 'state')
if record[1] ~= ARGV[1] or record[2] ~= 'P' then
  return 0
end
redis.call('DEL', KEYS[1])
return 1
