/**
 * Capacity planning, the back-of-the-envelope way AWS teaches it: concurrency ≈ requests per
 * second × average duration in seconds (Little's law). Pure arithmetic, no timers: use it to size
 * reserved or provisioned concurrency, then check the estimate against a simulation.
 *
 * @example
 * estimateConcurrency({ requestsPerSecond: 200, averageDurationMs: 250 }).concurrency // 50
 * requiredProvisionedConcurrency({ requestsPerSecond: 200, averageDurationMs: 250 }) // ceil(50 / 0.7) = 72
 */

export interface ConcurrencyEstimateInput {
  /** Average arrival rate, requests per second (≥ 0). */
  readonly requestsPerSecond: number
  /**
   * Average time each request holds an execution environment, in milliseconds (≥ 0). On a cold
   * start that includes the init phase, so a cold-start-heavy workload needs more than its handler
   * duration suggests.
   */
  readonly averageDurationMs: number
}

export interface ConcurrencyEstimate {
  /** requestsPerSecond × averageDurationMs / 1000: environments busy on average (not rounded). */
  readonly concurrency: number
  /** The computation spelled out, e.g. `200 requests/s × 0.25 s = 50 concurrent executions`. */
  readonly formula: string
}

export interface ProvisionedConcurrencyInput extends ConcurrencyEstimateInput {
  /**
   * The utilization to plan for, in (0, 1] (default 0.7, the value AWS recommends for target
   * tracking on `LambdaProvisionedConcurrencyUtilization`): headroom for bursts above the average.
   */
  readonly targetUtilization?: number
}

/** The default target utilization, as in AWS's auto-scaling examples. */
export const DEFAULT_TARGET_UTILIZATION = 0.7

/** Concurrency ≈ requests per second × average duration (s). */
export function estimateConcurrency(input: ConcurrencyEstimateInput): ConcurrencyEstimate {
  const { requestsPerSecond, averageDurationMs } = input
  check(requestsPerSecond, 'requestsPerSecond')
  check(averageDurationMs, 'averageDurationMs')
  const seconds = averageDurationMs / 1000
  const concurrency = requestsPerSecond * seconds
  return {
    concurrency,
    formula: `${format(requestsPerSecond)} requests/s × ${format(seconds)} s = ${format(concurrency)} concurrent executions`,
  }
}

/**
 * Provisioned concurrency that keeps utilization at or below `targetUtilization`:
 * ceil(estimated concurrency ÷ target). 0 when there is no traffic.
 */
export function requiredProvisionedConcurrency(input: ProvisionedConcurrencyInput): number {
  const target = input.targetUtilization ?? DEFAULT_TARGET_UTILIZATION
  if (!Number.isFinite(target) || target <= 0 || target > 1) {
    throw new RangeError(`targetUtilization must be in (0, 1], got ${String(target)}`)
  }
  const { concurrency } = estimateConcurrency(input)
  // Rounding noise (e.g. 35 / 0.7 = 50.00000000000001) must not add an environment.
  return Math.ceil(Math.round((concurrency / target) * 1e9) / 1e9)
}

function check(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number ≥ 0, got ${String(value)}`)
}

/** Up to 3 decimals, no trailing zeros, thousands separators: 0.25, 1,000, 33.333. */
function format(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 3 })
}
