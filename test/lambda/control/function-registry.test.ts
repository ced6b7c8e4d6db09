import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createSimulation, type InitContext } from '../../../src/index.js'
import type { EnvironmentReclaimedEvent } from '../../../src/observability/events.js'
import { expectAwsError, thrown } from '../../support/aws-errors.js'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function'



function expectNotFound(fn: () => unknown, arn: string): void {
  expectAwsError(fn, 'ResourceNotFoundException', 404, `Function not found: ${arn}`)
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64')

describe('function-registry', () => {
  // ------------------------------------------------------------ createFunction

  it('createFunction - fills in the AWS defaults', () => {
    const sim = createSimulation({ seed: 1 })
    const config = sim.createFunction({ functionName: 'orders', code: async () => 'ok' })
    expect(config).toMatchObject({
      functionName: 'orders',
      functionArn: `${ARN}:orders`,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      description: '',
      timeout: 3,
      memorySize: 128,
      ephemeralStorage: { size: 512 },
      architectures: ['x86_64'],
      version: '$LATEST',
      state: 'Active',
      lastUpdateStatus: 'Successful',
      packageType: 'Zip',
      tracingConfig: { mode: 'PassThrough' },
      loggingConfig: { logFormat: 'Text', logGroup: '/aws/lambda/orders' },
      lastModified: '2024-01-01T00:00:00.000+0000',
    })
    expect(config.environment).toBeUndefined()
    expect(config.revisionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  })

  it('createFunction - uses the simulation region and account in the ARN', () => {
    const sim = createSimulation({ seed: 1, region: 'eu-west-2', accountId: '000011112222' })
    expect(sim.createFunction({ functionName: 'f', code: async () => 1 }).functionArn).toBe('arn:aws:lambda:eu-west-2:000011112222:function:f')
  })

  it('createFunction - keeps the given settings', () => {
    const sim = createSimulation({ seed: 1 })
    const config = sim.createFunction({
      functionName: 'custom',
      code: async () => 1,
      runtime: 'nodejs20.x',
      handler: 'app.main',
      description: 'hello',
      timeout: 30,
      memorySize: 1769,
      ephemeralStorage: { size: 1024 },
      architectures: ['arm64'],
      environment: { variables: { STAGE: 'prod' } },
      tracingConfig: { mode: 'Active' },
      loggingConfig: { logFormat: 'JSON', logGroup: '/custom/group' },
    })
    expect(config).toMatchObject({
      runtime: 'nodejs20.x',
      handler: 'app.main',
      description: 'hello',
      timeout: 30,
      memorySize: 1769,
      ephemeralStorage: { size: 1024 },
      architectures: ['arm64'],
      environment: { variables: { STAGE: 'prod' } },
      tracingConfig: { mode: 'Active' },
      loggingConfig: { logFormat: 'JSON', logGroup: '/custom/group' },
    })
  })

  it('createFunction - takes lastModified from the virtual clock', async () => {
    const sim = createSimulation({ seed: 1, startTime: '2023-06-15T12:34:56.789Z' })
    expect(sim.createFunction({ functionName: 'a', code: async () => 1 }).lastModified).toBe('2023-06-15T12:34:56.789+0000')
    await sim.advance('90s')
    expect(sim.createFunction({ functionName: 'b', code: async () => 1 }).lastModified).toBe('2023-06-15T12:36:26.789+0000')
  })

  it('createFunction - derives codeSha256 and codeSize from the closure source text', () => {
    const sim = createSimulation({ seed: 1 })
    const code = async (event: { n: number }): Promise<number> => event.n * 2
    const config = sim.createFunction({ functionName: 'f', code })
    const text = String(code)
    expect(config.codeSha256).toBe(sha256(text))
    expect(config.codeSize).toBe(Buffer.byteLength(text, 'utf8'))
  })

  it('createFunction - identical source text gives identical code identity; different text differs', () => {
    const sim = createSimulation({ seed: 1 })
    const a = sim.createFunction({ functionName: 'a', code: async () => 'same' })
    const b = sim.createFunction({ functionName: 'b', code: async () => 'same' })
    const c = sim.createFunction({ functionName: 'c', code: async () => 'different' })
    expect(b.codeSha256).toBe(a.codeSha256)
    expect(b.codeSize).toBe(a.codeSize)
    expect(c.codeSha256).not.toBe(a.codeSha256)
    expect(c.codeSize).not.toBe(a.codeSize)
    expect(b.revisionId).not.toBe(a.revisionId)
  })

  it('createFunction - an init factory has its own identity, distinct from the same text as a plain handler', () => {
    const sim = createSimulation({ seed: 1 })
    const fn = async (): Promise<number> => 1
    const plain = sim.createFunction({ functionName: 'plain', code: fn })
    const factory = sim.createFunction({ functionName: 'factory', code: { init: fn as unknown as () => Promise<() => number> } })
    expect(factory.codeSha256).toBe(sha256(`init:${String(fn)}`))
    expect(factory.codeSha256).not.toBe(plain.codeSha256)
  })

  it('createFunction - refuses a duplicate name with ResourceConflictException (409)', () => {
    const sim = createSimulation({ seed: 1 })
    const first = sim.createFunction({ functionName: 'dup', code: async () => 1 })
    expectAwsError(() => sim.createFunction({ functionName: 'dup', code: async () => 2 }), 'ResourceConflictException', 409, 'Function already exist: dup')
    expect(sim.getFunctionConfiguration({ functionName: 'dup' })).toEqual(first)
  })

  it('createFunction - names are case-sensitive', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'fn', code: async () => 1 })
    expect(sim.createFunction({ functionName: 'FN', code: async () => 2 }).functionName).toBe('FN')
    expect(sim.listFunctions().functions.map((f) => f.functionName)).toEqual(['FN', 'fn'])
  })

  it('createFunction - emits function.created', () => {
    const sim = createSimulation({ seed: 1 })
    const seen: unknown[] = []
    sim.on('function.created', (event) => seen.push(event))
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    expect(seen).toEqual([{ type: 'function.created', atMs: Date.UTC(2024, 0, 1), functionName: 'f', functionArn: `${ARN}:f` }])
  })

  // ------------------------------------------------------------ code forms

  it('createFunction - a plain handler function runs on invoke', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'echo', code: async (event: { name: string }) => ({ hello: event.name }) })
    const result = await sim.invoke({ functionName: 'echo', payload: { name: 'world' } })
    expect(result.statusCode).toBe(200)
    expect(result.functionError).toBeUndefined()
    expect(result.payload).toEqual({ hello: 'world' })
  })

  it('createFunction - an { init } factory runs once per environment and its state persists across warm invokes', async () => {
    const sim = createSimulation({ seed: 1 })
    let inits = 0
    sim.createFunction({
      functionName: 'counter',
      code: {
        init: async (init: InitContext) => {
          inits++
          let count = 0
          const name = init.functionName
          return async () => ({ name, count: ++count })
        },
      },
    })
    expect((await sim.invoke({ functionName: 'counter' })).payload).toEqual({ name: 'counter', count: 1 })
    expect((await sim.invoke({ functionName: 'counter' })).payload).toEqual({ name: 'counter', count: 2 })
    expect(inits).toBe(1)
    expect(sim.environments('counter')).toHaveLength(1)
  })

  // ------------------------------------------------------------ getFunction / getFunctionConfiguration

  it('getFunction - returns the configuration, a code location and tags', () => {
    const sim = createSimulation({ seed: 1 })
    const config = sim.createFunction({ functionName: 'f', code: async () => 1, tags: { team: 'a' } })
    const out = sim.getFunction({ functionName: 'f' })
    expect(out.configuration).toEqual(config)
    expect(out.code.repositoryType).toBe('S3')
    expect(typeof out.code.location).toBe('string')
    expect(out.tags).toEqual({ team: 'a' })
    sim.createFunction({ functionName: 'untagged', code: async () => 1 })
    expect(sim.getFunction({ functionName: 'untagged' })).not.toHaveProperty('tags')
  })

  it('getFunctionConfiguration - equals what createFunction returned', () => {
    const sim = createSimulation({ seed: 1 })
    const config = sim.createFunction({ functionName: 'f', code: async () => 1, memorySize: 512 })
    expect(sim.getFunctionConfiguration({ functionName: 'f' })).toEqual(config)
  })

  it.each([
    ['a plain name', { functionName: 'f' }],
    ['a partial ARN', { functionName: '123456789012:function:f' }],
    ['a full ARN', { functionName: `${ARN}:f` }],
    ['name:$LATEST', { functionName: 'f:$LATEST' }],
    ['a full ARN with :$LATEST', { functionName: `${ARN}:f:$LATEST` }],
    ['a partial ARN with :$LATEST', { functionName: '123456789012:function:f:$LATEST' }],
    ['qualifier $LATEST', { functionName: 'f', qualifier: '$LATEST' }],
  ])('getFunction - accepts %s', (_label, input) => {
    const sim = createSimulation({ seed: 1 })
    const config = sim.createFunction({ functionName: 'f', code: async () => 1 })
    expect(sim.getFunction(input).configuration).toEqual(config)
    expect(sim.getFunctionConfiguration(input)).toEqual(config)
  })

  it('getFunction - a missing function is ResourceNotFoundException with the unqualified ARN', () => {
    const sim = createSimulation({ seed: 1 })
    expectNotFound(() => sim.getFunction({ functionName: 'missing' }), `${ARN}:missing`)
    expectNotFound(() => sim.getFunctionConfiguration({ functionName: 'missing' }), `${ARN}:missing`)
    expectNotFound(() => sim.getFunction({ functionName: `${ARN}:missing` }), `${ARN}:missing`)
    expectNotFound(() => sim.getFunction({ functionName: '123456789012:function:missing' }), `${ARN}:missing`)
  })

  it('getFunction - a missing qualifier is ResourceNotFoundException with the qualifier suffix', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    expectNotFound(() => sim.getFunction({ functionName: 'f', qualifier: '1' }), `${ARN}:f:1`)
    expectNotFound(() => sim.getFunction({ functionName: 'f:1' }), `${ARN}:f:1`)
    expectNotFound(() => sim.getFunctionConfiguration({ functionName: 'f', qualifier: 'PROD' }), `${ARN}:f:PROD`)
    expectNotFound(() => sim.getFunction({ functionName: `${ARN}:f:7` }), `${ARN}:f:7`)
    expectNotFound(() => sim.getFunction({ functionName: 'missing', qualifier: '1' }), `${ARN}:missing:1`)
  })

  it('getFunction - a qualifier in the name that differs from the Qualifier parameter is InvalidParameterValueException', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    expectAwsError(
      () => sim.getFunction({ functionName: 'f:1', qualifier: '2' }),
      'InvalidParameterValueException',
      400,
      'The derived qualifier from the function name does not match the specified qualifier.',
    )
  })

  // ------------------------------------------------------------ updateFunctionConfiguration

  it('updateFunctionConfiguration - changes only the given fields and issues a new revisionId', async () => {
    const sim = createSimulation({ seed: 1 })
    const before = sim.createFunction({
      functionName: 'f',
      code: async () => 1,
      description: 'keep me',
      memorySize: 256,
      environment: { variables: { KEEP: 'yes' } },
    })
    await sim.advance('2s')
    const after = sim.updateFunctionConfiguration({ functionName: 'f', timeout: 10 })
    expect(after.timeout).toBe(10)
    expect(after.revisionId).not.toBe(before.revisionId)
    expect(after.lastModified).toBe('2024-01-01T00:00:02.000+0000')
    const { timeout: _t1, revisionId: _r1, lastModified: _l1, ...restBefore } = before
    const { timeout: _t2, revisionId: _r2, lastModified: _l2, ...restAfter } = after
    expect(restAfter).toEqual(restBefore)
    expect(sim.getFunctionConfiguration({ functionName: 'f' })).toEqual(after)
  })

  it('updateFunctionConfiguration - replaces the whole environment variable map when given', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async () => 1, environment: { variables: { A1: 'a', B1: 'b' } } })
    const after = sim.updateFunctionConfiguration({ functionName: 'f', environment: { variables: { C1: 'c' } } })
    expect(after.environment).toEqual({ variables: { C1: 'c' } })
  })

  it('updateFunctionConfiguration - accepts the same name forms as getFunction', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    expect(sim.updateFunctionConfiguration({ functionName: `${ARN}:f`, memorySize: 256 }).memorySize).toBe(256)
    expect(sim.updateFunctionConfiguration({ functionName: '123456789012:function:f', memorySize: 512 }).memorySize).toBe(512)
    expect(sim.getFunctionConfiguration({ functionName: 'f' }).memorySize).toBe(512)
  })

  it('updateFunctionConfiguration - accepts the current revisionId and refuses a stale one with PreconditionFailedException', () => {
    const sim = createSimulation({ seed: 1 })
    const v0 = sim.createFunction({ functionName: 'f', code: async () => 1 })
    const v1 = sim.updateFunctionConfiguration({ functionName: 'f', revisionId: v0.revisionId, timeout: 5 })
    expect(v1.timeout).toBe(5)
    expectAwsError(
      () => sim.updateFunctionConfiguration({ functionName: 'f', revisionId: v0.revisionId, timeout: 9 }),
      'PreconditionFailedException',
      412,
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    )
    expect(sim.getFunctionConfiguration({ functionName: 'f' })).toEqual(v1)
  })

  it('updateFunctionConfiguration - a missing function is ResourceNotFoundException', () => {
    const sim = createSimulation({ seed: 1 })
    expectNotFound(() => sim.updateFunctionConfiguration({ functionName: 'missing', timeout: 5 }), `${ARN}:missing`)
  })

  it('updateFunctionConfiguration - emits function.updated with change "configuration"', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    const seen: unknown[] = []
    sim.on('function.updated', (event) => seen.push(event))
    sim.updateFunctionConfiguration({ functionName: 'f', timeout: 5 })
    expect(seen).toEqual([{ type: 'function.updated', atMs: Date.UTC(2024, 0, 1), functionName: 'f', change: 'configuration' }])
  })

  it('updateFunctionConfiguration - the next invocation runs in a new environment that sees the new configuration', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({
      functionName: 'f',
      environment: { variables: { STAGE: 'one' } },
      code: { init: async (init: InitContext) => async () => ({ stage: init.env['STAGE'], memory: init.memoryLimitInMB }) },
    })
    expect((await sim.invoke({ functionName: 'f' })).payload).toEqual({ stage: 'one', memory: '128' })
    const [first] = sim.environments('f')
    expect(first).toBeDefined()

    const reclaimed: EnvironmentReclaimedEvent[] = []
    sim.on('environment.reclaimed', (event) => reclaimed.push(event))
    sim.updateFunctionConfiguration({ functionName: 'f', memorySize: 256, environment: { variables: { STAGE: 'two' } } })
    expect(reclaimed).toMatchObject([{ environmentId: first?.environmentId, functionName: 'f', reason: 'function-updated', invocationCount: 1 }])
    expect(sim.environments('f')).toEqual([])

    expect((await sim.invoke({ functionName: 'f' })).payload).toEqual({ stage: 'two', memory: '256' })
    const after = sim.environments('f')
    expect(after).toHaveLength(1)
    expect(after[0]?.environmentId).not.toBe(first?.environmentId)
  })

  // ------------------------------------------------------------ updateFunctionCode

  it('updateFunctionCode - changes codeSha256, codeSize and revisionId but no settings', () => {
    const sim = createSimulation({ seed: 1 })
    const before = sim.createFunction({ functionName: 'f', code: async () => 'v1', timeout: 7, memorySize: 512 })
    const newCode = async (): Promise<string> => 'version two'
    const after = sim.updateFunctionCode({ functionName: 'f', code: newCode })
    expect(after.codeSha256).toBe(sha256(String(newCode)))
    expect(after.codeSha256).not.toBe(before.codeSha256)
    expect(after.codeSize).toBe(Buffer.byteLength(String(newCode)))
    expect(after.revisionId).not.toBe(before.revisionId)
    expect(after).toMatchObject({ timeout: 7, memorySize: 512, functionArn: before.functionArn })
  })

  it('updateFunctionCode - refuses a stale revisionId and a missing function', () => {
    const sim = createSimulation({ seed: 1 })
    const v0 = sim.createFunction({ functionName: 'f', code: async () => 1 })
    sim.updateFunctionCode({ functionName: 'f', code: async () => 2, revisionId: v0.revisionId })
    const error = thrown(() => sim.updateFunctionCode({ functionName: 'f', code: async () => 3, revisionId: v0.revisionId }))
    expect(error.name).toBe('PreconditionFailedException')
    expect(error.statusCode).toBe(412)
    expectNotFound(() => sim.updateFunctionCode({ functionName: 'missing', code: async () => 1 }), `${ARN}:missing`)
  })

  it('updateFunctionCode - refuses non-function code with ValidationException and keeps the old code', () => {
    const sim = createSimulation({ seed: 1 })
    const before = sim.createFunction({ functionName: 'f', code: async () => 1 })
    const error = thrown(() => sim.updateFunctionCode({ functionName: 'f', code: 'not code' as never }))
    expect(error.name).toBe('ValidationException')
    expect(error.statusCode).toBe(400)
    expect(sim.getFunctionConfiguration({ functionName: 'f' })).toEqual(before)
  })

  it('updateFunctionCode - the next invocation runs the new code in a new environment', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async () => 'v1' })
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('v1')
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('v1')
    const before = sim.environments('f')
    expect(before).toHaveLength(1)

    const reclaimed: EnvironmentReclaimedEvent[] = []
    sim.on('environment.reclaimed', (event) => reclaimed.push(event))
    const updated: unknown[] = []
    sim.on('function.updated', (event) => updated.push(event))
    sim.updateFunctionCode({ functionName: 'f', code: async () => 'v2' })
    expect(updated).toMatchObject([{ functionName: 'f', change: 'code' }])
    expect(reclaimed).toHaveLength(1)
    expect(reclaimed[0]).toMatchObject({ environmentId: before[0]?.environmentId, reason: 'function-updated', invocationCount: 2 })

    const result = await sim.invoke({ functionName: 'f' })
    expect(result.payload).toBe('v2')
    const after = sim.environments('f')
    expect(after).toHaveLength(1)
    expect(after[0]?.environmentId).not.toBe(before[0]?.environmentId)
    expect(after[0]?.invocationCount).toBe(1)
  })

  it('updateFunctionCode - an in-flight invocation finishes on the old code; its busy environment retires afterwards', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({
      functionName: 'f',
      code: async (_event: unknown, context: { sleep(ms: number): Promise<void> }) => {
        await context.sleep(100)
        return 'v1'
      },
    })
    let updated = false
    sim.on('invocation.started', () => {
      if (updated) return
      updated = true
      sim.updateFunctionCode({ functionName: 'f', code: async () => 'v2' })
    })
    const reclaimed: EnvironmentReclaimedEvent[] = []
    sim.on('environment.reclaimed', (event) => reclaimed.push(event))

    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('v1')
    expect(reclaimed).toMatchObject([{ reason: 'function-updated', atMs: Date.UTC(2024, 0, 1) + 100 }])
    expect(sim.environments('f')).toEqual([])
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('v2')
  })

  it('updateFunctionCode - an { init } factory is re-run for the new code', async () => {
    const sim = createSimulation({ seed: 1 })
    const inits: string[] = []
    sim.createFunction({ functionName: 'f', code: { init: async () => (inits.push('a'), async () => 'a') } })
    await sim.invoke({ functionName: 'f' })
    sim.updateFunctionCode({ functionName: 'f', code: { init: async () => (inits.push('b'), async () => 'b') } })
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('b')
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('b')
    expect(inits).toEqual(['a', 'b'])
  })

  // ------------------------------------------------------------ deleteFunction

  it('deleteFunction - removes the function; get and a second delete are ResourceNotFoundException', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    sim.deleteFunction({ functionName: 'f' })
    expectNotFound(() => sim.getFunction({ functionName: 'f' }), `${ARN}:f`)
    expectNotFound(() => sim.deleteFunction({ functionName: 'f' }), `${ARN}:f`)
    expect(sim.listFunctions().functions).toEqual([])
  })

  it('deleteFunction - accepts a full ARN and a partial ARN', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'a', code: async () => 1 })
    sim.createFunction({ functionName: 'b', code: async () => 1 })
    sim.deleteFunction({ functionName: `${ARN}:a` })
    sim.deleteFunction({ functionName: '123456789012:function:b' })
    expect(sim.listFunctions().functions).toEqual([])
  })

  it('deleteFunction - a version that does not exist is deleted idempotently; a missing function is not found (unqualified ARN)', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    expect(() => sim.deleteFunction({ functionName: 'f', qualifier: '1' })).not.toThrow()
    expectNotFound(() => sim.deleteFunction({ functionName: 'missing' }), `${ARN}:missing`)
    expectNotFound(() => sim.deleteFunction({ functionName: 'missing', qualifier: '3' }), `${ARN}:missing`)
    expect(sim.getFunctionConfiguration({ functionName: 'f' }).functionName).toBe('f')
  })

  it('deleteFunction - refuses to delete $LATEST alone', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    expect(thrown(() => sim.deleteFunction({ functionName: 'f', qualifier: '$LATEST' })).name).toBe('InvalidParameterValueException')
    expect(sim.getFunctionConfiguration({ functionName: 'f' }).functionName).toBe('f')
  })

  it('deleteFunction - then invoke answers 404 ResourceNotFoundException as data, without throwing', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async () => 'hi' })
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('hi')
    const reclaimed: EnvironmentReclaimedEvent[] = []
    sim.on('environment.reclaimed', (event) => reclaimed.push(event))
    sim.deleteFunction({ functionName: 'f' })
    expect(reclaimed).toMatchObject([{ functionName: 'f', reason: 'function-deleted' }])
    expect(sim.environments('f')).toEqual([])

    const result = await sim.invoke({ functionName: 'f' })
    expect(result.statusCode).toBe(404)
    expect(result.error?.name).toBe('ResourceNotFoundException')
    expect(result.error?.message).toBe(`Function not found: ${ARN}:f`)
    expect(result.payload).toEqual({ Type: 'User', Message: `Function not found: ${ARN}:f` })
  })

  it('deleteFunction - the name can be created again, with fresh code', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async () => 'old' })
    await sim.invoke({ functionName: 'f' })
    sim.deleteFunction({ functionName: 'f' })
    sim.createFunction({ functionName: 'f', code: async () => 'new' })
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe('new')
  })

  // ------------------------------------------------------------ listFunctions

  it('listFunctions - returns configurations sorted by name', () => {
    const sim = createSimulation({ seed: 1 })
    for (const name of ['charlie', 'alpha', 'bravo']) sim.createFunction({ functionName: name, code: async () => name })
    const out = sim.listFunctions()
    expect(out.functions.map((f) => f.functionName)).toEqual(['alpha', 'bravo', 'charlie'])
    expect(out.functions[0]).toEqual(sim.getFunctionConfiguration({ functionName: 'alpha' }))
    expect(out.nextMarker).toBeUndefined()
  })

  it('listFunctions - pages with maxItems and nextMarker until the end', () => {
    const sim = createSimulation({ seed: 1 })
    for (const name of ['e', 'd', 'c', 'b', 'a']) sim.createFunction({ functionName: name, code: async () => 1 })
    const seen: string[] = []
    const pages: number[] = []
    let marker: string | undefined
    do {
      const page = sim.listFunctions({ maxItems: 2, ...(marker !== undefined ? { marker } : {}) })
      pages.push(page.functions.length)
      seen.push(...page.functions.map((f) => f.functionName))
      marker = page.nextMarker
    } while (marker !== undefined)
    expect(pages).toEqual([2, 2, 1])
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('listFunctions - no nextMarker when the page ends exactly at the last function', () => {
    const sim = createSimulation({ seed: 1 })
    for (const name of ['a', 'b']) sim.createFunction({ functionName: name, code: async () => 1 })
    expect(sim.listFunctions({ maxItems: 2 })).not.toHaveProperty('nextMarker')
  })

  it('listFunctions - defaults to 50 per page', () => {
    const sim = createSimulation({ seed: 1 })
    for (let i = 0; i < 51; i++) sim.createFunction({ functionName: `fn-${String(i).padStart(3, '0')}`, code: async () => i })
    const first = sim.listFunctions()
    expect(first.functions).toHaveLength(50)
    expect(first.nextMarker).toBeDefined()
    const second = sim.listFunctions({ marker: first.nextMarker as string })
    expect(second.functions.map((f) => f.functionName)).toEqual(['fn-050'])
    expect(second.nextMarker).toBeUndefined()
  })

  it('listFunctions - rejects maxItems out of 1..10000 and an unknown marker', () => {
    const sim = createSimulation({ seed: 1 })
    expect(() => sim.listFunctions({ maxItems: 0 })).toThrow(
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    )
    expect(thrown(() => sim.listFunctions({ marker: 'no-such-marker' })).name).toBe('InvalidParameterValueException')
  })

  it('listFunctions - reflects updates and deletions', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'a', code: async () => 1 })
    sim.createFunction({ functionName: 'b', code: async () => 1 })
    sim.updateFunctionConfiguration({ functionName: 'a', timeout: 42 })
    sim.deleteFunction({ functionName: 'b' })
    expect(sim.listFunctions().functions.map((f) => [f.functionName, f.timeout])).toEqual([['a', 42]])
  })
})

describe('function-registry with versions', () => {
  it("listFunctions - functionVersion 'ALL' lists published versions after each $LATEST, and pages through them", () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'a', code: async () => 1, publish: true })
    sim.createFunction({ functionName: 'b', code: async () => 2 })
    sim.updateFunctionCode({ functionName: 'a', code: async () => 3, publish: true })
    const all = sim.listFunctions({ functionVersion: 'ALL' }).functions.map((f) => `${f.functionName}:${f.version}`)
    expect(all).toEqual(['a:$LATEST', 'a:1', 'a:2', 'b:$LATEST'])
    expect(sim.listFunctions().functions.map((f) => f.functionName)).toEqual(['a', 'b'])
    const first = sim.listFunctions({ functionVersion: 'ALL', maxItems: 2 })
    expect(first.nextMarker).toBe('a:2')
    const rest = sim.listFunctions({ functionVersion: 'ALL', maxItems: 2, marker: first.nextMarker })
    expect(rest.functions.map((f) => f.version)).toEqual(['2', '$LATEST'])
    expect(rest.nextMarker).toBeUndefined()
  })

  it('getFunction - shows reserved concurrency when the function has it', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'a', code: async () => 1 })
    expect(sim.getFunction({ functionName: 'a' }).concurrency).toBeUndefined()
    sim.putFunctionConcurrency({ functionName: 'a', reservedConcurrentExecutions: 7 })
    expect(sim.getFunction({ functionName: 'a' }).concurrency).toEqual({ reservedConcurrentExecutions: 7 })
  })
})
