/** `sim.cost()`: the recorded events priced by the region's price table and the versions' configuration. */
import { computeCostOf, type BilledInvocation, type CostQuery, type CostReport, type VersionBillingFacts } from '../observability/cost.js'
import type { SimEvent } from '../observability/events.js'
import { pricesFor } from '../observability/pricing.js'
import type { FunctionConfiguration } from '../model/function-record.js'
import { SimulationError } from '../kernel/simulation-error.js'

export interface RunCostSources {
  readonly region: string
  readonly nowMs: number
  readonly replay: string
  /** Completed invocations in completion order (from the event log, or the run recorder's rows). */
  readonly invocations: Iterable<BilledInvocation>
  /** Events holding at least the `provisioned.changed` ones. */
  readonly provisionedChanges: Iterable<SimEvent>
  configuration(functionName: string, qualifier: string): FunctionConfiguration
  aliasVersion(functionName: string, aliasName: string): string
}

export function runCost(query: CostQuery, sources: RunCostSources): CostReport {
  const prices = pricesFor(sources.region, query.prices)
  if (prices === undefined) {
    throw new SimulationError('invalid-argument', `cost(): no built-in prices for ${sources.region}; pass a complete table as prices`, sources.replay)
  }
  const facts = new Map<string, VersionBillingFacts | undefined>()
  return computeCostOf(sources.invocations, sources.provisionedChanges, {
    region: sources.region,
    prices,
    nowMs: sources.nowMs,
    freeTier: query.freeTier ?? false,
    functionName: query.functionName,
    qualifier: query.qualifier,
    sinceMs: query.since ?? 0,
    untilMs: query.until,
    versionFacts(functionName, version) {
      const key = `${functionName}:${version}`
      if (!facts.has(key)) facts.set(key, attempt(() => factsOf(sources.configuration(functionName, version))))
      return facts.get(key)
    },
    resolveQualifier: (functionName, qualifier) => attempt(() => sources.aliasVersion(functionName, qualifier)),
  })
}

function factsOf(config: FunctionConfiguration): VersionBillingFacts {
  return { architecture: config.architectures[0] ?? 'x86_64', memorySizeMB: config.memorySize, ephemeralStorageMB: config.ephemeralStorage.size }
}

/** A version or alias deleted since: billed with defaults (x86_64, 512 MB storage), or left out for provisioned concurrency. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}
