/**
 * The schedule expressions of scheduled actions, as Application Auto Scaling reads them (all UTC):
 * `at(yyyy-mm-ddThh:mm:ss)`, `rate(N minutes|hours|days)`, and `cron(…)` with AWS's six fields,
 * the cron fields read by the reading every AWS scheduler shares (model/schedule-expression.ts). What the service does
 * with them is in `service.ts` (its header lists the [SIM] choices).
 */
import { nextCronTime, parseScheduleExpression, type CronSchedule } from '../../model/schedule-expression.js'
import { validation } from './errors.js'

export type Schedule = { kind: 'at'; atMs: number } | { kind: 'rate'; everyMs: number } | { kind: 'cron'; cron: CronSchedule }

const RATE_UNIT_MS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 }

export function parseSchedule(schedule: string): Schedule {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(schedule)
  if (at !== null) {
    const [y, mo, d, h, mi, s] = at.slice(1).map(Number) as [number, number, number, number, number, number]
    const atMs = Date.UTC(y, mo - 1, d, h, mi, s)
    const back = new Date(atMs)
    if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) throw validation(`Invalid schedule: ${schedule} is not a valid time`)
    return { kind: 'at', atMs }
  }
  const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(schedule)
  if (rate !== null) {
    const n = Number(rate[1])
    if (n < 1) throw validation(`Invalid schedule: ${schedule}: the rate value must be a positive integer`)
    return { kind: 'rate', everyMs: n * (RATE_UNIT_MS[rate[2] as string] as number) }
  }
  const cron = /^cron\((.*)\)$/.exec(schedule)
  if (cron !== null) return parseCron(schedule, (cron[1] as string).trim())
  throw validation(`Invalid schedule expression: ${schedule}. Expected at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)`)
}

/**
 * AWS's six cron fields (minutes hours day-of-month month day-of-week year) as every AWS scheduler
 * reads them — names, `?`, `L`, `W`, `#`, the year field: the one reading EventBridge and Scheduler
 * share (model/schedule-expression.ts), worded as Application Auto Scaling refuses.
 */
function parseCron(schedule: string, body: string): Schedule {
  const parsed = parseScheduleExpression(`cron(${body})`, { at: false, strictUnits: false })
  if (!parsed.ok) throw validation(`Invalid schedule: ${schedule}: ${parsed.reason}`)
  if (parsed.expression.kind !== 'cron') throw validation(`Invalid schedule: ${schedule}`)
  return { kind: 'cron', cron: parsed.expression.cron }
}

/** The first instant after `afterMs` the cron schedule fires (scheduled actions run in UTC), or none. */
export function nextCron(schedule: Extract<Schedule, { kind: 'cron' }>, afterMs: number): number | undefined {
  return nextCronTime(schedule.cron, afterMs, 'UTC')
}
