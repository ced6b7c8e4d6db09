/**
 * EventBridge scheduled rules: a rule with a `ScheduleExpression` sends its targets a Scheduled
 * Event on the virtual clock — `rate(…)` or AWS's six-field `cron(…)`, always in UTC.
 *
 * - [SIM] `rate(N unit)` fires at `t0 + k × N units` (k ≥ 1), `t0` being when the rule was put or
 *   last enabled; `cron(…)` fires at second 0 of each matching minute. AWS fires "within a minute"
 *   of those times; the simulation fires exactly on them.
 * - Firings are *background* kernel events (docs/architecture.md, "Background events"): they run
 *   when a drive passes them (`advance`), and `runUntilIdle()` does not wait for the next one — a
 *   rule that fires forever would otherwise never let it end. What a firing starts (the
 *   asynchronous invocation of a target) is ordinary foreground work.
 * - A disabled rule has no timer; enabling it starts the schedule again from that moment. Putting
 *   the rule again re-reads its expression (and restarts a rate).
 */
import type { Kernel } from '../../kernel/kernel.js'
import { nextCronTime, parseScheduleExpression, type ScheduleExpression } from '../../model/schedule-expression.js'

/** EventBridge's rules take `rate` and `cron`, and the exact unit form (`1 minute`, `5 minutes`). */
export function parseRuleSchedule(text: string): ScheduleExpression | undefined {
  const parsed = parseScheduleExpression(text, { at: false, strictUnits: true })
  return parsed.ok ? parsed.expression : undefined
}

interface Timer {
  readonly expression: ScheduleExpression
  readonly anchorMs: number
  handle: object | undefined
}

/** One timer per scheduled rule (keyed by its ARN), each calling `fire` at its instants. */
export class RuleSchedules {
  private readonly timers = new Map<string, Timer>()

  constructor(
    private readonly kernel: Kernel,
    /** Sends the rule's Scheduled Event for `scheduledMs` (the kernel's now). */
    private readonly fire: (ruleArn: string, scheduledMs: number) => void,
  ) {}

  /** Starts (or restarts) the schedule of a rule; `undefined` stops it. */
  set(ruleArn: string, expression: ScheduleExpression | undefined): void {
    this.clear(ruleArn)
    if (expression === undefined) return
    const timer: Timer = { expression, anchorMs: this.kernel.nowMs, handle: undefined }
    this.timers.set(ruleArn, timer)
    this.arm(ruleArn, timer, this.kernel.nowMs)
  }

  clear(ruleArn: string): void {
    const timer = this.timers.get(ruleArn)
    if (timer?.handle !== undefined) this.kernel.cancel(timer.handle)
    this.timers.delete(ruleArn)
  }

  private arm(ruleArn: string, timer: Timer, afterMs: number): void {
    const next = nextFiring(timer, afterMs)
    if (next === undefined) return
    timer.handle = this.kernel.schedule(
      next,
      () => {
        timer.handle = undefined
        if (this.timers.get(ruleArn) !== timer) return
        // The next firing is armed first: a target's reaction that changes the rule replaces it.
        this.arm(ruleArn, timer, next)
        this.fire(ruleArn, next)
      },
      undefined,
      true,
    )
  }
}

function nextFiring(timer: Timer, afterMs: number): number | undefined {
  const expression = timer.expression
  if (expression.kind === 'rate') {
    const k = Math.floor((afterMs - timer.anchorMs) / expression.everyMs) + 1
    return timer.anchorMs + k * expression.everyMs
  }
  if (expression.kind === 'cron') return nextCronTime(expression.cron, afterMs, 'UTC')
  return undefined
}
