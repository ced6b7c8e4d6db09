/**
 * The schedule expressions of scheduled actions, as Application Auto Scaling reads them (all UTC):
 * `at(yyyy-mm-ddThh:mm:ss)`, `rate(N minutes|hours|days)`, and `cron(…)` with AWS's six fields.
 * The reading is the one every AWS scheduler shares (model/schedule-expression.ts); this file only
 * words the refusals as Application Auto Scaling does and reads `at(…)` in UTC. What the service
 * does with them is in `service.ts` (its header lists the [SIM] choices).
 */
import { nextCronTime, parseScheduleExpression, type CronSchedule } from '../../model/schedule-expression.js'
import { validation } from './errors.js'

export type Schedule = { kind: 'at'; atMs: number } | { kind: 'rate'; everyMs: number } | { kind: 'cron'; cron: CronSchedule }

export function parseSchedule(schedule: string): Schedule {
  if (!/^(at|rate|cron)\(/.test(schedule)) {
    throw validation(`Invalid schedule expression: ${schedule}. Expected at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)`)
  }
  const parsed = parseScheduleExpression(schedule, { at: true, strictUnits: false })
  if (!parsed.ok) throw validation(`Invalid schedule: ${schedule}: ${parsed.reason}`)
  const expression = parsed.expression
  if (expression.kind === 'at') {
    const { year, month, day, hour, minute, second } = expression.wall
    return { kind: 'at', atMs: Date.UTC(year, month - 1, day, hour, minute, second) }
  }
  return expression
}

/** The first instant after `afterMs` the cron schedule fires (scheduled actions run in UTC), or none. */
export function nextCron(schedule: Extract<Schedule, { kind: 'cron' }>, afterMs: number): number | undefined {
  return nextCronTime(schedule.cron, afterMs, 'UTC')
}
