import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError, type LambdaContext, type Simulation } from '../../src/index.js'
import { eventLogHash } from '../../src/testing/index.js'
import type { Kernel } from '../../src/kernel/kernel.js'

// Issue 17: long drives yield to the real event loop (by real time) without changing any result;
// a plain script awaiting a drive stuck on external work hears why instead of exiting mute; a
// handler driving its own simulation is reported as reentrant-drive.

function kernelOf(sim: Simulation): Kernel {
  return (sim as unknown as { kernel: Kernel }).kernel
}

/** A mixed workload: cold starts, sleeps, throttles, async retries, a DLQ. */
async function workload(sim: Simulation): Promise<void> {
  const { queueUrl } = sim.sqs.createQueue({ queueName: 'dlq' })
  sim.createFunction({
    functionName: 'work',
    code: async (event: { n?: number }, context: LambdaContext) => {
      await context.sleep(5 + ((event.n ?? 0) % 7))
      if ((event.n ?? 0) % 13 === 0) throw new Error('unlucky')
      return event.n
    },
  })
  sim.createFunction({ functionName: 'async', deadLetterConfig: { targetArn: sim.sqs.queueArn('dlq') }, code: async () => { throw new Error('always') } })
  sim.putFunctionConcurrency({ functionName: 'work', reservedConcurrentExecutions: 3 })
  sim.generateLoad({ functionName: 'work', pattern: { kind: 'poisson', ratePerSecond: 400, duration: '5s' }, payload: (i: number) => ({ n: i }) })
  for (let i = 0; i < 5; i++) await sim.invoke({ functionName: 'async', invocationType: 'Event', payload: { i } })
  await sim.runUntilIdle()
  expect(sim.sqs.peekMessages(queueUrl)).toHaveLength(5)
}

async function hashOf(configure: (kernel: Kernel) => void): Promise<string> {
  const sim = createSimulation({ seed: 1731, recordEvents: true })
  configure(kernelOf(sim))
  await workload(sim)
  return eventLogHash(sim)
}

describe('drives yield to the event loop', () => {
  it('results are identical whether a drive never yields or yields every N steps, for any N', async () => {
    const never = await hashOf((k) => (k.yieldAfterRealMs = Number.POSITIVE_INFINITY))
    for (const every of [1, 7, 100]) {
      expect(await hashOf((k) => (k.yieldEverySteps = every))).toBe(never)
    }
    expect(await hashOf((k) => (k.yieldAfterRealMs = 0))).toBe(never)
  })

  it('a real timer fires during a long drive (a test runner timeout or progress report can)', async () => {
    const sim = createSimulation({ seed: 1732 })
    kernelOf(sim).yieldAfterRealMs = 0 // yield at every look at the clock (every 1024 steps)
    sim.createFunction({ functionName: 'f', code: async (_e: unknown, context: LambdaContext) => { await context.sleep(1) } })
    sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1000, duration: '10s' } })
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    let ticksWhenDone = -1
    await sim.runUntilIdle().then(() => (ticksWhenDone = ticks))
    clearInterval(timer)
    expect(ticksWhenDone).toBeGreaterThan(0)
  })
})

describe('plain scripts', () => {
  it('a handler awaiting context.external that never settles: the script hears external-wait-exceeded instead of exiting with code 13', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambda-sim-external-'))
    const script = join(dir, 'stuck.mts')
    const index = resolve(__dirname, '../../src/index.ts')
    writeFileSync(
      script,
      [
        `import { createSimulation } from ${JSON.stringify(index)}`,
        `const sim = createSimulation({ seed: 1741, limits: { externalWaitMsMax: 300 } })`,
        `sim.createFunction({ functionName: 'stuck', code: async (_e, context) => context.external(new Promise(() => {})) })`,
        `try { await sim.invoke({ functionName: 'stuck' }); console.log('resolved') } catch (error) { console.log('rejected', error.code, error.replay) }`,
      ].join('\n'),
    )
    const outcome = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, ['--import', 'tsx', script], { cwd: resolve(__dirname, '../..'), timeout: 30_000 }, (error, stdout, stderr) =>
        done({ code: error === null ? 0 : ((error as { code?: number }).code ?? null), stdout, stderr }),
      )
    })
    expect(outcome.stdout.trim(), outcome.stderr).toMatch(/^rejected external-wait-exceeded seed=1741 /)
    expect(outcome.code).toBe(0)
  }, 30_000)

  it('sim.invoke called inside a handler: reentrant-drive, for the handler and for the drive running it', async () => {
    const sim = createSimulation({ seed: 1742 })
    let inner: unknown
    sim.createFunction({ functionName: 'callee', code: async () => 'hi' })
    sim.createFunction({
      functionName: 'caller',
      code: async () => {
        try {
          await sim.invoke({ functionName: 'callee' })
        } catch (error) {
          inner = error
        }
        return 'done'
      },
    })
    const outer = await sim.invoke({ functionName: 'caller' }).catch((e: unknown) => e)
    expect(inner).toBeInstanceOf(SimulationError)
    expect((inner as SimulationError).code).toBe('reentrant-drive')
    expect(outer).toBeInstanceOf(SimulationError)
    expect((outer as SimulationError).code).toBe('reentrant-drive')
    expect((outer as SimulationError).message).toContain('context.lambda')
    // The simulation stays usable: the next drive works.
    expect((await sim.invoke({ functionName: 'callee' })).payload).toBe('hi')
  })
})
