/**
 * What EventBridge Scheduler itself answers: the exception name, its HTTP status (REST-JSON:
 * 400 validation, 404 not found, 409 conflict, 402 quota), AWS's message, and the body
 * `{ Message }` (the name travels in the `x-amzn-errortype` header).
 */
import { coralValidationMessage } from '../../config/aws-validation.js'
import { AwsError, type AwsErrorTable } from '../../errors/aws-error.js'
import type { z } from 'zod'

export type SchedulerErrorName = 'ValidationException' | 'ResourceNotFoundException' | 'ConflictException' | 'ServiceQuotaExceededException'

const table: AwsErrorTable<SchedulerErrorName> = {
  statusByName: { ResourceNotFoundException: 404, ConflictException: 409, ServiceQuotaExceededException: 402 },
  faults: 'user-service',
}

/** An EventBridge Scheduler exception (the SDK's `ValidationException`, `ConflictException`, …). */
export class SchedulerError extends AwsError<SchedulerErrorName> {
  constructor(name: SchedulerErrorName, message: string) {
    super(table, name, message)
  }

  toJSON(): Record<string, unknown> {
    return { Message: this.message }
  }
}

export const schedulerErrors = {
  validation: (message: string) => new SchedulerError('ValidationException', message),
  scheduleNotFound: (name: string) => new SchedulerError('ResourceNotFoundException', `Schedule ${name} does not exist.`),
  groupNotFound: (name: string) => new SchedulerError('ResourceNotFoundException', `Schedule group ${name} does not exist.`),
  scheduleExists: (name: string) => new SchedulerError('ConflictException', `Schedule ${name} already exists.`),
  groupExists: (name: string) => new SchedulerError('ConflictException', `Schedule group ${name} already exists.`),
}

/** Scheduler's rendering of a failed parse: the Coral-style validation message as a `ValidationException`. */
export function schedulerValidationError(error: z.ZodError, input: unknown): SchedulerError {
  return schedulerErrors.validation(coralValidationMessage(error, input))
}
