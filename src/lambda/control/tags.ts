/**
 * Tags (`TagResource`, `UntagResource`, `ListTags`) on the resources Lambda tags: functions
 * (unqualified only), event source mappings and code signing configs. A function's tags live on its
 * record (so `GetFunction` shows them and they go with it); the others' here, by ARN. Validation as
 * the model declares it (key 1–128, value 0–256, both `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`), then AWS's own
 * rules: at most 50 tags per resource, no `aws:` keys, no tags on versions or aliases.
 */
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import { awsPattern } from '../../config/identifiers.js'
import type { AccountScope } from '../../model/arn.js'
import type { FunctionStore } from './function-store.js'

/** The model's `TaggableResource` pattern (test/lambda/control/tags.test.ts checks it against the model). */
export const TAGGABLE_RESOURCE_PATTERN =
  'arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(capacity-provider|network-connector):[a-zA-Z0-9-_]{1,64})'
/** The model's `TagKey` / `TagValue` pattern. */
export const TAG_PATTERN = '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)'
export const TAG_KEY_LENGTH = { min: 1, max: 128 } as const
export const TAG_VALUE_LENGTH = { min: 0, max: 256 } as const
export const TAG_RESOURCE_LENGTH = { min: 1, max: 10000 } as const
/** Tags per resource (AWS's documented quota). */
export const MAX_TAGS_PER_RESOURCE = 50

const taggableResource = new RegExp(`^(?:${TAGGABLE_RESOURCE_PATTERN})$`)
const tagText = new RegExp(`^(?:${TAG_PATTERN})$`, 'u')

export const TAG_MESSAGES = {
  /** [S] LocalStack's AWS-validated text. */
  qualified: 'Tags on function aliases and versions are not supported. Please specify a function ARN.',
  /** [S] LocalStack. */
  tooMany: 'Number of tags exceeds resource tag limit.',
  /** [S] LocalStack: TagResource with `Tags: {}`. */
  empty: 'An error occurred and the request cannot be processed.',
  /** [U] AWS refuses `aws:` keys; its exact words are not recorded. */
  reservedKey: (key: string) => `Invalid tag key: ${key}. Tag keys starting with 'aws:' are reserved for AWS use.`,
  /** [U] for capacity providers and network connectors (no simulated account has one) and other accounts' mappings. */
  noSuchResource: 'The resource you requested does not exist.',
} as const

export type Tags = Readonly<Record<string, string>>

/** Java's rendering of a map, as Coral prints a map value: `{a=1, b=2}`. */
function javaMap(tags: Tags): string {
  return `{${Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ')}}`
}

function lengthProblems(text: string, bounds: { readonly min: number; readonly max: number }): string[] {
  const problems: string[] = []
  const length = [...text].length
  if (length > bounds.max) problems.push(`Member must have length less than or equal to ${bounds.max}`)
  if (length < bounds.min) problems.push(`Member must have length greater than or equal to ${bounds.min}`)
  if (!tagText.test(text)) problems.push(awsPattern(TAG_PATTERN))
  return problems
}

/**
 * The model's constraints on a `Tags` map, as Coral words a map's problems (`Map keys must satisfy
 * constraint: [...]`; the exact listing is [U]). `path` is the member (`tags`).
 */
export function tagMapProblems(tags: unknown, path: string): string[] {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return [`Value '${String(tags)}' at '${path}' failed to satisfy constraint: Member must be of type map`]
  const entries = Object.entries(tags as Record<string, unknown>)
  const problems: string[] = []
  const keyProblems = new Set<string>()
  const valueProblems = new Set<string>()
  for (const [key, value] of entries) {
    for (const problem of lengthProblems(key, TAG_KEY_LENGTH)) keyProblems.add(problem)
    if (typeof value !== 'string') valueProblems.add('Member must be of type string')
    else for (const problem of lengthProblems(value, TAG_VALUE_LENGTH)) valueProblems.add(problem)
  }
  const shown = javaMap(tags as Tags)
  if (keyProblems.size > 0) problems.push(`Value '${shown}' at '${path}' failed to satisfy constraint: Map keys must satisfy constraint: [${[...keyProblems].join(', ')}]`)
  if (valueProblems.size > 0) problems.push(`Value '${shown}' at '${path}' failed to satisfy constraint: Map value must satisfy constraint: [${[...valueProblems].join(', ')}]`)
  return problems
}

/**
 * A `Tags` map as AWS accepts it on any operation that takes one (CreateFunction,
 * CreateCodeSigningConfig, TagResource): the model's constraints (ValidationException), then the
 * `aws:` prefix and the per-resource count (InvalidParameterValueException).
 */
export function checkTags(tags: unknown, path = 'tags'): Tags {
  const problems = tagMapProblems(tags, path)
  if (problems.length > 0) throw awsErrors.validation(problems)
  const checked = tags as Tags
  const reserved = Object.keys(checked).find((key) => key.toLowerCase().startsWith('aws:'))
  if (reserved !== undefined) throw awsErrors.invalidParameter(TAG_MESSAGES.reservedKey(reserved))
  if (Object.keys(checked).length > MAX_TAGS_PER_RESOURCE) throw awsErrors.invalidParameter(TAG_MESSAGES.tooMany)
  return checked
}

export interface TagResourceInput {
  /** The function's (unqualified), event source mapping's or code signing config's ARN. */
  readonly resource: string
  readonly tags: Tags
}

export interface UntagResourceInput {
  readonly resource: string
  readonly tagKeys: readonly string[]
}

export interface ListTagsInput {
  readonly resource: string
}

/** How the tag service learns that an event source mapping or a code signing config exists (AWS's not-found error otherwise). */
export interface TaggableLookups {
  eventSourceMapping(uuid: string): void
  codeSigningConfig(arn: string): void
}

export class TagService {
  /** Tags of event source mappings and code signing configs, by ARN (ids are never reused). */
  private readonly otherTags = new Map<string, Record<string, string>>()

  constructor(
    private readonly store: FunctionStore,
    private readonly scope: AccountScope,
    private readonly lookups: TaggableLookups,
  ) {}

  tagResource(input: TagResourceInput): void {
    const resource = this.checkResource(input.resource)
    if (input.tags === undefined || input.tags === null) throw awsErrors.validation(["Value null at 'tags' failed to satisfy constraint: Member must not be null"])
    const problems = tagMapProblems(input.tags, 'tags')
    if (problems.length > 0) throw awsErrors.validation(problems)
    if (Object.keys(input.tags).length === 0) throw awsErrors.invalidParameter(TAG_MESSAGES.empty)
    const current = this.tagsOf(resource)
    const merged = checkTags({ ...current, ...input.tags })
    this.store_(resource, { ...merged })
  }

  untagResource(input: UntagResourceInput): void {
    const resource = this.checkResource(input.resource)
    if (input.tagKeys === undefined || input.tagKeys === null) throw awsErrors.validation(["Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"])
    const problems = new Set<string>()
    for (const key of input.tagKeys) for (const problem of lengthProblems(key, TAG_KEY_LENGTH)) problems.add(problem)
    if (problems.size > 0) {
      throw awsErrors.validation([`Value '[${input.tagKeys.join(', ')}]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [${[...problems].join(', ')}]`])
    }
    const remaining = { ...this.tagsOf(resource) }
    for (const key of input.tagKeys) delete remaining[key]
    this.store_(resource, remaining)
  }

  listTags(input: ListTagsInput): { tags: Record<string, string> } {
    return { tags: { ...this.tagsOf(this.checkResource(input.resource)) } }
  }

  /** A code signing config's tags at creation (already checked). */
  setCodeSigningConfigTags(arn: string, tags: Tags): void {
    this.otherTags.set(arn, { ...tags })
  }

  private tagsOf(resource: ResolvedResource): Tags {
    return resource.kind === 'function' ? (this.store.records.get(resource.functionName)?.tags ?? {}) : (this.otherTags.get(resource.arn) ?? {})
  }

  private store_(resource: ResolvedResource, tags: Record<string, string>): void {
    if (resource.kind === 'function') {
      const record = this.store.records.get(resource.functionName)
      if (record !== undefined) record.tags = tags
      return
    }
    this.otherTags.set(resource.arn, tags)
  }

  /** The model's pattern, then the resource itself: AWS's errors for each kind. */
  private checkResource(resource: unknown): ResolvedResource {
    if (typeof resource !== 'string' || resource.length === 0) throw awsErrors.validation(["Value null at 'resource' failed to satisfy constraint: Member must not be null"])
    const problems: string[] = []
    if (resource.length > TAG_RESOURCE_LENGTH.max) problems.push(`Member must have length less than or equal to ${TAG_RESOURCE_LENGTH.max}`)
    if (!taggableResource.test(resource)) problems.push(awsPattern(TAGGABLE_RESOURCE_PATTERN))
    if (problems.length > 0) throw awsErrors.validation(problems.map((problem) => `Value '${resource}' at 'resource' failed to satisfy constraint: ${problem}`))
    const [, , , region, account, kind, id, qualifier] = resource.split(':') as string[]
    const here = region === this.scope.region && account === this.scope.accountId
    if (kind === 'function') {
      if (qualifier !== undefined) throw awsErrors.invalidParameter(TAG_MESSAGES.qualified)
      const functionName = id as string
      if (!here || !this.store.records.has(functionName)) throw awsErrors.functionNotFound(resource)
      return { kind: 'function', functionName, arn: resource }
    }
    if (kind === 'event-source-mapping') {
      if (!here) throw new LambdaError('ResourceNotFoundException', TAG_MESSAGES.noSuchResource)
      this.lookups.eventSourceMapping(id as string)
      return { kind: 'other', arn: resource }
    }
    if (kind === 'code-signing-config') {
      this.lookups.codeSigningConfig(resource)
      return { kind: 'other', arn: resource }
    }
    // Capacity providers and network connectors: no simulated account has one.
    throw new LambdaError('ResourceNotFoundException', TAG_MESSAGES.noSuchResource)
  }
}

type ResolvedResource = { readonly kind: 'function'; readonly functionName: string; readonly arn: string } | { readonly kind: 'other'; readonly arn: string }
