/**
 * What CloudWatch itself answers to a bad `GetMetricStatistics` (a different service from Lambda,
 * so its own class): the error code, HTTP 400, and the query protocol's body
 * `{ Error: { Type: 'Sender', Code, Message } }`.
 */
import { AwsError, type AwsErrorTable } from '../errors/aws-error.js'

export type CloudWatchErrorName = 'InvalidParameterValue' | 'InvalidParameterCombination' | 'MissingParameter'

const table: AwsErrorTable<CloudWatchErrorName> = { statusByName: {}, faults: 'sender-receiver' }

/** A CloudWatch exception. */
export class CloudWatchError extends AwsError<CloudWatchErrorName> {
  constructor(name: CloudWatchErrorName, message: string) {
    super(table, name, message)
  }

  toJSON(): Record<string, unknown> {
    return { Error: { Type: this.type, Code: this.name, Message: this.message } }
  }
}
