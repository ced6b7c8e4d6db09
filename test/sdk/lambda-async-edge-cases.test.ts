import {
  InvalidParameterValueException,
  InvokeCommand,
  LambdaServiceException,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { DEAD_LETTER_TARGET_MESSAGES, DEAD_LETTER_TARGET_PATTERN } from '../../src/lambda/control/dead-letter-target.js'
import { ACCOUNT, ARN, rejection, simulatedLambda } from './lambda-client.js'

// Issue 16 through the real LambdaClient: DeadLetterConfig and destination ARNs refused as AWS
// refuses them, and the ZeroReservedConcurrency record.

const hello = async () => 'hello'
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`

describe('DeadLetterConfig through LambdaClient', () => {
  it('CreateFunction - a Lambda ARN as TargetArn is an InvalidParameterValueException (400)', async () => {
    const { createFunction } = simulatedLambda()
    await createFunction('other', hello)
    const error = await rejection(createFunction('f', hello, { DeadLetterConfig: { TargetArn: `${ARN}:other` } }))
    expect(error).toBeInstanceOf(InvalidParameterValueException)
    expect([error.message, error['Type'], error.$metadata.httpStatusCode]).toEqual([DEAD_LETTER_TARGET_MESSAGES.notSqsOrSns, 'User', 400])
  })

  it("CreateFunction - 'not-an-arn' is a ValidationException with the model's pattern", async () => {
    const { createFunction } = simulatedLambda()
    const error = await rejection(createFunction('f', hello, { DeadLetterConfig: { TargetArn: 'not-an-arn' } }))
    expect(error).toBeInstanceOf(LambdaServiceException)
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual([
      'ValidationException',
      `1 validation error detected: Value 'not-an-arn' at 'deadLetterConfig.targetArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${DEAD_LETTER_TARGET_PATTERN}`,
      400,
    ])
  })

  it('UpdateFunctionConfiguration - a Lambda ARN is refused; an SQS queue is accepted and shown', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    const error = await rejection(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', DeadLetterConfig: { TargetArn: `${ARN}:f` } })))
    expect(error).toBeInstanceOf(InvalidParameterValueException)
    expect(error.message).toBe(DEAD_LETTER_TARGET_MESSAGES.notSqsOrSns)
    const updated = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', DeadLetterConfig: { TargetArn: QUEUE } }))
    expect(updated.DeadLetterConfig).toEqual({ TargetArn: QUEUE })
  })
})

describe('PutFunctionEventInvokeConfig destinations through LambdaClient', () => {
  it('an IAM role is not a destination: InvalidParameterValueException with the DestinationConfig text', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    const role = `arn:aws:iam::${ACCOUNT}:role/r`
    const error = await rejection(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'f', DestinationConfig: { OnFailure: { Destination: role } } })))
    expect(error).toBeInstanceOf(InvalidParameterValueException)
    expect(error.message).toBe(`The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination=${role})) is invalid.`)
  })

  it('a function that does not exist: "The destination ARN … is invalid."', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    const missing = `${ARN}:missing`
    const error = await rejection(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'f', DestinationConfig: { OnSuccess: { Destination: missing } } })))
    expect(error).toBeInstanceOf(InvalidParameterValueException)
    expect(error.message).toBe(`The destination ARN ${missing} is invalid.`)
  })

  it("'not-an-arn' fails the model's DestinationArn pattern: ValidationException", async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    const error = await rejection(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'f', DestinationConfig: { OnSuccess: { Destination: 'not-an-arn' } } })))
    expect(error.name).toBe('ValidationException')
    expect(error.message).toMatch(/^1 validation error detected: Value 'not-an-arn' at 'destinationConfig.onSuccess.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: \$\|kafka:/)
  })
})

describe('reserved concurrency 0 through LambdaClient', () => {
  it('an Event invoke is accepted (202); the on-failure record says ZeroReservedConcurrency', async () => {
    const { sim, client, createFunction } = simulatedLambda({ logRetention: 0 })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'failures' })
    await createFunction('off', hello)
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'off', ReservedConcurrentExecutions: 0 }))
    await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'off', DestinationConfig: { OnFailure: { Destination: sim.sqs.queueArn('failures') } } }))
    const accepted = await client.send(new InvokeCommand({ FunctionName: 'off', InvocationType: 'Event', Payload: new TextEncoder().encode('{"n":1}') }))
    expect(accepted.StatusCode).toBe(202)
    await sim.runUntilIdle()
    const [record] = sim.sqs.peekMessages(queueUrl).map((m) => JSON.parse(m.body) as Record<string, unknown>)
    expect(record?.['requestContext']).toMatchObject({ functionArn: `${ARN}:off:$LATEST`, condition: 'ZeroReservedConcurrency', approximateInvokeCount: 0 })
    expect(Object.keys(record ?? {})).toEqual(['version', 'timestamp', 'requestContext', 'requestPayload'])
  })
})
