/**
 * `GetAccountSettings`: the account's Lambda quotas in the simulated Region and what it uses of them.
 * The code-size quotas are AWS's defaults (lambda-semantics §1.2, [V]); the concurrency is the
 * simulation's (`concurrency.accountLimit`), less what functions reserve.
 */
import type { AccountConcurrency } from '../../model/concurrency-config.js'
import type { FunctionStore } from './function-store.js'

/** Code storage per Region: 75 GB. */
export const TOTAL_CODE_SIZE_LIMIT = 80_530_636_800
/** A function and its layers, unzipped: 250 MB. */
export const CODE_SIZE_UNZIPPED_LIMIT = 262_144_000
/** A .zip uploaded directly: 50 MB. */
export const CODE_SIZE_ZIPPED_LIMIT = 52_428_800

export interface AccountSettings {
  readonly accountLimit: {
    readonly totalCodeSize: number
    readonly codeSizeUnzipped: number
    readonly codeSizeZipped: number
    readonly concurrentExecutions: number
    readonly unreservedConcurrentExecutions: number
  }
  readonly accountUsage: {
    /** Every function version's package ($LATEST and each published version). */
    readonly totalCodeSize: number
    readonly functionCount: number
  }
}

export class AccountSettingsService {
  constructor(
    private readonly store: FunctionStore,
    private readonly account: AccountConcurrency,
  ) {}

  getAccountSettings(): AccountSettings {
    let reserved = 0
    let codeSize = 0
    for (const record of this.store.records.values()) {
      reserved += record.reservedConcurrency ?? 0
      codeSize += record.latest.configuration.codeSize
      for (const version of record.versions.values()) codeSize += version.configuration.codeSize
    }
    return {
      accountLimit: {
        totalCodeSize: TOTAL_CODE_SIZE_LIMIT,
        codeSizeUnzipped: CODE_SIZE_UNZIPPED_LIMIT,
        codeSizeZipped: CODE_SIZE_ZIPPED_LIMIT,
        concurrentExecutions: this.account.accountLimit,
        unreservedConcurrentExecutions: this.account.accountLimit - reserved,
      },
      accountUsage: { totalCodeSize: codeSize, functionCount: this.store.records.size },
    }
  }
}
