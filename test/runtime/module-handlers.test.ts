import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { createSimulation } from '../../src/index.js'
import { decodeLogResult } from '../../src/testing/index.js'

const T0 = Date.UTC(2024, 0, 1)
const packages = resolve(__dirname, '../fixtures/packages')
const pkg = (name: string): { directory: string } => ({ directory: join(packages, name) })

function sim(seed = 21) {
  return createSimulation({ seed, recordEvents: true })
}

const scratch = mkdtempSync(join(tmpdir(), 'lambda-sim-packages-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('runtime/module handlers (code: { directory })', () => {
  for (const kind of ['esm', 'cjs'] as const) {
    describe(kind, () => {
      const code = pkg(`${kind}-counter`)

      it('invoke - the Handler setting names the file and export; module scope is the init phase and runs once per environment', async () => {
        const s = sim()
        s.createFunction({ functionName: 'counter', handler: 'index.handler', code, environment: { variables: { QUEUE_URL: 'https://sqs.example/q' } } })
        const cold = await s.invoke({ functionName: 'counter', logType: 'Tail' })
        expect(cold.functionError).toBeUndefined()
        // process.env at module scope shows the function's variables; Date.now() is virtual there.
        expect(cold.payload).toEqual({ invocations: 1, loadedAt: T0, queue: 'https://sqs.example/q' })
        const coldLog = decodeLogResult(cold.logResult)
        expect(coldLog).toMatch(/^INIT_START /)
        expect(coldLog).toContain(`\tundefined\tINFO\tmodule scope of ${kind}-counter`)
        expect(coldLog).toContain('\tInit Duration: ')
        // Warm reuse keeps the module's state.
        const warm = await s.invoke({ functionName: 'counter', logType: 'Tail' })
        expect(warm.payload).toMatchObject({ invocations: 2 })
        expect(decodeLogResult(warm.logResult)).not.toContain('Init Duration')
      })

      it('invoke - two concurrent invocations get two environments, each with its own module instance', async () => {
        const s = sim()
        s.createFunction({ functionName: 'counter', code })
        const [a, b] = await Promise.all([s.invoke({ functionName: 'counter' }), s.invoke({ functionName: 'counter' })])
        expect(s.environments('counter')).toHaveLength(2)
        expect([a?.payload, b?.payload]).toMatchObject([{ invocations: 1 }, { invocations: 1 }])
        const third = await s.invoke({ functionName: 'counter' })
        expect(third.payload).toMatchObject({ invocations: 2 })
      })

      it('invoke - two simulations in one process never share a module instance', async () => {
        const first = sim()
        const second = sim()
        first.createFunction({ functionName: 'counter', code })
        second.createFunction({ functionName: 'counter', code })
        expect((await first.invoke({ functionName: 'counter' })).payload).toMatchObject({ invocations: 1 })
        expect((await second.invoke({ functionName: 'counter' })).payload).toMatchObject({ invocations: 1 })
        expect((await first.invoke({ functionName: 'counter' })).payload).toMatchObject({ invocations: 2 })
      })
    })
  }

  it('invoke - a nested handler path (src/app.routes.get) resolves the file under src/ and the nested export; .cjs is found', async () => {
    const s = sim()
    s.createFunction({ functionName: 'nested', handler: 'src/app.routes.get', code: pkg('nested') })
    const r = await s.invoke({ functionName: 'nested', payload: { id: 7 } })
    expect(r.payload).toEqual({ route: 'get', id: 7 })
  })

  it('invoke - an .mjs module is found when there is no .js', async () => {
    const s = sim()
    s.createFunction({ functionName: 'echo', code: pkg('mjs-only') })
    expect((await s.invoke({ functionName: 'echo', payload: { a: 1 } })).payload).toEqual({ echoed: { a: 1 } })
  })

  it('init - top-level await of a virtual timer works: the init waits in virtual time and is timed', async () => {
    const s = sim()
    const phases: string[] = []
    s.on('environment.initialized', (e) => phases.push(`${e.phase}:${e.status}:${e.initDurationMs}`))
    s.createFunction({ functionName: 'waits', code: pkg('top-level-wait'), environment: { variables: { INIT_WAIT_MS: '750' } } })
    const r = await s.invoke({ functionName: 'waits', logType: 'Tail' })
    expect(r.payload).toEqual({ waited: 750 })
    expect(phases).toEqual(['init:success:750'])
    expect(decodeLogResult(r.logResult)).toContain('\tInit Duration: 750.00 ms\t')
  })

  it('init - a top-level wait past 10 s is an init timeout (INIT_REPORT Status: timeout); the init re-runs inside the invocation', async () => {
    const s = sim()
    const phases: string[] = []
    s.on('environment.initialized', (e) => phases.push(`${e.phase}:${e.status}:${e.initDurationMs}`))
    s.createFunction({ functionName: 'heavy', timeout: 30, code: pkg('top-level-wait'), environment: { variables: { INIT_WAIT_MS: '11000' } } })
    const r = await s.invoke({ functionName: 'heavy' })
    expect(phases).toEqual(['init:timeout:10000', 'invoke:success:11000'])
    expect(r.payload).toEqual({ waited: 11_000 })
    expect(s.logs.text()).toContain('INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout')
  })

  it('init - a top-level throw fails the init with that error and the Uncaught Exception line; the environment is discarded', async () => {
    const s = sim()
    const reclaimed: string[] = []
    s.on('environment.reclaimed', (e) => reclaimed.push(e.reason))
    s.createFunction({ functionName: 'broken', code: pkg('top-level-throw') })
    const r = await s.invoke({ functionName: 'broken', logType: 'Tail' })
    expect(r.functionError).toBe('Unhandled')
    expect(r.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'configuration missing' })
    expect((r.payload as { trace: string[] }).trace[0]).toBe('TypeError: configuration missing')
    expect((r.payload as { trace: string[] }).trace.join('\n')).not.toContain('lambda-sim-load')
    expect(decodeLogResult(r.logResult)).toContain('\tundefined\tERROR\tUncaught Exception \t{"errorType":"TypeError","errorMessage":"configuration missing"')
    expect(s.environments('broken')).toHaveLength(0)
    expect(reclaimed).toEqual(['init-failed'])
  })

  it('init - a module that cannot be found answers Runtime.ImportModuleError, as the Node.js runtime writes it', async () => {
    const s = sim()
    s.createFunction({ functionName: 'missing', handler: 'app.handler', code: pkg('mjs-only') })
    const r = await s.invoke({ functionName: 'missing', logType: 'Tail' })
    expect(r.functionError).toBe('Unhandled')
    expect(r.payload).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: "Error: Cannot find module 'app'\nRequire stack:\n- /var/runtime/index.mjs" })
    expect(decodeLogResult(r.logResult)).toContain('\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module \'app\'\\nRequire stack:\\n- /var/runtime/index.mjs"')
    expect(s.environments('missing')).toHaveLength(0)
  })

  it('init - a dependency that cannot be found is a Runtime.ImportModuleError naming it', async () => {
    const s = sim()
    s.createFunction({ functionName: 'dep', code: pkg('missing-dep') })
    const r = await s.invoke({ functionName: 'dep' })
    expect(r.payload).toMatchObject({ errorType: 'Runtime.ImportModuleError' })
    expect((r.payload as { errorMessage: string }).errorMessage).toMatch(/^Error: Cannot find module 'definitely-not-installed-lambda-sim'/)
  })

  it('init - a syntax error is a Runtime.UserCodeSyntaxError', async () => {
    const s = sim()
    s.createFunction({ functionName: 'syntax', code: pkg('syntax-error') })
    const r = await s.invoke({ functionName: 'syntax' })
    expect(r.payload).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError' })
    expect((r.payload as { errorMessage: string }).errorMessage).toMatch(/^SyntaxError: /)
  })

  it('init - a TypeScript module without a loader of the user\'s own is a Runtime.ImportModuleError that says so', async () => {
    const s = sim()
    s.createFunction({ functionName: 'typed', code: pkg('ts-only') })
    const r = await s.invoke({ functionName: 'typed' })
    expect(r.payload).toMatchObject({ errorType: 'Runtime.ImportModuleError' })
    expect((r.payload as { errorMessage: string }).errorMessage).toContain('Unknown file extension ".mts"')
    expect((r.payload as { errorMessage: string }).errorMessage).toContain('tsx')
  })

  it('init - a missing export or a non-function answers Runtime.HandlerNotFound', async () => {
    const s = sim()
    s.createFunction({ functionName: 'absent', handler: 'index.nothing', code: pkg('not-a-function') })
    s.createFunction({ functionName: 'value', handler: 'index.handler', code: pkg('not-a-function') })
    const absent = await s.invoke({ functionName: 'absent', logType: 'Tail' })
    expect(absent.payload).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.nothing is undefined or not exported' })
    expect(decodeLogResult(absent.logResult)).toContain('\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.HandlerNotFound","errorMessage":"index.nothing is undefined or not exported"')
    const value = await s.invoke({ functionName: 'value' })
    expect(value.payload).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is not a function' })
  })

  it('init - on nodejs24.x the init error line is labelled Init Error', async () => {
    const s = sim()
    s.createFunction({ functionName: 'absent', runtime: 'nodejs24.x', handler: 'index.nothing', code: pkg('not-a-function') })
    const r = await s.invoke({ functionName: 'absent', logType: 'Tail' })
    expect(decodeLogResult(r.logResult)).toContain('\tERROR\tInit Error \t{"errorType":"Runtime.HandlerNotFound"')
  })

  it('init - the loader reading modules is not an escape, but real I/O started by top-level code is', async () => {
    const s = createSimulation({ seed: 22 })
    s.createFunction({ functionName: 'io', code: pkg('top-level-io') })
    await expect(s.invoke({ functionName: 'io' })).rejects.toThrow(/The init code of function "io".*started file I\/O/s)
  })

  it('createFunction - a directory that does not exist is refused with InvalidParameterValueException', () => {
    const s = sim()
    expect(() => s.createFunction({ functionName: 'nowhere', code: { directory: join(scratch, 'does-not-exist') } })).toThrow(
      expect.objectContaining({ name: 'InvalidParameterValueException' }),
    )
    expect(() => s.createFunction({ functionName: 'relative', code: { directory: 'relative/path' } })).toThrow(
      expect.objectContaining({ name: 'InvalidParameterValueException' }),
    )
  })

  it('updateFunctionCode - changed files give a new CodeSha256, PublishVersion notices, and new environments load the new code', async () => {
    const dir = join(scratch, 'updatable')
    cpSync(join(packages, 'cjs-counter'), dir, { recursive: true })
    const s = sim()
    const created = s.createFunction({ functionName: 'up', code: { directory: dir } })
    expect(created.codeSize).toBeGreaterThan(0)
    const v1 = s.publishVersion({ functionName: 'up' })
    expect(v1.codeSha256).toBe(created.codeSha256)
    expect((await s.invoke({ functionName: 'up' })).payload).toMatchObject({ invocations: 1 })

    writeFileSync(join(dir, 'index.js'), "exports.handler = async () => 'version two'\n")
    const updated = s.updateFunctionCode({ functionName: 'up', code: { directory: dir } })
    expect(updated.codeSha256).not.toBe(created.codeSha256)
    const v2 = s.publishVersion({ functionName: 'up' })
    expect(v2.version).toBe('2')
    expect((await s.invoke({ functionName: 'up' })).payload).toBe('version two')

    // Unchanged files: the same identity, and PublishVersion has nothing new to publish.
    const again = s.updateFunctionCode({ functionName: 'up', code: { directory: dir } })
    expect(again.codeSha256).toBe(updated.codeSha256)
  })

  it('sdk - sim.registerCode(name, { directory }) carries a package through CreateFunction; Handler picks the export', async () => {
    const s = sim()
    const client = new LambdaClient(s.clientConfig())
    await client.send(
      new CreateFunctionCommand({
        FunctionName: 'from-sdk',
        Role: 'arn:aws:iam::123456789012:role/lambda-role',
        Handler: 'src/app.routes.get',
        Runtime: 'nodejs22.x',
        Code: s.registerCode('nested-package', pkg('nested')),
      }),
    )
    // Created through the SDK, the function is Pending for a second first, as on AWS.
    await s.advance('1s')
    const out = await client.send(new InvokeCommand({ FunctionName: 'from-sdk', Payload: new TextEncoder().encode('{"id":3}') }))
    expect(JSON.parse(new TextDecoder().decode(out.Payload))).toEqual({ route: 'get', id: 3 })
  })

  it('handlerWorld: false - a package still loads (its module scope is the init phase)', async () => {
    const s = createSimulation({ seed: 23, handlerWorld: false })
    s.createFunction({ functionName: 'counter', code: pkg('esm-counter') })
    expect((await s.invoke({ functionName: 'counter' })).payload).toMatchObject({ invocations: 1 })
    expect((await s.invoke({ functionName: 'counter' })).payload).toMatchObject({ invocations: 2 })
  })

  it('determinism - the same seed gives the same event log, however fast the disk answers concurrent loads', async () => {
    const run = async () => {
      const s = sim(33)
      s.createFunction({ functionName: 'counter', code: pkg('esm-counter') })
      s.createFunction({ functionName: 'echo', code: pkg('mjs-only') })
      s.createFunction({ functionName: 'cjs', code: pkg('cjs-counter') })
      s.createFunction({ functionName: 'broken', code: pkg('top-level-throw') })
      s.createFunction({ functionName: 'waits', code: pkg('top-level-wait') })
      const names = ['counter', 'echo', 'cjs', 'broken', 'waits']
      await Promise.all(names.flatMap((functionName) => [1, 2, 3].map(() => s.invoke({ functionName }))))
      await s.invoke({ functionName: 'counter' })
      return s.eventLogText()
    }
    const first = await run()
    for (let i = 0; i < 4; i++) {
      const again = await run()
      const [la, lb] = [first.split('\n'), again.split('\n')]
      expect(lb.filter((line, at) => line !== la[at])).toEqual([])
    }
  })

})
