/**
 * `npm run bench [-- --json] [-- --workload <name>] [-- --n <count>]`: wall-clock cost of the
 * simulation, one workload per child process (so each peak RSS is its own). Speed is measured
 * here, never asserted in tests. Each row: workload, n, wallMs, invocationsPerSec, peakRssMiB
 * (plus cpuMs, and what a row measures per story or per call where that is the unit).
 *
 * Each goal of issue 19 gets a row with its ratio against an anchor measured in the same run, as
 * interleaved pairs (ours, anchor, ours, anchor…; the median of the pairs' ratios), so that a busy
 * second falls on both sides:
 * - `reference ÷ ref-sim.mjs`: the reference workload against `../shared/bench/ref-sim.mjs`
 *   (`--pairs`, 7 by default); skipped when that file is absent (a fresh clone);
 * - `fresh-sim-plus-one-invoke ÷ ref-sim fresh run`: a fresh simulation, a function and one invoke
 *   against ref-sim's `simulate({ n: 1 })`, both inside the same fast-check property and plain loop;
 * - `sequential-invoke ÷ lambda-local`: `await sim.invoke` of a no-wait handler against
 *   lambda-local 2.2.0's `execute` (a dev dependency);
 * - `import ÷ node`: `import('lambda-sim')` (the built `dist/`) against an empty `node` process;
 * - `async-retry-story`: ms per story, no anchor.
 */
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, statSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createSimulation, renderReport, type LambdaContext } from '../src/index.js'

interface Row {
  workload: string
  n: number
  wallMs: number
  cpuMs: number
  invocationsPerSec: number
  peakRssMiB: number
  [extra: string]: unknown
}

const args = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? args[at + 1] : undefined
}
const json = args.includes('--json')
/** Interleaved pairs for the reference workload against ref-sim.mjs (`--pairs`). */
const REFERENCE_PAIRS = Number(flag('pairs') ?? 7)
/** Pairs for the shorter anchored workloads (fresh runs, sequential invokes): each child runs ≈ 1 s. */
const SHORT_PAIRS = 5
/** Pairs of child processes for import time (each ≈ 0.1–0.3 s). */
const IMPORT_PAIRS = 11
/**
 * Untimed runs before the timed ones, on both sides of a goal row, so the ratio compares steady
 * states: V8 optimises each of the ≈ 100 small functions on an invoke's path on its own budget, and
 * lambda-sim's path reaches its steady state only after ≈ 3,500 fresh runs or ≈ 5,000 calls (with
 * 200, as before 2026-12-07, half the timed runs were still warming up). What the first runs of a
 * fresh process cost is reported beside the ratio (`COLD_RUNS`).
 */
const WARMUP_RUNS = 6_000
/** The cold figure: the first runs of a fresh process, timed (a `fc.assert` with fast-check's default 100 runs). */
const COLD_RUNS = 100

async function measure(workload: string, n: number, body: () => Promise<Record<string, unknown> | void>): Promise<Row> {
  const cpu0 = process.cpuUsage()
  const start = performance.now()
  const extra = (await body()) ?? {}
  const wallMs = performance.now() - start
  const cpu = process.cpuUsage(cpu0)
  return {
    workload,
    n,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    invocationsPerSec: Math.round(n / (wallMs / 1000)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...extra,
  }
}

const sleepy = async (_event: unknown, context: LambdaContext): Promise<void> => {
  await context.sleep(100)
}

const sqsSleepy = async (_event: unknown, context: LambdaContext): Promise<void> => {
  await context.sleep(20)
}

/** An event-source row: invocations/s counts batches (one invocation each), messages/s the messages. */
function perBatch(row: Row): Row {
  const seconds = row.wallMs / 1000
  return { ...row, invocationsPerSec: Math.round((row['invocations'] as number) / seconds), messagesPerSec: Math.round(row.n / seconds) }
}

/** The reference workload with the `tracing` option as given. */
async function referenceWithTracing(n: number, tracing: boolean): Promise<Record<string, unknown>> {
  const sim = createSimulation({ seed: 1, tracing })
  sim.createFunction({ functionName: 'f', code: sleepy })
  sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 100 })
  const run = sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1000, duration: n } })
  await sim.runUntilIdle()
  return { succeeded: run.stats.succeeded }
}

/** Tracing's rows run as pairs, off and on alternating which goes first, so drift in the machine falls on both. */
const TRACING_PAIRS = 3

/** The workloads, by name. Each runs in its own process. */
const workloads: Record<string, (n?: number) => Promise<Row>> = {
  // ref-sim.mjs's workload through the public API with default bookkeeping: 1 arrival per virtual ms,
  // a handler sleeping 100 virtual ms, reserved concurrency 100. Logs (last 100,000 lines) and
  // per-second metrics are kept as by default; no per-invocation records.
  reference: (n = 1_000_000) =>
    measure('reference', n, async () => {
      const sim = createSimulation({ seed: 1 })
      sim.createFunction({ functionName: 'f', code: sleepy })
      sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 100 })
      const run = sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1000, duration: n } })
      await sim.runUntilIdle()
      return { succeeded: run.stats.succeeded, throttled: run.stats.throttled, virtualSeconds: Math.round((sim.nowMs - Date.UTC(2024, 0, 1)) / 1000) }
    }),

  // The reference workload with tracing off, then on (issue 18): every invocation sampled, its
  // segments recorded and its REPORT line carrying XRAY fields. Run as interleaved pairs below.
  'tracing-off': (n = 1_000_000) => measure('tracing-off', n, () => referenceWithTracing(n, false)),
  'tracing-on': (n = 1_000_000) => measure('tracing-on', n, () => referenceWithTracing(n, true)),

  // The same with the handler's world off (`handlerWorld: false`: no AsyncLocalStorage scope, no
  // real-I/O watch): what running handlers against the virtual clock, env and console costs.
  'reference-raw': (n = 1_000_000) =>
    measure('reference-raw', n, async () => {
      const sim = createSimulation({ seed: 1, handlerWorld: false })
      sim.createFunction({ functionName: 'f', code: sleepy })
      sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 100 })
      const run = sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1000, duration: n } })
      await sim.runUntilIdle()
      return { succeeded: run.stats.succeeded }
    }),

  // The same without the log and metric stores: what the default bookkeeping costs.
  'reference-without-stores': (n = 1_000_000) =>
    measure('reference-without-stores', n, async () => {
      const sim = createSimulation({ seed: 1, metrics: false, logRetention: 0 })
      sim.createFunction({ functionName: 'f', code: sleepy })
      sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 100 })
      const run = sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1000, duration: n } })
      await sim.runUntilIdle()
      return { succeeded: run.stats.succeeded }
    }),

  // Per-invocation overhead: a handler that returns at once, warm, one environment.
  'no-wait': (n = 200_000) =>
    measure('no-wait', n, async () => {
      const sim = createSimulation({ seed: 1 })
      sim.createFunction({ functionName: 'f', code: async () => 1 })
      sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1000, duration: n } })
      await sim.runUntilIdle()
      // The same handler called directly, for scale.
      const handler = async (): Promise<number> => 1
      const t0 = performance.now()
      for (let i = 0; i < n; i++) await handler()
      return { directCallNsPerCall: Math.round(((performance.now() - t0) * 1e6) / n) }
    }),

  // An async event that fails, is retried twice (1 min, then 2 min later) and lands in a DLQ: wall time per story.
  'async-retry-story': (n = 2_000) =>
    measure('async-retry-story', n, async () => {
      const story = async (i: number): Promise<void> => {
        const sim = createSimulation({ seed: i })
        const dlq = sim.sqs.createQueue({ queueName: 'dlq' })
        sim.createFunction({
          functionName: 'f',
          code: async () => {
            throw new Error('downstream unavailable')
          },
          deadLetterConfig: { targetArn: sim.sqs.queueArn('dlq') },
        })
        await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: { order: i } })
        await sim.runUntilIdle()
        if (sim.sqs.peekMessages(dlq.queueUrl).length !== 1) throw new Error('the story did not end in the DLQ')
      }
      // Timed after a warm-up, as the anchored rows are; the first stories of the process reported beside.
      const cold = performance.now()
      for (let i = 0; i < COLD_RUNS; i++) await story(i)
      const coldMsPerStory = Number(((performance.now() - cold) / COLD_RUNS).toFixed(3))
      for (let i = COLD_RUNS; i < WARMUP_RUNS / 2; i++) await story(i)
      const t0 = performance.now()
      for (let i = 0; i < n; i++) await story(WARMUP_RUNS + i)
      return { msPerStory: Number(((performance.now() - t0) / n).toFixed(3)), coldMsPerStory }
    }),

  // Poisson arrivals whose rate drops and rises again: cold starts, warm reuse, idle reclaim.
  'poisson-cold-reclaim': (n = 200_000) =>
    measure('poisson-cold-reclaim', n, async () => {
      const sim = createSimulation({ seed: 1, environments: { idleTimeout: '30s' } })
      sim.createFunction({ functionName: 'f', code: sleepy, model: { initDurationMs: 250 } })
      const half = n / 2
      sim.generateLoad({ functionName: 'f', pattern: { kind: 'poisson', ratePerSecond: 500, duration: (half / 500) * 1000 } })
      sim.generateLoad({ functionName: 'f', pattern: { kind: 'poisson', ratePerSecond: 500, duration: (half / 500) * 1000 }, startAfter: (half / 500) * 1000 + 120_000 })
      let coldStarts = 0
      let reclaimed = 0
      sim.on('invocation.started', (e) => {
        if (e.coldStart) coldStarts++
      })
      sim.on('environment.reclaimed', () => reclaimed++)
      await sim.runUntilIdle()
      await sim.advance('1h')
      return { coldStarts, reclaimed }
    }),

  // An SQS event source (issue 15): n messages already in a standard queue, a mapping with batch
  // size 10, a handler sleeping 20 virtual ms. The poller scales 5 → +5 a second; every batch
  // succeeds and is deleted. Timed from the first send to the empty queue, so a message's cost is
  // its send, receive, record, batch invoke and delete.
  'sqs-source': (n = 1_000_000) =>
    measure('sqs-source', n, async () => {
      const sim = createSimulation({ seed: 1 })
      sim.createFunction({ functionName: 'f', code: sqsSleepy })
      const { queueUrl } = sim.sqs.createQueue({ queueName: 'q' })
      const t0 = performance.now()
      for (let i = 0; i < n; i += 10) {
        const entries = []
        for (let j = i; j < Math.min(i + 10, n); j++) entries.push({ id: String(j - i), messageBody: `{"order":${j}}` })
        sim.sqs.sendMessageBatch({ queueUrl, entries })
      }
      const sendMs = performance.now() - t0
      let batches = 0
      let messages = 0
      sim.on('esm.batchCompleted', (e) => {
        batches++
        messages += e.deleted
      })
      const t1 = performance.now()
      sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: sim.sqs.queueArn('q'), batchSize: 10 })
      await sim.runUntilIdle()
      const consumeMs = performance.now() - t1
      if (messages !== n || sim.sqs.peekMessages(queueUrl).length !== 0) throw new Error(`sqs-source: ${messages} of ${n} messages processed`)
      return { invocations: batches, sendMs: Math.round(sendMs), consumeMs: Math.round(consumeMs), virtualSeconds: Math.round((sim.nowMs - Date.UTC(2024, 0, 1)) / 1000) }
    }).then(perBatch),

  // Memory over long virtual time (issue 17): one invocation a minute for 60 virtual days (n = 86,400),
  // each of a different duration, with the default metric retention. Reports the heap after the run.
  'metrics-sparse-60d': (n = 86_400) =>
    measure('metrics-sparse-60d', n, async () => {
      // The heap after a full collection, with the metric store and without it (the rest is the same run).
      setFlagsFromString('--expose_gc')
      const collect = runInNewContext('gc') as () => void
      const heapAfter = async (metrics: boolean): Promise<{ heapMiB: number; p99: number | undefined; succeeded: number }> => {
        const sim = createSimulation({ seed: 1, metrics })
        let i = 0
        sim.createFunction({ functionName: 'f', code: async (_event: unknown, context: LambdaContext) => context.sleep(5 + ((i++ * 7919) % 3000) / 7) })
        const run = sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1 / 60, duration: n * 60_000 } })
        await sim.runUntilIdle()
        const [last] = sim.metrics?.getMetricStatistics({ metricName: 'Duration', period: 3600, startTime: sim.nowMs - 3_600_000, endTime: sim.nowMs, extendedStatistics: ['p99'] }) ?? []
        collect()
        return { heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20), p99: last?.extendedStatistics?.['p99'], succeeded: run.stats.succeeded }
      }
      const without = await heapAfter(false)
      const withMetrics = await heapAfter(true)
      return { succeeded: withMetrics.succeeded, heapUsedMiB: withMetrics.heapMiB, heapUsedWithoutMetricsMiB: without.heapMiB, lastHourP99: withMetrics.p99 }
    }),

  // The HTML report of a million-invocation run (the reference workload recorded with
  // recordTimeline): wallMs times renderReport alone; the run before it is runWallMs. The goals:
  // under 5 s and under 20 MB.
  'report-1m': async (n = 1_000_000) => {
    const sim = createSimulation({ seed: 1, recordTimeline: true })
    sim.createFunction({ functionName: 'f', code: sleepy })
    sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 100 })
    const runStart = performance.now()
    const load = sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1000, duration: n } })
    await sim.runUntilIdle()
    const runWallMs = Math.round(performance.now() - runStart)
    let sizeBytes = 0
    const row = await measure('report-1m', n, async () => {
      sizeBytes = Buffer.byteLength(renderReport({ title: 'report-1m', runs: [{ title: 'reference workload', simulation: sim }] }))
    })
    return { ...row, succeeded: load.stats.succeeded, runWallMs, sizeBytes, sizeMB: Number((sizeBytes / 1e6).toFixed(2)) }
  },
  // Property-test cost per run: a fresh simulation, one function, one invoke — inside a fast-check
  // property (`runsPerSec`, the goal's figure) and in a plain loop (`loopRunsPerSec`).
  'fresh-sim-plus-one-invoke': (n = 5_000) =>
    measure('fresh-sim-plus-one-invoke', n, async () =>
      perRun(n, async (i) => {
        const sim = createSimulation({ seed: i })
        sim.createFunction({ functionName: 'f', code: sleepy })
        await sim.invoke({ functionName: 'f' })
      }),
    ).then((row) => ({ ...row, invocationsPerSec: row['runsPerSec'] as number })),

  // The anchor of the row above: ref-sim.mjs's own fresh run (`simulate({ n: 1 })`: one arrival, a
  // handler sleeping 100 virtual ms) in the same harness.
  'ref-sim-fresh': async (n = 5_000) => {
    const refSim = (await import(pathToFileURL(referenceScript).href)) as { simulate(options: { n: number }): Promise<{ completed: number }> }
    return measure('ref-sim-fresh', n, async () =>
      perRun(n, async () => {
        if ((await refSim.simulate({ n: 1 })).completed !== 1) throw new Error('ref-sim fresh run did not complete')
      }),
    ).then((row) => ({ ...row, invocationsPerSec: row['runsPerSec'] as number }))
  },

  // Sequential callers: `await sim.invoke` of a handler that returns at once, one call after another
  // from outside any handler, on one warm simulation.
  'sequential-invoke': (n = 30_000) =>
    measure('sequential-invoke', n, async () => {
      const sim = createSimulation({ seed: 1 })
      sim.createFunction({ functionName: 'f', code: async () => ({ ok: true }) })
      const cold = performance.now()
      for (let i = 0; i < COLD_RUNS; i++) await sim.invoke({ functionName: 'f', payload: { i } })
      const coldUsPerCall = Number((((performance.now() - cold) * 1000) / COLD_RUNS).toFixed(1))
      for (let i = COLD_RUNS; i < WARMUP_RUNS; i++) await sim.invoke({ functionName: 'f', payload: { i } })
      let throttled = 0
      const t0 = performance.now()
      for (let i = 0; i < n; i++) {
        const result = await sim.invoke({ functionName: 'f', payload: { i } })
        if (result.statusCode !== 200) throttled++
      }
      return { usPerCall: Number((((performance.now() - t0) * 1000) / n).toFixed(3)), throttled, coldUsPerCall }
    }),

  // Its anchor: lambda-local 2.2.0's `execute` with the same handler and event (verboseLevel 0: no output).
  'lambda-local-sequential': async (n = 3_000) => {
    // Required at run time, not bundled into the bench (its dependencies require Node built-ins).
    const lambdaLocal = createRequire(import.meta.url)('lambda-local') as { execute(options: Record<string, unknown>): Promise<unknown> }
    const handler = async (): Promise<{ ok: boolean }> => ({ ok: true })
    const call = (i: number): Promise<unknown> =>
      lambdaLocal.execute({ event: { i }, lambdaFunc: { handler }, lambdaHandler: 'handler', verboseLevel: 0, timeoutMs: 3000 })
    const cold = performance.now()
    for (let i = 0; i < COLD_RUNS; i++) await call(i)
    const coldUsPerCall = Number((((performance.now() - cold) * 1000) / COLD_RUNS).toFixed(1))
    for (let i = COLD_RUNS; i < WARMUP_RUNS; i++) await call(i)
    return measure('lambda-local-sequential', n, async () => {
      const t0 = performance.now()
      for (let i = 0; i < n; i++) await call(i)
      return { usPerCall: Number((((performance.now() - t0) * 1000) / n).toFixed(3)), coldUsPerCall }
    })
  },
}

/**
 * One run after another, after `WARMUP_RUNS` untimed ones: inside a fast-check async property (how a
 * property test spends its runs: the harness's own cost is in both sides of the ratio), then in a
 * plain loop. When fast-check is not installed (it is an optional peer), only the loop. The first
 * `COLD_RUNS` of the warm-up are timed: `coldMs`, what they cost in a fresh process.
 */
async function perRun(n: number, run: (i: number) => Promise<void>): Promise<Record<string, unknown>> {
  const cold = performance.now()
  for (let i = 0; i < COLD_RUNS; i++) await run(i)
  const coldMs = Number((performance.now() - cold).toFixed(1))
  for (let i = COLD_RUNS; i < WARMUP_RUNS; i++) await run(i)
  let fastCheckRunsPerSec: number | undefined
  try {
    const fc = await import('fast-check')
    let i = 0
    const t0 = performance.now()
    await fc.assert(
      fc.asyncProperty(fc.integer(), async () => {
        await run(i++)
      }),
      { numRuns: n },
    )
    fastCheckRunsPerSec = Math.round(n / ((performance.now() - t0) / 1000))
  } catch (error) {
    if (!String(error).includes('fast-check')) throw error
  }
  const t1 = performance.now()
  for (let i = 0; i < n; i++) await run(i)
  const loopRunsPerSec = Math.round(n / ((performance.now() - t1) / 1000))
  return { runsPerSec: fastCheckRunsPerSec ?? loopRunsPerSec, fastCheckRunsPerSec, loopRunsPerSec, coldMs, msPerRun: Number((1000 / (fastCheckRunsPerSec ?? loopRunsPerSec)).toFixed(4)) }
}

const here = dirname(fileURLToPath(import.meta.url))
const referenceScript = resolve(here, '../../shared/bench/ref-sim.mjs')

function runReferenceSim(n: number): Row | undefined {
  if (!existsSync(referenceScript)) return undefined
  // Its exported `simulate`, timed the way its own main() times it, plus the process's peak RSS.
  const probe = `const m = await import(${JSON.stringify(pathToFileURL(referenceScript).href)});
const c0 = process.cpuUsage(); const t0 = performance.now(); const s = await m.simulate({ n: ${n} }); const wallMs = performance.now() - t0; const c = process.cpuUsage(c0);
console.log(JSON.stringify({ wallMs, cpuMs: (c.user + c.system) / 1000, invoked: s.invoked, peakRssKiB: process.resourceUsage().maxRSS }))`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`ref-sim.mjs failed:\n${result.stderr}`)
  const out = JSON.parse(result.stdout.trim()) as { wallMs: number; cpuMs: number; invoked: number; peakRssKiB: number }
  return {
    workload: 'ref-sim.mjs',
    n,
    wallMs: Math.round(out.wallMs),
    cpuMs: Math.round(out.cpuMs),
    invocationsPerSec: Math.round(out.invoked / (out.wallMs / 1000)),
    peakRssMiB: Math.round(out.peakRssKiB / 1024),
  }
}

/**
 * `import('lambda-sim')` (the package's own `dist/`, resolved through its `exports` from the
 * repository's root) against an empty `node` process: `pairs` interleaved pairs of child processes;
 * `overMs` is the median of the pairs' differences in wall time (the goal: at most 80 ms), `overCpuMs`
 * the same in CPU time. Skipped when `dist/`
 * is not built (`npm run build`); `distBuiltAt` says how fresh the measured build is.
 */
function measureImport(pairs: number): Row {
  const root = resolve(here, '..')
  const dist = resolve(root, 'dist/index.js')
  if (!existsSync(dist)) return { workload: 'import ÷ node', n: 0, wallMs: Number.NaN, cpuMs: Number.NaN, invocationsPerSec: Number.NaN, peakRssMiB: Number.NaN, skipped: 'dist/ is not built (npm run build)' }
  // Each child reports, as it ends, the time since its own start (`performance.now()`: no spawn or
  // pipe overhead of the parent in it) and its CPU time (steadier when the machine is shared).
  const probe = (body: string): { wallMs: number; cpuMs: number } => {
    const code = `${body}; const c = process.cpuUsage(); console.log(JSON.stringify({ wallMs: performance.now(), cpuMs: (c.user + c.system) / 1000 }))`
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' })
    if (child.status !== 0) throw new Error(`the import probe failed:\n${child.stderr}`)
    return JSON.parse(child.stdout.trim().split('\n').pop() as string) as { wallMs: number; cpuMs: number }
  }
  const empty: { wallMs: number; cpuMs: number }[] = []
  const imported: { wallMs: number; cpuMs: number }[] = []
  for (let pair = 0; pair < pairs; pair++) {
    empty.push(probe('0'))
    imported.push(probe("await import('lambda-sim')"))
  }
  const med = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] as number
  const importMs = med(imported.map((r) => r.wallMs))
  const emptyNodeMs = med(empty.map((r) => r.wallMs))
  return {
    workload: 'import ÷ node',
    n: pairs,
    wallMs: Math.round(importMs),
    cpuMs: Math.round(med(imported.map((r) => r.cpuMs))),
    invocationsPerSec: Number.NaN,
    peakRssMiB: Number.NaN,
    importMs: Number(importMs.toFixed(1)),
    emptyNodeMs: Number(emptyNodeMs.toFixed(1)),
    overMs: Number(med(imported.map((r, i) => r.wallMs - (empty[i] as { wallMs: number }).wallMs)).toFixed(1)),
    overCpuMs: Number(med(imported.map((r, i) => r.cpuMs - (empty[i] as { cpuMs: number }).cpuMs)).toFixed(1)),
    ratio: Number(med(imported.map((r, i) => r.wallMs / (empty[i] as { wallMs: number }).wallMs)).toFixed(3)),
    pairs,
    distBuiltAt: statSync(dist).mtime.toISOString(),
    goal: 'overMs ≤ 80',
  }
}

const only = flag('workload')
if (only !== undefined) {
  // Child mode: one workload, one JSON line.
  const n = flag('n')
  const run = only === 'import' ? async (pairs = IMPORT_PAIRS): Promise<Row> => measureImport(pairs) : workloads[only]
  if (run === undefined) throw new Error(`unknown workload ${only}; known: ${Object.keys(workloads).join(', ')}`)
  console.log(JSON.stringify(await run(n === undefined ? undefined : Number(n))))
} else {
  const rows: Row[] = []
  const runChild = (name: string): Row => {
    const sized = flag('n') !== undefined && (name.startsWith('reference') || name.startsWith('tracing-'))
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--workload', name, ...(sized ? ['--n', flag('n') as string] : [])], {
      encoding: 'utf8',
    })
    if (child.status !== 0) throw new Error(`workload ${name} failed:\n${child.stderr}`)
    return JSON.parse(child.stdout.trim().split('\n').pop() as string) as Row
  }
  const median = (runs: Row[]): Row => [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)] as Row
  const medianOf = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b)
    const mid = sorted.length >> 1
    return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  }
  const round3 = (x: number): number => Number(x.toFixed(3))
  const haveRefSim = existsSync(referenceScript)
  // `--goals`: only issue 19's goal rows (the anchored pairs, import time and the retry story).
  const goalsOnly = args.includes('--goals')

  /**
   * `pairs` interleaved runs of ours and the anchor, alternating which goes first; each side's median
   * run is its row, and the ratio row holds the median of the pairs' own ratios (`ratioOf(ours, anchor)`).
   */
  const anchoredPairs = (pairs: number, ours: () => Row, anchor: () => Row): { ours: Row[]; anchor: Row[] } => {
    const a: Row[] = []
    const b: Row[] = []
    for (let pair = 0; pair < pairs; pair++) {
      if (pair % 2 === 0) {
        a.push(ours())
        b.push(anchor())
      } else {
        b.push(anchor())
        a.push(ours())
      }
    }
    return { ours: a, anchor: b }
  }
  const ratioRow = (workload: string, ourRow: Row, pairs: number, pairRatios: number[], extra: Record<string, unknown>): Row => ({
    workload,
    n: ourRow.n,
    wallMs: ourRow.wallMs,
    cpuMs: ourRow.cpuMs,
    invocationsPerSec: ourRow.invocationsPerSec,
    peakRssMiB: ourRow.peakRssMiB,
    ratio: round3(medianOf(pairRatios)),
    pairs,
    pairRatios: pairRatios.map(round3),
    ...extra,
  })

  const otherWorkloads = ['reference', 'fresh-sim-plus-one-invoke', 'ref-sim-fresh', 'sequential-invoke', 'lambda-local-sequential', 'async-retry-story']
  if (!goalsOnly) {
    for (const name of Object.keys(workloads)) {
      if (!name.startsWith('tracing-') && !otherWorkloads.includes(name)) rows.push(runChild(name))
    }
    // Tracing off and on, interleaved; each side's median run is its row, and the ratio of the medians.
    const off: Row[] = []
    const on: Row[] = []
    for (let pair = 0; pair < TRACING_PAIRS; pair++) {
      if (pair % 2 === 0) {
        off.push(runChild('tracing-off'))
        on.push(runChild('tracing-on'))
      } else {
        on.push(runChild('tracing-on'))
        off.push(runChild('tracing-off'))
      }
    }
    const offRow = median(off)
    const onRow = median(on)
    rows.push({ ...offRow, pairs: TRACING_PAIRS, wallMsRuns: off.map((r) => r.wallMs) })
    rows.push({ ...onRow, pairs: TRACING_PAIRS, wallMsRuns: on.map((r) => r.wallMs) })
    rows.push({
      workload: 'tracing-on ÷ tracing-off',
      n: onRow.n,
      wallMs: onRow.wallMs,
      cpuMs: onRow.cpuMs,
      invocationsPerSec: onRow.invocationsPerSec,
      peakRssMiB: onRow.peakRssMiB,
      // Wall time of the median runs (the goal: under 1.25), and each pair's own ratio.
      overheadRatio: Number((onRow.wallMs / offRow.wallMs).toFixed(3)),
      pairRatios: on.map((r, i) => Number((r.wallMs / (off[i] as Row).wallMs).toFixed(3))),
      memoryRatio: Number((onRow.peakRssMiB / offRow.peakRssMiB).toFixed(2)),
    })
  }

  // Goal 1 (issue 19): the reference workload against ref-sim.mjs, REFERENCE_PAIRS interleaved pairs
  // (the goal: a throughput ratio of at least 0.6 and a peak-RSS ratio of at most 1.5, as medians).
  let reference: Row
  if (haveRefSim) {
    const refPairs = anchoredPairs(REFERENCE_PAIRS, () => runChild('reference'), () => runReferenceSim(Number(flag('n') ?? 1_000_000)) as Row)
    reference = median(refPairs.ours)
    const ref = median(refPairs.anchor)
    rows.push({ ...reference, wallMsRuns: refPairs.ours.map((r) => r.wallMs) })
    rows.push({ ...ref, wallMsRuns: refPairs.anchor.map((r) => r.wallMs) })
    const memoryRatios = refPairs.ours.map((r, i) => r.peakRssMiB / (refPairs.anchor[i] as Row).peakRssMiB)
    rows.push(
      ratioRow(
        'reference ÷ ref-sim.mjs',
        reference,
        REFERENCE_PAIRS,
        refPairs.ours.map((r, i) => r.invocationsPerSec / (refPairs.anchor[i] as Row).invocationsPerSec),
        {
          throughputRatio: round3(medianOf(refPairs.ours.map((r, i) => r.invocationsPerSec / (refPairs.anchor[i] as Row).invocationsPerSec))),
          // The same by CPU time (ref-sim's over ours): steadier than wall time when the machine is shared.
          cpuRatio: round3(medianOf(refPairs.ours.map((r, i) => (refPairs.anchor[i] as Row).cpuMs / r.cpuMs))),
          memoryRatio: round3(medianOf(memoryRatios)),
          goal: 'ratio ≥ 0.6, memoryRatio ≤ 1.5',
        },
      ),
    )
  } else {
    reference = runChild('reference')
    rows.push(reference)
  }

  // Goal 2: fresh runs (one property run) against ref-sim's fresh run, in the same harness.
  if (haveRefSim) {
    const fresh = anchoredPairs(SHORT_PAIRS, () => runChild('fresh-sim-plus-one-invoke'), () => runChild('ref-sim-fresh'))
    const ours = median(fresh.ours)
    rows.push({ ...ours, runsPerSecRuns: fresh.ours.map((r) => r['runsPerSec']) })
    rows.push({ ...median(fresh.anchor), runsPerSecRuns: fresh.anchor.map((r) => r['runsPerSec']) })
    rows.push(
      ratioRow(
        'fresh-sim-plus-one-invoke ÷ ref-sim fresh run',
        ours,
        SHORT_PAIRS,
        fresh.ours.map((r, i) => (r['runsPerSec'] as number) / ((fresh.anchor[i] as Row)['runsPerSec'] as number)),
        {
          runsPerSec: medianOf(fresh.ours.map((r) => r['runsPerSec'] as number)),
          loopRatio: round3(medianOf(fresh.ours.map((r, i) => (r['loopRunsPerSec'] as number) / ((fresh.anchor[i] as Row)['loopRunsPerSec'] as number)))),
          // The first 100 runs of a fresh process (ms in all), ours and the anchor's: not part of the goal.
          coldMs: medianOf(fresh.ours.map((r) => r['coldMs'] as number)),
          anchorColdMs: medianOf(fresh.anchor.map((r) => r['coldMs'] as number)),
          goal: 'runsPerSec ≥ 20,000, ratio ≥ 0.25',
        },
      ),
    )
  } else rows.push(runChild('fresh-sim-plus-one-invoke'))

  // Goal 3: sequential invokes against lambda-local 2.2.0 (ratio: its µs per call over ours).
  const sequential = anchoredPairs(SHORT_PAIRS, () => runChild('sequential-invoke'), () => runChild('lambda-local-sequential'))
  const sequentialRow = median(sequential.ours)
  rows.push({ ...sequentialRow, usPerCallRuns: sequential.ours.map((r) => r['usPerCall']) })
  rows.push({ ...median(sequential.anchor), usPerCallRuns: sequential.anchor.map((r) => r['usPerCall']) })
  rows.push(
    ratioRow(
      'sequential-invoke ÷ lambda-local',
      sequentialRow,
      SHORT_PAIRS,
      sequential.ours.map((r, i) => ((sequential.anchor[i] as Row)['usPerCall'] as number) / (r['usPerCall'] as number)),
      {
        usPerCall: sequentialRow['usPerCall'],
        throttled: sequentialRow['throttled'],
        // The first 100 calls of a fresh process (µs a call), ours and lambda-local's: not part of the goal.
        coldUsPerCall: medianOf(sequential.ours.map((r) => r['coldUsPerCall'] as number)),
        anchorColdUsPerCall: medianOf(sequential.anchor.map((r) => r['coldUsPerCall'] as number)),
        goal: 'ratio ≥ 50',
      },
    ),
  )

  // Goal 4: import time over an empty node process.
  rows.push(measureImport(IMPORT_PAIRS))

  // Goal 5: the async retry story, ms per story (no anchor).
  rows.push({ ...runChild('async-retry-story'), goal: 'msPerStory ≤ 0.3' })

  const raw = rows.find((r) => r.workload === 'reference-raw')
  if (raw !== undefined) {
    rows.push({
      workload: 'reference ÷ reference-raw',
      n: reference.n,
      wallMs: reference.wallMs,
      cpuMs: reference.cpuMs,
      invocationsPerSec: reference.invocationsPerSec,
      peakRssMiB: reference.peakRssMiB,
      // What the handler's world costs (handlerWorld: true, the default, against false).
      throughputRatio: Number((reference.invocationsPerSec / raw.invocationsPerSec).toFixed(3)),
    })
  }
  const sqs = rows.find((r) => r.workload === 'sqs-source')
  if (sqs !== undefined) {
    rows.push({
      workload: 'sqs-source ÷ reference',
      n: sqs.n,
      wallMs: sqs.wallMs,
      cpuMs: sqs.cpuMs,
      invocationsPerSec: sqs.invocationsPerSec,
      peakRssMiB: sqs.peakRssMiB,
      // A message's cost to the source (from the mapping's creation to the empty queue) over a
      // reference invocation's (wall time per unit; the goal: at most 2), and with its sending.
      perMessageCostRatio: Number(((sqs['consumeMs'] as number) / sqs.n / (reference.wallMs / reference.n)).toFixed(3)),
      perMessageCostRatioWithSending: Number((sqs.wallMs / sqs.n / (reference.wallMs / reference.n)).toFixed(3)),
    })
  }
  for (const row of rows) {
    if (json) console.log(JSON.stringify(row))
    else {
      const { workload, n, wallMs, invocationsPerSec, peakRssMiB, cpuMs, ...extra } = row
      const rest = Object.entries(extra).map(([k, v]) => `${k}=${String(v)}`).join(' ')
      console.log(`${workload.padEnd(28)} n=${String(n).padStart(8)} ${String(wallMs).padStart(7)} ms ${String(invocationsPerSec).padStart(9)} inv/s  peak RSS ${String(peakRssMiB).padStart(4)} MiB  ${rest}`)
    }
  }
}
