/**
 * The practices of the serverless security guide Bulwark started from, and the OWASP Top 10
 * (2017) entries the rules cite. Rules name these constants so reports group consistently.
 */
export const PRACTICE = {
  leastPrivilege: 'Least privilege: no wildcard actions or resources',
  perFunctionRoles: 'One role per function',
  authenticateEndpoints: 'Authenticate every endpoint',
  apiKeys: 'API keys are limited and never enough alone to modify data',
  cors: 'CORS: allow only known origins',
  denialOfService: 'Denial of service: rate limits and concurrency limits',
  protectCredentials: 'Protect keys and credentials: no hard-coding, use a secret store',
  protectData: 'Protect user data: encryption at rest and in transit',
  logging: 'Log security events and act on thresholds',
  runtimes: 'Keep runtimes and dependencies current',
  deleteOldFunctions: 'Delete old functions',
  separateStages: 'Keep dev and prod apart',
  auditable: 'Keep the configuration auditable',
} as const

export const OWASP = {
  injection: 'A1:2017-Injection',
  brokenAuthentication: 'A2:2017-Broken Authentication',
  sensitiveData: 'A3:2017-Sensitive Data Exposure',
  brokenAccessControl: 'A5:2017-Broken Access Control',
  misconfiguration: 'A6:2017-Security Misconfiguration',
  xss: 'A7:2017-Cross-Site Scripting (XSS)',
  deserialization: 'A8:2017-Insecure Deserialization',
  knownVulnerabilities: 'A9:2017-Using Components with Known Vulnerabilities',
  logging: 'A10:2017-Insufficient Logging & Monitoring',
} as const
