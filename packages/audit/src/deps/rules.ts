import type { RuleMeta } from '../code/rule.js'

const PRACTICE = 'Care with third-party packages: lockfiles, small and well-kept dependency trees'
const OWASP = 'A9:2017-Using Components with Known Vulnerabilities'

/** The dependency rules, with their docs (the same `meta` shape as the code rules). */
export const DEPENDENCY_RULES = {
  missingLockfile: {
    id: 'missing-lockfile',
    title: 'Dependencies without a lockfile',
    category: 'missing-lockfile',
    severity: 'high',
    practice: PRACTICE,
    owasp: OWASP,
    docs: {
      what: 'A package.json with dependencies and no lockfile (package-lock.json, yarn.lock, pnpm-lock.yaml, bun.lock) beside it or in a parent folder of the project.',
      why: 'Without a lockfile every install resolves ranges anew: a compromised or broken release reaches production without anyone choosing it, and what was tested is not what is deployed.',
      fix: 'Commit the lockfile your package manager writes and install with `npm ci` (or `yarn --frozen-lockfile`, `pnpm install --frozen-lockfile`) in CI and deploys.',
      bad: 'package.json with "dependencies": { "express": "^4.18.0" } and no package-lock.json',
      good: 'package.json and package-lock.json committed together; CI runs `npm ci`',
    },
  },
  lockfileOutOfSync: {
    id: 'lockfile-out-of-sync',
    title: 'Lockfile out of sync with package.json',
    category: 'missing-lockfile',
    severity: 'medium',
    practice: PRACTICE,
    owasp: OWASP,
    docs: {
      what: 'A dependency whose package.json spec the lockfile does not record (added, changed or removed without re-locking).',
      why: '`npm ci` refuses to install and other installs silently resolve the new range: the lockfile no longer pins what is deployed.',
      fix: "Run `npm install` (or your package manager's install) and commit the updated lockfile with the package.json change.",
      bad: 'package.json: "axios": "^1.7.0"; package-lock.json still records "axios": "^1.6.0"',
      good: 'package.json and the lockfile updated in the same commit',
    },
  },
  unpinnedSource: {
    id: 'dependency-unpinned-source',
    title: 'Dependency from git, a URL, * or a moving tag',
    category: 'risky-dependency',
    severity: 'medium',
    practice: PRACTICE,
    owasp: OWASP,
    docs: {
      what: 'A dependency installed from git, a URL, `*`, an open range (`>=1.0.0`) or a moving tag such as `latest`.',
      why: "These bypass the registry's immutability or accept any future release: whoever controls the repository, the URL or the next publish controls your code. `http://` URLs can be swapped in transit.",
      fix: 'Depend on a registry release with a caret or exact range; fork and publish (or vendor) code you need from git.',
      bad: '"dependencies": { "lodash": "latest", "utils": "github:someone/utils" }',
      good: '"dependencies": { "lodash": "^4.17.21", "@acme/utils": "1.4.2" }',
    },
  },
  installScript: {
    id: 'dependency-install-script',
    title: 'Dependency with an install script',
    category: 'risky-dependency',
    severity: 'low',
    practice: PRACTICE,
    owasp: OWASP,
    docs: {
      what: 'A package anywhere in the dependency tree that runs an install script (preinstall, install, postinstall).',
      why: "Install scripts run with the developer's or the CI runner's rights at install time: the usual way compromised packages steal tokens and cloud credentials.",
      fix: 'Prefer packages without install scripts; install with `--ignore-scripts` and allow scripts only for packages you have reviewed (npm `allowScripts`, pnpm `onlyBuiltDependencies`).',
      bad: 'a dependency whose lockfile entry has "hasInstallScript": true',
      good: 'no install scripts, or only reviewed ones allowed explicitly',
    },
  },
  deprecated: {
    id: 'dependency-deprecated',
    title: 'Deprecated dependency',
    category: 'risky-dependency',
    severity: 'low',
    practice: PRACTICE,
    owasp: OWASP,
    docs: {
      what: 'A package the lockfile marks deprecated by its publisher.',
      why: 'Deprecated packages get no security fixes; many were deprecated because of a vulnerability or a replacement.',
      fix: 'Upgrade or replace it (the deprecation message usually names the successor); for a transitive one, upgrade the dependency that pulls it in.',
      bad: '"node_modules/request": { "deprecated": "request has been deprecated" }',
      good: 'a maintained replacement such as the global `fetch`',
    },
  },
  largeTree: {
    id: 'dependency-large-tree',
    title: 'Dependency with a large transitive tree',
    category: 'risky-dependency',
    severity: 'low',
    practice: PRACTICE,
    owasp: OWASP,
    docs: {
      what: 'A direct production dependency that brings in a large tree of transitive packages.',
      why: 'Every package in the tree is code you deploy and trust, maintained by people you did not choose: the guide\'s "dependencies\' dependencies". Large trees also slow cold starts.',
      fix: 'Prefer smaller packages or the platform (fetch, node:crypto, AWS SDK v3 modular clients); move build-time tools to devDependencies.',
      bad: 'a helper library pulling in 300 packages for one function',
      good: 'a focused package with few dependencies, or a few lines of your own',
    },
  },
  knownVulnerability: {
    id: 'known-vulnerability',
    title: 'Dependency with a known vulnerability (npm audit)',
    category: 'risky-dependency',
    severity: 'high',
    practice: PRACTICE,
    owasp: OWASP,
    docs: {
      what: 'A package with a known vulnerability, as reported by `npm audit --json` (passed with `--npm-audit FILE`).',
      why: 'Published vulnerabilities come with exploits; serverless functions are reachable from the Internet and run with cloud credentials.',
      fix: 'Upgrade to a fixed version (`npm audit fix`, or bump the dependency that pulls it in); if unaffected, record why in the baseline.',
      bad: 'npm audit: lodash <4.17.21 — Prototype Pollution (high)',
      good: 'lodash 4.17.21',
    },
  },
} as const satisfies Record<string, RuleMeta>
