// The bank's HTTP API: each value is the Lambda handler serverless.yml deploys, keyed the way API
// Gateway routes it, so the same table serves the API locally.
import { handler as accounts } from './handlers/accounts.js'
import { create as createApiKey, dailyReport } from './handlers/api-keys.js'
import { handler as health } from './handlers/health.js'
import { handler as login } from './handlers/login.js'
import { handler as logout } from './handlers/logout.js'
import { handler as changePassword } from './handlers/password.js'
import { handler as reauthenticate } from './handlers/reauthenticate.js'
import { list as listSessions, revoke as revokeSession } from './handlers/sessions.js'
import { handler as transfer } from './handlers/transfers.js'

export const routes = {
  'GET /health': health,
  'POST /login': login,
  'POST /logout': logout,
  'POST /reauthenticate': reauthenticate,
  'GET /sessions': listSessions,
  'DELETE /sessions/{id}': revokeSession,
  'GET /accounts': accounts,
  'POST /transfers': transfer,
  'POST /password': changePassword,
  'POST /api-keys': createApiKey,
  'GET /reports/daily': dailyReport,
}
