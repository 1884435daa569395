import type { CodeRule } from '../rule.js'
import { deepTaint } from '../values.js'
import { apiName, calleeModule, OWASP, origin, PRACTICE } from './support.js'

/** Deserializers that revive functions (and so run code) from their input. */
const CODE_REVIVERS: Readonly<Record<string, ReadonlySet<string>>> = {
  'node-serialize': new Set(['unserialize']),
  'serialize-to-js': new Set(['deserialize']),
  funcster: new Set(['deepDeserialize', 'deserialize']),
  cryo: new Set(['parse']),
  'js-yaml': new Set(['unsafeLoad', 'unsafeLoadAll']),
}

/** node-serialize, unsafe YAML loads and other deserializers that can run code from their input. */
export const unsafeDeserialization: CodeRule = {
  meta: {
    id: 'unsafe-deserialization',
    title: 'Deserializer that can run code',
    category: 'insecure-deserialization',
    severity: 'critical',
    practice: PRACTICE.injection,
    owasp: OWASP.deserialization,
    docs: {
      what: 'Data deserialized with a library that can revive functions: node-serialize, serialize-to-js, funcster, cryo, or js-yaml with the full schema (`unsafeLoad`, `load` before v4).',
      why: 'A serialized function with `()` after it runs while the data is parsed: remote code execution from a request body or a queue message.',
      fix: 'Use `JSON.parse` for data, and `yaml.load` from js-yaml 4 (safe by default) or the `yaml` package.',
      bad: "const serialize = require('node-serialize')\nexports.handler = async (event) => serialize.unserialize(Buffer.from(event.headers.profile, 'base64').toString())",
      good: "exports.handler = async (event) => JSON.parse(Buffer.from(event.headers.profile, 'base64').toString())",
    },
  },
  create(ctx) {
    return {
      call(site) {
        const name = apiName(site)
        const module = calleeModule(site)
        if (module === undefined) return
        let unsafe = CODE_REVIVERS[module]?.has(name) === true
        if (!unsafe && module === 'js-yaml' && (name === 'load' || name === 'loadAll')) {
          const schema = site.args[1]?.props?.get('schema')
          const full = schema?.api?.path.some((p) => /FULL/.test(p)) === true
          const version = ctx.dependency?.('js-yaml')
          const legacy = version !== undefined && /^[~^]?[0-3]\./.test(version)
          unsafe = full || (legacy && !schema)
        }
        if (!unsafe) return
        const data = site.args[0]
        if (data === undefined || data.str !== undefined) return
        const t = deepTaint(data)
        if (t)
          ctx.report(
            site,
            `${origin(t)} is deserialized by ${module}.${name}(), which can run code embedded in it.`,
          )
        else
          ctx.report(
            site,
            `${module}.${name}() can run code embedded in the data it reads.`,
            'high',
          )
      },
    }
  },
}
