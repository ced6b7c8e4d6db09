import { describe, expect, it } from 'vitest'
import { createSimulation, powerTune, renderReport, SimulationError, type InvocationCompletedEvent, type InvocationStartedEvent, type LambdaContext } from '../../src/index.js'
import { ByteWriter } from '../../src/report/byte-writer.js'
import { viewerScript } from '../../src/report/viewer-script.js'
import { decodeReport } from './report-data.js'
import { knownScenario } from './scenario.js'

const START_MS = Date.UTC(2024, 0, 1)
const us = (ms: number): number => Math.round((ms - START_MS) * 1000)

describe('renderReport', () => {
  it('embeds every invocation, throttle and retry of the known scenario as the event log has them', async () => {
    const sim = await knownScenario({ recordEvents: true })
    const events = sim.events()
    const [run] = decodeReport(renderReport({ runs: [{ title: 'known', simulation: sim }] }))
    if (run === undefined) throw new Error('no run')
    const created = events.filter((e) => e.type === 'environment.created')
    expect(run.meta.lanes.map((l) => l.id).sort()).toEqual(created.map((e) => e.environmentId).sort())
    const completed = events.filter((e): e is InvocationCompletedEvent => e.type === 'invocation.completed')
    // An asynchronous event's retries share its request id: an attempt is its request id and start.
    const started = new Map(events.filter((e): e is InvocationStartedEvent => e.type === 'invocation.started').map((e) => [`${e.requestId}@${e.atMs}`, e]))
    expect(run.invocations.length).toBe(completed.length)
    // The same invocations, lane by lane: environment, start, end, admission, status, billing.
    const expected = completed
      .map((e) => ({
        environmentId: e.environmentId,
        startUs: us(e.startedAtMs),
        endUs: us(e.atMs),
        admittedUs: us(started.get(`${e.requestId}@${e.startedAtMs}`)?.admittedAtMs ?? Number.NaN),
        status: ['success', 'error', 'timeout', 'crash'].indexOf(e.status),
        coldStart: e.coldStart,
        billedMs: e.billedDurationMs,
        memorySizeMB: e.memorySizeMB,
        qualifier: started.get(`${e.requestId}@${e.startedAtMs}`)?.invokedQualifier ?? '',
      }))
      .sort((a, b) => a.environmentId.localeCompare(b.environmentId) || a.startUs - b.startUs)
    const actual = run.invocations
      .map((i) => ({
        environmentId: run.meta.lanes[i.lane]?.id as string,
        startUs: i.startUs,
        endUs: i.endUs,
        admittedUs: i.admittedUs,
        status: i.flags & 3,
        coldStart: (i.flags & 4) !== 0,
        billedMs: i.billedMs,
        memorySizeMB: i.memorySizeMB,
        qualifier: run.meta.qualifiers[i.qualifier],
      }))
      .sort((a, b) => a.environmentId.localeCompare(b.environmentId) || a.startUs - b.startUs)
    expect(actual).toEqual(expected)
    expect(run.throttleTimesUs).toEqual(events.filter((e) => e.type === 'invocation.throttled').map((e) => us(e.atMs)))
    expect(run.retryTimesUs).toEqual(events.filter((e) => e.type === 'async.retryScheduled').map((e) => us(e.atMs)))
    expect(run.meta.counts).toMatchObject({
      invocations: completed.length,
      coldStarts: completed.filter((e) => e.coldStart).length,
      throttles: events.filter((e) => e.type === 'invocation.throttled').length,
      asyncRetries: events.filter((e) => e.type === 'async.retryScheduled').length,
      errors: completed.filter((e) => e.status === 'error').length,
      timeouts: completed.filter((e) => e.status === 'timeout').length,
      environments: created.length,
    })
  })

  it("links each kept log line to its invocation by request id", async () => {
    const sim = await knownScenario()
    const [run] = decodeReport(renderReport({ runs: [{ title: 'known', simulation: sim }] }))
    if (run === undefined) throw new Error('no run')
    expect(run.meta.logs.dropped).toBe(0)
    expect(run.meta.logs.invocations.length).toBe(run.invocations.length)
    // Every kept line of a request, split between its attempts (an async event's retries share its id).
    const byRequest = new Map<string, string[]>()
    for (const [invocation, requestId, lines] of run.meta.logs.invocations) {
      byRequest.set(requestId, [...(byRequest.get(requestId) ?? []), ...lines.map(([, message]) => message)])
      const invocationOf = run.invocations[invocation]
      expect(lines[0]?.[1]).toMatch(/^(START|INIT_START|.*\tconnected)/)
      expect(lines.every(([atUs]) => invocationOf !== undefined && atUs >= invocationOf.admittedUs && atUs <= invocationOf.endUs)).toBe(true)
    }
    for (const [requestId, messages] of byRequest) expect(messages).toEqual(sim.logs.events({ requestId }).map((e) => e.message))
    const worker = run.meta.logs.invocations.filter(([, , lines]) => lines.some(([, m]) => m.includes('worker failed on purpose')))
    expect(worker.length).toBe(3)
  })

  it('says how many log lines were dropped when the log store kept only the last ones', async () => {
    const sim = await knownScenario({ logRetention: 20 })
    const [run] = decodeReport(renderReport({ runs: [{ title: 'known', simulation: sim }] }))
    expect(run?.meta.logs.dropped).toBe(sim.logs.droppedCount)
    expect(run?.meta.logs.dropped).toBeGreaterThan(0)
    expect(run?.meta.logs.kept).toBe(20)
  })

  it('is the same file, byte for byte, for the same seed', async () => {
    const a = renderReport({ title: 'r', runs: [{ title: 'known', simulation: await knownScenario() }] })
    const b = renderReport({ title: 'r', runs: [{ title: 'known', simulation: await knownScenario() }] })
    expect(a).toBe(b)
    const other = renderReport({ title: 'r', runs: [{ title: 'known', simulation: await knownScenario({ seed: 2 }) }] })
    expect(other).not.toBe(a)
  })

  it('is one self-contained file: no URL is loaded from anywhere', async () => {
    const html = renderReport({ runs: [{ title: 'known', simulation: await knownScenario() }] })
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i)
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toMatch(/@import|url\(/)
  })

  it('shows the counts, the traffic split, the cost and the power-tuning chart in the page itself', async () => {
    const sim = await knownScenario({ recordEvents: true })
    const tuning = await powerTune({
      memorySizes: [128, 512, 1024],
      function: { functionName: 'cpu', code: async (_e: unknown, context: LambdaContext) => void (await context.sleep(50)) },
      workload: async (s, name) => void (await s.invoke({ functionName: name })),
    })
    const html = renderReport({ title: 'Two runs', runs: [{ title: 'known', simulation: sim }, { title: 'tuned', simulation: createSimulation({ recordTimeline: true }), powerTuning: tuning }] })
    expect(html).toContain('<title>Two runs</title>')
    expect(html).toContain(`data-testid="count-invocations">${sim.events().filter((e) => e.type === 'invocation.completed').length}<`)
    expect(html).toContain(`data-testid="cost-total">$${sim.cost().totalUsd.toPrecision(4)}<`)
    expect(html).toContain('data-alias="api:live"')
    expect(html.match(/<rect class="bar/g)?.length).toBe(3)
    expect(html).toContain('data-tab="1"')
  })

  it('needs recordTimeline, and says so', () => {
    const sim = createSimulation({ seed: 1 })
    expect(() => renderReport({ runs: [{ title: 'x', simulation: sim }] })).toThrow(SimulationError)
    expect(() => renderReport({ runs: [{ title: 'x', simulation: sim }] })).toThrow(/recordTimeline: true/)
    expect(() => renderReport({ runs: [] })).toThrow(/at least one run/)
  })

  it('writes varints of any safe whole number', () => {
    const bytes = new ByteWriter()
    const values = [0, 1, 127, 128, 300, 2 ** 31, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER]
    for (const v of values) bytes.varint(v)
    const out = bytes.view()
    let p = 0
    const read = (): number => {
      let v = 0
      let mul = 1
      let x: number
      do {
        x = out[p++] as number
        v += (x & 127) * mul
        mul *= 128
      } while (x >= 128)
      return v
    }
    expect(values.map(() => read())).toEqual(values)
    expect(() => bytes.varint(-1)).toThrow(RangeError)
  })

  it('ships a viewer script that parses as JavaScript', () => {
    expect(() => new Function(viewerScript)).not.toThrow()
  })
})
