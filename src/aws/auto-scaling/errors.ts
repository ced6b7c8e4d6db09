/**
 * What Application Auto Scaling itself answers (a different service from Lambda, so its own class):
 * the exception name, HTTP 400 (500 for `InternalServiceException`), and the JSON 1.1 body
 * `{ __type, Message }`.
 */
import { coralValidationMessage } from '../../config/aws-validation.js'
import { AwsError, type AwsErrorTable } from '../../errors/aws-error.js'
import type { z } from 'zod'

export type AutoScalingErrorName = 'ValidationException' | 'ObjectNotFoundException' | 'LimitExceededException' | 'ConcurrentUpdateException' | 'InternalServiceException'

const table: AwsErrorTable<AutoScalingErrorName> = { statusByName: { InternalServiceException: 500 }, faults: 'user-service' }

/** An Application Auto Scaling exception. */
export class AutoScalingError extends AwsError<AutoScalingErrorName> {
  constructor(name: AutoScalingErrorName, message: string) {
    super(table, name, message)
  }

  toJSON(): Record<string, unknown> {
    return { __type: this.name, Message: this.message }
  }
}

/** Application Auto Scaling's rendering of a failed parse: Coral's validation message as a `ValidationException`. */
export function autoScalingValidationError(error: z.ZodError, input: unknown): AutoScalingError {
  return new AutoScalingError('ValidationException', coralValidationMessage(error, input))
}

/** A `ValidationException` with the simulation's own message. */
export const validation = (message: string): AutoScalingError => new AutoScalingError('ValidationException', message)
