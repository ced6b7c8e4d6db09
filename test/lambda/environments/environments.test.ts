import { describe, it, expect } from 'vitest'
import { createSimulation, type SimulationOptions } from '../../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)
const MIN = 60_000

function sim(options: SimulationOptions = {}) {
  return createSimulation({ seed: 9, recordEvents: true, ...options })
}

/** A function whose handler reports which environment (by init order) served it. */
function counting(s: ReturnType<typeof sim>, functionName = 'f') {
  const state = { inits: 0 }
  s.createFunction({
    functionName,
    code: {
      init: () => {
        const id = ++state.inits
        return async () => id
      },
    },
  })
  return state
}

function reclaims(s: ReturnType<typeof sim>) {
  const out: string[] = []
  s.on('environment.reclaimed', (e) => out.push(`${e.reason}@${(e.atMs - T0) / MIN}m`))
  return out
}

describe('lambda/environments', () => {
  it('idle reclaim - an environment idle for 10 min (default) is reclaimed; the next invoke is cold', async () => {
    const s = sim()
    const state = counting(s)
    const reclaimed = reclaims(s)
    await s.invoke({ functionName: 'f' })
    await s.advance('9m')
    expect(reclaimed).toEqual([])
    expect(s.environments('f')).toHaveLength(1)
    await s.advance('2m')
    expect(reclaimed).toEqual(['idle@10m'])
    expect(s.environments('f')).toHaveLength(0)
    const r = await s.invoke({ functionName: 'f' })
    expect(r.payload).toBe(2)
    expect(state.inits).toBe(2)
    const cold = s.events().filter((e) => e.type === 'invocation.started').map((e) => (e as { coldStart: boolean }).coldStart)
    expect(cold).toEqual([true, true])
  })

  it('idle reclaim - each use restarts the idle clock', async () => {
    const s = sim()
    const state = counting(s)
    const reclaimed = reclaims(s)
    await s.invoke({ functionName: 'f' })
    await s.advance('8m')
    await s.invoke({ functionName: 'f' })
    await s.advance('8m')
    expect(reclaimed).toEqual([])
    expect((await s.invoke({ functionName: 'f' })).payload).toBe(1)
    expect(state.inits).toBe(1)
    await s.advance('11m')
    expect(reclaimed).toEqual(['idle@26m'])
  })

  it('idle reclaim - the reclaimed event counts the invocations the environment served', async () => {
    const s = sim()
    counting(s)
    const counts: number[] = []
    s.on('environment.reclaimed', (e) => counts.push(e.invocationCount))
    for (let i = 0; i < 3; i++) await s.invoke({ functionName: 'f' })
    await s.advance('11m')
    expect(counts).toEqual([3])
  })

  it('idle reclaim - reclaim is background work: runUntilIdle does not wait for it', async () => {
    const s = sim()
    counting(s)
    await s.invoke({ functionName: 'f' })
    await s.runUntilIdle()
    expect(s.nowMs).toBe(T0)
    expect(s.environments('f')).toHaveLength(1)
  })

  it("idle reclaim - custom idleTimeout '1m'", async () => {
    const s = sim({ environments: { idleTimeout: '1m' } })
    const state = counting(s)
    const reclaimed = reclaims(s)
    await s.invoke({ functionName: 'f' })
    await s.advance('59s')
    expect(reclaimed).toEqual([])
    await s.advance('1s')
    expect(reclaimed).toEqual(['idle@1m'])
    await s.invoke({ functionName: 'f' })
    expect(state.inits).toBe(2)
  })

  it("idle reclaim - idleTimeout 'never' keeps environments forever", async () => {
    const s = sim({ environments: { idleTimeout: 'never', maxLifetime: 'never' } })
    const state = counting(s)
    const reclaimed = reclaims(s)
    await s.invoke({ functionName: 'f' })
    await s.advance('48h')
    expect(reclaimed).toEqual([])
    expect((await s.invoke({ functionName: 'f' })).payload).toBe(1)
    expect(state.inits).toBe(1)
  })

  it('max lifetime - an environment older than 2 h is retired even when used continuously', async () => {
    const s = sim()
    const state = counting(s)
    const reclaimed = reclaims(s)
    const served: unknown[] = []
    for (let minute = 0; minute <= 125; minute += 5) {
      served.push((await s.invoke({ functionName: 'f' })).payload)
      await s.advance('5m')
    }
    expect(reclaimed).toEqual(['max-lifetime@120m'])
    expect(state.inits).toBe(2)
    // Invocations at 0..115 min ran on env 1, from 120 min on env 2.
    expect(served.filter((id) => id === 1)).toHaveLength(24)
    expect(served.filter((id) => id === 2)).toHaveLength(2)
  })

  it('max lifetime - an environment busy at its lifetime retires when its invocation ends', async () => {
    const s = sim({ environments: { maxLifetime: '1m' } })
    const reclaimed = reclaims(s)
    s.createFunction({ functionName: 'long', timeout: 120, code: async (_e: unknown, c: any) => c.sleep(90_000) })
    await s.invoke({ functionName: 'long' })
    expect(reclaimed).toEqual(['max-lifetime@1.5m'])
    expect(s.environments('long')).toHaveLength(0)
  })

  it("max lifetime - custom maxLifetime '30m' with idleTimeout 'never'", async () => {
    const s = sim({ environments: { idleTimeout: 'never', maxLifetime: '30m' } })
    counting(s)
    const reclaimed = reclaims(s)
    await s.invoke({ functionName: 'f' })
    await s.advance('29m')
    expect(reclaimed).toEqual([])
    await s.advance('1m')
    expect(reclaimed).toEqual(['max-lifetime@30m'])
  })

  it('reuse - the most recently used idle environment serves next; surplus ones age out', async () => {
    const s = sim({ environments: { idleTimeout: '10m' } })
    const reclaimed = reclaims(s)
    let inits = 0
    s.createFunction({
      functionName: 'f',
      code: {
        init: () => {
          const id = ++inits
          return async (event: { ms: number }, c: any) => {
            await c.sleep(event.ms)
            return id
          }
        },
      },
    })
    const burst = await Promise.all([10, 20, 30].map((ms) => s.invoke({ functionName: 'f', payload: { ms } })))
    expect(burst.map((r) => r.payload)).toEqual([1, 2, 3])
    // Steady trickle: always env 3 (the last released), so 1 and 2 are reclaimed after 10 min idle.
    const trickle: unknown[] = []
    for (let i = 0; i < 4; i++) {
      await s.advance('4m')
      trickle.push((await s.invoke({ functionName: 'f', payload: { ms: 1 } })).payload)
    }
    expect(trickle).toEqual([3, 3, 3, 3])
    expect(reclaimed).toHaveLength(2)
    expect(s.environments('f').map((e) => e.invocationCount)).toEqual([5])
  })

  it('environments() - describes live environments', async () => {
    const s = sim()
    counting(s)
    await s.invoke({ functionName: 'f' })
    await s.advance('1s')
    await s.invoke({ functionName: 'f' })
    const [env] = s.environments('f')
    expect(env).toMatchObject({
      functionName: 'f',
      version: '$LATEST',
      state: 'idle',
      initialized: true,
      createdAtMs: T0,
      lastUsedAtMs: T0 + 1000,
      invocationCount: 2,
    })
    expect(env!.environmentId).toMatch(/^[0-9a-f]{32}$/)
    expect(env!.logStreamName).toBe(`2024/01/01/[$LATEST]${env!.environmentId}`)
  })

  it('function update - idle environments are retired and the next invoke is cold with the new code', async () => {
    const s = sim()
    const reclaimed = reclaims(s)
    s.createFunction({ functionName: 'f', code: async () => 'v1' })
    await s.invoke({ functionName: 'f' })
    s.updateFunctionCode({ functionName: 'f', code: async () => 'v2' })
    expect(reclaimed).toEqual(['function-updated@0m'])
    const r = await s.invoke({ functionName: 'f' })
    expect(r.payload).toBe('v2')
  })
})
