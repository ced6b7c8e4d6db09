/**
 * The bill of a run: line items per function, version, architecture and memory, priced from the
 * invocation and provisioned-concurrency events the simulation recorded. Pure: the caller supplies
 * the events, the prices and what each version is configured with.
 */
import type { SimEvent } from './events.js'
import type { Architecture, PriceOverrides, PriceTier, RegionPrices } from './pricing.js'

export type CostItemKind = 'requests' | 'duration' | 'provisioned-duration' | 'provisioned-concurrency' | 'ephemeral-storage'

export interface CostLineItem {
  readonly functionName: string
  readonly version: string
  readonly architecture: Architecture
  readonly memorySizeMB: number
  readonly item: CostItemKind
  /** Requests for `requests`, GB-seconds otherwise. */
  readonly quantity: number
  readonly unit: 'requests' | 'GB-s'
  /** The part of `quantity` the free tier covered (0 unless `freeTier: true`). */
  readonly freeQuantity: number
  /** USD, rounded to 1e-12 (float noise only; AWS rounds the bill to cents). */
  readonly usd: number
}

export interface CostReport {
  readonly region: string
  /** The date of the price table used. */
  readonly pricesAsOf: string
  readonly freeTierApplied: boolean
  /** Sorted by function, version, then item. */
  readonly lineItems: readonly CostLineItem[]
  /** Total per function version, USD rounded to 1e-12. */
  readonly byVersion: readonly { readonly functionName: string; readonly version: string; readonly usd: number }[]
  /** Sum of every line item, USD rounded to 1e-12. */
  readonly totalUsd: number
  /** What the bill leaves out. */
  readonly leftOut: readonly string[]
}

/** What `sim.cost()` bills: filters and price choices. */
export interface CostQuery {
  /** Only this function. */
  readonly functionName?: string
  /** Only invocations invoked through this qualifier (version or alias) or run on this version, and this qualifier's provisioned concurrency. */
  readonly qualifier?: string
  /** Virtual ms: invocations completed at or after this time (provisioned concurrency clipped to the window). */
  readonly since?: number
  /** Virtual ms: invocations completed before this time (default: now). */
  readonly until?: number
  /** Overrides merged over the region's prices (or a whole table for a region not built in). */
  readonly prices?: PriceOverrides
  /** Apply the monthly free tier to this run (default `false`). */
  readonly freeTier?: boolean
}

/** What a function version is configured with, as the calculator needs it. */
export interface VersionBillingFacts {
  readonly architecture: Architecture
  readonly memorySizeMB: number
  readonly ephemeralStorageMB: number
}

export interface CostContext {
  readonly region: string
  readonly prices: RegionPrices
  readonly nowMs: number
  readonly freeTier: boolean
  readonly functionName: string | undefined
  readonly qualifier: string | undefined
  readonly sinceMs: number
  readonly untilMs: number | undefined
  /** The version's configuration; `undefined` when it no longer exists. */
  versionFacts(functionName: string, version: string): VersionBillingFacts | undefined
  /** The version a qualifier (version or alias) points at now. */
  resolveQualifier(functionName: string, qualifier: string): string | undefined
}

const PROVISIONED_ROUNDING_MS = 5 * 60_000
const FREE_EPHEMERAL_MB = 512

export const costLeftOut: readonly string[] = [
  'data transfer (not simulated)',
  'other services (SQS, SNS, EventBridge, CloudWatch)',
]

export function computeCost(events: readonly SimEvent[], ctx: CostContext): CostReport {
  return computeCostOf(billedInvocationsOf(events), events, ctx)
}

/** One completed invocation, as the bill reads it. */
export interface BilledInvocation {
  /** When it completed. */
  readonly atMs: number
  readonly functionName: string
  /** The version that ran. */
  readonly version: string
  readonly invokedQualifier: string | undefined
  /** Ran on a provisioned-concurrency environment. */
  readonly provisioned: boolean
  readonly billedDurationMs: number
  readonly memorySizeMB: number
}

/**
 * The bill from completed invocations (in completion order) and the `provisioned.changed` events
 * (other events are skipped): what a run recorder keeps instead of every event.
 */
export function computeCostOf(invocations: Iterable<BilledInvocation>, provisionedChanges: Iterable<SimEvent>, ctx: CostContext): CostReport {
  const bill = new Bill(ctx)
  for (const invocation of invocations) {
    if (bill.inWindow(invocation.atMs) && bill.selects(invocation)) bill.invocation(invocation)
  }
  for (const period of provisionedPeriods(provisionedChanges, ctx)) bill.provisioned(period)
  return bill.report()
}

export function* billedInvocationsOf(events: readonly SimEvent[]): Generator<BilledInvocation> {
  const provisionedRequests = new Set<string>()
  const invokedAs = new Map<string, string | undefined>()
  for (const event of events) {
    if (event.type === 'invocation.started') {
      if (event.provisioned) provisionedRequests.add(event.requestId)
      invokedAs.set(event.requestId, event.invokedQualifier)
    } else if (event.type === 'invocation.completed') {
      yield { ...event, invokedQualifier: invokedAs.get(event.requestId), provisioned: provisionedRequests.has(event.requestId) }
    }
  }
}

interface ProvisionedPeriod {
  readonly functionName: string
  readonly qualifier: string
  /** Constant-level segments of one enable-to-disable period. */
  readonly segments: readonly { readonly fromMs: number; readonly toMs: number; readonly level: number }[]
}

/** Enable-to-disable periods of provisioned concurrency per qualifier, clipped to the window. */
function provisionedPeriods(events: Iterable<SimEvent>, ctx: CostContext): ProvisionedPeriod[] {
  const endMs = Math.min(ctx.untilMs ?? ctx.nowMs, ctx.nowMs)
  const open = new Map<string, { functionName: string; qualifier: string; level: number; sinceMs: number; segments: { fromMs: number; toMs: number; level: number }[] }>()
  const periods: ProvisionedPeriod[] = []
  const close = (key: string, atMs: number): void => {
    const current = open.get(key)
    if (current === undefined) return
    pushSegment(current.segments, current.sinceMs, atMs, current.level, ctx.sinceMs, endMs)
    if (current.segments.length > 0) periods.push({ functionName: current.functionName, qualifier: current.qualifier, segments: current.segments })
    open.delete(key)
  }
  for (const event of events) {
    if (event.type !== 'provisioned.changed' || event.atMs > endMs) continue
    if (ctx.functionName !== undefined && event.functionName !== ctx.functionName) continue
    if (ctx.qualifier !== undefined && event.qualifier !== ctx.qualifier) continue
    const key = `${event.functionName}:${event.qualifier}`
    // Billed from the configuration being put to its deletion (a failed allocation stops it too).
    const level = event.status === 'DELETED' || event.status === 'FAILED' ? 0 : event.requested
    const current = open.get(key)
    if (level === 0) { close(key, event.atMs); continue }
    if (current === undefined) {
      open.set(key, { functionName: event.functionName, qualifier: event.qualifier, level, sinceMs: event.atMs, segments: [] })
    } else if (current.level !== level) {
      pushSegment(current.segments, current.sinceMs, event.atMs, current.level, ctx.sinceMs, endMs)
      current.level = level
      current.sinceMs = event.atMs
    }
  }
  for (const key of [...open.keys()]) close(key, endMs)
  return periods
}

function pushSegment(segments: { fromMs: number; toMs: number; level: number }[], fromMs: number, toMs: number, level: number, windowFromMs: number, windowToMs: number): void {
  const from = Math.max(fromMs, windowFromMs)
  const to = Math.min(toMs, windowToMs)
  if (to > from) segments.push({ fromMs: from, toMs: to, level })
}

interface Accumulator {
  functionName: string
  version: string
  architecture: Architecture
  memorySizeMB: number
  item: CostItemKind
  quantity: number
  freeQuantity: number
  usd: number
}

const ITEM_ORDER: readonly CostItemKind[] = ['requests', 'duration', 'provisioned-duration', 'provisioned-concurrency', 'ephemeral-storage']

class Bill {
  private readonly items = new Map<string, Accumulator>()
  /** Paid on-demand GB-seconds so far per architecture, for the tiers. */
  private readonly tierMeter: Record<Architecture, number> = { x86_64: 0, arm64: 0 }
  private freeRequestsLeft: number
  private freeGbSecondsLeft: number

  constructor(private readonly ctx: CostContext) {
    this.freeRequestsLeft = ctx.freeTier ? ctx.prices.freeTier.requests : 0
    this.freeGbSecondsLeft = ctx.freeTier ? ctx.prices.freeTier.gbSeconds : 0
  }

  inWindow(atMs: number): boolean {
    return atMs >= this.ctx.sinceMs && (this.ctx.untilMs === undefined || atMs < this.ctx.untilMs)
  }

  /** The function filter, and the qualifier filter: invoked through it, or ran on that version. */
  selects(event: BilledInvocation): boolean {
    if (this.ctx.functionName !== undefined && event.functionName !== this.ctx.functionName) return false
    return this.ctx.qualifier === undefined || event.invokedQualifier === this.ctx.qualifier || event.version === this.ctx.qualifier
  }

  invocation(event: BilledInvocation): void {
    const provisioned = event.provisioned
    const facts = this.ctx.versionFacts(event.functionName, event.version)
    const architecture = facts?.architecture ?? 'x86_64'
    const prices = this.ctx.prices[architecture]
    const memorySizeMB = event.memorySizeMB
    const key = { functionName: event.functionName, version: event.version, architecture, memorySizeMB }
    const billedSeconds = event.billedDurationMs / 1000

    const freeRequest = this.freeRequestsLeft > 0 ? 1 : 0
    this.freeRequestsLeft -= freeRequest
    this.add(key, 'requests', 1, freeRequest, (1 - freeRequest) * prices.usdPerRequest)

    const gbSeconds = (memorySizeMB / 1024) * billedSeconds
    if (provisioned) {
      // The free tier does not cover provisioned concurrency; its duration has its own (lower) price.
      this.add(key, 'provisioned-duration', gbSeconds, 0, gbSeconds * prices.provisionedDurationUsdPerGbSecond)
    } else {
      const free = Math.min(gbSeconds, this.freeGbSecondsLeft)
      this.freeGbSecondsLeft -= free
      const paid = gbSeconds - free
      const usd = tieredUsd(prices.durationTiers, this.tierMeter[architecture], paid)
      this.tierMeter[architecture] += paid
      this.add(key, 'duration', gbSeconds, free, usd)
    }

    const extraStorageMB = (facts?.ephemeralStorageMB ?? FREE_EPHEMERAL_MB) - FREE_EPHEMERAL_MB
    if (extraStorageMB > 0) {
      const storageGbSeconds = (extraStorageMB / 1024) * billedSeconds
      this.add(key, 'ephemeral-storage', storageGbSeconds, 0, storageGbSeconds * prices.ephemeralStorageUsdPerGbSecond)
    }
  }

  provisioned(period: ProvisionedPeriod): void {
    const version = /^\d+$/.test(period.qualifier) ? period.qualifier : this.ctx.resolveQualifier(period.functionName, period.qualifier)
    const facts = version === undefined ? undefined : this.ctx.versionFacts(period.functionName, version)
    if (version === undefined || facts === undefined) return
    const memoryGb = facts.memorySizeMB / 1024
    let gbSeconds = 0
    for (const s of period.segments) gbSeconds += s.level * memoryGb * ((s.toMs - s.fromMs) / 1000)
    // Billed from enable to disable rounded up to 5 minutes: the rounding extends the last level.
    const first = period.segments[0]
    const last = period.segments[period.segments.length - 1]
    if (first === undefined || last === undefined) return
    const lengthMs = last.toMs - first.fromMs
    const roundedMs = Math.ceil(lengthMs / PROVISIONED_ROUNDING_MS) * PROVISIONED_ROUNDING_MS
    gbSeconds += last.level * memoryGb * ((roundedMs - lengthMs) / 1000)
    const prices = this.ctx.prices[facts.architecture]
    const key = { functionName: period.functionName, version, architecture: facts.architecture, memorySizeMB: facts.memorySizeMB }
    this.add(key, 'provisioned-concurrency', gbSeconds, 0, gbSeconds * prices.provisionedConcurrencyUsdPerGbSecond)
  }

  report(): CostReport {
    const lineItems = [...this.items.values()]
      .sort((a, b) => compare(a.functionName, b.functionName) || compareVersions(a.version, b.version) || compare(a.architecture, b.architecture) ||
        a.memorySizeMB - b.memorySizeMB || ITEM_ORDER.indexOf(a.item) - ITEM_ORDER.indexOf(b.item))
      .map((a): CostLineItem => ({ ...a, unit: a.item === 'requests' ? 'requests' : 'GB-s', usd: roundUsd(a.usd) }))
    const byVersion = new Map<string, { functionName: string; version: string; usd: number }>()
    let total = 0
    for (const item of this.items.values()) {
      const key = `${item.functionName}\u0000${item.version}`
      const entry = byVersion.get(key) ?? { functionName: item.functionName, version: item.version, usd: 0 }
      entry.usd += item.usd
      byVersion.set(key, entry)
      total += item.usd
    }
    return {
      region: this.ctx.region,
      pricesAsOf: this.ctx.prices.asOf,
      freeTierApplied: this.ctx.freeTier,
      lineItems,
      byVersion: [...byVersion.values()]
        .sort((a, b) => compare(a.functionName, b.functionName) || compareVersions(a.version, b.version))
        .map((v) => ({ ...v, usd: roundUsd(v.usd) })),
      totalUsd: roundUsd(total),
      leftOut: costLeftOut,
    }
  }

  private add(key: Pick<Accumulator, 'functionName' | 'version' | 'architecture' | 'memorySizeMB'>, item: CostItemKind, quantity: number, freeQuantity: number, usd: number): void {
    const id = `${key.functionName}\u0000${key.version}\u0000${key.architecture}\u0000${key.memorySizeMB}\u0000${item}`
    const acc = this.items.get(id)
    if (acc === undefined) this.items.set(id, { ...key, item, quantity, freeQuantity, usd })
    else { acc.quantity += quantity; acc.freeQuantity += freeQuantity; acc.usd += usd }
  }
}

/** The price of `gbSeconds` more, starting at `usedSoFar`, across the tiers it spans. */
export function tieredUsd(tiers: readonly PriceTier[], usedSoFar: number, gbSeconds: number): number {
  let usd = 0
  let at = usedSoFar
  let left = gbSeconds
  for (const tier of tiers) {
    if (left <= 0) break
    const cap = tier.upToGbSeconds ?? Infinity
    if (at >= cap) continue
    const inTier = Math.min(left, cap - at)
    usd += inTier * tier.usdPerGbSecond
    at += inTier
    left -= inTier
  }
  return usd
}

function roundUsd(usd: number): number {
  return Math.round(usd * 1e12) / 1e12
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** `$LATEST` first, then versions by number. */
function compareVersions(a: string, b: string): number {
  if (a === b) return 0
  if (a === '$LATEST') return -1
  if (b === '$LATEST') return 1
  return Number(a) - Number(b)
}
