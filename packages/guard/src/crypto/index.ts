export { CryptoErrorCode } from './errors.js'
export type {
  FieldCipher,
  FieldCipherOptions,
  FieldCryptOptions,
  FieldKey,
} from './field-cipher.js'
export { createFieldCipher } from './field-cipher.js'
export type { PasswordHashOptions } from './password.js'
export {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  MAX_PASSWORD_BYTES,
  needsRehash,
  verifyPassword,
} from './password.js'
export type { ScryptParams } from './scrypt-hash-format.js'
