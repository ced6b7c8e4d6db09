/**
 * What a non-Node runtime shows for an error: the handler is a JS closure whatever the declared
 * runtime, so its thrown value (name, message, JS stack frames) is rendered in the shape the
 * family's runtime interface client sends to Lambda, in its field order, and the family's log line.
 *
 * - python [S, awslambdaric `make_error` / `build_fault_result` / `log_error`, AWS doc example]:
 *   `{errorMessage, errorType, requestId, stackTrace}`, frames `  File "<f>", line <n>, in <fn>\n`
 *   outermost first; the log is `[ERROR] <type>: <message>` then `Traceback (most recent call last):`.
 * - java [V doc example]: `{errorMessage, errorType, stackTrace, cause?}`, frames `<fn>(<file>:<n>)`.
 * - dotnet [V doc example]: `{errorType, errorMessage, stackTrace, cause?}`, frames `at <fn>() in <f>:line <n>`.
 * - ruby [S, Ruby RIC]: `{errorMessage, errorType: "Function<Name>", stackTrace}`, frames `<f>:<n>:in `<fn>'`.
 * - provided [V runtime API doc example]: `{errorMessage, errorType, stackTrace}` (what a custom
 *   runtime posts is its own choice; this is AWS's documented body).
 * - go (go1.x) [S aws-lambda-go]: `{errorMessage, errorType}`.
 * Node is not here: `error-payload.ts` keeps its exact behaviour.
 */
import { runtimeFamily, type RuntimeFamily } from '../model/runtimes.js'
import { UNREADABLE_ERROR_PAYLOAD, userStack, type ErrorPayload } from './error-payload.js'
import { stablePaths } from './stable-trace.js'

/** The family and request a non-Node error is rendered for. */
export interface ErrorDialect {
  readonly family: Exclude<RuntimeFamily, 'nodejs'>
  /** Python puts it in the payload ('' during init [U]). */
  readonly requestId: string
}

interface Frame {
  readonly fn: string
  readonly file: string
  readonly line: string
}

interface Thrown {
  readonly name: string
  readonly message: string
  readonly frames: readonly Frame[]
  readonly cause: Thrown | undefined
}

const FRAME_WITH_NAME = /^\s*at (?:async )?(.+?) \((.+?):(\d+):\d+\)$/
const FRAME_BARE = /^\s*at (?:async )?(.+?):(\d+):\d+$/

/** Frames of Node's own modules (`node:…`) are the simulator's plumbing here, never the function's. */
function framesOf(stack: string): Frame[] {
  const frames: Frame[] = []
  for (const text of userStack(stack)) {
    if (text.includes('(node:') || /^\s*at node:/.test(text)) continue
    const named = FRAME_WITH_NAME.exec(text)
    if (named !== null) {
      frames.push({ fn: named[1] as string, file: (named[2] as string).replace(/^file:\/\//, ''), line: named[3] as string })
      continue
    }
    const bare = FRAME_BARE.exec(text)
    if (bare !== null) frames.push({ fn: '<module>', file: (bare[1] as string).replace(/^file:\/\//, ''), line: bare[2] as string })
  }
  return frames
}

/** False, too, when asking throws (a Proxy's traps). */
function isErrorLike(value: unknown): value is { name: string; message: string; stack?: string; cause?: unknown } {
  try {
    return (
      value instanceof Error ||
      (typeof value === 'object' &&
        value !== null &&
        typeof (value as { name?: unknown }).name === 'string' &&
        typeof (value as { message?: unknown }).message === 'string')
    )
  } catch {
    return false
  }
}

function thrownOf(value: unknown, depth = 0): Thrown {
  if (!isErrorLike(value)) return { name: typeof value, message: stablePaths(String(value)), frames: [], cause: undefined }
  const cause = depth < 5 ? causeOf(value, depth) : undefined
  return { name: String(value.name), message: stablePaths(String(value.message)), frames: framesOf(String(value.stack ?? '')), cause }
}

/** The inner error, left out when reading it throws (a getter, a Proxy trap). */
function causeOf(value: { cause?: unknown }, depth: number): Thrown | undefined {
  try {
    return isErrorLike(value.cause) ? thrownOf(value.cause, depth + 1) : undefined
  } catch {
    return undefined
  }
}

/**
 * A value whose name, message or stack cannot be read (a getter or a Proxy trap throws): reported
 * with the words the Node runtime uses for it [SIM for these families].
 */
const UNREADABLE: Thrown = { name: UNREADABLE_ERROR_PAYLOAD.errorType, message: UNREADABLE_ERROR_PAYLOAD.errorMessage, frames: [], cause: undefined }

function safeThrownOf(value: unknown): Thrown {
  try {
    return thrownOf(value)
  } catch {
    return UNREADABLE
  }
}

const baseName = (file: string): string => file.slice(file.lastIndexOf('/') + 1)

const pythonFrames = (frames: readonly Frame[]): string[] => [...frames].reverse().map((f) => `  File "${f.file}", line ${f.line}, in ${f.fn}\n`)
const javaFrames = (frames: readonly Frame[]): string[] => frames.map((f) => `${f.fn}(${baseName(f.file)}:${f.line})`)
const dotnetFrames = (frames: readonly Frame[]): string[] => frames.map((f) => `at ${f.fn}() in ${f.file}:line ${f.line}`)
const rubyFrames = (frames: readonly Frame[]): string[] => frames.map((f) => `${f.file}:${f.line}:in \`${f.fn}'`)
const plainFrames = (frames: readonly Frame[]): string[] => frames.map((f) => `at ${f.fn} (${f.file}:${f.line})`)

function javaCause(thrown: Thrown): ErrorPayload {
  return {
    errorMessage: thrown.message,
    errorType: thrown.name,
    stackTrace: javaFrames(thrown.frames),
    ...(thrown.cause !== undefined ? { cause: javaCause(thrown.cause) } : {}),
  }
}

function dotnetCause(thrown: Thrown): ErrorPayload {
  return {
    errorType: thrown.name,
    errorMessage: thrown.message,
    stackTrace: dotnetFrames(thrown.frames),
    ...(thrown.cause !== undefined ? { cause: dotnetCause(thrown.cause) } : {}),
  }
}

/** The payload, its keys in the family's order (JSON text keeps insertion order). */
function payloadOf(thrown: Thrown, dialect: ErrorDialect): ErrorPayload {
  switch (dialect.family) {
    case 'python':
      return { errorMessage: thrown.message, errorType: thrown.name, requestId: dialect.requestId, stackTrace: pythonFrames(thrown.frames) }
    case 'java':
      return javaCause(thrown)
    case 'dotnet':
      return dotnetCause(thrown)
    case 'ruby':
      return { errorMessage: thrown.message, errorType: `Function<${thrown.name}>`, stackTrace: rubyFrames(thrown.frames) }
    case 'provided':
      return { errorMessage: thrown.message, errorType: thrown.name, stackTrace: plainFrames(thrown.frames) }
    case 'go':
      return { errorMessage: thrown.message, errorType: thrown.name }
  }
}

/** A payload the runtime builds itself (handler not found, import errors): the family's fields, no frames. */
export function familyPlatformError(errorType: string, errorMessage: string, dialect: ErrorDialect): ErrorPayload {
  switch (dialect.family) {
    case 'python':
      return { errorMessage, errorType, requestId: dialect.requestId, stackTrace: [] }
    case 'dotnet':
      return { errorType, errorMessage }
    default:
      return { errorMessage, errorType }
  }
}

/**
 * The line the family's runtime logs for the error, and whether it is written as is (no
 * timestamp / request id / level prefix), or undefined when the runtime logs nothing.
 * Python [S, `log_error`]; Java, .NET and Ruby [U]; OS-only and go1.x runtimes log nothing [S].
 */
function logOf(payload: ErrorPayload, thrown: Thrown, family: ErrorDialect['family']): { message: string; raw: boolean } | undefined {
  switch (family) {
    case 'python': {
      const lines = [`[ERROR] ${payload.errorType}: ${payload.errorMessage}`, 'Traceback (most recent call last):']
      for (const entry of payload.stackTrace ?? []) lines.push(...entry.split('\n').filter((line) => line !== ''))
      return { message: lines.join('\n'), raw: true }
    }
    case 'java':
      return { message: [`${thrown.message}: ${thrown.name}`, `${thrown.name}: ${thrown.message}`, ...javaFrames(thrown.frames).map((f) => `\tat ${f}`)].join('\n'), raw: true }
    case 'dotnet':
      return { message: [`${thrown.name}: ${thrown.message}`, ...dotnetFrames(thrown.frames).map((f) => `   ${f}`)].join('\n'), raw: false }
    case 'ruby':
      return { message: `Error raised from handler method\n${JSON.stringify(payload)}`, raw: true }
    default:
      return undefined
  }
}

export interface FamilyError {
  readonly payload: ErrorPayload
  /** What the runtime logs, if anything. */
  readonly log: { readonly message: string; readonly raw: boolean } | undefined
}

/** A thrown value as the family's runtime reports it. */
export function familyError(value: unknown, dialect: ErrorDialect): FamilyError {
  const thrown = safeThrownOf(value)
  const payload = payloadOf(thrown, dialect)
  return { payload, log: logOf(payload, thrown, dialect.family) }
}

const IMPORT_ERROR_NAMES = new Set(['ImportError', 'ModuleNotFoundError'])

/**
 * A value thrown while the module scope ran (init). Python reports an import failure as
 * `Runtime.ImportModuleError` ("Unable to import module '<module>': <message>") [S, awslambdaric
 * `_get_handler`]; any other exception, and every other family, reports the thrown error itself.
 */
export function familyInitError(value: unknown, handler: string, dialect: ErrorDialect): FamilyError {
  if (dialect.family === 'python' && isErrorLike(value) && IMPORT_ERROR_NAMES.has(String(value.name))) {
    const moduleName = handler.includes('.') ? handler.slice(0, handler.lastIndexOf('.')) : handler
    const payload = familyPlatformError('Runtime.ImportModuleError', `Unable to import module '${moduleName}': ${String(value.message)}`, dialect)
    return { payload, log: { message: `[ERROR] Runtime.ImportModuleError: ${payload.errorMessage}\nTraceback (most recent call last):`, raw: true } }
  }
  const reported = familyError(value, dialect)
  // The Ruby runtime says where it failed [U].
  if (dialect.family === 'ruby') return { payload: reported.payload, log: { message: `Init error when loading handler ${handler}\n${JSON.stringify(reported.payload)}`, raw: true } }
  return reported
}

/** `Runtime.HandlerNotFound` in the family's words (Python [S]; the others keep Node's text [U]). */
export function familyHandlerNotFound(handler: string, exported: unknown, dialect: ErrorDialect): ErrorPayload {
  if (dialect.family === 'python') {
    const dot = handler.lastIndexOf('.')
    const moduleName = dot >= 0 ? handler.slice(0, dot) : handler
    const fn = dot >= 0 ? handler.slice(dot + 1) : handler
    return familyPlatformError('Runtime.HandlerNotFound', `Handler '${fn}' missing on module '${moduleName}'`, dialect)
  }
  return familyPlatformError('Runtime.HandlerNotFound', `${handler} is ${exported === undefined ? 'undefined or not exported' : 'not a function'}`, dialect)
}

/** The dialect a function's errors are rendered in, or undefined for Node (`error-payload.ts`). */
export function errorDialectOf(runtime: string, requestId: string): ErrorDialect | undefined {
  const family = runtimeFamily(runtime)
  return family === 'nodejs' ? undefined : { family, requestId }
}
