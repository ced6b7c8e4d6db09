import { describe, expect, it } from 'vitest'
import { createSimulation, type LambdaContext } from '../../src/index.js'
import { decodeLogResult } from '../../src/testing/index.js'

function jsonFunction(sim: ReturnType<typeof createSimulation>, loggingConfig: Record<string, string>): void {
  sim.createFunction({
    functionName: 'j',
    loggingConfig: { logFormat: 'JSON', ...loggingConfig },
    code: {
      init: async (init) => {
        init.log('booting')
        await init.sleep(40)
        return async (event: { fail?: boolean }, context: LambdaContext) => {
          context.logger.debug('detail')
          context.log('hello', { n: 1 })
          context.logger.warn('careful')
          await context.sleep(10)
          if (event.fail === true) throw new TypeError('bad input')
          return 'ok'
        }
      },
    },
  })
}

describe('log-format', () => {
  it("JSON - platform records and application lines are JSON objects, DEBUG filtered at the default INFO level", async () => {
    const sim = createSimulation({ seed: 3 })
    jsonFunction(sim, {})
    const result = await sim.invoke({ functionName: 'j', logType: 'Tail' })
    const lines = sim.logs.events({ logGroupName: '/aws/lambda/j' }).map((e) => JSON.parse(e.message) as Record<string, unknown>)
    expect(lines.map((l) => l['type'] ?? `${String(l['level'])}:${String(l['message'])}`)).toEqual([
      'platform.initStart',
      'INFO:booting',
      'platform.start',
      'INFO:hello { n: 1 }',
      'WARN:careful',
      'platform.runtimeDone',
      'platform.report',
    ])
    expect(lines[0]).toEqual({
      time: '2024-01-01T00:00:00.000Z',
      type: 'platform.initStart',
      record: { initializationType: 'on-demand', phase: 'init', runtimeVersion: 'nodejs:22.sim', runtimeVersionArn: 'arn:aws:lambda:sim::runtime:nodejs22.x' },
    })
    expect(lines[1]).toEqual({ timestamp: '2024-01-01T00:00:00.000Z', level: 'INFO', message: 'booting' })
    expect(lines[3]).toEqual({ timestamp: '2024-01-01T00:00:00.040Z', level: 'INFO', requestId: result.requestId, message: 'hello { n: 1 }' })
    expect(lines[6]).toEqual({
      time: '2024-01-01T00:00:00.050Z',
      type: 'platform.report',
      record: {
        requestId: result.requestId,
        metrics: { durationMs: 10, billedDurationMs: 50, memorySizeMB: 128, maxMemoryUsedMB: 72, initDurationMs: 40 },
        status: 'success',
      },
    })
    // The tail carries the same lines as the log store.
    expect(decodeLogResult(result.logResult).trimEnd().split('\n')).toEqual(sim.logs.events().map((e) => e.message))
  })

  it('JSON - an Invoke Error is logged with the error object as its message; the report says failure', async () => {
    const sim = createSimulation({ seed: 4 })
    jsonFunction(sim, { applicationLogLevel: 'ERROR' })
    await sim.invoke({ functionName: 'j', payload: { fail: true } })
    const lines = sim.logs.events().map((e) => JSON.parse(e.message) as Record<string, any>)
    const error = lines.find((l) => l['level'] === 'ERROR')
    expect(error?.['message']).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' })
    expect(Array.isArray(error?.['message'].stackTrace)).toBe(true)
    expect(lines.filter((l) => l['level'] === 'INFO' || l['level'] === 'WARN')).toEqual([])
    expect(lines.find((l) => l['type'] === 'platform.report')?.['record']).toMatchObject({ status: 'failure', errorType: 'TypeError' })
  })

  it('JSON - systemLogLevel WARN leaves platform records out', async () => {
    const sim = createSimulation({ seed: 5 })
    jsonFunction(sim, { systemLogLevel: 'WARN' })
    await sim.invoke({ functionName: 'j' })
    expect(sim.logs.events().map((e) => (JSON.parse(e.message) as { type?: string }).type)).toEqual([undefined, undefined, undefined])
  })

  it('Text - switching a function to JSON takes effect in its next environment', async () => {
    const sim = createSimulation({ seed: 6 })
    sim.createFunction({ functionName: 't', code: async (_e, context) => context.log('line') })
    await sim.invoke({ functionName: 't' })
    sim.updateFunctionConfiguration({ functionName: 't', loggingConfig: { logFormat: 'JSON' } })
    await sim.invoke({ functionName: 't' })
    const messages = sim.logs.events().map((e) => e.message)
    expect(messages.filter((m) => m.startsWith('START RequestId:'))).toHaveLength(1)
    expect(messages.filter((m) => m.includes('"type":"platform.start"'))).toHaveLength(1)
  })
})
