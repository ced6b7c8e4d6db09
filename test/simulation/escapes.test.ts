import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError } from '../../src/index.js'

describe('escapes', () => {
  it('invoke - a handler starting real file I/O fails loudly, naming function, request id, what it started, seed and the fix', async () => {
    const sim = createSimulation({ seed: 11, recordEvents: true })
    sim.createFunction({ functionName: 'sleepy', code: async () => (await readFile(__filename, 'utf8')).length })
    const error = await sim.invoke({ functionName: 'sleepy' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SimulationError)
    const e = error as SimulationError
    const requestId = sim.events().find((x) => x.type === 'invocation.started')
    expect(e.code).toBe('handler-escaped')
    expect(e.message).toContain('function "sleepy"')
    expect(e.message).toContain('started file I/O')
    expect(requestId?.type === 'invocation.started' && e.message.includes(requestId.requestId)).toBe(true)
    expect(e.message).toContain('context.sleep(ms)')
    expect(e.message).toContain('context.external(promise)')
    expect(e.message).toContain('replay: seed=11')
    // Nothing is lost: the invocation itself ended with a recorded outcome.
    const completed = sim.events().filter((x) => x.type === 'invocation.completed')
    expect(completed).toHaveLength(1)
  })

  it('invoke - the verdict on real I/O is the same in every run, however fast the real world answers', async () => {
    const verdicts = new Set<string>()
    for (let run = 0; run < 30; run++) {
      const sim = createSimulation({ seed: 17, onEscape: 'fail-invocation' })
      sim.createFunction({ functionName: 'io', code: async () => (await readFile(__filename)).length })
      const result = await sim.invoke({ functionName: 'io' })
      verdicts.add(`${result.functionError}:${(result.payload as { errorType?: string }).errorType}`)
    }
    expect([...verdicts]).toEqual(['Unhandled:Runtime.NodeJsExit'])
  })

  it('invoke - setTimeout inside a handler is virtual, not an escape', async () => {
    const sim = createSimulation({ seed: 18 })
    sim.createFunction({ functionName: 'waits', code: async () => new Promise((resolve) => setTimeout(() => resolve('done'), 100)) })
    const start = sim.nowMs
    expect((await sim.invoke({ functionName: 'waits' })).payload).toBe('done')
    expect(sim.nowMs - start).toBe(100)
  })

  it('invoke - a promise that never settles gets the same diagnostic instead of a hang', async () => {
    const sim = createSimulation({ seed: 12 })
    sim.createFunction({ functionName: 'stuck', code: async () => new Promise(() => {}) })
    await expect(sim.invoke({ functionName: 'stuck' })).rejects.toMatchObject({ code: 'handler-escaped' })
    // The simulation stays usable afterwards.
    sim.createFunction({ functionName: 'fine', code: async () => 'ok' })
    await expect(sim.invoke({ functionName: 'fine' })).resolves.toMatchObject({ payload: 'ok' })
  })

  it("onEscape 'fail-invocation' - the invocation fails with Runtime.NodeJsExit, as Lambda reports a never-settled promise", async () => {
    const sim = createSimulation({ seed: 13, onEscape: 'fail-invocation' })
    sim.createFunction({ functionName: 'stuck', code: async () => new Promise(() => {}) })
    const result = await sim.invoke({ functionName: 'stuck' })
    expect(result.functionError).toBe('Unhandled')
    expect(result.payload).toMatchObject({
      errorType: 'Runtime.NodeJsExit',
      errorMessage:
        'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    })
  })

  it('init - init code starting real I/O is reported with phase init', async () => {
    const sim = createSimulation({ seed: 14 })
    sim.createFunction({
      functionName: 'slow-init',
      code: { init: async () => { await readFile(__filename); return async () => 'never' } },
    })
    await expect(sim.invoke({ functionName: 'slow-init' })).rejects.toThrow(/The init code of function "slow-init"/)
  })

  it('external - real I/O admitted through context.external freezes virtual time while it runs', async () => {
    const sim = createSimulation({ seed: 15 })
    sim.createFunction({
      functionName: 'io',
      code: async (_event: unknown, context: { external<T>(p: Promise<T>): Promise<T>; sleep(ms: number): Promise<void> }) => {
        await context.sleep(10)
        const body = await context.external(readFile(__filename, 'utf8').then((text) => (text.includes('real I/O') ? 'real data' : 'unexpected')))
        await context.sleep(10)
        return body
      },
    })
    const start = sim.nowMs
    const result = await sim.invoke({ functionName: 'io' })
    expect(result.payload).toBe('real data')
    expect(sim.nowMs - start).toBe(20)
  })

  it('hostile handler - throws a non-Error, returns a circular object: clear outcomes, no crash', async () => {
    const sim = createSimulation({ seed: 16 })
    sim.createFunction({ functionName: 'thrower', code: async () => { throw { weird: true } } })
    sim.createFunction({ functionName: 'circular', code: async () => { const o: Record<string, unknown> = {}; o['self'] = o; return o } })
    const thrown = await sim.invoke({ functionName: 'thrower' })
    expect(thrown.payload).toEqual({ errorType: 'object', errorMessage: '[object Object]', trace: [] })
    const circular = await sim.invoke({ functionName: 'circular' })
    expect(circular.functionError).toBe('Unhandled')
    expect(circular.payload).toMatchObject({ errorType: 'Error', errorMessage: 'Unable to stringify response body' })
  })
})

describe('settings snapshot', () => {
  it('updateFunctionConfiguration - an invocation already running keeps the settings it started with', async () => {
    const sim = createSimulation({ seed: 21, recordEvents: true })
    sim.createFunction({
      functionName: 'f',
      memorySize: 128,
      code: async (_e: unknown, c: { sleep(ms: number): Promise<void>; memoryLimitInMB: string }) => {
        await c.sleep(100)
        return c.memoryLimitInMB
      },
    })
    const running = sim.invoke({ functionName: 'f' })
    await sim.advance(50)
    sim.updateFunctionConfiguration({ functionName: 'f', memorySize: 1024 })
    expect((await running).payload).toBe('128')
    const completed = sim.events().find((e) => e.type === 'invocation.completed')
    expect(completed?.type === 'invocation.completed' && completed.memorySizeMB).toBe(128)
  })

  it('lookup - an ARN of another Region or account is not found', async () => {
    const sim = createSimulation({ seed: 22 })
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    // AWS's text for another Region (a ResourceNotFoundException).
    expect(() => sim.getFunction({ functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:f' })).toThrow(
      "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
    )
    expect(() => sim.getFunction({ functionName: '999999999999:function:f' })).toThrow(/Function not found/)
    expect(sim.getFunction({ functionName: 'arn:aws:lambda:us-east-1:123456789012:function:f' }).configuration.functionName).toBe('f')
  })
})
