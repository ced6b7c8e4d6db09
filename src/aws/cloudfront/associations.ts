/**
 * A distribution configuration checked as `CreateDistribution` / `UpdateDistribution` check it:
 * origins and cache behaviours that fit together, and every Lambda@Edge association against the
 * restrictions CloudFront enforces when the function is associated (not when it runs).
 *
 * Order of the function checks: the qualifier before the Region (AWS answers the version message
 * for `…:us-west-1:…:$LATEST`), then the function must be readable, then its configuration.
 * Messages are CloudFront's where they were found in the wild; `[U]` marks our wording.
 */
import type { FunctionConfiguration } from '../../model/function-record.js'
import type { CacheBehavior, DefaultCacheBehavior, DistributionConfig, EdgeEventType, LambdaFunctionAssociation } from './api.js'
import { MANAGED_CACHE_POLICIES } from './edge-cache.js'
import { limitsOf } from './edge-limits.js'
import { cloudFrontErrors } from './errors.js'

/** The published version a qualified ARN names, or `undefined` when it does not exist. */
export type EdgeFunctionLookup = (functionName: string, version: string) => FunctionConfiguration | undefined

const EVENT_TYPES: readonly EdgeEventType[] = ['viewer-request', 'origin-request', 'origin-response', 'viewer-response']
const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]+))?$/
const NUMBERED_VERSION = /^[1-9]\d*$/
/** Lambda@Edge runs Node.js and Python only. */
const EDGE_RUNTIME = /^(nodejs|python)/
const ORIGIN_ID = /^.{1,128}$/
const PATH_PATTERN = /^[A-Za-z0-9_\-.*$/~"'@:+?&=,;!()%]{1,255}$/

/** Checks a whole configuration; throws the first problem as CloudFront answers it. */
export function checkDistributionConfig(config: DistributionConfig, accountId: string, lookup: EdgeFunctionLookup): void {
  if (!Array.isArray(config.origins) || config.origins.length === 0) throw cloudFrontErrors.invalid('The parameter Origins must contain at least one origin.')
  const originIds = new Set<string>()
  for (const origin of config.origins) {
    if (typeof origin.id !== 'string' || !ORIGIN_ID.test(origin.id)) throw cloudFrontErrors.invalid('The parameter origin Id is invalid.')
    if (originIds.has(origin.id)) throw cloudFrontErrors.invalid(`The parameter Origin Id must be unique. Origin: ${origin.id}`)
    originIds.add(origin.id)
    if (typeof origin.domainName !== 'string' || origin.domainName.length === 0 || origin.domainName.length > 253 || origin.domainName.includes(':') || origin.domainName.includes('/')) {
      throw cloudFrontErrors.invalid('The parameter origin name must be a domain name.')
    }
    if (origin.originPath !== undefined && origin.originPath !== '' && (!origin.originPath.startsWith('/') || origin.originPath.endsWith('/'))) {
      throw cloudFrontErrors.invalid('The parameter Origin Path must begin with a slash and must not end with a slash.')
    }
    if (origin.handler !== undefined && typeof origin.handler !== 'function') throw cloudFrontErrors.invalid('[SIM] The origin handler must be a function.')
  }
  if (config.defaultCacheBehavior === undefined) throw cloudFrontErrors.invalid('The parameter DefaultCacheBehavior is required.')
  checkBehavior(config.defaultCacheBehavior, originIds, accountId, lookup)
  for (const behavior of config.cacheBehaviors ?? []) {
    if (typeof behavior.pathPattern !== 'string' || !PATH_PATTERN.test(behavior.pathPattern)) throw cloudFrontErrors.invalid('The parameter PathPattern is invalid.')
    checkBehavior(behavior, originIds, accountId, lookup)
  }
  const patterns = (config.cacheBehaviors ?? []).map((b: CacheBehavior) => b.pathPattern)
  if (new Set(patterns).size !== patterns.length) throw cloudFrontErrors.invalid('The parameter PathPattern must be unique across cache behaviors.')
}

function checkBehavior(behavior: DefaultCacheBehavior, originIds: ReadonlySet<string>, accountId: string, lookup: EdgeFunctionLookup): void {
  if (!originIds.has(behavior.targetOriginId)) throw cloudFrontErrors.noSuchOrigin(String(behavior.targetOriginId))
  // [SIM] Only AWS's managed caching policies exist here (no CreateCachePolicy).
  if (behavior.cachePolicyId !== undefined && !Object.values<string>(MANAGED_CACHE_POLICIES).includes(behavior.cachePolicyId)) throw cloudFrontErrors.noSuchCachePolicy()
  if (behavior.allowedMethods !== undefined && allowedMethodsOf(behavior) === undefined) {
    throw cloudFrontErrors.invalid('The parameter AllowedMethods must be GET, HEAD; GET, HEAD, OPTIONS; or DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT.') // [U] wording
  }
  const associations = behavior.lambdaFunctionAssociations ?? []
  // One per event type makes four at most; a fifth is always a duplicate, but AWS counts first.
  if (associations.length > 4) throw cloudFrontErrors.tooManyAssociations()
  const seen = new Set<EdgeEventType>()
  for (const association of associations) {
    if (!EVENT_TYPES.includes(association.eventType)) {
      throw cloudFrontErrors.invalid(`Value '${String(association.eventType)}' at 'eventType' failed to satisfy constraint: Member must satisfy enum value set: [${EVENT_TYPES.join(', ')}]`)
    }
    // [U] wording.
    if (seen.has(association.eventType)) throw cloudFrontErrors.association(`Duplicate event type for cache behavior: ${association.eventType}.`)
    seen.add(association.eventType)
    if (association.includeBody === true && association.eventType.endsWith('response')) {
      throw cloudFrontErrors.association(`IncludeBody is only supported for viewer-request and origin-request events. Event type: ${association.eventType}`) // [U]
    }
    checkFunction(association, accountId, lookup)
  }
}

/** CloudFront's restrictions on the function of one association. */
function checkFunction(association: LambdaFunctionAssociation, accountId: string, lookup: EdgeFunctionLookup): void {
  const arn = association.lambdaFunctionArn
  const parts = typeof arn === 'string' ? FUNCTION_ARN.exec(arn) : null
  if (parts === null) throw cloudFrontErrors.association(`The function ARN is not valid. ARN: ${String(arn)}`) // [U]
  const [, region, account, name, qualifier] = parts as unknown as [string, string, string, string, string | undefined]
  if (qualifier === undefined || !NUMBERED_VERSION.test(qualifier)) {
    throw cloudFrontErrors.association(`The function ARN must reference a specific function version. (The ARN must end with the version number.) ARN: ${arn}`)
  }
  if (region !== 'us-east-1') throw cloudFrontErrors.association(`The function must be in region 'us-east-1'. ARN: ${arn}`) // [U]
  const configuration = account === accountId ? lookup(name, qualifier) : undefined
  if (configuration === undefined) {
    throw cloudFrontErrors.association(`Lambda@Edge cannot retrieve the specified Lambda function. Update the IAM policy to add permission: lambda:GetFunction for resource: ${arn} and try again.`)
  }
  const limits = limitsOf(association.eventType)
  const variables = configuration.environment?.variables
  if (variables !== undefined && Object.keys(variables).length > 0) throw cloudFrontErrors.association(`The function cannot have environment variables. Function: ${arn}`)
  if (configuration.memorySize > limits.memoryMbMax) {
    throw cloudFrontErrors.association(
      `The function memory size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: ${configuration.memorySize} Max allowed: ${limits.memoryMbMax} Function: ${arn}`,
    )
  }
  if (configuration.timeout > limits.timeoutSecondsMax) {
    throw cloudFrontErrors.association(
      `The function execution time is longer than the maximum allowed for functions that are triggered by a CloudFront event: ${configuration.timeout} Max allowed: ${limits.timeoutSecondsMax} Function: ${arn}`, // [U]
    )
  }
  if (configuration.codeSize > limits.codeBytesMax) {
    throw cloudFrontErrors.association(
      `The function code size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: ${configuration.codeSize} Max allowed: ${limits.codeBytesMax}`,
    )
  }
  if (!EDGE_RUNTIME.test(configuration.runtime)) {
    throw cloudFrontErrors.association(`The function has an invalid runtime for functions that are triggered by a CloudFront event: ${configuration.runtime} Function: ${arn}`) // [U]
  }
  if (configuration.deadLetterConfig?.targetArn !== undefined) throw cloudFrontErrors.association(`The function cannot have a dead letter queue. Function: ${arn}`) // [U]
  if ((configuration.layers?.length ?? 0) > 0) throw cloudFrontErrors.association(`The function cannot have layers. Function: ${arn}`) // [U]
  if (configuration.architectures.includes('arm64')) throw cloudFrontErrors.association(`The function must use the x86_64 architecture. Function: ${arn}`) // [U]
}

/** CloudFront's three method sets; the default is GET and HEAD. */
const METHOD_SETS: readonly (readonly string[])[] = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
  ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
]

/** The methods a behaviour accepts, or undefined when its `allowedMethods` is not one of CloudFront's sets. */
export function allowedMethodsOf(behavior: DefaultCacheBehavior): ReadonlySet<string> | undefined {
  if (behavior.allowedMethods === undefined) return new Set(METHOD_SETS[0])
  if (!Array.isArray(behavior.allowedMethods)) return undefined
  const given = [...new Set(behavior.allowedMethods.map((method) => String(method).toUpperCase()))].sort()
  const match = METHOD_SETS.find((set) => set.length === given.length && [...set].sort().every((method, i) => method === given[i]))
  return match === undefined ? undefined : new Set(match)
}
