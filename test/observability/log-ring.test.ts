import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { linesFor, type LineStyle } from '../../src/observability/log-lines.js'
import type { SimEvent } from '../../src/observability/events.js'
import { LogRing, type StreamRef } from '../../src/observability/log-ring.js'
import type { InvocationFacts } from '../../src/observability/invocation-facts.js'
import { createIdFactory } from '../../src/kernel/ids.js'
import { Prng } from '../../src/kernel/prng.js'
import { RequestId } from '../../src/kernel/request-id.js'

/**
 * The log store keeps ordinary invocations as columns and renders START / END / REPORT when read.
 * These tests check the rendering against the lines the recorded events give directly.
 */
function expectedLines(events: readonly SimEvent[], style: LineStyle): string[] {
  const kinds = new Set(['environment.initStarted', 'log.line', 'invocation.started', 'invocation.completed', 'environment.initialized'])
  return events.filter((e) => kinds.has(e.type)).flatMap((e) => linesFor(e, style))
}

describe('log-ring', () => {
  it('Text: the stored lines are exactly the lines of the recorded events, cold and warm, success and error, in write order', async () => {
    const sim = createSimulation({ seed: 11, recordEvents: true })
    sim.createFunction({
      functionName: 'f',
      model: { initDurationMs: 120.5, memoryUsedMB: { dist: 'uniform', min: 60, max: 90 } },
      code: async (event: { fail?: boolean; wait?: number }, context) => {
        context.log('working', event)
        await context.sleep(event.wait ?? 5)
        if (event.fail === true) throw new Error('boom')
        return 'ok'
      },
    })
    sim.createFunction({ functionName: 'g', code: async () => 'g' })
    await Promise.all([
      sim.invoke({ functionName: 'f', payload: { wait: 30 } }),
      sim.invoke({ functionName: 'f', payload: { fail: true } }),
      sim.invoke({ functionName: 'g' }),
    ])
    await sim.invoke({ functionName: 'f' })
    await sim.invoke({ functionName: 'f', payload: { fail: true } })
    const stored = sim.logs.events().map((e) => e.message)
    expect(stored).toEqual(expectedLines(sim.events(), { format: 'Text' }))
    expect(stored.some((line) => line.startsWith('REPORT') && line.includes('Init Duration: 120.50 ms'))).toBe(true)
  })

  it('JSON: platform records render from the columns the same way, and requestId filtering still works', async () => {
    const sim = createSimulation({ seed: 12, recordEvents: true })
    sim.createFunction({ functionName: 'f', loggingConfig: { logFormat: 'JSON' }, code: async (_event: unknown, context) => context.sleep(7) })
    const first = await sim.invoke({ functionName: 'f' })
    await sim.invoke({ functionName: 'f' })
    expect(sim.logs.events().map((e) => e.message)).toEqual(expectedLines(sim.events(), { format: 'JSON', systemLogLevel: 'INFO' }))
    const mine = sim.logs.events({ requestId: first.requestId as string }).map((e) => JSON.parse(e.message).type)
    expect(mine).toEqual(['platform.start', 'platform.runtimeDone', 'platform.report'])
  })

  it('keeps the newest lines across many ring growths and drops, with timestamps in order', async () => {
    const sim = createSimulation({ seed: 13, logRetention: 1000 })
    sim.createFunction({ functionName: 'f', code: async (_event: unknown, context) => context.sleep(3) })
    sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 200, duration: '5s' } })
    await sim.runUntilIdle()
    const events = sim.logs.events()
    expect(events.length).toBeLessThanOrEqual(1000)
    expect(events.length).toBeGreaterThan(990)
    expect(sim.logs.droppedCount + events.length).toBe(1 + 1000 * 3)
    for (let i = 1; i < events.length; i++) expect((events[i] as { timestamp: number }).timestamp).toBeGreaterThanOrEqual((events[i - 1] as { timestamp: number }).timestamp)
    // The last invocation's three lines are whole.
    expect(events.slice(-3).map((e) => e.message.split(' ')[0])).toEqual(['START', 'END', 'REPORT'])
  })
})

describe('LogRing', () => {
  it('growing after the oldest entries were dropped keeps every entry and its numbers, in order (the ring had wrapped)', () => {
    const ring = new LogRing(4)
    const stream: StreamRef = { logGroupName: 'g', logStreamName: 's', style: { format: 'Text' }, startLines: 1, completedLines: 2, version: '$LATEST', functionName: 'f', environmentId: 'e' }
    const start = (n: number) => ({ requestId: `r${n}`, executedVersion: '$LATEST', startedAtMs: 1000 + n, requestIdValue: RequestId.ofText(`r${n}`) }) as unknown as InvocationFacts
    let next = 0
    for (; next < 4; next++) ring.pushStart(start(next), stream, 1)
    ring.dropOldest()
    ring.dropOldest()
    // Two free slots at the start: these wrap around, the next one grows a full ring.
    for (; next < 11; next++) ring.pushStart(start(next), stream, 1)
    const seen = Array.from({ length: ring.size }, (_, i) => {
      const event = ring.eventAt(i).event as { requestId: string; atMs: number }
      return `${event.requestId}@${event.atMs}`
    })
    expect(seen).toEqual(['r2@1002', 'r3@1003', 'r4@1004', 'r5@1005', 'r6@1006', 'r7@1007', 'r8@1008', 'r9@1009', 'r10@1010'])
    expect(ring.dropOldest()).toBe(1)
  })

  it('a request id kept as the id factory packed it renders back to the same string', () => {
    const ids = createIdFactory(Prng.fromSeed('ring'))
    // The same seed's ids as text: `mint` draws exactly what `uuid` draws.
    const asText = createIdFactory(Prng.fromSeed('ring'))
    const ring = new LogRing(4)
    const stream: StreamRef = { logGroupName: 'g', logStreamName: 's', style: { format: 'Text' }, startLines: 1, completedLines: 2, version: '$LATEST', functionName: 'f', environmentId: 'e' }
    const minted: string[] = []
    for (let n = 0; n < 50; n++) {
      minted.push(asText.uuid())
      const facts = {
        // Never read as text when it is packed.
        get requestId(): string {
          throw new Error('the ring read the id as text')
        },
        executedVersion: '$LATEST',
        startedAtMs: n,
        requestIdValue: ids.mint(),
      } as unknown as InvocationFacts
      ring.pushStart(facts, stream, 1)
    }
    const rendered = Array.from({ length: ring.size }, (_, i) => (ring.eventAt(i).event as { requestId: string }).requestId)
    expect(rendered).toEqual(minted)
  })
})
