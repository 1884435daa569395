import ipaddr from 'ipaddr.js'

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
  return address === undefined ? INVALID_IP : address.toString()
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
  if (address.kind() === 'ipv4') {
    const [a, b, c] = (address as ipaddr.IPv4).octets
    return `${a}.${b}.${c}.0/24`
  }
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4)
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`
}

function parseAddress(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (typeof ip !== 'string' || ip.length === 0 || ip.length > 64) return undefined
  const trimmed = ip.trim()
  const bare = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed
  const unzoned = bare.includes('%') ? bare.slice(0, bare.indexOf('%')) : bare
  // Only the four-part dotted decimal form for IPv4: '1.2.3' or '0x7f.1' are not client addresses.
  if (ipaddr.IPv4.isValidFourPartDecimal(unzoned)) return ipaddr.IPv4.parse(unzoned)
  if (!ipaddr.IPv6.isValid(unzoned)) return undefined
  const v6 = ipaddr.IPv6.parse(unzoned)
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6
}
