import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type FaultSpec, type SimEvent, type Simulation } from '../../src/index.js'
import { SimulationError } from '../../src/kernel/simulation-error.js'
import { eventLogHash, parseReplayLine } from '../../src/testing/index.js'

// Fault plans reach the batches of event source mappings: `{ eventSourceMapping?, batch, fault, records? }`.

interface World {
  readonly sim: Simulation
  readonly queueUrl: string
  readonly uuid: string
  /** Bodies the handler saw, per invocation. */
  readonly seen: string[][]
}

async function world(options: { faults: FaultSpec[]; report?: boolean; handlerFails?: string[]; messages?: number; seed?: number; timeout?: number }): Promise<World> {
  const sim = createSimulation({ seed: options.seed ?? 3, recordEvents: true, faults: options.faults })
  const seen: string[][] = []
  sim.createFunction({
    functionName: 'consumer',
    timeout: options.timeout ?? 3,
    code: async (event: SQSEvent, context: { sleep(ms: number): Promise<void> }): Promise<SQSBatchResponse> => {
      seen.push(event.Records.map((r) => r.body))
      await context.sleep(10)
      return { batchItemFailures: event.Records.filter((r) => (options.handlerFails ?? []).includes(r.body) && r.attributes.ApproximateReceiveCount === '1').map((r) => ({ itemIdentifier: r.messageId })) }
    },
  })
  const { queueUrl } = sim.sqs.createQueue({ queueName: 'jobs', attributes: { VisibilityTimeout: '30' } })
  const mapping = sim.createEventSourceMapping({
    functionName: 'consumer',
    eventSourceArn: sim.sqs.queueArn('jobs'),
    batchSize: 10,
    ...(options.report !== false ? { functionResponseTypes: ['ReportBatchItemFailures'] } : {}),
  })
  await sim.advance('1s')
  for (let i = 1; i <= (options.messages ?? 3); i++) sim.sqs.sendMessage({ queueUrl, messageBody: `m${i}` })
  await sim.runUntilIdle()
  return { sim, queueUrl, uuid: mapping.uuid, seen }
}

const completed = (sim: Simulation): string[] =>
  sim.events().flatMap((e) => (e.type === 'esm.batchCompleted' ? [`#${e.batch} ${e.outcome} ${e.deleted}/${e.size}${e.reason !== undefined ? ` ${e.reason}` : ''}`] : []))
const injected = (sim: Simulation): Extract<SimEvent, { type: 'fault.injected' }>[] => sim.events().filter((e): e is Extract<SimEvent, { type: 'fault.injected' }> => e.type === 'fault.injected')

describe('fault plans on event source mapping batches', () => {
  it('fail-records - with ReportBatchItemFailures only the named records return (with the ones the function listed)', async () => {
    const { sim, seen, uuid } = await world({ faults: [{ batch: 1, fault: 'fail-records', records: [2] }], handlerFails: ['m3'] })
    expect(seen).toEqual([['m1', 'm2', 'm3'], ['m2', 'm3']])
    expect(completed(sim)).toEqual(['#1 partial 1/3', '#2 success 2/2'])
    const [event] = injected(sim)
    expect(event).toMatchObject({ fault: 'fail-records', functionName: 'consumer', invocation: 1, attempt: 1, planIndex: 0, eventSourceMapping: uuid, batch: 1, records: [2] })
    expect(injected(sim)).toHaveLength(1)
  })

  it('fail-records - without ReportBatchItemFailures the whole batch fails; positions past the batch are ignored', async () => {
    const { sim, seen } = await world({ faults: [{ batch: 1, fault: 'fail-records', records: [3, 7] }], report: false })
    expect(seen).toEqual([['m1', 'm2', 'm3'], ['m1', 'm2', 'm3']])
    expect(completed(sim)).toEqual(['#1 failed 0/3 injected fault: fail-records', '#2 success 3/3'])
    expect(injected(sim)[0]?.records).toEqual([3])
  })

  it('error, timeout and throttle - the whole batch returns after the visibility timeout', async () => {
    const error = await world({ faults: [{ batch: 1, fault: 'error', errorType: 'DownstreamDown' }] })
    expect(completed(error.sim)).toEqual(['#1 failed 0/3 DownstreamDown', '#2 success 3/3'])
    expect(error.seen).toHaveLength(2) // the handler ran, then its answer was replaced

    const timeout = await world({ faults: [{ batch: 1, fault: 'timeout' }], timeout: 2 })
    expect(completed(timeout.sim)).toEqual(['#1 failed 0/3 timeout', '#2 success 3/3'])
    expect(timeout.sim.events().filter((e) => e.type === 'invocation.timeout')).toHaveLength(1)

    const throttle = await world({ faults: [{ batch: 1, fault: 'throttle' }] })
    expect(completed(throttle.sim)).toEqual(['#1 throttled 0/3 ConcurrentInvocationLimitExceeded', '#2 success 3/3'])
    expect(throttle.seen).toHaveLength(1) // the handler never ran for the throttled batch
    for (const w of [error, timeout, throttle]) {
      expect(injected(w.sim).map((e) => [e.fault, e.batch])).toHaveLength(1)
      expect(w.sim.sqs.peekMessages(w.queueUrl)).toEqual([])
    }
  })

  it("names one mapping by UUID, or every mapping's batches together with '*' (or no eventSourceMapping)", async () => {
    const run = async (faults: (uuids: string[]) => FaultSpec[]): Promise<string[]> => {
      // Two passes: the first learns the UUIDs (seeded, so the same in the second).
      const build = async (plan: FaultSpec[]): Promise<{ sim: Simulation; uuids: string[] }> => {
        const sim = createSimulation({ seed: 9, recordEvents: true, faults: plan })
        sim.createFunction({ functionName: 'consumer', code: async () => ({}) })
        const uuids: string[] = []
        for (const name of ['a', 'b']) {
          sim.sqs.createQueue({ queueName: name })
          uuids.push(sim.createEventSourceMapping({ functionName: 'consumer', eventSourceArn: sim.sqs.queueArn(name) }).uuid)
        }
        await sim.advance('1s')
        sim.sqs.sendMessage({ queueUrl: sim.sqs.queueUrl('a'), messageBody: 'a1' })
        await sim.advance(100)
        sim.sqs.sendMessage({ queueUrl: sim.sqs.queueUrl('b'), messageBody: 'b1' })
        await sim.runUntilIdle()
        return { sim, uuids }
      }
      const { uuids } = await build([])
      const { sim } = await build(faults(uuids))
      return injected(sim).map((e) => `${uuids.indexOf(e.eventSourceMapping ?? '')}:${e.batch}`)
    }
    expect(await run((uuids) => [{ eventSourceMapping: uuids[1], batch: 1, fault: 'error' }])).toEqual(['1:1'])
    expect(await run(() => [{ eventSourceMapping: '*', batch: 2, fault: 'error' }])).toEqual(['1:1'])
    expect(await run(() => [{ batch: 1, fault: 'error' }])).toEqual(['0:1'])
  })

  it('invocation entries still count the mapping invocations; a batch entry decides the attempt it names', async () => {
    const { sim } = await world({ faults: [{ functionName: 'consumer', invocation: 1, fault: 'throttle' }, { batch: 1, fault: 'error' }, { functionName: 'consumer', invocation: 2, fault: 'error' }] })
    expect(injected(sim).map((e) => [e.planIndex, e.fault, e.invocation])).toEqual([
      [1, 'error', 1],
      [2, 'error', 2],
    ])
    expect(completed(sim)).toEqual(['#1 failed 0/3 Error', '#2 failed 0/3 Error', '#3 success 3/3'])
  })

  it('the plan with batch entries is validated, is part of the replay line, and runs the same twice', async () => {
    const rejects = (faults: unknown): string => {
      try {
        createSimulation({ seed: 1, faults: faults as FaultSpec[] })
      } catch (error) {
        expect(error).toBeInstanceOf(SimulationError)
        return (error as Error).message
      }
      throw new Error('expected a rejection')
    }
    expect(rejects([{ batch: 1, fault: 'crash' }])).toMatch(/faults\.0\.fault: a batch fault is one of error, timeout, throttle, fail-records, not 'crash'/)
    expect(rejects([{ batch: 1, fault: 'fail-records' }])).toMatch(/faults\.0\.records: fault 'fail-records' needs records/)
    expect(rejects([{ batch: 1, fault: 'error', records: [1] }])).toMatch(/faults\.0\.records: records applies to fault 'fail-records' only, not 'error'/)
    expect(rejects([{ batch: 1, functionName: 'f', fault: 'error' }])).toMatch(/faults\.0\.functionName: functionName does not apply to a batch/)
    expect(rejects([{ invocation: 1, fault: 'fail-records', records: [1] }])).toMatch(/faults\.0\.fault: fault 'fail-records' applies to a batch entry/)
    expect(rejects([{ fault: 'error' }])).toMatch(/faults\.0\.invocation: name an invocation \(invocation: n\) or an event source mapping batch \(batch: n\)/)
    expect(rejects([{ batch: 0, fault: 'error' }])).toMatch(/faults\.0\.batch: Too small/)
    expect(rejects([{ batch: 1, fault: 'fail-records', records: [0] }])).toMatch(/faults\.0\.records\.0: Too small/)

    const plan: FaultSpec[] = [{ batch: 1, fault: 'fail-records', records: [1, 2] }, { eventSourceMapping: '*', batch: 2, fault: 'timeout' }]
    const a = await world({ faults: plan, seed: 11 })
    const b = await world({ faults: plan, seed: 11 })
    expect(eventLogHash(a.sim)).toBe(eventLogHash(b.sim))
    expect(a.sim.replayLine()).toBe('seed=11 decisions=seeded faults=[{"batch":1,"fault":"fail-records","records":[1,2]},{"eventSourceMapping":"*","batch":2,"fault":"timeout"}]')
    expect(parseReplayLine(a.sim.replayLine()).faults).toEqual(plan)
  })
})
