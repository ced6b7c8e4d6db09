import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { lineCountOf, linesFor, type LineStyle } from '../../src/observability/log-lines.js'
import type { SimEvent } from '../../src/observability/events.js'

const styles: LineStyle[] = [{ format: 'Text' }, { format: 'JSON', systemLogLevel: 'INFO' }, { format: 'JSON', systemLogLevel: 'WARN' }]

describe('log-store', () => {
  it('lineCountOf - agrees with the lines each event renders, in every style', async () => {
    const sim = createSimulation({ seed: 3, recordEvents: true })
    sim.createFunction({
      functionName: 'f',
      code: async (event: { fail?: boolean }, context) => {
        context.log('working')
        if (event.fail === true) throw new Error('boom')
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'f' })
    await sim.invoke({ functionName: 'f', payload: { fail: true } })
    const events: SimEvent[] = sim.events()
    expect(events.length).toBeGreaterThan(5)
    for (const style of styles) for (const event of events) expect(lineCountOf(event, style)).toBe(linesFor(event, style).length)
  })

  it('retention - keeps the newest lines, drops whole events oldest first and counts the dropped lines', async () => {
    const sim = createSimulation({ seed: 3, logRetention: 7 })
    sim.createFunction({ functionName: 'f', code: async () => 'ok' })
    for (let i = 0; i < 4; i++) await sim.invoke({ functionName: 'f' })
    const lines = sim.logs.events().map((e) => e.message.split('\t')[0]?.split(' ')[0])
    // Each warm invocation writes START, END, REPORT: the newest two invocations fit in 7 lines.
    expect(lines.slice(-6)).toEqual(['START', 'END', 'REPORT', 'START', 'END', 'REPORT'])
    expect(lines.length).toBeLessThanOrEqual(7)
    expect(sim.logs.droppedCount + lines.length).toBe(1 + 4 * 3)
  })

  it('retention - whenever read, the kept lines are exactly the newest that fit, as if dropped at every write', async () => {
    const make = (logRetention: number) => {
      const sim = createSimulation({ seed: 9, logRetention })
      sim.createFunction({
        functionName: 'f',
        code: async (event: { i: number }, context) => {
          if (event.i % 3 === 0) context.log('line', event.i)
          if (event.i % 7 === 0) throw new Error('boom')
          await context.sleep(event.i % 5)
        },
      })
      return sim
    }
    const kept = make(200)
    const all = make(1_000_000)
    for (let i = 0; i < 150; i++) {
      await Promise.all([kept.invoke({ functionName: 'f', payload: { i } }), all.invoke({ functionName: 'f', payload: { i } })])
      if (i % 10 !== 9) continue
      const everything = all.logs.text().split('\n')
      const lines = kept.logs.text().split('\n')
      expect(lines).toEqual(everything.slice(everything.length - lines.length))
      expect(kept.logs.droppedCount + lines.length).toBe(everything.length)
      // Dropping one entry (at most END + REPORT, or a start) fewer would not fit.
      expect(lines.length).toBeLessThanOrEqual(200)
      if (everything.length > 200) expect(lines.length).toBeGreaterThan(200 - 3)
    }
  })
})
