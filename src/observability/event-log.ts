/**
 * The recorded event log: every event, in dispatch order, as plain data. Opt-in (`recordEvents`),
 * bounded by `eventLogMax` (exceeding it is an error with the replay line, never a silent drop).
 */
import type { EventBus } from './bus.js'
import type { SimEvent } from './events.js'

export class EventLog {
  private readonly events: SimEvent[] = []
  private overflowed = false

  constructor(
    bus: EventBus,
    private readonly max: number,
    private readonly onOverflow: (max: number) => Error,
  ) {
    bus.on('*', (event) => this.add(event))
  }

  private add(event: SimEvent): void {
    if (this.events.length >= this.max) {
      if (!this.overflowed) {
        this.overflowed = true
        throw this.onOverflow(this.max)
      }
      return
    }
    this.events.push(event)
  }

  list(): SimEvent[] {
    return this.events.slice()
  }

  /** One JSON line per event: the byte-exact form determinism tests compare. */
  toJsonLines(): string {
    return this.events.map((event) => JSON.stringify(event)).join('\n')
  }
}
