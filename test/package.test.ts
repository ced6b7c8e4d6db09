/**
 * The BUILT package from a consumer's point of view. `npm test` builds with tsup before vitest runs.
 *
 * The consumer is a scratch directory whose `node_modules/lambda-sim` holds exactly the files
 * `npm pack` would publish, next to the package's declared `dependencies` and `peerDependencies`
 * (linked from this repository's node_modules, as npm would hoist them) and `@types/node` (the
 * consumer's own). Nothing else of this repository is reachable — so a type the public `.d.ts`
 * needs from a dev dependency would fail here. It is used through the `exports` map: an ESM
 * consumer (`import`), a CommonJS consumer (`require`), and TypeScript consumers type-checking
 * against the built `.d.ts` / `.d.cts` under `node16` (ESM and CJS), `bundler` and `node10`
 * resolution, with `tsc` from this repository.
 *
 * In the `slow` project (vitest.config.ts): no test or hook here has a timeout of its own; the
 * project's budget only catches a hang.
 */
import { execFile, execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SLOW_TIMEOUT_MS } from './support/slow.js'

const root = resolve(import.meta.dirname, '..')
let consumer: string

/** A small real run, the same from both module systems: a function, an invocation, logs, a built event, the testing kit. */
const scenario = `
  const sim = testing.freshSimulation({ seed: 7 })
  sim.createFunction({
    functionName: 'double',
    code: async (event, context) => {
      await context.sleep(50)
      context.log('doubling', event.n)
      return { twice: event.n * 2 }
    },
  })
  const event = lib.sqsEvent(['x'], { sim })
  sim.invoke({ functionName: 'double', payload: { n: 21 } }).then((r) => {
    const lines = sim.logs.events({ logGroupName: '/aws/lambda/double' }).map((e) => e.message.split('\\t')[0].split(' ')[0].trim())
    console.log(JSON.stringify({
      payload: r.payload,
      status: r.statusCode,
      at: sim.nowMs,
      lines,
      userLine: sim.logs.text().includes('doubling 21'),
      eventSource: event.Records[0].eventSource,
      hash: testing.eventLogHash(sim),
      // The testing kit's arbitraries come from fast-check, which tsup keeps external: it must load in both formats.
      kit: typeof testing.faultPlanArbitrary({ functionName: 'double' }).filter,
    }))
  })
`

/**
 * One copy of the library behind both entry points: what `lambda-sim/testing` makes or throws is an
 * instance of the classes `lambda-sim` exports. Both module systems run it.
 */
const identityScenario = `
  const results = {}
  results.freshSimulation = testing.freshSimulation({ seed: 1 }) instanceof lib.Simulation
  try {
    testing.parseReplayLine('not a replay line')
    results.parseReplayLineThrew = false
  } catch (error) {
    results.parseReplayLineThrew = true
    results.parseReplayLineError = error instanceof lib.SimulationError
    results.parseReplayLineErrorIsError = error instanceof Error
  }
  // withSimulation needs vitest's \`test\` only for \`extend\`: this stand-in hands the fixture back to run it here.
  const fixtures = testing.withSimulation({ extend: (f) => f })
  const fixture = fixtures.sim({ task: { name: 'identity' }, onTestFailed: () => undefined }, async (sim) => {
    results.withSimulation = sim instanceof lib.Simulation
  })
  const replayed = testing.replay('seed=3 decisions=seeded', async (sim) => {
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    // A BigInt is not JSON: the simulation made by replay() throws a SimulationError, and replay() catches it.
    await sim.invoke({ functionName: 'f', payload: { n: 1n } })
  })
  Promise.all([fixture, replayed]).then(([, run]) => {
    results.replaySimulation = run.sim instanceof lib.Simulation
    results.replayFailure = run.failure instanceof lib.SimulationError
    results.replayFailureCode = run.failure && run.failure.code
    console.log(JSON.stringify(results))
  })
`

const identityExpected = {
  freshSimulation: true,
  parseReplayLineThrew: true,
  parseReplayLineError: true,
  parseReplayLineErrorIsError: true,
  withSimulation: true,
  replaySimulation: true,
  replayFailure: true,
  replayFailureCode: 'invalid-argument',
}

interface ScenarioResult {
  readonly payload: unknown
  readonly status: number
  readonly at: number
  readonly lines: string[]
  readonly userLine: boolean
  readonly eventSource: string
  readonly hash: string
  readonly kit: string
}

function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

async function runScenario<Result = ScenarioResult>(args: string[]): Promise<Result> {
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: consumer, encoding: 'utf8' })
  return JSON.parse(stdout.trim()) as Result
}

/** Links `name` from this repository's node_modules into the consumer's, as npm would install it. */
function linkModule(name: string): void {
  const from = join(root, 'node_modules', name)
  if (!existsSync(from)) return
  const to = join(consumer, 'node_modules', name)
  mkdirSync(dirname(to), { recursive: true })
  symlinkSync(from, to, 'dir')
}

/** Copies the files `npm pack` would publish into the consumer's node_modules/lambda-sim. */
function installPackedFiles(): void {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as {
    files: { path: string }[]
  }[]
  const target = join(consumer, 'node_modules', 'lambda-sim')
  for (const { path } of packed[0]?.files ?? []) {
    mkdirSync(dirname(join(target, path)), { recursive: true })
    cpSync(join(root, path), join(target, path))
  }
}

// ------------------------------------------------------------------ TypeScript consumers

/** Type-checked by every consumer; the `@ts-expect-error` lines fail if a type degrades to `any`. */
const typedSource = (testingImport: string): string => `
import type { SQSHandler } from 'aws-lambda'
import { apiGatewayProxyEventV2, createSimulation, sqsEvent, type InvokeResult, type LambdaContext } from 'lambda-sim'
import { eventLogHash, freshSimulation } from '${testingImport}'

const sim = createSimulation({ seed: 1 })
sim.createFunction({ functionName: 'f', code: async (event: { n: number }, context: LambdaContext) => ({ twice: event.n * 2, id: context.awsRequestId }) })
const handler: SQSHandler = async (event) => ({ batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) })
sim.createFunction({ functionName: 'typed', code: handler })
export const result: Promise<InvokeResult> = sim.invoke({ functionName: 'typed', payload: sqsEvent(['x'], { sim }) })

const event = sqsEvent(['x'])
export const id: string = event.Records[0]!.messageId
// @ts-expect-error the builders return @types/aws-lambda types: messageId is a string
export const wrong: number = event.Records[0]!.messageId
export const rawPath: string = apiGatewayProxyEventV2({ method: 'GET', path: '/' }).rawPath
// @ts-expect-error code is a function (or an init factory), not a handler name
sim.createFunction({ functionName: 'g', code: 'index.handler' })
export const hash: string = eventLogHash(freshSimulation())
// @ts-expect-error eventLogHash takes a simulation
eventLogHash('not a simulation')
`

interface TsConsumer {
  readonly name: string
  readonly packageType: 'module' | 'commonjs'
  readonly compilerOptions: Record<string, unknown>
  readonly testingImport: string
}

const tsConsumers: readonly TsConsumer[] = [
  { name: 'node16-esm', packageType: 'module', compilerOptions: { module: 'node16', moduleResolution: 'node16' }, testingImport: 'lambda-sim/testing' },
  { name: 'node16-cjs', packageType: 'commonjs', compilerOptions: { module: 'node16', moduleResolution: 'node16' }, testingImport: 'lambda-sim/testing' },
  { name: 'bundler', packageType: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, testingImport: 'lambda-sim/testing' },
  { name: 'node10', packageType: 'commonjs', compilerOptions: { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '5.0' }, testingImport: 'lambda-sim/testing' },
]

/** One directory per consumer; `tsc -b` checks them all in one process (sharing the parsed declarations). */
function writeTsConsumer(ts: TsConsumer): string {
  const dir = join(consumer, `ts-${ts.name}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${ts.name}`, private: true, type: ts.packageType }))
  const compilerOptions = { target: 'ES2022', lib: ['ES2022'], strict: true, noUncheckedIndexedAccess: true, skipLibCheck: true, types: ['node'], ...ts.compilerOptions }
  // `composite` only so that `tsc -b` accepts the project; nothing is emitted.
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, composite: true, noEmit: true }, files: ['index.ts'] }))
  writeFileSync(join(dir, 'index.ts'), typedSource(ts.testingImport))
  return `ts-${ts.name}`
}

/** `tsc -b` over every consumer: '' when all type-check, else tsc's report (paths name the consumer). */
async function typecheckAll(dirs: readonly string[]): Promise<string> {
  writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ files: [], references: dirs.map((dir) => ({ path: dir })) }))
  try {
    await promisify(execFile)(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.json'], { cwd: consumer, timeout: SLOW_TIMEOUT_MS })
    return ''
  } catch (error) {
    const e = error as { stdout?: string; message: string }
    return e.stdout || e.message
  }
}

let typecheckReport: Promise<string>
let cjsRun: Promise<ScenarioResult>
let esmRun: Promise<ScenarioResult>
let cjsIdentity: Promise<unknown>
let esmIdentity: Promise<unknown>

describe('package', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`')
    consumer = mkdtempSync(join(tmpdir(), 'lambda-sim-consumer-'))
    mkdirSync(join(consumer, 'node_modules'))
    installPackedFiles()
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> }
    for (const name of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), '@types/node']) linkModule(name)
    // Everything starts now and runs side by side; the tests below only wait for their part.
    typecheckReport = typecheckAll(tsConsumers.map(writeTsConsumer))
    cjsRun = runScenario(['-e', `const lib = require('lambda-sim'); const testing = require('lambda-sim/testing'); ${scenario}`])
    esmRun = runScenario(['--input-type=module', '-e', `import * as lib from 'lambda-sim'; import * as testing from 'lambda-sim/testing'; ${scenario}`])
    cjsIdentity = runScenario(['-e', `const lib = require('lambda-sim'); const testing = require('lambda-sim/testing'); ${identityScenario}`])
    esmIdentity = runScenario(['--input-type=module', '-e', `import * as lib from 'lambda-sim'; import * as testing from 'lambda-sim/testing'; ${identityScenario}`])
    for (const run of [typecheckReport, cjsRun, esmRun, cjsIdentity, esmIdentity]) run.catch(() => undefined) // awaited (and reported) by the tests
  })

  afterAll(async () => {
    await Promise.allSettled([typecheckReport, cjsRun, esmRun, cjsIdentity, esmIdentity])
    if (consumer !== undefined) rmSync(consumer, { recursive: true, force: true })
  })

  const expected = {
    payload: { twice: 42 },
    status: 200,
    at: Date.UTC(2024, 0, 1) + 50,
    lines: ['INIT_START', 'START', expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), 'END', 'REPORT'],
    userLine: true,
    eventSource: 'aws:sqs',
    hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    kit: 'function',
  }

  it('require - a CommonJS consumer runs a simulation (invoke, logs, an event builder, lambda-sim/testing)', async () => {
    expect(await cjsRun).toEqual(expected)
  })

  it('import - an ESM consumer runs the same simulation, byte for byte (same event-log hash)', async () => {
    const esm = await esmRun
    expect(esm).toEqual(expected)
    expect(esm.hash).toBe((await cjsRun).hash)
  })

  it('identity (require) - lambda-sim/testing shares lambda-sim\'s classes: its Simulation and SimulationError are instanceof the main entry\'s', async () => {
    expect(await cjsIdentity).toEqual(identityExpected)
  })

  it('identity (import) - the same from an ESM consumer', async () => {
    expect(await esmIdentity).toEqual(identityExpected)
  })

  it('exports - only "." and "./testing" (and package.json) are public', () => {
    expect(() => runNode(['-e', "require('lambda-sim/dist/index.cjs')"])).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/)
    expect(() => runNode(['--input-type=module', '-e', "await import('lambda-sim/dist/index.js')"])).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/)
  })

  it('bin - the packed `lambda-sim` command runs from the consumer: it lists the stories and runs one', () => {
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules', 'lambda-sim', 'package.json'), 'utf8')) as { bin: Record<string, string> }
    const bin = join(consumer, 'node_modules', 'lambda-sim', manifest.bin['lambda-sim'] ?? 'missing-bin')
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(runNode([bin, 'demo', '--list'])).toMatch(/^basics\s/)
    expect(runNode([bin, 'demo', 'async', '--seed', '3'])).toContain('lambda-sim async demo: retries, destinations and a dead-letter queue (seed=3)')
  })

  it('types - TypeScript consumers (node16 ESM, node16 CJS, bundler, node10) type-check against the built declarations', async () => {
    const report = await typecheckReport
    for (const ts of tsConsumers) expect(report.split('\n').filter((line) => line.includes(`ts-${ts.name}/`)), ts.name).toEqual([])
    expect(report).toBe('')
  })
})
