import type { CodeRule } from '../rule.js'
import { Danger, deepTaint, type Taint, type Value } from '../values.js'
import { calleeModule, OWASP, origin, PRACTICE } from './support.js'

const MONGO_QUERY_METHODS = new Set([
  'find',
  'findOne',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'findOneAndRemove',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
  'replaceOne',
  'countDocuments',
  'count',
  'distinct',
  'where',
  'exists',
  'remove',
  'update',
])

function operatorCapable(v: Value | undefined, depth = 0): Taint | undefined {
  if (v === undefined) return undefined
  const t = v.taint
  if (t?.objectCapable && (t.danger & Danger.nosql) !== 0 && v.str === undefined) return t
  if (v.props && depth < 3) {
    for (const inner of v.props.values()) {
      const found = operatorCapable(inner, depth + 1)
      if (found) return found
    }
  }
  return undefined
}

/** MongoDB queries from raw request objects (`{ $ne: null }` slips in) and `$where` with code. */
export const nosqlInjection: CodeRule = {
  meta: {
    id: 'nosql-injection',
    title: 'MongoDB query from raw request objects or $where',
    category: 'sql-or-nosql-injection',
    severity: 'high',
    practice: PRACTICE.defensive,
    owasp: OWASP.injection,
    docs: {
      what: 'A MongoDB query whose fields come straight from the parsed request body or query string, or a `$where` built from data.',
      why: 'JSON bodies carry objects, not only strings: `{"password": {"$ne": null}}` matches every user and logs the attacker in; `$where` runs JavaScript on the server.',
      fix: 'Validate the body with a schema (strings stay strings) or coerce with `String(x)`; never use `$where`.',
      bad: 'const { username, password } = JSON.parse(event.body)\nconst user = await users.findOne({ username, password })',
      good: 'const { username, password } = LoginSchema.parse(JSON.parse(event.body))\nconst user = await users.findOne({ username: String(username) })',
    },
  },
  create(ctx) {
    return {
      call(site) {
        if (!MONGO_QUERY_METHODS.has(site.name)) return
        const module = calleeModule(site)
        // The file's text decides only for calls the engine cannot place: `hash.update(body)`
        // on a `crypto` hash is not a query because the file also uses mongoose.
        const mongo =
          module === 'mongodb' ||
          module === 'mongoose' ||
          (module === undefined && /\bmongo(?:db|ose)\b/.test(site.module.source))
        if (!mongo) return
        const t = operatorCapable(site.args[0])
        if (t)
          ctx.report(
            site,
            `${origin(t)} goes into a MongoDB query as an object: operators such as $ne or $gt can be injected.`,
          )
      },
      object(site) {
        const where = site.props.get('$where')
        if (!where || where.value.str !== undefined || where.value.fns) return
        const t = deepTaint(where.value)
        if (t)
          ctx.report(
            { module: site.module, node: where.node },
            `${origin(t)} reaches a $where clause, which MongoDB runs as JavaScript.`,
            'critical',
          )
        else
          ctx.report(
            { module: site.module, node: where.node },
            '$where runs JavaScript on the database server with a query that is not a constant.',
            'medium',
          )
      },
    }
  },
}
