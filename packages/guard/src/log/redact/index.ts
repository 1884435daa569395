export { DEFAULT_KEY_TERMS } from './key-terms.js'
export { createRedactor, type RedactOptions, type Redactor } from './redactor.js'
export { registerSecret } from './secret-registry.js'
