/**
 * Function URLs, the control plane: `CreateFunctionUrlConfig`, `GetFunctionUrlConfig`,
 * `UpdateFunctionUrlConfig`, `DeleteFunctionUrlConfig`, `ListFunctionUrlConfigs`.
 *
 * A URL belongs to the unqualified function (`$LATEST`) or to one alias — never a numbered version
 * (the model's `FunctionUrlQualifier` refuses digits). Its endpoint is
 * `https://<url-id>.lambda-url.<region>.on.aws/` with an id drawn from a stream of its own, so
 * creating URLs moves no other id. Deleting the function or the alias deletes its URL, and a URL
 * made again gets a new id, as on AWS.
 */
import { z } from 'zod'
import { parseAws } from '../../config/aws-validation.js'
import { functionShapes as S } from '../../config/generated/function-constraints.js'
import { functionNameOf, qualifierOf } from '../../config/identifiers.js'
import { enumOf, integerOf, listOf, stringOf } from '../../config/model-constraints.js'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { FunctionRecord } from '../../model/function-record.js'
import type { EventBus } from '../../observability/bus.js'
import type { FunctionStore } from '../control/function-store.js'
import { paginate } from '../control/paging.js'

const create = S.CreateFunctionUrlConfigRequest
const update = S.UpdateFunctionUrlConfigRequest
const lookup = S.GetFunctionUrlConfigRequest
const list = S.ListFunctionUrlConfigsRequest

const corsSchema = schemaOnFirstUse(() =>
  z
    .object({
      allowCredentials: z.boolean().optional(),
      allowHeaders: listOf(S.Cors.AllowHeaders, stringOf(S.Cors.AllowHeaders.member)).optional(),
      allowMethods: listOf(S.Cors.AllowMethods, stringOf(S.Cors.AllowMethods.member)).optional(),
      allowOrigins: listOf(S.Cors.AllowOrigins, stringOf(S.Cors.AllowOrigins.member)).optional(),
      exposeHeaders: listOf(S.Cors.ExposeHeaders, stringOf(S.Cors.ExposeHeaders.member)).optional(),
      maxAge: integerOf(S.Cors.MaxAge).optional(),
    })
    .strict(),
)

export const createFunctionUrlConfigSchema = schemaOnFirstUse(() =>
  z
    .object({
      functionName: functionNameOf(create.FunctionName),
      qualifier: qualifierOf(create.Qualifier).optional(),
      authType: enumOf(create.AuthType),
      cors: corsSchema.optional(),
      invokeMode: enumOf(create.InvokeMode).optional(),
    })
    .strict(),
)

export const updateFunctionUrlConfigSchema = schemaOnFirstUse(() =>
  z
    .object({
      functionName: functionNameOf(update.FunctionName),
      qualifier: qualifierOf(update.Qualifier).optional(),
      authType: enumOf(update.AuthType).optional(),
      cors: corsSchema.optional(),
      invokeMode: enumOf(update.InvokeMode).optional(),
    })
    .strict(),
)

export const functionUrlLookupSchema = schemaOnFirstUse(() =>
  z.object({ functionName: functionNameOf(lookup.FunctionName), qualifier: qualifierOf(lookup.Qualifier).optional() }).strict(),
)

export const listFunctionUrlConfigsSchema = schemaOnFirstUse(() =>
  z.object({ functionName: functionNameOf(list.FunctionName), marker: z.string().optional(), maxItems: integerOf(list.MaxItems).optional() }).strict(),
)

export type FunctionUrlAuthType = 'NONE' | 'AWS_IAM'
export type FunctionUrlInvokeMode = 'BUFFERED' | 'RESPONSE_STREAM'
export type FunctionUrlCors = z.output<typeof corsSchema>
export type CreateFunctionUrlConfigInput = z.input<typeof createFunctionUrlConfigSchema>
export type UpdateFunctionUrlConfigInput = z.input<typeof updateFunctionUrlConfigSchema>
export type FunctionUrlLookupInput = z.input<typeof functionUrlLookupSchema>
export type ListFunctionUrlConfigsInput = z.input<typeof listFunctionUrlConfigsSchema>

/** A function URL's configuration, as `GetFunctionUrlConfig` answers it. */
export interface FunctionUrlConfig {
  /** `https://<url-id>.lambda-url.<region>.on.aws/` */
  readonly functionUrl: string
  /** Qualified with the alias for an alias's URL. */
  readonly functionArn: string
  readonly authType: FunctionUrlAuthType
  readonly cors?: FunctionUrlCors
  /** ISO-8601, virtual time. */
  readonly creationTime: string
  readonly lastModifiedTime: string
  readonly invokeMode: FunctionUrlInvokeMode
}

/** A URL as the front door needs it. */
export interface FunctionUrl {
  readonly urlId: string
  readonly functionName: string
  /** The alias, or undefined for the unqualified function. */
  readonly qualifier: string | undefined
  /** The record the URL was made for: a function deleted and made again has none. */
  readonly record: FunctionRecord
  authType: FunctionUrlAuthType
  cors: FunctionUrlCors | undefined
  invokeMode: FunctionUrlInvokeMode
  readonly createdMs: number
  lastModifiedMs: number
}

/** The host of a URL id in a Region. */
export function functionUrlHost(urlId: string, region: string): string {
  return `${urlId}.lambda-url.${region}.on.aws`
}

/** The API shape of the four write/read verbs; the facade and the SDK bridge implement it. */
export interface FunctionUrlApi {
  /** `CreateFunctionUrlConfig`: a URL for the function or one of its aliases. */
  createFunctionUrlConfig(input: CreateFunctionUrlConfigInput): FunctionUrlConfig
  /** `GetFunctionUrlConfig`. */
  getFunctionUrlConfig(input: FunctionUrlLookupInput): FunctionUrlConfig
  /** `UpdateFunctionUrlConfig`: only the given fields change (`cors` is replaced whole). */
  updateFunctionUrlConfig(input: UpdateFunctionUrlConfigInput): FunctionUrlConfig
  /** `DeleteFunctionUrlConfig`. */
  deleteFunctionUrlConfig(input: FunctionUrlLookupInput): void
  /** `ListFunctionUrlConfigs`: the function's URLs, paged with `marker` / `maxItems` (at most 50). */
  listFunctionUrlConfigs(input: ListFunctionUrlConfigsInput): { functionUrlConfigs: FunctionUrlConfig[]; nextMarker?: string }
}

export class FunctionUrlService implements FunctionUrlApi {
  /** By `functionName NUL qualifier`, in creation order. */
  private readonly byResource = new Map<string, FunctionUrl>()
  private readonly byId = new Map<string, FunctionUrl>()

  constructor(
    private readonly store: FunctionStore,
    private readonly kernel: Kernel,
    bus: EventBus,
    /** A stream of its own: making URLs moves no other id. */
    private readonly ids: IdFactory,
  ) {
    bus.listen('function.deleted', (e) => {
      for (const url of [...this.byResource.values()]) if (url.functionName === e.functionName) this.remove(url)
    })
    store.onQualifierRemoved((record, qualifier) => {
      const url = this.byResource.get(resourceKey(record.functionName, qualifier))
      if (url !== undefined) this.remove(url)
    })
  }

  createFunctionUrlConfig(input: CreateFunctionUrlConfigInput): FunctionUrlConfig {
    const parsed = parseAws(createFunctionUrlConfigSchema, input)
    const { record, qualifier } = this.target(parsed.functionName, parsed.qualifier)
    const key = resourceKey(record.functionName, qualifier)
    if (this.byResource.has(key)) {
      throw awsErrors.resourceConflict(
        `Failed to create function url config for [functionArn = ${this.store.arn(record.functionName, qualifier)}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
      )
    }
    let urlId = this.ids.hex32()
    while (this.byId.has(urlId)) urlId = this.ids.hex32()
    const nowMs = this.kernel.nowMs
    const url: FunctionUrl = {
      urlId,
      functionName: record.functionName,
      qualifier,
      record,
      authType: parsed.authType,
      cors: parsed.cors,
      invokeMode: parsed.invokeMode ?? 'BUFFERED',
      createdMs: nowMs,
      lastModifiedMs: nowMs,
    }
    this.byResource.set(key, url)
    this.byId.set(urlId, url)
    return this.output(url)
  }

  getFunctionUrlConfig(input: FunctionUrlLookupInput): FunctionUrlConfig {
    const parsed = parseAws(functionUrlLookupSchema, input)
    return this.output(this.existing(parsed.functionName, parsed.qualifier))
  }

  updateFunctionUrlConfig(input: UpdateFunctionUrlConfigInput): FunctionUrlConfig {
    const parsed = parseAws(updateFunctionUrlConfigSchema, input)
    const url = this.existing(parsed.functionName, parsed.qualifier)
    if (parsed.authType !== undefined) url.authType = parsed.authType
    if (parsed.cors !== undefined) url.cors = parsed.cors
    if (parsed.invokeMode !== undefined) url.invokeMode = parsed.invokeMode
    url.lastModifiedMs = this.kernel.nowMs
    return this.output(url)
  }

  deleteFunctionUrlConfig(input: FunctionUrlLookupInput): void {
    const parsed = parseAws(functionUrlLookupSchema, input)
    this.remove(this.existing(parsed.functionName, parsed.qualifier))
  }

  listFunctionUrlConfigs(input: ListFunctionUrlConfigsInput): { functionUrlConfigs: FunctionUrlConfig[]; nextMarker?: string } {
    const parsed = parseAws(listFunctionUrlConfigsSchema, input)
    const ref = this.store.refOf(parsed.functionName)
    const record = this.store.recordOf(ref)
    const urls = [...this.byResource.values()].filter((url) => url.functionName === record.functionName)
    const page = paginate(urls, (url) => url.urlId, parsed.marker, parsed.maxItems === undefined ? undefined : Math.min(parsed.maxItems, 50))
    return { functionUrlConfigs: page.items.map((url) => this.output(url)), ...(page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}) }
  }

  /** The URL a host names, if it is live (its function, or alias, still the one it was made for). */
  byHost(host: string): FunctionUrl | undefined {
    const match = /^([a-z0-9]+)\.lambda-url\.([a-z0-9-]+)\.on\.aws$/.exec(host)
    if (match === null || match[2] !== this.store.scope.region) return undefined
    const url = this.byId.get(match[1] as string)
    return url !== undefined && this.store.records.get(url.functionName) === url.record ? url : undefined
  }

  /** The function and alias a URL operation names (`Qualifier`, or `name:alias`). */
  private target(functionName: string, qualifier: string | undefined): { record: FunctionRecord; qualifier: string | undefined } {
    const ref = this.store.refOf(functionName, qualifier)
    // The model's patterns already refuse a version number or $LATEST, in the name or as `Qualifier`.
    const resolved = this.store.resolve(ref)
    return { record: resolved.record, qualifier: ref.qualifier }
  }

  private existing(functionName: string, qualifier: string | undefined): FunctionUrl {
    const { record, qualifier: alias } = this.target(functionName, qualifier)
    const url = this.byResource.get(resourceKey(record.functionName, alias))
    if (url === undefined) throw new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.')
    return url
  }

  private remove(url: FunctionUrl): void {
    this.byResource.delete(resourceKey(url.functionName, url.qualifier))
    this.byId.delete(url.urlId)
  }

  private output(url: FunctionUrl): FunctionUrlConfig {
    return {
      functionUrl: `https://${functionUrlHost(url.urlId, this.store.scope.region)}/`,
      functionArn: this.store.arn(url.functionName, url.qualifier),
      authType: url.authType,
      ...(url.cors !== undefined ? { cors: copyCors(url.cors) } : {}),
      creationTime: new Date(url.createdMs).toISOString(),
      lastModifiedTime: new Date(url.lastModifiedMs).toISOString(),
      invokeMode: url.invokeMode,
    }
  }
}

function resourceKey(functionName: string, qualifier: string | undefined): string {
  return `${functionName}\u0000${qualifier ?? ''}`
}

function copyCors(cors: FunctionUrlCors): FunctionUrlCors {
  return {
    ...cors,
    ...(cors.allowHeaders !== undefined ? { allowHeaders: [...cors.allowHeaders] } : {}),
    ...(cors.allowMethods !== undefined ? { allowMethods: [...cors.allowMethods] } : {}),
    ...(cors.allowOrigins !== undefined ? { allowOrigins: [...cors.allowOrigins] } : {}),
    ...(cors.exposeHeaders !== undefined ? { exposeHeaders: [...cors.exposeHeaders] } : {}),
  }
}
