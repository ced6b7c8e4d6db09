import { createSimulation } from '../src/index.js'
const n = Number(process.argv[2] ?? 200000)
const sim = createSimulation({ seed: 1 })
sim.createFunction({ functionName: 'f', code: async (_e: unknown, c: any) => { await c.sleep(100) } })
sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 100 })
const t0 = performance.now()
const run = sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1000, duration: n } })
await sim.runUntilIdle()
const ms = performance.now() - t0
console.log(JSON.stringify({ n, ms, ips: n / ms * 1000, stats: run.stats, rss: process.memoryUsage().rss / 2**20, heap: process.memoryUsage().heapUsed/2**20 }))
