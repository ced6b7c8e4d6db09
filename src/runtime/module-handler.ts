/**
 * Loads a deployment package's handler as Lambda's Node.js runtime does (`UserFunction.load` of the
 * runtime interface client): the `Handler` setting `src/app.handler` names the module `src/app`
 * under the package root and the export path `handler` (nested: `app.routes.get`). The module file
 * is found in the runtime's order — the extensionless file, `.js` (CommonJS unless the nearest
 * package.json says `"type": "module"`), `.mjs`, `.cjs` — and, when none exists, `.ts`/`.mts`/`.cts`
 * for users who run a TypeScript loader of their own (tsx, ts-node): they load only if it is active.
 *
 * Each execution environment gets its own instance of the module, so module-scope state is per
 * environment as on Lambda:
 *
 * - CommonJS: the package's own files (outside `node_modules`) are taken out of `require.cache`
 *   before the entry is required, so the entry and the local files it requires run afresh;
 * - ES modules: the entry is imported under a URL unique to the load (`?lambda-sim-load=N`), which
 *   Node treats as a new module. Local files the entry imports resolve to their plain URLs and are
 *   shared (docs/deviations.md).
 *
 * Dependencies under `node_modules` are shared by every environment in the process (deviation).
 *
 * Real I/O. `require` reads synchronously: no async resource, nothing to exempt. `import()` reads
 * asynchronously, and that takes real time: while the graph is fetched and linked, the init's
 * task is held (`kernel.hold`: virtual time waits, nothing else is admitted) and its scope marked
 * as loading (`world/real-io.ts`). The import goes through a tiny `data:` wrapper whose first
 * dependency is a marker module: the engine evaluates it before any module of the package — and
 * only once every file of the static graph has been read — and it ends both the hold and the mark.
 * From then on the package's top-level code runs as any handler code: virtual timers (top-level
 * `await` included) move virtual time, and real I/O it starts is an escape. Graphs are fetched one
 * at a time, in the order their loads began, so concurrent inits start their top-level code in the
 * same order in every run, however fast the disk answers.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { registerCodeRoot } from './stable-trace.js'
import { constants as vmConstants, Script } from 'node:vm'
import type { Kernel, Task } from '../kernel/kernel.js'
import { markModuleLoading } from './world/real-io.js'

/** What the loader needs from the init running it. */
export interface ModuleLoadHost {
  readonly kernel: Kernel
  readonly task: Task
  /** The scope the module's code runs in (its loader reads are exempt while the graph is fetched). */
  readonly scope: object | undefined
}

/** The runtime's error classes (`Errors.js`): their `name` is `Runtime.<Class>`. */
export function runtimeError(type: 'ImportModuleError' | 'HandlerNotFound' | 'MalformedHandlerName' | 'UserCodeSyntaxError', message: string): Error {
  const error = new Error(message)
  error.name = `Runtime.${type}`
  return error
}

/** The query that makes each load of an ES module a new instance; stripped from reported traces. */
export const LOAD_QUERY = 'lambda-sim-load'

/** Loads counted process-wide: two simulations in one process never share an instance. */
let loads = 0
/** Settles when the graph fetched last has been fetched (`importFresh`). */
let fetchQueue: Promise<void> = Promise.resolve()

const MARKERS = Symbol.for('lambda-sim.module-graph-fetched')
type MarkerRegistry = Map<string, () => void>

function markers(): MarkerRegistry {
  const holder = globalThis as unknown as Record<symbol, MarkerRegistry | undefined>
  return (holder[MARKERS] ??= new Map())
}

/**
 * `import()` as Node itself runs it. A test runner or bundler may rewrite `import()` in the
 * library's own source (vitest sends it through Vite's module runner); the package must be loaded
 * by Node's own loader, as the runtime loads it, so the call is compiled at run time with the main
 * context's default loader, out of their reach.
 */
const nativeImport = new Script('(specifier) => import(specifier)', {
  filename: 'lambda-sim-module-loader',
  importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
}).runInThisContext() as (specifier: string) => Promise<Record<string, unknown>>

/**
 * Node warns (once per process, synchronously inside the call) that the loader option above is
 * experimental. The warning is about lambda-sim's machinery, not the user's code, and it would
 * otherwise land in the function's log of whichever package loads first — so the first load of a
 * process would log differently from the rest. That one warning is dropped; any other passes.
 */
function importQuietly(specifier: string): Promise<Record<string, unknown>> {
  const emitWarning = process.emitWarning
  process.emitWarning = function filtered(this: NodeJS.Process, warning: string | Error, ...rest: unknown[]): void {
    if (String(warning).includes('vm.USE_MAIN_CONTEXT_DEFAULT_LOADER')) return
    ;(emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest)
  } as typeof process.emitWarning
  try {
    return nativeImport(specifier)
  } finally {
    process.emitWarning = emitWarning
  }
}

/** Loads `handler` (`file.export`) from the package at `directory`; throws as the runtime does. */
export async function loadModuleHandler(directory: string, handler: string, host: ModuleLoadHost): Promise<unknown> {
  if (handler.includes('..')) {
    throw runtimeError('MalformedHandlerName', `'${handler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`)
  }
  const slash = handler.lastIndexOf('/')
  const moduleRoot = handler.slice(0, slash + 1)
  const moduleAndExport = handler.slice(slash + 1)
  const match = /^([^.]*)\.(.*)$/.exec(moduleAndExport)
  if (match === null) throw runtimeError('MalformedHandlerName', 'Bad handler')
  const moduleName = match[1] as string
  const exportPath = match[2] as string
  // Its paths read `/var/task/…` in traces, whatever directory it was loaded from (`stable-trace.ts`).
  registerCodeRoot(directory)

  let loaded: unknown
  try {
    loaded = await loadModule(directory, resolve(directory, moduleRoot, moduleName), moduleName, host)
  } catch (thrown) {
    throw asLoadError(thrown)
  }
  const found = exportPath.split('.').reduce<unknown>((nested, key) => (nested ? (nested as Record<string, unknown>)[key] : undefined), loaded)
  if (!found) throw runtimeError('HandlerNotFound', `${handler} is undefined or not exported`)
  if (typeof found !== 'function') throw runtimeError('HandlerNotFound', `${handler} is not a function`)
  return found
}

type Loader = 'require' | 'import'

/** The file the runtime would load for `base` (no extension) and how, or undefined. */
export function findModuleFile(base: string): { file: string; loader: Loader } | undefined {
  if (existsFile(base)) return { file: base, loader: 'require' }
  const typeModule = existsFile(`${base}.js`) && nearestPackageIsModule(dirname(base))
  if (existsFile(`${base}.js`)) return { file: `${base}.js`, loader: typeModule ? 'import' : 'require' }
  if (existsFile(`${base}.mjs`)) return { file: `${base}.mjs`, loader: 'import' }
  if (existsFile(`${base}.cjs`)) return { file: `${base}.cjs`, loader: 'require' }
  // TypeScript: not Lambda's (it runs JavaScript), for users whose own loader compiles it.
  if (existsFile(`${base}.ts`)) return { file: `${base}.ts`, loader: nearestPackageIsModule(dirname(base)) ? 'import' : 'require' }
  if (existsFile(`${base}.mts`)) return { file: `${base}.mts`, loader: 'import' }
  if (existsFile(`${base}.cts`)) return { file: `${base}.cts`, loader: 'require' }
  return undefined
}

function existsFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true
}

/** The runtime's rule: the nearest package.json decides; a `node_modules` folder or `/` ends the search. */
function nearestPackageIsModule(folder: string): boolean {
  for (let current = folder; ; current = dirname(current)) {
    if (current.endsWith(`${sep}node_modules`)) return false
    const manifest = join(current, 'package.json')
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module'
      } catch {
        return false
      }
    }
    if (dirname(current) === current) return false
  }
}

async function loadModule(directory: string, base: string, moduleName: string, host: ModuleLoadHost): Promise<unknown> {
  const found = findModuleFile(base)
  if (found === undefined) {
    // The runtime falls back to `require.resolve(module)`, which fails with this error.
    const error = new Error(`Cannot find module '${moduleName}'\nRequire stack:\n- /var/runtime/index.mjs`)
    ;(error as { code?: string }).code = 'MODULE_NOT_FOUND'
    throw error
  }
  if (found.loader === 'require') return requireFresh(directory, found.file, host)
  return importFresh(found.file, host)
}

function requireFresh(directory: string, file: string, host: ModuleLoadHost): unknown {
  const require = createRequire(file)
  const root = directory.endsWith(sep) ? directory : directory + sep
  // The package's own files run afresh for this environment; dependencies stay shared.
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(root) && !key.slice(root.length).split(sep).includes('node_modules')) delete require.cache[key]
  }
  if (!/\.[cm]?ts$/.test(file)) return require(file)
  if (require.extensions['.ts'] === undefined) throw unknownExtension(file)
  // The user's TypeScript loader compiles inside \`require\` (tsx's esbuild runs in a worker thread):
  // its work is the loader's. The mark covers the synchronous call, top-level code included
  // (docs/deviations.md); plain JavaScript needs none, as \`require\` starts no async work.
  const unmark = host.scope === undefined ? () => {} : markModuleLoading(host.scope)
  try {
    return require(file)
  } finally {
    unmark()
  }
}

function unknownExtension(file: string): Error {
  const extension = /\.[^.]+$/.exec(file)?.[0] ?? ''
  const error = new TypeError(`Unknown file extension "${extension}" for ${file} (a TypeScript handler needs a loader of your own, e.g. run with tsx)`)
  ;(error as { code?: string }).code = 'ERR_UNKNOWN_FILE_EXTENSION'
  return error
}

async function importFresh(file: string, host: ModuleLoadHost): Promise<unknown> {
  loads++
  const key = String(loads)
  const entry = `${pathToFileURL(file).href}?${LOAD_QUERY}=${key}`
  const marker = `data:text/javascript,${encodeURIComponent(`globalThis[Symbol.for(${JSON.stringify(MARKERS.description)})].get(${JSON.stringify(key)})?.()`)}`
  const wrapper = `data:text/javascript,${encodeURIComponent(`import ${JSON.stringify(marker)};\nexport * as handlerModule from ${JSON.stringify(entry)};`)}`

  const release = host.kernel.hold(host.task)
  // One graph is fetched at a time, in the order the loads began: which package's top-level code
  // runs first must not depend on which files the disk returns first.
  const previous = fetchQueue
  let nextMayFetch!: () => void
  fetchQueue = new Promise<void>((resolve) => (nextMayFetch = resolve))
  await previous
  const unmark = host.scope === undefined ? () => {} : markModuleLoading(host.scope)
  const fetched = (): void => {
    markers().delete(key)
    unmark()
    release()
    nextMayFetch()
  }
  markers().set(key, fetched)
  try {
    const namespace = await importQuietly(wrapper)
    return namespace['handlerModule']
  } catch (thrown) {
    if ((thrown as { code?: string } | undefined)?.code === 'ERR_UNKNOWN_FILE_EXTENSION') throw unknownExtension(file)
    throw thrown
  } finally {
    // The graph could not be fetched (a missing file, a syntax error): nothing evaluated.
    fetched()
  }
}

/** The runtime's wrapping (`_loadUserApp`): syntax errors and modules not found get its error types. */
function asLoadError(thrown: unknown): unknown {
  if (thrown instanceof SyntaxError) return runtimeError('UserCodeSyntaxError', String(thrown))
  const code = (thrown as { code?: unknown } | undefined)?.code
  if (thrown instanceof Error && (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNKNOWN_FILE_EXTENSION')) {
    return runtimeError('ImportModuleError', String(thrown))
  }
  return thrown
}
