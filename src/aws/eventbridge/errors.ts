/**
 * What EventBridge itself answers: the exception name, HTTP 400, AWS's message, and the JSON 1.1
 * body `{ __type, message }`.
 */
import { coralValidationMessage } from '../../config/aws-validation.js'
import { AwsError, type AwsErrorTable } from '../../errors/aws-error.js'
import type { z } from 'zod'

export type EventBridgeErrorName =
  | 'ResourceNotFoundException'
  | 'ResourceAlreadyExistsException'
  | 'ValidationException'
  | 'InvalidEventPatternException'
  | 'LimitExceededException'

const table: AwsErrorTable<EventBridgeErrorName> = { statusByName: {}, faults: 'user-service' }

/** What EventBridge itself answers (exception name, HTTP 400, AWS's message). */
export class EventBridgeError extends AwsError<EventBridgeErrorName> {
  constructor(name: EventBridgeErrorName, message: string) {
    super(table, name, message)
  }

  /** The JSON 1.1 error body. */
  toJSON(): Record<string, unknown> {
    return { __type: this.name, message: this.message }
  }
}

export const ebErrors = {
  busNotFound: (name: string) => new EventBridgeError('ResourceNotFoundException', `Event bus ${name} does not exist.`),
  ruleNotFound: (rule: string, bus: string) => new EventBridgeError('ResourceNotFoundException', `Rule ${rule} does not exist on EventBus ${bus}.`),
  validation: (message: string) => new EventBridgeError('ValidationException', message),
}

/** EventBridge's rendering of a failed parse: Coral's validation message as a `ValidationException`. */
export function eventBridgeValidationError(error: z.ZodError, input: unknown): EventBridgeError {
  return ebErrors.validation(coralValidationMessage(error, input))
}
