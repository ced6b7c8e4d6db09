import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EventHeap } from '../../src/kernel/event-heap.js'

interface Entry {
  atMs: number
  seq: number
  heapIndex: number
}

const entry = (atMs: number, seq: number): Entry => ({ atMs, seq, heapIndex: -1 })
const order = (a: Entry, b: Entry): number => a.atMs - b.atMs || a.seq - b.seq
const drain = (heap: EventHeap<Entry>): Array<[number, number]> => {
  const out: Array<[number, number]> = []
  for (let next = heap.pop(); next !== undefined; next = heap.pop()) out.push([next.atMs, next.seq])
  return out
}

describe('event-heap', () => {
  it('pop - yields entries in (atMs, seq) order for any insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const heap = new EventHeap<Entry>()
        const entries = times.map((atMs, seq) => entry(atMs, seq))
        for (const e of entries) heap.push(e)
        expect(drain(heap)).toEqual([...entries].sort(order).map((e) => [e.atMs, e.seq]))
      }),
    )
  })

  it('remove - takes any entry out at once and keeps the rest in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.boolean()), { maxLength: 200 }), (plan) => {
        const heap = new EventHeap<Entry>()
        const entries = plan.map(([atMs], seq) => entry(atMs, seq))
        for (const e of entries) heap.push(e)
        const removed = entries.filter((_, i) => plan[i]?.[1] === true)
        for (const e of removed) heap.remove(e)
        for (const e of removed) expect(e.heapIndex).toBe(-1)
        expect(heap.size).toBe(entries.length - removed.length)
        const kept = entries.filter((_, i) => plan[i]?.[1] !== true)
        expect(drain(heap)).toEqual([...kept].sort(order).map((e) => [e.atMs, e.seq]))
      }),
    )
  })

  it('remove - of an entry no longer in the heap changes nothing', () => {
    const heap = new EventHeap<Entry>()
    const a = entry(1, 0)
    const b = entry(2, 1)
    heap.push(a)
    heap.push(b)
    expect(heap.pop()).toBe(a)
    heap.remove(a)
    expect(heap.size).toBe(1)
    expect(heap.peek()).toBe(b)
  })

  it('peek - shows the earliest without removing it; empty heap gives undefined', () => {
    const heap = new EventHeap<Entry>()
    expect(heap.peek()).toBeUndefined()
    expect(heap.pop()).toBeUndefined()
    heap.push(entry(5, 1))
    heap.push(entry(5, 0))
    expect(heap.peek()).toMatchObject({ atMs: 5, seq: 0 })
    expect(heap.size).toBe(2)
  })

  it('replaceTop - takes the earliest out and the new entry in, in order; on an empty heap it pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 100 }), fc.integer({ min: 0, max: 60 }), (times, newAt) => {
        const heap = new EventHeap<Entry>()
        const entries = times.map((atMs, seq) => entry(atMs, seq))
        for (const e of entries) heap.push(e)
        const sorted = [...entries].sort(order)
        const top = sorted.shift() as Entry
        const added = entry(newAt, times.length)
        heap.replaceTop(added)
        expect(top.heapIndex).toBe(-1)
        expect(drain(heap)).toEqual([...sorted, added].sort(order).map((e) => [e.atMs, e.seq]))
      }),
    )
    const empty = new EventHeap<Entry>()
    empty.replaceTop(entry(1, 0))
    expect(empty.size).toBe(1)
  })
})
