/**
 * AWS schedule expressions, shared by EventBridge scheduled rules and EventBridge Scheduler:
 * `rate(value unit)`, `cron(minutes hours day-of-month month day-of-week year)` and (Scheduler only)
 * `at(yyyy-mm-ddThh:mm:ss)`. Parsing answers a reason instead of throwing, so each service words
 * the refusal as it does; `nextCronTime` finds the next firing in a time zone.
 *
 * AWS's cron (EventBridge user guide, "Cron expressions"; Scheduler user guide, "Schedule types"):
 * six fields; day-of-week 1–7 = SUN–SAT (or the names); exactly one of day-of-month and
 * day-of-week is `?`; `L` (last day of the month, or `6L` the last Friday), `W` (`15W` the weekday
 * nearest the 15th, `LW` the last weekday), `#` (`6#3` the third Friday); years 1970–2199.
 *
 * The minute-by-minute arithmetic is cron-parser's (loaded on the first cron expression); what AWS
 * does differently is applied here: AWS's day-of-week numbers, `W` (cron-parser has none), the year
 * field, and daylight saving time — a firing whose wall-clock time the zone skips is skipped, and a
 * wall-clock time the zone repeats fires once (Scheduler user guide, "Daylight saving time").
 */
import { loadOnFirstUse } from '../kernel/load-on-first-use.js'
import { instantOf, sameWall, wallAsUtc, wallTimeAt, type WallTime } from './zoned-time.js'

export type ScheduleExpression =
  | { readonly kind: 'at'; readonly wall: WallTime }
  | { readonly kind: 'rate'; readonly everyMs: number }
  | { readonly kind: 'cron'; readonly cron: CronSchedule }

export interface CronSchedule {
  /** cron-parser's six fields (seconds first), day-of-week renumbered 0–6. */
  readonly expression: string
  /** `W` in day-of-month: the day it names in a month, or undefined when no `W`. */
  readonly weekdayDay: ((year: number, month: number) => number) | undefined
  readonly years: ((year: number) => boolean) | undefined
  /** The last year any firing can fall in. */
  readonly lastYear: number
}

export type ParsedSchedule = { readonly ok: true; readonly expression: ScheduleExpression } | { readonly ok: false; readonly reason: string }

export interface ScheduleSyntax {
  /** Scheduler's one-time schedules; EventBridge rules have none. */
  readonly at: boolean
  /** EventBridge rules: `rate(1 minute)` but `rate(5 minutes)` (the other form is refused). */
  readonly strictUnits: boolean
}

const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }
const YEAR_MIN = 1970
const YEAR_MAX = 2199

const fail = (reason: string): ParsedSchedule => ({ ok: false, reason })

export function parseScheduleExpression(text: string, syntax: ScheduleSyntax): ParsedSchedule {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(text)
  if (rate !== null) {
    const value = Number(rate[1])
    const unit = rate[2] as string
    if (!Number.isSafeInteger(value) || value < 1) return fail('the rate value must be a positive integer')
    const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit
    if (syntax.strictUnits && (value === 1) !== (singular === unit)) return fail(`use "${singular}" for a value of 1 and "${singular}s" otherwise`)
    return { ok: true, expression: { kind: 'rate', everyMs: value * (UNIT_MS[singular] as number) } }
  }
  const cron = /^cron\((.*)\)$/.exec(text)
  if (cron !== null) return parseCron(cron[1] as string)
  if (syntax.at) {
    const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(text)
    if (at !== null) {
      const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [number, number, number, number, number, number]
      const check = new Date(Date.UTC(year, month - 1, day))
      if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return fail('not a valid time')
      return { ok: true, expression: { kind: 'at', wall: { year, month, day, hour, minute, second } } }
    }
  }
  return fail(syntax.at ? 'expected at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)' : 'expected rate(value unit) or cron(fields)')
}

// ---------------------------------------------------------------- cron fields

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

interface FieldRule {
  readonly name: string
  readonly min: number
  readonly max: number
  readonly names?: readonly string[]
}

const MINUTES: FieldRule = { name: 'minutes', min: 0, max: 59 }
const HOURS: FieldRule = { name: 'hours', min: 0, max: 23 }
const DAY_OF_MONTH: FieldRule = { name: 'day-of-month', min: 1, max: 31 }
const MONTH: FieldRule = { name: 'month', min: 1, max: 12, names: MONTHS }
const DAY_OF_WEEK: FieldRule = { name: 'day-of-week', min: 1, max: 7, names: DAYS }
const YEAR: FieldRule = { name: 'year', min: YEAR_MIN, max: YEAR_MAX }

/** A value of the field (a number or, where the field has them, a name), or undefined. */
function valueOf(token: string, rule: FieldRule): number | undefined {
  if (/^\d+$/.test(token)) {
    const n = Number(token)
    return n >= rule.min && n <= rule.max ? n : undefined
  }
  const index = rule.names?.indexOf(token.toUpperCase()) ?? -1
  return index >= 0 ? index + rule.min : undefined
}

/** `*`, `v`, `a-b`, each optionally `/step`, in a comma list: the problem, or undefined. */
function listProblem(field: string, rule: FieldRule, special: (element: string) => boolean = () => false): string | undefined {
  for (const element of field.split(',')) {
    if (special(element)) continue
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(element)
    if (match === null) return `${rule.name} field "${field}" is not valid`
    const range = match[1] as string
    if (match[2] !== undefined && !(Number(match[2]) >= 1)) return `${rule.name} field "${field}" has a step of 0`
    if (range === '*') continue
    const [from, to] = range.split('-') as [string, string | undefined]
    const a = valueOf(from, rule)
    const b = to === undefined ? a : valueOf(to, rule)
    if (a === undefined || b === undefined) return `${rule.name} field "${field}" is out of range ${rule.min}-${rule.max}`
  }
  return undefined
}

/**
 * A valid list field as the explicit, sorted values it allows (shifted by `shift`), special
 * elements kept as written, for cron-parser; `*` stays `*`.
 */
function cronList(field: string, rule: FieldRule, special: (element: string) => boolean = () => false, shift = 0): string {
  if (field === '*') return '*'
  const values = new Set<number>()
  const kept: string[] = []
  for (const element of field.split(',')) {
    if (special(element)) {
      kept.push(element)
      continue
    }
    const [range, stepText] = element.split('/') as [string, string | undefined]
    const step = stepText === undefined ? 1 : Number(stepText)
    let from = rule.min
    let to = rule.max
    if (range !== '*') {
      const [a, b] = range.split('-') as [string, string | undefined]
      from = valueOf(a, rule) as number
      to = b !== undefined ? (valueOf(b, rule) as number) : stepText !== undefined ? rule.max : from
    }
    // A range that wraps (`FRI-MON`, `22-2`) runs on through the field's end and starts again.
    const span = to >= from ? to - from : to - from + (rule.max - rule.min + 1)
    for (let k = 0; k <= span; k += step) values.add(((from - rule.min + k) % (rule.max - rule.min + 1)) + rule.min)
  }
  return [...[...values].sort((x, y) => x - y).map((v) => String(v + shift)), ...kept].join(',')
}

function parseCron(body: string): ParsedSchedule {
  const fields = body.trim().split(/\s+/)
  if (fields.length !== 6) return fail('a cron expression has 6 fields: minutes hours day-of-month month day-of-week year')
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string]
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) return fail('exactly one of day-of-month and day-of-week must be ?')
  const problem =
    listProblem(minutes, MINUTES) ??
    listProblem(hours, HOURS) ??
    (dayOfMonth === '?' ? undefined : listProblem(dayOfMonth, DAY_OF_MONTH, (e) => e === 'L' || e === 'LW' || /^([1-9]|[12]\d|3[01])W$/.test(e))) ??
    listProblem(month, MONTH) ??
    (dayOfWeek === '?' ? undefined : listProblem(dayOfWeek, DAY_OF_WEEK, (e) => e === 'L' || /^([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5])$/i.test(e))) ??
    listProblem(year, YEAR)
  if (problem !== undefined) return fail(problem)
  const weekday = /W$/.test(dayOfMonth) ? dayOfMonth : undefined
  if (weekday !== undefined && dayOfMonth.includes(',')) return fail('day-of-month field with W takes one day')
  // Each plain list goes to cron-parser as the explicit values it allows: AWS takes overlapping
  // elements (`0-30,*/10`) that cron-parser refuses, and AWS numbers days of the week 1-7 from
  // Sunday where cron-parser counts 0-6. Special elements pass as they are (day-of-week renumbered);
  // `L` alone in day-of-week is the last day of the week, Saturday.
  const dow =
    dayOfWeek === '?'
      ? '?'
      : dayOfWeek === 'L'
        ? '6'
        : cronList(dayOfWeek, DAY_OF_WEEK, (e) => /[L#]/i.test(e), -1).replace(/^(\w+)(?=[L#])/, (day) => String((valueOf(day, DAY_OF_WEEK) as number) - 1))
  // `W` is applied after cron-parser (it has none), which walks only the days it can pick: the
  // weekday nearest day n is within two days of n (of the month's end, for LW and days past it).
  const near = weekday === undefined ? 0 : weekday === 'LW' ? 31 : Number(weekday.slice(0, -1))
  const dom =
    weekday !== undefined ? `${Math.max(1, Math.min(near, 26) - 2)}-${Math.min(31, near + 2)}` : dayOfMonth === '?' ? '?' : cronList(dayOfMonth, DAY_OF_MONTH, (e) => e === 'L')
  const expression = `0 ${cronList(minutes, MINUTES)} ${cronList(hours, HOURS)} ${dom} ${cronList(month, MONTH)} ${dow}`
  try {
    cronParser().CronExpressionParser.parse(expression, { currentDate: new Date(0), tz: 'UTC' })
  } catch (error) {
    return fail((error as Error).message)
  }
  const years = yearMatcher(year)
  return {
    ok: true,
    expression: {
      kind: 'cron',
      cron: { expression, weekdayDay: weekday === undefined ? undefined : weekdayRule(weekday), years: years?.matches, lastYear: years?.last ?? YEAR_MAX },
    },
  }
}

function yearMatcher(field: string): { matches: (year: number) => boolean; last: number } | undefined {
  if (field === '*') return undefined
  let last = 0
  const parts = field.split(',').map((part) => {
    const m = /^(\*|\d{4})(?:-(\d{4}))?(?:\/(\d+))?$/.exec(part) as RegExpExecArray
    const from = m[1] === '*' ? YEAR_MIN : Number(m[1])
    const to = m[2] !== undefined ? Number(m[2]) : m[3] !== undefined || m[1] === '*' ? YEAR_MAX : from
    const step = m[3] !== undefined ? Number(m[3]) : 1
    last = Math.max(last, to)
    return (y: number) => y >= from && y <= to && (y - from) % step === 0
  })
  return { matches: (year) => parts.some((p) => p(year)), last }
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** `15W`: the weekday nearest the 15th, within the month; `LW`: the month's last weekday. */
function weekdayRule(field: string): (year: number, month: number) => number {
  return (year, month) => {
    const last = daysIn(year, month)
    const wanted = field === 'LW' ? last : Math.min(Number(field.slice(0, -1)), last)
    const weekday = new Date(Date.UTC(year, month - 1, wanted)).getUTCDay()
    if (weekday === 6) return wanted === 1 ? 3 : wanted - 1
    if (weekday === 0) return wanted === last ? wanted - 2 : wanted + 1
    return wanted
  }
}

// ---------------------------------------------------------------- next firing

/** cron-parser, loaded by the first `cron(…)` expression rather than at import (see load-on-first-use.ts). */
const cronParser = loadOnFirstUse<typeof import('cron-parser')>('cron-parser')

/** More candidates than this without a firing: treat the schedule as finished (a guard, never reached by a valid expression within a few years). */
const CANDIDATES_MAX = 1_000_000

/** One cron-parser expression per schedule, reset to each search's start (parsing costs more than iterating). */
const parsed = new WeakMap<CronSchedule, ReturnType<ReturnType<typeof cronParser>['CronExpressionParser']['parse']>>()

/**
 * The first firing strictly after `afterMs`, with the fields read as wall-clock time in `timeZone`;
 * `undefined` when there is none (the year field has run out).
 *
 * cron-parser walks wall-clock time as if it were UTC (no zone rules in the walk); each candidate is
 * then placed in the zone. A wall-clock time the zone skips has no instant (skipped); one it repeats
 * maps to its first instant, which lies before `afterMs` once that has passed (so it fires once).
 */
export function nextCronTime(cron: CronSchedule, afterMs: number, timeZone: string): number | undefined {
  const utc = timeZone === 'UTC'
  const start = utc ? afterMs : wallAsUtc(wallTimeAt(afterMs, timeZone))
  let iterator = parsed.get(cron)
  if (iterator === undefined) {
    iterator = cronParser().CronExpressionParser.parse(cron.expression, { currentDate: new Date(start), tz: 'UTC' })
    parsed.set(cron, iterator)
  } else {
    iterator.reset(new Date(start))
  }
  for (let i = 0; i < CANDIDATES_MAX; i++) {
    let wallMs: number
    try {
      wallMs = iterator.next().getTime()
    } catch {
      return undefined // cron-parser's range is exhausted
    }
    const wall = new Date(wallMs)
    const year = wall.getUTCFullYear()
    if (year > cron.lastYear) return undefined
    if (cron.years !== undefined && !cron.years(year)) {
      let next = year + 1
      while (next <= cron.lastYear && !cron.years(next)) next++
      if (next > cron.lastYear) return undefined
      iterator.reset(new Date(Date.UTC(next, 0, 1) - 1000))
      continue
    }
    if (cron.weekdayDay !== undefined && cron.weekdayDay(year, wall.getUTCMonth() + 1) !== wall.getUTCDate()) continue
    if (utc) return wallMs
    const wanted: WallTime = { year, month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: 0 }
    const instant = instantOf(wanted, timeZone)
    // Clocks went forward over it: no such time today, AWS skips the firing.
    if (!sameWall(wallTimeAt(instant, timeZone), wanted)) continue
    // Clocks went back over it: its first occurrence fired already.
    if (instant <= afterMs) continue
    return instant
  }
  return undefined
}
