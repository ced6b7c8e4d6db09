import { describe, it, expect } from 'vitest'
import { createSimulation } from '../../../src/index.js'
import { decodeLogResult } from '../../../src/testing/index.js'

const T0 = Date.UTC(2024, 0, 1)

function sim() {
  return createSimulation({ seed: 42, recordEvents: true })
}

describe('lambda/invoke/sync-invoke', () => {
  it('invoke - a successful RequestResponse answers 200 with the executed version and request id', async () => {
    const s = sim()
    s.createFunction({ functionName: 'hello', code: async (event: { name: string }) => ({ hello: event.name }) })
    const r = await s.invoke({ functionName: 'hello', payload: { name: 'world' } })
    expect(r).toMatchInlineSnapshot(`
      {
        "executedVersion": "$LATEST",
        "payload": {
          "hello": "world",
        },
        "payloadJson": "{"hello":"world"}",
        "requestId": "b682f13f-168c-47c9-a0cb-54ea96fc9b04",
        "statusCode": 200,
      }
    `)
  })

  it('invoke - a missing function is 404 ResourceNotFoundException', async () => {
    const s = sim()
    const r = await s.invoke({ functionName: 'ghost' })
    expect(r.statusCode).toBe(404)
    expect(r.error?.name).toBe('ResourceNotFoundException')
    expect(r.error?.message).toBe('Function not found: arn:aws:lambda:us-east-1:123456789012:function:ghost')
    expect(r.payload).toEqual({ Type: 'User', Message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:ghost' })
    expect(r.requestId).toBeUndefined()
  })

  it('invoke - a missing qualified function names the qualifier in the ARN', async () => {
    const s = sim()
    s.createFunction({ functionName: 'f', code: async () => null })
    const r = await s.invoke({ functionName: 'f', qualifier: '7' })
    expect(r.statusCode).toBe(404)
    expect(r.error?.message).toBe('Function not found: arn:aws:lambda:us-east-1:123456789012:function:f:7')
  })

  it('invoke - DryRun answers 204 and runs nothing', async () => {
    const s = sim()
    let calls = 0
    s.createFunction({
      functionName: 'f',
      code: async () => {
        calls++
        return null
      },
    })
    const r = await s.invoke({ functionName: 'f', invocationType: 'DryRun', payload: { a: 1 } })
    expect(r.statusCode).toBe(204)
    expect(r.payloadJson).toBe('')
    expect(calls).toBe(0)
    expect(s.environments('f')).toHaveLength(0)
    expect(s.events().filter((e) => e.type.startsWith('invocation.') || e.type.startsWith('environment.'))).toEqual([])
  })

  it('invoke - DryRun of a missing function is still 404', async () => {
    const s = sim()
    const r = await s.invoke({ functionName: 'ghost', invocationType: 'DryRun' })
    expect(r.statusCode).toBe(404)
  })

  it('invoke - an invalid invocationType is a ValidationException listing the enum', async () => {
    const s = sim()
    s.createFunction({ functionName: 'f', code: async () => null })
    const r = await s.invoke({ functionName: 'f', invocationType: 'dry_run' as never })
    expect(r.statusCode).toBe(400)
    expect(r.error?.name).toBe('ValidationException')
    expect(r.error?.message).toBe(
      "1 validation error detected: Value 'dry_run' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
    )
  })

  it('invoke - payloadJson that is not JSON is 400 InvalidRequestContentException', async () => {
    const s = sim()
    let calls = 0
    s.createFunction({
      functionName: 'f',
      code: async () => {
        calls++
        return null
      },
    })
    const r = await s.invoke({ functionName: 'f', payloadJson: 'not json' })
    expect(r.statusCode).toBe(400)
    expect(r.error?.name).toBe('InvalidRequestContentException')
    expect(r.error?.message.startsWith('Could not parse request body into json: Could not parse payload into json:')).toBe(true)
    expect(calls).toBe(0)
  })

  it('invoke - payloadJson as a string or bytes reaches the handler parsed', async () => {
    const s = sim()
    s.createFunction({ functionName: 'f', code: async (event: unknown) => event })
    const fromString = await s.invoke({ functionName: 'f', payloadJson: '{"a":[1,2]}' })
    expect(fromString.payload).toEqual({ a: [1, 2] })
    const fromBytes = await s.invoke({ functionName: 'f', payloadJson: new TextEncoder().encode('"text"') })
    expect(fromBytes.payload).toBe('text')
  })

  it('invoke - a request over 6291456 bytes is 413 RequestTooLargeException; exactly the limit runs', async () => {
    const s = sim()
    s.createFunction({ functionName: 'f', code: async (event: string) => event.length })
    const over = await s.invoke({ functionName: 'f', payload: 'x'.repeat(6_291_456 - 1) }) // + 2 quotes
    expect(over.statusCode).toBe(413)
    expect(over.error?.name).toBe('RequestTooLargeException')
    expect(over.error?.message).toBe('Request must be smaller than 6291456 bytes for the InvokeFunction operation')
    const atLimit = await s.invoke({ functionName: 'f', payload: 'x'.repeat(6_291_456 - 2) })
    expect(atLimit.statusCode).toBe(200)
    expect(atLimit.payload).toBe(6_291_454)
  })

  it('invoke - the request limit counts UTF-8 bytes, not characters', async () => {
    const s = sim()
    s.createFunction({ functionName: 'f', code: async () => null })
    const r = await s.invoke({ functionName: 'f', payloadJson: JSON.stringify('é'.repeat(3_200_000)) })
    expect(r.statusCode).toBe(413)
  })

  it("invoke - invocationType 'Event' answers 202 at once with a request id; the function runs later", async () => {
    const s = sim()
    let ran = 0
    s.createFunction({ functionName: 'f', code: async () => void ran++ })
    const result = await s.invoke({ functionName: 'f', invocationType: 'Event', payload: { a: 1 } })
    expect(result).toMatchObject({ statusCode: 202, payload: null, payloadJson: '' })
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(ran).toBe(0)
    await s.runUntilIdle()
    expect(ran).toBe(1)
  })

  it("invoke - an 'Event' payload over 1 MB is refused with 413 (256 KB with the older limit)", async () => {
    const s = sim()
    s.createFunction({ functionName: 'f', code: async () => null })
    const big = { pad: 'x'.repeat(1_048_576) }
    const refused = await s.invoke({ functionName: 'f', invocationType: 'Event', payload: big })
    expect(refused.statusCode).toBe(413)
    expect(refused.error?.message).toBe('Request must be smaller than 1048576 bytes for the InvokeFunction operation')
    const old = createSimulation({ seed: 1, async: { payloadLimit: '256KB' } })
    old.createFunction({ functionName: 'f', code: async () => null })
    expect((await old.invoke({ functionName: 'f', invocationType: 'Event', payload: { pad: 'x'.repeat(262_144) } })).statusCode).toBe(413)
    expect((await old.invoke({ functionName: 'f', invocationType: 'Event', payload: { pad: 'x'.repeat(1000) } })).statusCode).toBe(202)
  })

  describe('LogType Tail', () => {
    it('invoke - Tail returns base64 of the invocation log with START/END/REPORT', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        model: { initDurationMs: 120.5 },
        code: async (_e: unknown, c: any) => {
          c.log('working')
          await c.sleep(33.333)
          return 'ok'
        },
      })
      const r = await s.invoke({ functionName: 'f', logType: 'Tail' })
      expect(r.logResult).toMatch(/^[A-Za-z0-9+/]+=*$/)
      expect(decodeLogResult(r.logResult)).toMatchInlineSnapshot(`
        "INIT_START Runtime Version: nodejs22.sim	Runtime Version ARN: arn:aws:lambda:sim::runtime:nodejs22.x
        START RequestId: b682f13f-168c-47c9-a0cb-54ea96fc9b04 Version: $LATEST
        2024-01-01T00:00:00.120Z	b682f13f-168c-47c9-a0cb-54ea96fc9b04	INFO	working
        END RequestId: b682f13f-168c-47c9-a0cb-54ea96fc9b04
        REPORT RequestId: b682f13f-168c-47c9-a0cb-54ea96fc9b04	Duration: 33.33 ms	Billed Duration: 154 ms	Memory Size: 128 MB	Max Memory Used: 72 MB	Init Duration: 120.50 ms	
        "
      `)
    })

    it('invoke - without Tail there is no logResult', async () => {
      const s = sim()
      s.createFunction({ functionName: 'f', code: async () => null })
      const none = await s.invoke({ functionName: 'f' })
      expect(none.logResult).toBeUndefined()
      expect('logResult' in none).toBe(false)
      const explicit = await s.invoke({ functionName: 'f', logType: 'None' })
      expect(explicit.logResult).toBeUndefined()
    })

    it('invoke - Tail keeps only the last 4 KB, ending with the REPORT line', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: async (_e: unknown, c: any) => {
          for (let i = 0; i < 200; i++) c.log(`line ${i} ${'.'.repeat(40)}`)
          return null
        },
      })
      const r = await s.invoke({ functionName: 'f', logType: 'Tail' })
      const bytes = Buffer.from(r.logResult!, 'base64')
      expect(bytes.length).toBe(4096)
      const text = bytes.toString('utf8')
      expect(text).not.toContain('START RequestId')
      expect(text).toContain('line 199')
      expect(text).toContain(`END RequestId: ${r.requestId}\nREPORT RequestId: ${r.requestId}\t`)
      expect(text.endsWith('\n')).toBe(true)
    })

    it('invoke - Tail of a failed invocation has the Invoke Error line', async () => {
      const s = sim()
      s.createFunction({
        functionName: 'f',
        code: async () => {
          throw new TypeError('bad')
        },
      })
      const r = await s.invoke({ functionName: 'f', logType: 'Tail' })
      expect(decodeLogResult(r.logResult)).toContain(`\t${r.requestId}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"bad","stack":["TypeError: bad",`)
    })
  })

  describe('concurrency', () => {
    it('invoke - Promise.all of several invokes start at the same virtual instant on separate environments', async () => {
      const s = sim()
      const startedAt: number[] = []
      s.createFunction({
        functionName: 'f',
        code: async (event: { ms: number }, c: any) => {
          startedAt.push(s.nowMs)
          await c.sleep(event.ms)
          return event.ms
        },
      })
      const results = await Promise.all([100, 300, 200].map((ms) => s.invoke({ functionName: 'f', payload: { ms }, logType: 'Tail' })))
      expect(results.map((r) => r.payload)).toEqual([100, 300, 200])
      expect(startedAt).toEqual([T0, T0, T0])
      expect(s.nowMs).toBe(T0 + 300)
      const starts = s.events().filter((e) => e.type === 'invocation.started')
      expect(starts.map((e) => e.atMs)).toEqual([T0, T0, T0])
      expect(new Set(starts.map((e) => (e as { environmentId: string }).environmentId)).size).toBe(3)
      for (const r of results) {
        const report = decodeLogResult(r.logResult)
          .split('\n')
          .find((l) => l.startsWith('REPORT'))!
        expect(report).toContain(`\tDuration: ${(r.payload as number).toFixed(2)} ms\t`)
      }
    })

    it('invoke - callers reaching invoke through awaits in the same tick run concurrently, even with no virtual work (issue 19)', async () => {
      // The drive's macrotask hop collects them all before anything runs: a handler that returns at
      // once still gives each caller its own environment, as concurrent requests on AWS would get.
      const s = sim()
      s.createFunction({ functionName: 'f', code: async () => 'ok' })
      await s.invoke({ functionName: 'f' })
      const caller = async (awaits: number) => {
        for (let i = 0; i < awaits; i++) await null
        return s.invoke({ functionName: 'f' })
      }
      await Promise.all([caller(0), caller(3), caller(10), caller(30)])
      const starts = s.events().filter((e) => e.type === 'invocation.started')
      expect(new Set(starts.slice(1).map((e) => (e as { environmentId: string }).environmentId)).size).toBe(4)
      expect(s.nowMs).toBe(T0)
    })

    it('invoke - a long loop of awaited invokes still lets the real event loop turn (issue 19)', async () => {
      // Drives start after the microtask drain, not a macrotask each; every 256th drive in a row
      // waits for a real turn, so timers, I/O and a test runner's timeout get theirs.
      const s = sim()
      s.createFunction({ functionName: 'f', code: async () => 'ok' })
      let turned = false
      setImmediate(() => {
        turned = true
      })
      const started = performance.now()
      let calls = 0
      while (!turned && performance.now() - started < 5_000) {
        await s.invoke({ functionName: 'f' })
        calls++
      }
      expect(turned).toBe(true)
      // Counted, not timed: the same number of drives on any machine.
      expect(calls).toBe(256)
    })

    it('invoke - invokes awaited one after another reuse one warm environment', async () => {
      const s = sim()
      s.createFunction({ functionName: 'f', code: async (_e: unknown, c: any) => c.sleep(10) })
      for (let i = 0; i < 3; i++) await s.invoke({ functionName: 'f' })
      const started = s.events().filter((e) => e.type === 'invocation.started') as { coldStart: boolean; atMs: number }[]
      expect(started.map((e) => [e.atMs - T0, e.coldStart])).toEqual([
        [0, true],
        [10, false],
        [20, false],
      ])
      expect(s.environments('f')).toHaveLength(1)
    })

    it('invoke - the same seed gives the same request ids and event log', async () => {
      const run = async () => {
        const s = sim()
        s.createFunction({ functionName: 'f', code: async (_e: unknown, c: any) => c.sleep(10) })
        await Promise.all([s.invoke({ functionName: 'f' }), s.invoke({ functionName: 'f' })])
        return s.eventLogText()
      }
      expect(await run()).toBe(await run())
    })
  })
})
