import { describe, expect, it } from 'vitest'
import { SimulationError } from '../../src/kernel/simulation-error.js'
import { defaultKernelLimits, Kernel, type TaskHooks } from '../../src/kernel/kernel.js'

const newKernel = (limits = {}) => new Kernel(1000, { ...defaultKernelLimits, ...limits }, () => 'seed=test decisions=seeded')
const hooks = (name: string, onDrained: TaskHooks['onDrained'] = () => undefined): TaskHooks => ({ describe: () => name, onDrained })

describe('kernel', () => {
  it('run - fires events in (atMs, seq) order; ties are FIFO; the clock jumps to each', async () => {
    const kernel = newKernel()
    const seen: string[] = []
    const at = (label: string) => () => seen.push(`${label}@${kernel.nowMs}`)
    kernel.schedule(1500, at('c'), undefined)
    kernel.schedule(1200, at('a'), undefined)
    kernel.schedule(1500, at('d'), undefined)
    kernel.schedule(1200, at('b'), undefined)
    await kernel.run({})
    expect(seen).toEqual(['a@1200', 'b@1200', 'c@1500', 'd@1500'])
  })

  it('sleep - reused wait objects keep every sleeper apart: each wakes at its own instant, dropped ones never wake', async () => {
    const kernel = newKernel()
    const seen: string[] = []
    // Many rounds of sleepers with repeated delays (their waits are pooled and reused), some of them
    // dropped while asleep, as a timed-out invocation's are.
    const sleeper = (name: string, delays: number[]) => {
      kernel.schedule(1000, () => {
        const task = kernel.startTask(hooks(name))
        const loop = async () => {
          for (const ms of delays) {
            try {
              await kernel.sleep(task, ms)
              seen.push(`${name}+${ms}@${kernel.nowMs}`)
            } catch {
              seen.push(`${name} rejected@${kernel.nowMs}`)
              break
            }
          }
          kernel.endTask(task)
        }
        void loop()
        // As a timed-out invocation's: the task ends and its waits are dropped (never rejected).
        if (name === 'c')
          kernel.schedule(
            1015,
            () => {
              kernel.endTask(task)
              kernel.dropWaits(task)
            },
            undefined,
          )
      }, undefined)
    }
    sleeper('a', [10, 10, 10, 10])
    sleeper('b', [5, 10, 5, 10, 5])
    sleeper('c', [10, 10, 10])
    sleeper('d', [10, 5, 10, 5])
    await kernel.run({})
    const of = (name: string) => seen.filter((line) => line.startsWith(name))
    expect(of('a')).toEqual(['a+10@1010', 'a+10@1020', 'a+10@1030', 'a+10@1040'])
    expect(of('b')).toEqual(['b+5@1005', 'b+10@1015', 'b+5@1020', 'b+10@1030', 'b+5@1035'])
    expect(of('c')).toEqual(['c+10@1010'])
    expect(of('d')).toEqual(['d+10@1010', 'd+5@1015', 'd+10@1025', 'd+5@1030'])
    // Same-instant wakes in the order their sleeps were made.
    expect(seen.filter((line) => line.endsWith('@1010'))).toEqual(['a+10@1010', 'c+10@1010', 'd+10@1010'])
  })

  it('post - a consequence runs before other events due at the same instant (causal order), then FIFO among posts', async () => {
    const kernel = newKernel()
    const seen: string[] = []
    kernel.schedule(1000, () => {
      seen.push('first')
      kernel.post(() => seen.push('posted-1'), undefined)
      kernel.post(() => seen.push('posted-2'), undefined)
    }, undefined)
    kernel.schedule(1000, () => seen.push('second'), undefined)
    kernel.schedule(1001, () => seen.push('later'), undefined)
    await kernel.run({})
    expect(seen).toEqual(['first', 'posted-1', 'posted-2', 'second', 'later'])
  })

  it('run untilMs - stops before later events and moves the clock to the target', async () => {
    const kernel = newKernel()
    const seen: number[] = []
    kernel.schedule(1100, () => seen.push(1100), undefined)
    kernel.schedule(3000, () => seen.push(3000), undefined)
    await kernel.run({ untilMs: 2000 })
    expect(seen).toEqual([1100])
    expect(kernel.nowMs).toBe(2000)
  })

  it('run untilIdle - background events never keep a run alive, but fire when passed', async () => {
    const kernel = newKernel()
    const seen: number[] = []
    kernel.schedule(1100, () => seen.push(1100), undefined, true)
    kernel.schedule(1200, () => seen.push(1200), undefined)
    kernel.schedule(9000, () => seen.push(9000), undefined, true)
    await kernel.run({ untilIdle: true })
    expect(seen).toEqual([1100, 1200])
    expect(kernel.nowMs).toBe(1200)
  })

  it('cancel - a cancelled event never fires', async () => {
    const kernel = newKernel()
    const seen: string[] = []
    const handle = kernel.schedule(1100, () => seen.push('cancelled'), undefined)
    kernel.schedule(1200, () => seen.push('kept'), undefined)
    kernel.cancel(handle)
    await kernel.run({})
    expect(seen).toEqual(['kept'])
  })

  it('schedule - refuses the past with a time-travel error carrying the replay line', () => {
    const kernel = newKernel()
    expect(() => kernel.schedule(999, () => {}, undefined)).toThrow(SimulationError)
    expect(() => kernel.schedule(999, () => {}, undefined)).toThrow(/time-travel[\s\S]*seed=test/)
  })

  it('limits - step and queue limits stop runaway work with a replay line', async () => {
    const kernel = newKernel({ stepCountMax: 100 })
    const again = (): void => void kernel.schedule(kernel.nowMs + 1, again, undefined)
    again()
    await expect(kernel.run({})).rejects.toThrow(/step-limit[\s\S]*replay: seed=test/)
    // A failed drive leaves the kernel drivable: the next drive goes on from where it stopped.
    const before = kernel.nowMs
    await expect(kernel.run({ untilMs: before + 10 })).resolves.toBeUndefined()
    expect(kernel.nowMs).toBe(before + 10)
    const small = newKernel({ queueMax: 3 })
    for (let i = 0; i < 3; i++) small.schedule(2000, () => {}, undefined)
    expect(() => small.schedule(2000, () => {}, undefined)).toThrow(/queue-limit/)
  })

  it('quiescence - time does not move while a task runs; sleeps wake in virtual order', async () => {
    const kernel = newKernel()
    const trace: string[] = []
    const start = (name: string, sleeps: number[]) => {
      const task = kernel.startTask(hooks(name))
      void (async () => {
        for (const ms of sleeps) {
          await kernel.sleep(task, ms)
          // Plenty of microtask hops: time must not move meanwhile.
          for (let i = 0; i < 20; i++) await Promise.resolve()
          trace.push(`${name}@${kernel.nowMs - 1000}`)
        }
        kernel.endTask(task)
      })()
    }
    kernel.schedule(1000, () => {
      start('a', [10, 10, 10])
      start('b', [15, 5])
    }, undefined)
    await kernel.run({})
    expect(trace).toEqual(['a@10', 'b@15', 'a@20', 'b@20', 'a@30'])
  })

  it('quiescence - a task parked on several waits at once (Promise.all) is not a stall', async () => {
    const kernel = newKernel()
    let finishedAt = -1
    kernel.schedule(1000, () => {
      const task = kernel.startTask(hooks('parallel', () => new SimulationError('handler-escaped', 'should not stall', 'x')))
      void Promise.all([kernel.sleep(task, 5), kernel.sleep(task, 30), kernel.sleep(task, 10)]).then(() => {
        finishedAt = kernel.nowMs
        kernel.endTask(task)
      })
    }, undefined)
    await kernel.run({})
    expect(finishedAt).toBe(1030)
  })

  it('quiescence - a task awaiting something the kernel does not own is reported, never a hang', async () => {
    const kernel = newKernel()
    kernel.schedule(1000, () => {
      const task = kernel.startTask(hooks('escaper', () => kernel.error('handler-escaped', 'escaper is waiting on real time')))
      void new Promise((resolve) => setTimeout(resolve, 100)).then(() => kernel.endTask(task))
    }, undefined)
    await expect(kernel.run({})).rejects.toThrow(/handler-escaped[\s\S]*escaper/)
  })

  it('external - freezes virtual time and releases results in call order, not settle order', async () => {
    const kernel = newKernel()
    const released: string[] = []
    kernel.schedule(1000, () => {
      const task = kernel.startTask(hooks('io'))
      const slow = new Promise<string>((resolve) => setTimeout(() => resolve('slow'), 30))
      const fast = Promise.resolve('fast')
      void Promise.all([
        kernel.external(task, slow).then((v) => released.push(`${v}@${kernel.nowMs}`)),
        kernel.external(task, fast).then((v) => released.push(`${v}@${kernel.nowMs}`)),
      ]).then(() => kernel.endTask(task))
    }, undefined)
    kernel.schedule(1005, () => released.push(`timer@${kernel.nowMs}`), undefined)
    await kernel.run({})
    expect(released).toEqual(['slow@1000', 'fast@1000', 'timer@1005'])
  })

  it('external - a promise that never settles ends the drive after externalWaitMsMax', async () => {
    const kernel = newKernel({ externalWaitMsMax: 20 })
    kernel.schedule(1000, () => {
      const task = kernel.startTask(hooks('stuck-io'))
      void kernel.external(task, new Promise(() => {})).catch(() => kernel.endTask(task))
    }, undefined)
    await expect(kernel.run({})).rejects.toThrow(/external-wait-exceeded[\s\S]*stuck-io/)
  })

  it('run - refuses a second concurrent drive', async () => {
    const kernel = newKernel()
    kernel.schedule(1000, () => {
      const task = kernel.startTask(hooks('busy'))
      void Promise.resolve().then(() => kernel.endTask(task))
    }, undefined)
    const first = kernel.run({})
    await expect(kernel.run({})).rejects.toThrow(/reentrant-drive/)
    await first
  })
})

describe('kernel counts', () => {
  it('cancel - cancelling an event that already fired changes nothing', async () => {
    const kernel = newKernel()
    const fired = kernel.schedule(1100, () => {}, undefined)
    await kernel.run({ untilMs: 1100 })
    kernel.cancel(fired)
    expect(kernel.pendingForeground).toBe(0)
    const seen: number[] = []
    kernel.schedule(1200, () => seen.push(kernel.nowMs), undefined)
    await kernel.run({ untilIdle: true })
    expect(seen).toEqual([1200])
  })
})
