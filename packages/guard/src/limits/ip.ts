// Client addresses for rate-limit and alert keys: parsed by hand rather than with ipaddr.js, which
// brought 12 KB (minified) to every bundle for the three things needed here, and cost more per
// request than the rest of admission. ip.test.ts checks this parser against ipaddr.js as an oracle.

/** Where every address that does not parse is counted: one shared, conservative bucket. */
export const INVALID_IP = 'invalid'

/**
 * The canonical form of a client address: IPv4 dotted decimal, IPv6 compressed (RFC 5952) without
 * a zone, and IPv4-mapped IPv6 (`::ffff:192.0.2.1`) as the IPv4 address it carries, so one client
 * cannot get two rate-limit buckets by switching notation. Anything that is not an address is
 * `'invalid'` (one shared bucket), never an error.
 *
 * @example
 * normalizeIp('::ffff:192.0.2.1') // '192.0.2.1'
 * normalizeIp('2001:DB8:0:0::1')  // '2001:db8::1'
 */
export function normalizeIp(ip: string): string {
  const address = parseAddress(ip)
  if (address === undefined) return INVALID_IP
  return address.length === 4 ? address.join('.') : formatIPv6(address)
}

/**
 * The block an address belongs to: its IPv4 /24 or its IPv6 /64 (what one customer usually gets
 * from a provider), for limits and alerts that an attacker cannot dodge by moving across a subnet.
 *
 * @example
 * ipBlock('203.0.113.77')           // '203.0.113.0/24'
 * ipBlock('2001:db8:1:2:3:4:5:6')   // '2001:db8:1:2::/64'
 * ipBlock('::ffff:203.0.113.77')    // '203.0.113.0/24'
 */
export function ipBlock(ip: string): string {
  const address = parseAddress(ip)
  if (address === undefined) return INVALID_IP
  if (address.length === 4) return `${address[0]}.${address[1]}.${address[2]}.0/24`
  return `${formatIPv6([address[0], address[1], address[2], address[3], 0, 0, 0, 0] as number[])}/64`
}

/** Four octets for IPv4 (IPv4-mapped IPv6 included), eight 16-bit groups for IPv6. */
function parseAddress(ip: string): number[] | undefined {
  if (typeof ip !== 'string' || ip.length === 0 || ip.length > 64) return undefined
  let text = ip.trim()
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1)
  const zone = text.indexOf('%')
  if (zone !== -1) text = text.slice(0, zone)
  if (!text.includes(':')) return parseIPv4(text)
  const groups = parseIPv6(text)
  if (groups === undefined || !isIPv4Mapped(groups)) return groups
  const high = groups[6] as number
  const low = groups[7] as number
  return [high >> 8, high & 0xff, low >> 8, low & 0xff]
}

/**
 * Only the four-part dotted decimal form: '1.2.3', '0x7f.1' or '010.0.0.1' are not client addresses
 * (and inet_aton would read them as something else).
 */
function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const octets: number[] = []
  for (const part of parts) {
    const octet = decimalOctet(part)
    if (octet === undefined) return undefined
    octets.push(octet)
  }
  return octets
}

function decimalOctet(part: string): number | undefined {
  if (part.length === 0 || part.length > 3 || (part.length > 1 && part[0] === '0')) return undefined
  let value = 0
  for (let i = 0; i < part.length; i++) {
    const digit = part.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return undefined
    value = value * 10 + digit
  }
  return value <= 255 ? value : undefined
}

/**
 * RFC 4291 §2.2 text forms: eight groups of 1–4 hex digits, at most one `::` standing for one or
 * more zero groups, and optionally a dotted-decimal IPv4 address as the last 32 bits.
 */
function parseIPv6(text: string): number[] | undefined {
  const gap = text.indexOf('::')
  if (gap !== -1 && text.indexOf('::', gap + 1) !== -1) return undefined
  const head = gap === -1 ? text : text.slice(0, gap)
  const tail = gap === -1 ? '' : text.slice(gap + 2)
  const headGroups = head === '' ? [] : readGroups(head, gap === -1)
  const tailGroups = tail === '' ? [] : readGroups(tail, true)
  if (headGroups === undefined || tailGroups === undefined) return undefined
  const given = headGroups.length + tailGroups.length
  if (gap === -1) return given === 8 ? headGroups : undefined
  if (given > 7) return undefined
  return [...headGroups, ...new Array<number>(8 - given).fill(0), ...tailGroups]
}

function readGroups(piece: string, endsAddress: boolean): number[] | undefined {
  const groups: number[] = []
  const parts = piece.split(':')
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string
    if (endsAddress && i === parts.length - 1 && part.includes('.')) {
      const octets = parseIPv4(part)
      if (octets === undefined) return undefined
      groups.push(((octets[0] as number) << 8) | (octets[1] as number))
      groups.push(((octets[2] as number) << 8) | (octets[3] as number))
    } else {
      const group = hexGroup(part)
      if (group === undefined) return undefined
      groups.push(group)
    }
  }
  return groups
}

function hexGroup(part: string): number | undefined {
  if (part.length === 0 || part.length > 4) return undefined
  let value = 0
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i)
    const letter = code | 0x20 // A–F to a–f
    const digit =
      code >= 48 && code <= 57 ? code - 48 : letter >= 97 && letter <= 102 ? letter - 87 : -1
    if (digit === -1) return undefined
    value = value * 16 + digit
  }
  return value
}

/** `::ffff:0:0/96`, the IPv4 address space as IPv6 sockets report it. */
function isIPv4Mapped(groups: readonly number[]): boolean {
  return (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  )
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
function formatIPv6(groups: readonly number[]): string {
  let runStart = -1
  let runLength = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let end = i
    while (end < 8 && groups[end] === 0) end++
    if (end - i > runLength) {
      runStart = i
      runLength = end - i
    }
    i = end
  }
  const hex = (list: readonly number[]) => list.map((group) => group.toString(16)).join(':')
  if (runStart === -1) return hex(groups)
  return `${hex(groups.slice(0, runStart))}::${hex(groups.slice(runStart + runLength))}`
}
