export {
  atLeast,
  CATEGORIES,
  type Category,
  type Finding,
  SEVERITIES,
  type Severity,
} from './findings.js'
