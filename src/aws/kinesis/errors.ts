/**
 * What Kinesis Data Streams itself answers: the exception name, HTTP 400, AWS's message, and the
 * JSON 1.1 body `{ __type, message }`.
 */
import type { z } from 'zod'
import { coralValidationMessage } from '../../config/aws-validation.js'
import { AwsError, type AwsErrorTable } from '../../errors/aws-error.js'

export type KinesisErrorName =
  | 'ResourceNotFoundException'
  | 'ResourceInUseException'
  | 'InvalidArgumentException'
  | 'ValidationException'
  | 'ExpiredIteratorException'
  | 'LimitExceededException'

const table: AwsErrorTable<KinesisErrorName> = { statusByName: {}, faults: 'user-service' }

/** What Kinesis itself answers (exception name, HTTP 400, AWS's message). */
export class KinesisError extends AwsError<KinesisErrorName> {
  constructor(name: KinesisErrorName, message: string) {
    super(table, name, message)
  }

  /** The JSON 1.1 error body. */
  toJSON(): Record<string, unknown> {
    return { __type: this.name, message: this.message }
  }
}

export const kinesisErrors = {
  streamNotFound: (name: string, account: string) => new KinesisError('ResourceNotFoundException', `Stream ${name} under account ${account} not found.`),
  streamExists: (name: string, account: string) => new KinesisError('ResourceInUseException', `Stream ${name} under account ${account} already exists.`),
  shardNotFound: (shardId: string, name: string, account: string) =>
    new KinesisError('ResourceNotFoundException', `Shard ${shardId} in stream ${name} under account ${account} does not exist`),
  invalidArgument: (message: string) => new KinesisError('InvalidArgumentException', message),
  validation: (message: string) => new KinesisError('ValidationException', message),
}

/** Kinesis's rendering of a failed parse: Coral's validation message as a `ValidationException`. */
export function kinesisValidationError(error: z.ZodError, input: unknown): KinesisError {
  return kinesisErrors.validation(coralValidationMessage(error, input))
}
