/**
 * The function URL operations through the real LambdaClient: shapes, status codes, AWS's
 * exceptions and validation text, and a URL made through the SDK answering `sim.fetch`.
 */
import {
  AddPermissionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  ListFunctionUrlConfigsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionUrlConfigCommand,
} from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { ARN, rejection, simulatedLambda } from '../../sdk/lambda-client.js'

const hello = async (): Promise<unknown> => ({ hello: 'world' })

describe('lambda/urls - the function URL API through LambdaClient', () => {
  it('CreateFunctionUrlConfig / Get / Update / List / Delete', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    await createFunction('web', hello)
    const created = await client.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE', Cors: { AllowOrigins: ['*'], AllowMethods: ['GET'], MaxAge: 60 } }),
    )
    expect(created.$metadata.httpStatusCode).toBe(201)
    expect(created).toMatchObject({ FunctionArn: `${ARN}:web`, AuthType: 'NONE', InvokeMode: 'BUFFERED', Cors: { AllowOrigins: ['*'], AllowMethods: ['GET'], MaxAge: 60 } })
    expect(created.FunctionUrl).toMatch(/^https:\/\/[0-9a-f]{32}\.lambda-url\.us-east-1\.on\.aws\/$/)
    expect(created.CreationTime).toBe('2024-01-01T00:00:00.000Z')

    const got = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web' }))
    expect(got).toMatchObject({ FunctionUrl: created.FunctionUrl, LastModifiedTime: '2024-01-01T00:00:00.000Z' })

    await sim.advance('1m')
    const updated = await client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'web', InvokeMode: 'RESPONSE_STREAM' }))
    expect(updated).toMatchObject({ InvokeMode: 'RESPONSE_STREAM', AuthType: 'NONE', LastModifiedTime: '2024-01-01T00:01:00.000Z', CreationTime: '2024-01-01T00:00:00.000Z' })

    const listed = await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web' }))
    expect(listed.FunctionUrlConfigs?.map((config) => config.FunctionUrl)).toEqual([created.FunctionUrl])

    const deleted = await client.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'web' }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const missing = await rejection(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web' })))
    expect(missing).toBeInstanceOf(ResourceNotFoundException)
    expect(missing.message).toBe('The resource you requested does not exist.')
  })

  it('refusals - a second URL, an unknown function, a version qualifier, a bad AuthType', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('web', hello)
    await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' }))
    const twice = await rejection(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'AWS_IAM' })))
    expect(twice).toBeInstanceOf(ResourceConflictException)
    expect(twice.message).toBe(`Failed to create function url config for [functionArn = ${ARN}:web]. Error message:  FunctionUrlConfig exists for this Lambda function`)

    const unknown = await rejection(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'nope', AuthType: 'NONE' })))
    expect(unknown).toBeInstanceOf(ResourceNotFoundException)
    expect(unknown.message).toBe(`Function not found: ${ARN}:nope`)

    const version = await rejection(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', Qualifier: '1', AuthType: 'NONE' })))
    expect(version.name).toBe('ValidationException')
    expect(version.message).toMatch(/^1 validation error detected: Value '1' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern/)

    const auth = await rejection(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', Qualifier: 'live', AuthType: 'OPEN' as never })))
    expect(auth.name).toBe('ValidationException')
    expect(auth.message).toContain("Value 'OPEN' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]")
  })

  it('AddPermission - FunctionUrlAuthType and InvokedViaFunctionUrl become conditions; the URL then answers', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    await createFunction('web', hello)
    const { FunctionUrl } = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' }))
    await client.send(new AddPermissionCommand({ FunctionName: 'web', StatementId: 'url', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' }))
    await client.send(new AddPermissionCommand({ FunctionName: 'web', StatementId: 'invoke', Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true }))
    const { Policy } = await client.send(new GetPolicyCommand({ FunctionName: 'web' }))
    expect(JSON.parse(Policy ?? '{}').Statement.map((s: { Condition?: unknown }) => s.Condition)).toEqual([
      { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
      { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
    ])
    const response = await sim.fetch(FunctionUrl ?? '')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ hello: 'world' })
  })
})
