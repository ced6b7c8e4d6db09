/**
 * The recorded event log: every event, in dispatch order, as plain data. Opt-in (`recordEvents`),
 * bounded by `eventLogMax`. Reaching the bound is never a silent drop: the log reports it once
 * (`onOverflow` makes the simulation unusable, so the drive in progress and every later one
 * reject), and reading an incomplete log throws the same error. It never throws into the code
 * that emitted the event (a handler, a listener): that would tear the event in half.
 */
import type { EventBus } from './bus.js'
import type { SimEvent } from './events.js'

export class EventLog {
  private readonly events: SimEvent[] = []
  /** Set once the log is incomplete: the error every read of it throws. */
  private overflow: Error | undefined = undefined
  /** Events not recorded since the bound was reached. */
  droppedCount = 0

  constructor(
    bus: EventBus,
    private readonly max: number,
    /** Called once, at the first event past the bound: reports the overflow, returns its error. */
    private readonly onOverflow: (max: number) => Error,
  ) {
    bus.on('*', (event) => this.add(event))
  }

  private add(event: SimEvent): void {
    if (this.events.length >= this.max) {
      this.droppedCount++
      this.overflow ??= this.onOverflow(this.max)
      return
    }
    this.events.push(event)
  }

  list(): SimEvent[] {
    this.refuseIfIncomplete()
    return this.events.slice()
  }

  /** One JSON line per event: the byte-exact form determinism tests compare. */
  toJsonLines(): string {
    this.refuseIfIncomplete()
    return this.events.map((event) => JSON.stringify(event)).join('\n')
  }

  private refuseIfIncomplete(): void {
    if (this.overflow !== undefined) throw this.overflow
  }
}
