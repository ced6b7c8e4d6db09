/**
 * The `metrics` option of `createSimulation`: `true`/`false`, or how long each resolution of the
 * metric store is kept (CloudWatch's by default) and whether 1-second data is kept at all.
 *
 * ```ts
 * createSimulation({ metrics: { highResolution: false, retention: { oneMinute: '1d', fiveMinute: '7d', oneHour: '30d' } } })
 * ```
 */
import { z } from 'zod'
import { schemaOnFirstUse } from './schema-on-first-use.js'
import { SimulationError } from '../kernel/simulation-error.js'
import { CLOUDWATCH_TIERS, type RollupTier } from '../observability/metric-series.js'
import { parseDurationMs } from './duration.js'

const duration = schemaOnFirstUse(() => z.union([z.number().nonnegative(), z.string()]))

export const metricsOptionSchema = schemaOnFirstUse(() => z.union([
  z.boolean(),
  z
    .object({
      /** Keep 1-second data (default true, for `retention.oneSecond`); false: 1-minute data is the finest. */
      highResolution: z.boolean().optional(),
      /**
       * How old data may be and still be kept at each resolution (CloudWatch's: `'3h'`, `'15d'`,
       * `'63d'`, `'455d'`); older data rolls up into the next resolution, and past the last is dropped.
       */
      retention: z
        .object({ oneSecond: duration.optional(), oneMinute: duration.optional(), fiveMinute: duration.optional(), oneHour: duration.optional() })
        .strict()
        .optional(),
    })
    .strict(),
]))

export type MetricsOption = z.input<typeof metricsOptionSchema>

const NAMES = ['oneSecond', 'oneMinute', 'fiveMinute', 'oneHour'] as const

/** The store's resolutions and retention, finest first; each kept at least as long as the finer ones. */
export function metricTiersOf(option: MetricsOption | undefined, replay: string): readonly RollupTier[] {
  if (option === undefined || typeof option === 'boolean') return CLOUDWATCH_TIERS
  const tiers: RollupTier[] = []
  NAMES.forEach((name, i) => {
    if (name === 'oneSecond' && option.highResolution === false) return
    const defaults = CLOUDWATCH_TIERS[i] as RollupTier
    const given = option.retention?.[name]
    const keepMs = given === undefined ? defaults.keepMs : parseDurationMs(given, `metrics.retention.${name}`, replay)
    const finer = tiers[tiers.length - 1]
    if (keepMs < defaults.resolutionMs || (finer !== undefined && keepMs < finer.keepMs)) {
      throw new SimulationError(
        'invalid-argument',
        `metrics.retention.${name}: keep ${defaults.resolutionMs / 1000}-second data at least ${defaults.resolutionMs / 1000} s and at least as long as finer data (${finer === undefined ? 0 : finer.keepMs} ms); got ${keepMs} ms`,
        replay,
      )
    }
    tiers.push({ resolutionMs: defaults.resolutionMs, keepMs })
  })
  return tiers
}
