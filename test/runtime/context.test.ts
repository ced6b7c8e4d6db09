import { inspect } from 'node:util'
import { describe, it, expect } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { decodeLogResult } from '../../src/testing/index.js'

const T0 = Date.UTC(2024, 0, 1)

function sim() {
  return createSimulation({ seed: 3, recordEvents: true })
}

/** Captures the context a handler receives (only plain fields, read during the invocation). */
function capturing(s: ReturnType<typeof sim>, functionName: string, extra: Record<string, unknown> = {}) {
  const seen: Record<string, unknown>[] = []
  s.createFunction({
    functionName,
    ...extra,
    code: async (_e: unknown, c: any) => {
      const atStart = c.getRemainingTimeInMillis()
      await c.sleep(100)
      seen.push({
        functionName: c.functionName,
        functionVersion: c.functionVersion,
        invokedFunctionArn: c.invokedFunctionArn,
        memoryLimitInMB: c.memoryLimitInMB,
        awsRequestId: c.awsRequestId,
        logGroupName: c.logGroupName,
        logStreamName: c.logStreamName,
        identity: c.identity,
        clientContext: c.clientContext,
        callbackWaitsForEmptyEventLoop: c.callbackWaitsForEmptyEventLoop,
        env: c.env,
        remainingAtStart: atStart,
        remainingAfterSleep: c.getRemainingTimeInMillis(),
      })
      return null
    },
  } as any)
  return seen
}

describe('runtime/context', () => {
  it('context - carries the Node.js context fields', async () => {
    const s = sim()
    const seen = capturing(s, 'ctx', { memorySize: 256, environment: { variables: { STAGE: 'test' } } })
    const r = await s.invoke({ functionName: 'ctx' })
    const c = seen[0]!
    expect(c.functionName).toBe('ctx')
    expect(c.functionVersion).toBe('$LATEST')
    expect(c.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:ctx')
    expect(c.memoryLimitInMB).toBe('256')
    expect(c.awsRequestId).toBe(r.requestId)
    expect(c.awsRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(c.logGroupName).toBe('/aws/lambda/ctx')
    expect(c.logStreamName).toMatch(/^2024\/01\/01\/\[\$LATEST\][0-9a-f]{32}$/)
    expect(c.logStreamName).toBe(s.environments('ctx')[0]!.logStreamName)
    expect(c.identity).toBeUndefined()
    expect(c.clientContext).toBeUndefined()
    expect(c.callbackWaitsForEmptyEventLoop).toBe(true)
    const env = c.env as Record<string, string>
    expect(env.AWS_REGION).toBe('us-east-1')
    expect(env.AWS_LAMBDA_FUNCTION_NAME).toBe('ctx')
    expect(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE).toBe('256')
    expect(env.STAGE).toBe('test')
  })

  it('context - JSON.stringify and console.log show the Lambda fields, not the simulation behind them', async () => {
    const s = sim()
    let json = ''
    let shown = ''
    s.createFunction({
      functionName: 'logs-context',
      code: async (_e: unknown, c: object) => {
        json = JSON.stringify(c)
        shown = inspect(c)
      },
    })
    const r = await s.invoke({ functionName: 'logs-context' })
    expect(r.functionError).toBeUndefined()
    const parsed = JSON.parse(json) as Record<string, unknown>
    expect(Object.keys(parsed)).toEqual([
      'callbackWaitsForEmptyEventLoop',
      'functionVersion',
      'functionName',
      'memoryLimitInMB',
      'logGroupName',
      'logStreamName',
      'invokedFunctionArn',
      'awsRequestId',
    ])
    expect(parsed['awsRequestId']).toBe(r.requestId)
    expect(shown).toContain(`awsRequestId: '${r.requestId}'`)
    expect(shown).not.toContain('host')
    expect(shown).not.toContain('Attempt')
  })

  it('context - request ids are deterministic per seed and differ between seeds', async () => {
    const ids = async (seed: number) => {
      const s = createSimulation({ seed })
      s.createFunction({ functionName: 'f', code: async () => null })
      const a = await s.invoke({ functionName: 'f' })
      const b = await s.invoke({ functionName: 'f' })
      return [a.requestId, b.requestId]
    }
    const first = await ids(3)
    expect(await ids(3)).toEqual(first)
    expect(first[0]).not.toBe(first[1])
    expect((await ids(4))[0]).not.toBe(first[0])
  })

  it('context - invokedFunctionArn is qualified when the caller qualifies the call', async () => {
    const s = sim()
    const seen = capturing(s, 'ctx')
    await s.invoke({ functionName: 'ctx', qualifier: '$LATEST' })
    await s.invoke({ functionName: 'ctx:$LATEST' })
    await s.invoke({ functionName: 'arn:aws:lambda:us-east-1:123456789012:function:ctx' })
    expect(seen.map((c) => c.invokedFunctionArn)).toEqual([
      'arn:aws:lambda:us-east-1:123456789012:function:ctx:$LATEST',
      'arn:aws:lambda:us-east-1:123456789012:function:ctx:$LATEST',
      'arn:aws:lambda:us-east-1:123456789012:function:ctx',
    ])
    expect(seen.map((c) => c.functionVersion)).toEqual(['$LATEST', '$LATEST', '$LATEST'])
  })

  it('context - getRemainingTimeInMillis runs on virtual time', async () => {
    const s = sim()
    const seen = capturing(s, 'ctx')
    await s.invoke({ functionName: 'ctx' })
    expect(seen[0]!.remainingAtStart).toBe(3000)
    expect(seen[0]!.remainingAfterSleep).toBe(2900)
  })

  it('context - clientContext is passed through (object or base64 JSON)', async () => {
    const s = sim()
    const seen = capturing(s, 'ctx')
    const clientContext = { client: { app_title: 'shop' }, Custom: { tier: 'gold' } }
    await s.invoke({ functionName: 'ctx', clientContext })
    await s.invoke({ functionName: 'ctx', clientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64') })
    expect(seen[0]!.clientContext).toEqual(clientContext)
    expect(seen[1]!.clientContext).toEqual(clientContext)
  })

  it('context - an invalid base64 client context is InvalidRequestContentException', async () => {
    const s = sim()
    s.createFunction({ functionName: 'f', code: async () => null })
    const r = await s.invoke({ functionName: 'f', clientContext: 'not base64 json' })
    expect(r.statusCode).toBe(400)
    expect(r.error?.name).toBe('InvalidRequestContentException')
    expect(r.error?.message).toBe('Client context must be a valid Base64-encoded JSON object.')
  })

  it('context - console-like log and logger levels write app lines', async () => {
    const s = sim()
    s.createFunction({
      functionName: 'f',
      code: async (_e: unknown, c: any) => {
        c.log('hello %s', 'world', { a: 1 })
        await c.sleep(5)
        c.logger.error('line1\nline2')
        return null
      },
    })
    const r = await s.invoke({ functionName: 'f', logType: 'Tail' })
    const lines = decodeLogResult(r.logResult).split('\n')
    expect(lines).toContain(`2024-01-01T00:00:00.000Z\t${r.requestId}\tINFO\thello world { a: 1 }`)
    expect(lines).toContain(`2024-01-01T00:00:00.005Z\t${r.requestId}\tERROR\tline1\rline2`)
  })

  it('context.sleep - rejects a negative or non-finite wait', async () => {
    const s = sim()
    const errors: string[] = []
    s.createFunction({
      functionName: 'f',
      code: async (_e: unknown, c: any) => {
        for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
          await c.sleep(bad).catch((error: Error) => errors.push(error.message))
        }
        return null
      },
    })
    await s.invoke({ functionName: 'f' })
    expect(errors).toHaveLength(3)
    expect(errors[0]).toContain('context.sleep expects a finite number of milliseconds >= 0, got -1')
    expect(s.nowMs).toBe(T0)
  })

  describe('compute', () => {
    const computeAt = async (memorySize: number, cpuMs: number, parallelism?: number) => {
      const s = sim()
      s.createFunction({
        functionName: 'cpu',
        memorySize,
        timeout: 30,
        code: async (_e: unknown, c: any) => {
          await c.compute(cpuMs, parallelism === undefined ? undefined : { parallelism })
          return null
        },
      })
      await s.invoke({ functionName: 'cpu' })
      return s.nowMs - T0
    }

    it('context.compute - 100 ms of work takes 100 ms at 1769 MB (one vCPU)', async () => {
      expect(await computeAt(1769, 100)).toBe(100)
    })

    it('context.compute - takes about 1382.03 ms at 128 MB', async () => {
      expect(await computeAt(128, 100)).toBeCloseTo(1382.03, 2)
    })

    it('context.compute - single-threaded work does not speed up past one vCPU (3538 MB)', async () => {
      expect(await computeAt(3538, 100)).toBe(100)
    })

    it('context.compute - parallel work uses more vCPUs: 50 ms at 3538 MB with parallelism 2', async () => {
      expect(await computeAt(3538, 100, 2)).toBe(50)
    })

    it('invoke - model.computeMs is spent before the handler on every invocation, scaled by memory', async () => {
      const s = sim()
      const startedAt: number[] = []
      s.createFunction({
        functionName: 'modelled',
        memorySize: 1769,
        model: { computeMs: 40 },
        code: async () => {
          startedAt.push(s.nowMs - T0)
          return null
        },
      })
      const cold = await s.invoke({ functionName: 'modelled', logType: 'Tail' })
      expect(decodeLogResult(cold.logResult)).toContain('\tDuration: 40.00 ms\t')
      await s.advance('1s')
      const warm = await s.invoke({ functionName: 'modelled', logType: 'Tail' })
      expect(decodeLogResult(warm.logResult)).toContain('\tDuration: 40.00 ms\t')
      expect(startedAt).toEqual([40, 1080])
    })

    it('invoke - model.computeMs at 128 MB stretches like compute()', async () => {
      const s = sim()
      s.createFunction({ functionName: 'modelled', model: { computeMs: 100 }, code: async () => null })
      const r = await s.invoke({ functionName: 'modelled', logType: 'Tail' })
      expect(decodeLogResult(r.logResult)).toContain('\tDuration: 1382.03 ms\tBilled Duration: 1383 ms\t')
    })
  })
})
