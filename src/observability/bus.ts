/**
 * The event bus: eventemitter3 underneath, typed by the `SimEvent` union. `'*'` receives every event.
 */
import { EventEmitter } from 'eventemitter3'
import type { SimEvent, SimEventMap, SimEventOf, SimEventType } from './events.js'

export class EventBus {
  private readonly emitter = new EventEmitter<SimEventMap>()
  private wildcardCount = 0
  /** Listeners per type, so hot paths can skip building events no one receives. */
  private readonly counts = new Map<string, number>()
  /** Bumped whenever a listener comes or goes: a hot path may cache `wants` until it changes. */
  version = 0

  /** True when an event of this type would reach any listener (its own, or `'*'`). */
  wants(type: SimEventType): boolean {
    return this.wildcardCount > 0 || (this.counts.size > 0 && this.counts.has(type))
  }

  emit(event: SimEvent): void {
    this.emitter.emit(event.type, event as never)
    if (this.wildcardCount > 0) this.emitter.emit('*', event)
  }

  on<T extends SimEventType | '*'>(type: T, listener: (event: T extends SimEventType ? SimEventOf<T> : SimEvent) => void): () => void {
    this.emitter.on(type, listener as never)
    this.version++
    if (type === '*') this.wildcardCount++
    else this.counts.set(type, (this.counts.get(type) ?? 0) + 1)
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      this.emitter.off(type, listener as never)
      this.version++
      if (type === '*') this.wildcardCount--
      else {
        const left = (this.counts.get(type) ?? 1) - 1
        if (left === 0) this.counts.delete(type)
        else this.counts.set(type, left)
      }
    }
  }
}
