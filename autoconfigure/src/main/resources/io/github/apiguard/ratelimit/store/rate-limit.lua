-- apiguard: every limit of one request, all or nothing, in one call.
-- KEYS[i]: the state of limit i; all in one hash slot (<prefix>:rl:{<client>}:<policy>:<limit>:<definition>).
-- ARGV[1]: now in microseconds since the epoch, or empty to use the server's TIME.
-- ARGV[2]: how many ms longer than its state means anything a key is kept: 0 on the server's time; on the
--          application's time, which Redis' expiry does not follow, enough that no key goes while the
--          application's clock still needs it.
-- Then, from ARGV[3], per limit in the order of KEYS:
--   rate:  'r', units (the cost, saturated by the caller), emission interval (µs), capacity (interval × burst, µs)
--   quota: 'q', units, quota, e0, e1, e2 (period ends in µs: the caller's period is [e0, e1), so a server
--          clock slightly behind or ahead of the caller's still picks the right period)
-- Returns, per limit: conforming (1 or 0), remaining, reset (µs), retry after (µs). The request is admitted,
-- and its limits consumed, only when every limit conforms.
-- Numbers are doubles: microsecond timestamps stay exact up to 2^53 (year 2255). Timestamps are written back
-- with string.format('%.0f'), never tostring, which would round them to 14 digits, nor as numbers, which
-- Redis 7 may write in exponent notation. The limits' bounds (Limit.MAX_UNITS, Limit.MAX_SPAN) and the
-- caller's saturated units keep every sum and product below 2^53, and the dividends of the floor divisions
-- (at most a capacity, 3650 days in µs) so far below it that floor(a / b) is the exact integer quotient: this
-- script and LimitArithmetic agree to the unit and the microsecond (RateLimiterAgreementTests).
-- Stored state is trusted only in the shape this script writes: a key of another type (a limit of the same
-- name that was once of another kind) or a value that is no integer is treated as absent, and overwritten
-- if the request is admitted. So one client's bad state never fails the call, for it or anyone else.
-- Speed: this runs for every request. Library functions are looked up once; arguments used only in
-- arithmetic are left as strings, which Lua's arithmetic converts, so most need no tonumber call; the result
-- is filled by index; the write pass reads what to store from the result instead of a table of writes.
local tonumber, floor, find, format, call, pcall = tonumber, math.floor, string.find, string.format, redis.call,
	redis.pcall
local function integer(value)
	if type(value) == 'string' and #value <= 16 and find(value, '^%-?%d+$') then
		return tonumber(value)
	end
	return nil
end
local now = ARGV[1]
if now == '' then
	local time = call('TIME')
	now = time[1] * 1000000 + time[2]
else
	now = tonumber(now)
end
-- Sized for the common single limit up front, so that filling it does not resize it.
local result = (#KEYS == 1) and { 0, 0, 0, 0 } or {}
local allowed = true
local replace
local at = 3
for i = 1, #KEYS do
	local r = 4 * i - 3
	local cost = ARGV[at + 1]
	if ARGV[at] == 'r' then
		local interval, capacity = ARGV[at + 2], ARGV[at + 3]
		at = at + 4
		-- pcall: a key of another type answers an error table instead of failing the script. Any stored
		-- number that is an exact integer is a TAT this script may have written (the written form, digits
		-- only, need not be checked: a TAT means the same however it is spelled); tonumber's NaN, infinities
		-- and fractions are not, and are treated as absent.
		local tat = tonumber(pcall('GET', KEYS[i]))
		if not tat or tat < now or tat % 1 ~= 0 or tat > 9007199254740992 then
			tat = now
		end
		local newTat = tat + cost * interval
		local allowAt = newTat - capacity
		if now < allowAt then
			allowed = false
			local remaining = floor((capacity - (tat - now)) / interval)
			result[r], result[r + 1], result[r + 2], result[r + 3] = 0, (remaining > 0) and remaining or 0, tat,
				allowAt - now
		else
			-- Conforming: newTat - now is at most the capacity, so nothing is negative.
			result[r], result[r + 1], result[r + 2], result[r + 3] = 1, floor((capacity - (newTat - now)) / interval),
				newTat, 0
		end
	else
		local quota = tonumber(ARGV[at + 2])
		local periodEnd = tonumber(ARGV[at + 3])
		if now >= tonumber(ARGV[at + 4]) then
			periodEnd = tonumber(ARGV[at + 5])
		elseif now >= periodEnd then
			periodEnd = tonumber(ARGV[at + 4])
		end
		at = at + 6
		local stored = pcall('HMGET', KEYS[i], 'e', 'u')
		local used = 0
		if stored.err then
			replace = replace or {}
			replace[i] = true
		elseif integer(stored[1]) == periodEnd then
			local storedUsed = integer(stored[2])
			if storedUsed and storedUsed > 0 then
				used = storedUsed
			end
		end
		if used + cost > quota then
			allowed = false
			result[r], result[r + 1], result[r + 2], result[r + 3] = 0, (quota > used) and quota - used or 0,
				periodEnd, periodEnd - now
		else
			result[r], result[r + 1], result[r + 2], result[r + 3] = 1, quota - used - cost, periodEnd, 0
		end
	end
end
if allowed then
	local slack = ARGV[2]
	at = 3
	for i = 1, #KEYS do
		local reset = result[4 * i - 1]
		if ARGV[at] == 'r' then
			at = at + 4
			-- The TAT means nothing once it is past: let the key go then. (The expiry is below 10^14 ms, which
			-- Lua's own number-to-string conversion writes exactly.)
			call('SET', KEYS[i], format('%.0f', reset), 'PX', (floor((reset - now) / 1000) + 1 + slack) .. '')
		else
			-- What was used: the quota less what remains.
			local used = ARGV[at + 2] - result[4 * i - 2]
			at = at + 6
			if replace and replace[i] then
				-- HSET cannot write over another type (SET can).
				call('DEL', KEYS[i])
			end
			call('HSET', KEYS[i], 'e', format('%.0f', reset), 'u', format('%.0f', used))
			-- Relative, not PEXPIREAT: with the application's clock, now need not be the server's time.
			call('PEXPIRE', KEYS[i], (floor((reset - now) / 1000) + 1000 + slack) .. '')
		end
	end
end
return result
