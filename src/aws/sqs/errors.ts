/**
 * What SQS itself answers: the SDK v3 exception name, the legacy query-protocol error code, a
 * sender fault, HTTP 400 (403 or 404 for a few exceptions), and the JSON-protocol body.
 */
import type { z } from 'zod'
import { valueAt } from '../../config/aws-validation.js'
import { AwsError, type AwsErrorTable } from '../../errors/aws-error.js'

/** SQS exception names (the SDK v3 class names) with the legacy query-protocol error codes. */
const codeByName = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  QueueNameExists: 'QueueAlreadyExists',
  QueueDeletedRecently: 'AWS.SimpleQueueService.QueueDeletedRecently',
  PurgeQueueInProgress: 'AWS.SimpleQueueService.PurgeQueueInProgress',
  ReceiptHandleIsInvalid: 'ReceiptHandleIsInvalid',
  InvalidParameterValue: 'InvalidParameterValue',
  MissingParameter: 'MissingParameter',
  InvalidAttributeName: 'InvalidAttributeName',
  InvalidAttributeValue: 'InvalidAttributeValue',
  InvalidMessageContents: 'InvalidMessageContents',
  InvalidAddress: 'InvalidAddress',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  BatchRequestTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
} as const

export type SqsErrorName = keyof typeof codeByName

/** The HTTP status SQS answers with, where it is not 400 (from the service model's `awsQueryError` traits). */
const table: AwsErrorTable<SqsErrorName> = {
  statusByName: {
    InvalidAddress: 404,
    ReceiptHandleIsInvalid: 404,
    PurgeQueueInProgress: 403,
  },
  faults: 'sender-receiver',
}

/** What SQS itself would answer (a sender fault; HTTP 400, 403 or 404 by exception). Thrown by the API methods. */
export class SqsError extends AwsError<SqsErrorName> {
  /** The query-protocol error code, e.g. `AWS.SimpleQueueService.NonExistentQueue`. */
  readonly code: string
  readonly senderFault = true

  constructor(name: SqsErrorName, message: string) {
    super(table, name, message)
    this.code = codeByName[name]
  }

  /** The JSON-protocol error body. */
  toJSON(): Record<string, unknown> {
    return { __type: `com.amazonaws.sqs#${this.name}`, message: this.message }
  }
}

/** The errors SQS answers most often, with AWS's wording. */
export const sqsErrors = {
  queueDoesNotExist: () => new SqsError('QueueDoesNotExist', 'The specified queue does not exist.'),
  missing: (parameter: string) => new SqsError('MissingParameter', `The request must contain the parameter ${parameter}.`),
  invalidValue: (parameter: string, value: unknown, reason: string) =>
    new SqsError('InvalidParameterValue', `Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`),
  unknownAttribute: (name: string) => new SqsError('InvalidAttributeName', `Unknown Attribute ${name}.`),
  invalidAttributeValue: (name: string) => new SqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`),
  receiptHandleInvalid: (handle: string) => new SqsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`),
}

const pascal = (key: PropertyKey): string => {
  const text = String(key)
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * SQS's rendering of a failed parse (for `awsParser`), from the first issue: a missing member is
 * `MissingParameter`, an unknown one or anything else `InvalidParameterValue`.
 */
export function sqsValidationError(error: z.ZodError, input: unknown): SqsError {
  const issue = error.issues[0] as z.core.$ZodIssue
  const path = issue.path.map(pascal).join('.')
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return sqsErrors.missing(path)
  if (issue.code === 'unrecognized_keys') {
    return new SqsError('InvalidParameterValue', `Unrecognized parameter${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}`)
  }
  return sqsErrors.invalidValue(path, JSON.stringify(valueAt(input, issue.path)), issue.message)
}
