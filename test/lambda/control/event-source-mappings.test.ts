import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../../src/index.js'
import { EventBus } from '../../../src/observability/bus.js'
import { createIdFactory } from '../../../src/kernel/ids.js'
import { defaultKernelLimits, Kernel } from '../../../src/kernel/kernel.js'
import { Prng } from '../../../src/kernel/prng.js'
import { ESM_TRANSITION_MS, EventSourceMappingService } from '../../../src/lambda/control/event-source-mappings.js'
import { FunctionStore } from '../../../src/lambda/control/function-store.js'
import type { EventSourceMapping, EventSourcePollers } from '../../../src/model/event-source-mapping.js'
import type { FunctionRecord } from '../../../src/model/function-record.js'
import { expectAwsError, thrown } from '../../support/aws-errors.js'

const ACCOUNT = '123456789012'
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function`
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`
const FIFO = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders.fifo`
const STREAM = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/clicks`
const TABLE_STREAM = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders/stream/2024-01-01T00:00:00.000`
const T0_SECONDS = Date.UTC(2024, 0, 1) / 1000
const ESM_ARN = (uuid: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:event-source-mapping:${uuid}`
const NOT_FOUND = 'The resource you requested does not exist.'

const expectValidation = (fn: () => unknown, problem: string) => expectAwsError(fn, 'ValidationException', 400, `1 validation error detected: ${problem}`)
const expectInvalid = (fn: () => unknown, message: string) => expectAwsError(fn, 'InvalidParameterValueException', 400, message)

/** `f` with version 1 and alias `live`; queues `orders` and `orders.fifo`. */
function setup(seed = 5): Simulation {
  const sim = createSimulation({ seed, recordEvents: true })
  sim.createFunction({ functionName: 'f', code: async () => 'ok' })
  sim.publishVersion({ functionName: 'f' })
  sim.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
  sim.createFunction({ functionName: 'g', code: async () => 'ok' })
  sim.sqs.createQueue({ queueName: 'orders' })
  sim.sqs.createQueue({ queueName: 'orders.fifo', attributes: { FifoQueue: 'true' } })
  return sim
}

/** The service alone, with pollers that know every stream and record what they are told. */
function streamService() {
  const kernel = new Kernel(Date.UTC(2024, 0, 1), defaultKernelLimits, () => 'seed=test')
  const bus = new EventBus()
  const store = new FunctionStore({ region: 'us-east-1', accountId: ACCOUNT })
  store.records.set('f', { functionName: 'f', functionArn: `${FN}:f`, versions: new Map(), aliases: new Map() } as unknown as FunctionRecord)
  const told: { uuid: string; state: string }[] = []
  const pollers: EventSourcePollers = {
    sourceExists: (kind) => kind !== 'sqs',
    mappingChanged: (mapping: EventSourceMapping) => told.push({ uuid: mapping.uuid, state: mapping.state }),
  }
  const service = new EventSourceMappingService(store, kernel, bus, createIdFactory(Prng.fromSeed(1).fork('ids')), pollers)
  return { kernel, bus, store, service, told }
}

describe('event source mappings', () => {
  // ------------------------------------------------------------ create, defaults, states

  it('createEventSourceMapping - SQS defaults: batch 10, no window, Creating, then Enabled after the transition', async () => {
    const sim = setup()
    const created = sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE })
    expect(created).toEqual({
      uuid: created.uuid,
      batchSize: 10,
      maximumBatchingWindowInSeconds: 0,
      eventSourceArn: QUEUE,
      functionArn: `${FN}:f`,
      lastModified: T0_SECONDS,
      state: 'Creating',
      stateTransitionReason: 'USER_INITIATED',
      functionResponseTypes: [],
      eventSourceMappingArn: ESM_ARN(created.uuid),
    })
    expect(created.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    await sim.advance(ESM_TRANSITION_MS - 1)
    expect(sim.getEventSourceMapping({ uuid: created.uuid }).state).toBe('Creating')
    await sim.advance(1)
    const enabled = sim.getEventSourceMapping({ uuid: created.uuid })
    expect(enabled.state).toBe('Enabled')
    expect(enabled.lastModified).toBe(T0_SECONDS + ESM_TRANSITION_MS / 1000)
  })

  it('createEventSourceMapping - enabled: false ends Disabled; the settings given are kept', async () => {
    const sim = setup()
    const created = sim.createEventSourceMapping({
      functionName: 'f',
      eventSourceArn: QUEUE,
      enabled: false,
      batchSize: 500,
      maximumBatchingWindowInSeconds: 5,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: 2 },
      filterCriteria: { filters: [{ pattern: '{"body":{"kind":["order"]}}' }] },
    })
    expect(created).toMatchObject({
      batchSize: 500,
      maximumBatchingWindowInSeconds: 5,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: 2 },
      filterCriteria: { filters: [{ pattern: '{"body":{"kind":["order"]}}' }] },
    })
    await sim.runUntilIdle()
    expect(sim.getEventSourceMapping({ uuid: created.uuid }).state).toBe('Disabled')
  })

  it('createEventSourceMapping - the function by ARN, version or alias: the mapping names what was given', () => {
    const sim = setup()
    expect(sim.createEventSourceMapping({ functionName: `${FN}:f`, eventSourceArn: QUEUE }).functionArn).toBe(`${FN}:f`)
    expect(sim.createEventSourceMapping({ functionName: 'f:1', eventSourceArn: QUEUE }).functionArn).toBe(`${FN}:f:1`)
    expect(sim.createEventSourceMapping({ functionName: `${FN}:f:live`, eventSourceArn: QUEUE }).functionArn).toBe(`${FN}:f:live`)
    expect(sim.createEventSourceMapping({ functionName: `${ACCOUNT}:function:g`, eventSourceArn: QUEUE }).functionArn).toBe(`${FN}:g`)
  })

  it('createEventSourceMapping - streams: batch 100, StartingPosition, the stream settings and their defaults', async () => {
    const { service, kernel, told } = streamService()
    const created = service.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM, startingPosition: 'TRIM_HORIZON' })
    expect(created).toEqual({
      uuid: created.uuid,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 100,
      maximumBatchingWindowInSeconds: 0,
      parallelizationFactor: 1,
      eventSourceArn: STREAM,
      functionArn: `${FN}:f`,
      lastModified: T0_SECONDS,
      lastProcessingResult: 'No records processed',
      state: 'Creating',
      stateTransitionReason: 'USER_INITIATED',
      destinationConfig: { onFailure: {} },
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: false,
      maximumRetryAttempts: -1,
      tumblingWindowInSeconds: 0,
      functionResponseTypes: [],
      eventSourceMappingArn: ESM_ARN(created.uuid),
    })
    const at = service.createEventSourceMapping({
      functionName: 'f',
      eventSourceArn: `${STREAM}2`,
      startingPosition: 'AT_TIMESTAMP',
      startingPositionTimestamp: new Date(Date.UTC(2023, 11, 31)),
      parallelizationFactor: 10,
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 60,
      bisectBatchOnFunctionError: true,
      tumblingWindowInSeconds: 900,
      destinationConfig: { onFailure: { destination: QUEUE } },
    })
    expect(at).toMatchObject({
      startingPositionTimestamp: Date.UTC(2023, 11, 31) / 1000,
      parallelizationFactor: 10,
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 60,
      bisectBatchOnFunctionError: true,
      tumblingWindowInSeconds: 900,
      destinationConfig: { onFailure: { destination: QUEUE } },
    })
    const ddb = service.createEventSourceMapping({ functionName: 'f', eventSourceArn: TABLE_STREAM, startingPosition: 'LATEST' })
    expect(ddb.batchSize).toBe(100)
    await kernel.run({ untilMs: kernel.nowMs + ESM_TRANSITION_MS })
    expect(told).toEqual([
      { uuid: created.uuid, state: 'Creating' },
      { uuid: at.uuid, state: 'Creating' },
      { uuid: ddb.uuid, state: 'Creating' },
      { uuid: created.uuid, state: 'Enabled' },
      { uuid: at.uuid, state: 'Enabled' },
      { uuid: ddb.uuid, state: 'Enabled' },
    ])
  })

  // ------------------------------------------------------------ validation

  it('the model constraints answer ValidationException with Coral’s text (generated from the API model)', () => {
    const sim = setup()
    expectValidation(
      () => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE, batchSize: 0 }),
      "Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1",
    )
    expectValidation(
      () => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE, batchSize: 10_001 }),
      "Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000",
    )
    expectValidation(
      () => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE, maximumBatchingWindowInSeconds: 301 }),
      "Value '301' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 300",
    )
    expectValidation(
      () => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE, scalingConfig: { maximumConcurrency: 1 } }),
      "Value '1' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 2",
    )
    expectValidation(
      () => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE, scalingConfig: { maximumConcurrency: 1001 } }),
      "Value '1001' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value less than or equal to 1000",
    )
    expectValidation(
      () => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE, functionResponseTypes: ['Everything' as 'ReportBatchItemFailures'] }),
      "Value 'Everything' at 'functionResponseTypes.0' failed to satisfy constraint: Member must satisfy enum value set: [ReportBatchItemFailures]",
    )
    expectValidation(
      () => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM, startingPosition: 'EARLIEST' as 'LATEST' }),
      "Value 'EARLIEST' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]",
    )
    expect(thrown(() => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: 'queue-orders' })).message).toContain(
      "Value 'queue-orders' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z0-9-]*)",
    )
    expectValidation(() => sim.getEventSourceMapping({ uuid: 'short' }), "Value 'short' at 'uuid' failed to satisfy constraint: Member must have length greater than or equal to 36")
  })

  it('SQS rules: batch > 10 needs a window, FIFO batch ≤ 10, stream-only settings refused', () => {
    const sim = setup()
    expectInvalid(
      () => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE, batchSize: 11 }),
      'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    )
    expect(sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE, batchSize: 10_000, maximumBatchingWindowInSeconds: 1 }).batchSize).toBe(10_000)
    expectInvalid(
      () => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: FIFO, batchSize: 11, maximumBatchingWindowInSeconds: 1 }),
      'Batch size for FIFO queues must be between 1 and 10.',
    )
    expect(sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: FIFO }).batchSize).toBe(10)
    for (const [input, name] of [
      [{ startingPosition: 'LATEST' }, 'StartingPosition'],
      [{ parallelizationFactor: 2 }, 'ParallelizationFactor'],
      [{ maximumRetryAttempts: 1 }, 'MaximumRetryAttempts'],
      [{ maximumRecordAgeInSeconds: 60 }, 'MaximumRecordAgeInSeconds'],
      [{ bisectBatchOnFunctionError: true }, 'BisectBatchOnFunctionError'],
      [{ tumblingWindowInSeconds: 60 }, 'TumblingWindowInSeconds'],
      [{ destinationConfig: { onFailure: { destination: QUEUE } } }, 'DestinationConfig'],
    ] as const) {
      expectInvalid(() => sim.createEventSourceMapping({ functionName: 'g', eventSourceArn: QUEUE, ...input }), `Unsupported ${name} parameter for given event source mapping type.`)
    }
  })

  it('stream rules: StartingPosition required, AT_TIMESTAMP only for Kinesis, record age −1 or 60–604,800, no ScalingConfig, no OnSuccess', () => {
    const { service } = streamService()
    expectInvalid(
      () => service.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM }),
      "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
    )
    expectInvalid(
      () => service.createEventSourceMapping({ functionName: 'f', eventSourceArn: TABLE_STREAM, startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: T0_SECONDS }),
      `Unsupported starting position for arn type: ${TABLE_STREAM}`,
    )
    for (const age of [0, 59]) {
      expectInvalid(
        () => service.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM, startingPosition: 'LATEST', maximumRecordAgeInSeconds: age }),
        'MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)',
      )
    }
    expectValidation(
      () => service.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM, startingPosition: 'LATEST', maximumRecordAgeInSeconds: 604_801 }),
      "Value '604801' at 'maximumRecordAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 604800",
    )
    expectInvalid(
      () => service.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM, startingPosition: 'LATEST', scalingConfig: { maximumConcurrency: 5 } }),
      'Unsupported ScalingConfig parameter for given event source mapping type.',
    )
    expectInvalid(
      () => service.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM, startingPosition: 'LATEST', destinationConfig: { onSuccess: { destination: QUEUE } } }),
      'Unsupported DestinationConfig parameter for given event source mapping type.',
    )
    // Batch sizes above 10 need no window on streams (100 is their default).
    expect(service.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM, startingPosition: 'LATEST', batchSize: 10_000 }).batchSize).toBe(10_000)
  })

  it('sources and functions: unrecognised or missing source, missing queue or stream, missing function, version or alias', () => {
    const sim = setup()
    expectInvalid(() => sim.createEventSourceMapping({ functionName: 'f' }), 'Unrecognized event source.')
    expectInvalid(() => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: 'arn:aws:s3:::bucket' }), 'Unrecognized event source.')
    expectInvalid(
      () => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:missing` }),
      'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.',
    )
    expectInvalid(() => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM, startingPosition: 'LATEST' }), `Stream not found: ${STREAM}`)
    expectInvalid(() => sim.createEventSourceMapping({ functionName: 'nope', eventSourceArn: QUEUE }), 'Function does not exist')
    expectInvalid(() => sim.createEventSourceMapping({ functionName: 'f:7', eventSourceArn: QUEUE }), 'Function does not exist')
    expectInvalid(() => sim.createEventSourceMapping({ functionName: 'f:gone', eventSourceArn: QUEUE }), 'Function does not exist')
  })

  it('filter criteria: at most 5 filters, each a valid EventBridge pattern in JSON; an empty list removes them', async () => {
    const sim = setup()
    const pattern = '{"body":{"n":[{"numeric":[">",1]}]}}'
    expectInvalid(
      () => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE, filterCriteria: { filters: Array.from({ length: 6 }, () => ({ pattern })) } }),
      'The number of filters exceeds the limit of 5.',
    )
    for (const bad of ['not json', '{"body":"x"}', '', '{"body":{"n":[{"numeric":[">"]}]}}']) {
      expectInvalid(() => sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE, filterCriteria: { filters: [{ pattern: bad }] } }), 'Invalid filter pattern definition.')
    }
    const created = sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE, filterCriteria: { filters: Array.from({ length: 5 }, () => ({ pattern })) } })
    expect(created.filterCriteria?.filters).toHaveLength(5)
    await sim.runUntilIdle()
    expect('filterCriteria' in sim.updateEventSourceMapping({ uuid: created.uuid, filterCriteria: { filters: [] } })).toBe(false)
  })

  // ------------------------------------------------------------ conflicts, not found

  it('a second mapping of the same source to the same function is a ResourceConflictException; another qualifier is not', () => {
    const sim = setup()
    const first = sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE })
    expectAwsError(
      () => sim.createEventSourceMapping({ functionName: `${FN}:f`, eventSourceArn: QUEUE }),
      'ResourceConflictException',
      409,
      `An event source mapping with SQS arn (" ${QUEUE} ") and function (" f ") already exists. Please update or delete the existing mapping with UUID ${first.uuid}`,
    )
    expect(sim.createEventSourceMapping({ functionName: 'f:live', eventSourceArn: QUEUE }).functionArn).toBe(`${FN}:f:live`)

    const { service } = streamService()
    const stream = service.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM, startingPosition: 'LATEST' })
    expectAwsError(
      () => service.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM, startingPosition: 'LATEST' }),
      'ResourceConflictException',
      409,
      `The event source arn (" ${STREAM} ") and function (" f ") provided mapping already exists. Please update or delete the existing mapping with UUID ${stream.uuid}`,
    )
  })

  it('an unknown UUID is a ResourceNotFoundException on get, update and delete', () => {
    const sim = setup()
    const uuid = '00000000-0000-4000-8000-000000000000'
    expectAwsError(() => sim.getEventSourceMapping({ uuid }), 'ResourceNotFoundException', 404, NOT_FOUND)
    expectAwsError(() => sim.updateEventSourceMapping({ uuid, batchSize: 5 }), 'ResourceNotFoundException', 404, NOT_FOUND)
    expectAwsError(() => sim.deleteEventSourceMapping({ uuid }), 'ResourceNotFoundException', 404, NOT_FOUND)
  })

  // ------------------------------------------------------------ update, delete

  it('updateEventSourceMapping - Updating / Disabling / Enabling, then settled; refused while a change is in progress', async () => {
    const sim = setup()
    const { uuid } = sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE })
    expectAwsError(() => sim.updateEventSourceMapping({ uuid, batchSize: 5 }), 'ResourceInUseException', 400, 'Cannot update the event source mapping because it is in use.')
    await sim.runUntilIdle()
    const updated = sim.updateEventSourceMapping({ uuid, batchSize: 5 })
    expect(updated).toMatchObject({ state: 'Updating', batchSize: 5, stateTransitionReason: 'USER_INITIATED' })
    await sim.runUntilIdle()
    expect(sim.getEventSourceMapping({ uuid }).state).toBe('Enabled')
    expect(sim.updateEventSourceMapping({ uuid, enabled: false }).state).toBe('Disabling')
    await sim.runUntilIdle()
    expect(sim.getEventSourceMapping({ uuid }).state).toBe('Disabled')
    expect(sim.updateEventSourceMapping({ uuid, enabled: true }).state).toBe('Enabling')
    await sim.runUntilIdle()
    expect(sim.getEventSourceMapping({ uuid }).state).toBe('Enabled')
    // A new function; the SQS rules hold for the merged settings.
    expect(sim.updateEventSourceMapping({ uuid, functionName: 'f:live' }).functionArn).toBe(`${FN}:f:live`)
    await sim.runUntilIdle()
    expectInvalid(
      () => sim.updateEventSourceMapping({ uuid, batchSize: 100 }),
      'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    )
    expectInvalid(() => sim.updateEventSourceMapping({ uuid, parallelizationFactor: 2 }), 'Unsupported ParallelizationFactor parameter for given event source mapping type.')
    expectInvalid(() => sim.updateEventSourceMapping({ uuid, functionName: 'nope' }), 'Function does not exist')
  })

  it('deleteEventSourceMapping - answers Deleting; gone after the transition', async () => {
    const sim = setup()
    const { uuid } = sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE })
    await sim.runUntilIdle()
    expect(sim.deleteEventSourceMapping({ uuid })).toMatchObject({ uuid, state: 'Deleting', stateTransitionReason: 'USER_INITIATED' })
    expect(sim.getEventSourceMapping({ uuid }).state).toBe('Deleting')
    expectAwsError(() => sim.deleteEventSourceMapping({ uuid }), 'ResourceInUseException', 400, 'Cannot delete the event source mapping because it is in use.')
    await sim.runUntilIdle()
    expectAwsError(() => sim.getEventSourceMapping({ uuid }), 'ResourceNotFoundException', 404, NOT_FOUND)
    expect(sim.listEventSourceMappings().eventSourceMappings).toEqual([])
    // The same source and function may be mapped again.
    expect(sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE }).state).toBe('Creating')
  })

  // ------------------------------------------------------------ list

  it('listEventSourceMappings - by source and / or function ARN, in creation order, paged with marker and maxItems', () => {
    const sim = setup()
    sim.sqs.createQueue({ queueName: 'refunds' })
    const refunds = `arn:aws:sqs:us-east-1:${ACCOUNT}:refunds`
    const a = sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE })
    const b = sim.createEventSourceMapping({ functionName: 'g', eventSourceArn: QUEUE })
    const c = sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: refunds })
    const d = sim.createEventSourceMapping({ functionName: 'f:live', eventSourceArn: refunds })
    const uuids = (out: { eventSourceMappings: { uuid: string }[] }) => out.eventSourceMappings.map((m) => m.uuid)
    expect(uuids(sim.listEventSourceMappings())).toEqual([a.uuid, b.uuid, c.uuid, d.uuid])
    expect(uuids(sim.listEventSourceMappings({ eventSourceArn: QUEUE }))).toEqual([a.uuid, b.uuid])
    expect(uuids(sim.listEventSourceMappings({ functionName: 'f' }))).toEqual([a.uuid, c.uuid])
    expect(uuids(sim.listEventSourceMappings({ functionName: `${FN}:f:live` }))).toEqual([d.uuid])
    expect(uuids(sim.listEventSourceMappings({ functionName: 'f', eventSourceArn: refunds }))).toEqual([c.uuid])
    const first = sim.listEventSourceMappings({ maxItems: 3 })
    expect(uuids(first)).toEqual([a.uuid, b.uuid, c.uuid])
    expect(first.nextMarker).toBe(d.uuid)
    const second = sim.listEventSourceMappings({ maxItems: 3, marker: first.nextMarker as string })
    expect(uuids(second)).toEqual([d.uuid])
    expect(second.nextMarker).toBeUndefined()
    expectValidation(() => sim.listEventSourceMappings({ maxItems: 0 }), "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1")
    expectInvalid(() => sim.listEventSourceMappings({ marker: 'nope' }), 'Invalid marker')
  })

  it('listEventSourceMappings - at most 100 per page, whatever maxItems says', () => {
    const sim = setup()
    for (let i = 0; i < 101; i++) {
      sim.sqs.createQueue({ queueName: `q${i}` })
      sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:q${i}` })
    }
    const page = sim.listEventSourceMappings({ maxItems: 10_000 })
    expect(page.eventSourceMappings).toHaveLength(100)
    expect(page.nextMarker).toBeDefined()
  })

  // ------------------------------------------------------------ function deletion

  it('deleting the function leaves its mappings (AWS: delete them with DeleteEventSourceMapping); they report the missing function', async () => {
    const { service, store, bus, told } = streamService()
    const m = service.createEventSourceMapping({ functionName: 'f', eventSourceArn: STREAM, startingPosition: 'LATEST' })
    store.records.delete('f')
    bus.emit({ type: 'function.deleted', atMs: 0, functionName: 'f' })
    const after = service.getEventSourceMapping({ uuid: m.uuid })
    expect(after.lastProcessingResult).toBe(`PROBLEM: Function not found: ${FN}:f`)
    expect(told.at(-1)).toEqual({ uuid: m.uuid, state: 'Creating' })

    const sim = setup()
    const sqs = sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE })
    const onAlias = sim.createEventSourceMapping({ functionName: 'g', eventSourceArn: FIFO })
    await sim.runUntilIdle()
    sim.deleteFunction({ functionName: 'f' })
    expect(sim.getEventSourceMapping({ uuid: sqs.uuid }).state).toBe('Enabled')
    expect(sim.events().filter((e) => e.type === 'eventSourceMapping.changed' && e.change === 'function-deleted')).toEqual([
      { type: 'eventSourceMapping.changed', atMs: sim.nowMs, uuid: sqs.uuid, eventSourceArn: QUEUE, functionArn: `${FN}:f`, state: 'Enabled', change: 'function-deleted', metrics: [] },
    ])
    expect(sim.deleteEventSourceMapping({ uuid: sqs.uuid }).state).toBe('Deleting')
    expect(sim.getEventSourceMapping({ uuid: onAlias.uuid }).state).toBe('Enabled')
  })

  it('deleting the alias a mapping names reports it the same way', async () => {
    const sim = setup()
    const m = sim.createEventSourceMapping({ functionName: 'f:live', eventSourceArn: QUEUE })
    const plain = sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE })
    await sim.runUntilIdle()
    sim.deleteAlias({ functionName: 'f', name: 'live' })
    const changes = sim.events().filter((e) => e.type === 'eventSourceMapping.changed' && e.change === 'function-deleted')
    expect(changes.map((e) => (e as { uuid: string }).uuid)).toEqual([m.uuid])
    expect(sim.getEventSourceMapping({ uuid: plain.uuid }).state).toBe('Enabled')
  })

  // ------------------------------------------------------------ events, determinism

  it('typed events on the bus, and the same seed gives the same event log (UUIDs from the seeded ids)', async () => {
    const run = async () => {
      const sim = setup(21)
      const { uuid } = sim.createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE })
      await sim.runUntilIdle()
      sim.updateEventSourceMapping({ uuid, enabled: false })
      await sim.runUntilIdle()
      sim.deleteEventSourceMapping({ uuid })
      await sim.runUntilIdle()
      return { sim, uuid }
    }
    const one = await run()
    const two = await run()
    expect(one.sim.eventLogText()).toBe(two.sim.eventLogText())
    const changes = one.sim.events().filter((e) => e.type === 'eventSourceMapping.changed')
    expect(changes.map((e) => [e.change, e.state, e.atMs - Date.UTC(2024, 0, 1)])).toEqual([
      ['created', 'Creating', 0],
      ['state', 'Enabled', 1000],
      ['updated', 'Disabling', 1000],
      ['state', 'Disabled', 2000],
      ['deleting', 'Deleting', 2000],
      ['deleted', 'Deleting', 3000],
    ])
    expect(setup(22).createEventSourceMapping({ functionName: 'f', eventSourceArn: QUEUE }).uuid).not.toBe(one.uuid)
  })
})
