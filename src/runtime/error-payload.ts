/**
 * The error JSON the Node.js runtime sends for a failed invocation, and the `Invoke Error` log line.
 * Rules follow the AWS Node.js runtime interface client: an Error (or Error-like object) reports its
 * `name`, `message` and `stack` lines; any other thrown value reports `typeof` and its string form.
 */
import { inspect } from 'node:util'
import { RecentTexts, stablePaths, stableStack, stableTraceGeneration } from './stable-trace.js'

export interface ErrorPayload {
  readonly errorType: string
  readonly errorMessage: string
  /** Node's frames. */
  readonly trace?: readonly string[]
  /** Python's request id (the other families have none; see `family-errors.ts`). */
  readonly requestId?: string
  /** The frames of Python, Java, .NET, Ruby and OS-only runtimes. */
  readonly stackTrace?: readonly string[]
  /** Java's and .NET's inner exception. */
  readonly cause?: unknown
}

function isErrorLike(value: unknown): value is { name: string; message: string; stack: string } {
  if (isErrorInstance(value)) return true
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { stack?: unknown }).stack === 'string'
  )
}

/** DEL as the runtime escapes it (most text has none: no new string then). */
const escapeDel = (text: string): string => (text.includes('\x7F') ? text.replace(/\x7F/g, '%7F') : text)

/**
 * What an error's strings rendered to lately, keyed by its stack text (`RecentTexts`: a few texts,
 * since a cold start's stack differs from a warm one's). A retried event throws
 * an error with the same name, message and stack again, and every failed invocation renders the
 * same strings twice (the payload, the `Invoke Error` line). Only the rendering of strings already
 * read is skipped: each call still reads the thrown value exactly as before (same properties, same
 * order, so getters run as they did) and returns new objects. Forgotten when stable paths change.
 */
interface RenderedError {
  readonly generation: number
  readonly name: unknown
  readonly message: unknown
  /** The payload's fields (`errorPayloadLegacy` escapes DEL, `errorPayloadV4` does not). */
  readonly errorType: string
  readonly errorMessage: string
  readonly trace: readonly string[]
}
const lastLegacy = new RecentTexts<RenderedError>()
const lastV4 = new RecentTexts<RenderedError>()
/** The `Invoke Error` line of an error with no `code` and no enumerable fields, by its stack text. */
const lastLogLine = new RecentTexts<{ readonly generation: number; readonly name: unknown; readonly message: unknown; readonly line: string }>()

/** The payload of an Error-like value from its strings, rendered once per repeated error. */
function renderedPayload(memo: RecentTexts<RenderedError>, name: string, message: string, stack: string, escape: boolean): ErrorPayload {
  const generation = stableTraceGeneration()
  let known = memo.get(stack)
  if (known === undefined || known.name !== name || known.message !== message || known.generation !== generation) {
    known = memo.set(stack, {
      generation,
      name,
      message,
      errorType: escape ? escapeDel(name) : name,
      errorMessage: stablePaths(escape ? escapeDel(message) : message),
      trace: userStack(escape ? escapeDel(stack) : stack),
    })
  }
  return { errorType: known.errorType, errorMessage: known.errorMessage, trace: known.trace.slice() }
}

/** The stack's lines as the event log may hold them (`stable-trace.ts`: no Node or lambda-sim frames, stable paths). */
export function userStack(stack: string): string[] {
  return stableStack(stack)
}

/** The runtime's payload when reading the thrown value itself throws (a getter, a Proxy trap) [S, RIC `toRapidResponse`]. */
export const UNREADABLE_ERROR_PAYLOAD: ErrorPayload = Object.freeze({
  errorType: 'handled',
  errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
})

/** `value instanceof Error`, false when asking throws (a Proxy's `getPrototypeOf` trap). */
function isErrorInstance(value: unknown): boolean {
  try {
    return value instanceof Error
  } catch {
    return false
  }
}

/** As nodejs18.x–22.x report it (`Errors.toRapidResponse`). Never throws. */
export function errorPayloadLegacy(thrown: unknown): ErrorPayload {
  try {
    if (isErrorLike(thrown)) {
      const name = String(thrown.name)
      const message = String(thrown.message)
      return renderedPayload(lastLegacy, name, message, String(thrown.stack ?? ''), true)
    }
    return { errorType: typeof thrown, errorMessage: stablePaths((thrown as { toString(): string }).toString()), trace: [] }
  } catch {
    return UNREADABLE_ERROR_PAYLOAD
  }
}

/** As nodejs24.x reports it (`formatError`). Never throws: an unreadable value reports as nodejs22.x does [U]. */
export function errorPayloadV4(thrown: unknown): ErrorPayload {
  try {
    if (isErrorLike(thrown)) {
      const name = String(thrown.name)
      const message = String(thrown.message)
      return renderedPayload(lastV4, name, message, String(thrown.stack ?? ''), false)
    }
    return { errorType: typeof thrown, errorMessage: stablePaths(String(thrown)), trace: [] }
  } catch {
    return UNREADABLE_ERROR_PAYLOAD
  }
}

/** The payload of an error raised by the platform rather than the handler (no trace). */
export function platformError(errorType: string, errorMessage: string): ErrorPayload {
  return { errorType, errorMessage }
}

/**
 * `Invoke Error \t{…}`: the runtime logs the error wrapped as an Error, with `stack` not `trace`.
 * When reading the value throws, it logs the payload instead, as the RIC's `toFormatted` does. Never throws.
 */
export function invokeErrorLogMessage(thrown: unknown): string {
  try {
    return invokeErrorLine(thrown)
  } catch {
    return `Invoke Error \t${JSON.stringify(UNREADABLE_ERROR_PAYLOAD)}`
  }
}

function invokeErrorLine(thrown: unknown): string {
  const error = isErrorLike(thrown) ? thrown : new Error(String(thrown))
  const name: unknown = error.name
  const message: unknown = error.message
  const body: Record<string, unknown> = { errorType: name, errorMessage: message }
  const code = (error as { code?: unknown }).code
  if (code !== undefined) body['code'] = code
  let fields = code !== undefined
  for (const key of Object.keys(error)) {
    if (key !== 'name' && key !== 'message' && key !== 'stack' && key !== 'code') {
      body[key] = (error as unknown as Record<string, unknown>)[key]
      fields = true
    }
  }
  const stack = String(error.stack ?? '')
  // Strings alone (no code, no fields of its own) render the same line every time.
  const plain = !fields && typeof name === 'string' && typeof message === 'string'
  const generation = stableTraceGeneration()
  if (plain) {
    const known = lastLogLine.get(stack)
    if (known !== undefined && known.name === name && known.message === message && known.generation === generation) return known.line
  }
  body['stack'] = userStack(stack)
  let json: string
  try {
    json = JSON.stringify(body)
  } catch {
    json = inspect(body, { depth: 3, breakLength: Number.POSITIVE_INFINITY })
  }
  const line = stablePaths(`Invoke Error \t${json}`)
  if (plain) lastLogLine.set(stack, { generation, name, message, line })
  return line
}

/** The JSON of an `Uncaught Exception` log line (stable frames). Never throws. */
export function uncaughtErrorJson(thrown: unknown): string {
  try {
    if (isErrorInstance(thrown)) {
      const error = thrown as Error
      return stablePaths(JSON.stringify({ errorType: String(error.name), errorMessage: String(error.message), stack: userStack(String(error.stack ?? '')) }))
    }
    return stablePaths(JSON.stringify({ errorType: typeof thrown, errorMessage: String(thrown), stack: [] }))
  } catch {
    return JSON.stringify(UNREADABLE_ERROR_PAYLOAD)
  }
}
