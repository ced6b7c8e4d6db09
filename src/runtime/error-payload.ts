/**
 * The error JSON the Node.js runtime sends for a failed invocation, and the `Invoke Error` log line.
 * Rules follow the AWS Node.js runtime interface client: an Error (or Error-like object) reports its
 * `name`, `message` and `stack` lines; any other thrown value reports `typeof` and its string form.
 */
import { inspect } from 'node:util'

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
  if (value instanceof Error) return true
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { stack?: unknown }).stack === 'string'
  )
}

const escapeDel = (text: string): string => text.replace(/\x7F/g, '%7F')

/**
 * lambda-sim's own directory (src/ or dist/), found from this module's first stack frame. Frames
 * inside it are the simulator's machinery, not the user's code: traces leave them out, as Lambda's
 * traces show the handler's frames and the runtime's, never an emulator's.
 */
const ownRoot = ((): string | undefined => {
  const frame = (new Error().stack ?? '').split('\n')[1] ?? ''
  const match = /((?:file:\/\/)?\/[^():]*)\/([^/():]+)\/[^/():]+\.[cm]?[jt]s:\d+:\d+\)?$/.exec(frame.trim())
  if (match === null) return undefined
  return match[2] === 'runtime' ? (match[1] as string) : `${match[1] as string}/${match[2] as string}`
})()

/**
 * The query a deployment package's ES module is loaded under, one per environment
 * (`module-handler.ts`): left out of traces, which then read the same in every run.
 */
const LOAD_QUERY_PATTERN = /\?lambda-sim-load=\d+/g

/** The stack's lines without lambda-sim's own frames. */
export function userStack(stack: string): string[] {
  const lines = stack.replace(LOAD_QUERY_PATTERN, '').split('\n')
  return ownRoot === undefined ? lines : lines.filter((line) => !line.includes(`${ownRoot}/`))
}

/** As nodejs18.x–22.x report it (`Errors.toRapidResponse`). */
export function errorPayloadLegacy(thrown: unknown): ErrorPayload {
  try {
    if (isErrorLike(thrown)) {
      return {
        errorType: escapeDel(String(thrown.name)),
        errorMessage: escapeDel(String(thrown.message)),
        trace: userStack(escapeDel(String(thrown.stack ?? ''))),
      }
    }
    return { errorType: typeof thrown, errorMessage: (thrown as { toString(): string }).toString(), trace: [] }
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    }
  }
}

/** As nodejs24.x reports it (`formatError`). */
export function errorPayloadV4(thrown: unknown): ErrorPayload {
  if (isErrorLike(thrown)) {
    return { errorType: String(thrown.name), errorMessage: String(thrown.message), trace: userStack(String(thrown.stack ?? '')) }
  }
  return { errorType: typeof thrown, errorMessage: String(thrown), trace: [] }
}

/** The payload of an error raised by the platform rather than the handler (no trace). */
export function platformError(errorType: string, errorMessage: string): ErrorPayload {
  return { errorType, errorMessage }
}

/** `Invoke Error \t{…}`: the runtime logs the error wrapped as an Error, with `stack` not `trace`. */
export function invokeErrorLogMessage(thrown: unknown): string {
  const error = isErrorLike(thrown) ? thrown : new Error(String(thrown))
  const body: Record<string, unknown> = { errorType: error.name, errorMessage: error.message }
  const code = (error as { code?: unknown }).code
  if (code !== undefined) body['code'] = code
  for (const key of Object.keys(error)) {
    if (key !== 'name' && key !== 'message' && key !== 'stack' && key !== 'code') body[key] = (error as unknown as Record<string, unknown>)[key]
  }
  body['stack'] = userStack(String(error.stack ?? ''))
  let json: string
  try {
    json = JSON.stringify(body)
  } catch {
    json = inspect(body, { depth: 3, breakLength: Number.POSITIVE_INFINITY })
  }
  return `Invoke Error \t${json}`
}
