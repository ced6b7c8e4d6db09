/**
 * The one base for what an AWS service itself answers: an exception name, an HTTP status, a fault
 * (the caller's or the service's), AWS's message, and the wire body (`toJSON`).
 *
 * A service's error class supplies only its table (`AwsErrorTable`: statuses by exception name and
 * how it spells the fault) and its body shape (`toJSON`); the base does the rest:
 *
 * ```ts
 * const table: AwsErrorTable<MyName> = { statusByName: { NotFound: 404 }, faults: 'sender-receiver' }
 * export class MyError extends AwsError<MyName> {
 *   constructor(name: MyName, message: string) { super(table, name, message) }
 *   toJSON() { return { __type: this.name, message: this.message } }
 * }
 * ```
 */

/** `User`/`Service` as Lambda's REST body says it; `Sender`/`Receiver` as the query protocols do. */
export type AwsFault = 'User' | 'Service' | 'Sender' | 'Receiver'

/** How a service spells the fault: the caller's below HTTP 500, the service's from 500 on. */
export type AwsFaultStyle = 'user-service' | 'sender-receiver'

/** What each service supplies once for all its exceptions. */
export interface AwsErrorTable<N extends string> {
  /** HTTP status by exception name; a name not listed answers `defaultStatus`. */
  readonly statusByName: Partial<Record<N, number>>
  /** 400 when omitted. */
  readonly defaultStatus?: number
  readonly faults: AwsFaultStyle
}

const faultOf = (style: AwsFaultStyle, statusCode: number): AwsFault => {
  const service = statusCode >= 500
  if (style === 'user-service') return service ? 'Service' : 'User'
  return service ? 'Receiver' : 'Sender'
}

export abstract class AwsError<N extends string = string> extends Error {
  /** The AWS exception name (the SDK v3 class name), e.g. `ResourceNotFoundException`. */
  override readonly name: N
  /** The HTTP status AWS answers with. */
  readonly statusCode: number
  /** Whose fault: `User`/`Sender` for the caller's (HTTP 4xx), `Service`/`Receiver` for AWS's own (5xx). */
  readonly type: AwsFault

  protected constructor(table: AwsErrorTable<N>, name: N, message: string) {
    super(message)
    this.name = name
    this.statusCode = table.statusByName[name] ?? table.defaultStatus ?? 400
    this.type = faultOf(table.faults, this.statusCode)
    Error.captureStackTrace?.(this, new.target)
  }

  /** The error body as the service's protocol sends it. */
  abstract toJSON(): Record<string, unknown>
}
