import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import ipaddr from 'ipaddr.js'
import { INVALID_IP, ipBlock, normalizeIp } from './ip.js'

describe('normalizeIp and ipBlock', () => {
  it('canonicalizes IPv4, IPv6 and IPv4-mapped IPv6', () => {
    const cases: [string, string, string][] = [
      ['192.0.2.1', '192.0.2.1', '192.0.2.0/24'],
      ['::ffff:192.0.2.1', '192.0.2.1', '192.0.2.0/24'],
      ['::FFFF:c000:0201', '192.0.2.1', '192.0.2.0/24'],
      ['[::ffff:192.0.2.1]', '192.0.2.1', '192.0.2.0/24'],
      ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', '2001:db8::/64'],
      ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
      ['2001:0db8:0001:0002:ffff::', '2001:db8:1:2:ffff::', '2001:db8:1:2::/64'],
      ['fe80::1%eth0', 'fe80::1', 'fe80::/64'],
      ['::1', '::1', '::/64'],
    ]
    for (const [input, ip, block] of cases) {
      assert.equal(normalizeIp(input), ip, input)
      assert.equal(ipBlock(input), block, input)
    }
  })

  it('puts what is not an address in one shared bucket', () => {
    for (const bad of [
      '',
      'localhost',
      '1.2.3',
      '0x7f.0.0.1',
      '256.1.1.1',
      '1.2.3.4.5',
      ':::',
      'x'.repeat(100),
    ]) {
      assert.equal(normalizeIp(bad), INVALID_IP, bad)
      assert.equal(ipBlock(bad), INVALID_IP, bad)
    }
  })

  it('every notation of one address lands in one bucket (fuzz)', () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number]
        const hex = (x: number, y: number) => ((x << 8) | y).toString(16)
        const mapped = [`::ffff:${v4}`, `::ffff:${hex(a, b)}:${hex(c, d)}`, `0:0:0:0:0:ffff:${v4}`]
        for (const form of mapped) {
          assert.equal(normalizeIp(form), v4)
          assert.equal(ipBlock(form), `${a}.${b}.${c}.0/24`)
        }
      }),
    )
    fc.assert(
      fc.property(fc.ipV6(), (v6) => {
        const block = ipBlock(v6)
        assert.ok(block === INVALID_IP || block.endsWith('/64') || block.endsWith('/24'))
        assert.equal(normalizeIp(normalizeIp(v6)), normalizeIp(v6))
        assert.equal(ipBlock(v6.toUpperCase()), block)
      }),
    )
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (junk) => {
        assert.equal(typeof normalizeIp(junk), 'string')
        assert.equal(typeof ipBlock(junk), 'string')
      }),
    )
  })

  it('answers as ipaddr.js does, for every address it generates and every string it accepts (fuzz)', () => {
    const hexGroup = fc
      .integer({ min: 0, max: 0xffff })
      .chain((n) =>
        fc.constantFrom(
          n.toString(16),
          n.toString(16).toUpperCase(),
          n.toString(16).padStart(4, '0'),
        ),
      )
    // Any eight groups, written with `::` in any place it may go and an IPv4 tail sometimes.
    const v6Text = fc
      .tuple(
        fc.array(hexGroup, { minLength: 8, maxLength: 8 }),
        fc.integer({ min: -1, max: 7 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        fc.boolean(),
      )
      .map(([groups, at, length, zeros, v4Tail]) => {
        const parts =
          zeros && at >= 0 ? groups.map((g, i) => (i >= at && i < at + length ? '0' : g)) : groups
        const tail = v4Tail
          ? [
              [parseInt(parts[6] as string, 16), parseInt(parts[7] as string, 16)]
                .flatMap((g) => [g >> 8, g & 0xff])
                .join('.'),
            ]
          : parts.slice(6)
        const written = [...parts.slice(0, 6), ...tail]
        if (at < 0) return written.join(':')
        const end = Math.min(written.length, at + length)
        return `${written.slice(0, at).join(':')}::${written.slice(end).join(':')}`
      })
    const mapped = fc.ipV4().map((v4) => `::ffff:${v4}`)
    const candidates = fc.oneof(fc.ipV4(), fc.ipV6(), v6Text, mapped)
    fc.assert(
      fc.property(candidates, (text) => {
        const expected = oracle(text)
        // ipaddr.js reads the deprecated IPv4-compatible form `::a.b.c.d` as IPv4-mapped; RFC 4291
        // reads it as the IPv6 address `::a.b:c.d`, as this parser does (and as ipaddr.js does
        // for the same address written in hex).
        if (/^::\d+\.\d+\.\d+\.\d+$/.test(text)) return
        assert.equal(normalizeIp(text), expected.ip, text)
        assert.equal(ipBlock(text), expected.block, text)
      }),
      { numRuns: 20_000 },
    )
    // Random text over the address alphabet: whatever this parser accepts, ipaddr.js reads the same.
    const alphabet = fc.constantFrom(...'0123456789abcdefABCDEF:.:%[] xg'.split(''))
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 45 }), (text) => {
        const ip = normalizeIp(text)
        if (ip === INVALID_IP || /^\[?\s*::\d+\.\d+\.\d+\.\d+/.test(text)) return
        assert.deepEqual({ ip, block: ipBlock(text) }, oracle(text), text)
      }),
      { numRuns: 50_000 },
    )
  })

  it('refuses what ipaddr.js would read in octal or hex, and the IPv4-compatible form stays IPv6', () => {
    for (const odd of [
      '::ffff:0x7f.0.0.1',
      '::ffff:010.0.0.1',
      '1.2.3.04',
      '1:2:3:4:5:6:7:8::',
      '1::2::3',
    ]) {
      assert.equal(normalizeIp(odd), INVALID_IP, odd)
    }
    assert.equal(normalizeIp('::192.0.2.1'), '::c000:201')
    assert.equal(normalizeIp('::c000:201'), '::c000:201')
    assert.equal(normalizeIp('1:2:3:4:5:6:7::'), '1:2:3:4:5:6:7:0')
    assert.equal(normalizeIp('1:0:0:2:0:0:0:3'), '1:0:0:2::3')
    assert.equal(normalizeIp('1:0:0:2:0:0:3:4'), '1::2:0:0:3:4')
    assert.equal(normalizeIp('1:2:3:4:5:6:0:8'), '1:2:3:4:5:6:0:8')
    assert.equal(normalizeIp('1:2:3:4:5:6:\u0010.0.0.1'), INVALID_IP)
  })
})

/** What the previous implementation (on ipaddr.js) answered. */
function oracle(text: string): { ip: string; block: string } {
  const trimmed = text.trim()
  const bare = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed
  const unzoned = bare.includes('%') ? bare.slice(0, bare.indexOf('%')) : bare
  let address: ipaddr.IPv4 | ipaddr.IPv6
  if (text.length > 64) return { ip: INVALID_IP, block: INVALID_IP }
  if (ipaddr.IPv4.isValidFourPartDecimal(unzoned)) address = ipaddr.IPv4.parse(unzoned)
  else if (ipaddr.IPv6.isValid(unzoned)) {
    const v6 = ipaddr.IPv6.parse(unzoned)
    address = v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6
  } else return { ip: INVALID_IP, block: INVALID_IP }
  if (address.kind() === 'ipv4') {
    const [a, b, c] = (address as ipaddr.IPv4).octets
    return { ip: address.toString(), block: `${a}.${b}.${c}.0/24` }
  }
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4)
  return {
    ip: address.toString(),
    block: `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`,
  }
}
