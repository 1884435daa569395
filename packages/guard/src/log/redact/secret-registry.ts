/**
 * Exact secret values known at run time (loaded by the secrets module, or registered by the user),
 * shared by every redactor in the process: a secret loaded once must vanish from every log line,
 * error record and alert, whichever guard writes it.
 */

/** Registered values at least this long are also removed from inside longer strings. */
export const MIN_EMBEDDED_SECRET_LENGTH = 6

/** Registered secrets are meant for credentials loaded at start, not per-request values. */
export const MAX_REGISTERED_SECRETS = 1000

const secrets = new Set<string>()
let version = 0

/**
 * Registers a secret value: from now on it is redacted wherever it appears in log lines, error
 * records and alerts. Values shorter than 6 characters are redacted only where they are the whole
 * string, since removing them from inside other text would blank out ordinary words.
 *
 * @example
 * const dbPassword = await getSecret('prod/db/password')
 * registerSecret(dbPassword)
 */
export function registerSecret(value: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError('registerSecret expects a non-empty string')
  }
  if (secrets.has(value)) return
  if (secrets.size >= MAX_REGISTERED_SECRETS) {
    throw new RangeError(
      `registerSecret holds at most ${MAX_REGISTERED_SECRETS} values: register long-lived credentials, not per-request data`,
    )
  }
  secrets.add(value)
  version++
}

/**
 * Changes whenever a secret is registered, so redactors know to recompile.
 *
 * @example
 * if (secretRegistryVersion() !== compiledFor) recompile()
 */
export function secretRegistryVersion(): number {
  return version
}

/**
 * The registered values (read-only view).
 *
 * @example
 * registeredSecrets().has(value)
 */
export function registeredSecrets(): ReadonlySet<string> {
  return secrets
}
