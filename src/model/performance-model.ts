/**
 * How a simulated function behaves in time and memory: not an AWS setting, the simulation's
 * stand-in for what real code would cost.
 */
import type { Distribution } from '../kernel/distributions.js'

export interface PerformanceModel {
  /** Init (cold start) time in ms, on top of any virtual time the init factory itself spends. */
  initDurationMs?: Distribution | undefined
  /** One-vCPU milliseconds of work per invocation before the handler runs; scaled by memory. */
  computeMs?: Distribution | undefined
  /** Max Memory Used reported per invocation, in MB (capped at the memory size). */
  memoryUsedMB?: Distribution | undefined
}
