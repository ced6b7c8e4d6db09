/**
 * The schedule expressions of scheduled actions, as Application Auto Scaling reads them (all UTC):
 * `at(yyyy-mm-ddThh:mm:ss)`, `rate(N minutes|hours|days)`, and `cron(…)` with AWS's six fields,
 * turned into the cron-parser expression the next firing is computed with. What the service does
 * with them is in `service.ts` (its header lists the [SIM] choices).
 */
import { loadOnFirstUse } from '../../kernel/load-on-first-use.js'
import { validation } from './errors.js'

export type Schedule = { kind: 'at'; atMs: number } | { kind: 'rate'; everyMs: number } | { kind: 'cron'; expression: string; years: ((year: number) => boolean) | undefined }

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

/** cron-parser, loaded by the first `cron(…)` schedule rather than at import (≈ 25 ms; see load-on-first-use.ts). */
const cronParser = loadOnFirstUse<typeof import('cron-parser')>('cron-parser')

/** AWS's six fields: minutes hours day-of-month month day-of-week year. */
function parseCron(schedule: string, body: string): Schedule {
  const fields = body.split(/\s+/)
  if (fields.length !== 6) throw validation(`Invalid schedule: ${schedule}: a cron expression has 6 fields (minutes hours day-of-month month day-of-week year)`)
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string]
  if (/W/i.test(dayOfMonth)) throw validation(`Invalid schedule: ${schedule}: the W (nearest weekday) wildcard is not supported by the simulation`)
  // AWS numbers days of the week 1-7 from Sunday; cron-parser 0-6.
  const dow = dayOfWeek.replace(/(^|[,-])([1-7])/g, (_m, sep: string, n: string) => `${sep}${Number(n) - 1}`)
  const expression = `0 ${minutes} ${hours} ${dayOfMonth} ${month} ${dow}`
  try {
    cronParser().CronExpressionParser.parse(expression, { currentDate: new Date(0), tz: 'UTC' })
  } catch (error) {
    throw validation(`Invalid schedule: ${schedule}: ${(error as Error).message}`)
  }
  return { kind: 'cron', expression, years: yearMatcher(schedule, year) }
}

function yearMatcher(schedule: string, field: string): ((year: number) => boolean) | undefined {
  if (field === '*' || field === '?') return undefined
  const parts = field.split(',').map((part) => {
    const m = /^(\d{4})(?:-(\d{4}))?(?:\/(\d+))?$/.exec(part)
    if (m === null) throw validation(`Invalid schedule: ${schedule}: unsupported year field ${field}`)
    const from = Number(m[1])
    const to = m[2] !== undefined ? Number(m[2]) : m[3] !== undefined ? 2199 : from
    const step = m[3] !== undefined ? Number(m[3]) : 1
    return (y: number) => y >= from && y <= to && (y - from) % step === 0
  })
  return (year) => parts.some((p) => p(year))
}

/** The first instant after `afterMs` the cron schedule fires, in a year it allows (none after 2199). */
export function nextCron(schedule: Extract<Schedule, { kind: 'cron' }>, afterMs: number): number | undefined {
  const iterator = cronParser().CronExpressionParser.parse(schedule.expression, { currentDate: new Date(afterMs), tz: 'UTC' })
  for (let i = 0; i < 100_000; i++) {
    const next = iterator.next().toDate().getTime()
    const year = new Date(next).getUTCFullYear()
    if (year > 2199) return undefined
    if (schedule.years === undefined || schedule.years(year)) return next
  }
  return undefined
}
