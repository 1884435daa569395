import { json } from '@bulwark/guard'
import { z } from 'zod'
import { guard } from '../guard.js'

const KeyRequest = z.object({ name: z.string().min(1).max(64) })

/**
 * POST /api-keys: a read-only key for the reporting job. The key is shown once; only its hash is
 * kept. Keys can read reports and nothing else: they never move money.
 */
export const create = guard.http(
  { auth: { permissions: ['reports:manage'], stepUp: '5m' }, body: KeyRequest },
  async (req, ctx) => {
    const owner = ctx.user?.userId as string
    const issued = await guard.apiKeys.create({
      owner,
      scopes: ['reports:read'],
      name: req.body.name,
      expiresIn: '90d',
    })
    ctx.audit('auth.api_key.created', { owner, keyId: issued.id, scopes: ['reports:read'] })
    return json(201, {
      key: issued.key,
      id: issued.id,
      expiresAt: new Date(issued.expiresAt).toISOString(),
    })
  },
)

/** GET /reports/daily: what the reporting job reads with its API key (GET only: keys never write). */
export const dailyReport = guard.http(
  { auth: { apiKey: { scopes: ['reports:read'] } }, rateLimit: { apiKey: '60/min' } },
  (_req, ctx) =>
    json(200, {
      generatedFor: ctx.user?.userId,
      date: new Date().toISOString().slice(0, 10),
      transfers: 0,
    }),
)
