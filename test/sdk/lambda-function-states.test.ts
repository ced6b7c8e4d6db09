/**
 * The function state machine, revision ids, declared code sizes and identity, through the real
 * `LambdaClient` — and the SDK's own waiters against them.
 */
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { ARN, rejection, ROLE, simulatedLambda, text } from './lambda-client.js'

const NOT_READY = 'The operation cannot be performed at this time. The function is currently in the following state: Pending'

describe('sdk/lambda-function-states', () => {
  it('by default, a function created through LambdaClient is Pending for 1 s; one made with sim.createFunction is Active at once', async () => {
    const sim = createSimulation({ seed: 1 })
    const client = new LambdaClient(sim.clientConfig())
    const created = await client.send(new CreateFunctionCommand({ FunctionName: 'deployed', Role: ROLE, Code: sim.registerCode('deployed', async () => 'ok') }))
    expect(created.State).toBe('Pending')
    expect(await rejection(client.send(new InvokeCommand({ FunctionName: 'deployed' })))).toMatchObject({ name: 'ResourceConflictException', message: NOT_READY })
    sim.createFunction({ functionName: 'fixture', code: async () => 'ok' })
    expect((await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'fixture' }))).State).toBe('Active')
    expect(text((await client.send(new InvokeCommand({ FunctionName: 'fixture' }))).Payload)).toBe('"ok"')
    await sim.advance('1s')
    expect((await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'deployed' }))).State).toBe('Active')
    expect(text((await client.send(new InvokeCommand({ FunctionName: 'deployed' }))).Payload)).toBe('"ok"')
  })

  it('CreateFunction answers Pending; Invoke is refused with 409 until the function is Active; the waiter then succeeds', async () => {
    const { sim, client, createFunction } = simulatedLambda({ functionStates: true })
    const created = await createFunction('f', async () => 'ok')
    expect(created).toMatchObject({ State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' })
    expect(created.LastUpdateStatus).toBeUndefined()
    const refused = await rejection(client.send(new InvokeCommand({ FunctionName: 'f' })))
    expect(refused).toMatchObject({ name: 'ResourceConflictException', message: NOT_READY })
    expect(refused.$metadata.httpStatusCode).toBe(409)
    expect((await client.send(new GetFunctionCommand({ FunctionName: 'f' }))).Configuration?.State).toBe('Pending')

    await sim.advance('1s')
    // The clock outside a handler moves only when the test moves it: the waiter sees Active at once.
    const waited = await waitUntilFunctionActiveV2({ client, maxWaitTime: 5 }, { FunctionName: 'f' })
    expect(waited.state).toBe('SUCCESS')
    const active = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'f' }))
    expect(active).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' })
    expect(active.StateReason).toBeUndefined()
    expect(text((await client.send(new InvokeCommand({ FunctionName: 'f' }))).Payload)).toBe('"ok"')
  })

  it('an update answers InProgress; a second one meanwhile is ResourceConflictException naming the function ARN', async () => {
    const { sim, client, createFunction } = simulatedLambda({ functionStates: { creation: 0, update: '2s' } })
    await createFunction('f', async () => 'ok')
    const updating = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Timeout: 10 }))
    expect(updating).toMatchObject({ State: 'Active', LastUpdateStatus: 'InProgress', LastUpdateStatusReasonCode: 'Creating', Timeout: 10 })
    const conflict = await rejection(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'f', ...sim.registerCode('f2', async () => 'new') })))
    expect(conflict).toMatchObject({
      name: 'ResourceConflictException',
      message: `The operation cannot be performed at this time. An update is in progress for resource: ${ARN}:f`,
    })
    expect(conflict.$metadata.httpStatusCode).toBe(409)
    expect((await rejection(client.send(new PublishVersionCommand({ FunctionName: 'f' })))).name).toBe('ResourceConflictException')
    await sim.advance('2s')
    expect((await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 5 }, { FunctionName: 'f' })).state).toBe('SUCCESS')
    expect((await client.send(new PublishVersionCommand({ FunctionName: 'f' }))).Version).toBe('1')
  })

  it("scope: 'sdk' — functions created through LambdaClient go through the states; facade fixtures stay instant", async () => {
    const { sim, client, createFunction } = simulatedLambda({ functionStates: { scope: 'sdk' } })
    expect(sim.createFunction({ functionName: 'fixture', code: async () => 'fixture' }).state).toBe('Active')
    expect((await sim.invoke({ functionName: 'fixture' })).payload).toBe('fixture')
    expect(sim.updateFunctionConfiguration({ functionName: 'fixture', timeout: 9 }).lastUpdateStatus).toBe('Successful')
    expect((await createFunction('deployed', async () => 'deployed')).State).toBe('Pending')
    expect((await rejection(client.send(new InvokeCommand({ FunctionName: 'deployed' })))).name).toBe('ResourceConflictException')
    await sim.advance('1s')
    // The function was made through the SDK: its updates take time whichever path makes them.
    expect(sim.updateFunctionConfiguration({ functionName: 'deployed', timeout: 9 }).lastUpdateStatus).toBe('InProgress')
    expect((await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fixture', Timeout: 10 }))).LastUpdateStatus).toBe('Successful')
  })

  it('the waiters run on the virtual clock inside a handler: deploy, wait until Active, update, wait until Updated, invoke', async () => {
    const { sim } = simulatedLambda({ functionStates: { creation: '4s', update: '3s' } })
    const code = sim.registerCode('worker', async () => 'worked')
    const newCode = sim.registerCode('worker-v2', async () => 'worked v2')
    sim.createFunction({
      functionName: 'deployer',
      timeout: 60,
      code: async () => {
        const lambda = new LambdaClient({})
        const started = Date.now()
        const created = await lambda.send(new CreateFunctionCommand({ FunctionName: 'worker', Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: code }))
        const active = await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: 'worker' })
        const activeAfter = Date.now() - started
        await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'worker', ...newCode }))
        const updated = await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: 'worker' })
        const out = await lambda.send(new InvokeCommand({ FunctionName: 'worker' }))
        return { createdState: created.State, active: active.state, activeAfter, updated: updated.state, updatedAfter: Date.now() - started, payload: JSON.parse(text(out.Payload)) }
      },
    })
    await sim.advance('4s')
    const wallStart = performance.now()
    const result = await sim.invoke({ functionName: 'deployer' })
    const payload = result.payload as { createdState: string; active: string; activeAfter: number; updated: string; updatedAfter: number; payload: string }
    expect(payload).toMatchObject({ createdState: 'Pending', active: 'SUCCESS', updated: 'SUCCESS', payload: 'worked v2' })
    // The waiters polled on virtual time: at least the transition's duration passed, no real seconds.
    expect(payload.activeAfter).toBeGreaterThanOrEqual(4_000)
    expect(payload.updatedAfter - payload.activeAfter).toBeGreaterThanOrEqual(3_000)
    expect(performance.now() - wallStart).toBeLessThan(5_000)
  })

  it('RevisionId: a stale one is PreconditionFailedException (412); every change gives a new one', async () => {
    const { client, createFunction } = simulatedLambda()
    const created = await createFunction('f', async () => 'ok')
    const updated = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Description: 'two', RevisionId: created.RevisionId }))
    expect(updated.RevisionId).not.toBe(created.RevisionId)
    const stale = await rejection(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Description: 'three', RevisionId: created.RevisionId })))
    expect(stale).toMatchObject({
      name: 'PreconditionFailedException',
      message: 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    })
    expect(stale.$metadata.httpStatusCode).toBe(412)
    expect((await rejection(client.send(new PublishVersionCommand({ FunctionName: 'f', RevisionId: created.RevisionId })))).name).toBe('PreconditionFailedException')
    const published = await client.send(new PublishVersionCommand({ FunctionName: 'f', RevisionId: updated.RevisionId }))
    expect(published).toMatchObject({ Version: '1', FunctionArn: `${ARN}:f:1` })
    expect(published.RevisionId).not.toBe(updated.RevisionId)
  })

  it('GetFunction through an alias shows the alias ARN and the version it points to', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', async () => 'ok')
    await client.send(new PublishVersionCommand({ FunctionName: 'f' }))
    await client.send(new CreateAliasCommand({ FunctionName: 'f', Name: 'live', FunctionVersion: '1' }))
    const viaAlias = await client.send(new GetFunctionCommand({ FunctionName: 'f', Qualifier: 'live' }))
    expect(viaAlias.Configuration).toMatchObject({ FunctionArn: `${ARN}:f:live`, Version: '1' })
    const viaVersion = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'f:1' }))
    expect(viaVersion).toMatchObject({ FunctionArn: `${ARN}:f:1`, Version: '1' })
    expect((await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'f' }))).FunctionArn).toBe(`${ARN}:f`)
  })
})

describe('sdk/lambda-function-states - declared code sizes', () => {
  const create = (client: LambdaClient, name: string, Code: CreateFunctionCommand['input']['Code']) =>
    client.send(new CreateFunctionCommand({ FunctionName: name, Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code }))

  it('CodeSize reports the declared zipped size', async () => {
    const { sim, client } = simulatedLambda()
    const created = await create(client, 'f', sim.registerCode('f', async () => 'ok', { zippedBytes: 1_234_567, unzippedBytes: 5_000_000 }))
    expect(created.CodeSize).toBe(1_234_567)
  })

  it('a direct upload over the request limit is RequestEntityTooLargeException (413); the same package from S3 is accepted', async () => {
    const { sim, client } = simulatedLambda()
    sim.registerCode('big', async () => 'ok', { zippedBytes: 60_000_000, unzippedBytes: 200_000_000 })
    const tooLarge = await rejection(create(client, 'f', sim.registerCode('big', async () => 'ok', { zippedBytes: 60_000_000, unzippedBytes: 200_000_000 })))
    expect(tooLarge).toMatchObject({ name: 'RequestEntityTooLargeException', message: 'Request must be smaller than 70167211 bytes for the CreateFunction operation' })
    expect(tooLarge.$metadata.httpStatusCode).toBe(413)
    const fromS3 = await create(client, 'f', { S3Bucket: 'lambda-sim', S3Key: 'big' })
    expect(fromS3.CodeSize).toBe(60_000_000)
    const update = await rejection(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'f', ...sim.registerCode('big', async () => 'ok', { zippedBytes: 60_000_000 }) })))
    expect(update.message).toBe('Request must be smaller than 70167211 bytes for the UpdateFunctionCode operation')
  })

  it('50 MB zipped uploads directly (its base64 form fits the request limit)', async () => {
    const { sim, client } = simulatedLambda()
    const created = await create(client, 'f', sim.registerCode('f', async () => 'ok', { zippedBytes: 52_428_800 }))
    expect(created.CodeSize).toBe(52_428_800)
  })

  it('more than 250 MB unzipped is InvalidParameterValueException, however it arrives', async () => {
    const { sim, client } = simulatedLambda()
    const handler = async (): Promise<string> => 'ok'
    sim.registerCode('huge', handler, { zippedBytes: 40_000_000, unzippedBytes: 262_144_001 })
    for (const Code of [{ S3Bucket: 'lambda-sim', S3Key: 'huge' }, sim.registerCode('huge', handler, { zippedBytes: 40_000_000, unzippedBytes: 262_144_001 })]) {
      const refused = await rejection(create(client, 'f', Code))
      expect(refused).toMatchObject({ name: 'InvalidParameterValueException', message: 'Unzipped size must be smaller than 262144000 bytes' })
    }
    // Exactly 250 MB is accepted.
    sim.registerCode('edge', async () => 'edge', { unzippedBytes: 262_144_000 })
    expect((await create(client, 'g', { S3Bucket: 'lambda-sim', S3Key: 'edge' })).FunctionName).toBe('g')
    // The facade, given registered code, applies the same limit.
    expect(() => sim.createFunction({ functionName: 'h', code: handler })).toThrow('Unzipped size must be smaller than 262144000 bytes')
  })

  it('registerCode refuses a size that is not a non-negative integer', () => {
    const { sim } = simulatedLambda()
    expect(() => sim.registerCode('x', async () => 1, { zippedBytes: -1 })).toThrow(/non-negative integers/)
    expect(() => sim.registerCode('x', async () => 1, { unzippedBytes: 1.5 })).toThrow(/non-negative integers/)
  })
})
