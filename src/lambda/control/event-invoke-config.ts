/**
 * `FunctionEventInvokeConfig` per qualifier: retry attempts (0–2), maximum event age
 * (60–21,600 s) and on-success / on-failure destinations. `put` replaces the whole config (omitted
 * fields go back to AWS's defaults); `update` merges into the existing one.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { parseAws } from '../../config/aws-validation.js'
import { functionNameOf, qualifierOf } from '../../config/identifiers.js'
import { functionShapes as S } from '../../config/generated/function-constraints.js'
import { integerOf, stringOf } from '../../config/model-constraints.js'
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import type { Kernel } from '../../kernel/kernel.js'
import { destinationService, type DestinationConfig, type EventInvokeConfig } from '../../model/async-config.js'
import type { FunctionRecord } from '../../model/function-record.js'
import type { EventBus } from '../../observability/bus.js'
import type { FunctionStore } from './function-store.js'
import { paginate } from './paging.js'

// The model's `DestinationArn`: its length and pattern come from the generated constraints, as AWS
// prints them. The pattern also admits `kafka://…`, which the service then refuses here
// (asynchronous invocation has no Kafka target).
const destination = schemaOnFirstUse(() => z.object({ destination: stringOf(S.OnFailure.Destination).optional() }).strict())

const put = S.PutFunctionEventInvokeConfigRequest

export const putEventInvokeConfigSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionNameOf(put.FunctionName),
    qualifier: qualifierOf(put.Qualifier).optional(),
    maximumRetryAttempts: integerOf(put.MaximumRetryAttempts).optional(),
    maximumEventAgeInSeconds: integerOf(put.MaximumEventAgeInSeconds).optional(),
    destinationConfig: z.object({ onSuccess: destination.optional(), onFailure: destination.optional() }).strict().optional(),
  })
  .strict())

const lookup = S.GetFunctionEventInvokeConfigRequest
const list = S.ListFunctionEventInvokeConfigsRequest

export const eventInvokeLookupSchema = schemaOnFirstUse(() => z.object({ functionName: functionNameOf(lookup.FunctionName), qualifier: qualifierOf(lookup.Qualifier).optional() }).strict())
export const listEventInvokeSchema = schemaOnFirstUse(() => z
  .object({ functionName: functionNameOf(list.FunctionName), marker: z.string().optional(), maxItems: integerOf(list.MaxItems).optional() })
  .strict())

export type PutFunctionEventInvokeConfigInput = z.input<typeof putEventInvokeConfigSchema>
export type FunctionEventInvokeConfigLookupInput = z.input<typeof eventInvokeLookupSchema>
export type ListFunctionEventInvokeConfigsInput = z.input<typeof listEventInvokeSchema>

export interface FunctionEventInvokeConfigOutput {
  /** When it last changed, in epoch seconds (virtual time), as AWS sends it. */
  readonly lastModified: number
  /** Always qualified (`:$LATEST` for the unqualified function). */
  readonly functionArn: string
  readonly maximumRetryAttempts?: number
  readonly maximumEventAgeInSeconds?: number
  /** Always present; an unset side is `{}`. */
  readonly destinationConfig: { readonly onSuccess: { readonly destination?: string }; readonly onFailure: { readonly destination?: string } }
}

export class EventInvokeConfigService {
  constructor(
    private readonly store: FunctionStore,
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
  ) {}

  putFunctionEventInvokeConfig(input: PutFunctionEventInvokeConfigInput): FunctionEventInvokeConfigOutput {
    return this.write(input, 'put')
  }

  updateFunctionEventInvokeConfig(input: PutFunctionEventInvokeConfigInput): FunctionEventInvokeConfigOutput {
    return this.write(input, 'update')
  }

  getFunctionEventInvokeConfig(input: FunctionEventInvokeConfigLookupInput): FunctionEventInvokeConfigOutput {
    const parsed = parseAws(eventInvokeLookupSchema, input)
    const { functionName, key } = this.keyOf(parsed.functionName, parsed.qualifier)
    const record = this.store.records.get(functionName)
    const config = record?.eventInvokeConfigs.get(key)
    if (record === undefined || config === undefined) throw this.notFound(functionName, key)
    return this.output(record, key, config)
  }

  deleteFunctionEventInvokeConfig(input: FunctionEventInvokeConfigLookupInput): void {
    const parsed = parseAws(eventInvokeLookupSchema, input)
    const { functionName, key } = this.keyOf(parsed.functionName, parsed.qualifier)
    const record = this.store.records.get(functionName)
    if (record === undefined || !record.eventInvokeConfigs.delete(key)) throw this.notFound(functionName, key)
    this.bus.emit({ type: 'eventInvokeConfig.changed', atMs: this.kernel.nowMs, functionName: record.functionName, qualifier: key, change: 'deleted' })
  }

  listFunctionEventInvokeConfigs(input: ListFunctionEventInvokeConfigsInput): { functionEventInvokeConfigs: FunctionEventInvokeConfigOutput[]; nextMarker?: string } {
    const parsed = parseAws(listEventInvokeSchema, input)
    const record = this.store.records.get(this.store.refOf(parsed.functionName).functionName)
    if (record === undefined) throw functionDoesNotExist()
    const page = paginate([...record.eventInvokeConfigs.keys()].sort(), (key) => key, parsed.marker, parsed.maxItems)
    return {
      functionEventInvokeConfigs: page.items.map((key) => this.output(record, key, record.eventInvokeConfigs.get(key) as EventInvokeConfig)),
      ...(page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}),
    }
  }

  /** The config that governs an async invocation of `qualifier` (`$LATEST` when unqualified). */
  configFor(record: FunctionRecord, qualifier: string | undefined): EventInvokeConfig | undefined {
    return record.eventInvokeConfigs.get(qualifier ?? '$LATEST')
  }

  private write(input: PutFunctionEventInvokeConfigInput, mode: 'put' | 'update'): FunctionEventInvokeConfigOutput {
    const parsed = parseAws(putEventInvokeConfigSchema, input)
    const { functionName, key } = this.keyOf(parsed.functionName, parsed.qualifier)
    const record = this.store.records.get(functionName)
    if (record === undefined) throw functionDoesNotExist()
    if (key !== '$LATEST') {
      try {
        this.store.resolve({ functionName, qualifier: key })
      } catch {
        throw functionDoesNotExist()
      }
    }
    const previous = record.eventInvokeConfigs.get(key)
    if (mode === 'update' && previous === undefined) throw this.notFound(functionName, key)
    if (mode === 'put' && parsed.maximumRetryAttempts === undefined && parsed.maximumEventAgeInSeconds === undefined && parsed.destinationConfig === undefined) {
      throw awsErrors.invalidParameter('You must specify at least one of error handling or destination setting.')
    }
    this.checkDestinations(record, parsed.destinationConfig)
    const base: Partial<EventInvokeConfig> = mode === 'update' && previous !== undefined ? previous : {}
    const destinationConfig = mergeDestinations(mode === 'update' ? previous?.destinationConfig : undefined, parsed.destinationConfig)
    const config: EventInvokeConfig = {
      ...(parsed.maximumRetryAttempts ?? base.maximumRetryAttempts) !== undefined
        ? { maximumRetryAttempts: parsed.maximumRetryAttempts ?? (base.maximumRetryAttempts as number) }
        : {},
      ...(parsed.maximumEventAgeInSeconds ?? base.maximumEventAgeInSeconds) !== undefined
        ? { maximumEventAgeInSeconds: parsed.maximumEventAgeInSeconds ?? (base.maximumEventAgeInSeconds as number) }
        : {},
      ...(destinationConfig !== undefined ? { destinationConfig } : {}),
      lastModifiedMs: this.kernel.nowMs,
    }
    record.eventInvokeConfigs.set(key, config)
    this.bus.emit({ type: 'eventInvokeConfig.changed', atMs: this.kernel.nowMs, functionName: record.functionName, qualifier: key, change: mode })
    return this.output(record, key, config)
  }

  private keyOf(identifier: string, qualifier: string | undefined): { functionName: string; key: string } {
    const ref = this.store.refOf(identifier, qualifier)
    return { functionName: ref.functionName, key: ref.qualifier ?? '$LATEST' }
  }

  /** Destinations must be SQS, SNS, Lambda or EventBridge (or S3 on failure); a Lambda one must exist. */
  private checkDestinations(record: FunctionRecord, config: DestinationConfig | undefined): void {
    const onSuccess = config?.onSuccess?.destination
    const onFailure = config?.onFailure?.destination
    const render = (arn: string | undefined, side: 'OnSuccess' | 'OnFailure'): string =>
      arn === undefined ? 'null' : `${side}(destination=${arn})`
    for (const [side, arn] of [
      ['OnSuccess', onSuccess],
      ['OnFailure', onFailure],
    ] as const) {
      if (arn === undefined || arn === '') continue
      const service = destinationService(arn)
      if (service === undefined || (service === 's3' && side === 'OnSuccess')) {
        throw awsErrors.invalidParameter(
          `The provided destination config DestinationConfig(onSuccess=${render(onSuccess, 'OnSuccess')}, onFailure=${render(onFailure, 'OnFailure')}) is invalid.`,
        )
      }
      if (service === 'lambda') {
        let target: FunctionRecord | undefined
        try {
          target = this.store.resolve(this.store.refOf(arn)).record
        } catch {
          throw awsErrors.invalidParameter(`The destination ARN ${arn} is invalid.`)
        }
        if (target === record) throw awsErrors.invalidParameter("You can't specify the function as a destination for itself.")
      }
    }
  }

  private output(record: FunctionRecord, key: string, config: EventInvokeConfig): FunctionEventInvokeConfigOutput {
    return {
      lastModified: Math.floor(config.lastModifiedMs / 1000),
      functionArn: this.store.arn(record.functionName, key),
      ...(config.maximumRetryAttempts !== undefined ? { maximumRetryAttempts: config.maximumRetryAttempts } : {}),
      ...(config.maximumEventAgeInSeconds !== undefined ? { maximumEventAgeInSeconds: config.maximumEventAgeInSeconds } : {}),
      destinationConfig: { onSuccess: { ...(config.destinationConfig?.onSuccess ?? {}) }, onFailure: { ...(config.destinationConfig?.onFailure ?? {}) } },
    }
  }

  private notFound(functionName: string, key: string): LambdaError {
    return new LambdaError('ResourceNotFoundException', `The function ${this.store.arn(functionName, key)} doesn't have an EventInvokeConfig`)
  }
}

function functionDoesNotExist(): LambdaError {
  return new LambdaError('ResourceNotFoundException', "The function doesn't exist.")
}

function mergeDestinations(previous: DestinationConfig | undefined, next: DestinationConfig | undefined): DestinationConfig | undefined {
  const onSuccess = next?.onSuccess ?? previous?.onSuccess
  const onFailure = next?.onFailure ?? previous?.onFailure
  if (onSuccess === undefined && onFailure === undefined) return undefined
  return { ...(onSuccess !== undefined ? { onSuccess } : {}), ...(onFailure !== undefined ? { onFailure } : {}) }
}
