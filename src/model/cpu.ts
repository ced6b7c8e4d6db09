/**
 * Memory buys CPU on Lambda: 1,769 MB is one vCPU's worth of time, so 10,240 MB buys about 5.8 vCPUs
 * of time (spread over the 6 cores AWS allots at that size).
 *
 * `context.compute(ms)` states work in milliseconds *of one full vCPU*. Single-threaded JavaScript
 * cannot use more than one vCPU, so extra memory stops helping at 1,769 MB unless the work says it
 * runs in parallel.
 */
export const MB_PER_VCPU = 1769
export const MAX_VCPUS = 6

/** vCPU share a function of this memory size gets (0.072 at 128 MB, 6 at 10,240 MB). */
export function vcpuShare(memoryMB: number): number {
  return Math.min(memoryMB / MB_PER_VCPU, MAX_VCPUS)
}

/** Wall time for `cpuMs` of one-vCPU work spread over at most `parallelism` threads. */
export function computeWallMs(cpuMs: number, memoryMB: number, parallelism = 1): number {
  const usable = Math.min(vcpuShare(memoryMB), Math.max(1, parallelism))
  return cpuMs / usable
}
