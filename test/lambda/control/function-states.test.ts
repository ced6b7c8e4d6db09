import { describe, expect, it } from 'vitest'
import { createSimulation, type LambdaError } from '../../../src/index.js'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function'

function thrown(action: () => unknown): LambdaError {
  try {
    action()
  } catch (error) {
    return error as LambdaError
  }
  throw new Error('expected the call to throw')
}

const NOT_READY = 'The operation cannot be performed at this time. The function is currently in the following state: Pending'
const IN_PROGRESS = `The operation cannot be performed at this time. An update is in progress for resource: ${ARN}:f`

describe('lambda/control/function-states', () => {
  it('off by default: a new function is Active and an update Successful when the call returns', async () => {
    const sim = createSimulation({ seed: 1 })
    const created = sim.createFunction({ functionName: 'f', code: async () => 'ok' })
    expect(created).toMatchObject({ state: 'Active', lastUpdateStatus: 'Successful' })
    expect(created).not.toHaveProperty('stateReason')
    const updated = sim.updateFunctionConfiguration({ functionName: 'f', timeout: 10 })
    expect(updated).toMatchObject({ state: 'Active', lastUpdateStatus: 'Successful' })
    expect(sim.updateFunctionConfiguration({ functionName: 'f', timeout: 11 }).timeout).toBe(11)
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('ok')
  })

  it('CreateFunction answers Pending (Creating); Active 1 s later by default, with a new RevisionId', async () => {
    const sim = createSimulation({ seed: 1, functionStates: true })
    const created = sim.createFunction({ functionName: 'f', code: async () => 'ok' })
    expect(created).toMatchObject({ state: 'Pending', stateReason: 'The function is being created.', stateReasonCode: 'Creating' })
    // AWS sets LastUpdateStatus only once creation completes.
    expect(created).not.toHaveProperty('lastUpdateStatus')
    await sim.advance(999)
    expect(sim.getFunctionConfiguration({ functionName: 'f' }).state).toBe('Pending')
    await sim.advance(1)
    const active = sim.getFunction({ functionName: 'f' }).configuration
    expect(active).toMatchObject({ state: 'Active', lastUpdateStatus: 'Successful' })
    expect(active).not.toHaveProperty('stateReason')
    expect(active).not.toHaveProperty('stateReasonCode')
    expect(active.revisionId).not.toBe(created.revisionId)
    expect(active.codeSha256).toBe(created.codeSha256)
  })

  it('a Pending function refuses Invoke (sync and Event), updates and PublishVersion with ResourceConflictException', async () => {
    const sim = createSimulation({ seed: 1, functionStates: true })
    sim.createFunction({ functionName: 'f', code: async () => 'ok' })
    for (const invocationType of ['RequestResponse', 'Event'] as const) {
      const refused = await sim.invoke({ functionName: 'f', invocationType })
      expect(refused.error).toMatchObject({ name: 'ResourceConflictException', message: NOT_READY, statusCode: 409 })
    }
    expect(thrown(() => sim.updateFunctionConfiguration({ functionName: 'f', timeout: 5 }))).toMatchObject({ name: 'ResourceConflictException', message: NOT_READY })
    expect(thrown(() => sim.updateFunctionCode({ functionName: 'f', code: async () => 'new' }))).toMatchObject({ name: 'ResourceConflictException', message: NOT_READY })
    expect(thrown(() => sim.publishVersion({ functionName: 'f' }))).toMatchObject({ name: 'ResourceConflictException', message: NOT_READY })
    // Reads answer truthfully meanwhile.
    expect(sim.listFunctions().functions.map((f) => f.state)).toEqual(['Pending'])
    await sim.advance('1s')
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('ok')
  })

  it('an update answers InProgress; a second update or PublishVersion meanwhile is a conflict naming the function ARN; Successful after the delay', async () => {
    const sim = createSimulation({ seed: 1, functionStates: { creation: 0, update: '3s' } })
    expect(sim.createFunction({ functionName: 'f', code: async () => 'ok' }).state).toBe('Active')
    const updating = sim.updateFunctionConfiguration({ functionName: 'f', timeout: 10 })
    expect(updating).toMatchObject({
      state: 'Active',
      lastUpdateStatus: 'InProgress',
      lastUpdateStatusReason: 'The function is being created.',
      lastUpdateStatusReasonCode: 'Creating',
      timeout: 10,
    })
    expect(thrown(() => sim.updateFunctionCode({ functionName: 'f', code: async () => 'new' }))).toMatchObject({ name: 'ResourceConflictException', message: IN_PROGRESS })
    expect(thrown(() => sim.updateFunctionConfiguration({ functionName: `${ARN}:f`, timeout: 3 }))).toMatchObject({ message: IN_PROGRESS })
    expect(thrown(() => sim.publishVersion({ functionName: 'f' }))).toMatchObject({ name: 'ResourceConflictException', message: IN_PROGRESS })
    // An active function still runs while its update is in progress.
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('ok')
    await sim.advance('3s')
    const done = sim.getFunctionConfiguration({ functionName: 'f' })
    expect(done).toMatchObject({ state: 'Active', lastUpdateStatus: 'Successful', timeout: 10 })
    expect(done).not.toHaveProperty('lastUpdateStatusReason')
    expect(done.revisionId).not.toBe(updating.revisionId)
    expect(sim.publishVersion({ functionName: 'f' }).version).toBe('1')
  })

  it('while an update is InProgress, invocations run the code and configuration from before it (in their warm environment)', async () => {
    const sim = createSimulation({ seed: 1, functionStates: { creation: 0, update: '2s' } })
    sim.createFunction({ functionName: 'f', code: async () => 'v1', environment: { variables: { STAGE: 'one' } } })
    sim.createAlias({ functionName: 'f', name: 'live', functionVersion: '$LATEST' })
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('v1')
    const updated = sim.updateFunctionCode({ functionName: 'f', code: async () => 'v2' })
    expect(updated.lastUpdateStatus).toBe('InProgress')
    // GetFunction shows the new code; invocations (directly or through an alias on $LATEST) run the old one.
    expect(sim.getFunctionConfiguration({ functionName: 'f' }).codeSha256).toBe(updated.codeSha256)
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('v1')
    expect((await sim.invoke({ functionName: 'f', qualifier: 'live' })).payload).toBe('v1')
    expect(sim.environments('f').filter((e) => e.state !== 'gone')).toHaveLength(1)
    await sim.advance('2s')
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('v2')
    // The old environment was retired when the update applied.
    const live = sim.environments('f').filter((e) => e.state !== 'gone')
    expect(live).toHaveLength(1)
    expect(live[0]?.invocationCount).toBe(1)
  })

  it('runUntilIdle settles pending transitions; a function deleted meanwhile stays deleted', async () => {
    const sim = createSimulation({ seed: 1, functionStates: true })
    sim.createFunction({ functionName: 'f', code: async () => 'ok' })
    sim.createFunction({ functionName: 'gone', code: async () => 'ok' })
    sim.deleteFunction({ functionName: 'gone' })
    await sim.runUntilIdle()
    expect(sim.getFunctionConfiguration({ functionName: 'f' }).state).toBe('Active')
    expect(sim.listFunctions().functions.map((f) => f.functionName)).toEqual(['f'])
  })

  it('CreateFunction with publish: the version is Pending too, and turns Active with $LATEST', async () => {
    const sim = createSimulation({ seed: 1, functionStates: true })
    const version = sim.createFunction({ functionName: 'f', code: async () => 'ok', publish: true })
    expect(version).toMatchObject({ version: '1', state: 'Pending' })
    expect((await sim.invoke({ functionName: 'f', qualifier: '1' })).error?.message).toBe(NOT_READY)
    await sim.advance('1s')
    expect(sim.getFunctionConfiguration({ functionName: 'f', qualifier: '1' }).state).toBe('Active')
    expect((await sim.invoke({ functionName: 'f', qualifier: '1' })).payload).toBe('ok')
  })

  it('the same seed gives the same revision ids through the transitions', async () => {
    const run = async (): Promise<string[]> => {
      const sim = createSimulation({ seed: 7, functionStates: true })
      const ids = [sim.createFunction({ functionName: 'f', code: async () => 1 }).revisionId]
      await sim.advance('1s')
      ids.push(sim.updateFunctionCode({ functionName: 'f', code: async () => 2 }).revisionId)
      await sim.advance('1s')
      ids.push(sim.getFunctionConfiguration({ functionName: 'f' }).revisionId)
      return ids
    }
    const first = await run()
    expect(new Set(first).size).toBe(3)
    expect(await run()).toEqual(first)
  })

  it('options: functionStates durations are validated', () => {
    expect(() => createSimulation({ functionStates: { creation: 'soon' } })).toThrow(/functionStates\.creation/)
  })
})
