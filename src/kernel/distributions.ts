/**
 * Sampling from simple distributions with exactly one uniform draw per sample (inverse CDF), so a
 * recorded decision list maps one-to-one onto samples and shrinks cleanly.
 */
export type Distribution =
  | number
  | { readonly dist: 'constant'; readonly value: number }
  | { readonly dist: 'uniform'; readonly min: number; readonly max: number }
  | { readonly dist: 'normal'; readonly mean: number; readonly stddev: number }
  | { readonly dist: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly dist: 'exponential'; readonly mean: number }

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12)
  const low = 0.02425
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number]
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number]
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number]
  const [d0, d1, d2, d3] = d as [number, number, number, number]
  if (q < low) {
    const r = Math.sqrt(-2 * Math.log(q))
    return (((((c0 * r + c1) * r + c2) * r + c3) * r + c4) * r + c5) / ((((d0 * r + d1) * r + d2) * r + d3) * r + 1)
  }
  if (q > 1 - low) {
    const r = Math.sqrt(-2 * Math.log(1 - q))
    return -(((((c0 * r + c1) * r + c2) * r + c3) * r + c4) * r + c5) / ((((d0 * r + d1) * r + d2) * r + d3) * r + 1)
  }
  const r = q - 0.5
  const s = r * r
  return ((((((a0 * s + a1) * s + a2) * s + a3) * s + a4) * s + a5) * r) / (((((b0 * s + b1) * s + b2) * s + b3) * s + b4) * s + 1)
}

/** True when sampling needs no random draw (so none is consumed). */
export function isFixed(distribution: Distribution): boolean {
  return typeof distribution === 'number' || distribution.dist === 'constant'
}

/** Maps a uniform `u` in [0, 1) to a sample; never negative. */
export function sample(distribution: Distribution, u: number): number {
  if (typeof distribution === 'number') return Math.max(0, distribution)
  switch (distribution.dist) {
    case 'constant':
      return Math.max(0, distribution.value)
    case 'uniform':
      return Math.max(0, distribution.min + u * (distribution.max - distribution.min))
    case 'normal':
      return Math.max(0, distribution.mean + distribution.stddev * normalQuantile(u))
    case 'lognormal':
      return distribution.median * Math.exp(distribution.sigma * normalQuantile(u))
    case 'exponential':
      return -Math.log(1 - u) * distribution.mean
  }
}
