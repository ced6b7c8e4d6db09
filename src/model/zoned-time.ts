/**
 * Wall-clock time in an IANA time zone, for schedules evaluated in one (EventBridge Scheduler's
 * `ScheduleExpressionTimezone`). Built on `Intl.DateTimeFormat`, whose answers depend on the
 * instant and the zone alone (Node's bundled ICU data), so a run replays.
 */

export interface WallTime {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, format)
  }
  return format
}

/** True when `Intl` knows the zone (`UTC`, `Europe/Paris`, …). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/** The wall-clock time at `ms` in `timeZone` (seconds precision). */
export function wallTimeAt(ms: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {}
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  return {
    year: parts['year'] as number,
    month: parts['month'] as number,
    day: parts['day'] as number,
    hour: parts['hour'] as number,
    minute: parts['minute'] as number,
    second: parts['second'] as number,
  }
}

/** The epoch ms a wall-clock time would be if it were UTC (the walk of cron fields uses it). */
export function wallAsUtc(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
}

/** The zone's offset from UTC at `ms`, in milliseconds (whole seconds). */
export function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000
  return wallAsUtc(wallTimeAt(whole, timeZone)) - whole
}

/**
 * The instant a wall-clock time names in `timeZone`. A time the zone skips (the hour lost when
 * clocks go forward) answers the instant the same offset as before the gap would give, which lands
 * after the gap; a time the zone repeats answers its first occurrence.
 */
export function instantOf(wall: WallTime, timeZone: string): number {
  const naive = wallAsUtc(wall)
  // The offsets a day before and a day after: the ones in force on either side of any transition near this time.
  const before = naive - offsetAt(naive - 86_400_000, timeZone)
  const after = naive - offsetAt(naive + 86_400_000, timeZone)
  // The earlier first: in a repeated hour both name the wall time, and its first occurrence is wanted.
  for (const candidate of before <= after ? [before, after] : [after, before]) {
    if (sameWall(wallTimeAt(candidate, timeZone), wall)) return candidate
  }
  return before // in a skipped hour: the offset before the gap, which lands after it
}

export function sameWall(a: WallTime, b: WallTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second
}

/** Epoch ms as AWS's schedule time: ISO-8601 without milliseconds (`2026-03-22T18:59:00Z`). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
