/**
 * What the invocation engine (`invocation-engine.ts`) is given when the simulation is composed:
 * its collaborators from other layers (the stores, the fault plan, the ways up to the Invoke API
 * and the SDK bridge, the handlers' random stream, the tracer) and its options.
 */
import type { BillingRules } from '../../model/billing.js'
import type { Task } from '../../kernel/kernel.js'
import type { InvokeInput } from '../../config/invoke-schema.js'
import type { InvokeResult } from '../../model/invoke-result.js'
import type { InvocationObserver } from '../../observability/invocation-facts.js'
import type { Tracer } from '../../observability/tracer.js'
import type { AwsRequestAnswerer } from '../../runtime/world/aws-http.js'
import type { FaultPlan } from './fault-plan.js'
import type { Lineage } from '../../model/lineage.js'

export type EscapePolicy = 'throw' | 'fail-invocation'

/** Invokes a function from inside another (set by the simulation). */
export type NestedInvoker = (task: Task, input: InvokeInput, lineage: Lineage) => Promise<InvokeResult>

/** What the engine calls besides the kernel and the stores it owns, given at construction. */
export interface EngineCollaborators {
  /** The log store, when logs are kept. */
  readonly logObserver: InvocationObserver | undefined
  /** The metric store, when metrics are kept. */
  readonly metricObserver: InvocationObserver | undefined
  /** The `faults` option's plan, when it holds one. */
  readonly faults: FaultPlan | undefined
  /** How a handler's `context.lambda.invoke` reaches the Invoke API (above this layer). */
  readonly nestedInvoker: NestedInvoker
  /** How a handler's AWS SDK requests (caught at the HTTP layer) reach the SDK bridge (above this layer). */
  readonly answerAwsRequest: AwsRequestAnswerer
  /** `Math.random()` inside handlers: a seeded stream of its own (the handler's world). */
  readonly handlerRandom: () => number
  /** Tracing: sampling, trace records, the header of handlers' downstream calls. */
  readonly tracer: Tracer
}

export interface EngineOptions {
  readonly escapePolicy: EscapePolicy
  /** Route handlers' `console.*` lines into the function's log. */
  /** Run user code in the handler's world (virtual clock, process.env, console → log, SDK answered here). */
  readonly handlerWorld: boolean
  readonly billing: BillingRules
}
