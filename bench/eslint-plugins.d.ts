// The two ESLint security plugins ship no types; the benchmark uses only their configs.
declare module '@microsoft/eslint-plugin-sdl' {
  import type { ESLint, Linter } from 'eslint'

  const plugin: ESLint.Plugin & { configs: Record<string, Linter.Config[]> }
  export default plugin
}

declare module 'eslint-plugin-security' {
  import type { ESLint, Linter } from 'eslint'

  const plugin: ESLint.Plugin & { configs: { recommended: Linter.Config } }
  export default plugin
}
