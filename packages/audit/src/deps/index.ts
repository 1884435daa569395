/**
 * Dependency risk: package.json and its lockfile (npm, yarn classic and berry, pnpm, bun), the
 * `npm audit --json` report. The rule registry calls `auditDependencies(root, { npmAuditJson })`
 * once per project; `DEPENDENCY_RULES` lists the rules with their docs.
 */
export {
  auditDependencies,
  type DependencyAudit,
  type DependencyAuditOptions,
  LOCKFILE_NAMES,
  readLockfile,
} from './audit.js'
export type { LockedPackage, Lockfile } from './lockfile.js'
export { LockfileError } from './lockfile.js'
export { type AuditAdvisory, NpmAuditError, parseNpmAudit } from './npm-audit.js'
export {
  classifySpec,
  ManifestError,
  type PackageManifest,
  parsePackageJson,
  type SpecKind,
} from './package-json.js'
export { DEPENDENCY_RULES } from './rules.js'
