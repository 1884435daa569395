/**
 * True when `digits` (only 0-9) passes the Luhn check used by payment card numbers.
 *
 * @example
 * passesLuhn('4111111111111111') // true
 */
export function passesLuhn(digits: string): boolean {
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48
    if (double) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
    double = !double
  }
  return sum % 10 === 0
}

const CARD_MIN_DIGITS = 13
const CARD_MAX_DIGITS = 19

/**
 * True when a run of digit groups (`4111 1111 1111 1111`, `4111-1111-…`, `4111111111111111`)
 * contains a payment card number: 13–19 digits over whole groups, a major-network first digit
 * (2–6: Mastercard, Amex, Diners, JCB, Visa, Discover, UnionPay) and a valid Luhn checksum.
 * The first-digit rule keeps millisecond timestamps (`17…`) from being taken for cards. Every span
 * of whole groups is tried, so digits written next to a card do not hide it.
 *
 * @example
 * containsCardNumber('4111 1111 1111 1111') // true
 * containsCardNumber('1732874400000') // false: a timestamp
 */
export function containsCardNumber(text: string): boolean {
  const groups = text.split(/[ -]/)
  for (let first = 0; first < groups.length; first++) {
    const lead = (groups[first] as string).charCodeAt(0)
    let digits = ''
    for (let last = first; last < groups.length; last++) {
      digits += groups[last]
      if (digits.length > CARD_MAX_DIGITS) break
      if (digits.length >= CARD_MIN_DIGITS && lead >= 50 && lead <= 54 && passesLuhn(digits)) {
        return true
      }
    }
  }
  return false
}
