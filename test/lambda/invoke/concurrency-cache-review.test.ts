import { expect, it } from 'vitest'
import { createSimulation, type InvokeResult, type Simulation } from '../../../src/index.js'

// R3 review of 431bf93 / 4475a46 (admission's cached unreserved pool and function capacity): write
// paths the commits' own tests do not walk. Each burst asks for (and so caches) the capacity first.

function sleeper(sim: Simulation, functionName: string): void {
  sim.createFunction({ functionName, code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => void (await c.sleep(1000)) })
}

async function burst(sim: Simulation, functionName: string, n: number, qualifier?: string): Promise<number> {
  const results: InvokeResult[] = await Promise.all(Array.from({ length: n }, () => sim.invoke({ functionName, ...(qualifier !== undefined ? { qualifier } : {}) })))
  return results.filter((r) => r.statusCode === 200).length
}

it('a function deleted and created again under its name: neither its old reservation nor its old provisioned concurrency is read', async () => {
  const sim = createSimulation({ seed: 3, concurrency: { accountLimit: 120, unreservedMinimum: 10, provisionedReadyDelay: '1s' } })
  sleeper(sim, 'a')
  sleeper(sim, 'r')
  sim.putFunctionConcurrency({ functionName: 'r', reservedConcurrentExecutions: 5 })
  expect(await burst(sim, 'r', 8)).toBe(5)
  expect(await burst(sim, 'a', 130)).toBe(115)
  sim.deleteFunction({ functionName: 'r' })
  sleeper(sim, 'r')
  expect(await burst(sim, 'r', 8)).toBe(8)
  expect(await burst(sim, 'a', 130)).toBe(120)
  // Provisioned concurrency on a version, then the whole function goes and comes back.
  sim.publishVersion({ functionName: 'r' })
  sim.putProvisionedConcurrencyConfig({ functionName: 'r', qualifier: '1', provisionedConcurrentExecutions: 20 })
  await sim.advance('2s')
  expect(await burst(sim, 'a', 130)).toBe(100)
  sim.deleteFunction({ functionName: 'r' })
  expect(await burst(sim, 'a', 130)).toBe(120)
  sleeper(sim, 'r')
  sim.publishVersion({ functionName: 'r' })
  expect(await burst(sim, 'a', 130)).toBe(120)
  sim.putFunctionConcurrency({ functionName: 'r', reservedConcurrentExecutions: 6 })
  expect(await burst(sim, 'r', 8)).toBe(6)
  expect(await burst(sim, 'a', 130)).toBe(114)
})

it('a version deleted with its provisioned concurrency, and a put while an allocation is in progress', async () => {
  const sim = createSimulation({ seed: 4, concurrency: { accountLimit: 120, unreservedMinimum: 10, provisionedReadyDelay: '1s' } })
  sleeper(sim, 'a')
  sleeper(sim, 'p')
  sim.publishVersion({ functionName: 'p' })
  sim.putProvisionedConcurrencyConfig({ functionName: 'p', qualifier: '1', provisionedConcurrentExecutions: 10 })
  await sim.advance('2s')
  expect(await burst(sim, 'a', 130)).toBe(110)
  // Raised: the allocated ten keep counting until the new allocation is made.
  sim.putProvisionedConcurrencyConfig({ functionName: 'p', qualifier: '1', provisionedConcurrentExecutions: 30 })
  expect(await burst(sim, 'a', 130)).toBe(110)
  await sim.advance('2s')
  expect(await burst(sim, 'a', 130)).toBe(90)
  // Lowered: the extra environments retire at the allocation.
  sim.putProvisionedConcurrencyConfig({ functionName: 'p', qualifier: '1', provisionedConcurrentExecutions: 5 })
  await sim.advance('2s')
  expect(await burst(sim, 'a', 130)).toBe(115)
  sim.deleteFunction({ functionName: 'p', qualifier: '1' })
  expect(await burst(sim, 'a', 130)).toBe(120)
})
