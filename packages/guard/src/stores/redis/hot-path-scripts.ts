/**
 * The two scripts of the hot path, written for the Redis server's time: every request runs one of
 * them (`bench/redis-script-cost.ts` measures each path). What they avoid: number-to-string
 * conversions in Lua (a number handed to `redis.call` is converted by Redis, exactly; strings from
 * ARGV go back as they came), reading fields the request does not need, a second command where
 * one does (HSET of last seen and count together), a PEXPIRE on every request (see `TTL_STEP_MS`),
 * and answering what the client already holds (the record cache).
 *
 * Reply of both: `{ status, deniedIndex (-1 when none), retryMs, nStates, (remaining, reset)×nStates,
 * record… }`, flat integers and strings; status 0 ok, 1 limited, 2 missing, 3 expired, 4 revoked.
 */
import { SESSION_TTL_MARGIN_MS, TTL_STEP_MS } from './scripts.js'

/** GCRA over a group of cells, all-or-nothing; mirrors `stores/gcra.ts` operation by operation. */
const CONSUME_GROUP = `
local EPS = 1e-6
-- Cell i: key keys[i], limit ARGV[a], window ARGV[a + 1], a stepping by stride. Appends
-- (remaining, reset) per cell to out. Returns the 1-based cell with the longest wait (nil when
-- all passed, and then all are stored) and that wait.
local function consume(keys, n, a, stride, now, out)
  local base = #out
  local tats = {}
  local worst, worstRetry = nil, -1
  for i = 1, n do
    local limit, window = tonumber(ARGV[a]), tonumber(ARGV[a + 1])
    a = a + stride
    local interval = window / limit
    local stored = redis.call('GET', keys[i])
    local tat = now
    if stored then tat = math.max(tonumber(stored), now) end
    local nextTat = tat + interval
    local allowAt = nextTat - window
    if allowAt - now > EPS then
      local retry = math.ceil(allowAt - now)
      if retry > worstRetry then worst, worstRetry = i, retry end
      out[base + 2 * i - 1] = 0
      out[base + 2 * i] = math.ceil(tat - now)
    else
      tats[i] = nextTat
      out[base + 2 * i - 1] = math.floor((now + window - nextTat) / interval + EPS)
      out[base + 2 * i] = math.ceil(nextTat - now)
    end
  end
  if worst then
    -- nothing consumed: a cell that would have passed still has its request
    for i = 1, n do
      if tats[i] then out[base + 2 * i - 1] = out[base + 2 * i - 1] + 1 end
    end
  else
    for i = 1, n do redis.call('SET', keys[i], tats[i], 'PX', math.ceil(tats[i] - now)) end
  end
  return worst, worstRetry
end
`

/**
 * Limits only (public routes, `ctx.limit`, refusals that still count against the IP).
 * KEYS = limit keys; ARGV = now, (limit, window)×#KEYS
 */
export const CONSUME = `${CONSUME_GROUP}
local out = { 0, -1, 0, #KEYS }
local worst, retry = consume(KEYS, #KEYS, 2, 2, tonumber(ARGV[1]), out)
if worst then out[1] = 1; out[2] = worst - 1; out[3] = retry end
return out
`

/**
 * Pre-auth limits, then the credential, then the limits of its subject, then the count and last
 * seen: one request's admission.
 *
 * KEYS = pre-limit keys…, then for a session or API key its hash; for a JWT the user's
 *        revoked-before key and, when it has a jti, the jti key.
 * ARGV = now, nPre, (limit, window)×nPre, kind, credential args, nSub,
 *        (full key prefix, subject u|c, limit, window)×nSub
 *   session  's', id, store prefix, createdAt the client has cached ('' for none)
 *   API key  'k', id, store prefix, createdAt the client has cached ('' for none)
 *   JWT      'j', userId, issuedAt, jti ('' for none)
 * Record after the states, when ok:
 *   session  authenticatedAt, invocations, and unless the cached createdAt matched:
 *            userId, permissions, data, device, createdAt, expiresAt, idleMs
 *   API key  expiresAt (rotation shortens it), invocations, and unless the cached createdAt
 *            matched: owner, scopes, name, createdAt
 *   JWT      nothing
 * The cache can only shrink the reply: existence, expiry and revocation are read every time.
 */
export const AUTHENTICATE = `${CONSUME_GROUP}
local now = tonumber(ARGV[1])
local nPre = tonumber(ARGV[2])
local out = { 0, -1, 0, nPre }
local worst, retry
if nPre > 0 then
  worst, retry = consume(KEYS, nPre, 3, 2, now, out)
  if worst then out[1] = 1; out[2] = worst - 1; out[3] = retry; return out end
end
local a = 3 + 2 * nPre
local kind = ARGV[a]
local ckey = KEYS[nPre + 1]
local f, subject, credId
if kind == 's' then
  credId = ARGV[a + 1]
  f = redis.call('HMGET', ckey, 'u', 'x', 'i', 'l', 'a', 'n', 'c')
  if not f[1] then out[1] = 2; return out end
  local expiresAt, last = tonumber(f[2]), tonumber(f[4])
  if now >= expiresAt or now - last >= tonumber(f[3]) then
    redis.call('DEL', ckey)
    redis.call('SREM', ARGV[a + 2] .. 'us:' .. f[1], credId)
    out[1] = 3; return out
  end
elseif kind == 'k' then
  credId = ARGV[a + 1]
  f = redis.call('HMGET', ckey, 'o', 'x', 'n', 'c')
  if not f[1] then out[1] = 2; return out end
  local expiresAt = tonumber(f[2])
  if expiresAt ~= 0 and now >= expiresAt then
    redis.call('DEL', ckey)
    redis.call('SREM', ARGV[a + 2] .. 'ok:' .. f[1], credId)
    out[1] = 3; return out
  end
else
  credId = ARGV[a + 3]
  local before = redis.call('GET', ckey)
  if before and tonumber(ARGV[a + 2]) < tonumber(before) then out[1] = 4; return out end
  if credId ~= '' then
    local until_ = redis.call('GET', KEYS[nPre + 2])
    if until_ and tonumber(until_) > now then out[1] = 4; return out end
  end
end
local userId = f and f[1] or ARGV[a + 1]
a = a + 4
local nSub = tonumber(ARGV[a])
if nSub > 0 then
  local subKeys = {}
  for i = 1, nSub do
    local j = a + 4 * i - 3
    if ARGV[j + 1] == 'c' then subKeys[i] = ARGV[j] .. credId else subKeys[i] = ARGV[j] .. userId end
  end
  worst, retry = consume(subKeys, nSub, a + 3, 4, now, out)
  out[4] = nPre + nSub
  if worst then out[1] = 1; out[2] = nPre + worst - 1; out[3] = retry; return out end
end
if kind == 's' then
  local count = tonumber(f[6]) + 1
  redis.call('HSET', ckey, 'l', ARGV[1], 'n', count)
  local last = tonumber(f[4])
  if math.floor(now / ${TTL_STEP_MS}) ~= math.floor(last / ${TTL_STEP_MS}) then
    local ttl = math.min(tonumber(f[3]), tonumber(f[2]) - now)
    redis.call('PEXPIRE', ckey, math.ceil(ttl) + ${SESSION_TTL_MARGIN_MS})
  end
  out[#out + 1] = f[5]
  out[#out + 1] = count
  if f[7] ~= ARGV[a - 1] then
    local g = redis.call('HMGET', ckey, 'p', 'd', 'v')
    out[#out + 1] = f[1]; out[#out + 1] = g[1]; out[#out + 1] = g[2]; out[#out + 1] = g[3]
    out[#out + 1] = f[7]; out[#out + 1] = f[2]; out[#out + 1] = f[3]
  end
elseif kind == 'k' then
  local count = tonumber(f[3]) + 1
  redis.call('HSET', ckey, 'l', ARGV[1], 'n', count)
  out[#out + 1] = f[2]
  out[#out + 1] = count
  if f[4] ~= ARGV[a - 1] then
    local g = redis.call('HMGET', ckey, 's', 'm')
    out[#out + 1] = f[1]; out[#out + 1] = g[1]; out[#out + 1] = g[2]; out[#out + 1] = f[4]
  end
end
return out
`
