import { CreateFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, PutFunctionConcurrencyCommand, TooManyRequestsException } from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, simulatedRequestHandler } from '../../src/index.js'
import { rejection, ROLE, simulatedLambda } from './lambda-client.js'

describe('lambda-client-config', () => {
  it('clientConfig - the simulation’s region, static fake credentials, the simulated handler, one attempt', () => {
    const sim = createSimulation({ seed: 1, region: 'eu-west-1' })
    const config = sim.clientConfig()
    expect(config).toMatchObject({ region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: expect.any(String), secretAccessKey: expect.any(String) } })
    expect(typeof config.requestHandler.handle).toBe('function')
    expect('maxAttempts' in sim.clientConfig({ retries: true })).toBe(false)
  })

  it('clientConfig - functions live in the simulation’s region and account', async () => {
    const sim = createSimulation({ seed: 1, region: 'eu-west-1', accountId: '210987654321' })
    const client = new LambdaClient(sim.clientConfig())
    const created = await client.send(new CreateFunctionCommand({ FunctionName: 'f', Role: ROLE, Code: sim.registerCode('f', async () => 1) }))
    expect(created.FunctionArn).toBe('arn:aws:lambda:eu-west-1:210987654321:function:f')
    expect(sim.getFunctionConfiguration({ functionName: 'f' }).functionArn).toBe(created.FunctionArn)
  })

  it('retries - opting in lets the SDK retry a throttle (after a real-time backoff), which is why they are off by default', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    await createFunction('off', async () => 'never')
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'off', ReservedConcurrentExecutions: 0 }))
    const retrying = new LambdaClient({ ...sim.clientConfig({ retries: true }), maxAttempts: 2 })
    const error = await rejection(retrying.send(new InvokeCommand({ FunctionName: 'off' })))
    expect(error).toBeInstanceOf(TooManyRequestsException)
    expect(error.$metadata).toMatchObject({ attempts: 2 })
    expect((error.$metadata as { totalRetryDelay?: number }).totalRetryDelay).toBeGreaterThan(0)
  })

  it('simulatedRequestHandler - usable on its own, with a caller identity', async () => {
    const { sim, createFunction } = simulatedLambda()
    await createFunction('f', async () => 'ok')
    const asPartner = new LambdaClient({
      region: sim.region,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
      requestHandler: simulatedRequestHandler(sim, { caller: { principal: 'arn:aws:iam::111122223333:role/partner' } }),
    })
    const error = await rejection(asPartner.send(new InvokeCommand({ FunctionName: 'f' })))
    expect(error.name).toBe('AccessDeniedException')
    expect(error.message).toMatch(/^User: arn:aws:iam::111122223333:role\/partner is not authorized/)
    // Control-plane calls are not checked against resource policies (see docs/deviations.md).
    expect((await asPartner.send(new GetFunctionConfigurationCommand({ FunctionName: 'f' }))).FunctionName).toBe('f')
  })
})
