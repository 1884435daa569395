import type { CodeRule } from '../rule.js'
import { Danger, deepTaint } from '../values.js'
import { calleeModule, OWASP, origin, PRACTICE } from './support.js'

/** Packages whose query methods take SQL text. */
const SQL_MODULES = new Set([
  'pg',
  'pg-pool',
  'pg-promise',
  'postgres',
  'mysql',
  'mysql2',
  'serverless-mysql',
  'serverless-postgres',
  'knex',
  'sequelize',
  'typeorm',
  'better-sqlite3',
  'sqlite3',
  'sqlite',
  'mssql',
  'tedious',
  'oracledb',
  'data-api-client',
  '@prisma/client',
  'kysely',
  'slonik',
  '@neondatabase/serverless',
  '@vercel/postgres',
  '@planetscale/database',
  'mariadb',
  'drizzle-orm',
])

const QUERY_METHODS = new Set([
  'query',
  'execute',
  'exec',
  'run',
  'all',
  'get',
  'each',
  'prepare',
  'none',
  'one',
  'many',
  'any',
  'oneOrNone',
  'manyOrNone',
  'result',
  'multi',
  'raw',
  'unsafe',
  'queryStream',
  'executeStatement',
  'batchExecuteStatement',
])

/** Methods that take raw SQL whatever the receiver is. */
const RAW_METHODS = new Set([
  'raw',
  'whereRaw',
  'orWhereRaw',
  'havingRaw',
  'orderByRaw',
  'groupByRaw',
  'joinRaw',
  'fromRaw',
  'selectRaw',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  'unsafe',
  'literal',
])

/** DynamoDB expressions: concatenating event data into them lets the caller rewrite the condition. */
const DYNAMO_EXPRESSIONS = new Set([
  'FilterExpression',
  'KeyConditionExpression',
  'UpdateExpression',
  'ConditionExpression',
  'ProjectionExpression',
])

/** SQL built from event data by concatenation: pg, mysql, knex.raw, sequelize.query, sqlite, DynamoDB expressions, PartiQL. */
export const sqlInjection: CodeRule = {
  meta: {
    id: 'sql-injection',
    title: 'SQL or DynamoDB expression built from event data',
    category: 'sql-or-nosql-injection',
    severity: 'critical',
    practice: PRACTICE.defensive,
    owasp: OWASP.injection,
    docs: {
      what: 'A SQL query, PartiQL statement or DynamoDB expression built by concatenating or interpolating event data.',
      why: 'Quotes in the input end the literal and the rest becomes SQL: the caller reads or changes any row the database role can reach.',
      fix: 'Use prepared statements (`$1`, `?` placeholders with the values as a separate array), a query builder, or `ExpressionAttributeValues` for DynamoDB.',
      bad: "exports.handler = async (event) => {\n  const { id } = event.pathParameters\n  return pool.query(`SELECT * FROM orders WHERE id = '${id}'`)\n}",
      good: "exports.handler = async (event) => {\n  const { id } = event.pathParameters\n  return pool.query('SELECT * FROM orders WHERE id = $1', [id])\n}",
    },
  },
  create(ctx) {
    return {
      call(site) {
        const module = calleeModule(site)
        const known = module !== undefined && SQL_MODULES.has(module)
        const raw = RAW_METHODS.has(site.name)
        if (!raw && !QUERY_METHODS.has(site.name)) return
        // A prepared statement's run/get/all take parameters, not SQL.
        if (site.callee.api?.path.includes('prepare') && site.name !== 'prepare') return
        const sqlArg = site.args[0]?.props?.has('sql')
          ? site.args[0].props.get('sql')
          : site.args[0]
        const t = sqlArg ? deepTaint(sqlArg) : undefined
        if (!t || (t.danger & Danger.sql) === 0) return
        if (
          sqlArg?.sql ||
          known ||
          (raw && site.name !== 'literal') ||
          (raw && module === 'sequelize')
        ) {
          ctx.report(
            site,
            `${origin(t)} is built into the SQL text of ${site.name}(): use placeholders and pass values separately.`,
          )
        }
      },
      object(site) {
        for (const [key, { value, node }] of site.props) {
          if (!DYNAMO_EXPRESSIONS.has(key) && !(key === 'Statement' && value.sql)) continue
          const t = deepTaint(value)
          if (!t || (t.danger & Danger.sql) === 0 || value.str !== undefined) continue
          ctx.report(
            { module: site.module, node },
            `${origin(t)} is concatenated into the ${key}: use ExpressionAttributeValues (or PartiQL parameters).`,
          )
        }
      },
    }
  },
}
