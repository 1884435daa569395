import { handlerChecksCaller, handlerGuardAuth } from '../code/audit-rules.js'
import { isInternetFacing, isMutating, isPublicByDesign, routeLabel } from './internal/routes.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const missingAuth: Rule = {
  meta: {
    id: 'missing-auth',
    title: 'HTTP endpoint without authentication',
    category: 'missing-auth',
    severity: 'high',
    practice: PRACTICE.authenticateEndpoints,
    owasp: OWASP.brokenAuthentication,
    docs: {
      what: 'An HTTP route (REST API, HTTP API, websocket `$connect`, ALB) with no authorizer and no API key, or a Lambda function URL with `AuthType: NONE`. Routes public by what they are (sign-in and sign-up steps such as `/login`, `/signup`, `/token`, health checks, paths with a `public` segment) are not reported. Another route that is public on purpose is declared in `bulwark.config.json` under `publicRoutes` with a reason (`"route": "GET /catalog"`, or `"URL fnName"` for a function URL). A handler wrapped by `@bulwark/guard` (`guard.http({ auth }, fn)`) is authenticated in code, deny by default, and `auth: \'public\'` declares it public there.',
      why: "Anyone on the internet can call an unauthenticated endpoint: read other users' data, write to your tables, or run up your bill. Authentication added later inside the handler is easy to forget on one route.",
      fix: 'Add an authorizer (Cognito/JWT, a Lambda authorizer, or AWS_IAM) to the route or as the API default, or wrap the handler with `@bulwark/guard`, which denies by default. Declare routes that must stay public (health checks, login) in `bulwark.config.json` with a reason.',
      bad: 'events:\n  - httpApi:\n      method: POST\n      path: /transfers',
      good: 'events:\n  - httpApi:\n      method: POST\n      path: /transfers\n      authorizer:\n        name: cognitoJwt',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      for (const route of service.routes) {
        if (route.auth.kind !== 'none' || route.apiKeyRequired === true) continue
        if (route.apiKeyRequired === 'unknown' || !isInternetFacing(service, route)) continue
        // Signing in cannot require being signed in; health checks are called by machines.
        if (isPublicByDesign(route)) continue
        // `guard.http({ auth: {...} }, fn)` refuses unauthenticated callers before the handler
        // runs, and `auth: 'public'` is the code declaring the route public on purpose.
        if (route.function !== undefined && handlerGuardAuth(project, route.function) !== undefined)
          continue
        const fn = route.function === undefined ? '' : ` (function ${route.function})`
        const where = route.kind === 'alb' ? 'load balancer rule' : 'route'
        // The code analysis saw the handler check credentials itself: still worth an authorizer.
        const checked = route.function !== undefined && handlerChecksCaller(project, route.function)
        report({
          span: route.span,
          severity: checked
            ? 'low'
            : route.kind === 'alb'
              ? 'medium'
              : isMutating(route.method)
                ? 'high'
                : 'medium',
          message: checked
            ? `${where} ${routeLabel(route)}${fn} has no authorizer; its handler checks credentials itself, so one forgotten check opens it`
            : `${where} ${routeLabel(route)}${fn} has no authorizer: anyone can call it`,
          subject: routeLabel(route),
          ...(route.function === undefined ? {} : { function: route.function }),
        })
      }
      for (const fn of service.functions) {
        if (fn.generated || fn.url?.authType !== 'NONE') continue
        report({
          span: fn.url.span,
          message: `function URL of ${fn.name} has AuthType NONE: anyone who finds the URL can invoke it`,
          subject: `URL ${fn.name}`,
          function: fn.name,
        })
      }
    }
  },
}
