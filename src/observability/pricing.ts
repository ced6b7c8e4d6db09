/**
 * Lambda prices: a dated table keyed by region, which users can override or replace.
 * Source: https://aws.amazon.com/lambda/pricing/ and shared/lambda-semantics.md §10.6.
 * Tags: [V] documented by AWS, [U] unverified (a secondary source or our reading).
 */

export type Architecture = 'x86_64' | 'arm64'

/** A duration price tier: GB-seconds up to `upToGbSeconds` (cumulative; `undefined` = no upper bound). */
export interface PriceTier {
  readonly upToGbSeconds: number | undefined
  readonly usdPerGbSecond: number
}

/** Prices for one architecture in one region. */
export interface ArchitecturePrices {
  /** USD per request. */
  readonly usdPerRequest: number
  /** On-demand duration, tiered by the GB-seconds counted so far (lowest tier first). */
  readonly durationTiers: readonly PriceTier[]
  /** Provisioned concurrency kept configured, USD per GB-second allocated. */
  readonly provisionedConcurrencyUsdPerGbSecond: number
  /** Duration of invocations that ran on provisioned concurrency, USD per GB-second. */
  readonly provisionedDurationUsdPerGbSecond: number
  /** Ephemeral storage configured above the free 512 MB, USD per GB-second of billed duration. */
  readonly ephemeralStorageUsdPerGbSecond: number
}

export interface FreeTier {
  readonly requests: number
  /** On-demand duration GB-seconds (both architectures together). */
  readonly gbSeconds: number
}

export interface RegionPrices {
  /** The day these prices were read (ISO date). */
  readonly asOf: string
  readonly x86_64: ArchitecturePrices
  readonly arm64: ArchitecturePrices
  readonly freeTier: FreeTier
}

/** Price overrides: any part of a region's prices, merged over the table's. */
export interface PriceOverrides {
  readonly asOf?: string
  readonly x86_64?: Partial<ArchitecturePrices>
  readonly arm64?: Partial<ArchitecturePrices>
  readonly freeTier?: Partial<FreeTier>
}

const usEast1: RegionPrices = {
  asOf: '2025-08-01',
  x86_64: {
    usdPerRequest: 0.2 / 1_000_000, // $0.20 per 1 M requests [V]
    durationTiers: [
      { upToGbSeconds: 6_000_000_000, usdPerGbSecond: 0.0000166667 }, // first 6 B GB-s/month [V]
      { upToGbSeconds: 15_000_000_000, usdPerGbSecond: 0.000015 }, // next 9 B: tier [V], price [U]
      { upToGbSeconds: undefined, usdPerGbSecond: 0.0000133334 }, // over 15 B: tier [V], price [U]
    ],
    provisionedConcurrencyUsdPerGbSecond: 0.0000041667, // [U] price ([V] 5-minute rounding)
    provisionedDurationUsdPerGbSecond: 0.0000097222, // [U]
    ephemeralStorageUsdPerGbSecond: 0.0000000309, // [U]
  },
  arm64: {
    usdPerRequest: 0.2 / 1_000_000, // [V]
    durationTiers: [
      { upToGbSeconds: 7_500_000_000, usdPerGbSecond: 0.0000133334 }, // first 7.5 B GB-s/month [V]
      { upToGbSeconds: 18_750_000_000, usdPerGbSecond: 0.0000120001 }, // tier [V], price [U]
      { upToGbSeconds: undefined, usdPerGbSecond: 0.0000106667 }, // tier [V], price [U]
    ],
    provisionedConcurrencyUsdPerGbSecond: 0.0000033334, // [U]
    provisionedDurationUsdPerGbSecond: 0.0000077778, // [U]
    ephemeralStorageUsdPerGbSecond: 0.0000000309, // [U]
  },
  freeTier: { requests: 1_000_000, gbSeconds: 400_000 }, // monthly, not for provisioned concurrency [V]
}

/** The built-in price table (only us-east-1 so far). */
export const lambdaPrices: Readonly<Record<string, RegionPrices>> = { 'us-east-1': usEast1 }

/** A region's prices with overrides merged in; `undefined` when the region is not in the table and no full table was given. */
export function pricesFor(region: string, overrides: PriceOverrides | undefined): RegionPrices | undefined {
  const base = lambdaPrices[region]
  if (base === undefined) return isComplete(overrides) ? overrides : undefined
  if (overrides === undefined) return base
  return {
    asOf: overrides.asOf ?? base.asOf,
    x86_64: { ...base.x86_64, ...overrides.x86_64 },
    arm64: { ...base.arm64, ...overrides.arm64 },
    freeTier: { ...base.freeTier, ...overrides.freeTier },
  }
}

function isComplete(overrides: PriceOverrides | undefined): overrides is RegionPrices {
  if (overrides?.asOf === undefined || overrides.freeTier === undefined) return false
  const keys: (keyof ArchitecturePrices)[] = ['usdPerRequest', 'durationTiers', 'provisionedConcurrencyUsdPerGbSecond', 'provisionedDurationUsdPerGbSecond', 'ephemeralStorageUsdPerGbSecond']
  return keys.every((k) => overrides.x86_64?.[k] !== undefined && overrides.arm64?.[k] !== undefined) &&
    overrides.freeTier.requests !== undefined && overrides.freeTier.gbSeconds !== undefined
}
