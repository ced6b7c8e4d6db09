import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultModelPath, readModel } from '../../../scripts/generate-aws-constraints.mjs'
import { createSimulation } from '../../../src/index.js'
import { DEAD_LETTER_TARGET_MAX_LENGTH, DEAD_LETTER_TARGET_MESSAGES, DEAD_LETTER_TARGET_PATTERN } from '../../../src/lambda/control/dead-letter-target.js'
import { expectAwsError } from '../../support/aws-errors.js'

const ACCOUNT = '123456789012'
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:dead`
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other`
const code = async () => 'ok'
const patternProblem = (value: string) =>
  `1 validation error detected: Value '${value}' at 'deadLetterConfig.targetArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${DEAD_LETTER_TARGET_PATTERN}`

describe('DeadLetterConfig.TargetArn', () => {
  it.skipIf(!existsSync(defaultModelPath))('the pattern and length are the model’s ResourceArn (DeadLetterConfig.TargetArn)', () => {
    const shapes = (readModel() as { shapes: Record<string, { members?: Record<string, { shape: string }>; pattern?: string; max?: number }> }).shapes
    const target = shapes['DeadLetterConfig']?.members?.['TargetArn']?.shape as string
    expect([shapes[target]?.pattern, shapes[target]?.max]).toEqual([DEAD_LETTER_TARGET_PATTERN, DEAD_LETTER_TARGET_MAX_LENGTH])
  })

  it('an SQS queue or an SNS topic is accepted on create and update', () => {
    const sim = createSimulation({ seed: 1 })
    expect(sim.createFunction({ functionName: 'f', code, deadLetterConfig: { targetArn: QUEUE } }).deadLetterConfig).toEqual({ targetArn: QUEUE })
    expect(sim.updateFunctionConfiguration({ functionName: 'f', deadLetterConfig: { targetArn: TOPIC } }).deadLetterConfig).toEqual({ targetArn: TOPIC })
  })

  it("'not-an-arn' fails the model's pattern: ValidationException naming deadLetterConfig.targetArn", () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(() => sim.createFunction({ functionName: 'f', code, deadLetterConfig: { targetArn: 'not-an-arn' } }), 'ValidationException', 400, patternProblem('not-an-arn'))
    sim.createFunction({ functionName: 'g', code })
    expectAwsError(() => sim.updateFunctionConfiguration({ functionName: 'g', deadLetterConfig: { targetArn: 'not-an-arn' } }), 'ValidationException', 400, patternProblem('not-an-arn'))
  })

  it('a Lambda function (or any other service) is refused with InvalidParameterValueException, on create and update', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'other', code })
    expectAwsError(() => sim.createFunction({ functionName: 'f', code, deadLetterConfig: { targetArn: FUNCTION } }), 'InvalidParameterValueException', 400, DEAD_LETTER_TARGET_MESSAGES.notSqsOrSns)
    expect(() => sim.getFunction({ functionName: 'f' })).toThrow() // nothing was created
    sim.createFunction({ functionName: 'g', code, deadLetterConfig: { targetArn: QUEUE } })
    const bus = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`
    expectAwsError(() => sim.updateFunctionConfiguration({ functionName: 'g', deadLetterConfig: { targetArn: bus } }), 'InvalidParameterValueException', 400, DEAD_LETTER_TARGET_MESSAGES.notSqsOrSns)
    expect(sim.getFunctionConfiguration({ functionName: 'g' }).deadLetterConfig).toEqual({ targetArn: QUEUE }) // unchanged
  })

  it('a FIFO queue is refused with AWS’s text', () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(
      () => sim.createFunction({ functionName: 'f', code, deadLetterConfig: { targetArn: `${QUEUE}.fifo` } }),
      'InvalidParameterValueException',
      400,
      'Invalid dead letter queue ARN: FIFO SQS queue is not supported for dead letter configuration',
    )
  })

  it("an empty TargetArn: CreateFunction refuses it (ARNs must start with 'arn:'); an update uses it to remove the DLQ", () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(() => sim.createFunction({ functionName: 'f', code, deadLetterConfig: { targetArn: '' } }), 'InvalidParameterValueException', 400, "Invalid dead letter queue ARN: ARNs must start with 'arn:': ")
    sim.createFunction({ functionName: 'g', code, deadLetterConfig: { targetArn: QUEUE } })
    expect(() => sim.updateFunctionConfiguration({ functionName: 'g', deadLetterConfig: { targetArn: '' } })).not.toThrow()
  })
})
