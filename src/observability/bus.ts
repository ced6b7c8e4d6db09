/**
 * The event bus: eventemitter3 underneath, typed by the `SimEvent` union. `'*'` receives every event.
 */
import { EventEmitter } from 'eventemitter3'
import type { SimEvent, SimEventMap, SimEventOf, SimEventType } from './events.js'

export class EventBus {
  private readonly emitter = new EventEmitter<SimEventMap>()
  private wildcardCount = 0

  emit(event: SimEvent): void {
    this.emitter.emit(event.type, event as never)
    if (this.wildcardCount > 0) this.emitter.emit('*', event)
  }

  on<T extends SimEventType | '*'>(type: T, listener: (event: T extends SimEventType ? SimEventOf<T> : SimEvent) => void): () => void {
    this.emitter.on(type, listener as never)
    if (type === '*') this.wildcardCount++
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      this.emitter.off(type, listener as never)
      if (type === '*') this.wildcardCount--
    }
  }
}
