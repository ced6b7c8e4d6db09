/**
 * The same libraries deployed as Lambda deploys them: a package directory (test/fixtures/packages/)
 * and the function's `Handler` setting (`index.handler`). The handler files are the libraries'
 * README examples as they would be uploaded; their top level is each execution environment's init
 * phase. The package's dependencies resolve from the project's node_modules.
 */
import { join, resolve } from 'node:path'
import type { SQSBatchResponse } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, sqsEvent, type Simulation } from '../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)
const packages = resolve(__dirname, '../fixtures/packages')
const pkg = (name: string): { directory: string } => ({ directory: join(packages, name) })

interface PowertoolsLine {
  readonly level: string
  readonly message: string
  readonly timestamp: string
  readonly service: string
  readonly cold_start?: boolean
  readonly function_request_id?: string
}

const powertoolsLines = (sim: Simulation, logStreamName?: string): PowertoolsLine[] =>
  sim.logs
    .events(logStreamName === undefined ? {} : { logStreamName })
    .filter((e) => e.message.startsWith('{'))
    .map((e) => JSON.parse(e.message) as PowertoolsLine)

describe('ecosystem/deployment packages', () => {
  for (const kind of ['esm', 'cjs'] as const) {
    it(`Powertools Logger (${kind === 'esm' ? 'ES module' : 'CommonJS'}): module scope once per environment, cold_start true on each environment's first invocation, virtual timestamps`, async () => {
      const sim = createSimulation({ seed: 1 })
      sim.createFunction({
        functionName: 'cart',
        handler: 'index.handler',
        code: pkg(`powertools-logger-${kind}`),
        environment: { variables: { POWERTOOLS_SERVICE_NAME: 'serverlessAirline' } },
      })
      const wall = performance.now()
      // Two at once (two environments, both cold), then a warm one, then one a day later (reclaimed: cold again).
      const cold = await Promise.all([0, 1].map(() => sim.invoke({ functionName: 'cart' })))
      const warm = await sim.invoke({ functionName: 'cart' })
      await sim.advance('24h')
      const nextDay = await sim.invoke({ functionName: 'cart' })
      expect(performance.now() - wall).toBeLessThan(5_000)
      expect([...cold, warm, nextDay].every((r) => r.functionError === undefined)).toBe(true)

      const streams = sim.logs.streams('/aws/lambda/cart')
      expect(streams).toHaveLength(3)
      const perStream = streams.map((s) => powertoolsLines(sim, s).map((l) => `${l.message.split(' ')[0]}:${l.cold_start ?? '-'}`))
      expect(perStream.sort()).toEqual(
        [
          ['module:-', 'This:true', 'after:true'],
          ['module:-', 'This:true', 'after:true', 'This:false', 'after:false'],
          ['module:-', 'This:true', 'after:true'],
        ].sort(),
      )
      const all = powertoolsLines(sim)
      expect(new Set(all.map((l) => l.service))).toEqual(new Set(['serverlessAirline']))
      // The module's line is the init phase's, at the environment's creation; the handler's lines
      // carry the invocation's request id and the virtual clock (1.5 s apart).
      const ofNextDay = all.filter((l) => l.function_request_id === nextDay.requestId)
      expect(ofNextDay.map((l) => l.timestamp)).toEqual(
        [0, 1_500].map((ms) => new Date(T0 + 3_000 + 86_400_000 + ms).toISOString()),
      )
    })
  }

  it('Powertools Batch: processPartialResponse reports the failing records', async () => {
    const sim = createSimulation({ seed: 2 })
    sim.createFunction({ functionName: 'orders', handler: 'index.handler', code: pkg('powertools-batch'), environment: { variables: { POWERTOOLS_SERVICE_NAME: 'orders' } } })
    const event = sqsEvent(
      [1, 2, 3].map((orderId) => ({ body: { orderId, fail: orderId === 2 }, messageId: `m-${orderId}` })),
      { queue: 'orders' },
    )
    const result = await sim.invoke({ functionName: 'orders', payload: event })
    expect(result.payload as SQSBatchResponse).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] })
    expect(powertoolsLines(sim).map((l) => l.message)).toEqual(['Processed item', 'Processed item'])
  })

  it('middy: timeoutEarlyResponse fires on the virtual clock, 50 ms before the 3 s timeout', async () => {
    const sim = createSimulation({ seed: 3 })
    sim.createFunction({ functionName: 'api', timeout: 3, handler: 'index.handler', code: pkg('middy-timeout') })
    const result = await sim.invoke({ functionName: 'api' })
    expect(result.payload).toEqual({ statusCode: 408 })
    expect(sim.nowMs - T0).toBe(2_950)
    expect(sim.logs.text({ requestId: result.requestId ?? '' })).toMatch(/INFO\taborted at 2024-01-01T00:00:02\.950Z/)
  })
})
