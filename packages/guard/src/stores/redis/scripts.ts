/**
 * The Lua scripts of the Redis store: each multi-step operation is one script, so it is atomic and
 * one round trip. Conventions: ARGV[1] is the key prefix (keys that depend on what the script reads,
 * such as the user's rate-limit key, are built from it; put the prefix in a hash tag, `{bulwark}:`,
 * on Redis Cluster so that every key lands in one slot); times are integer ms from the caller's
 * clock, and TTLs are only ever relative to it (never PEXPIREAT) and only clean up: the times
 * stored in the values decide; floats travel as `%.17g` strings so they round-trip exactly. The GCRA arithmetic mirrors
 * `stores/gcra.ts` operation by operation.
 */

/**
 * Sessions and keys stay this long past their logical end, so that a late request is told
 * "expired" (ERR_AUTH_EXPIRED) rather than "unknown"; memory.ts keeps the same grace.
 */
export const EXPIRED_GRACE_MS = 3_600_000

const GCRA = `
local EPS = 1e-6
local function fmt(x) return string.format('%.17g', x) end
-- one GCRA step: allowed, tat to store, remaining, retry ms, reset ms
local function gcra(key, now, limit, window)
  local interval = window / limit
  local stored = redis.call('GET', key)
  local tat = now
  if stored then tat = math.max(tonumber(stored), now) end
  local nextTat = tat + interval
  local allowAt = nextTat - window
  if allowAt - now > EPS then
    return false, tat, 0, math.ceil(allowAt - now), math.ceil(tat - now)
  end
  return true, nextTat, math.floor((now + window - nextTat) / interval + EPS), 0, math.ceil(nextTat - now)
end
-- all-or-nothing consume of a group; appends (name index, remaining, reset) to out
-- returns nil when all passed, else index (1-based within group) of the longest wait and the wait
local function consume(keys, limits, windows, now, out)
  local steps = {}
  local worst, worstRetry = nil, -1
  for i = 1, #keys do
    local ok, tat, remaining, retry, reset = gcra(keys[i], now, limits[i], windows[i])
    steps[i] = { ok, tat, remaining, reset }
    if not ok and retry > worstRetry then worst, worstRetry = i, retry end
  end
  for i = 1, #keys do
    local s = steps[i]
    local remaining = s[3]
    if worst == nil then
      redis.call('SET', keys[i], fmt(s[2]), 'PX', math.ceil(s[2] - now))
    elseif s[1] then
      remaining = remaining + 1
    end
    out[#out + 1] = remaining
    out[#out + 1] = s[4]
  end
  return worst, worstRetry
end
`

/**
 * authenticate: KEYS = pre-limit keys…, [credential key]
 * ARGV = prefix, now, nPre, (limit, window)×nPre, kind ('' | s | k | j), credential args…,
 *        nSub, (keyPrefix, subject u|c, limit, window)×nSub
 * reply = { status, deniedIndex (0-based over all limits, -1), retryMs, nStates, (remaining, reset)×n,
 *           record fields… }   status: 0 ok, 1 limited, 2 missing, 3 expired, 4 revoked
 */
export const AUTHENTICATE = `${GCRA}
local prefix = ARGV[1]
local now = tonumber(ARGV[2])
local nPre = tonumber(ARGV[3])
local a = 4
local preKeys, preLimits, preWindows = {}, {}, {}
for i = 1, nPre do
  preKeys[i] = KEYS[i]
  preLimits[i] = tonumber(ARGV[a]); preWindows[i] = tonumber(ARGV[a + 1]); a = a + 2
end
local states = {}
local function reply(status, denied, retry, record)
  local r = { status, denied, retry, #states / 2 }
  for i = 1, #states do r[#r + 1] = states[i] end
  if record then for i = 1, #record do r[#r + 1] = record[i] end end
  return r
end
local worst, retry = consume(preKeys, preLimits, preWindows, now, states)
if worst then return reply(1, worst - 1, retry) end
local kind = ARGV[a]; a = a + 1
if kind == '' then return reply(0, -1, 0) end

local ckey = KEYS[nPre + 1]
local userId, credId, record
local ok_finish
if kind == 's' then
  credId = ARGV[a]; a = a + 1
  local f = redis.call('HMGET', ckey, 'u', 'p', 'd', 'v', 'c', 'x', 'i', 'l', 'a', 'n')
  if not f[1] then return reply(2, -1, 0) end
  local expiresAt, idle, last = tonumber(f[6]), tonumber(f[7]), tonumber(f[8])
  if now >= expiresAt or now - last >= idle then
    redis.call('DEL', ckey)
    redis.call('SREM', prefix .. 'us:' .. f[1], credId)
    return reply(3, -1, 0)
  end
  userId = f[1]
  record = { f[1], f[2], f[3], f[4], f[5], f[6], f[7], tostring(now), f[9], tostring(tonumber(f[10]) + 1) }
  ok_finish = function()
    redis.call('HINCRBY', ckey, 'n', 1)
    redis.call('HSET', ckey, 'l', now)
    redis.call('PEXPIRE', ckey, math.ceil(math.min(idle, expiresAt - now)) + ${EXPIRED_GRACE_MS})
  end
elseif kind == 'k' then
  credId = ARGV[a]; a = a + 1
  local f = redis.call('HMGET', ckey, 'o', 's', 'm', 'c', 'x', 'l', 'n')
  if not f[1] then return reply(2, -1, 0) end
  local expiresAt = tonumber(f[5])
  if expiresAt ~= 0 and now >= expiresAt then
    redis.call('DEL', ckey)
    redis.call('SREM', prefix .. 'ok:' .. f[1], credId)
    return reply(3, -1, 0)
  end
  userId = f[1]
  record = { f[1], f[2], f[3], f[4], f[5], tostring(now), tostring(tonumber(f[7]) + 1) }
  ok_finish = function()
    redis.call('HINCRBY', ckey, 'n', 1)
    redis.call('HSET', ckey, 'l', now)
  end
else
  userId = ARGV[a]; local issuedAt = tonumber(ARGV[a + 1]); local jti = ARGV[a + 2]; a = a + 3
  credId = jti
  if jti ~= '' then
    local until_ = redis.call('GET', prefix .. 'jti:' .. jti)
    if until_ and tonumber(until_) > now then return reply(4, -1, 0) end
  end
  local before = redis.call('GET', prefix .. 'rb:' .. userId)
  if before and issuedAt < tonumber(before) then return reply(4, -1, 0) end
  record = { userId }
  ok_finish = function() end
end

local nSub = tonumber(ARGV[a]); a = a + 1
local subKeys, subLimits, subWindows = {}, {}, {}
for i = 1, nSub do
  local subject = userId
  if ARGV[a + 1] == 'c' then subject = credId end
  subKeys[i] = prefix .. 'rl:' .. ARGV[a] .. subject
  subLimits[i] = tonumber(ARGV[a + 2]); subWindows[i] = tonumber(ARGV[a + 3]); a = a + 4
end
worst, retry = consume(subKeys, subLimits, subWindows, now, states)
if worst then return reply(1, nPre + worst - 1, retry) end
ok_finish()
return reply(0, -1, 0, record)
`

/** KEYS = session key, user index; ARGV = id, u, p, d, v, c, x, i */
export const CREATE_SESSION = `
local c, x, i = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
redis.call('HSET', KEYS[1], 'u', ARGV[2], 'p', ARGV[3], 'd', ARGV[4], 'v', ARGV[5], 'c', ARGV[6],
  'x', ARGV[7], 'i', ARGV[8], 'l', ARGV[6], 'a', ARGV[6], 'n', 0)
redis.call('PEXPIRE', KEYS[1], math.ceil(math.min(i, x - c)) + ${EXPIRED_GRACE_MS})
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
