/**
 * The event bus: eventemitter3 underneath, typed by the `SimEvent` union. `'*'` receives every event.
 *
 * A listener that throws never throws into the code that emitted the event (an invocation half-way
 * through its completion would be left holding its environment and concurrency): its error goes to
 * `onListenerError` (the simulation reports it as `listener-threw` at the drive), and the other
 * listeners still receive the event.
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

  /**
   * @param onListenerError told of a listener's error (after the event reached the other
   *   listeners); without it, errors are rethrown.
   */
  constructor(private readonly onListenerError?: (thrown: unknown, event: SimEvent) => void) {}

  private listenerThrew(thrown: unknown, event: SimEvent): void {
    if (this.onListenerError === undefined) throw thrown
    this.onListenerError(thrown, event)
  }

  /**
   * @internal For the simulation's own stores, which listen for the simulation's whole life: as
   * `on` (the same order, the same containment of errors), without an unsubscribe function. A fresh
   * simulation's stores subscribe about twenty times, and each `on` makes two closures and their
   * state; here a listener is one small object whose method the emitter calls (issue 19).
   */
  listen<T extends SimEventType>(type: T, listener: (event: SimEventOf<T>) => void): void {
    this.emitter.on(type, deliverContained as never, new ContainedListener(this, listener as (event: SimEvent) => void))
    this.version++
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1)
  }

  /** @internal A listener's error, past the other listeners (see `onListenerError`). */
  listenerThrewFrom(thrown: unknown, event: SimEvent): void {
    this.listenerThrew(thrown, event)
  }

  on<T extends SimEventType | '*'>(type: T, listener: (event: T extends SimEventType ? SimEventOf<T> : SimEvent) => void): () => void {
    const receive = listener as (event: SimEvent) => void
    const contained = (event: SimEvent): void => {
      try {
        receive(event)
      } catch (thrown) {
        this.listenerThrew(thrown, event)
      }
    }
    this.emitter.on(type, contained as never)
    this.version++
    if (type === '*') this.wildcardCount++
    else this.counts.set(type, (this.counts.get(type) ?? 0) + 1)
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      this.emitter.off(type, contained as never)
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

/** A store's listener (`listen`): what it calls, and the bus its errors go to. */
class ContainedListener {
  constructor(
    readonly bus: EventBus,
    readonly receive: (event: SimEvent) => void,
  ) {}
}

/** Called by the emitter with the listener as `this`: the listener's error goes to the bus, not to the emitter. */
function deliverContained(this: ContainedListener, event: SimEvent): void {
  try {
    this.receive(event)
  } catch (thrown) {
    this.bus.listenerThrewFrom(thrown, event)
  }
}
