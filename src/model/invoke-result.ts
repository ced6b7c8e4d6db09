/**
 * What `Invoke` answers: the response AWS sends, as data (function errors and refusals included).
 */
import type { LambdaError } from '../errors/lambda-error.js'

export interface InvokeResult {
  /** 200 (RequestResponse, even for function errors), 204 (DryRun), or the HTTP status of `error`. */
  readonly statusCode: number
  /** The version that ran (`X-Amz-Executed-Version`). */
  readonly executedVersion?: string
  /** `Unhandled` when the function failed (`X-Amz-Function-Error`). */
  readonly functionError?: 'Unhandled'
  /** The response body, parsed: the handler's result, or the error JSON when `functionError` is set. */
  readonly payload: unknown
  /** The response body exactly as sent. */
  readonly payloadJson: string
  /** Base64 of the last 4 KB of the invocation's log, when `logType: 'Tail'`. */
  readonly logResult?: string
  /** The request id the invocation ran under. */
  readonly requestId?: string
  /** The exception AWS answered with instead of invoking (status ≥ 400). */
  readonly error?: LambdaError
}

