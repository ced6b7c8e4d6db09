import { describe, expect, it } from 'vitest'
import {
  AutoScalingError,
  AwsError,
  EventBridgeError,
  LambdaError,
  SimulationError,
  SnsError,
  SqsError,
  type AutoScalingErrorName,
  type EventBridgeErrorName,
  type LambdaErrorName,
  type SnsErrorCode,
  type SqsErrorName,
} from '../../src/index.js'
import { awsErrors } from '../../src/errors/lambda-error.js'

describe('errors/aws-error', () => {
  it('instanceof - every service error is an AwsError and an Error, and no other service’s class', () => {
    const errors = [
      new LambdaError('ResourceNotFoundException', 'Function not found: arn'),
      new SqsError('QueueDoesNotExist', 'The specified queue does not exist.'),
      new SnsError('NotFound', 'Topic does not exist'),
      new EventBridgeError('ResourceNotFoundException', 'Event bus b does not exist.'),
      new AutoScalingError('ObjectNotFoundException', 'No scalable target'),
    ]
    const classes = [LambdaError, SqsError, SnsError, EventBridgeError, AutoScalingError]
    errors.forEach((error, i) => {
      expect(error).toBeInstanceOf(AwsError)
      expect(error).toBeInstanceOf(Error)
      expect(error).not.toBeInstanceOf(SimulationError)
      classes.forEach((cls, j) => expect(error instanceof cls).toBe(i === j))
    })
  })

  it('stack - captured, starting at the caller (no AwsError constructor frames)', () => {
    const error = new SqsError('MissingParameter', 'The request must contain the parameter QueueUrl.')
    expect(error.stack).toBeDefined()
    expect(error.stack!.split('\n')[0]).toBe('MissingParameter: The request must contain the parameter QueueUrl.')
    expect(error.stack).toContain('aws-error.test.ts')
    expect(error.stack).not.toMatch(/new AwsError|new SqsError/)
  })

  describe('Lambda', () => {
    const statuses: Record<LambdaErrorName, number> = {
      ResourceNotFoundException: 404,
      ResourceConflictException: 409,
      InvalidParameterValueException: 400,
      ValidationException: 400,
      InvalidRequestContentException: 400,
      RequestTooLargeException: 413,
      RequestEntityTooLargeException: 413,
      TooManyRequestsException: 429,
      ServiceException: 500,
      UnsupportedMediaTypeException: 415,
      PreconditionFailedException: 412,
      AccessDeniedException: 403,
      ProvisionedConcurrencyConfigNotFoundException: 404,
      CodeSigningConfigNotFoundException: 404,
      RecursiveInvocationException: 400,
      ResourceInUseException: 400,
    }

    it('status and type - the table per exception; Service from 500 on, User below', () => {
      for (const [name, status] of Object.entries(statuses) as [LambdaErrorName, number][]) {
        const error = new LambdaError(name, 'm')
        expect({ name: error.name, statusCode: error.statusCode, type: error.type }).toEqual({ name, statusCode: status, type: status >= 500 ? 'Service' : 'User' })
      }
    })

    it('toJSON - the three body forms', () => {
      expect(awsErrors.validation(['a', 'b']).toJSON()).toEqual({ message: '2 validation errors detected: a; b' })
      expect(JSON.stringify(new LambdaError('ResourceNotFoundException', 'Function not found: x', { extra: 1 }))).toBe(
        '{"Type":"User","Message":"Function not found: x","extra":1}',
      )
      expect(JSON.stringify(new LambdaError('AccessDeniedException', 'denied'))).toBe('{"Type":"User","Message":"denied"}')
      expect(JSON.stringify(awsErrors.throttled('ReservedFunctionConcurrentInvocationLimitExceeded'))).toBe(
        '{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}',
      )
      expect(JSON.stringify(new LambdaError('ServiceException', 'boom'))).toBe('{"Type":"Service","message":"boom"}')
    })
  })

  describe('SQS', () => {
    const cases: Array<[SqsErrorName, number, string]> = [
      ['QueueDoesNotExist', 400, 'AWS.SimpleQueueService.NonExistentQueue'],
      ['InvalidAddress', 404, 'InvalidAddress'],
      ['ReceiptHandleIsInvalid', 404, 'ReceiptHandleIsInvalid'],
      ['PurgeQueueInProgress', 403, 'AWS.SimpleQueueService.PurgeQueueInProgress'],
      ['QueueNameExists', 400, 'QueueAlreadyExists'],
    ]
    it('status, sender fault, query code and the JSON-protocol body', () => {
      for (const [name, status, code] of cases) {
        const error = new SqsError(name, 'msg')
        expect({ statusCode: error.statusCode, type: error.type, code: error.code, senderFault: error.senderFault }).toEqual({ statusCode: status, type: 'Sender', code, senderFault: true })
        expect(JSON.stringify(error)).toBe(`{"__type":"com.amazonaws.sqs#${name}","message":"msg"}`)
      }
    })
  })

  describe('SNS', () => {
    const cases: Array<[SnsErrorCode, number, string]> = [
      ['NotFound', 404, 'NotFound'],
      ['InvalidParameter', 400, 'InvalidParameter'],
      ['InvalidParameterValue', 400, 'ParameterValueInvalid'],
      ['BatchRequestTooLong', 400, 'BatchRequestTooLong'],
    ]
    it('name is code + Exception; NotFound is 404; the body mirrors the query <Error> element', () => {
      for (const [code, status, wire] of cases) {
        const error = new SnsError(code, 'msg')
        expect({ name: error.name, code: error.code, statusCode: error.statusCode, type: error.type }).toEqual({ name: `${code}Exception`, code, statusCode: status, type: 'Sender' })
        expect(error.toJSON()).toEqual({ Type: 'Sender', Code: wire, Message: 'msg' })
      }
    })
  })

  describe('EventBridge', () => {
    it('always HTTP 400, a User fault, body { __type, message }', () => {
      const names: EventBridgeErrorName[] = ['ResourceNotFoundException', 'ResourceAlreadyExistsException', 'ValidationException', 'InvalidEventPatternException', 'LimitExceededException']
      for (const name of names) {
        const error = new EventBridgeError(name, 'msg')
        expect({ statusCode: error.statusCode, type: error.type }).toEqual({ statusCode: 400, type: 'User' })
        expect(JSON.stringify(error)).toBe(`{"__type":"${name}","message":"msg"}`)
      }
    })
  })

  describe('Application Auto Scaling', () => {
    it('400 (500 for InternalServiceException, a Service fault), body { __type, Message }', () => {
      const names: AutoScalingErrorName[] = ['ValidationException', 'ObjectNotFoundException', 'LimitExceededException', 'ConcurrentUpdateException', 'InternalServiceException']
      for (const name of names) {
        const error = new AutoScalingError(name, 'msg')
        const server = name === 'InternalServiceException'
        expect({ statusCode: error.statusCode, type: error.type }).toEqual({ statusCode: server ? 500 : 400, type: server ? 'Service' : 'User' })
        expect(JSON.stringify(error)).toBe(`{"__type":"${name}","Message":"msg"}`)
      }
    })
  })

  it('a service throws its own class through the facade', () => {
    // Imported lazily so this file stays about the classes; the facade is the user's door.
    return import('../../src/index.js').then(({ createSimulation }) => {
      const sim = createSimulation({ seed: 1 })
      expect(() => sim.sqs.getQueueUrl({ queueName: 'missing' })).toThrow(SqsError)
      expect(() => sim.sns.getTopicAttributes({ topicArn: 'arn:aws:sns:us-east-1:123456789012:missing' })).toThrow(SnsError)
      expect(() => sim.eventBridge.describeEventBus({ name: 'missing' })).toThrow(EventBridgeError)
      expect(() => sim.autoScaling.deregisterScalableTarget({ serviceNamespace: 'lambda', resourceId: 'function:f:a', scalableDimension: 'lambda:function:ProvisionedConcurrency' })).toThrow(AwsError)
    })
  })
})
