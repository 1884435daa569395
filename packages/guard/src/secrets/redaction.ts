import { registerSecret } from '../log/redact/secret-registry.js'
import { jsonStringValues } from './json-secret.js'

/**
 * Registers a value as it arrives from the provider, before anyone can log it: the whole text,
 * and each string inside it when it is a JSON object (a password logged on its own must vanish
 * too).
 *
 * @example
 * registerLoadedSecret('{"username":"app","password":"s3cr3t-pw"}')
 */
export function registerLoadedSecret(value: string): void {
  if (value === '') return
  registerSecret(value)
  for (const inner of jsonStringValues(value)) registerSecret(inner)
}
