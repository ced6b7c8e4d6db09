/**
 * The event bus, typed by the `SimEvent` union. `'*'` receives every event.
 *
 * A listener that throws never throws into the code that emitted the event (an invocation half-way
 * through its completion would be left holding its environment and concurrency): its error goes to
 * `onListenerError` (the simulation reports it as `listener-threw` at the drive), and the other
 * listeners still receive the event.
 */
import { freshArray } from '../kernel/fresh-array.js'
import type { SimEvent, SimEventOf, SimEventType } from './events.js'

export class EventBus {
  /**
   * Listeners per event type (`'*'` too), in the order they came. An emit walks the array it found
   * up to its length then: a listener added meanwhile waits for the next event, and a removal
   * replaces the array, so the walk goes on over the old one (eventemitter3's rules, which the bus
   * used before: a fresh simulation's stores subscribe about twenty times, and eventemitter3 made an
   * entry object for each and turned its table of types into a dictionary every simulation).
   */
  private readonly byType = new Map<string, ContainedListener[]>()
  private wildcardCount = 0
  /** Bumped whenever a listener comes or goes: a hot path may cache `wants` until it changes. */
  version = 0

  /** True when an event of this type would reach any listener (its own, or `'*'`). */
  wants(type: SimEventType): boolean {
    return this.wildcardCount > 0 || (this.byType.size > 0 && this.byType.has(type))
  }

  emit(event: SimEvent): void {
    const listeners = this.byType.get(event.type)
    if (listeners !== undefined) deliverAll(listeners, event)
    if (this.wildcardCount > 0) {
      const everything = this.byType.get('*')
      if (everything !== undefined) deliverAll(everything, event)
    }
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
   * `on` (the same order, the same containment of errors), without an unsubscribe function.
   */
  listen<T extends SimEventType>(type: T, listener: (event: SimEventOf<T>) => void): void {
    this.add(type, new ContainedListener(this, listener as (event: SimEvent) => void))
  }

  /** @internal A listener's error, past the other listeners (see `onListenerError`). */
  listenerThrewFrom(thrown: unknown, event: SimEvent): void {
    this.listenerThrew(thrown, event)
  }

  on<T extends SimEventType | '*'>(type: T, listener: (event: T extends SimEventType ? SimEventOf<T> : SimEvent) => void): () => void {
    const contained = new ContainedListener(this, listener as (event: SimEvent) => void)
    this.add(type, contained)
    if (type === '*') this.wildcardCount++
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      this.remove(type, contained)
      if (type === '*') this.wildcardCount--
    }
  }

  private add(type: string, listener: ContainedListener): void {
    const listeners = this.byType.get(type)
    if (listeners !== undefined) listeners.push(listener)
    else {
      const first = freshArray<ContainedListener>()
      first.push(listener)
      this.byType.set(type, first)
    }
    this.version++
  }

  private remove(type: string, listener: ContainedListener): void {
    const listeners = this.byType.get(type)
    if (listeners === undefined) return
    // A new array: an emit walking the old one goes on undisturbed.
    const rest = listeners.filter((l) => l !== listener)
    if (rest.length === 0) this.byType.delete(type)
    else this.byType.set(type, rest)
    this.version++
  }
}

/** A listener (`on` or `listen`): what it calls, and the bus its errors go to. */
class ContainedListener {
  constructor(
    readonly bus: EventBus,
    readonly receive: (event: SimEvent) => void,
  ) {}

  /** The listener's error goes to the bus, not to the emitter, and the other listeners still get the event. */
  deliver(event: SimEvent): void {
    try {
      this.receive(event)
    } catch (thrown) {
      this.bus.listenerThrewFrom(thrown, event)
    }
  }
}

/** Each listener of the array as it is now (up to its current length). */
function deliverAll(listeners: readonly ContainedListener[], event: SimEvent): void {
  for (let i = 0, n = listeners.length; i < n; i++) (listeners[i] as ContainedListener).deliver(event)
}
