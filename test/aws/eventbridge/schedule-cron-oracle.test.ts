/**
 * AWS's cron, checked against an oracle: random six-field expressions (lists, ranges, steps, names,
 * `?`, `L`, `W`, `#`, years) and, for each, its first 40 firings in a 45-day window found by
 * `nextCronTime` (cron-parser underneath, with AWS's numbering, `W` and years applied) compared with
 * a day-by-day scan that reads the fields as AWS's user guide defines them. UTC only: the time
 * zone handling has its own tests (schedule-rules, scheduler).
 */
import { describe, expect, it } from 'vitest'
import { Prng } from '../../../src/kernel/prng.js'
import { nextCronTime, parseScheduleExpression } from '../../../src/model/schedule-expression.js'

const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']

type Random = () => number
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1))
const pick = <T,>(random: Random, items: readonly T[]): T => items[int(random, 0, items.length - 1)] as T

/** A list of one to three elements: `v`, `a-b`, `a/s`, `a-b/s`, `*` or `*∕s`. */
function listField(random: Random, min: number, max: number, name?: (v: number) => string): string {
  const value = (v: number) => (name !== undefined && random() < 0.3 ? name(v) : String(v))
  const element = () => {
    const kind = int(random, 0, 5)
    const a = int(random, min, max)
    const b = int(random, a, max)
    const step = int(random, 1, Math.max(1, Math.floor((max - min) / 2)))
    if (kind === 0) return '*'
    if (kind === 1) return `*/${step}`
    if (kind === 2) return `${value(a)}-${value(b)}`
    if (kind === 3) return `${value(a)}/${step}`
    if (kind === 4) return `${value(a)}-${value(b)}/${step}`
    return value(a)
  }
  const count = int(random, 1, 3)
  const elements = Array.from({ length: count }, element)
  return elements.includes('*') ? '*' : elements.join(',')
}

function randomExpression(random: Random): string {
  const minutes = listField(random, 0, 59)
  const hours = listField(random, 0, 23)
  const month = random() < 0.6 ? '*' : listField(random, 1, 12, (v) => MONTHS[v - 1] as string)
  const year = pick(random, ['*', '*', '2026', '2026-2027', '2027', '2025/2'])
  let dayOfMonth = '?'
  let dayOfWeek = '?'
  if (random() < 0.5) {
    const kind = int(random, 0, 3)
    // Days up to 28: a day no month of the month field has (31 in February) is refused (deviations.md).
    dayOfMonth = kind === 0 ? 'L' : kind === 1 ? pick(random, ['LW', `${int(random, 1, 31)}W`]) : listField(random, 1, 28)
  } else {
    const kind = int(random, 0, 3)
    const day = int(random, 1, 7)
    const shown = random() < 0.3 ? (DAYS[day - 1] as string) : String(day)
    dayOfWeek = kind === 0 ? `${shown}L` : kind === 1 ? `${shown}#${int(random, 1, 5)}` : listField(random, 1, 7, (v) => DAYS[v - 1] as string)
  }
  return `cron(${minutes} ${hours} ${dayOfMonth} ${month} ${dayOfWeek} ${year})`
}

// ---------------------------------------------------------------- the oracle

function numberOf(token: string, names?: readonly string[]): number {
  const index = names?.indexOf(token.toUpperCase()) ?? -1
  return index >= 0 ? index + 1 : Number(token)
}

/** The values a plain list field allows (AWS: `a/s` runs from a to the field's maximum). */
function values(field: string, min: number, max: number, names?: readonly string[]): Set<number> {
  const out = new Set<number>()
  for (const element of field.split(',')) {
    const [range, stepText] = element.split('/') as [string, string | undefined]
    const step = stepText === undefined ? 1 : Number(stepText)
    let from = min
    let to = max
    if (range !== '*') {
      const [a, b] = range.split('-') as [string, string | undefined]
      from = numberOf(a, names)
      to = b !== undefined ? numberOf(b, names) : stepText !== undefined ? max : from
    }
    for (let v = from; v <= to; v += step) out.add(v)
  }
  return out
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

function nearestWeekday(year: number, month: number, wanted: number): number {
  const last = daysIn(year, month)
  const day = Math.min(wanted, last)
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
  if (weekday === 6) return day === 1 ? 3 : day - 1
  if (weekday === 0) return day === last ? day - 2 : day + 1
  return day
}

/** The firings the fields describe after `fromMs` (at most `count`, none after `untilMs`), day by day. */
function oracle(expression: string, fromMs: number, untilMs: number, count: number): string[] {
  const [minutes, hours, dom, month, dow, year] = expression.slice(5, -1).split(' ') as [string, string, string, string, string, string]
  const minuteList = [...values(minutes, 0, 59)].sort((a, b) => a - b)
  const hourList = [...values(hours, 0, 23)].sort((a, b) => a - b)
  const monthSet = values(month, 1, 12, MONTHS)
  const yearSet = values(year, 1970, 2199)
  const domSet = dom === '?' || /[LW]/.test(dom) ? undefined : values(dom, 1, 31)
  const dowSet = dow === '?' || /[L#]/.test(dow) ? undefined : values(dow, 1, 7, DAYS)
  const dayMatches = (y: number, mo: number, day: number, weekday: number): boolean => {
    if (!monthSet.has(mo) || !yearSet.has(y)) return false
    if (dom !== '?') {
      if (dom === 'L') return day === daysIn(y, mo)
      if (dom === 'LW') return day === nearestWeekday(y, mo, daysIn(y, mo))
      if (dom.endsWith('W')) return day === nearestWeekday(y, mo, Number(dom.slice(0, -1)))
      return (domSet as Set<number>).has(day)
    }
    const last = /^(\w+)L$/.exec(dow)
    if (last !== null) return weekday === numberOf(last[1] as string, DAYS) && day + 7 > daysIn(y, mo)
    const nth = /^(\w+)#(\d)$/.exec(dow)
    if (nth !== null) return weekday === numberOf(nth[1] as string, DAYS) && Math.ceil(day / 7) === Number(nth[2])
    return (dowSet as Set<number>).has(weekday)
  }
  const out: string[] = []
  for (let dayMs = Math.floor(fromMs / 86_400_000) * 86_400_000; dayMs <= untilMs && out.length < count; dayMs += 86_400_000) {
    const d = new Date(dayMs)
    if (!dayMatches(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCDay() + 1)) continue
    for (const hour of hourList) {
      for (const minute of minuteList) {
        const ms = dayMs + hour * 3_600_000 + minute * 60_000
        if (ms > fromMs && ms <= untilMs && out.length < count) out.push(new Date(ms).toISOString())
      }
    }
  }
  return out
}

describe('AWS cron against an oracle (UTC)', () => {
  it('finds exactly the firings the fields describe, for 150 random expressions', () => {
    const prng = Prng.fromSeed('cron-oracle')
    const random = () => prng.next()
    const WINDOW_MS = 45 * 86_400_000
    const FIRINGS = 40
    for (let n = 0; n < 150; n++) {
      const expression = randomExpression(random)
      const parsed = parseScheduleExpression(expression, { at: false, strictUnits: true })
      if (!parsed.ok || parsed.expression.kind !== 'cron') throw new Error(`${expression}: ${parsed.ok ? 'not cron' : parsed.reason}`)
      const cron = parsed.expression.cron
      const startMs = Date.UTC(2026, int(random, 0, 11), int(random, 1, 28), int(random, 0, 23), int(random, 0, 59))
      const expected = oracle(expression, startMs, startMs + WINDOW_MS, FIRINGS)
      const actual: string[] = []
      for (let at = nextCronTime(cron, startMs, 'UTC'); at !== undefined && at <= startMs + WINDOW_MS && actual.length < FIRINGS; at = nextCronTime(cron, at, 'UTC')) {
        actual.push(new Date(at).toISOString())
      }
      expect({ expression, from: new Date(startMs).toISOString(), firings: actual }).toEqual({ expression, from: new Date(startMs).toISOString(), firings: expected })
    }
  })
})
