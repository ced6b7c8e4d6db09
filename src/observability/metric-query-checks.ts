/**
 * `getMetricStatistics`'s input checks, so every query is answered in bounded work: CloudWatch's
 * own errors where it has them ([S] seen, [U] wording unverified, as docs/deviations.md lists).
 */
import { CloudWatchError } from './cloudwatch-error.js'
import type { RollupTier } from './metric-series.js'

/** CloudWatch answers at most this many datapoints per call. [V] */
export const DATAPOINTS_MAX = 1440
export const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const
/** `p0` … `p100` with up to 10 decimals (CloudWatch's percentile syntax; its trimmed means are not simulated). */
const PERCENTILE = /^p(\d{1,2}(\.\d{1,10})?|100(\.0{1,10})?)$/

export interface CheckedWindow {
  readonly periodMs: number
  readonly startMs: number
  readonly endMs: number
  /** The window ends at now and a datapoint stamped now counts (no `endTime` given). */
  readonly inclusive: boolean
}

function invalid(message: string): CloudWatchError {
  return new CloudWatchError('InvalidParameterValue', message)
}

function timestamp(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`The parameter ${name} must be a finite timestamp (epoch milliseconds).`) // [U] wording
  return value
}

const DURATION_NAMES: readonly [number, string][] = [
  [1000, 'second'],
  [60_000, 'minute'],
  [3_600_000, 'hour'],
  [86_400_000, 'day'],
]

function spoken(ms: number): string {
  for (let i = DURATION_NAMES.length - 1; i >= 0; i--) {
    const [unit, name] = DURATION_NAMES[i] as [number, string]
    if (ms % unit === 0) return `${ms / unit} ${name}${ms / unit === 1 ? '' : 's'}`
  }
  return `${ms} ms`
}

/**
 * Checks a query's statistics, period and window; throws CloudWatch's error for the first fault.
 * `tiers` are the store's resolutions: a window starting in data kept at a coarser resolution
 * needs a period that is a multiple of it (CloudWatch: a multiple of 60 s beyond 3 hours, 300 s
 * beyond 15 days, 3600 s beyond 63 days).
 */
export function checkMetricQuery(
  query: { period?: unknown; startTime?: unknown; endTime?: unknown; statistics?: unknown; extendedStatistics?: unknown; metricName?: unknown },
  defaults: { startMs: number; nowMs: number },
  tiers: readonly RollupTier[],
): CheckedWindow {
  if (typeof query.metricName !== 'string' || query.metricName === '') throw new CloudWatchError('MissingParameter', 'The parameter MetricName is required.') // [S]
  if (query.statistics !== undefined) {
    if (!Array.isArray(query.statistics) || query.statistics.length > 5) throw invalid('The parameter Statistics must list 1 to 5 of SampleCount, Average, Sum, Minimum, Maximum.') // [U] wording
    for (const s of query.statistics as unknown[]) {
      if (!(STATISTICS as readonly unknown[]).includes(s)) throw invalid(`The value ${String(s)} for parameter Statistics is not valid; valid values are SampleCount, Average, Sum, Minimum, Maximum.`) // [U] wording
    }
  }
  if (query.extendedStatistics !== undefined) {
    if (!Array.isArray(query.extendedStatistics) || query.extendedStatistics.length > 10) throw invalid('The parameter ExtendedStatistics must list 1 to 10 percentiles.') // [U] wording
    for (const s of query.extendedStatistics as unknown[]) {
      if (typeof s !== 'string' || !PERCENTILE.test(s)) throw invalid(`The value ${String(s)} for parameter ExtendedStatistics is not valid.`) // [U] wording
    }
  }
  if (Array.isArray(query.statistics) && query.statistics.length === 0 && !(Array.isArray(query.extendedStatistics) && query.extendedStatistics.length > 0)) {
    throw new CloudWatchError('InvalidParameterCombination', 'Must specify either Statistics or ExtendedStatistics.') // [S]
  }
  const period = query.period ?? 60
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 1) throw invalid(`The parameter Period must be a whole number of seconds, at least 1 (got ${String(period)}).`) // [U] wording
  const periodMs = period * 1000
  const startMs = timestamp('StartTime', query.startTime) ?? defaults.startMs
  const explicitEnd = timestamp('EndTime', query.endTime)
  const endMs = explicitEnd ?? defaults.nowMs
  if (explicitEnd !== undefined && startMs >= endMs) throw invalid('The parameter StartTime must be less than the parameter EndTime.') // [S]
  const inclusive = explicitEnd === undefined
  const span = Math.max(0, endMs - startMs)
  const points = inclusive ? Math.floor(span / periodMs) + 1 : Math.ceil(span / periodMs)
  if (points > DATAPOINTS_MAX) {
    throw new CloudWatchError(
      'InvalidParameterCombination',
      `You have requested up to ${points.toLocaleString('en-US')} datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    ) // [S]
  }
  // The data at the window's start is kept at the resolution of the first tier still holding that age.
  const age = defaults.nowMs - startMs
  const tier = tiers.find((t) => age <= t.keepMs) ?? tiers[tiers.length - 1]
  if (tier !== undefined && periodMs % tier.resolutionMs !== 0) {
    // [SIM] CloudWatch returns no datapoints here; an error says why.
    throw invalid(`The parameter Period must be a multiple of ${tier.resolutionMs / 1000} for data older than ${spoken(tiers[tiers.indexOf(tier) - 1]?.keepMs ?? 0)} (StartTime); data that old is kept at ${tier.resolutionMs / 1000}-second resolution.`)
  }
  return { periodMs, startMs, endMs, inclusive }
}
