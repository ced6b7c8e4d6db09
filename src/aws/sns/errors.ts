/**
 * What SNS itself answers: the query-protocol error code (`code`), the SDK v3 exception name
 * (`name` = code + `Exception`), a sender fault, HTTP 404 for `NotFound` and 400 otherwise.
 */
import { AwsError, type AwsErrorTable } from '../../errors/aws-error.js'

export type SnsErrorCode =
  | 'NotFound'
  | 'InvalidParameter'
  | 'InvalidParameterValue'
  | 'EmptyBatchRequest'
  | 'TooManyEntriesInBatchRequest'
  | 'BatchEntryIdsNotDistinct'
  | 'InvalidBatchEntryId'
  | 'BatchRequestTooLong'

/** The SDK v3 exception names. */
export type SnsErrorName = `${SnsErrorCode}Exception`

const table: AwsErrorTable<SnsErrorName> = { statusByName: { NotFoundException: 404 }, faults: 'sender-receiver' }

/** What SNS itself answers: `code` is the query-protocol error code, `name` the SDK v3 exception name. */
export class SnsError extends AwsError<SnsErrorName> {
  constructor(
    readonly code: SnsErrorCode,
    message: string,
  ) {
    super(table, `${code}Exception`, message)
  }

  /**
   * The query protocol's `<Error>` element as JSON: `Type`, `Code` (the code the SDK maps to the
   * exception: `ParameterValueInvalid` for `InvalidParameterValue`), `Message`.
   */
  toJSON(): Record<string, unknown> {
    return { Type: this.type, Code: this.code === 'InvalidParameterValue' ? 'ParameterValueInvalid' : this.code, Message: this.message }
  }
}

export const snsErrors = {
  topicNotFound: () => new SnsError('NotFound', 'Topic does not exist'),
  subscriptionNotFound: () => new SnsError('NotFound', 'Subscription does not exist'),
  invalid: (what: string) => new SnsError('InvalidParameter', `Invalid parameter: ${what}`),
  unsimulatedAttribute: (kind: string, name: string) => new SnsError('InvalidParameter', `Invalid parameter: Attributes Reason: lambda-sim does not simulate the ${kind} attribute ${name}`),
}
