/**
 * `npm run bench [-- --json]`: wall-clock cost of the simulation's hot paths. Speed is measured
 * here, never asserted in tests. (The reference-workload comparison arrives with load generators.)
 */
import { createSimulation } from '../src/index.js'

interface Row {
  workload: string
  n: number
  wallMs: number
  invocationsPerSec: number
  peakRssMiB: number
}

const json = process.argv.includes('--json')
let peakRss = 0
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}

async function measure(workload: string, n: number, body: () => Promise<void>): Promise<Row> {
  peakRss = 0
  const timer = setInterval(sampleRss, 20)
  const start = performance.now()
  await body()
  const wallMs = performance.now() - start
  clearInterval(timer)
  sampleRss()
  return { workload, n, wallMs: Math.round(wallMs), invocationsPerSec: Math.round(n / (wallMs / 1000)), peakRssMiB: Math.round(peakRss / 2 ** 20) }
}

const rows: Row[] = []

// Property-test cost per run: a fresh simulation, one function, one invoke.
rows.push(
  await measure('fresh-sim-plus-one-invoke', 2000, async () => {
    for (let i = 0; i < 2000; i++) {
      const sim = createSimulation({ seed: i, logRetention: 0 })
      sim.createFunction({ functionName: 'f', code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => { await c.sleep(10); return i } })
      await sim.invoke({ functionName: 'f' })
    }
  }),
)

// Many concurrent callers: one burst of invokes that all start at the same virtual instant.
rows.push(
  await measure('burst-concurrent-invokes', 20_000, async () => {
    const sim = createSimulation({ seed: 1, logRetention: 0 })
    sim.createFunction({ functionName: 'f', code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => { await c.sleep(100) } })
    await Promise.all(Array.from({ length: 20_000 }, () => sim.invoke({ functionName: 'f' })))
  }),
)

// Sequential warm invocations of a no-wait handler: per-invocation overhead.
rows.push(
  await measure('sequential-warm-no-wait', 20_000, async () => {
    const sim = createSimulation({ seed: 1, logRetention: 0 })
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    for (let i = 0; i < 20_000; i++) await sim.invoke({ functionName: 'f' })
  }),
)

for (const row of rows) {
  console.log(json ? JSON.stringify(row) : `${row.workload.padEnd(28)} n=${String(row.n).padStart(7)}  ${String(row.wallMs).padStart(6)} ms  ${String(row.invocationsPerSec).padStart(8)} inv/s  peak RSS ${row.peakRssMiB} MiB`)
}
