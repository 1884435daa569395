// The bank's users and accounts. A real deployment keeps them in a database; the example keeps
// them in memory so that it runs with nothing installed. Passwords are stored as scrypt hashes
// only, as a database would store them.
import { hashPassword, type PasswordHashOptions, verifyPassword } from '@bulwark/guard/crypto'

export type Role = 'customer' | 'manager'

export interface User {
  readonly id: string
  readonly username: string
  readonly role: Role
  passwordHash: string
}

export interface Account {
  readonly id: string
  readonly owner: string
  readonly currency: 'EUR' | 'USD'
  balance: number
}

/** What the owner of an account is told about money that reached it. */
export interface Notification {
  readonly owner: string
  readonly transactionId: string
  readonly account: string
  readonly from: string
  /** In cents. */
  readonly amount: number
  readonly currency: 'EUR' | 'USD'
  readonly reference?: string | undefined
  readonly bookedAt: string
}

/** What each role may do: cached with the session and checked by the guard on every route. */
export const PERMISSIONS: Readonly<Record<Role, readonly string[]>> = {
  customer: ['accounts:read', 'transfers:create', 'account:update'],
  manager: ['accounts:read', 'reports:manage', 'account:update'],
}

/** Demo credentials printed by `npm start`; never do this outside an example. */
// bulwark-ignore hardcoded-secret: demo users of a local example, printed by npm start on purpose
export const DEMO_USERS = [
  { username: 'alice', password: 'correct horse battery staple', role: 'customer' as const },
  { username: 'bob', password: 'tr0ub4dor&3-but-longer', role: 'customer' as const },
  { username: 'mallory-manager', password: 'reports are my life 2026', role: 'manager' as const },
]

/**
 * The OWASP scrypt cost (128 MiB, a few hundred ms per hash) unless BANK_PASSWORD_COST=test, which
 * the test suite sets so a dozen logins do not take minutes on a busy CI machine. Both hashing and
 * checking use it, so an unknown user still costs exactly what a known one does.
 */
const passwordCost: PasswordHashOptions =
  process.env.BANK_PASSWORD_COST === 'test' ? { params: { ln: 12, r: 8, p: 1 } } : {}

/** Checks a password against a stored hash (or none, for an unknown user) at the bank's cost. */
export function checkPassword(stored: string | undefined, password: string): Promise<boolean> {
  return verifyPassword(stored, password, passwordCost)
}

/** Hashes a new password at the bank's cost. */
export function hashNewPassword(password: string): Promise<string> {
  return hashPassword(password, passwordCost)
}

const users = new Map<string, User>()
const accounts = new Map<string, Account>()
const notifications = new Map<string, Notification>()
let seeded: Promise<void> | undefined

/** Creates the demo users once (hashing takes a moment at the OWASP cost). */
export function seedDirectory(): Promise<void> {
  seeded ??= (async () => {
    for (const [index, demo] of DEMO_USERS.entries()) {
      const id = `u${index + 1}`
      users.set(demo.username, {
        id,
        username: demo.username,
        role: demo.role,
        passwordHash: await hashNewPassword(demo.password),
      })
      accounts.set(`acc-${id}`, { id: `acc-${id}`, owner: id, currency: 'EUR', balance: 10_000_00 })
    }
  })()
  return seeded
}

export async function findUser(username: string): Promise<User | undefined> {
  await seedDirectory()
  return users.get(username)
}

export async function findUserById(id: string): Promise<User | undefined> {
  await seedDirectory()
  for (const user of users.values()) if (user.id === id) return user
  return undefined
}

export async function accountsOf(owner: string): Promise<Account[]> {
  await seedDirectory()
  return [...accounts.values()].filter((a) => a.owner === owner)
}

export async function findAccount(id: string): Promise<Account | undefined> {
  await seedDirectory()
  return accounts.get(id)
}

/**
 * Records a notification once per transaction and says whether it is new: SQS delivers a message
 * at least once, and a message delivered twice must not tell the customer twice.
 */
export async function recordNotification(notification: Notification): Promise<boolean> {
  await seedDirectory()
  if (notifications.has(notification.transactionId)) return false
  // bulwark-ignore module-scope-user-data: this directory stands in for the bank's database; a deployment writes notifications there
  notifications.set(notification.transactionId, notification)
  return true
}

export async function notificationsOf(owner: string): Promise<Notification[]> {
  await seedDirectory()
  return [...notifications.values()].filter((n) => n.owner === owner)
}
