import { describe, it, expect } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { decodeLogResult } from '../../src/testing/index.js'

const T0 = Date.UTC(2024, 0, 1)

function sim() {
  return createSimulation({ seed: 11, recordEvents: true })
}

describe('runtime/lifecycle', () => {
  describe('timeout', () => {
    it('invoke - a handler past its timeout gets the Sandbox.Timedout payload, Status: timeout, duration = timeout', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'slow',
        code: async (_e: unknown, context: any) => {
          await context.sleep(10_000)
          return 'never'
        },
      })
      const r = await s.invoke({ functionName: 'slow', logType: 'Tail' })
      expect(r.statusCode).toBe(200)
      expect(r.functionError).toBe('Unhandled')
      expect(r.payloadJson).toBe(`{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: ${r.requestId} Error: Task timed out after 3.00 seconds"}`)
      expect(s.nowMs).toBe(T0 + 3000)
      const lines = decodeLogResult(r.logResult).split('\n')
      const report = lines.find((l) => l.startsWith('REPORT'))!
      expect(report).toBe(`REPORT RequestId: ${r.requestId}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 72 MB\tInit Duration: 0.00 ms\tStatus: timeout`)
      expect(lines.filter((l) => l.startsWith('END') || l.startsWith('START'))).toEqual([`START RequestId: ${r.requestId} Version: $LATEST`, `END RequestId: ${r.requestId}`])
    })

    it('invoke - the message shows the configured timeout with two decimals', async () => {
      const s = sim()
      s.createFunction({ functionName: 'slow', timeout: 1, code: async (_e: unknown, c: any) => c.sleep(5000) })
      const r = await s.invoke({ functionName: 'slow' })
      expect((r.payload as { errorMessage: string }).errorMessage).toBe(`RequestId: ${r.requestId} Error: Task timed out after 1.00 seconds`)
    })

    it('invoke - a timeout resets the environment: the next invocation runs init again in the same environment', async () => {
      const s = sim()
      let inits = 0
      const resets: string[] = []
      s.on('environment.reset', (e) => resets.push(e.reason))
      s.createFunction({
        functionName: 'slow',
        code: {
          init: () => {
            inits++
            let calls = 0
            return async (event: { wait: number }, context: any) => {
              calls++
              await context.sleep(event.wait)
              return calls
            }
          },
        },
      })
      const first = await s.invoke({ functionName: 'slow', payload: { wait: 5000 } })
      expect(first.functionError).toBe('Unhandled')
      expect(resets).toEqual(['timeout'])
      const second = await s.invoke({ functionName: 'slow', payload: { wait: 1 }, logType: 'Tail' })
      expect(second.payload).toBe(1) // module state was lost
      expect(inits).toBe(2)
      expect(decodeLogResult(second.logResult)).toMatch(/^INIT_START /)
      expect(s.environments('slow')).toHaveLength(1)
    })

    it('invoke - on timeout the runtime is killed: its pending sleep is dropped (no AbortError, no catch, nothing late) and context.signal is not aborted', async () => {
      const s = sim()
      const late: string[] = []
      s.on('handler.late', (e) => late.push(e.what))
      let signal: AbortSignal | undefined
      let aborts = 0
      let sleepError: unknown
      let after = 0
      s.createFunction({
        functionName: 'slow',
        code: async (_e: unknown, context: any) => {
          signal = context.signal
          signal!.addEventListener('abort', () => aborts++)
          try {
            await context.sleep(10_000)
          } catch (error) {
            sleepError = error
          } finally {
            after++
          }
          return 'too late'
        },
      })
      const r = await s.invoke({ functionName: 'slow' })
      expect((r.payload as { errorType: string }).errorType).toBe('Sandbox.Timedout')
      await s.runUntilIdle()
      await s.advance('1h')
      // No code of the killed runtime ran after its end: no listener, no catch, no finally.
      expect(signal?.aborted).toBe(false)
      expect(aborts).toBe(0)
      expect(sleepError).toBeUndefined()
      expect(after).toBe(0)
      expect(late).toEqual([])
    })

    it('invoke - a timeout emits invocation.timeout and the completion carries status timeout', async () => {
      const s = sim()
      const seen: string[] = []
      s.on('invocation.timeout', (e) => seen.push(`timeout ${e.timeoutMs}`))
      s.on('invocation.completed', (e) => seen.push(`completed ${e.status} ${e.durationMs} ${e.errorType}`))
      s.createFunction({ functionName: 'slow', timeout: 2, code: async (_e: unknown, c: any) => c.sleep(5000) })
      await s.invoke({ functionName: 'slow' })
      expect(seen).toEqual(['timeout 2000', 'completed timeout 2000 Sandbox.Timedout'])
    })
  })

  describe('context.exit', () => {
    it('invoke - context.exit(1) fails with Runtime.ExitError, REPORT Status: error, and resets the environment', async () => {
      const s = sim()
      let inits = 0
      s.createFunction({
        functionName: 'quitter',
        code: {
          init: () => {
            inits++
            return async (event: { exit: boolean }, context: any) => {
              await context.sleep(20)
              if (event.exit) context.exit(1)
              return 'ok'
            }
          },
        },
      })
      const r = await s.invoke({ functionName: 'quitter', payload: { exit: true }, logType: 'Tail' })
      expect(r.functionError).toBe('Unhandled')
      expect(r.payload).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${r.requestId} Error: Runtime exited with error: exit status 1` })
      const report = decodeLogResult(r.logResult)
        .split('\n')
        .find((l) => l.startsWith('REPORT'))!
      expect(report.endsWith('\tStatus: error\tError Type: Runtime.ExitError')).toBe(true)
      expect(report).toContain('\tDuration: 20.00 ms\t')
      const again = await s.invoke({ functionName: 'quitter', payload: { exit: false } })
      expect(again.payload).toBe('ok')
      expect(inits).toBe(2)
    })

    it('invoke - context.exit(2) reports its exit status', async () => {
      const s = sim()
      s.createFunction({ functionName: 'quitter', code: async (_e: unknown, c: any) => c.exit(2) })
      const r = await s.invoke({ functionName: 'quitter' })
      expect((r.payload as { errorMessage: string }).errorMessage).toBe(`RequestId: ${r.requestId} Error: Runtime exited with error: exit status 2`)
    })
  })

  describe('init factory', () => {
    it('invoke - module state persists per environment across warm invocations', async () => {
      const s = sim()
      let inits = 0
      s.createFunction({
        functionName: 'counter',
        code: {
          init: () => {
            inits++
            let count = 0
            return async () => ++count
          },
        },
      })
      const results = []
      for (let i = 0; i < 3; i++) results.push((await s.invoke({ functionName: 'counter' })).payload)
      expect(results).toEqual([1, 2, 3])
      expect(inits).toBe(1)
    })

    it('invoke - two concurrent invocations get two environments, each initialised once', async () => {
      const s = sim()
      let inits = 0
      s.createFunction({
        functionName: 'counter',
        code: {
          init: () => {
            const id = ++inits
            let count = 0
            return async (_e: unknown, c: any) => {
              await c.sleep(100)
              return `env${id}#${++count}`
            }
          },
        },
      })
      const [a, b] = await Promise.all([s.invoke({ functionName: 'counter' }), s.invoke({ functionName: 'counter' })])
      expect([a.payload, b.payload].sort()).toEqual(['env1#1', 'env2#1'])
      expect(inits).toBe(2)
      expect(s.environments('counter')).toHaveLength(2)
    })

    it('invoke - the most recently used environment is reused first', async () => {
      const s = sim()
      let inits = 0
      s.createFunction({
        functionName: 'mru',
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
      // env1 finishes at +100, env2 at +300: env2 is the most recently used.
      const both = await Promise.all([s.invoke({ functionName: 'mru', payload: { ms: 100 } }), s.invoke({ functionName: 'mru', payload: { ms: 300 } })])
      expect(both.map((r) => r.payload)).toEqual([1, 2])
      const next = await s.invoke({ functionName: 'mru', payload: { ms: 1 } })
      expect(next.payload).toBe(2)
      const after = await s.invoke({ functionName: 'mru', payload: { ms: 1 } })
      expect(after.payload).toBe(2)
    })

    it('invoke - init duration = virtual time the factory sleeps + model.initDurationMs, only on the cold start REPORT; billed = ceil(duration + init)', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'cold',
        model: { initDurationMs: 100.25 },
        code: {
          init: async (init: any) => {
            await init.sleep(150)
            return async (_e: unknown, c: any) => {
              await c.sleep(20.5)
              return 'ok'
            }
          },
        },
      })
      const cold = await s.invoke({ functionName: 'cold', logType: 'Tail' })
      const coldReport = decodeLogResult(cold.logResult)
        .split('\n')
        .find((l) => l.startsWith('REPORT'))
      expect(coldReport).toBe(`REPORT RequestId: ${cold.requestId}\tDuration: 20.50 ms\tBilled Duration: 271 ms\tMemory Size: 128 MB\tMax Memory Used: 72 MB\tInit Duration: 250.25 ms\t`)
      expect(s.nowMs).toBe(T0 + 250.25 + 20.5)
      const warm = await s.invoke({ functionName: 'cold', logType: 'Tail' })
      const warmLog = decodeLogResult(warm.logResult)
      expect(warmLog).not.toContain('Init Duration')
      expect(warmLog).not.toContain('INIT_START')
      expect(warmLog.split('\n').find((l) => l.startsWith('REPORT'))).toBe(
        `REPORT RequestId: ${warm.requestId}\tDuration: 20.50 ms\tBilled Duration: 21 ms\tMemory Size: 128 MB\tMax Memory Used: 72 MB\t`,
      )
    })

    it('invoke - billInit false bills only the duration', async () => {
      const s = createSimulation({ seed: 11, billInit: false })
      s.createFunction({ functionName: 'cold', model: { initDurationMs: 300 }, code: async (_e: unknown, c: any) => c.sleep(10) })
      const r = await s.invoke({ functionName: 'cold', logType: 'Tail' })
      expect(decodeLogResult(r.logResult)).toContain('\tDuration: 10.00 ms\tBilled Duration: 10 ms\t')
      expect(decodeLogResult(r.logResult)).toContain('\tInit Duration: 300.00 ms\t')
    })

    it('invoke - init logs use requestId undefined and appear before START', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'chatty',
        code: {
          init: (init: any) => {
            init.log('loading config')
            return async (_e: unknown, c: any) => {
              c.logger.warn('careful %d', 3)
              return null
            }
          },
        },
      })
      const r = await s.invoke({ functionName: 'chatty', logType: 'Tail' })
      const lines = decodeLogResult(r.logResult).split('\n')
      expect(lines.slice(1, 4)).toEqual([
        '2024-01-01T00:00:00.000Z\tundefined\tINFO\tloading config',
        `START RequestId: ${r.requestId} Version: $LATEST`,
        `2024-01-01T00:00:00.000Z\t${r.requestId}\tWARN\tcareful 3`,
      ])
    })

    it('invoke - an init that throws returns its error payload and the environment is discarded (init-failed)', async () => {
      const s = sim()
      const reclaimed: string[] = []
      s.on('environment.reclaimed', (e) => reclaimed.push(e.reason))
      let inits = 0
      s.createFunction({
        functionName: 'broken',
        code: {
          init: () => {
            inits++
            throw new Error('missing config')
          },
        },
      })
      const r = await s.invoke({ functionName: 'broken', logType: 'Tail' })
      expect(r.statusCode).toBe(200)
      expect(r.functionError).toBe('Unhandled')
      expect(r.payload).toMatchObject({ errorType: 'Error', errorMessage: 'missing config' })
      expect((r.payload as { trace: string[] }).trace[0]).toBe('Error: missing config')
      expect(reclaimed).toEqual(['init-failed'])
      expect(s.environments('broken')).toHaveLength(0)
      expect(decodeLogResult(r.logResult)).toContain('\tundefined\tERROR\tUncaught Exception \t{"errorType":"Error","errorMessage":"missing config","stack":["Error: missing config"')
      await s.invoke({ functionName: 'broken' })
      expect(inits).toBe(2)
      expect(reclaimed).toEqual(['init-failed', 'init-failed'])
    })

    it('invoke - an init longer than 10 s times out (INIT_REPORT Phase: init Status: timeout) and re-runs inside the invocation', async () => {
      const s = sim()
      let inits = 0
      const phases: string[] = []
      s.on('environment.initialized', (e) => phases.push(`${e.phase}:${e.status}:${e.initDurationMs}`))
      s.createFunction({
        functionName: 'heavy',
        timeout: 30,
        code: {
          init: async (init: any) => {
            inits++
            await init.sleep(11_000)
            return async (_e: unknown, c: any) => {
              await c.sleep(5)
              return inits
            }
          },
        },
      })
      const r = await s.invoke({ functionName: 'heavy', logType: 'Tail' })
      expect(r.functionError).toBeUndefined()
      expect(r.payload).toBe(2)
      expect(phases).toEqual(['init:timeout:10000', 'invoke:success:11000'])
      expect(s.nowMs).toBe(T0 + 10_000 + 11_000 + 5)
      const report = decodeLogResult(r.logResult)
        .split('\n')
        .find((l) => l.startsWith('REPORT'))!
      expect(report).toContain('\tDuration: 11005.00 ms\t')
      expect(report).not.toContain('Init Duration')
      expect(s.logs.text()).toContain('INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout')

      // The abandoned init left the kernel's bookkeeping intact: later invocations time out and
      // succeed as usual (a timed-out handler's dropped sleep never settles late).
      const late: string[] = []
      s.on('handler.late', (e) => late.push(e.what))
      s.createFunction({
        functionName: 'swallow',
        timeout: 1,
        code: async (e: { ms: number }, c: any) => {
          await c.sleep(e.ms).catch(() => undefined)
          return 'done'
        },
      })
      expect((await s.invoke({ functionName: 'swallow', payload: { ms: 5000 } })).functionError).toBe('Unhandled')
      await s.runUntilIdle()
      expect(late).toEqual([])
      expect((await s.invoke({ functionName: 'swallow', payload: { ms: 10 } })).payload).toBe('done')
    })

    it('invoke - an init that overruns 10 s and then the function timeout ends with Sandbox.Timedout', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'heavy',
        timeout: 3,
        code: {
          init: async (init: any) => {
            await init.sleep(20_000)
            return async () => 'never'
          },
        },
      })
      const r = await s.invoke({ functionName: 'heavy' })
      expect((r.payload as { errorType: string }).errorType).toBe('Sandbox.Timedout')
      expect(s.nowMs).toBe(T0 + 13_000)
    })
  })
})
