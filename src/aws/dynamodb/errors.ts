/**
 * What DynamoDB itself answers: the exception name, HTTP 400, AWS's message, and the JSON 1.0 body
 * `{ __type: "com.amazonaws.dynamodb.v20120810#<name>", message }`.
 */
import type { z } from 'zod'
import { coralValidationMessage } from '../../config/aws-validation.js'
import { AwsError, type AwsErrorTable } from '../../errors/aws-error.js'

export type DynamoDbErrorName = 'ResourceNotFoundException' | 'ResourceInUseException' | 'ValidationException'

const table: AwsErrorTable<DynamoDbErrorName> = { statusByName: {}, faults: 'user-service' }

/** What DynamoDB itself answers (exception name, HTTP 400, AWS's message). */
export class DynamoDbError extends AwsError<DynamoDbErrorName> {
  constructor(name: DynamoDbErrorName, message: string) {
    super(table, name, message)
  }

  toJSON(): Record<string, unknown> {
    return { __type: `com.amazonaws.dynamodb.v20120810#${this.name}`, message: this.message }
  }
}

export const dynamoDbErrors = {
  notFound: () => new DynamoDbError('ResourceNotFoundException', 'Requested resource not found'),
  tableExists: (name: string) => new DynamoDbError('ResourceInUseException', `Table already exists: ${name}`),
  validation: (message: string) => new DynamoDbError('ValidationException', message),
  invalid: (message: string) => new DynamoDbError('ValidationException', `One or more parameter values were invalid: ${message}`),
}

/** DynamoDB's rendering of a failed parse: Coral's validation message as a `ValidationException`. */
export function dynamoDbValidationError(error: z.ZodError, input: unknown): DynamoDbError {
  return dynamoDbErrors.validation(coralValidationMessage(error, input))
}
