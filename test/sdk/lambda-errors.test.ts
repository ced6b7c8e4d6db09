import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetCapacityProviderCommand,
  InvalidParameterValueException,
  InvokeCommand,
  LambdaClient,
  LambdaServiceException,
  ListEventSourceMappingsCommand,
  PreconditionFailedException,
  ResourceConflictException,
  TooManyRequestsException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { LambdaError, SimulationError } from '../../src/index.js'
import { errorResponse } from '../../src/sdk/rest-json.js'
import { rejection, ROLE, simulatedLambda } from './lambda-client.js'

const hello = async () => 'hello'
const BAD_ARCHIVE = 'Could not unzip uploaded file. Please check your file, then try to upload again.'

describe('lambda-errors', () => {
  it('exceptions - ResourceConflictException (409) for a function that exists', async () => {
    const { createFunction } = simulatedLambda()
    await createFunction('f', hello)
    const error = await rejection(createFunction('f', hello))
    expect(error).toBeInstanceOf(ResourceConflictException)
    expect([error.message, error['Type'], error.$metadata.httpStatusCode]).toEqual(['Function already exist: f', 'User', 409])
  })

  it('exceptions - ValidationException (400) with AWS’s constraint text, as a LambdaServiceException', async () => {
    const { createFunction } = simulatedLambda()
    const error = await rejection(createFunction('f', hello, { MemorySize: 100 }))
    expect(error).toBeInstanceOf(LambdaServiceException)
    expect(error.name).toBe('ValidationException')
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe(
      "1 validation error detected: Value '100' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    )
  })

  it('exceptions - PreconditionFailedException (412) for a stale RevisionId', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    const error = await rejection(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Timeout: 9, RevisionId: 'stale' })))
    expect(error).toBeInstanceOf(PreconditionFailedException)
    expect(error.$metadata.httpStatusCode).toBe(412)
    expect(error.message).toBe(
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    )
  })

  it('exceptions - InvalidParameterValueException (400) from a service-level check', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    const error = await rejection(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Environment: { Variables: { AWS_REGION: 'x' } } })))
    expect(error).toBeInstanceOf(InvalidParameterValueException)
    expect(error.message).toBe(
      'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION',
    )
  })

  it('code - real zip bytes or an unknown token are a bad archive, as AWS answers for a zip it cannot open', async () => {
    const { client, createFunction } = simulatedLambda()
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00])
    for (const ZipFile of [zip, new TextEncoder().encode('lambda-sim:code:never-registered')]) {
      const error = await rejection(client.send(new CreateFunctionCommand({ FunctionName: 'f', Role: ROLE, Code: { ZipFile } })))
      expect(error).toBeInstanceOf(InvalidParameterValueException)
      expect([error.message, error.$metadata.httpStatusCode]).toEqual([BAD_ARCHIVE, 400])
    }
    await createFunction('g', hello)
    const update = await rejection(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'g', ZipFile: zip })))
    expect([update.name, update.message]).toEqual(['InvalidParameterValueException', BAD_ARCHIVE])
  })

  it('code - an S3 key never registered, or another bucket, fails as GetObject would', async () => {
    const { client } = simulatedLambda()
    const missingKey = await rejection(client.send(new CreateFunctionCommand({ FunctionName: 'f', Role: ROLE, Code: { S3Bucket: 'lambda-sim', S3Key: 'nope' } })))
    expect([missingKey.name, missingKey.message]).toEqual([
      'InvalidParameterValueException',
      'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
    ])
    const otherBucket = await rejection(client.send(new CreateFunctionCommand({ FunctionName: 'f', Role: ROLE, Code: { S3Bucket: 'my-artifacts', S3Key: 'f.zip' } })))
    expect(otherBucket.message).toBe('Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist')
  })

  it('code - CreateFunction without Code is a validation error', async () => {
    const { client } = simulatedLambda()
    const error = await rejection(client.send(new CreateFunctionCommand({ FunctionName: 'f', Role: ROLE } as never)))
    expect([error.name, error.message]).toEqual(['ValidationException', "1 validation error detected: Value null at 'code' failed to satisfy constraint: Member must not be null"])
  })

  it('registerCode - misuse is a SimulationError, not an AWS answer', () => {
    const { sim } = simulatedLambda()
    expect(() => sim.registerCode('', hello)).toThrow(SimulationError)
    expect(() => sim.registerCode('x', 'not code' as never)).toThrow(/needs a handler function, \{ init: factory \} or \{ directory \}/)
  })

  it('not simulated - operations lambda-sim lacks are refused by name (400, never retried)', async () => {
    const { client } = simulatedLambda()
    const cases: [Promise<unknown>, RegExp][] = [
      [client.send(new ListEventSourceMappingsCommand({ FunctionName: 'f' })).then(() => client.send(new CreateEventSourceMappingCommand({ FunctionName: 'f', Topics: ['t'] }))), /^lambda-sim does not simulate Topics \(Kafka sources\)/],
      [client.send(new GetCapacityProviderCommand({ CapacityProviderName: 'p' })), /^lambda-sim does not simulate Lambda Managed Instances/],
    ]
    for (const [promise, message] of cases) {
      const error = await rejection(promise)
      expect(error).toBeInstanceOf(LambdaServiceException)
      expect(error.name).toBe('UnknownOperationException')
      expect(error.message).toMatch(message)
      expect(error.$metadata.httpStatusCode).toBe(400)
    }
  })

  it('not simulated - a setting lambda-sim does not model is refused by name, not ignored', async () => {
    const { createFunction } = simulatedLambda()
    const error = await rejection(createFunction('f', hello, { VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] } }))
    expect([error.name, error.message]).toEqual(['UnknownOperationException', 'lambda-sim does not simulate VpcConfig (VPC networking)'])
    const snapStart = await rejection(createFunction('g', hello, { SnapStart: { ApplyOn: 'PublishedVersions' } }))
    expect(snapStart.message).toBe('lambda-sim does not simulate SnapStart')
  })

  it('wire - an error with retryAfterSeconds sends it as the Retry-After header, where the SDK reads it', async () => {
    const throttle = new LambdaError('TooManyRequestsException', 'Rate Exceeded.', { Reason: 'CallerRateLimitExceeded', retryAfterSeconds: 3 })
    const response = errorResponse(throttle)
    expect(response.headers).toMatchObject({ 'x-amzn-errortype': 'TooManyRequestsException', 'retry-after': '3' })
    expect(JSON.parse(new TextDecoder().decode(response.body))).toEqual({ Reason: 'CallerRateLimitExceeded', Type: 'User', message: 'Rate Exceeded.' })
    const client = new LambdaClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
      requestHandler: { handle: async () => ({ response }), updateHttpClientConfig() {}, httpHandlerConfigs: () => ({}), destroy() {} },
    })
    const error = await rejection(client.send(new InvokeCommand({ FunctionName: 'f' })))
    expect(error).toBeInstanceOf(TooManyRequestsException)
    expect([error['retryAfterSeconds'], error['Reason'], error.message]).toEqual(['3', 'CallerRateLimitExceeded', 'Rate Exceeded.'])
  })
})
