/**
 * `@middy/core` 6, unchanged, inside the simulation. Its early timeout is a `setTimeout` (imported
 * from `node:timers`) armed for `context.getRemainingTimeInMillis() - timeoutEarlyInMillis`; inside
 * a handler both are the simulation's, so it fires on the virtual clock: the invocation ends with
 * middy's response (or its `TimeoutError`) just before the function's timeout, not with
 * `Sandbox.Timedout`. Handlers follow middy's "Handle Timeouts" page and README.
 */
import { Logger } from '@aws-lambda-powertools/logger'
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware'
import middy, { type MiddlewareObj, type MiddyHandlerObject } from '@middy/core'
import type { APIGatewayProxyResult, Context } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type InvokeResult } from '../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

const errorOf = (result: InvokeResult): { errorType?: string; errorMessage?: string } => JSON.parse(result.payloadJson ?? '{}') as { errorType?: string; errorMessage?: string }

/** A slow dependency: answers after `ms` (a timer), or rejects when the signal aborts. */
const slowCall = (ms: number, signal?: AbortSignal): Promise<string> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('answered'), ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(new Error('aborted'))
    })
  })

describe('ecosystem/middy', () => {
  it('timeoutEarlyResponse fires timeoutEarlyInMillis before the function’s timeout, on the virtual clock; signal.onabort runs', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({
      functionName: 'api',
      timeout: 3,
      code: {
        init: () => {
          const lambdaHandler = async (_event: unknown, _context: Context, { signal }: MiddyHandlerObject): Promise<APIGatewayProxyResult> => {
            signal.onabort = () => {
              console.log(`aborted at ${new Date().toISOString()}`)
            }
            const answer = await slowCall(60_000)
            return { statusCode: 200, body: answer }
          }

          return middy({
            timeoutEarlyInMillis: 50,
            timeoutEarlyResponse: () => {
              return {
                statusCode: 408,
              }
            },
          }).handler(lambdaHandler)
        },
      },
    })
    const wall = performance.now()
    const result = await sim.invoke({ functionName: 'api' })
    expect(result.functionError).toBeUndefined()
    expect(result.payload).toEqual({ statusCode: 408 })
    // 3 s timeout - 50 ms, in virtual time; the minute-long call did not hold anything up.
    expect(sim.nowMs - T0).toBe(2_950)
    expect(performance.now() - wall).toBeLessThan(2_000)
    const log = sim.logs.text({ requestId: result.requestId ?? '' })
    expect(log).toMatch(/INFO\taborted at 2024-01-01T00:00:02\.950Z/)
    expect(log).toMatch(/REPORT RequestId: \S+\tDuration: 2950\.00 ms/)
    expect(log).not.toContain('Task timed out')
  })

  it('the default timeoutEarlyResponse: the invocation fails with middy’s TimeoutError, not Sandbox.Timedout; onError middleware sees it', async () => {
    const sim = createSimulation({ seed: 2 })
    const seen: string[] = []
    sim.createFunction({
      functionName: 'api',
      timeout: 5,
      code: {
        init: () =>
          middy(async () => slowCall(10_000), { timeoutEarlyInMillis: 50 }).onError(async (request) => {
            seen.push(`${request.error?.name}@${Date.now() - T0}`)
          }),
      },
    })
    const result = await sim.invoke({ functionName: 'api' })
    expect(result.functionError).toBe('Unhandled')
    expect(errorOf(result)).toMatchObject({ errorType: 'TimeoutError', errorMessage: '[AbortError]: The operation was aborted.' })
    expect(seen).toEqual(['TimeoutError@4950'])
    // Without middy's early timeout the same handler ends in Sandbox.Timedout at 5 s.
    const plain = createSimulation({ seed: 2 })
    plain.createFunction({ functionName: 'api', timeout: 5, code: async () => slowCall(10_000) })
    const timedOut = await plain.invoke({ functionName: 'api' })
    expect(errorOf(timedOut).errorType).toBe('Sandbox.Timedout')
    expect(plain.nowMs - T0).toBe(5_000)
  })

  it('a handler faster than the timeout: middy clears its timer and answers; the early timeout never fires later', async () => {
    const sim = createSimulation({ seed: 3 })
    let aborted = 0
    sim.createFunction({
      functionName: 'api',
      timeout: 3,
      code: {
        init: () =>
          middy(
            async (_event: unknown, _context: Context, { signal }: MiddyHandlerObject) => {
              signal.addEventListener('abort', () => aborted++)
              return slowCall(1_000)
            },
            { timeoutEarlyInMillis: 50 },
          ),
      },
    })
    const first = await sim.invoke({ functionName: 'api' })
    expect(first.payload).toBe('answered')
    expect(sim.nowMs - T0).toBe(1_000)
    // A warm second call, and a minute of virtual time: nothing aborted, nothing pending.
    expect((await sim.invoke({ functionName: 'api' })).payload).toBe('answered')
    await sim.advance('1m')
    expect(aborted).toBe(0)
  })

  it('middleware order: before in order of use, after and onError in reverse; Powertools injectLambdaContext among them', async () => {
    const sim = createSimulation({ seed: 4 })
    const order: string[] = []
    const step = (name: string): MiddlewareObj => ({
      before: async () => {
        await new Promise((resolve) => setTimeout(resolve, 10))
        order.push(`${name}.before@${Date.now() - T0}`)
      },
      after: async () => {
        order.push(`${name}.after@${Date.now() - T0}`)
      },
      onError: async () => {
        order.push(`${name}.onError@${Date.now() - T0}`)
      },
    })
    sim.createFunction({
      functionName: 'api',
      environment: { variables: { POWERTOOLS_SERVICE_NAME: 'api' } },
      code: {
        init: () => {
          const logger = new Logger()
          return middy(async (event: { fail?: boolean }) => {
            logger.info('handling')
            await new Promise((resolve) => setTimeout(resolve, 100))
            order.push(`handler@${Date.now() - T0}`)
            if (event.fail) throw new Error('nope')
            return 'done'
          })
            .use(injectLambdaContext(logger))
            .use(step('a'))
            .use(step('b'))
        },
      },
    })
    const ok = await sim.invoke({ functionName: 'api' })
    expect(ok.payload).toBe('done')
    expect(order.splice(0)).toEqual(['a.before@10', 'b.before@20', 'handler@120', 'b.after@120', 'a.after@120'])
    const failed = await sim.invoke({ functionName: 'api', payload: { fail: true } })
    expect(errorOf(failed)).toMatchObject({ errorType: 'Error', errorMessage: 'nope' })
    const base = Number(order[0]?.split('@')[1]) - 10
    expect(order.map((o) => o.replace(/@(\d+)$/, (_m, ms: string) => `@${Number(ms) - base}`))).toEqual(['a.before@10', 'b.before@20', 'handler@120', 'b.onError@120', 'a.onError@120'])
    // injectLambdaContext added the context to the logger's lines: cold on the first, warm on the second.
    const lines = sim.logs
      .events()
      .filter((e) => e.message.startsWith('{'))
      .map((e) => JSON.parse(e.message) as { cold_start: boolean; function_request_id: string; service: string })
    expect(lines.map((l) => [l.cold_start, l.function_request_id, l.service])).toEqual([
      [true, ok.requestId, 'api'],
      [false, failed.requestId, 'api'],
    ])
  })

  it('same seed, same event log', async () => {
    const run = async (): Promise<string> => {
      const sim = createSimulation({ seed: 'middy', recordEvents: true })
      sim.createFunction({
        functionName: 'api',
        timeout: 2,
        code: {
          init: () => middy(async (event: { ms: number }) => slowCall(event.ms), { timeoutEarlyInMillis: 100 }),
        },
      })
      await Promise.all([500, 1_950, 1_850, 5_000].map((ms) => sim.invoke({ functionName: 'api', payload: { ms } })))
      return sim.eventLogText()
    }
    const first = await run()
    expect(first).toContain('TimeoutError')
    expect(await run()).toBe(first)
  })
})
