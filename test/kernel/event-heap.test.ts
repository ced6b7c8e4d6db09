import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EventHeap } from '../../src/kernel/event-heap.js'

describe('event-heap', () => {
  it('pop - yields entries in (atMs, seq) order for any insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const heap = new EventHeap<{ atMs: number; seq: number }>()
        times.forEach((atMs, seq) => heap.push({ atMs, seq }))
        const out: { atMs: number; seq: number }[] = []
        while (heap.size > 0) out.push(heap.pop() as { atMs: number; seq: number })
        const expected = times.map((atMs, seq) => ({ atMs, seq })).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)
        expect(out).toEqual(expected)
      }),
    )
  })

  it('peek - shows the earliest without removing it; empty heap gives undefined', () => {
    const heap = new EventHeap<{ atMs: number; seq: number }>()
    expect(heap.peek()).toBeUndefined()
    expect(heap.pop()).toBeUndefined()
    heap.push({ atMs: 5, seq: 1 })
    heap.push({ atMs: 5, seq: 0 })
    expect(heap.peek()).toEqual({ atMs: 5, seq: 0 })
    expect(heap.size).toBe(2)
  })
})
