import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../src/index.js'

// Issue 19's changes keep rendered text in module state shared by every simulation of a process
// (the error payload / Invoke Error line / stable stack memos, code identities by handler, lifecycle
// dates) and moved per-event state onto the events (the async queue's last run). None of it may keep
// a dropped simulation alive: a property test makes thousands.

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** An async retry story that fails into a DLQ and an on-failure destination; returns the dropped simulation. */
async function story(seed: number): Promise<WeakRef<Simulation>> {
  const sim = createSimulation({ seed, recordEvents: true })
  const dlq = sim.sqs.createQueue({ queueName: 'dlq' })
  sim.createFunction({
    functionName: 'f',
    code: async () => {
      throw new Error('down')
    },
    deadLetterConfig: { targetArn: sim.sqs.queueArn('dlq') },
  })
  sim.createFunction({
    functionName: 'g',
    runtime: 'nodejs24.x',
    code: {
      init: async () => async () => {
        throw Object.assign(new Error('coded'), { code: 'E1' })
      },
    },
  })
  sim.putFunctionEventInvokeConfig({ functionName: 'g', maximumRetryAttempts: 1, destinationConfig: { onFailure: { destination: sim.sqs.queueArn('dlq') } } })
  await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: { a: 1 } })
  await sim.invoke({ functionName: 'g', invocationType: 'Event' })
  await sim.invoke({ functionName: 'g' })
  await sim.runUntilIdle()
  sim.metrics?.getMetricStatistics({ metricName: 'Errors', period: 60 })
  expect(sim.sqs.peekMessages(dlq.queueUrl)).toHaveLength(2)
  return new WeakRef(sim)
}

describe('reliability/dropped simulations are collected', () => {
  it('after async retry stories into a DLQ and a destination, a full collection frees every dropped simulation', async () => {
    const dropped: WeakRef<Simulation>[] = []
    for (let seed = 0; seed < 4; seed++) dropped.push(await story(seed))
    // A WeakRef's target is kept until the job that made or read it ends: let a turn or two pass.
    await new Promise((resolve) => setTimeout(resolve, 10))
    gc()
    gc()
    expect(dropped.map((ref) => ref.deref() === undefined)).toEqual([true, true, true, true])
  })
})
