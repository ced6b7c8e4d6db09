/**
 * Concurrency settings as configured: a function's reserved concurrency, and provisioned
 * concurrency per published version or alias. (How they limit and pre-warm environments is the
 * concurrency model's job; this is what the control plane stores and validates.)
 */
export type ProvisionedStatus = 'IN_PROGRESS' | 'READY' | 'FAILED'

export interface ProvisionedConcurrencyConfig {
  /** The version number or alias name it is configured on. */
  readonly qualifier: string
  readonly requested: number
  allocated: number
  status: ProvisionedStatus
  statusReason: string | undefined
  lastModifiedMs: number
  /** The pending allocation event, cancelled if the config changes first. */
  allocation: object | undefined
}

/** Account-level concurrency: the Region's limit and the unreserved share that must remain. */
export interface AccountConcurrency {
  readonly accountLimit: number
  readonly unreservedMinimum: number
}
