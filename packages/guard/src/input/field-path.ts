/**
 * `items[2].name` from `['items', 2, 'name']`: how every input error names the field.
 *
 * @example
 * formatFieldPath('body', ['items', 2, 'name']) // 'body.items[2].name'
 */
export function formatFieldPath(
  root: string,
  segments: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>,
): string {
  let path = root
  for (const segment of segments) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment
    if (typeof key === 'number') path += `[${key}]`
    else if (typeof key === 'symbol') path += '[symbol]'
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) path += `.${key}`
    else path += `[${JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key)}]`
  }
  return path
}
