import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
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
})
