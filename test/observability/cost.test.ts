import { describe, expect, it } from 'vitest'
import { createSimulation, type CostLineItem, type CostReport, type Simulation } from '../../src/index.js'

/** Every example below: 200 ms of init (billed on the cold start since Aug 2025), 120 ms of handler. */
const INIT_MS = 200
const HANDLER_MS = 120

type FunctionExtras = Omit<Parameters<Simulation['createFunction']>[0], 'functionName' | 'code'>

function simWith(extras: FunctionExtras = {}, options: Parameters<typeof createSimulation>[0] = {}): Simulation {
  const sim = createSimulation({ seed: 18, recordEvents: true, ...options })
  sim.createFunction({
    functionName: 'f',
    memorySize: 128,
    ...extras,
    code: {
      init: async (init) => {
        await init.sleep(INIT_MS)
        return async (_event: unknown, context: { sleep(ms: number): Promise<void> }) => {
          await context.sleep(HANDLER_MS)
          return 'ok'
        }
      },
    },
  })
  return sim
}

async function invokeTimes(sim: Simulation, times: number, qualifier?: string): Promise<void> {
  for (let i = 0; i < times; i++) await sim.invoke({ functionName: 'f', ...(qualifier !== undefined ? { qualifier } : {}) })
}

function item(report: CostReport, kind: CostLineItem['item'], version = '$LATEST'): CostLineItem {
  const found = report.lineItems.find((i) => i.item === kind && i.version === version)
  if (found === undefined) throw new Error(`no ${kind} line item for ${version}: ${JSON.stringify(report.lineItems)}`)
  return found
}

describe('sim.cost(): on-demand requests and duration', () => {
  it('bills 1,000 invocations of 128 MB x86_64 (one cold start with init) by hand-worked arithmetic', async () => {
    const sim = simWith()
    await invokeTimes(sim, 1000)
    const report = sim.cost()
    // Requests: 1,000 × $0.20 / 1 M = $0.0002
    expect(item(report, 'requests')).toMatchObject({ quantity: 1000, unit: 'requests', architecture: 'x86_64', memorySizeMB: 128 })
    expect(item(report, 'requests').usd).toBeCloseTo(0.0002, 11)
    // Billed ms: cold 200 + 120 = 320, then 999 × 120 = 119,880 → 120,200 ms = 120.2 s
    // GB-s: 0.125 GB × 120.2 s = 15.025; USD: 15.025 × $0.0000166667 = $0.000250417...
    const duration = item(report, 'duration')
    expect(duration.quantity).toBeCloseTo(15.025, 9)
    expect(duration.usd).toBeCloseTo(15.025 * 0.0000166667, 11)
    expect(report.totalUsd).toBeCloseTo(0.0002 + 15.025 * 0.0000166667, 11)
    expect(report).toMatchObject({ region: 'us-east-1', pricesAsOf: '2025-08-01', freeTierApplied: false })
    expect(report.leftOut.join(' ')).toContain('data transfer')
  })

  it('prices arm64 lower than x86_64 for the same work', async () => {
    const x86 = simWith()
    const arm = simWith({ architectures: ['arm64'] })
    await invokeTimes(x86, 10)
    await invokeTimes(arm, 10)
    // Billed: 320 + 9 × 120 = 1,400 ms → 0.125 × 1.4 = 0.175 GB-s
    expect(item(arm.cost(), 'duration')).toMatchObject({ architecture: 'arm64' })
    expect(item(arm.cost(), 'duration').usd).toBeCloseTo(0.175 * 0.0000133334, 11)
    expect(item(x86.cost(), 'duration').usd).toBeCloseTo(0.175 * 0.0000166667, 11)
    // Requests cost the same on both.
    expect(item(arm.cost(), 'requests').usd).toBe(item(x86.cost(), 'requests').usd)
  })

  it('bills the init phase of a cold start (since Aug 2025), and not when billInit is off', async () => {
    const billed = simWith()
    const unbilled = simWith({}, { billInit: false })
    await invokeTimes(billed, 1)
    await invokeTimes(unbilled, 1)
    // Billed: 200 + 120 = 320 ms → 0.125 × 0.32 = 0.04 GB-s; without init: 0.125 × 0.12 = 0.015 GB-s
    expect(item(billed.cost(), 'duration').quantity).toBeCloseTo(0.04, 12)
    expect(item(unbilled.cost(), 'duration').quantity).toBeCloseTo(0.015, 12)
  })
})

describe('sim.cost(): provisioned concurrency', () => {
  async function provisionedRun(keepMinutes: number): Promise<Simulation> {
    const sim = simWith()
    sim.publishVersion({ functionName: 'f' })
    sim.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    sim.putProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live', provisionedConcurrentExecutions: 2 })
    await sim.advance('2m') // allocated and READY well before traffic
    await invokeTimes(sim, 10, 'live')
    await sim.advance(keepMinutes * 60_000 - 120_000 - 10 * HANDLER_MS)
    sim.deleteProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' })
    await sim.advance('10m') // after the deletion nothing more is billed
    return sim
  }

  it('bills allocated GB-s from enable to disable rounded up to 5 minutes, and its lower duration price', async () => {
    const sim = await provisionedRun(3)
    const report = sim.cost()
    // Enabled 3 min → rounded up to 5 min = 300 s; 2 × 0.125 GB × 300 s = 75 GB-s × $0.0000041667
    const configured = item(report, 'provisioned-concurrency', '1')
    expect(configured.quantity).toBeCloseTo(75, 9)
    expect(configured.usd).toBeCloseTo(75 * 0.0000041667, 11)
    // 10 warm invocations on provisioned environments (no init billed): 10 × 0.125 × 0.12 = 0.15 GB-s × $0.0000097222
    const duration = item(report, 'provisioned-duration', '1')
    expect(duration.quantity).toBeCloseTo(0.15, 12)
    expect(duration.usd).toBeCloseTo(0.15 * 0.0000097222, 11)
    expect(report.lineItems.some((i) => i.item === 'duration')).toBe(false)
    expect(item(report, 'requests', '1').quantity).toBe(10)
  })

  it('rounds 6 minutes up to 10', async () => {
    const sim = await provisionedRun(6)
    // 2 × 0.125 GB × 600 s = 150 GB-s
    expect(item(sim.cost(), 'provisioned-concurrency', '1').quantity).toBeCloseTo(150, 9)
  })

  it('bills a configuration still enabled as if disabled now', async () => {
    const sim = simWith()
    sim.publishVersion({ functionName: 'f' })
    sim.putProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1', provisionedConcurrentExecutions: 1 })
    await sim.advance('11m')
    // 11 min → 15 min = 900 s × 1 × 0.125 GB = 112.5 GB-s
    expect(item(sim.cost(), 'provisioned-concurrency', '1').quantity).toBeCloseTo(112.5, 9)
  })
})

describe('sim.cost(): ephemeral storage, tiers, free tier, overrides', () => {
  it('bills ephemeral storage above 512 MB per GB-s of billed duration', async () => {
    const sim = simWith({ ephemeralStorage: { size: 1536 } })
    await invokeTimes(sim, 10)
    // (1,536 − 512) MB = 1 GB × 1.4 s billed = 1.4 GB-s × $0.0000000309
    const storage = item(sim.cost(), 'ephemeral-storage')
    expect(storage.quantity).toBeCloseTo(1.4, 12)
    expect(storage.usd).toBeCloseTo(1.4 * 0.0000000309, 11)
    expect(simWith().cost().lineItems.some((i) => i.item === 'ephemeral-storage')).toBe(false)
  })

  it('prices duration across tiers in the order the GB-s were used', async () => {
    const sim = simWith({ memorySize: 1024 })
    await invokeTimes(sim, 10)
    // 1 GB × (0.32 + 9 × 0.12) s = 1.4 GB-s; tiers (overridden small): first 1 GB-s at $1, then $0.5
    // → 1 × $1 + 0.4 × $0.5 = $1.2
    const report = sim.cost({ prices: { x86_64: { durationTiers: [{ upToGbSeconds: 1, usdPerGbSecond: 1 }, { upToGbSeconds: undefined, usdPerGbSecond: 0.5 }] } } })
    expect(item(report, 'duration').usd).toBeCloseTo(1.2, 11)
  })

  it('applies the free tier only when asked', async () => {
    const sim = simWith()
    await invokeTimes(sim, 10)
    expect(item(sim.cost(), 'requests').freeQuantity).toBe(0)
    // Built-in free tier (1 M requests, 400,000 GB-s) covers this whole run.
    const free = sim.cost({ freeTier: true })
    expect(free.freeTierApplied).toBe(true)
    expect(free.totalUsd).toBe(0)
    expect(item(free, 'duration').freeQuantity).toBeCloseTo(0.175, 12)
    // A small free tier: 4 requests and 0.1 GB-s free → 6 × $0.0000002 + (0.175 − 0.1) × $0.0000166667
    const partly = sim.cost({ freeTier: true, prices: { freeTier: { requests: 4, gbSeconds: 0.1 } } })
    expect(item(partly, 'requests')).toMatchObject({ quantity: 10, freeQuantity: 4 })
    expect(partly.totalUsd).toBeCloseTo(6 * 0.0000002 + 0.075 * 0.0000166667, 11)
  })

  it('takes price overrides, and a whole table for a region not built in', async () => {
    const sim = simWith()
    await invokeTimes(sim, 10)
    expect(item(sim.cost({ prices: { asOf: '2030-01-01', x86_64: { usdPerRequest: 0.01 } } }), 'requests').usd).toBeCloseTo(0.1, 11)
    const other = simWith({}, { region: 'eu-west-1' })
    await invokeTimes(other, 1)
    expect(() => other.cost()).toThrow(/no built-in prices for eu-west-1/)
    const flat = { usdPerRequest: 1, durationTiers: [{ upToGbSeconds: undefined, usdPerGbSecond: 0 }], provisionedConcurrencyUsdPerGbSecond: 0, provisionedDurationUsdPerGbSecond: 0, ephemeralStorageUsdPerGbSecond: 0 }
    const report = other.cost({ prices: { asOf: '2026-01-01', x86_64: flat, arm64: flat, freeTier: { requests: 0, gbSeconds: 0 } } })
    expect(report).toMatchObject({ region: 'eu-west-1', pricesAsOf: '2026-01-01', totalUsd: 1 })
  })

  it('needs recorded events', () => {
    const sim = createSimulation({ seed: 1 })
    expect(() => sim.cost()).toThrow(/recordEvents/)
  })
})

describe('sim.cost(): per function and version', () => {
  it('splits a weighted alias by the version that ran, and filters by function, qualifier and time', async () => {
    const sim = simWith()
    sim.publishVersion({ functionName: 'f' })
    sim.updateFunctionConfiguration({ functionName: 'f', memorySize: 256 })
    sim.publishVersion({ functionName: 'f' })
    sim.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.5 } } })
    await invokeTimes(sim, 40, 'live')
    await sim.advance('1s')
    const half = sim.nowMs
    await invokeTimes(sim, 5)
    const ran = new Map<string, number>()
    for (const e of sim.events()) if (e.type === 'invocation.completed' && e.version !== '$LATEST') ran.set(e.version, (ran.get(e.version) ?? 0) + 1)
    const report = sim.cost({ qualifier: 'live' })
    expect(item(report, 'requests', '1').quantity).toBe(ran.get('1'))
    expect(item(report, 'requests', '2')).toMatchObject({ quantity: ran.get('2'), memorySizeMB: 256 })
    expect((ran.get('1') ?? 0) > 0 && (ran.get('2') ?? 0) > 0).toBe(true)
    expect(report.byVersion.map((v) => v.version)).toEqual(['1', '2'])
    expect(report.totalUsd).toBeCloseTo(report.lineItems.reduce((sum, i) => sum + i.usd, 0), 11)
    // Time window: only the 5 unqualified invocations after `half`.
    expect(sim.cost({ since: half }).lineItems.map((i) => [i.version, i.item, i.quantity])).toEqual([['$LATEST', 'requests', 5], ['$LATEST', 'duration', expect.any(Number)]])
    expect(sim.cost({ until: half }).lineItems.every((i) => i.version !== '$LATEST')).toBe(true)
    expect(sim.cost({ functionName: 'other' }).totalUsd).toBe(0)
  })
})
