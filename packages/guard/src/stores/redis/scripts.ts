/**
 * The Lua scripts of the Redis store: each multi-step operation is one script, so it is atomic and
 * one round trip. Conventions: ARGV[1] is the key prefix (keys that depend on what the script reads,
 * such as the user's rate-limit key, are built from it; put the prefix in a hash tag, `{bulwark}:`,
 * on Redis Cluster so that every key lands in one slot); times are integer ms from the caller's
 * clock, and TTLs are only ever relative to it (never PEXPIREAT) and only clean up: the times
 * stored in the values decide. The hot path (rate limits and authentication, one script per
 * request) is in `hot-path-scripts.ts`.
 */

/**
 * Sessions and keys stay this long past their logical end, so that a late request is told
 * "expired" (ERR_AUTH_EXPIRED) rather than "unknown"; memory.ts keeps the same grace.
 */
export const EXPIRED_GRACE_MS = 3_600_000

/**
 * Sessions refresh their key's TTL once per step of this many ms of the caller's clock rather
 * than on every request (see `hot-path-scripts.ts`): the first request of a step sets it with
 * `SESSION_TTL_MARGIN_MS`, which covers the rest of the step, so the key still outlives the
 * session's logical end by `EXPIRED_GRACE_MS` at least.
 */
export const TTL_STEP_MS = 60_000

/** TTL past a session's logical end, set at creation and at the first request of each step. */
export const SESSION_TTL_MARGIN_MS = EXPIRED_GRACE_MS + TTL_STEP_MS

/** KEYS = session key, user index; ARGV = id, u, p, d, v, c, x, i */
export const CREATE_SESSION = `
local c, x, i = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
redis.call('HSET', KEYS[1], 'u', ARGV[2], 'p', ARGV[3], 'd', ARGV[4], 'v', ARGV[5], 'c', ARGV[6],
  'x', ARGV[7], 'i', ARGV[8], 'l', ARGV[6], 'a', ARGV[6], 'n', 0)
redis.call('PEXPIRE', KEYS[1], math.ceil(math.min(i, x - c)) + ${SESSION_TTL_MARGIN_MS})
redis.call('SADD', KEYS[2], ARGV[1])
local ttl = redis.call('PTTL', KEYS[2])
if ttl < x - c then redis.call('PEXPIRE', KEYS[2], math.ceil(x - c)) end
return 1
`

/** KEYS = session key; ARGV = prefix, id */
export const REVOKE_SESSION = `
local userId = redis.call('HGET', KEYS[1], 'u')
if not userId then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[1] .. 'us:' .. userId, ARGV[2])
return 1
`

/** KEYS = user index; ARGV = prefix */
export const REVOKE_USER_SESSIONS = `
local ids = redis.call('SMEMBERS', KEYS[1])
local count = 0
for _, id in ipairs(ids) do count = count + redis.call('DEL', ARGV[1] .. 's:' .. id) end
redis.call('DEL', KEYS[1])
return count
`

/** KEYS = user index; ARGV = prefix, now. Reply: flat list of 11 fields per live session. */
export const LIST_USER_SESSIONS = `
local now = tonumber(ARGV[2])
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. 's:' .. id
  local f = redis.call('HMGET', key, 'u', 'p', 'd', 'v', 'c', 'x', 'i', 'l', 'a', 'n')
  if not f[1] or now >= tonumber(f[6]) or now - tonumber(f[8]) >= tonumber(f[7]) then
    redis.call('DEL', key)
    redis.call('SREM', KEYS[1], id)
  else
    out[#out + 1] = id
    for i = 1, 10 do out[#out + 1] = f[i] end
  end
end
return out
`

/** KEYS = session key; ARGV = now */
export const REAUTHENTICATE_SESSION = `
local now = tonumber(ARGV[1])
local f = redis.call('HMGET', KEYS[1], 'x', 'i', 'l')
if not f[1] or now >= tonumber(f[1]) or now - tonumber(f[3]) >= tonumber(f[2]) then return 0 end
redis.call('HSET', KEYS[1], 'a', ARGV[1])
return 1
`

/** KEYS = key hash, owner index; ARGV = id, o, s, m, c, x */
export const CREATE_API_KEY = `
redis.call('HSET', KEYS[1], 'o', ARGV[2], 's', ARGV[3], 'm', ARGV[4], 'c', ARGV[5], 'x', ARGV[6], 'l', 0, 'n', 0)
local x = tonumber(ARGV[6])
if x ~= 0 then redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(x - tonumber(ARGV[5]))) + ${EXPIRED_GRACE_MS}) end
redis.call('SADD', KEYS[2], ARGV[1])
return 1
`

/** KEYS = key hash; ARGV = prefix, id */
export const REVOKE_API_KEY = `
local owner = redis.call('HGET', KEYS[1], 'o')
if not owner then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[1] .. 'ok:' .. owner, ARGV[2])
return 1
`

/**
 * KEYS = old key hash, new key hash; ARGV = prefix, newId, createdAt, expiresAt, oldExpiresAt, now
 * Reply: {} when the old key is gone, else the new key's o, s, m
 */
export const ROTATE_API_KEY = `
local now = tonumber(ARGV[6])
local f = redis.call('HMGET', KEYS[1], 'o', 'x', 's', 'm')
if not f[1] then return {} end
local x = tonumber(f[2])
if x ~= 0 and now >= x then return {} end
local graceEnd = tonumber(ARGV[5])
if x == 0 or graceEnd < x then x = graceEnd end
redis.call('HSET', KEYS[1], 'x', x)
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(x - now)) + ${EXPIRED_GRACE_MS})
redis.call('HSET', KEYS[2], 'o', f[1], 's', f[3], 'm', f[4], 'c', ARGV[3], 'x', ARGV[4], 'l', 0, 'n', 0)
local nx = tonumber(ARGV[4])
if nx ~= 0 then redis.call('PEXPIRE', KEYS[2], math.max(1, math.ceil(nx - tonumber(ARGV[3]))) + ${EXPIRED_GRACE_MS}) end
redis.call('SADD', ARGV[1] .. 'ok:' .. f[1], ARGV[2])
return { f[1], f[3], f[4] }
`

/** KEYS = owner index; ARGV = prefix, now. Reply: flat list of 8 fields per live key. */
export const LIST_API_KEYS = `
local now = tonumber(ARGV[2])
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. 'k:' .. id
  local f = redis.call('HMGET', key, 'o', 's', 'm', 'c', 'x', 'l', 'n')
  if not f[1] or (tonumber(f[5]) ~= 0 and now >= tonumber(f[5])) then
    redis.call('SREM', KEYS[1], id)
  else
    out[#out + 1] = id
    for i = 1, 7 do out[#out + 1] = f[i] end
  end
end
return out
`

/** KEYS = revoked-before key; ARGV = beforeMs, retainMs */
export const REVOKE_USER_TOKENS_BEFORE = `
local before = tonumber(ARGV[1])
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) > before then before = tonumber(current) end
redis.call('SET', KEYS[1], before, 'PX', ARGV[2])
return 1
`

/**
 * Login state lives in hashes with logical times (last failure, window start, lock end), never in
 * key TTLs, so that the caller's clock alone decides (TTLs only clean up, generously).
 * KEYS = pair key, user key; ARGV = now, pairThreshold, pairBase, pairMax, pairMemory,
 * userThreshold, userWindow, userLock.
 * Reply: { allowed 0|1, scope ('' | pair | user), lockedUntil, pairFailures, userFailures }
 */
export const LOGIN_BEGIN = `
local now = tonumber(ARGV[1])
local pairThreshold, pairBase, pairMax, pairMemory = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local userThreshold, userWindow, userLock = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local p = redis.call('HMGET', KEYS[1], 'n', 'u', 'f')
local u = redis.call('HMGET', KEYS[2], 'n', 'u', 'w')
local pn, pu, pf = tonumber(p[1] or '0'), tonumber(p[2] or '0'), tonumber(p[3] or '0')
local un, uu, uw = tonumber(u[1] or '0'), tonumber(u[2] or '0'), tonumber(u[3] or '0')
if pu > now then return { 0, 'pair', pu, pn, un } end
if uu > now then return { 0, 'user', uu, pn, un } end
if now - pf >= pairMemory then pn = 0 end
if now >= uw + userWindow then un = 0; uw = now end
pn = pn + 1
un = un + 1
local userFailures = un
local lockedUntil, scope = 0, ''
if pn >= pairThreshold then
  pu = now + math.min(pairBase * 2 ^ (pn - pairThreshold), pairMax)
  lockedUntil, scope = pu, 'pair'
end
if un >= userThreshold then
  uu = now + userLock
  un = 0
  if uu > lockedUntil then lockedUntil, scope = uu, 'user' end
end
redis.call('HSET', KEYS[1], 'n', pn, 'u', pu, 'f', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(pairMemory, pu - now)))
redis.call('HSET', KEYS[2], 'n', un, 'u', uu, 'w', uw)
redis.call('PEXPIRE', KEYS[2], math.ceil(math.max(uw + userWindow, uu) - now))
return { 1, scope, lockedUntil, pn, userFailures }
`

/** KEYS = pair key, user key; ARGV = now, userWindow */
export const LOGIN_SUCCEEDED = `
redis.call('DEL', KEYS[1])
local u = redis.call('HMGET', KEYS[2], 'n', 'w')
if u[1] and tonumber(u[1]) > 0 and tonumber(ARGV[1]) < tonumber(u[2]) + tonumber(ARGV[2]) then
  redis.call('HINCRBY', KEYS[2], 'n', -1)
end
return 1
`

/** KEYS = ip counter, block counter; ARGV = now, window */
/**
 * Alert de-duplication. KEYS[1] = al:<fingerprint>, a hash of e (window end) and s (suppressed
 * since the last alert sent). ARGV: now, window, retain (how long a suppressed count waits to be
 * reported with the next alert). Returns {first (0/1), suppressed}.
 */
export const COUNT_ALERT = `
local now, window, retain = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local c = redis.call('HMGET', KEYS[1], 'e', 's')
local ends, suppressed = tonumber(c[1] or '0'), tonumber(c[2] or '0')
if now < ends then
  redis.call('HINCRBY', KEYS[1], 's', 1)
  return {0, 0}
end
redis.call('HSET', KEYS[1], 'e', now + window, 's', 0)
redis.call('PEXPIRE', KEYS[1], window + retain)
return {1, suppressed}
`

export const LOGIN_FAILED = `
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local out = {}
for i = 1, 2 do
  local c = redis.call('HMGET', KEYS[i], 'n', 'w')
  local n, w = tonumber(c[1] or '0'), tonumber(c[2] or '0')
  if now >= w + window then n = 0; w = now end
  n = n + 1
  redis.call('HSET', KEYS[i], 'n', n, 'w', w)
  redis.call('PEXPIRE', KEYS[i], math.ceil(w + window - now))
  out[i] = n
end
return out
`
