/** `bulwark --help`. */
export const HELP = `bulwark: audit serverless projects (Serverless Framework, SAM, CloudFormation, CDK)

Usage:
  bulwark audit [dir] [options]   audit the project in dir (default: the current folder)
  bulwark policy [dir] [--function NAME] [--format yaml|json]
                                  the least-privilege IAM policy each function's code needs,
                                  beside what its role grants (granted, unused, missing)
  bulwark rules [--format text|json|markdown]
                                  list every rule with its documentation
  bulwark --version

Audit options:
  -f, --format FORMAT   text (default), json, sarif, html or markdown
  -o, --output FILE     write the report to FILE instead of standard output
      --fail-on LEVEL   exit 1 when a finding is at or above LEVEL: low (default),
                        medium, high or critical
      --baseline FILE   accept the findings listed in FILE (an earlier --format json report)
      --npm-audit FILE  fold FILE, the output of \`npm audit --json\`, into the dependency findings

Suppressions:
  # bulwark-ignore RULE_ID: reason        (YAML; // in JS/TS) on or above the line
  Metadata: { bulwark: { ignore: [{ rule: RULE_ID, reason: ... }] } }   on a template resource
  bulwark.config.json: { "ignore": [{ "rule", "reason", "file"?, "function"? }],
                         "publicRoutes": [{ "route": "GET /catalog" or "URL fnName", "reason": ... }] }
  A suppression without a reason is itself reported.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 the audit could
not run (bad arguments or config, nothing to audit). NO_COLOR turns colours off.
\`bulwark policy\` exits 0 when it printed the policies, 2 when it could not (bad arguments,
nothing to read, no such function).

The auditor never runs project code and never reads outside dir.
`

/** `bulwark rules --help`. */
export const RULES_HELP = `Usage: bulwark rules [--format text|json|markdown]

Lists every rule: id, category, default severity, practice, OWASP reference, what it finds,
why it matters, how to fix it, and a bad and a good example.
`

/** `bulwark policy --help`. */
export const POLICY_HELP = `Usage: bulwark policy [dir] [--function NAME] [--format yaml|json]

Follows each function's handler and its local imports, finds its AWS SDK calls (v3 clients and
commands, @aws-sdk/lib-dynamodb, @aws-sdk/lib-storage, v2 aws-sdk), maps them to IAM actions,
resolves the resources they touch through the environment variables the template sets, and
prints the least-privilege policy of every function beside what its role grants today.

Options:
  -f, --format FORMAT   yaml (default): the project's own format (serverless.yml
                        iamRoleStatements per function, SAM Policies, a CloudFormation role's
                        inline policy), with notes as comments;
                        json: { "functions": { NAME: { file, actions, statements, granted,
                        unused, missing } } }, notes on standard error
      --function NAME   only this function (its name in the config, or its logical id)

"unused" is what that function never uses (another function sharing the role may), listed
only when its code was fully followed; "missing" only when all that its role grants is known.
Exit codes: 0 printed, 2 could not (bad arguments, nothing to read, no such function).
`
