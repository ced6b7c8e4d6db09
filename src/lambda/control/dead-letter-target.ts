/**
 * `DeadLetterConfig.TargetArn`: a function's dead-letter queue is an SQS queue or an SNS topic,
 * nothing else. Two layers answer, as on AWS:
 *
 * - the model (`ResourceArn`: `(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()`, up to 10,000 chars):
 *   `'not-an-arn'` is a `ValidationException` naming `deadLetterConfig.targetArn`;
 * - the service: an ARN of another service (a Lambda function, an EventBridge bus …) or a FIFO
 *   queue is an `InvalidParameterValueException`.
 *
 * An empty `TargetArn` removes the DLQ on `UpdateFunctionConfiguration` (what Terraform sends to
 * drop one); `CreateFunction` refuses it with the ARN parser's message [S, 2017–2018 reports].
 */
import { z } from 'zod'
import { functionShapes } from '../../config/generated/function-constraints.js'
import { stringOf } from '../../config/model-constraints.js'

/** The model's `DeadLetterConfig.TargetArn` (shape `ResourceArn`), from the generated constraints. */
const TARGET_ARN = functionShapes.DeadLetterConfig.TargetArn
/** The pattern as AWS prints it in a ValidationException. */
export const DEAD_LETTER_TARGET_PATTERN: string = TARGET_ARN.pattern
export const DEAD_LETTER_TARGET_MAX_LENGTH: number = TARGET_ARN.max

/** AWS's InvalidParameterValueException texts for a target the service refuses. */
export const DEAD_LETTER_TARGET_MESSAGES = {
  /** [S] CreateFunction with `TargetArn: ''` (the text ends with the empty value). */
  empty: "Invalid dead letter queue ARN: ARNs must start with 'arn:': ",
  /** [S] a FIFO queue (Lambda sends to standard queues only). */
  fifoQueue: 'Invalid dead letter queue ARN: FIFO SQS queue is not supported for dead letter configuration',
  /** [U] AWS's exact text for an ARN of another service is unrecorded; the prefix is AWS's. */
  notSqsOrSns: 'Invalid dead letter queue ARN: only an Amazon SQS queue or an Amazon SNS topic can be a dead letter target',
} as const

export type DeadLetterOperation = 'create' | 'update'

/** Why the service refuses `arn` as a dead-letter target, or undefined when it accepts it. */
export function deadLetterTargetProblem(arn: string, operation: DeadLetterOperation): string | undefined {
  if (arn === '') return operation === 'create' ? DEAD_LETTER_TARGET_MESSAGES.empty : undefined
  const service = /^arn:[^:]*:([^:]*):/.exec(arn)?.[1]
  if (service === 'sqs') return arn.endsWith('.fifo') ? DEAD_LETTER_TARGET_MESSAGES.fifoQueue : undefined
  if (service === 'sns') return undefined
  return DEAD_LETTER_TARGET_MESSAGES.notSqsOrSns
}

/** `DeadLetterConfig` as `operation` accepts it: the model's pattern first, then the service's check. */
export function deadLetterConfigSchema(operation: DeadLetterOperation) {
  return z
    .object({
      targetArn: stringOf(TARGET_ARN)
        .superRefine((arn, context) => {
          const problem = deadLetterTargetProblem(arn, operation)
          if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, params: { awsInvalidParameter: problem } })
        })
        .optional(),
    })
    .strict()
}
