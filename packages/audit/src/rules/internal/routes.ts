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
