import { type AnyNode, walk } from '../code/ast.js'
import { Engine } from '../code/engine/interpreter.js'
import { entryInFile } from '../code/entry.js'
import type { SourceHost } from '../code/host.js'
import { positionOf } from '../code/parse.js'
import { resolveImport, resolveSourceFile } from '../code/resolve.js'
import type { Value } from '../code/values.js'
import { LOCKFILE_NAMES, readLockfile } from '../deps/audit.js'
import type { LockedPackage, Lockfile } from '../deps/lockfile.js'
import type { LambdaFunction, Project, Service } from '../model/types.js'
import { hasLayers, monitoringPlugin } from './function-config.js'
import {
  type CodeGap,
  type CodeSite,
  callsAwsItself,
  type Observations,
  type SdkCall,
  sdkCallHooks,
} from './sdk-calls.js'

/** One SDK call of a function with every request value seen for it. */
export interface FunctionCall {
  readonly call: SdkCall
  /** The request values: from runs that followed the handler when there were any. */
  readonly inputs: readonly (Value | undefined)[]
  /** The call was reached by following the handler from its event (not only in the file pass). */
  readonly reached: boolean
}

/** What the auditor knows about the AWS calls of one function's code. */
export interface FunctionCode {
  /** The handler's source file, when found. */
  readonly file?: string
  readonly calls: readonly FunctionCall[]
  /**
   * Why the auditor may not see every AWS call (empty when it sees them all): `unused` is only
   * claimed for functions without gaps.
   */
  readonly gaps: readonly CodeGap[]
  /** Clients made with credentials of their own (their calls may not use the role). */
  readonly explicitCredentials: readonly CodeSite[]
  /** The expressions object properties were written as, for template literals. */
  readonly nodeOf: WeakMap<object, AnyNode>
}

const nowhere = (file: string): CodeSite => ({ file, line: 1, column: 1 })
const emptyObservations = (): Observations => ({ calls: [], gaps: [], explicitCredentials: [] })

/**
 * Follows each function's handler and its local imports with the code analyzer's engine and
 * collects the AWS SDK calls they make. One instance per project: modules are parsed and run once.
 *
 * @example
 * const code = new CodeFacts(project).forFunction(service, fn)
 */
export class CodeFacts {
  private readonly engine: Engine
  private readonly hooks: ReturnType<typeof sdkCallHooks>
  private readonly byModule = new Map<string, Observations>()
  /** What each module's top level does: it runs at every cold start, so a handler reaches it. */
  private readonly atInit = new Map<string, Observations>()
  private current: Observations | undefined
  private readonly cache = new Map<string, FunctionCode>()
  private readonly graphs = new Map<string, ModuleGraph>()
  private readonly lockfiles = new Map<string, Lockfile | null>()

  constructor(private readonly project: Project) {
    // Module resolution asks about the same paths for every handler: each is checked once.
    const files = new Map<string, boolean>()
    const host: SourceHost = {
      read: (f) => project.readFile(f),
      isFile: (f) => {
        let found = files.get(f)
        if (found === undefined) {
          found = project.isFile(f)
          files.set(f, found)
        }
        return found
      },
    }
    this.engine = new Engine(host)
    this.hooks = sdkCallHooks((file) => {
      if (this.engine.mode === 'handler' && this.current !== undefined) return this.current
      const byModule = this.engine.initializing ? this.atInit : this.byModule
      let found = byModule.get(file)
      if (found === undefined) {
        found = emptyObservations()
        byModule.set(file, found)
      }
      return found
    })
    this.engine.listen(this.hooks)
  }

  /**
   * The AWS calls of one function: its configuration's gaps (runtime, layers, monitoring plugins)
   * and its handler's code, analyzed once per handler however many functions share it.
   */
  forFunction(service: Service, fn: LambdaFunction): FunctionCode {
    const gaps: CodeGap[] = []
    const span = fn.handler?.span ?? fn.span
    const configGap = (reason: string) =>
      gaps.push({ site: { file: span.file, line: span.line, column: span.column }, reason })
    const runtime = fn.runtime?.value
    if (fn.packageType !== 'zip') configGap(`${fn.packageType} package: no source to follow`)
    else if (runtime !== undefined && runtime !== 'unknown' && !runtime.startsWith('nodejs'))
      configGap(`runtime ${runtime}: only Node.js code is followed`)
    if (hasLayers(service, fn)) configGap('layers run with the function role and may call AWS')
    const plugin = monitoringPlugin(service)
    if (plugin !== undefined) configGap(`plugin ${plugin} adds an extension that may call AWS`)
    const handler = fn.handler
    const file =
      handler?.file === undefined ? undefined : resolveSourceFile(this.engine.host, handler.file)
    if (handler === undefined || file === undefined) {
      configGap('the handler source file was not found')
      return { nodeOf: this.hooks.nodeOf, explicitCredentials: [], calls: [], gaps }
    }
    const key = `${file}#${handler.exportName}`
    let code = this.cache.get(key)
    if (code === undefined) {
      code = this.analyze(file, handler.exportName, fn.name)
      this.cache.set(key, code)
    }
    return gaps.length === 0 ? code : { ...code, gaps: [...gaps, ...code.gaps] }
  }

  private analyze(file: string, exportName: string, functionName: string): FunctionCode {
    const gaps: CodeGap[] = []
    const own = emptyObservations()
    const entry = entryInFile(this.engine, file, exportName.split('.'))
    if (!entry.exportFound || entry.functions.length === 0) {
      gaps.push({ site: nowhere(file), reason: `export ${exportName} was not found` })
    }
    this.current = own
    try {
      for (const f of entry.functions) {
        this.engine.runHandler(f, {
          functionName,
          ...(f.wrapper === undefined ? {} : { wrapper: f.wrapper }),
        })
      }
    } finally {
      this.current = undefined
    }

    const graph = this.graphOf(file)
    gaps.push(...graph.gaps)
    for (const module of graph.files) {
      const mod = this.engine.parse(module)
      if (mod !== undefined && looksBundled(mod.source))
        gaps.push({
          site: nowhere(module),
          reason: 'bundled or minified code: the packages it includes are not followed',
        })
    }
    for (const module of graph.files) this.engine.moduleRecord(module)
    for (const error of this.engine.errors) {
      if (graph.files.has(error.file))
        gaps.push({ site: nowhere(error.file), reason: error.message })
    }
    for (const pkg of graph.packages) {
      const reason = this.packageCallsAws(file, pkg.name)
      if (reason !== undefined) gaps.push({ site: pkg.site, reason })
    }

    // Calls reached from the handler keep the request values that run saw; so do those of the
    // imported modules' top levels (a cold start runs them); the file pass covers the rest.
    const calls = new Map<
      string,
      { call: SdkCall; inputs: (Value | undefined)[]; reached: boolean }
    >()
    for (const call of own.calls) {
      const seen = calls.get(call.key)
      if (seen === undefined) calls.set(call.key, { call, inputs: [call.input], reached: true })
      else seen.inputs.push(call.input)
    }
    const explicitCredentials = [...own.explicitCredentials]
    gaps.push(...own.gaps)
    for (const [observations, reached] of [
      [this.atInit, true],
      [this.byModule, false],
    ] as const) {
      for (const module of graph.files) {
        const observed = observations.get(module)
        if (observed === undefined) continue
        for (const call of observed.calls) {
          const seen = calls.get(call.key)
          if (seen === undefined) calls.set(call.key, { call, inputs: [call.input], reached })
          else if (seen.reached === reached) seen.inputs.push(call.input)
        }
        gaps.push(...observed.gaps)
        explicitCredentials.push(...observed.explicitCredentials)
      }
    }
    return {
      nodeOf: this.hooks.nodeOf,
      file,
      calls: [...calls.values()],
      gaps: dedupeGaps(gaps),
      explicitCredentials,
    }
  }

  /** The project modules a file imports, directly or not, with the packages they import. */
  private graphOf(file: string): ModuleGraph {
    const cached = this.graphs.get(file)
    if (cached !== undefined) return cached
    const files = new Set<string>([file])
    const packages = new Map<string, CodeSite>()
    const gaps: CodeGap[] = []
    const queue = [file]
    while (queue.length > 0) {
      const current = queue.shift() as string
      const mod = this.engine.parse(current)
      if (mod === undefined) continue
      for (const { specifier, node } of importsOf(mod.program as unknown as AnyNode)) {
        const site = (): CodeSite => ({ file: current, ...positionOf(mod, node.start) })
        if (specifier === undefined) {
          gaps.push({ site: site(), reason: 'a module is loaded by a computed name' })
          continue
        }
        const target = resolveImport(this.engine.host, current, specifier)
        if (target !== undefined) {
          if (!files.has(target)) {
            files.add(target)
            queue.push(target)
          }
          continue
        }
        if (specifier.startsWith('.') || specifier.startsWith('/')) {
          gaps.push({ site: site(), reason: `import ${specifier} could not be resolved` })
          continue
        }
        const name = packageName(specifier)
        if (!packages.has(name)) packages.set(name, site())
      }
    }
    const graph: ModuleGraph = {
      files,
      packages: [...packages].map(([name, site]) => ({ name, site })),
      gaps,
    }
    this.graphs.set(file, graph)
    return graph
  }

  /** Why an imported package may call AWS with the function's role, if it may. */
  private packageCallsAws(fromFile: string, name: string): string | undefined {
    if (name.startsWith('node:') || BUILTIN.has(name)) return undefined
    if (callsAwsItself(name)) return `${name} calls AWS itself`
    if (name === 'aws-sdk' || name.startsWith('@aws-sdk/') || HARMLESS_LOOKALIKES.has(name))
      return undefined
    if (name.startsWith('@aws-lambda-powertools/')) return undefined
    if (this.workspacePackages().has(name))
      return `${name} is a package of the project itself: its code is not followed`
    const lock = this.lockfileFor(fromFile)
    const start = lock?.resolve(undefined, name, lock.directSpec(name) ?? '*')
    if (lock !== undefined && start !== undefined) {
      const found = awsDependency(lock, start)
      return found === undefined
        ? undefined
        : `${name} depends on ${found} (it may call AWS itself)`
    }
    // Without a lockfile to say, a name that speaks of AWS services is not taken as harmless.
    return AWS_SOUNDING.test(name)
      ? `${name} may call AWS itself (no lockfile says otherwise)`
      : undefined
  }

  private workspaces: Set<string> | undefined

  /** Names of the package.json files inside the project (workspaces, local packages). */
  private workspacePackages(): Set<string> {
    if (this.workspaces !== undefined) return this.workspaces
    const names = new Set<string>()
    for (const file of this.project.files) {
      if (file !== 'package.json' && !file.endsWith('/package.json')) continue
      if (file.includes('node_modules/')) continue
      try {
        const name = (JSON.parse(this.project.readFile(file) ?? '{}') as { name?: unknown }).name
        if (typeof name === 'string') names.add(name)
      } catch {
        // A package.json that does not parse names nothing.
      }
    }
    this.workspaces = names
    return names
  }

  /** The nearest lockfile in the file's folder or a parent inside the project. */
  private lockfileFor(file: string): Lockfile | undefined {
    const parts = file.split('/')
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      const dir = parts.slice(0, depth).join('/')
      for (const name of LOCKFILE_NAMES) {
        const path = dir === '' ? name : `${dir}/${name}`
        if (this.lockfiles.has(path)) {
          const cached = this.lockfiles.get(path)
          if (cached !== null && cached !== undefined) return cached
          continue
        }
        if (name.endsWith('.lockb') || !this.project.isFile(path)) {
          this.lockfiles.set(path, null)
          continue
        }
        let lock: Lockfile | null = null
        try {
          const text = this.project.readFile(path)
          lock = text === undefined ? null : readLockfile(path, text)
        } catch {
          lock = null
        }
        this.lockfiles.set(path, lock)
        if (lock !== null) return lock
      }
    }
    return undefined
  }
}

interface ModuleGraph {
  readonly files: Set<string>
  readonly packages: readonly { name: string; site: CodeSite }[]
  readonly gaps: readonly CodeGap[]
}

/** Package names that look like AWS but call nothing with the function's credentials. */
const HARMLESS_LOOKALIKES = new Set([
  'aws-lambda',
  'aws-jwt-verify',
  'aws-embedded-metrics',
  'aws-xray-sdk',
  'aws-xray-sdk-core',
  'aws-sdk-client-mock',
  'aws-lambda-fastify',
  'lambda-api',
  'serverless-http',
  '@vendia/serverless-express',
  '@codegenie/serverless-express',
  'aws-serverless-express',
  '@types/aws-lambda',
])

/** Names that speak of AWS services: without a lockfile, such a package is not taken as harmless. */
const AWS_SOUNDING =
  /(?:^|[-_/@.])(?:aws|amazon|dynamo\w*|s3|sqs|sns|ssm|kinesis|firehose|cognito|secrets?(?:manager)?|athena|eventbridge|sfn|stepfunctions?|ses|kms|parameter-?store)(?:$|[-_/.])/i

const BUILTIN = new Set([
  'fs',
  'path',
  'crypto',
  'http',
  'https',
  'url',
  'util',
  'os',
  'stream',
  'zlib',
  'events',
  'buffer',
  'child_process',
  'querystring',
  'assert',
  'net',
  'tls',
  'dns',
  'timers',
  'worker_threads',
  'perf_hooks',
  'string_decoder',
  'readline',
])

/**
 * Output of a bundler (esbuild, webpack, rollup) or a minifier: the AWS SDK and the packages that
 * call it are inlined, without the imports the analysis recognizes them by.
 */
function looksBundled(source: string): boolean {
  if (
    /__commonJS\(|__toESM\(|__webpack_require__|webpackBootstrap|\/\/ node_modules\//.test(source)
  )
    return true
  if (source.length > 300_000) return true
  let start = 0
  for (let i = source.indexOf('\n'); ; i = source.indexOf('\n', i + 1)) {
    const end = i === -1 ? source.length : i
    if (end - start > 3000) return true
    if (i === -1) return false
    start = i + 1
  }
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string)
}

/** A package a dependency tree reaches that is an AWS SDK client (bounded walk). */
function awsDependency(lock: Lockfile, start: LockedPackage): string | undefined {
  const seen = new Set<LockedPackage>([start])
  const queue = [start]
  while (queue.length > 0 && seen.size < 3000) {
    const pkg = queue.shift() as LockedPackage
    for (const [name, spec] of pkg.dependencies) {
      if (
        name === 'aws-sdk' ||
        name.startsWith('@aws-sdk/client-') ||
        name === '@aws-sdk/lib-dynamodb'
      )
        return name
      const next = lock.resolve(pkg, name, spec)
      if (next !== undefined && !seen.has(next)) {
        seen.add(next)
        queue.push(next)
      }
    }
  }
  return undefined
}

/** Every module specifier a program loads: imports, re-exports, `require()` and `import()`. */
function importsOf(program: AnyNode): { specifier: string | undefined; node: AnyNode }[] {
  const out: { specifier: string | undefined; node: AnyNode }[] = []
  const literal = (node: AnyNode | undefined): string | undefined => {
    if (node?.type === 'Literal' && typeof node.value === 'string') return node.value
    if (node?.type === 'TemplateLiteral' && node.expressions.length === 0)
      return node.quasis[0]?.value.cooked
    return undefined
  }
  walk(program, (node) => {
    switch (node.type) {
      case 'ImportDeclaration':
        if (node.importKind !== 'type') out.push({ specifier: node.source.value, node })
        return false
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        if (node.source && node.exportKind !== 'type')
          out.push({ specifier: node.source.value, node })
        return undefined
      case 'TSImportEqualsDeclaration':
        if (
          node.moduleReference?.type === 'TSExternalModuleReference' &&
          node.importKind !== 'type'
        )
          out.push({ specifier: literal(node.moduleReference.expression), node })
        return false
      case 'ImportExpression':
        out.push({ specifier: literal(node.source), node })
        return undefined
      case 'CallExpression':
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments.length === 1
        ) {
          out.push({ specifier: literal(node.arguments[0]), node })
        }
        return undefined
      default:
        return undefined
    }
  })
  return out
}

function dedupeGaps(gaps: readonly CodeGap[]): CodeGap[] {
  const seen = new Set<string>()
  return gaps.filter((g) => {
    const key = `${g.site.file}:${g.site.line}:${g.site.column}:${g.reason}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
