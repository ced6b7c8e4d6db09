/**
 * `@aws-lambda-powertools/logger`, unchanged, inside the simulation. The handler is the README's
 * "Inject Lambda context" example; its module scope (`const logger = new Logger()`) is the body of
 * an init factory, which runs once per execution environment in its init phase, as a module's
 * top level does on Lambda.
 */
import { Logger } from '@aws-lambda-powertools/logger'
import type { Context } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)
const GROUP = '/aws/lambda/cart'

interface PowertoolsLine {
  readonly level: string
  readonly message: string
  readonly timestamp: string
  readonly service: string
  readonly cold_start?: boolean
  readonly function_name?: string
  readonly function_arn?: string
  readonly function_memory_size?: string | number
  readonly function_request_id?: string
  readonly xray_trace_id?: string
  readonly [key: string]: unknown
}

/** The Powertools lines (JSON) of a log query, with the virtual time each was recorded at. */
function powertoolsLines(sim: Simulation, query: Parameters<Simulation['logs']['events']>[0] = {}): { at: number; line: PowertoolsLine }[] {
  return sim.logs
    .events({ logGroupName: GROUP, ...query })
    .filter((e) => e.message.startsWith('{'))
    .map((e) => ({ at: e.timestamp, line: JSON.parse(e.message) as PowertoolsLine }))
}

/** The README's handler, its module scope as an init factory. */
function createCart(sim: Simulation, variables: Record<string, string> = { POWERTOOLS_SERVICE_NAME: 'serverlessAirline' }): void {
  sim.createFunction({
    functionName: 'cart',
    memorySize: 256,
    environment: { variables },
    code: {
      init: () => {
        // ---- module scope ----
        const logger = new Logger()
        logger.info('module loaded')

        return async (_event: unknown, context: Context): Promise<void> => {
          logger.addContext(context)

          logger.info('This is an INFO log with some context')
          await new Promise((resolve) => setTimeout(resolve, 1_500))
          logger.warn('after a second and a half')
        }
      },
    },
  })
}

describe('ecosystem/powertools-logger', () => {
  it('cold_start is true on the first invocation of each execution environment, false on its warm ones', async () => {
    const sim = createSimulation({ seed: 1 })
    createCart(sim)
    // Three at once: three environments, each cold. Then six more, one after another: all warm.
    const cold = await Promise.all([0, 1, 2].map(() => sim.invoke({ functionName: 'cart' })))
    const warm = []
    for (let i = 0; i < 6; i++) warm.push(await sim.invoke({ functionName: 'cart' }))
    expect([...cold, ...warm].every((r) => r.functionError === undefined)).toBe(true)

    const streams = sim.logs.streams(GROUP)
    expect(streams).toHaveLength(3)
    let coldStarts = 0
    for (const logStreamName of streams) {
      const lines = powertoolsLines(sim, { logStreamName }).map((l) => l.line)
      // The module scope's line (init phase, no context yet), then the handler's lines.
      expect(lines[0]).toMatchObject({ message: 'module loaded', service: 'serverlessAirline' })
      expect(lines[0]).not.toHaveProperty('cold_start')
      const flags = lines.slice(1).map((l) => l.cold_start)
      expect(flags.length).toBeGreaterThanOrEqual(2)
      // Both lines of the first invocation say cold_start: true; every later one says false.
      expect(flags.slice(0, 2)).toEqual([true, true])
      expect(flags.slice(2).every((f) => f === false)).toBe(true)
      coldStarts++
    }
    expect(coldStarts).toBe(3)
    // Nine invocations, two handler lines each, one module line per environment.
    expect(powertoolsLines(sim)).toHaveLength(9 * 2 + 3)
  })

  it('service from POWERTOOLS_SERVICE_NAME, context fields from the invocation, virtual timestamps', async () => {
    const sim = createSimulation({ seed: 2, region: 'eu-west-1' })
    createCart(sim)
    const started = performance.now()
    const first = await sim.invoke({ functionName: 'cart' })
    // A day later (virtual): the environment was reclaimed long ago; the next one is cold again.
    await sim.advance('24h')
    const second = await sim.invoke({ functionName: 'cart' })
    // A day of virtual time in well under a real second or so.
    expect(performance.now() - started).toBeLessThan(5_000)

    for (const [result, day] of [[first, 0], [second, 1]] as const) {
      const lines = powertoolsLines(sim, { requestId: result.requestId ?? '' })
      expect(lines.map((l) => l.line.message)).toEqual(['This is an INFO log with some context', 'after a second and a half'])
      const [info, warn] = lines.map((l) => l.line)
      expect(info).toMatchObject({
        level: 'INFO',
        service: 'serverlessAirline',
        cold_start: true,
        function_name: 'cart',
        function_arn: 'arn:aws:lambda:eu-west-1:123456789012:function:cart',
        function_request_id: result.requestId,
      })
      expect(Number(info?.function_memory_size)).toBe(256)
      expect(warn).toMatchObject({ level: 'WARN', function_request_id: result.requestId })
      // The trace id is the one of the invocation (`_X_AMZN_TRACE_ID`'s Root).
      expect(info?.xray_trace_id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/)
      // Timestamps are the simulation's clock, the 1.5 s timer passed in virtual time, and each
      // line's own timestamp is the one the log recorded it at.
      for (const { at, line } of lines) expect(line.timestamp).toBe(new Date(at).toISOString())
      const base = T0 + day * 86_400_000
      expect(Date.parse(info?.timestamp ?? '')).toBeGreaterThanOrEqual(base)
      expect(Date.parse(info?.timestamp ?? '')).toBeLessThan(base + 60_000)
      expect(Date.parse(warn?.timestamp ?? '') - Date.parse(info?.timestamp ?? '')).toBe(1_500)
    }
    expect(powertoolsLines(sim)[0]?.line.timestamp).toBe('2024-01-01T00:00:00.000Z')
  })

  it('without POWERTOOLS_SERVICE_NAME the service is Powertools’ default; the test’s own env is not read', async () => {
    const before = process.env.POWERTOOLS_SERVICE_NAME
    process.env.POWERTOOLS_SERVICE_NAME = 'the-test-process'
    try {
      const sim = createSimulation({ seed: 3 })
      createCart(sim, {})
      await sim.invoke({ functionName: 'cart' })
      expect(new Set(powertoolsLines(sim).map((l) => l.line.service))).toEqual(new Set(['service_undefined']))
    } finally {
      if (before === undefined) delete process.env.POWERTOOLS_SERVICE_NAME
      else process.env.POWERTOOLS_SERVICE_NAME = before
    }
  })

  it('provisioned environments: cold_start false (AWS_LAMBDA_INITIALIZATION_TYPE is provisioned-concurrency)', async () => {
    const sim = createSimulation({ seed: 4 })
    sim.createFunction({
      functionName: 'cart',
      publish: true,
      environment: { variables: { POWERTOOLS_SERVICE_NAME: 'serverlessAirline' } },
      code: {
        init: () => {
          const logger = new Logger()
          return async (_event: unknown, context: Context): Promise<void> => {
            logger.addContext(context)
            logger.info('This is an INFO log with some context')
          }
        },
      },
    })
    sim.createAlias({ functionName: 'cart', name: 'live', functionVersion: '1' })
    sim.putProvisionedConcurrencyConfig({ functionName: 'cart', qualifier: 'live', provisionedConcurrentExecutions: 2 })
    await sim.advance('2m')
    await Promise.all([0, 1].map(() => sim.invoke({ functionName: 'cart:live' })))
    const flags = powertoolsLines(sim).map((l) => l.line.cold_start)
    expect(flags).toEqual([false, false])
  })

  it('errors logged with logger.error (its own Console on stderr) land in the function’s log', async () => {
    const sim = createSimulation({ seed: 5 })
    sim.createFunction({
      functionName: 'cart',
      code: {
        init: () => {
          const logger = new Logger({ serviceName: 'serverlessAirline' })
          return async (_event: unknown, _context: Context): Promise<void> => {
            try {
              throw new Error('Unexpected error #1')
            } catch (error) {
              logger.error('This is the first error', error as Error)
            }
          }
        },
      },
    })
    const result = await sim.invoke({ functionName: 'cart' })
    const [line] = powertoolsLines(sim, { requestId: result.requestId ?? '' }).map((l) => l.line)
    expect(line).toMatchObject({ level: 'ERROR', message: 'This is the first error', error: { name: 'Error', message: 'Unexpected error #1' } })
  })

  it('a timeout resets the runtime: the module scope runs again and the next invocation is a cold start again, in the same environment', async () => {
    const sim = createSimulation({ seed: 7 })
    sim.createFunction({
      functionName: 'cart',
      timeout: 1,
      environment: { variables: { POWERTOOLS_SERVICE_NAME: 'serverlessAirline' } },
      code: {
        init: () => {
          const logger = new Logger()
          logger.info('module loaded')
          return async (event: { hang?: boolean }, context: Context): Promise<void> => {
            logger.addContext(context)
            logger.info('handling')
            if (event.hang) await new Promise((resolve) => setTimeout(resolve, 5_000))
          }
        },
      },
    })
    await sim.invoke({ functionName: 'cart' })
    await sim.invoke({ functionName: 'cart' })
    const hung = await sim.invoke({ functionName: 'cart', payload: { hang: true } })
    expect(JSON.parse(hung.payloadJson ?? '{}')).toMatchObject({ errorType: 'Sandbox.Timedout' })
    await sim.invoke({ functionName: 'cart' })
    expect(sim.logs.streams(GROUP)).toHaveLength(1)
    expect(powertoolsLines(sim).map((l) => `${l.line.message}:${l.line.cold_start ?? '-'}`)).toEqual([
      'module loaded:-',
      'handling:true',
      'handling:false',
      'handling:false',
      'module loaded:-',
      'handling:true',
    ])
  })

  it('advanced logging controls: with the JSON log format the function’s application log level reaches Powertools (AWS_LAMBDA_LOG_LEVEL)', async () => {
    const sim = createSimulation({ seed: 6 })
    const create = (functionName: string, loggingConfig: { logFormat: 'JSON' | 'Text'; applicationLogLevel?: 'WARN' }) =>
      sim.createFunction({
        functionName,
        loggingConfig,
        environment: { variables: { POWERTOOLS_SERVICE_NAME: 'alc', POWERTOOLS_LOG_LEVEL: 'DEBUG' } },
        code: {
          init: () => {
            const logger = new Logger()
            return async (_event: unknown, context: Context): Promise<unknown> => {
              logger.addContext(context)
              logger.debug('debug line')
              logger.info('info line')
              logger.warn('warn line')
              return [process.env.AWS_LAMBDA_LOG_FORMAT ?? null, process.env.AWS_LAMBDA_LOG_LEVEL ?? null]
            }
          },
        },
      })
    create('json-warn', { logFormat: 'JSON', applicationLogLevel: 'WARN' })
    create('text', { logFormat: 'Text' })
    const messages = (functionName: string): string[] =>
      sim.logs
        .events({ logGroupName: `/aws/lambda/${functionName}` })
        .filter((e) => e.message.startsWith('{"level"'))
        .map((e) => (JSON.parse(e.message) as PowertoolsLine).message)

    expect((await sim.invoke({ functionName: 'json-warn' })).payload).toEqual(['JSON', 'WARN'])
    // Powertools takes Lambda's level over its own POWERTOOLS_LOG_LEVEL: no debug or info lines.
    expect(messages('json-warn')).toEqual(['warn line'])
    // Text format: no advanced logging controls, Powertools' own level (DEBUG) applies.
    expect((await sim.invoke({ functionName: 'text' })).payload).toEqual([null, null])
    expect(messages('text')).toEqual(['debug line', 'info line', 'warn line'])
  })

  it('same seed, same event log', async () => {
    const run = async (): Promise<string> => {
      const sim = createSimulation({ seed: 'logger', recordEvents: true })
      createCart(sim)
      await Promise.all([0, 1, 2, 3].map(() => sim.invoke({ functionName: 'cart' })))
      await sim.advance('10m')
      await Promise.all([0, 1].map(() => sim.invoke({ functionName: 'cart' })))
      return `${sim.eventLogText()}\n${sim.logs.text()}`
    }
    const first = await run()
    expect(first).toContain('cold_start')
    expect(await run()).toBe(first)
  })
})
