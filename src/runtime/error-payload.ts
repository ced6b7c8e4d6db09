/**
 * The error JSON the Node.js runtime sends for a failed invocation, and the `Invoke Error` log line.
 * Rules follow the AWS Node.js runtime interface client: an Error (or Error-like object) reports its
 * `name`, `message` and `stack` lines; any other thrown value reports `typeof` and its string form.
 */
import { inspect } from 'node:util'
import { stablePaths, stableStack } from './stable-trace.js'

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

const escapeDel = (text: string): string => text.replace(/\x7F/g, '%7F')

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
      return {
        errorType: escapeDel(String(thrown.name)),
        errorMessage: stablePaths(escapeDel(String(thrown.message))),
        trace: userStack(escapeDel(String(thrown.stack ?? ''))),
      }
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
      return { errorType: String(thrown.name), errorMessage: stablePaths(String(thrown.message)), trace: userStack(String(thrown.stack ?? '')) }
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
    return stablePaths(`Invoke Error \t${invokeErrorJson(thrown)}`)
  } catch {
    return `Invoke Error \t${JSON.stringify(UNREADABLE_ERROR_PAYLOAD)}`
  }
}

function invokeErrorJson(thrown: unknown): string {
  const error = isErrorLike(thrown) ? thrown : new Error(String(thrown))
  const body: Record<string, unknown> = { errorType: error.name, errorMessage: error.message }
  const code = (error as { code?: unknown }).code
  if (code !== undefined) body['code'] = code
  for (const key of Object.keys(error)) {
    if (key !== 'name' && key !== 'message' && key !== 'stack' && key !== 'code') body[key] = (error as unknown as Record<string, unknown>)[key]
  }
  body['stack'] = userStack(String(error.stack ?? ''))
  try {
    return JSON.stringify(body)
  } catch {
    return inspect(body, { depth: 3, breakLength: Number.POSITIVE_INFINITY })
  }
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
