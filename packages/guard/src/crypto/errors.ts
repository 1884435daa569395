/** Stable codes of the crypto helpers. */
export const CryptoErrorCode = {
  /** The password to hash is empty or not a string. */
  passwordInvalid: 'ERR_PASSWORD_INVALID',
  /** The password is longer than the limit: refused before hashing (long-password DoS). */
  passwordTooLong: 'ERR_PASSWORD_TOO_LONG',
  /** A stored password hash is not a `$scrypt$…` string this module can read. */
  passwordHashInvalid: 'ERR_PASSWORD_HASH_INVALID',
  /** A stored ciphertext is not a field-cipher string. */
  ciphertextMalformed: 'ERR_CIPHERTEXT_MALFORMED',
  /** A ciphertext names a key id the cipher was not given (a key retired too early). */
  ciphertextKeyUnknown: 'ERR_CIPHERTEXT_KEY_UNKNOWN',
  /** Authentication failed: the ciphertext, its key id or the associated data were changed. */
  ciphertextTampered: 'ERR_CIPHERTEXT_TAMPERED',
} as const
