/**
 * The invocation record Lambda sends to an asynchronous invocation's destination (`onSuccess` /
 * `onFailure`) — `@types/aws-lambda` has no type for it. A Lambda destination receives the record
 * as its event; an EventBridge destination receives it as `detail` of an event whose `source` is
 * `lambda` and whose `detail-type` is `Lambda Function Invocation Result - Success` (or `- Failure`);
 * SQS and SNS destinations receive it as JSON text.
 */

/** Why the record was sent (`ZeroReservedConcurrency`: the function's reserved concurrency is 0; it never ran). */
export type InvocationRecordCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded' | 'ZeroReservedConcurrency'

export interface InvocationRecord<TRequest = unknown, TResponse = unknown> {
  readonly version: '1.0'
  /** When the record was sent, ISO-8601 with milliseconds. */
  readonly timestamp: string
  readonly requestContext: {
    readonly requestId: string
    /** Qualified: `…:function:name:$LATEST`, `…:name:3` or `…:name:alias`. */
    readonly functionArn: string
    readonly condition: InvocationRecordCondition
    /** Attempts that ran the function. */
    readonly approximateInvokeCount: number
  }
  /** The event the function was invoked with. */
  readonly requestPayload: TRequest
  /** Absent when the function never ran (e.g. the event expired while throttled). */
  readonly responseContext?: {
    readonly statusCode: number
    readonly executedVersion: string
    /** `Unhandled` when the last attempt failed. */
    readonly functionError?: string
  }
  /** What the last attempt returned (its error payload after a failure). */
  readonly responsePayload?: TResponse
}
