/**
 * What a Lambda function runs. Three forms:
 *
 * - a handler: `async (event, context) => result` (module scope is then empty);
 * - an init factory: `{ init: async (init) => handler }`. The factory is the module scope: it runs
 *   once per execution environment, so state it closes over persists across warm invocations of
 *   that environment, exactly as module-level variables do on Lambda;
 * - a deployment package on disk: `{ directory: '/abs/path' }`. The function's `Handler` setting
 *   (`index.handler`, `src/app.handler`) names the module file and its export, as on Lambda; the
 *   runtime loads the module afresh in each execution environment (`runtime/module-handler.ts`),
 *   and its top-level code is the init phase.
 *
 * This is the one definition of code's shape. The objects handed to it (the invocation context,
 * the init context) belong to the runtime layer above, so they are type parameters here:
 * `runtime/handler-types.ts` names the instance users write against (`FunctionCode`), and the
 * model stores any instance (`StoredCode`).
 *
 * Code identity: `codeSha256` is the base64 SHA-256 of the closure's source text (`String(fn)`),
 * and `codeSize` its UTF-8 length. Two closures with the same source text have the same identity,
 * like two zips with the same bytes. For a directory, the hash covers the package's own files (their
 * paths and bytes, in sorted order; `node_modules` and `.git` left out) and the size is their total.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** `callback(error)` fails; `callback(null, result)` succeeds (nodejs22.x and earlier). */
export type Callback<TResult = unknown> = (error?: unknown, result?: TResult) => void

/** A handler, given the context type the runtime hands it. */
export type HandlerOf<TContext, TEvent = any, TResult = any> = (event: TEvent, context: TContext, callback: Callback<TResult>) => void | TResult | Promise<TResult>

/** The module scope: runs once per execution environment and returns the handler. */
export type InitFactoryOf<TInit, TContext> = (init: TInit) => HandlerOf<TContext> | Promise<HandlerOf<TContext>>

/** A deployment package on disk: the function's `Handler` setting names its module file and export. */
export interface DirectoryCode {
  /** Absolute path of the package's root (what Lambda unpacks to `/var/task`). */
  readonly directory: string
}

/** A function's code: a handler, an init factory, or a deployment package directory. */
export type FunctionCodeOf<TContext, TInit> = HandlerOf<TContext> | { readonly init: InitFactoryOf<TInit, TContext> } | DirectoryCode

/** Code as the model stores and the runtime calls it: the context types are the runtime's business. */
export type StoredCode = StoredHandler | { readonly init: (init: any) => unknown } | DirectoryCode
/** A handler as the runtime calls it (nodejs24.x passes no callback). */
export type StoredHandler = (event: any, context: any, callback: any) => unknown

export function isInitFactory(code: unknown): code is { readonly init: (init: any) => unknown } {
  return typeof code === 'object' && code !== null && typeof (code as { init?: unknown }).init === 'function'
}

export function isDirectoryCode(code: unknown): code is DirectoryCode {
  return typeof code === 'object' && code !== null && typeof (code as { directory?: unknown }).directory === 'string' && !('init' in code)
}

/** True for a handler, an init factory or a package directory: what `code` must be. */
export function isFunctionCode(value: unknown): value is StoredCode {
  return typeof value === 'function' || isInitFactory(value as StoredCode) || isDirectoryCode(value)
}

export function codeSourceText(code: StoredHandler | { readonly init: (init: any) => unknown }): string {
  return isInitFactory(code) ? `init:${String(code.init)}` : String(code)
}

/** Directories a package's identity (and the runtime's fresh loading) leaves out. */
export const SHARED_PACKAGE_DIRECTORIES: readonly string[] = ['node_modules', '.git']

/** The package's own files, as paths relative to `root` with `/` separators, in sorted order. */
export function packageFiles(root: string): string[] {
  const files: string[] = []
  const walk = (relative: string): void => {
    const entries = readdirSync(join(root, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isDirectory()) {
        if (!SHARED_PACKAGE_DIRECTORIES.includes(entry.name)) walk(path)
      } else if (entry.isFile() || (entry.isSymbolicLink() && statSync(join(root, path)).isFile())) {
        files.push(path)
      }
    }
  }
  walk('')
  return files
}

export function codeIdentity(code: StoredCode): { codeSha256: string; codeSize: number } {
  if (isDirectoryCode(code)) {
    const hash = createHash('sha256')
    let size = 0
    for (const file of packageFiles(code.directory)) {
      const bytes = readFileSync(join(code.directory, file))
      hash.update(`${file}\0${bytes.length}\0`).update(bytes)
      size += bytes.length
    }
    return { codeSha256: hash.digest('base64'), codeSize: size }
  }
  const fixedText = hasFixedText(code)
  let identity = fixedText ? identityByHandler.get(code) : undefined
  if (identity === undefined) {
    const text = codeSourceText(code)
    identity = identityByText.get(text)
    if (identity === undefined) {
      if (identityByText.size >= IDENTITY_CACHE_MAX) identityByText.clear()
      identity = { codeSha256: createHash('sha256').update(text).digest('base64'), codeSize: Buffer.byteLength(text, 'utf8') }
      identityByText.set(text, identity)
    }
    if (fixedText) identityByHandler.set(code, identity)
  }
  return { codeSha256: identity.codeSha256, codeSize: identity.codeSize }
}

/**
 * The identity of a handler's source text, computed once per text: a property test creates the same
 * handler in thousands of fresh simulations, and a SHA-256 per `CreateFunction` was a tenth of each
 * run (issue 19). A pure function of the text, so a hit answers what hashing would; bounded (cleared
 * when full) so a process creating endlessly new sources does not keep them all.
 */
const identityByText = new Map<string, { readonly codeSha256: string; readonly codeSize: number }>()

/**
 * A plain handler's identity by the function itself (what its text gives): `String(handler)` copies
 * the source text and the lookup above hashes the copy, on every CreateFunction. Only functions whose
 * text is the built-in `Function.prototype.toString`'s, fixed for the function's life.
 */
const identityByHandler = new WeakMap<object, { readonly codeSha256: string; readonly codeSize: number }>()

/**
 * The built-in `Function.prototype.toString`, as it was when this module loaded. Compared with
 * this, not with whatever `Function.prototype.toString` is now: a program that replaces it globally
 * changes every function's `String()`, and a handler's identity kept from before would no longer
 * be its text's (the documented rule).
 */
const BUILT_IN_TO_STRING = Function.prototype.toString

/** `String(code)` is the built-in `Function.prototype.toString`'s text: no own, inherited or global override in the way. */
function hasFixedText(code: StoredCode): code is StoredHandler {
  return (
    typeof code === 'function' &&
    code.toString === BUILT_IN_TO_STRING &&
    (code as unknown as { [Symbol.toPrimitive]?: unknown })[Symbol.toPrimitive] === undefined
  )
}
const IDENTITY_CACHE_MAX = 1024
