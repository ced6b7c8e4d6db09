import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EventQueue, type QueueEntry } from '../../src/kernel/event-queue.js'

interface Entry extends QueueEntry {
  readonly id: number
}

const order = (a: Entry, b: Entry): number => a.atMs - b.atMs || a.seq - b.seq

/** A step of a schedule: add an entry `delay` from now, take the earliest (moving now to it), or remove one. */
type Step = { kind: 'push'; delay: number } | { kind: 'pop' } | { kind: 'remove'; pick: number } | { kind: 'wait'; ms: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  // Few distinct delays, so lanes open; some one-off ones too.
  { arbitrary: fc.record({ kind: fc.constant('push' as const), delay: fc.constantFrom(0, 1, 5, 100) }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('push' as const), delay: fc.double({ min: 0, max: 200, noNaN: true }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('pop' as const) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 20 }) }), weight: 1 },
)

describe('event-queue', () => {
  it('pop - yields exactly what a single sorted list would, with lanes, removals and time moving on', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), fc.integer({ min: 0, max: 2 ** 40 }), (steps, startMs) => {
        const queue = new EventQueue<Entry>()
        const model: Entry[] = []
        let nowMs = startMs
        let seq = 0
        for (const s of steps) {
          if (s.kind === 'push') {
            const entry: Entry = { id: seq, atMs: nowMs + s.delay, seq: seq++, heapIndex: -1, lane: null, laneSlot: 0 }
            queue.push(entry, nowMs)
            model.push(entry)
          } else if (s.kind === 'pop') {
            model.sort(order)
            const expected = model.shift()
            const got = queue.pop()
            expect(got?.id).toBe(expected?.id)
            if (got !== undefined) nowMs = got.atMs
          } else if (s.kind === 'remove') {
            if (model.length === 0) continue
            const [victim] = model.splice(s.pick % model.length, 1) as [Entry]
            queue.remove(victim)
            queue.remove(victim) // twice: the second is a no-op
          } else {
            nowMs += s.ms
            // Time moves only up to the next entry (as the kernel's clock does).
            const next = [...model].sort(order)[0]
            if (next !== undefined && nowMs > next.atMs) nowMs = next.atMs
          }
          expect(queue.size).toBe(model.length)
          expect(queue.peek()?.id).toBe([...model].sort(order)[0]?.id)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('lanes - keep the heap small: a hundred sleepers of one delay leave a handful of entries on it', () => {
    const queue = new EventQueue<Entry>()
    let seq = 0
    for (let nowMs = 0; nowMs < 100; nowMs++) {
      queue.push({ id: seq, atMs: nowMs + 100, seq: seq++, heapIndex: -1, lane: null, laneSlot: 0 }, nowMs)
      queue.push({ id: seq, atMs: nowMs + 1, seq: seq++, heapIndex: -1, lane: null, laneSlot: 0 }, nowMs)
    }
    expect(queue.size).toBe(200)
    // Each delay's first entry goes to the heap before its lane opens; then one per lane.
    expect((queue as unknown as { heap: { size: number } }).heap.size).toBeLessThanOrEqual(4)
    let last = -1
    for (let entry = queue.pop(); entry !== undefined; entry = queue.pop()) {
      expect(entry.atMs).toBeGreaterThanOrEqual(last)
      last = entry.atMs
    }
    expect(queue.size).toBe(0)
  })

  it('lanes - a lane whose entries were all removed takes new ones again', () => {
    const queue = new EventQueue<Entry>()
    const make = (id: number, atMs: number): Entry => ({ id, atMs, seq: id, heapIndex: -1, lane: null, laneSlot: 0 })
    const a = make(0, 10)
    const b = make(1, 10)
    const c = make(2, 10)
    queue.push(a, 0)
    queue.push(b, 0)
    queue.push(c, 0)
    queue.remove(c)
    queue.remove(b)
    const d = make(3, 10)
    queue.push(d, 0)
    expect(queue.pop()).toBe(a)
    expect(queue.pop()).toBe(d)
    expect(queue.pop()).toBeUndefined()
  })
})
