import { setTimeout as sleepPromise } from 'node:timers/promises'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

describe('runtime/world/virtual-time', () => {
  it('Date, Date.now, new Date() and performance.now read the virtual clock inside a handler; real outside', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({
      functionName: 'clock',
      code: async (_event: unknown, context) => {
        const p0 = performance.now()
        const a = [Date.now(), new Date().getTime(), Date()]
        await context.sleep(1_500)
        return { a, b: Date.now(), iso: new Date().toISOString(), perf: performance.now() - p0, parsed: new Date('2020-05-05T00:00:00Z').getTime(), isDate: new Date() instanceof Date }
      },
    })
    const result = (await sim.invoke({ functionName: 'clock' })).payload as Record<string, unknown>
    expect(result['a']).toEqual([T0, T0, new Date(T0).toString()])
    expect(result['b']).toBe(T0 + 1_500)
    expect(result['iso']).toBe('2024-01-01T00:00:01.500Z')
    expect(result['perf']).toBe(1_500)
    expect(result['parsed']).toBe(Date.UTC(2020, 4, 5))
    expect(result['isDate']).toBe(true)
    // Outside handlers: real time (a date well after the simulation's 2024 start).
    expect(Date.now()).toBeGreaterThan(Date.UTC(2025, 0, 1))
    expect(new Date().getFullYear()).toBeGreaterThanOrEqual(2025)
  })

  it('setTimeout, setInterval, setImmediate and their clears are kernel timers on virtual time', async () => {
    const sim = createSimulation({ seed: 2 })
    sim.createFunction({
      functionName: 'timers',
      timeout: 60,
      code: async () => {
        const seen: string[] = []
        const stamp = (what: string) => seen.push(`${what}@${Date.now() - T0}`)
        await new Promise((resolve) => setTimeout(resolve, 1_000))
        stamp('timeout')
        const cancelled = setTimeout(() => stamp('never'), 10)
        clearTimeout(cancelled)
        let ticks = 0
        await new Promise<void>((resolve) => {
          const interval = setInterval(() => {
            stamp('tick')
            if (++ticks === 3) {
              clearInterval(interval)
              resolve()
            }
          }, 250)
        })
        await new Promise((resolve) => setImmediate(resolve))
        stamp('immediate')
        await sleepPromise(2_000)
        stamp('timers/promises')
        await promisify(setTimeout)(500)
        stamp('promisify')
        return seen
      },
    })
    const started = performance.now()
    const result = await sim.invoke({ functionName: 'timers' })
    expect(result.payload).toEqual(['timeout@1000', 'tick@1250', 'tick@1500', 'tick@1750', 'immediate@1751', 'timers/promises@3751', 'promisify@4251'])
    // Hours of timers would take milliseconds: this one took well under a real second.
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('a timer longer than the function’s timeout: the invocation times out on virtual time, not real time', async () => {
    const sim = createSimulation({ seed: 3 })
    sim.createFunction({ functionName: 'late', timeout: 2, code: async () => new Promise((resolve) => setTimeout(() => resolve('late'), 60_000)) })
    const result = await sim.invoke({ functionName: 'late' })
    expect(result.functionError).toBe('Unhandled')
    expect(JSON.parse(result.payloadJson ?? '{}')).toMatchObject({ errorType: 'Sandbox.Timedout' })
    expect(sim.nowMs).toBe(T0 + 2_000)
  })

  it('an exception thrown in a timer callback crashes the runtime: Runtime.ExitError (exit status 129) and an Uncaught Exception line', async () => {
    const sim = createSimulation({ seed: 4 })
    sim.createFunction({
      functionName: 'boom',
      code: async () =>
        new Promise(() => {
          setTimeout(() => {
            throw new TypeError('bad timer')
          }, 100)
        }),
    })
    const result = await sim.invoke({ functionName: 'boom' })
    expect(JSON.parse(result.payloadJson ?? '{}')).toMatchObject({ errorType: 'Runtime.ExitError' })
    expect(JSON.parse(result.payloadJson ?? '{}').errorMessage).toContain('exit status 129')
    expect(sim.logs.text()).toMatch(/ERROR\tUncaught Exception \t\{"errorType":"TypeError","errorMessage":"bad timer"/)
  })

  it('the same seed gives the same event log with timers racing sleeps', async () => {
    const run = async () => {
      const sim = createSimulation({ seed: 'timers', recordEvents: true })
      sim.createFunction({
        functionName: 'race',
        code: async (event: { n: number }, context) => {
          const winner = await Promise.race([
            new Promise((resolve) => setTimeout(() => resolve('timer'), 100 + event.n * 7)),
            context.sleep(130).then(() => 'sleep'),
          ])
          return { winner, at: Date.now() }
        },
      })
      await Promise.all([0, 1, 2, 3, 4, 5, 6].map((n) => sim.invoke({ functionName: 'race', payload: { n } })))
      return sim.eventLogText()
    }
    const first = await run()
    expect(await run()).toBe(first)
    expect(first).toContain('invocation.completed')
  })

  it('handlerWorld: false - handlers see the real clock', async () => {
    const sim = createSimulation({ seed: 5, handlerWorld: false })
    sim.createFunction({ functionName: 'real', code: async () => Date.now() })
    const result = await sim.invoke({ functionName: 'real' })
    expect(result.payload as number).toBeGreaterThan(Date.UTC(2025, 0, 1))
  })
})
