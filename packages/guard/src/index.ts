export { ConfigError, ErrorCode, GuardError } from './core/errors.js'
