import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/index.js'

// Work a handler did not await (issue 14): an async handler's settlement is its response; what is
// still pending freezes with the environment and resumes only in its next invocation; a killed or
// reclaimed environment's pending work never runs again, and nothing is ever rejected into it.

describe('runtime/pending-work', () => {
  let unhandled: unknown[] = []
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason)
  }
  beforeEach(() => {
    unhandled = []
    process.on('unhandledRejection', onUnhandled)
  })
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled)
  })

  /** Lets the real event loop turn a few times, so an unhandled rejection would be reported. */
  const realTurns = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve))
  }

  it('issue-19 - a sleep left behind in the dispatch that called the handler, another after an await: the settlement still answers before time moves', async () => {
    // The first wait is made while the loop dispatches (its flush may resume the loop itself), the
    // second from a microtask before that flush runs: the loop must then wait one more microtask
    // for the handler's return to reach the runtime.
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({
      functionName: 'f',
      code: async (_e: unknown, context: any) => {
        void context.sleep(50)
        await Promise.resolve()
        void context.sleep(100)
        return 'ok'
      },
    })
    const durations: number[] = []
    sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1000, duration: 3 }, onResult: (r) => durations.push(r.durationMs as number) })
    await sim.runUntilIdle()
    expect(durations).toEqual([0, 0, 0])
  })

  it('async handler - the response is its settlement: a fire-and-forget sleep does not delay it, and its .then does not run', async () => {
    const sim = createSimulation({ seed: 1 })
    const seen: string[] = []
    sim.createFunction({
      functionName: 'f',
      code: async (_e: unknown, context: any) => {
        void context.sleep(200).then(() => seen.push('later'))
        return 'ok'
      },
    })
    const t0 = sim.nowMs
    const r = await sim.invoke({ functionName: 'f' })
    expect(r.payload).toBe('ok')
    expect(sim.nowMs - t0).toBe(0)
    await sim.runUntilIdle()
    await sim.advance('5m')
    expect(seen).toEqual([])
    expect(sim.environments('f')[0]?.state).toBe('idle')
  })

  it('async handler - the same after an await, on nodejs24.x too', async () => {
    const sim = createSimulation({ seed: 1 })
    for (const runtime of ['nodejs22.x', 'nodejs24.x'] as const) {
      sim.createFunction({
        functionName: `f-${runtime.slice(6, 8)}`,
        runtime,
        code: async (_e: unknown, context: any) => {
          await context.sleep(10)
          void context.sleep(500)
          return 'ok'
        },
      })
      const t0 = sim.nowMs
      const r = await sim.invoke({ functionName: `f-${runtime.slice(6, 8)}` })
      expect(r.payload).toBe('ok')
      expect(sim.nowMs - t0).toBe(10)
    }
  })

  it('timeout 1 s, an unawaited 5 s sleep with a catch - succeeds at once; the catch never runs', async () => {
    const sim = createSimulation({ seed: 1 })
    const caught: string[] = []
    sim.createFunction({
      functionName: 'g',
      timeout: 1,
      code: async (_e: unknown, context: any) => {
        context.sleep(5000).catch((e: Error) => caught.push(e.name))
        return 'ok'
      },
    })
    const t0 = sim.nowMs
    const r = await sim.invoke({ functionName: 'g' })
    expect(r.payload).toBe('ok')
    expect(r.functionError).toBeUndefined()
    expect(sim.nowMs - t0).toBe(0)
    await sim.advance('1h')
    expect(caught).toEqual([])
  })

  it('freeze/thaw - pending work resumes in the next invocation of the same environment, with its remaining time, and logs into it', async () => {
    const sim = createSimulation({ seed: 2 })
    const trace: string[] = []
    sim.createFunction({
      functionName: 'bg',
      code: async (event: { n: number }, context: any) => {
        if (event.n === 1) {
          void context.sleep(300).then(() => {
            trace.push(`resumed@${sim.nowMs - t0}`)
            console.log('background done')
            context.log('via the first context')
          })
          await context.sleep(100)
          return 'first'
        }
        await context.sleep(event.n === 2 ? 50 : 1000)
        return `call ${event.n}`
      },
    })
    const t0 = sim.nowMs
    const first = await sim.invoke({ functionName: 'bg', payload: { n: 1 } })
    expect(first.payload).toBe('first')
    expect(sim.nowMs - t0).toBe(100)
    // Frozen with 200 ms left: idle time does not count.
    await sim.advance('1m')
    expect(trace).toEqual([])
    const second = await sim.invoke({ functionName: 'bg', payload: { n: 2 } })
    expect(second.payload).toBe('call 2')
    // The second invocation took 50 ms: the background work (200 ms left) is still pending, frozen again.
    expect(trace).toEqual([])
    const thirdStart = sim.nowMs - t0
    const third = await sim.invoke({ functionName: 'bg', payload: { n: 3 } })
    expect(third.payload).toBe('call 3')
    expect(trace).toEqual([`resumed@${thirdStart + 150}`])
    // Its lines carry the request id of the invocation running when it resumed (console lines too,
    // where the console is captured).
    const lines = sim.logs.events({ logGroupName: '/aws/lambda/bg' }).map((e) => e.message)
    const viaContext = lines.filter((line) => line.includes('via the first context'))
    expect(viaContext).toHaveLength(1)
    const backgroundLines = lines.filter((line) => line.includes('background done') || line.includes('via the first context'))
    for (const line of backgroundLines) expect(line).toContain(third.requestId)
  })

  it('freeze/thaw - a chain of fire-and-forget work keeps resuming in later invocations (new waits join the running one)', async () => {
    const sim = createSimulation({ seed: 3 })
    const trace: string[] = []
    sim.createFunction({
      functionName: 'chain',
      code: async (event: { start?: boolean }, context: any) => {
        if (event.start) {
          void (async () => {
            await context.sleep(100)
            trace.push('step 1')
            await context.sleep(100)
            trace.push('step 2')
          })()
          return 'started'
        }
        await context.sleep(150)
        return 'worked'
      },
    })
    expect((await sim.invoke({ functionName: 'chain', payload: { start: true } })).payload).toBe('started')
    await sim.invoke({ functionName: 'chain', payload: {} })
    expect(trace).toEqual(['step 1'])
    await sim.invoke({ functionName: 'chain', payload: {} })
    expect(trace).toEqual(['step 1', 'step 2'])
  })

  it('never resumes after a reset (a timeout elsewhere in the environment), an idle reclaim or an update', async () => {
    const sim = createSimulation({ seed: 4, environments: { idleTimeout: '10m' } })
    const resumed: string[] = []
    sim.createFunction({
      functionName: 'fn',
      timeout: 1,
      code: async (event: { mode: string; tag?: string }, context: any) => {
        if (event.mode === 'leave') {
          void context.sleep(event.tag === 'reset' ? 1500 : 500).then(
            () => resumed.push(event.tag ?? ''),
            () => resumed.push(`rejected ${event.tag}`),
          )
          return 'left'
        }
        if (event.mode === 'hang') await context.sleep(5000)
        await context.sleep(800)
        return 'used'
      },
    })
    // Reset: the next invocation times out before the thawed work (1.5 s left) is due; it is dropped.
    await sim.invoke({ functionName: 'fn', payload: { mode: 'leave', tag: 'reset' } })
    expect((await sim.invoke({ functionName: 'fn', payload: { mode: 'hang' } })).payload).toMatchObject({ errorType: 'Sandbox.Timedout' })
    await sim.invoke({ functionName: 'fn', payload: { mode: 'use' } })
    // Idle reclaim.
    await sim.invoke({ functionName: 'fn', payload: { mode: 'leave', tag: 'idle' } })
    await sim.advance('11m')
    expect(sim.environments('fn')).toHaveLength(0)
    await sim.invoke({ functionName: 'fn', payload: { mode: 'use' } })
    // Update.
    await sim.invoke({ functionName: 'fn', payload: { mode: 'leave', tag: 'update' } })
    sim.updateFunctionConfiguration({ functionName: 'fn', memorySize: 256 })
    await sim.invoke({ functionName: 'fn', payload: { mode: 'use' } })
    await sim.advance('1h')
    expect(resumed).toEqual([])
    await realTurns()
    expect(unhandled).toEqual([])
  })

  it('timeout - pending waits are dropped, never rejected: no unhandledRejection, no catch/finally, for sync and async invokes', async () => {
    const sim = createSimulation({ seed: 5 })
    const ran: string[] = []
    sim.createFunction({
      functionName: 'slow',
      timeout: 1,
      code: async (_e: unknown, context: any) => {
        void context.sleep(30_000) // nobody awaits it: a rejection would be unhandled
        void context.sleep(2_000).finally(() => ran.push('finally'))
        try {
          await context.sleep(10_000)
        } catch {
          ran.push('catch')
        }
        return 'never'
      },
    })
    const r = await sim.invoke({ functionName: 'slow' })
    expect((r.payload as { errorType: string }).errorType).toBe('Sandbox.Timedout')
    const queued = await sim.invoke({ functionName: 'slow', invocationType: 'Event' })
    expect(queued.statusCode).toBe(202)
    await sim.runUntilIdle()
    await sim.advance('2h')
    await realTurns()
    expect(ran).toEqual([])
    expect(unhandled).toEqual([])
  })

  it('crash - context.exit drops the pending work the same way', async () => {
    const sim = createSimulation({ seed: 6 })
    const ran: string[] = []
    sim.createFunction({
      functionName: 'quit',
      code: async (event: { exit: boolean }, context: any) => {
        if (!event.exit) return 'ok'
        void context.sleep(100).then(
          () => ran.push('resolved'),
          () => ran.push('rejected'),
        )
        await context.sleep(10)
        context.exit(1)
      },
    })
    const r = await sim.invoke({ functionName: 'quit', payload: { exit: true } })
    expect((r.payload as { errorType: string }).errorType).toBe('Runtime.ExitError')
    expect((await sim.invoke({ functionName: 'quit', payload: { exit: false } })).payload).toBe('ok')
    await sim.advance('1h')
    await realTurns()
    expect(ran).toEqual([])
    expect(unhandled).toEqual([])
  })

  it('escape detection - a handler parked on a wait that is dropped (timeout) or frozen and never thawed is not an escape', async () => {
    const sim = createSimulation({ seed: 7 })
    sim.createFunction({
      functionName: 'parked',
      timeout: 1,
      code: async (event: { wait: number }, context: any) => {
        await context.sleep(event.wait)
        return 'done'
      },
    })
    sim.createFunction({
      functionName: 'leaves',
      code: async (_e: unknown, context: any) => {
        void (async () => {
          await context.sleep(100)
          await context.sleep(100)
        })()
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'parked', payload: { wait: 5000 } })
    await sim.invoke({ functionName: 'leaves' })
    await expect(sim.runUntilIdle()).resolves.toBeUndefined()
    await expect(sim.advance('20m')).resolves.toBeUndefined()
    expect((await sim.invoke({ functionName: 'parked', payload: { wait: 10 } })).payload).toBe('done')
  })

  it('init - work the module scope leaves pending freezes with the environment and resumes in its first invocation', async () => {
    const sim = createSimulation({ seed: 8 })
    const trace: string[] = []
    sim.createFunction({
      functionName: 'warm',
      code: {
        init: async (init: any) => {
          void init.sleep(40).then(() => trace.push(`warmed@${sim.nowMs - T1}`))
          return async (_e: unknown, context: any) => {
            await context.sleep(100)
            return 'ok'
          }
        },
      },
    })
    const T1 = sim.nowMs
    await sim.invoke({ functionName: 'warm' })
    expect(trace).toEqual(['warmed@40'])
  })

  it('callback-style rules are unchanged: waits for the loop by default, sends at once (and freezes) when told not to wait', async () => {
    const sim = createSimulation({ seed: 9 })
    const trace: string[] = []
    sim.createFunction({
      functionName: 'waits',
      code: (_e: unknown, context: any, callback: any) => {
        void context.sleep(100).then(() => trace.push('waits: ran'))
        callback(null, 'after drain')
      },
    })
    sim.createFunction({
      functionName: 'now',
      code: (_e: unknown, context: any, callback: any) => {
        context.callbackWaitsForEmptyEventLoop = false
        void context.sleep(100).then(() => trace.push('now: ran'))
        callback(null, 'at once')
      },
    })
    sim.createFunction({ functionName: 'never', code: (_e: unknown, context: any) => void context.sleep(30) })
    let t = sim.nowMs
    expect((await sim.invoke({ functionName: 'waits' })).payload).toBe('after drain')
    expect(sim.nowMs - t).toBe(100)
    expect(trace).toEqual(['waits: ran'])
    t = sim.nowMs
    expect((await sim.invoke({ functionName: 'now' })).payload).toBe('at once')
    expect(sim.nowMs - t).toBe(0)
    expect(trace).toEqual(['waits: ran'])
    await sim.invoke({ functionName: 'now' }) // thawed: the first call's work resumes during this one
    await sim.runUntilIdle()
    expect(trace).toEqual(['waits: ran'])
    t = sim.nowMs
    const never = await sim.invoke({ functionName: 'never' })
    expect(never.payload).toBeNull()
    expect(sim.nowMs - t).toBe(30)
  })

  it('determinism - the same seed gives the same event log with frozen, thawed and dropped work', async () => {
    const run = async (): Promise<string> => {
      const sim = createSimulation({ seed: 10, recordEvents: true })
      sim.createFunction({
        functionName: 'mix',
        timeout: 2,
        code: async (event: { i: number }, context: any) => {
          void context.sleep(150 * (event.i % 4)).then(() => context.log(`bg ${event.i}`))
          if (event.i % 5 === 4) await context.sleep(3000)
          await context.sleep(20 + (event.i % 3) * 40)
          return event.i
        },
      })
      const calls: Promise<unknown>[] = []
      for (let i = 0; i < 30; i++) calls.push(sim.invoke({ functionName: 'mix', payload: { i } }))
      await Promise.all(calls)
      for (let i = 30; i < 40; i++) await sim.invoke({ functionName: 'mix', payload: { i } })
      await sim.advance('30m')
      return sim.eventLogText()
    }
    const a = await run()
    const b = await run()
    expect(a).toBe(b)
    expect(a).toContain('bg ')
  })
})
