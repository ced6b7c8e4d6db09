/**
 * One Lambda REST-JSON operation: the request taken apart (labels, query, headers, body) and the
 * function that answers it. `lambda-operations.ts` and `lambda-invoke.ts` implement them;
 * `lambda-protocol.ts` routes to them.
 */
import type { SdkBackend } from './backend.js'
import type { ProtocolContext, WireResponse } from './wire.js'

/** One request, taken apart: what an operation reads. */
export interface OperationRequest {
  readonly sim: SdkBackend
  /** Path labels, URL-decoded: `FunctionName`, `Name`, `StatementId`. */
  readonly labels: Readonly<Record<string, string | undefined>>
  /** Query parameters (first value of each). */
  readonly query: Readonly<Record<string, string | undefined>>
  /** Every value of each query parameter, for list members that repeat (`?tagKeys=a&tagKeys=b`). */
  readonly queryValues?: Readonly<Record<string, readonly string[] | undefined>>
  /** Headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: Uint8Array
  readonly context: ProtocolContext
}

export type Operation = (request: OperationRequest) => WireResponse | Promise<WireResponse>
