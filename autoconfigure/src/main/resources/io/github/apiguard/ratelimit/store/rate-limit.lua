-- apiguard: every limit of one request, all or nothing, in one call.
-- KEYS[i]: the state of limit i; all in one hash slot (<prefix>:rl:{<client>}:<policy>:<limit>:<definition>).
-- ARGV[1]: now in microseconds since the epoch, or empty to use the server's TIME.
-- ARGV[2]: how many ms longer than its state means anything a key is kept: 0 on the server's time; on the
--          application's time, which Redis' expiry does not follow, enough that no key goes while the
--          application's clock still needs it.
-- Then 7 arguments per limit, from ARGV[3]:
--   rate:  'r', units (the cost, saturated by the caller), emission interval (µs), burst, -, -, -
--   quota: 'q', units, quota, e0, e1, e2, - (period ends in µs: the caller's period is [e0, e1), so a
--          server clock slightly behind or ahead of the caller's still picks the right period)
-- Returns {allowed, now, then per limit: conforming, remaining, reset (µs), retry after (µs)}.
-- Numbers are doubles: microsecond timestamps stay exact up to 2^53 (year 2255). They are written back
-- with string.format('%.0f'), never tostring, which would round them to 14 digits. The limits' bounds
-- (Limit.MAX_UNITS, Limit.MAX_SPAN) and the caller's saturated units keep every sum and product below 2^53,
-- and the dividends of the floor divisions (at most a capacity, 3650 days in µs) so far below it that
-- math.floor(a / b) is the exact integer quotient: this script and LimitArithmetic agree to the unit and
-- the microsecond (RateLimiterAgreementTests).
-- Stored state is trusted only in the shape this script writes: a key of another type (a limit of the same
-- name that was once of another kind) or a value that is no integer is treated as absent, and overwritten
-- if the request is admitted. So one client's bad state never fails the call, for it or anyone else.
local function integer(value)
	if type(value) == 'string' and #value <= 16 and string.find(value, '^%-?%d+$') then
		return tonumber(value)
	end
	return nil
end
local now
if ARGV[1] == '' then
	local time = redis.call('TIME')
	now = tonumber(time[1]) * 1000000 + tonumber(time[2])
else
	now = tonumber(ARGV[1])
end
local slack = tonumber(ARGV[2])
local allowed = 1
local result = { 0, now }
local writes = {}
local replace = {}
for i = 1, #KEYS do
	local base = 3 + (i - 1) * 7
	local kind = ARGV[base]
	local cost = tonumber(ARGV[base + 1])
	if kind == 'r' then
		local interval = tonumber(ARGV[base + 2])
		local capacity = interval * tonumber(ARGV[base + 3])
		-- pcall: a key of another type answers an error table instead of failing the script.
		local stored = integer(redis.pcall('GET', KEYS[i]))
		local tat = now
		if stored and stored > now then
			tat = stored
		end
		local newTat = tat + cost * interval
		local allowAt = newTat - capacity
		if now < allowAt then
			allowed = 0
			local remaining = math.max(0, math.floor((capacity - (tat - now)) / interval))
			table.insert(result, 0); table.insert(result, remaining)
			table.insert(result, tat); table.insert(result, allowAt - now)
		else
			local remaining = math.max(0, math.floor((capacity - (newTat - now)) / interval))
			table.insert(result, 1); table.insert(result, remaining)
			table.insert(result, newTat); table.insert(result, 0)
			writes[i] = { 'r', newTat }
		end
	else
		local quota = tonumber(ARGV[base + 2])
		local periodEnd = tonumber(ARGV[base + 3])
		if now >= tonumber(ARGV[base + 4]) then
			periodEnd = tonumber(ARGV[base + 5])
		elseif now >= periodEnd then
			periodEnd = tonumber(ARGV[base + 4])
		end
		local stored = redis.pcall('HMGET', KEYS[i], 'e', 'u')
		local used = 0
		if stored.err then
			replace[i] = true
		elseif integer(stored[1]) == periodEnd then
			local storedUsed = integer(stored[2])
			if storedUsed and storedUsed > 0 then
				used = storedUsed
			end
		end
		if used + cost > quota then
			allowed = 0
			table.insert(result, 0); table.insert(result, math.max(0, quota - used))
			table.insert(result, periodEnd); table.insert(result, periodEnd - now)
		else
			table.insert(result, 1); table.insert(result, quota - used - cost)
			table.insert(result, periodEnd); table.insert(result, 0)
			writes[i] = { 'q', periodEnd, used + cost }
		end
	end
end
result[1] = allowed
if allowed == 1 then
	for i = 1, #KEYS do
		local write = writes[i]
		if write[1] == 'r' then
			-- The TAT means nothing once it is past: let the key go then.
			redis.call('SET', KEYS[i], string.format('%.0f', write[2]), 'PX',
				string.format('%.0f', math.floor((write[2] - now) / 1000) + 1 + slack))
		else
			if replace[i] then
				-- HSET cannot write over another type (SET can).
				redis.call('DEL', KEYS[i])
			end
			redis.call('HSET', KEYS[i], 'e', string.format('%.0f', write[2]), 'u', string.format('%.0f', write[3]))
			-- Relative, not PEXPIREAT: with the application's clock, now need not be the server's time.
			redis.call('PEXPIRE', KEYS[i], string.format('%.0f', math.floor((write[2] - now) / 1000) + 1000 + slack))
		end
	end
end
return result
