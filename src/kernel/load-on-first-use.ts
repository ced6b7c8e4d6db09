/**
 * Dependencies loaded on first use instead of at `import('lambda-sim')`.
 *
 * Why: importing the library used to load every dependency up front, although most runs never need
 * some of them — `@mswjs/interceptors` (≈ 45 ms) only once the handler's world installs its HTTP
 * interception, `cron-parser` (≈ 25 ms) only for a scheduled-scaling `cron(…)` expression. A static
 * `import` would make every user pay for them before the first line of their test runs.
 *
 * How: a synchronous `require` made with `createRequire`, so the callers stay synchronous (an
 * `await import()` would turn `createSimulation` and the schedule parser asynchronous). It resolves
 * from this module's own file, as the static import did; both packages ship a CommonJS build, and
 * Node ≥ 20.19 (our `engines`) can `require` an ES module as well. In the CommonJS build tsup's shim
 * gives `import.meta.url` (`shims: true` in `tsup.config.ts`).
 */
import { createRequire } from 'node:module'

let requireHere: NodeJS.Require | undefined

/**
 * `load()` returns the module, loading it the first time it is called. `specifier` must be a
 * literal package name so the bundler keeps it external (it is in `dependencies`).
 */
export function loadOnFirstUse<T>(specifier: string): () => T {
  let loaded: T | undefined
  return () => {
    if (loaded === undefined) {
      requireHere ??= createRequire(import.meta.url)
      loaded = requireHere(specifier) as T
    }
    return loaded
  }
}
