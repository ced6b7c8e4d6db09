/**
 * The HTTP shapes the AWS SDK for JavaScript v3 hands a request handler, reduced to what the
 * simulation reads. Declared structurally so lambda-sim has no runtime dependency on the SDK.
 */
import type { InvokeInput } from '../config/invoke-schema.js'
import type { InvokeResult } from '../model/invoke-result.js'
import type { Caller } from '../model/policy.js'
import type { SdkBackend } from './backend.js'

/** An SDK `HttpRequest` as a request handler receives it (body already serialised by the SDK). */
export interface WireRequest {
  readonly method: string
  readonly protocol?: string
  readonly hostname: string
  readonly port?: number
  readonly path: string
  readonly query?: Record<string, string | Array<string> | null>
  readonly headers: Record<string, string>
  readonly body?: unknown
}

/** What the simulation answers: the SDK's deserialisers read status, headers and body bytes. */
export interface WireResponse {
  readonly statusCode: number
  readonly headers: Record<string, string>
  readonly body: Uint8Array
}

/** What the request handler knows about the client beyond its requests. */
export interface ProtocolContext {
  /** Who the client calls as (`Invoke` checks it against resource-based policies); the function's own account when absent. */
  readonly caller?: Caller
  /**
   * How `Invoke` runs: absent, `sim.invoke` (a drive of the simulation, for clients in the test);
   * inside a handler, the handler's nested invoke (a kernel-owned wait in its call chain).
   */
  readonly invoke?: (input: InvokeInput) => Promise<InvokeResult>
}

/** One AWS service's protocol over the simulation: request in, response out (errors are responses). */
export type ServiceProtocol = (sim: SdkBackend, request: WireRequest, body: Uint8Array, context?: ProtocolContext) => Promise<WireResponse>
