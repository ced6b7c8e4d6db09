/**
 * What `sim.traces()` returns: X-Ray's segment documents (the fields AWS writes, snake_case as in
 * the documents), parsed, grouped by trace. Times are epoch seconds on the virtual clock.
 */

/** One segment or subsegment document. */
export interface TraceSegment {
  /** 16 hex digits. */
  readonly id: string
  /** `1-<8 hex>-<24 hex>`; on subsegments too, for convenience (X-Ray leaves it to the segment). */
  readonly trace_id: string
  /** The caller's segment or subsegment (absent on a trace's first segment). */
  readonly parent_id?: string
  /** The function's name; `Initialization`, `Invocation`, `Overhead`; a downstream service (`SQS`, `Lambda`, …). */
  readonly name: string
  /** `AWS::Lambda` (the service's view of an attempt) or `AWS::Lambda::Function` (the function's). */
  readonly origin?: 'AWS::Lambda' | 'AWS::Lambda::Function'
  /** `aws` on a subsegment for a call to an AWS service. */
  readonly namespace?: 'aws'
  readonly start_time: number
  readonly end_time: number
  /** A 4xx answer (a function error, for Lambda's segments). */
  readonly error?: true
  /** A 5xx answer or a failure of the runtime (timeout, crash). */
  readonly fault?: true
  /** Throttled (429). */
  readonly throttle?: true
  readonly http?: { readonly response: { readonly status: number } }
  readonly aws?: TraceAwsFields
  /** Traces this one continues without being their child (a batch of SQS messages). */
  readonly links?: readonly TraceLink[]
  readonly subsegments?: readonly TraceSegment[]
  /** What the simulation knows beyond X-Ray's fields. */
  readonly metadata?: { readonly 'lambda-sim': TraceSimFields }
}

export interface TraceAwsFields {
  readonly request_id?: string
  readonly function_arn?: string
  readonly operation?: string
  readonly region?: string
  readonly account_id?: string
}

export interface TraceLink {
  readonly trace_id: string
  /** The linked trace's segment or subsegment that produced the message. */
  readonly id: string
}

export interface TraceSimFields {
  /** The execution environment that ran it (absent for a throttle). */
  readonly environment_id?: string
  readonly function_name: string
  readonly version?: string
  readonly cold_start?: boolean
  readonly status?: 'success' | 'error' | 'timeout' | 'crash' | 'throttled'
  readonly error_type?: string
}

/** One trace: every recorded segment with its id (as X-Ray's `BatchGetTraces` returns them, documents parsed). */
export interface Trace {
  /** The trace id (`Root` without `Root=`). */
  readonly id: string
  /** From the first segment's start to the last one's end, in seconds. */
  readonly duration: number
  /** Segments in start order (an attempt's `AWS::Lambda` segment before its `AWS::Lambda::Function` segment). */
  readonly segments: readonly TraceSegment[]
}
