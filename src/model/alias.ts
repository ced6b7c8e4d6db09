/**
 * An alias: a named, movable pointer to one version, optionally splitting traffic with a second
 * version by weight (`RoutingConfig.AdditionalVersionWeights`).
 *
 * Routing is Lambda's "simple probabilistic model": each invocation draws u in [0, 1) and goes to
 * the additional version when u < its weight, otherwise to the primary.
 */
export interface Alias {
  readonly name: string
  readonly aliasArn: string
  readonly functionVersion: string
  readonly description: string
  /** At most one entry: `{ '<version>': weight }`, weight in [0, 1]. */
  readonly additionalVersionWeights: Readonly<Record<string, number>> | undefined
  readonly revisionId: string
}

/** The version an invocation through `alias` runs, for a uniform draw `u` in [0, 1). */
export function routeAlias(alias: Alias, u: number): string {
  const weights = alias.additionalVersionWeights
  if (weights === undefined) return alias.functionVersion
  for (const [version, weight] of Object.entries(weights)) {
    if (u < weight) return version
  }
  return alias.functionVersion
}

/** True when the alias splits traffic (so a routing draw is needed). */
export function isWeighted(alias: Alias): boolean {
  return alias.additionalVersionWeights !== undefined && Object.keys(alias.additionalVersionWeights).length > 0
}

/** The versions an alias can route to, primary first. */
export function aliasTargets(alias: Alias): string[] {
  return [alias.functionVersion, ...Object.keys(alias.additionalVersionWeights ?? {})]
}
