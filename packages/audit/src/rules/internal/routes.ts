import type { Route, Service } from '../../model/types.js'

const READ_METHODS = new Set(['GET', 'HEAD'])

/** Whether a route can change data: anything but GET/HEAD (ANY included). */
export function isMutating(method: string): boolean {
  return !method.split(',').every((m) => READ_METHODS.has(m.trim().toUpperCase()))
}

/** `POST /users` or `$connect`, for messages and config matching. */
export function routeLabel(route: Route): string {
  return route.kind === 'websocket' ? route.path : `${route.method} ${route.path}`
}

/** A route reachable from the internet: not served by a private (VPC-only) API. */
export function isInternetFacing(service: Service, route: Route): boolean {
  const api = route.apiId === undefined ? undefined : service.apis.find((a) => a.id === route.apiId)
  return api?.private !== true
}

/**
 * The last fixed path segment of routes that cannot sit behind an authorizer: the sign-in flow
 * itself (a caller has no token yet) and health checks.
 */
const SIGN_IN_OR_HEALTH =
  /^(log-?in|sign-?in|sign-?up|register|registration|token|refresh(-?token)?|forgot-?password|reset-?password|password-?reset|confirm-?sign-?up|verify-?email|auth-?challenge|challenge|health|health-?check|healthz|ping)$/i

/**
 * Whether a route is public by what it is: a step of signing in or up, a health check, or a path
 * with a `public` segment (`/api/public`). An authorizer cannot protect these; rate limits do
 * (api-throttling and function-concurrency still report them).
 *
 * @example
 * isPublicByDesign({ path: '/auth/login', … }) // true
 * isPublicByDesign({ path: '/users/{id}', … }) // false
 */
export function isPublicByDesign(route: Route): boolean {
  if (route.kind === 'websocket') return false
  const fixed = route.path.split('/').filter((s) => s !== '' && !s.startsWith('{') && s !== '*')
  const last = fixed.at(-1)
  return (
    fixed.some((s) => s.toLowerCase() === 'public') ||
    (last !== undefined && SIGN_IN_OR_HEALTH.test(last))
  )
}
