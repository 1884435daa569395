// Tests that need a real service (Redis, PostgreSQL, Chromium) ask here first.
// Without the service they are skipped with a message saying how to run them;
// with BULWARK_REQUIRE_SERVICES=1 (set by .ci/run) a missing service fails instead.
import { existsSync } from 'node:fs'
import { connect } from 'node:net'

export type Service = 'redis' | 'postgres' | 'chromium'

const HOW_TO_RUN: Record<Service, string> = {
  redis:
    'start Redis on 127.0.0.1:6379 (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no)',
  postgres: 'start PostgreSQL on 127.0.0.1:5432 with trust auth and a database named test',
  chromium: 'install Chromium at /usr/bin/chromium (apt-get update && apt-get install -y chromium)',
}

export const CHROMIUM_PATH = '/usr/bin/chromium'

function portAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(2000, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

// A loaded machine (CI runs test files four at a time on two cores) can take seconds to accept a
// connection, so a service counts as missing only after three refusals or silences in a row.
async function portAnswersWithRetries(port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await portAnswers(port)) return true
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return false
}

async function isAvailable(service: Service): Promise<boolean> {
  switch (service) {
    case 'redis':
      return portAnswersWithRetries(6379)
    case 'postgres':
      return portAnswersWithRetries(5432)
    case 'chromium':
      return existsSync(CHROMIUM_PATH)
  }
}

/**
 * `false` when the service answers; otherwise the skip message for node:test's `skip` option.
 * Throws when BULWARK_REQUIRE_SERVICES=1, so CI cannot pass by skipping.
 *
 * @example
 * describe('redis store', { skip: await skipUnless('redis') }, () => { ... })
 */
export async function skipUnless(service: Service): Promise<string | false> {
  if (await isAvailable(service)) return false
  const message = `${service} is not available: skipped. To run these tests, ${HOW_TO_RUN[service]}.`
  if (process.env.BULWARK_REQUIRE_SERVICES === '1') {
    throw new Error(`${message} (BULWARK_REQUIRE_SERVICES=1 makes this a failure)`)
  }
  console.warn(`SKIPPED: ${message}`)
  return message
}
