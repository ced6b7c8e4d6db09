/**
 * Event source mappings through the real `@aws-sdk/client-lambda`: the SDK's serialisers and
 * deserialisers on every call, AWS's status codes, PascalCase members, paging, and errors.
 */
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  InvalidParameterValueException,
  ListEventSourceMappingsCommand,
  ResourceConflictException,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateEventSourceMappingCommand,
  paginateListEventSourceMappings,
} from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { ESM_TRANSITION_MS } from '../../src/lambda/control/event-source-mappings.js'
import { ACCOUNT, ARN, rejection, simulatedLambda } from './lambda-client.js'

const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`
const T0 = new Date(Date.UTC(2024, 0, 1))

async function setup() {
  const lambda = simulatedLambda()
  await lambda.createFunction('consumer', async () => 'ok')
  lambda.sim.sqs.createQueue({ queueName: 'orders' })
  return lambda
}

describe('event source mappings through the LambdaClient', () => {
  it('CreateEventSourceMapping - 202, the configuration in AWS’s shape; Get after the transition shows Enabled', async () => {
    const { sim, client } = await setup()
    const created = await client.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'consumer',
        EventSourceArn: QUEUE,
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 2,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 5 },
        FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] },
      }),
    )
    const { $metadata, ...configuration } = created
    expect($metadata.httpStatusCode).toBe(202)
    expect(configuration).toEqual({
      UUID: created.UUID,
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 2,
      EventSourceArn: QUEUE,
      FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] },
      FunctionArn: `${ARN}:consumer`,
      LastModified: T0,
      State: 'Creating',
      StateTransitionReason: 'USER_INITIATED',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
      EventSourceMappingArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:event-source-mapping:${created.UUID}`,
    })
    await sim.advance(ESM_TRANSITION_MS)
    const got = await client.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))
    expect(got.$metadata.httpStatusCode).toBe(200)
    expect(got.State).toBe('Enabled')
    expect(got.LastModified).toEqual(new Date(T0.getTime() + ESM_TRANSITION_MS))
  })

  it('UpdateEventSourceMapping and DeleteEventSourceMapping - 202 with the mapping in its transitional state', async () => {
    const { sim, client } = await setup()
    const { UUID } = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: QUEUE }))
    const busy = await rejection(client.send(new UpdateEventSourceMappingCommand({ UUID, BatchSize: 5 })))
    expect(busy).toBeInstanceOf(ResourceInUseException)
    expect(busy.message).toBe('Cannot update the event source mapping because it is in use.')
    expect(busy.$metadata.httpStatusCode).toBe(400)
    await sim.runUntilIdle()
    const updated = await client.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: false, BatchSize: 5 }))
    expect(updated.$metadata.httpStatusCode).toBe(202)
    expect(updated).toMatchObject({ State: 'Disabling', BatchSize: 5 })
    await sim.runUntilIdle()
    expect((await client.send(new GetEventSourceMappingCommand({ UUID }))).State).toBe('Disabled')
    const deleted = await client.send(new DeleteEventSourceMappingCommand({ UUID }))
    expect(deleted.$metadata.httpStatusCode).toBe(202)
    expect(deleted.State).toBe('Deleting')
    await sim.runUntilIdle()
    const gone = await rejection(client.send(new GetEventSourceMappingCommand({ UUID })))
    expect(gone).toBeInstanceOf(ResourceNotFoundException)
    expect(gone.message).toBe('The resource you requested does not exist.')
    expect(gone.$metadata.httpStatusCode).toBe(404)
  })

  it('ListEventSourceMappings - filters and Marker / MaxItems paging (the SDK paginator too)', async () => {
    const { sim, client, createFunction } = await setup()
    await createFunction('other', async () => 'ok')
    const uuids: string[] = []
    for (let i = 0; i < 5; i++) {
      sim.sqs.createQueue({ queueName: `q${i}` })
      const { UUID } = await client.send(new CreateEventSourceMappingCommand({ FunctionName: i === 4 ? 'other' : 'consumer', EventSourceArn: sim.sqs.queueArn(`q${i}`) }))
      uuids.push(UUID as string)
    }
    const first = await client.send(new ListEventSourceMappingsCommand({ MaxItems: 2 }))
    expect(first.$metadata.httpStatusCode).toBe(200)
    expect(first.EventSourceMappings?.map((m) => m.UUID)).toEqual(uuids.slice(0, 2))
    expect(first.NextMarker).toBe(uuids[2])
    const paged: string[] = []
    for await (const page of paginateListEventSourceMappings({ client, pageSize: 2 }, { FunctionName: 'consumer' })) {
      paged.push(...(page.EventSourceMappings ?? []).map((m) => m.UUID as string))
    }
    expect(paged).toEqual(uuids.slice(0, 4))
    const bySource = await client.send(new ListEventSourceMappingsCommand({ EventSourceArn: sim.sqs.queueArn('q4') }))
    expect(bySource.EventSourceMappings?.map((m) => m.FunctionArn)).toEqual([`${ARN}:other`])
  })

  it('errors - AWS’s exceptions and messages: conflict, per-source rules, validation', async () => {
    const { client } = await setup()
    const { UUID } = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: QUEUE }))
    const conflict = await rejection(client.send(new CreateEventSourceMappingCommand({ FunctionName: `${ARN}:consumer`, EventSourceArn: QUEUE })))
    expect(conflict).toBeInstanceOf(ResourceConflictException)
    expect(conflict.message).toBe(
      `An event source mapping with SQS arn (" ${QUEUE} ") and function (" consumer ") already exists. Please update or delete the existing mapping with UUID ${UUID}`,
    )
    expect(conflict.$metadata.httpStatusCode).toBe(409)

    const window = await rejection(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: QUEUE, BatchSize: 50 })))
    expect(window).toBeInstanceOf(InvalidParameterValueException)
    expect(window.message).toBe('Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10')

    const position = await rejection(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: QUEUE, StartingPosition: 'LATEST' })))
    expect(position.message).toBe('Unsupported StartingPosition parameter for given event source mapping type.')

    const range = await rejection(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: QUEUE, ScalingConfig: { MaximumConcurrency: 1 } })))
    expect(range.name).toBe('ValidationException')
    expect(range.message).toBe("1 validation error detected: Value '1' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 2")

    const noFunction = await rejection(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'missing', EventSourceArn: QUEUE })))
    expect(noFunction).toBeInstanceOf(InvalidParameterValueException)
    expect(noFunction.message).toBe('Function does not exist')
  })

  it('a stream mapping: StartingPosition is required (no stream exists yet in this simulation, so the stream is not found)', async () => {
    const { client } = await setup()
    const stream = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/clicks`
    const missing = await rejection(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: stream })))
    expect(missing.message).toBe("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.")
    const notFound = await rejection(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: stream, StartingPosition: 'TRIM_HORIZON' })))
    expect(notFound.message).toBe(`Stream not found: ${stream}`)
  })
})

describe('MetricsConfig through the LambdaClient', () => {
  it('is stored and answered; an empty list turns the metrics off; Kafka-only metrics are refused for SQS', async () => {
    const { sim, client } = await setup()
    const created = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: QUEUE, MetricsConfig: { Metrics: ['EventCount'] } }))
    expect(created.MetricsConfig).toEqual({ Metrics: ['EventCount'] })
    await sim.advance(ESM_TRANSITION_MS)
    const off = await client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, MetricsConfig: { Metrics: [] } }))
    expect(off.MetricsConfig).toBeUndefined()
    const refused = await rejection(client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, MetricsConfig: { Metrics: ['ErrorCount'] } })))
    expect(refused).toBeInstanceOf(InvalidParameterValueException)
    expect(refused.message).toBe('Metrics ErrorCount are only supported for Kafka event sources.')
  })
})
