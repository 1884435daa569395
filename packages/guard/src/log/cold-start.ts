let cold = true

/**
 * True for the first invocation this process serves, false afterwards: on Lambda, the first
 * request of a new instance, which pays for initialization.
 *
 * @example
 * log.child({ coldStart: takeColdStart() })
 */
export function takeColdStart(): boolean {
  const wasCold = cold
  cold = false
  return wasCold
}
