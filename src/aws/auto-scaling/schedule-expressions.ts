/**
 * The schedule expressions of scheduled actions, as Application Auto Scaling reads them:
 * `at(yyyy-mm-ddThh:mm:ss)`, `rate(N minutes|hours|days)`, and `cron(…)` with AWS's six fields,
 * `at` and `cron` as wall-clock time in the action's `Timezone` (UTC by default). The reading is the
 * one every AWS scheduler shares (model/schedule-expression.ts); this file words the refusals as
 * Application Auto Scaling does. What the service
 * does with them is in `service.ts` (its header lists the [SIM] choices).
 */
import { nextCronTime, parseScheduleExpression, type CronSchedule } from '../../model/schedule-expression.js'
import { instantOf } from '../../model/zoned-time.js'
import { validation } from './errors.js'

export type Schedule = { kind: 'at'; atMs: number } | { kind: 'rate'; everyMs: number } | { kind: 'cron'; cron: CronSchedule }

/** `timeZone`: the IANA zone `at(…)` is read in. */
export function parseSchedule(schedule: string, timeZone: string): Schedule {
  if (!/^(at|rate|cron)\(/.test(schedule)) {
    throw validation(`Invalid schedule expression: ${schedule}. Expected at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)`)
  }
  const parsed = parseScheduleExpression(schedule, { at: true, strictUnits: false })
  if (!parsed.ok) throw validation(`Invalid schedule: ${schedule}: ${parsed.reason}`)
  const expression = parsed.expression
  if (expression.kind === 'at') return { kind: 'at', atMs: instantOf(expression.wall, timeZone) }
  return expression
}

/** The first instant after `afterMs` the cron schedule fires, its fields read in `timeZone`, or none. */
export function nextCron(schedule: Extract<Schedule, { kind: 'cron' }>, afterMs: number, timeZone: string): number | undefined {
  return nextCronTime(schedule.cron, afterMs, timeZone)
}
