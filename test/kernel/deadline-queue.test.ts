import { describe, expect, it } from 'vitest'
import { DeadlineQueue } from '../../src/kernel/deadline-queue.js'
import { defaultKernelLimits, Kernel } from '../../src/kernel/kernel.js'
import { createSimulation } from '../../src/index.js'

const newKernel = () => new Kernel(0, defaultKernelLimits, () => 'seed=test decisions=seeded')

interface Owner {
  readonly name: string
  entry: number
}

describe('deadline-queue', () => {
  it('a deadline fires where an event scheduled at add time would: among ties, in sequence order', async () => {
    const kernel = newKernel()
    const seen: string[] = []
    const queue = new DeadlineQueue<Owner>(kernel, 100, (owner) => seen.push(`${owner.name}@${kernel.nowMs}`))
    // Scheduled before the deadline is added: fires first at t=100. Scheduled after: fires after it.
    kernel.schedule(100, () => seen.push('before@100'), undefined)
    const a: Owner = { name: 'a', entry: 0 }
    a.entry = queue.add(a)
    kernel.schedule(100, () => seen.push('after@100'), undefined)
    await kernel.run({})
    expect(seen).toEqual(['before@100', 'a@100', 'after@100'])
  })

  it('cancelled deadlines never fire, and only live ones keep a run going', async () => {
    const kernel = newKernel()
    const seen: string[] = []
    const queue = new DeadlineQueue<Owner>(kernel, 1000, (owner) => seen.push(`${owner.name}@${kernel.nowMs}`))
    const owners: Owner[] = []
    for (let i = 0; i < 5; i++) {
      kernel.schedule(i * 10, (index: number) => {
        const owner: Owner = { name: `o${index}`, entry: 0 }
        owner.entry = queue.add(owner)
        owners.push(owner)
      }, i)
    }
    // o0, o1 and o3 end before their deadlines; o2 and o4 time out.
    kernel.schedule(500, () => {
      for (const index of [0, 1, 3]) queue.cancel(owners[index] as Owner, (owners[index] as Owner).entry)
    }, undefined)
    await kernel.run({ untilIdle: true })
    expect(seen).toEqual(['o2@1020', 'o4@1040'])
    expect(kernel.nowMs).toBe(1040)
  })

  it('when every deadline is cancelled the run ends at once: the clock does not move to a dead deadline', async () => {
    const kernel = newKernel()
    const queue = new DeadlineQueue<Owner>(kernel, 3000, () => {
      throw new Error('must not fire')
    })
    kernel.schedule(0, () => {
      const owner: Owner = { name: 'x', entry: 0 }
      owner.entry = queue.add(owner)
      kernel.schedule(100, () => queue.cancel(owner, owner.entry), undefined)
    }, undefined)
    await kernel.run({ untilIdle: true })
    expect(kernel.nowMs).toBe(100)
  })

  it('entry numbers stay valid as the ring grows past its capacity, with cancellations out of order', async () => {
    const kernel = newKernel()
    const fired: string[] = []
    const queue = new DeadlineQueue<Owner>(kernel, 10_000, (owner) => fired.push(owner.name))
    const owners: Owner[] = []
    kernel.schedule(0, () => {
      for (let i = 0; i < 300; i++) {
        const owner: Owner = { name: `o${i}`, entry: 0 }
        owner.entry = queue.add(owner)
        owners.push(owner)
      }
      // Cancel every one except multiples of 7, newest first (not in FIFO order).
      for (let i = 299; i >= 0; i--) if (i % 7 !== 0) queue.cancel(owners[i] as Owner, (owners[i] as Owner).entry)
      // A second cancel of the same entry, or one with a stale number, changes nothing.
      queue.cancel(owners[1] as Owner, (owners[1] as Owner).entry)
      queue.cancel(owners[0] as Owner, (owners[3] as Owner).entry)
    }, undefined)
    await kernel.run({ untilIdle: true })
    expect(fired).toEqual(owners.filter((_, i) => i % 7 === 0).map((o) => o.name))
  })

  it('through the simulation: an invocation that ends at the very instant of its timeout times out (the timeout was scheduled first)', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', timeout: 1, code: async (_event: unknown, context) => context.sleep(1000) })
    const result = await sim.invoke({ functionName: 'f' })
    expect(result.functionError).toBe('Unhandled')
    expect(JSON.stringify(result.payload)).toContain('Task timed out after 1.00 seconds')
  })

  it('through the simulation: runUntilIdle ends when the last invocation does, not at its cancelled timeout', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: async (_event: unknown, context) => context.sleep(100) })
    const start = sim.nowMs
    sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 10, duration: 1000 } })
    await sim.runUntilIdle()
    // Last arrival at 900 ms, 100 ms of work: the default 3 s timeout must not stretch the run.
    expect(sim.nowMs - start).toBe(1000)
  })
})
