/**
 * Billed duration: rounded up to the next whole millisecond (since Dec 2020). Since 1 Aug 2025 the
 * init phase is billed for every configuration, so a cold start bills ceil(duration + init).
 */
export interface BillingRules {
  /** Bill the init phase of on-demand environments (true since 1 Aug 2025). */
  readonly initBilled: boolean
}

export const currentBillingRules: BillingRules = { initBilled: true }

export function billedDurationMs(durationMs: number, initDurationMs: number | undefined, rules: BillingRules): number {
  const billable = rules.initBilled && initDurationMs !== undefined ? durationMs + initDurationMs : durationMs
  // Floating-point noise (e.g. 100.00000000001) must not bill an extra millisecond.
  return Math.max(1, Math.ceil(Math.round(billable * 1e6) / 1e6))
}
