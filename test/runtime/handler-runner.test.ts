import { describe, it, expect } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { decodeLogResult } from '../../src/testing/index.js'

function sim() {
  return createSimulation({ seed: 7, recordEvents: true })
}

describe('runtime/handler-runner', () => {
  describe('handler styles', () => {
    it('invoke - async handler: the resolved value is the payload', async () => {
      const s = sim()
      s.createFunction({ functionName: 'f', code: async (event: { n: number }) => ({ doubled: event.n * 2 }) })
      const r = await s.invoke({ functionName: 'f', payload: { n: 21 } })
      expect(r.statusCode).toBe(200)
      expect(r.functionError).toBeUndefined()
      expect(r.payload).toEqual({ doubled: 42 })
      expect(r.payloadJson).toBe('{"doubled":42}')
    })

    it('invoke - async handler returning undefined answers null', async () => {
      const s = sim()
      s.createFunction({ functionName: 'f', code: async () => undefined })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.payloadJson).toBe('null')
      expect(r.payload).toBeNull()
    })

    it('invoke - non-async handler returning a promise: its result is used', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: (_event: unknown, context: any) => context.sleep(50).then(() => 'from-promise'),
      })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.payload).toBe('from-promise')
      expect(s.nowMs - Date.UTC(2024, 0, 1)).toBe(50)
    })

    it('invoke - non-async handler returning a plain value is ignored on nodejs22.x (payload null)', async () => {
      const s = sim()
      s.createFunction({ functionName: 'f', code: (() => ({ ignored: true })) as any })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.functionError).toBeUndefined()
      expect(r.payloadJson).toBe('null')
    })

    it('invoke - non-async handler returning a plain value is the result on nodejs24.x', async () => {
      const s = sim()
      s.createFunction({ functionName: 'f', runtime: 'nodejs24.x', code: (() => ({ used: true })) as any })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.functionError).toBeUndefined()
      expect(r.payload).toEqual({ used: true })
    })

    it('invoke - async handler on nodejs24.x: the resolved value is the payload', async () => {
      const s = sim()
      s.createFunction({ functionName: 'f', runtime: 'nodejs24.x', code: async (e: unknown) => ({ echo: e }) })
      const r = await s.invoke({ functionName: 'f', payload: [1, 2] })
      expect(r.payload).toEqual({ echo: [1, 2] })
    })

    it('invoke - callback(null, r) waits for pending context.sleep work when callbackWaitsForEmptyEventLoop is true', async () => {
      const s = sim()
      const start = s.nowMs
      let backgroundDone = false
      s.createFunction({
        functionName: 'f',
        code: (_e: unknown, context: any, callback: any) => {
          void context.sleep(500).then(() => {
            backgroundDone = true
          })
          callback(null, 'answer')
        },
      })
      const r = await s.invoke({ functionName: 'f', logType: 'Tail' })
      expect(r.payload).toBe('answer')
      expect(backgroundDone).toBe(true)
      expect(s.nowMs - start).toBe(500)
      expect(decodeLogResult(r.logResult)).toContain('\tDuration: 500.00 ms\t')
    })

    it('invoke - callback(null, r) with callbackWaitsForEmptyEventLoop false answers at once; pending work freezes and resumes in the next invocation of the same environment', async () => {
      const s = sim()
      const start = s.nowMs
      const trail: string[] = []
      s.createFunction({
        functionName: 'f',
        code: (event: { tag: string }, context: any, callback: any) => {
          context.callbackWaitsForEmptyEventLoop = false
          if (event.tag === 'first') {
            void context.sleep(500).then(() => trail.push(`background of first finished at +${s.nowMs - start}`))
          }
          if (event.tag === 'second') {
            // The second invocation runs for 2 s: the thawed work finishes during it.
            void context.sleep(2000).then(() => {
              trail.push(`second answered at +${s.nowMs - start}`)
              callback(null, event.tag)
            })
            return
          }
          trail.push(`${event.tag} answered at +${s.nowMs - start}`)
          callback(null, event.tag)
        },
      })
      const first = await s.invoke({ functionName: 'f', payload: { tag: 'first' }, logType: 'Tail' })
      expect(first.payload).toBe('first')
      expect(decodeLogResult(first.logResult)).toContain('\tDuration: 0.00 ms\t')
      expect(s.nowMs - start).toBe(0)
      await s.advance('10s')
      // Frozen: nothing ran while the environment was idle.
      expect(trail).toEqual(['first answered at +0'])
      const second = await s.invoke({ functionName: 'f', payload: { tag: 'second' } })
      expect(second.payload).toBe('second')
      // The frozen sleep keeps the 500 ms it had left and resumes when the environment thaws.
      expect(trail).toEqual(['first answered at +0', 'background of first finished at +10500', 'second answered at +12000'])
      expect(s.environments('f')).toHaveLength(1)
    })

    it('invoke - callback(err) fails at once, even with pending work', async () => {
      const s = sim()
      const start = s.nowMs
      s.createFunction({
        functionName: 'f',
        code: (_e: unknown, context: any, callback: any) => {
          void context.sleep(1000)
          callback(new TypeError('bad input'))
        },
      })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.functionError).toBe('Unhandled')
      expect(r.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' })
      expect(s.nowMs - start).toBe(0)
    })

    it('invoke - context.succeed answers at once and later completions are ignored', async () => {
      const s = sim()
      const late: string[] = []
      s.on('handler.late', (e) => late.push(e.what))
      s.createFunction({
        functionName: 'f',
        code: (_e: unknown, context: any, callback: any) => {
          context.succeed({ first: true })
          context.fail(new Error('second'))
          callback(null, 'third')
        },
      })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.functionError).toBeUndefined()
      expect(r.payload).toEqual({ first: true })
      await s.runUntilIdle()
      expect(late).toEqual(['callback', 'callback'])
    })

    it('invoke - context.fail() with no argument reports errorType string, errorMessage handled', async () => {
      const s = sim()
      s.createFunction({ functionName: 'f', code: ((_e: unknown, context: any) => context.fail()) as any })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.functionError).toBe('Unhandled')
      expect(r.payload).toEqual({ errorType: 'string', errorMessage: 'handled', trace: [] })
    })

    it('invoke - context.done(err) fails, context.done(null, r) succeeds', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: ((event: { fail: boolean }, context: any) => (event.fail ? context.done(new RangeError('nope')) : context.done(null, { ok: 1 }))) as any,
      })
      const bad = await s.invoke({ functionName: 'f', payload: { fail: true } })
      expect(bad.payload).toMatchObject({ errorType: 'RangeError', errorMessage: 'nope' })
      const good = await s.invoke({ functionName: 'f', payload: { fail: false } })
      expect(good.functionError).toBeUndefined()
      expect(good.payload).toEqual({ ok: 1 })
    })

    it('invoke - the first completion wins: callback before the returned promise settles', async () => {
      const s = sim()
      const late: string[] = []
      s.on('handler.late', (e) => late.push(e.what))
      s.createFunction({
        functionName: 'f',
        code: (_e: unknown, context: any, callback: any) => {
          callback(null, 'from-callback')
          return context.sleep(10).then(() => 'from-promise')
        },
      })
      const start = s.nowMs
      const r = await s.invoke({ functionName: 'f', logType: 'Tail' })
      expect(r.payload).toBe('from-callback')
      // callbackWaitsForEmptyEventLoop: the answer waits for the sleep started after callback().
      expect(s.nowMs - start).toBe(10)
      expect(decodeLogResult(r.logResult)).toContain('\tDuration: 10.00 ms\t')
      await s.runUntilIdle()
      expect(late).toEqual(['resolved'])
    })

    it('invoke - context.succeed is not a function on nodejs24.x', async () => {
      const s = sim()
      s.createFunction({ functionName: 'f', runtime: 'nodejs24.x', code: async (_e: unknown, context: any) => context.succeed('x') })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'context.succeed is not a function' })
    })

    it('invoke - a callback-style handler on nodejs24.x fails init with Runtime.CallbackHandlerDeprecated', async () => {
      const s = sim()
      const reclaimed: string[] = []
      s.on('environment.reclaimed', (e) => reclaimed.push(e.reason))
      s.createFunction({ functionName: 'f', runtime: 'nodejs24.x', code: ((_e: unknown, _c: unknown, cb: any) => cb(null, 1)) as any })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.statusCode).toBe(200)
      expect(r.functionError).toBe('Unhandled')
      expect(r.payload).toMatchInlineSnapshot(`
        {
          "errorMessage": "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.",
          "errorType": "Runtime.CallbackHandlerDeprecated",
        }
      `)
      expect(reclaimed).toEqual(['init-failed'])
    })

    it('invoke - the same callback-style handler runs on nodejs22.x', async () => {
      const s = sim()
      s.createFunction({ functionName: 'f', code: ((_e: unknown, _c: unknown, cb: any) => cb(null, 1)) as any })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.payload).toBe(1)
    })
  })

  describe('error payloads', () => {
    it('invoke - a thrown Error gives errorType/errorMessage/trace, an Invoke Error log line at ERROR, functionError Unhandled, status 200', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: async () => {
          throw new Error('kaboom')
        },
      })
      const r = await s.invoke({ functionName: 'f', logType: 'Tail' })
      expect(r.statusCode).toBe(200)
      expect(r.functionError).toBe('Unhandled')
      const payload = r.payload as { errorType: string; errorMessage: string; trace: string[] }
      expect(Object.keys(payload)).toEqual(['errorType', 'errorMessage', 'trace'])
      expect(payload.errorType).toBe('Error')
      expect(payload.errorMessage).toBe('kaboom')
      expect(payload.trace[0]).toBe('Error: kaboom')
      expect(payload.trace.length).toBeGreaterThan(1)
      const log = decodeLogResult(r.logResult).split('\n')
      const errorLine = log.find((line) => line.includes('Invoke Error'))
      expect(errorLine).toBeDefined()
      expect(errorLine!.startsWith(`2024-01-01T00:00:00.000Z\t${r.requestId}\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"kaboom","stack":["Error: kaboom",`)).toBe(true)
      const report = log.find((line) => line.startsWith('REPORT'))
      expect(report).not.toContain('Status:')
    })

    it('invoke - throw null in an async handler reports string/handled', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: async () => {
          throw null
        },
      })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.functionError).toBe('Unhandled')
      expect(r.payload).toEqual({ errorType: 'string', errorMessage: 'handled', trace: [] })
    })

    it("invoke - throw 'boom' reports errorType string with an empty trace, and the log wraps it as an Error", async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: async () => {
          throw 'boom'
        },
      })
      const r = await s.invoke({ functionName: 'f', logType: 'Tail' })
      expect(r.payloadJson).toBe('{"errorType":"string","errorMessage":"boom","trace":[]}')
      expect(decodeLogResult(r.logResult)).toContain('\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"boom","stack":["Error: boom"')
    })

    it('invoke - throw 42 reports errorType number', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: async () => {
          throw 42
        },
      })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.payloadJson).toBe('{"errorType":"number","errorMessage":"42","trace":[]}')
    })

    it('invoke - throw {a:1} reports errorType object, errorMessage [object Object]', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: async () => {
          throw { a: 1 }
        },
      })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.payloadJson).toBe('{"errorType":"object","errorMessage":"[object Object]","trace":[]}')
    })

    it('invoke - an Error subclass without its own name reports errorType Error; one that sets name reports it', async () => {
      class Quiet extends Error {}
      class Loud extends Error {
        override name = 'LoudError'
      }
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: async (event: { loud: boolean }) => {
          throw event.loud ? new Loud('l') : new Quiet('q')
        },
      })
      const quiet = await s.invoke({ functionName: 'f', payload: { loud: false } })
      expect(quiet.payload).toMatchObject({ errorType: 'Error', errorMessage: 'q' })
      const loud = await s.invoke({ functionName: 'f', payload: { loud: true } })
      expect(loud.payload).toMatchObject({ errorType: 'LoudError', errorMessage: 'l' })
    })

    it('invoke - a synchronous throw in a non-async handler fails the invocation', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: (() => {
          throw new SyntaxError('sync')
        }) as any,
      })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.payload).toMatchObject({ errorType: 'SyntaxError', errorMessage: 'sync' })
    })

    it('invoke - throw null in a non-async handler on nodejs22.x is callback(null): success with payload null', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: (() => {
          throw null
        }) as any,
      })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.functionError).toBeUndefined()
      expect(r.payloadJson).toBe('null')
    })

    it('invoke - throw null on nodejs24.x reports object/null (no handled special case)', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        runtime: 'nodejs24.x',
        code: async () => {
          throw null
        },
      })
      const r = await s.invoke({ functionName: 'f' })
      expect(r.payloadJson).toBe('{"errorType":"object","errorMessage":"null","trace":[]}')
    })

    it('invoke - an error completion emits invocation.error and the environment stays warm', async () => {
      const s = sim()
      const errors: string[] = []
      s.on('invocation.error', (e) => errors.push(`${e.errorType}: ${e.errorMessage}`))
      let inits = 0
      s.createFunction({
        functionName: 'f',
        code: {
          init: () => {
            inits++
            return async () => {
              throw new Error('x')
            }
          },
        },
      })
      await s.invoke({ functionName: 'f' })
      await s.invoke({ functionName: 'f' })
      expect(errors).toEqual(['Error: x', 'Error: x'])
      expect(inits).toBe(1)
    })
  })
})
