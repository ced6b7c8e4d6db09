/**
 * The runtimes a function can name (`Runtime`): every identifier of the Lambda API model's enum
 * (generated, `generated/runtimes.ts`), its family (which decides what the runtime shows: error
 * payloads, init errors, log lines — see `runtime/family-errors.ts`) and its support dates, the
 * only hand-written part. Each date carries its source tag (docs/runtimes.md):
 * [V] AWS documentation, [S] seen (AWS answers or copies of AWS's tables quoted in public issues),
 * [U] unverified (AWS's usual pattern: create blocked about a month after deprecation, update a
 * month later).
 */
import { awsErrors } from '../errors/lambda-error.js'
import { MODEL_RUNTIMES } from './generated/runtimes.js'

export const RUNTIMES = MODEL_RUNTIMES
/** Any runtime of the model's list. */
export type Runtime = (typeof MODEL_RUNTIMES)[number]
/** The Node.js runtimes. */
export type NodeRuntime = Extract<Runtime, `nodejs${string}`>

/** What the runtime's language decides: the shape of errors and what the runtime logs. */
export type RuntimeFamily = 'nodejs' | 'python' | 'java' | 'dotnet' | 'ruby' | 'go' | 'provided'

export function runtimeFamily(runtime: string): RuntimeFamily {
  if (runtime.startsWith('nodejs')) return 'nodejs'
  if (runtime.startsWith('python')) return 'python'
  if (runtime.startsWith('java')) return 'java'
  if (runtime.startsWith('dotnet')) return 'dotnet'
  if (runtime.startsWith('ruby')) return 'ruby'
  if (runtime.startsWith('go')) return 'go'
  return 'provided'
}

/** nodejs18.x–22.x (and older) call `(event, context, callback)`; nodejs24.x and later await `(event, context)`. */
export function usesLegacyNodeApi(runtime: string): boolean {
  if (!runtime.startsWith('nodejs')) return false
  const match = /^nodejs(\d+)/.exec(runtime)
  // `nodejs` (0.10) has no version number: the oldest of all.
  return match === null || Number(match[1]) < 24
}

/** AWS's deprecation schedule for one runtime: ISO dates (UTC), each from midnight. */
export interface RuntimeLifecycle {
  readonly deprecation: string
  /** Creating functions with the runtime is refused from this day. */
  readonly blockCreate: string
  /** Updating functions with the runtime is refused from this day. */
  readonly blockUpdate: string
  readonly source: string
}

const SCHEDULE_PAGE = 'docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html'

/** Runtimes the model lists without a schedule are supported (the newest, or announced ones). */
export const RUNTIME_LIFECYCLES: Readonly<Partial<Record<Runtime, RuntimeLifecycle>>> = {
  // Node.js
  nodejs: { deprecation: '2016-10-31', blockCreate: '2016-10-31', blockUpdate: '2016-10-31', source: `[S] refusals quoted since Jan 2017; ${SCHEDULE_PAGE}` },
  'nodejs4.3': { deprecation: '2020-03-05', blockCreate: '2020-03-05', blockUpdate: '2020-03-05', source: `[S] refusal quoted Dec 2018; dates [U]` },
  'nodejs4.3-edge': { deprecation: '2020-03-05', blockCreate: '2019-04-30', blockUpdate: '2020-03-05', source: '[U]' },
  'nodejs6.10': { deprecation: '2019-08-12', blockCreate: '2019-08-12', blockUpdate: '2019-08-12', source: '[U]' },
  'nodejs8.10': { deprecation: '2020-03-06', blockCreate: '2020-01-06', blockUpdate: '2020-03-06', source: '[S] refusal quoted May 2020; dates [U]' },
  'nodejs10.x': { deprecation: '2021-07-30', blockCreate: '2021-07-30', blockUpdate: '2022-02-14', source: '[U]' },
  'nodejs12.x': { deprecation: '2023-03-31', blockCreate: '2023-03-31', blockUpdate: '2023-04-30', source: `[S] copy of ${SCHEDULE_PAGE}; refusal quoted Jun 2023` },
  'nodejs14.x': { deprecation: '2023-12-04', blockCreate: '2024-01-09', blockUpdate: '2024-02-08', source: '[S] AWS answer on re:Post (create and update block dates)' },
  'nodejs16.x': { deprecation: '2024-06-12', blockCreate: '2026-02-03', blockUpdate: '2026-03-09', source: '[U] deprecation [S]' },
  'nodejs18.x': { deprecation: '2025-09-01', blockCreate: '2026-02-03', blockUpdate: '2026-03-09', source: '[U] deprecation [S]' },
  'nodejs20.x': { deprecation: '2026-04-30', blockCreate: '2026-06-01', blockUpdate: '2026-07-01', source: '[S] copy of docs lambda-nodejs.html table' },
  'nodejs22.x': { deprecation: '2027-04-30', blockCreate: '2027-06-01', blockUpdate: '2027-07-01', source: '[S] copy of docs lambda-nodejs.html table' },
  'nodejs24.x': { deprecation: '2028-04-30', blockCreate: '2028-06-01', blockUpdate: '2028-07-01', source: '[S] copy of docs lambda-nodejs.html table' },
  // Python
  'python2.7': { deprecation: '2021-07-15', blockCreate: '2021-07-15', blockUpdate: '2022-05-30', source: '[S] refusal quoted Jan 2022; dates [U]' },
  'python3.6': { deprecation: '2022-07-18', blockCreate: '2022-07-18', blockUpdate: '2022-08-29', source: '[U]' },
  'python3.7': { deprecation: '2023-12-04', blockCreate: '2024-01-09', blockUpdate: '2024-02-08', source: '[U] deprecation [S]' },
  'python3.8': { deprecation: '2024-10-14', blockCreate: '2026-02-03', blockUpdate: '2026-03-09', source: '[U] deprecation [S]' },
  'python3.9': { deprecation: '2025-12-15', blockCreate: '2026-06-01', blockUpdate: '2026-07-01', source: '[U] deprecation [S]' },
  'python3.10': { deprecation: '2026-06-30', blockCreate: '2026-07-31', blockUpdate: '2026-08-31', source: '[U] deprecation [S]' },
  'python3.11': { deprecation: '2026-06-30', blockCreate: '2026-07-31', blockUpdate: '2026-08-31', source: '[U] deprecation [S]' },
  'python3.12': { deprecation: '2028-10-31', blockCreate: '2028-11-30', blockUpdate: '2029-01-10', source: '[U] deprecation [S]' },
  'python3.13': { deprecation: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31', source: '[U] deprecation and update block [S]' },
  'python3.14': { deprecation: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31', source: '[U] deprecation and update block [S]' },
  // Java
  java8: { deprecation: '2024-01-08', blockCreate: '2024-02-08', blockUpdate: '2026-02-09', source: '[U] deprecation [S]' },
  'java8.al2': { deprecation: '2026-06-30', blockCreate: '2026-07-31', blockUpdate: '2026-08-31', source: '[U] deprecation [S]' },
  java11: { deprecation: '2026-06-30', blockCreate: '2026-07-31', blockUpdate: '2026-08-31', source: '[U] deprecation [S]' },
  java17: { deprecation: '2026-06-30', blockCreate: '2026-07-31', blockUpdate: '2026-08-31', source: '[U] deprecation [S]' },
  java21: { deprecation: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31', source: '[U] deprecation [S]' },
  java25: { deprecation: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31', source: '[U] deprecation and update block [S]' },
  // .NET
  'dotnetcore1.0': { deprecation: '2019-07-27', blockCreate: '2019-06-27', blockUpdate: '2019-07-30', source: '[U]' },
  'dotnetcore2.0': { deprecation: '2019-05-30', blockCreate: '2019-04-30', blockUpdate: '2019-05-30', source: '[U]' },
  'dotnetcore2.1': { deprecation: '2022-01-05', blockCreate: '2022-01-05', blockUpdate: '2022-04-13', source: '[U]' },
  'dotnetcore3.1': { deprecation: '2023-04-03', blockCreate: '2023-04-03', blockUpdate: '2023-05-03', source: '[U]' },
  dotnet6: { deprecation: '2024-12-20', blockCreate: '2026-02-03', blockUpdate: '2026-03-09', source: '[U]' },
  dotnet8: { deprecation: '2026-11-10', blockCreate: '2026-12-10', blockUpdate: '2027-01-11', source: '[U] deprecation [S]' },
  dotnet10: { deprecation: '2028-11-14', blockCreate: '2028-12-14', blockUpdate: '2029-01-15', source: '[U] deprecation and update block [S]' },
  // Ruby
  'ruby2.5': { deprecation: '2021-07-30', blockCreate: '2021-07-30', blockUpdate: '2022-03-31', source: '[U]' },
  'ruby2.7': { deprecation: '2023-12-07', blockCreate: '2024-02-08', blockUpdate: '2026-02-09', source: '[U]' },
  'ruby3.2': { deprecation: '2026-03-31', blockCreate: '2026-04-30', blockUpdate: '2026-05-31', source: '[U] deprecation [S]' },
  'ruby3.3': { deprecation: '2027-03-31', blockCreate: '2027-04-30', blockUpdate: '2027-05-31', source: '[U] deprecation [S]' },
  'ruby3.4': { deprecation: '2028-03-31', blockCreate: '2028-04-30', blockUpdate: '2028-05-31', source: '[U] deprecation and update block [S]' },
  // Go and OS-only
  'go1.x': { deprecation: '2024-01-08', blockCreate: '2024-02-08', blockUpdate: '2026-02-09', source: '[U] deprecation [S]' },
  provided: { deprecation: '2024-01-08', blockCreate: '2024-02-08', blockUpdate: '2026-02-09', source: '[U] deprecation [S]' },
  'provided.al2': { deprecation: '2026-06-30', blockCreate: '2026-07-31', blockUpdate: '2026-08-31', source: '[S] copy of docs lambda-golang.html table' },
  'provided.al2023': { deprecation: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31', source: '[S] copy of docs lambda-golang.html table' },
}

/**
 * `supported`: before its deprecation date (or none scheduled); `deprecated`: past it, functions can
 * still be created; `create-blocked`: only existing functions can still be updated; `blocked`:
 * neither.
 */
export type RuntimeSupport = 'supported' | 'deprecated' | 'create-blocked' | 'blocked'

/** Epoch ms of each lifecycle date, parsed once (every CreateFunction asks up to three). */
const dayMsByDate = new Map<string, number>()

function dayMs(isoDate: string): number {
  let ms = dayMsByDate.get(isoDate)
  if (ms === undefined) {
    ms = Date.parse(`${isoDate}T00:00:00Z`)
    dayMsByDate.set(isoDate, ms)
  }
  return ms
}

export function runtimeSupportAt(runtime: Runtime, epochMs: number): RuntimeSupport {
  const lifecycle = RUNTIME_LIFECYCLES[runtime]
  if (lifecycle === undefined) return 'supported'
  if (epochMs >= dayMs(lifecycle.blockUpdate)) return 'blocked'
  if (epochMs >= dayMs(lifecycle.blockCreate)) return 'create-blocked'
  if (epochMs >= dayMs(lifecycle.deprecation)) return 'deprecated'
  return 'supported'
}

/** The runtimes AWS accepts for a new function at an instant. */
export function runtimesAcceptedAt(epochMs: number): Runtime[] {
  return RUNTIMES.filter((runtime) => {
    const support = runtimeSupportAt(runtime, epochMs)
    return support === 'supported' || support === 'deprecated'
  })
}

/** Go's successor is an OS-only runtime. */
const successorFamily = (family: RuntimeFamily): RuntimeFamily => (family === 'go' ? 'provided' : family)

/**
 * The runtime AWS recommends instead [U: AWS named the newest runtime of the family at the time of
 * each quoted refusal]: the scheduled runtime of the family with the latest deprecation date, still
 * supported at the instant. Runtimes without a schedule (announced ones) are never recommended.
 */
export function successorOf(runtime: Runtime, epochMs: number): Runtime | undefined {
  const family = successorFamily(runtimeFamily(runtime))
  let best: Runtime | undefined
  let bestDeprecation = -Infinity
  for (const candidate of RUNTIMES) {
    const lifecycle = RUNTIME_LIFECYCLES[candidate]
    if (lifecycle === undefined || runtimeFamily(candidate) !== family) continue
    if (runtimeSupportAt(candidate, epochMs) !== 'supported') continue
    const deprecation = dayMs(lifecycle.deprecation)
    if (deprecation >= bestDeprecation) {
      best = candidate
      bestDeprecation = deprecation
    }
  }
  return best
}

/**
 * AWS's refusal of a runtime past its block date (`InvalidParameterValueException`), or undefined.
 * [S] wording quoted from AWS refusals 2017–2023 (CreateFunction and CloudFormation updates).
 */
export function runtimeRefusal(runtime: Runtime, operation: 'create' | 'update', epochMs: number): string | undefined {
  const support = runtimeSupportAt(runtime, epochMs)
  const refused = support === 'blocked' || (operation === 'create' && support === 'create-blocked')
  if (!refused) return undefined
  const successor = successorOf(runtime, epochMs) ?? runtime
  return `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (${successor}) while creating or updating functions.`
}

/** Throws AWS's `InvalidParameterValueException` for a runtime past its block date at `epochMs`. */
export function assertRuntimeAccepted(runtime: Runtime, operation: 'create' | 'update', epochMs: number): void {
  const refusal = runtimeRefusal(runtime, operation, epochMs)
  if (refusal !== undefined) throw awsErrors.invalidParameter(refusal)
}
