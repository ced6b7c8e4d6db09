import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { awsParser, coralValidationMessage, parseAws, parseWith, safeParseWith, toAwsValidationError } from '../../src/config/aws-validation.js'
import { LambdaError } from '../../src/errors/lambda-error.js'
import { AutoScalingError, autoScalingValidationError } from '../../src/aws/auto-scaling/errors.js'
import { EventBridgeError, eventBridgeValidationError } from '../../src/aws/eventbridge/errors.js'
import { SqsError, sqsValidationError } from '../../src/aws/sqs/errors.js'

const schema = z.object({ queueName: z.string(), size: z.number().min(1) }).strict()
const MESSAGE = "1 validation error detected: Value '0' at 'size' failed to satisfy constraint: Member must have value greater than or equal to 1"

function caught(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('config/aws-validation - one parse helper, a renderer per service', () => {
  it('parseWith - returns the data when the input is valid', () => {
    expect(parseWith(toAwsValidationError, schema, { queueName: 'q', size: 2 })).toEqual({ queueName: 'q', size: 2 })
  })

  it('Lambda - parseAws throws ValidationException with Coral’s message', () => {
    const error = caught(() => parseAws(schema, { queueName: 'q', size: 0 })) as LambdaError
    expect(error).toBeInstanceOf(LambdaError)
    expect({ name: error.name, message: error.message }).toEqual({ name: 'ValidationException', message: MESSAGE })
  })

  it('EventBridge and Auto Scaling - the same message under their own exception', () => {
    const input = { queueName: 'q', size: 0 }
    const eb = caught(() => awsParser(eventBridgeValidationError)(schema, input)) as EventBridgeError
    expect(eb).toBeInstanceOf(EventBridgeError)
    expect({ name: eb.name, message: eb.message }).toEqual({ name: 'ValidationException', message: MESSAGE })
    const as = caught(() => awsParser(autoScalingValidationError)(schema, input)) as AutoScalingError
    expect(as).toBeInstanceOf(AutoScalingError)
    expect({ name: as.name, message: as.message }).toEqual({ name: 'ValidationException', message: MESSAGE })
    const parsed = schema.safeParse(input)
    expect(parsed.success ? '' : coralValidationMessage(parsed.error, input)).toBe(MESSAGE)
  })

  it('SQS - the first issue in its own words', () => {
    const parse = awsParser(sqsValidationError)
    const missing = caught(() => parse(schema, { size: 1 })) as SqsError
    expect([missing.name, missing.message]).toEqual(['MissingParameter', 'The request must contain the parameter QueueName.'])
    const unknown = caught(() => parse(schema, { queueName: 'q', size: 1, extra: 1, more: 2 })) as SqsError
    expect([unknown.name, unknown.message]).toEqual(['InvalidParameterValue', 'Unrecognized parameters: extra, more'])
    const bad = caught(() => parse(schema, { queueName: 'q', size: 0 })) as SqsError
    expect(bad.name).toBe('InvalidParameterValue')
    expect(bad.message).toMatch(/^Value 0 for parameter Size is invalid\. Reason: /)
  })

  it('safeParseWith - the rendered error as data, for callers that answer errors as results', () => {
    expect(safeParseWith(toAwsValidationError, schema, { queueName: 'q', size: 1 })).toEqual({ success: true, data: { queueName: 'q', size: 1 } })
    const result = safeParseWith(toAwsValidationError, schema, { queueName: 'q', size: 0 })
    expect(result.success).toBe(false)
    if (!result.success) expect(result.error.message).toBe(MESSAGE)
  })
})
