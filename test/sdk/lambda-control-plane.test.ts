import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  DeleteFunctionEventInvokeConfigCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  GetFunctionRecursionConfigCommand,
  GetPolicyCommand,
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  ListAliasesCommand,
  ListFunctionEventInvokeConfigsCommand,
  ListFunctionsCommand,
  ListProvisionedConcurrencyConfigsCommand,
  ListVersionsByFunctionCommand,
  ProvisionedConcurrencyConfigNotFoundException,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  PutFunctionRecursionConfigCommand,
  PutProvisionedConcurrencyConfigCommand,
  RemovePermissionCommand,
  ResourceNotFoundException,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionEventInvokeConfigCommand,
  paginateListFunctions,
} from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import type { LambdaContext } from '../../src/index.js'
import { ACCOUNT, ARN, json, rejection, ROLE, simulatedLambda } from './lambda-client.js'

const hello = async () => 'hello'

describe('lambda-control-plane', () => {
  it('CreateFunction - every simulated setting round-trips, nested ones included', async () => {
    const { sim, createFunction } = simulatedLambda()
    // Layers must exist: versions 1 to 3 of `shared`.
    for (let i = 0; i < 3; i++) sim.publishLayerVersion({ layerName: 'shared', content: { zippedBytes: 2048, unzippedBytes: 8192 } })
    const created = await createFunction('orders', hello, {
      Description: 'takes orders',
      Timeout: 30,
      MemorySize: 512,
      Environment: { Variables: { TABLE_NAME: 'orders', lower_case: 'kept as is' } },
      DeadLetterConfig: { TargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-dlq` },
      TracingConfig: { Mode: 'Active' },
      Tags: { team: 'checkout' },
      Layers: [`arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared:3`],
      Architectures: ['arm64'],
      EphemeralStorage: { Size: 1024 },
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'WARN', LogGroup: '/custom/orders' },
      // Empty settings of unsimulated features clear them, as on AWS: accepted.
      VpcConfig: { SubnetIds: [], SecurityGroupIds: [] },
    })
    expect(created.$metadata.httpStatusCode).toBe(201)
    expect(created).toMatchObject({
      FunctionName: 'orders',
      FunctionArn: `${ARN}:orders`,
      Runtime: 'nodejs22.x',
      Role: ROLE,
      Handler: 'index.handler',
      Description: 'takes orders',
      Timeout: 30,
      MemorySize: 512,
      Version: '$LATEST',
      Environment: { Variables: { TABLE_NAME: 'orders', lower_case: 'kept as is' } },
      DeadLetterConfig: { TargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-dlq` },
      TracingConfig: { Mode: 'Active' },
      Layers: [{ Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared:3`, CodeSize: 2048 }],
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['arm64'],
      EphemeralStorage: { Size: 1024 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'WARN', LogGroup: '/custom/orders' },
      LastModified: '2024-01-01T00:00:00.000+0000',
    })
    expect(created.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(created.RevisionId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('GetFunction / GetFunctionConfiguration - configuration, code location, tags, concurrency; Qualifier picks a version', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('orders', hello, { Tags: { team: 'checkout' }, Description: 'first' })
    await client.send(new PublishVersionCommand({ FunctionName: 'orders' }))
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'orders', Description: 'second' }))
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'orders', ReservedConcurrentExecutions: 7 }))

    const latest = await client.send(new GetFunctionCommand({ FunctionName: 'orders' }))
    expect(latest.Configuration).toMatchObject({ Version: '$LATEST', Description: 'second' })
    expect(latest.Code).toEqual({ RepositoryType: 'S3', Location: expect.stringMatching(/^lambda-sim:\/\/code\/orders\//) })
    expect(latest.Tags).toEqual({ team: 'checkout' })
    expect(latest.Concurrency).toEqual({ ReservedConcurrentExecutions: 7 })

    const v1 = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders', Qualifier: '1' }))
    expect(v1).toMatchObject({ Version: '1', Description: 'first', FunctionArn: `${ARN}:orders:1` })
  })

  it('UpdateFunctionConfiguration - changes only what is given; a partial LoggingConfig keeps the rest', async () => {
    const { client, createFunction } = simulatedLambda()
    const created = await createFunction('orders', hello, { LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'WARN' }, MemorySize: 256 })
    const updated = await client.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'orders', Timeout: 10, LoggingConfig: { LogGroup: '/moved' }, RevisionId: created.RevisionId }),
    )
    expect(updated).toMatchObject({ Timeout: 10, MemorySize: 256, LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'WARN', LogGroup: '/moved' } })
    expect(updated.RevisionId).not.toBe(created.RevisionId)
  })

  it('UpdateFunctionCode - new registered code (ZipFile token or S3 object) runs next; Publish makes a version; DryRun changes nothing', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    await createFunction('greeter', async () => 'hello')
    const dryRun = await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'greeter', DryRun: true, ...sim.registerCode('unused', async () => 'unused') }))
    expect(dryRun.Version).toBe('$LATEST')
    expect(json((await client.send(new InvokeCommand({ FunctionName: 'greeter' }))).Payload)).toBe('hello')

    const published = await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'greeter', Publish: true, ...sim.registerCode('greeter-v2', async () => 'bonjour') }))
    expect(published.Version).toBe('1')
    expect(json((await client.send(new InvokeCommand({ FunctionName: 'greeter' }))).Payload)).toBe('bonjour')

    sim.registerCode('greeter-v3', {
      init: async () => {
        let calls = 0
        return async () => `hallo ${++calls}`
      },
    })
    const fromS3 = await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'greeter', S3Bucket: 'lambda-sim', S3Key: 'greeter-v3' }))
    expect(fromS3.CodeSha256).not.toBe(published.CodeSha256)
    expect(json((await client.send(new InvokeCommand({ FunctionName: 'greeter' }))).Payload)).toBe('hallo 1')
    expect(json((await client.send(new InvokeCommand({ FunctionName: 'greeter' }))).Payload)).toBe('hallo 2')
  })

  it('CreateFunction - Code may name registered code as an S3 object in the lambda-sim bucket', async () => {
    const { sim, client } = simulatedLambda()
    sim.registerCode('shared/handler', async () => 'from s3')
    await client.send(new CreateFunctionCommand({ FunctionName: 's3', Role: ROLE, Code: { S3Bucket: 'lambda-sim', S3Key: 'shared/handler' } }))
    expect(json((await client.send(new InvokeCommand({ FunctionName: 's3' }))).Payload)).toBe('from s3')
  })

  it('DeleteFunction - a version with Qualifier, then the whole function (204)', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('temp', hello)
    await client.send(new PublishVersionCommand({ FunctionName: 'temp' }))
    const deletedVersion = await client.send(new DeleteFunctionCommand({ FunctionName: 'temp', Qualifier: '1' }))
    expect(deletedVersion.$metadata.httpStatusCode).toBe(204)
    expect((await rejection(client.send(new GetFunctionCommand({ FunctionName: 'temp', Qualifier: '1' })))).name).toBe('ResourceNotFoundException')
    await client.send(new DeleteFunctionCommand({ FunctionName: 'temp' }))
    const error = await rejection(client.send(new GetFunctionCommand({ FunctionName: 'temp' })))
    expect(error).toBeInstanceOf(ResourceNotFoundException)
    expect(error.message).toBe(`Function not found: ${ARN}:temp`)
  })

  it('ListFunctions - pages with MaxItems / Marker / NextMarker, sorted by name; the SDK paginator walks them all', async () => {
    const { client, createFunction } = simulatedLambda()
    for (const name of ['e', 'c', 'a', 'd', 'b']) await createFunction(name, hello)
    const first = await client.send(new ListFunctionsCommand({ MaxItems: 2 }))
    expect(first.Functions?.map((f) => f.FunctionName)).toEqual(['a', 'b'])
    expect(first.NextMarker).toBeDefined()
    const second = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: first.NextMarker }))
    expect(second.Functions?.map((f) => f.FunctionName)).toEqual(['c', 'd'])
    const third = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: second.NextMarker }))
    expect(third.Functions?.map((f) => f.FunctionName)).toEqual(['e'])
    expect(third.NextMarker).toBeUndefined()

    const names: string[] = []
    for await (const page of paginateListFunctions({ client, pageSize: 2 }, {})) names.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? ''))
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e'])

    await client.send(new PublishVersionCommand({ FunctionName: 'a' }))
    const all = await client.send(new ListFunctionsCommand({ FunctionVersion: 'ALL', MaxItems: 3 }))
    expect(all.Functions?.map((f) => `${f.FunctionName}:${f.Version}`)).toEqual(['a:$LATEST', 'a:1', 'b:$LATEST'])
  })

  it('PublishVersion / ListVersionsByFunction - numbered versions, $LATEST first, paged', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    const v1 = await client.send(new PublishVersionCommand({ FunctionName: 'f', Description: 'first release' }))
    expect(v1.$metadata.httpStatusCode).toBe(201)
    expect(v1).toMatchObject({ Version: '1', Description: 'first release', FunctionArn: `${ARN}:f:1` })
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Timeout: 5 }))
    await client.send(new PublishVersionCommand({ FunctionName: 'f' }))
    const page = await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'f', MaxItems: 2 }))
    expect(page.Versions?.map((v) => [v.Version, v.FunctionArn])).toEqual([
      ['$LATEST', `${ARN}:f:$LATEST`],
      ['1', `${ARN}:f:1`],
    ])
    const rest = await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'f', Marker: page.NextMarker }))
    expect(rest.Versions?.map((v) => [v.Version, v.Timeout])).toEqual([['2', 5]])
  })

  it('aliases - create with RoutingConfig weights, get, update, list (filtered by version), delete', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    await client.send(new PublishVersionCommand({ FunctionName: 'f' }))
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Timeout: 9 }))
    await client.send(new PublishVersionCommand({ FunctionName: 'f' }))

    const created = await client.send(
      new CreateAliasCommand({ FunctionName: 'f', Name: 'live', FunctionVersion: '1', Description: 'prod', RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } } }),
    )
    expect(created.$metadata.httpStatusCode).toBe(201)
    expect(created).toMatchObject({ AliasArn: `${ARN}:f:live`, Name: 'live', FunctionVersion: '1', Description: 'prod', RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } } })
    await client.send(new CreateAliasCommand({ FunctionName: 'f', Name: 'beta', FunctionVersion: '2' }))

    const got = await client.send(new GetAliasCommand({ FunctionName: 'f', Name: 'live' }))
    expect(got.RevisionId).toBe(created.RevisionId)
    const updated = await client.send(new UpdateAliasCommand({ FunctionName: 'f', Name: 'live', FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: {} }, RevisionId: got.RevisionId }))
    expect(updated).toMatchObject({ FunctionVersion: '2', Description: 'prod' })
    expect(updated.RoutingConfig).toBeUndefined()

    const all = await client.send(new ListAliasesCommand({ FunctionName: 'f' }))
    expect(all.Aliases?.map((a) => `${a.Name}->${a.FunctionVersion}`)).toEqual(['beta->2', 'live->2'])
    const onV1 = await client.send(new ListAliasesCommand({ FunctionName: 'f', FunctionVersion: '1' }))
    expect(onV1.Aliases).toEqual([])
    const paged = await client.send(new ListAliasesCommand({ FunctionName: 'f', MaxItems: 1 }))
    expect([paged.Aliases?.map((a) => a.Name), paged.NextMarker]).toEqual([['beta'], 'live'])

    const deleted = await client.send(new DeleteAliasCommand({ FunctionName: 'f', Name: 'beta' }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const error = await rejection(client.send(new GetAliasCommand({ FunctionName: 'f', Name: 'beta' })))
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual(['ResourceNotFoundException', `Cannot find alias arn: ${ARN}:f:beta`, 404])
  })

  it('permissions - AddPermission returns the statement, GetPolicy the document, RemovePermission takes it out', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    await client.send(new PublishVersionCommand({ FunctionName: 'f' }))
    const added = await client.send(
      new AddPermissionCommand({
        FunctionName: 'f',
        Qualifier: '1',
        StatementId: 's3-invoke',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: 'arn:aws:s3:::uploads',
        SourceAccount: ACCOUNT,
      }),
    )
    expect(added.$metadata.httpStatusCode).toBe(201)
    const statement = {
      Sid: 's3-invoke',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: `${ARN}:f:1`,
      Condition: { StringEquals: { 'AWS:SourceAccount': ACCOUNT }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::uploads' } },
    }
    expect(JSON.parse(added.Statement ?? '')).toEqual(statement)
    const policy = await client.send(new GetPolicyCommand({ FunctionName: 'f', Qualifier: '1' }))
    expect(JSON.parse(policy.Policy ?? '')).toEqual({ Version: '2012-10-17', Id: 'default', Statement: [statement] })
    expect(policy.RevisionId).toMatch(/^[0-9a-f-]{36}$/)

    const removed = await client.send(new RemovePermissionCommand({ FunctionName: 'f', Qualifier: '1', StatementId: 's3-invoke', RevisionId: policy.RevisionId }))
    expect(removed.$metadata.httpStatusCode).toBe(204)
    const error = await rejection(client.send(new GetPolicyCommand({ FunctionName: 'f', Qualifier: '1' })))
    expect([error.name, error.message]).toEqual(['ResourceNotFoundException', 'The resource you requested does not exist.'])
  })

  it('reserved concurrency - put, get, delete', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    expect((await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'f' }))).ReservedConcurrentExecutions).toBeUndefined()
    const put = await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'f', ReservedConcurrentExecutions: 25 }))
    expect(put.ReservedConcurrentExecutions).toBe(25)
    expect((await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'f' }))).ReservedConcurrentExecutions).toBe(25)
    const deleted = await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'f' }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    expect((await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'f' }))).ReservedConcurrentExecutions).toBeUndefined()
  })

  it('provisioned concurrency - put (202, IN_PROGRESS), READY after the allocation delay, list, delete', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    await client.send(new PublishVersionCommand({ FunctionName: 'f' }))
    await client.send(new CreateAliasCommand({ FunctionName: 'f', Name: 'live', FunctionVersion: '1' }))
    const put = await client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'f', Qualifier: 'live', ProvisionedConcurrentExecutions: 3 }))
    expect(put.$metadata.httpStatusCode).toBe(202)
    expect(put).toMatchObject({ RequestedProvisionedConcurrentExecutions: 3, AllocatedProvisionedConcurrentExecutions: 0, Status: 'IN_PROGRESS' })
    await sim.advance('2m')
    const ready = await client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'f', Qualifier: 'live' }))
    expect(ready).toMatchObject({ RequestedProvisionedConcurrentExecutions: 3, AvailableProvisionedConcurrentExecutions: 3, AllocatedProvisionedConcurrentExecutions: 3, Status: 'READY' })
    expect(ready.LastModified).toBe('2024-01-01T00:01:00.000+0000')
    const list = await client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'f' }))
    expect(list.ProvisionedConcurrencyConfigs).toEqual([expect.objectContaining({ FunctionArn: `${ARN}:f:live`, Status: 'READY' })])
    const deleted = await client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'f', Qualifier: 'live' }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const error = await rejection(client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'f', Qualifier: 'live' })))
    expect(error).toBeInstanceOf(ProvisionedConcurrencyConfigNotFoundException)
    expect([error.message, error.$metadata.httpStatusCode]).toEqual(['No Provisioned Concurrency Config found for this function', 404])
  })

  it('event invoke config - put replaces, update merges, get, list, delete; LastModified is a Date', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    await createFunction('on-failure', hello)
    const put = await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'f', MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 600 }))
    expect(put).toMatchObject({ FunctionArn: `${ARN}:f:$LATEST`, MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 600, DestinationConfig: { OnSuccess: {}, OnFailure: {} } })
    expect(put.LastModified).toEqual(new Date(sim.nowMs))

    const updated = await client.send(
      new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'f', DestinationConfig: { OnFailure: { Destination: `${ARN}:on-failure` } } }),
    )
    expect(updated).toMatchObject({ MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 600, DestinationConfig: { OnFailure: { Destination: `${ARN}:on-failure` } } })
    const replaced = await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'f', MaximumRetryAttempts: 0 }))
    expect(replaced.MaximumEventAgeInSeconds).toBeUndefined()
    expect(replaced.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: {} })

    const got = await client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'f' }))
    expect(got.MaximumRetryAttempts).toBe(0)
    const listed = await client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'f' }))
    expect(listed.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn)).toEqual([`${ARN}:f:$LATEST`])
    const deleted = await client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'f' }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const error = await rejection(client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'f' })))
    expect([error.name, error.message]).toEqual(['ResourceNotFoundException', `The function ${ARN}:f:$LATEST doesn't have an EventInvokeConfig`])
  })

  it('event invoke config - MaximumRetryAttempts set through the client governs the async retries', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    let attempts = 0
    await createFunction('failing', async (event: unknown, context: LambdaContext) => {
      attempts++
      await context.sleep(10)
      throw new Error('always')
    })
    await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'failing', MaximumRetryAttempts: 0 }))
    await client.send(new InvokeCommand({ FunctionName: 'failing', InvocationType: 'Event' }))
    await sim.runUntilIdle()
    expect(attempts).toBe(1)
  })

  it('recursion config - Terminate by default, Allow once put', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', hello)
    expect((await client.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'f' }))).RecursiveLoop).toBe('Terminate')
    expect((await client.send(new PutFunctionRecursionConfigCommand({ FunctionName: 'f', RecursiveLoop: 'Allow' }))).RecursiveLoop).toBe('Allow')
    expect((await client.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'f' }))).RecursiveLoop).toBe('Allow')
  })
})
