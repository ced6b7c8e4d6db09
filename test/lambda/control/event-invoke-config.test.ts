import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../../src/index.js'
import { expectAwsError } from '../../support/aws-errors.js'

const ACCOUNT = '123456789012'
const ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function`
const F = `${ARN}:f`
const T0_SECONDS = Date.UTC(2024, 0, 1) / 1000
const DOES_NOT_EXIST = "The function doesn't exist."
const EMPTY_DESTINATIONS = { onSuccess: {}, onFailure: {} }
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:failures`
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:done`
const BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`
const BUCKET = 'arn:aws:s3:::failed-events'
// The model's current DestinationArn pattern, as AWS prints it.
const DESTINATION_PATTERN =
  '$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)'

const noConfig = (arn: string): string => `The function ${arn} doesn't have an EventInvokeConfig`



function expectValidation(fn: () => unknown, problem: string): void {
  expectAwsError(fn, 'ValidationException', 400, `1 validation error detected: ${problem}`)
}

function expectInvalidParameter(fn: () => unknown, message: string): void {
  expectAwsError(fn, 'InvalidParameterValueException', 400, message)
}

function expectNotFound(fn: () => unknown, message: string): void {
  expectAwsError(fn, 'ResourceNotFoundException', 404, message)
}

/** `f` with version 1 and alias `live` → 1, plus another function `g`. */
function setup(): Simulation {
  const s = createSimulation({ seed: 11, recordEvents: true })
  s.createFunction({ functionName: 'f', code: async () => 'ok' })
  s.publishVersion({ functionName: 'f' })
  s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
  s.createFunction({ functionName: 'g', code: async () => 'ok' })
  return s
}

describe('event-invoke-config', () => {
  // ------------------------------------------------------------ put / get

  it('putFunctionEventInvokeConfig - answers with the qualified ARN, epoch-second lastModified and empty destination sides', () => {
    const s = setup()
    const out = s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 1 })
    expect(out).toEqual({ lastModified: T0_SECONDS, functionArn: `${F}:$LATEST`, maximumRetryAttempts: 1, destinationConfig: EMPTY_DESTINATIONS })
    expect('maximumEventAgeInSeconds' in out).toBe(false)
    expect(s.getFunctionEventInvokeConfig({ functionName: 'f' })).toEqual(out)
  })

  it('putFunctionEventInvokeConfig - all fields', () => {
    const s = setup()
    const out = s.putFunctionEventInvokeConfig({
      functionName: F,
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 3600,
      destinationConfig: { onSuccess: { destination: TOPIC }, onFailure: { destination: QUEUE } },
    })
    expect(out).toEqual({
      lastModified: T0_SECONDS,
      functionArn: `${F}:$LATEST`,
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 3600,
      destinationConfig: { onSuccess: { destination: TOPIC }, onFailure: { destination: QUEUE } },
    })
  })

  it('putFunctionEventInvokeConfig - lastModified follows the virtual clock, in whole seconds', async () => {
    const s = setup()
    await s.advance('90500ms')
    expect(s.putFunctionEventInvokeConfig({ functionName: 'f', maximumEventAgeInSeconds: 60 }).lastModified).toBe(T0_SECONDS + 90)
    await s.advance('10s')
    expect(s.getFunctionEventInvokeConfig({ functionName: 'f' }).lastModified).toBe(T0_SECONDS + 90)
  })

  it('putFunctionEventInvokeConfig - replaces the whole config: omitted fields are gone', () => {
    const s = setup()
    s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60, destinationConfig: { onFailure: { destination: QUEUE } } })
    const out = s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 0 })
    expect(out).toEqual({ lastModified: T0_SECONDS, functionArn: `${F}:$LATEST`, maximumRetryAttempts: 0, destinationConfig: EMPTY_DESTINATIONS })
    expect(s.getFunctionEventInvokeConfig({ functionName: 'f' })).toEqual(out)
  })

  it('putFunctionEventInvokeConfig - with no fields → "You must specify at least one…"', () => {
    const s = setup()
    expectInvalidParameter(() => s.putFunctionEventInvokeConfig({ functionName: 'f' }), 'You must specify at least one of error handling or destination setting.')
  })

  it('putFunctionEventInvokeConfig - missing function, version or alias → "The function doesn\'t exist."', () => {
    const s = setup()
    expectNotFound(() => s.putFunctionEventInvokeConfig({ functionName: 'nope', maximumRetryAttempts: 1 }), DOES_NOT_EXIST)
    expectNotFound(() => s.putFunctionEventInvokeConfig({ functionName: 'f', qualifier: '7', maximumRetryAttempts: 1 }), DOES_NOT_EXIST)
    expectNotFound(() => s.putFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'gone', maximumRetryAttempts: 1 }), DOES_NOT_EXIST)
    expectNotFound(() => s.putFunctionEventInvokeConfig({ functionName: `${F}:gone`, maximumRetryAttempts: 1 }), DOES_NOT_EXIST)
  })

  // ------------------------------------------------------------ ranges

  it('putFunctionEventInvokeConfig - maximumRetryAttempts 0–2', () => {
    const s = setup()
    expect(s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 0 }).maximumRetryAttempts).toBe(0)
    expect(s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 2 }).maximumRetryAttempts).toBe(2)
    expectValidation(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 5 }),
      "Value '5' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
    )
    expectValidation(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: -1 }),
      "Value '-1' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value greater than or equal to 0",
    )
  })

  it('putFunctionEventInvokeConfig - maximumEventAgeInSeconds 60–21600', () => {
    const s = setup()
    expect(s.putFunctionEventInvokeConfig({ functionName: 'f', maximumEventAgeInSeconds: 60 }).maximumEventAgeInSeconds).toBe(60)
    expect(s.putFunctionEventInvokeConfig({ functionName: 'f', maximumEventAgeInSeconds: 21600 }).maximumEventAgeInSeconds).toBe(21600)
    expectValidation(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', maximumEventAgeInSeconds: 44444 }),
      "Value '44444' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 21600",
    )
    expectValidation(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', maximumEventAgeInSeconds: 59 }),
      "Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    )
  })

  it('updateFunctionEventInvokeConfig - the same ranges apply', () => {
    const s = setup()
    s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 1 })
    expectValidation(
      () => s.updateFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 3 }),
      "Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
    )
    expect(s.getFunctionEventInvokeConfig({ functionName: 'f' }).maximumRetryAttempts).toBe(1)
  })

  // ------------------------------------------------------------ destinations

  it('putFunctionEventInvokeConfig - SQS, SNS, EventBridge and Lambda destinations are accepted', () => {
    const s = setup()
    for (const destination of [QUEUE, TOPIC, BUS, `${ARN}:g`]) {
      const out = s.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination }, onFailure: { destination } } })
      expect(out.destinationConfig).toEqual({ onSuccess: { destination }, onFailure: { destination } })
    }
  })

  it('putFunctionEventInvokeConfig - a destination ARN that fails the pattern is a ValidationException', () => {
    const s = setup()
    const bad = `arn:aws:_-/!lambda:us-east-1:${ACCOUNT}:function:x`
    expectValidation(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onFailure: { destination: bad } } }),
      `Value '${bad}' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: ${DESTINATION_PATTERN}`,
    )
    expectValidation(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination: 'not-an-arn' } } }),
      `Value 'not-an-arn' at 'destinationConfig.onSuccess.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: ${DESTINATION_PATTERN}`,
    )
  })

  it('putFunctionEventInvokeConfig - an unsupported service (iam) → the DestinationConfig(...) is invalid', () => {
    const s = setup()
    const role = `arn:aws:iam::${ACCOUNT}:role/r`
    expectInvalidParameter(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination: role } } }),
      `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${role}), onFailure=null) is invalid.`,
    )
    expectInvalidParameter(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination: QUEUE }, onFailure: { destination: role } } }),
      `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${QUEUE}), onFailure=OnFailure(destination=${role})) is invalid.`,
    )
    expectNotFound(() => s.getFunctionEventInvokeConfig({ functionName: 'f' }), noConfig(`${F}:$LATEST`))
  })

  it('putFunctionEventInvokeConfig - S3 is allowed on failure only', () => {
    const s = setup()
    expect(s.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onFailure: { destination: BUCKET } } }).destinationConfig).toEqual({
      onSuccess: {},
      onFailure: { destination: BUCKET },
    })
    expectInvalidParameter(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination: BUCKET } } }),
      `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${BUCKET}), onFailure=null) is invalid.`,
    )
  })

  it('putFunctionEventInvokeConfig - a Lambda destination that does not exist', () => {
    const s = setup()
    const missing = `${ARN}:doesnotexist`
    expectInvalidParameter(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onFailure: { destination: missing } } }),
      `The destination ARN ${missing} is invalid.`,
    )
  })

  it('putFunctionEventInvokeConfig - the function as its own destination', () => {
    const s = setup()
    expectInvalidParameter(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination: F } } }),
      "You can't specify the function as a destination for itself.",
    )
    expectInvalidParameter(
      () => s.putFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'live', destinationConfig: { onFailure: { destination: `${F}:live` } } }),
      "You can't specify the function as a destination for itself.",
    )
  })

  it('updateFunctionEventInvokeConfig - destinations are checked too', () => {
    const s = setup()
    s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 1 })
    expectInvalidParameter(
      () => s.updateFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination: F } } }),
      "You can't specify the function as a destination for itself.",
    )
  })

  // ------------------------------------------------------------ update

  it('updateFunctionEventInvokeConfig - merges: only the given fields change', async () => {
    const s = setup()
    s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60, destinationConfig: { onFailure: { destination: QUEUE } } })
    await s.advance('5s')
    const out = s.updateFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 0 })
    expect(out).toEqual({
      lastModified: T0_SECONDS + 5,
      functionArn: `${F}:$LATEST`,
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 60,
      destinationConfig: { onSuccess: {}, onFailure: { destination: QUEUE } },
    })
    const next = s.updateFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination: TOPIC } } })
    expect(next.destinationConfig).toEqual({ onSuccess: { destination: TOPIC }, onFailure: { destination: QUEUE } })
    expect(s.getFunctionEventInvokeConfig({ functionName: 'f' })).toEqual(next)
  })

  it('updateFunctionEventInvokeConfig - fails when there is no config', () => {
    const s = setup()
    expectNotFound(() => s.updateFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 1 }), noConfig(`${F}:$LATEST`))
    expectNotFound(() => s.updateFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'live', maximumRetryAttempts: 1 }), noConfig(`${F}:live`))
  })

  it('updateFunctionEventInvokeConfig - missing function or qualifier → "The function doesn\'t exist."', () => {
    const s = setup()
    expectNotFound(() => s.updateFunctionEventInvokeConfig({ functionName: 'nope', maximumRetryAttempts: 1 }), DOES_NOT_EXIST)
    expectNotFound(() => s.updateFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'gone', maximumRetryAttempts: 1 }), DOES_NOT_EXIST)
    expectNotFound(() => s.updateFunctionEventInvokeConfig({ functionName: 'f', qualifier: '9', maximumRetryAttempts: 1 }), DOES_NOT_EXIST)
  })

  // ------------------------------------------------------------ get / delete

  it('getFunctionEventInvokeConfig - none → the doesn\'t-have text with a qualified ARN, even for a missing function or qualifier', () => {
    const s = setup()
    expectNotFound(() => s.getFunctionEventInvokeConfig({ functionName: 'f' }), noConfig(`${F}:$LATEST`))
    expectNotFound(() => s.getFunctionEventInvokeConfig({ functionName: 'f', qualifier: '1' }), noConfig(`${F}:1`))
    expectNotFound(() => s.getFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'gone' }), noConfig(`${F}:gone`))
    expectNotFound(() => s.getFunctionEventInvokeConfig({ functionName: 'nope' }), noConfig(`${ARN}:nope:$LATEST`))
  })

  it('deleteFunctionEventInvokeConfig - removes it; deleting again (or a missing function) → the doesn\'t-have text', () => {
    const s = setup()
    s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 1 })
    s.deleteFunctionEventInvokeConfig({ functionName: 'f' })
    expectNotFound(() => s.getFunctionEventInvokeConfig({ functionName: 'f' }), noConfig(`${F}:$LATEST`))
    expectNotFound(() => s.deleteFunctionEventInvokeConfig({ functionName: 'f' }), noConfig(`${F}:$LATEST`))
    expectNotFound(() => s.deleteFunctionEventInvokeConfig({ functionName: 'nope' }), noConfig(`${ARN}:nope:$LATEST`))
    expectNotFound(() => s.deleteFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'live' }), noConfig(`${F}:live`))
  })

  // ------------------------------------------------------------ per qualifier

  it('putFunctionEventInvokeConfig - $LATEST, a version and an alias each have their own config', () => {
    const s = setup()
    s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 0 })
    s.putFunctionEventInvokeConfig({ functionName: 'f', qualifier: '1', maximumRetryAttempts: 1 })
    s.putFunctionEventInvokeConfig({ functionName: `${F}:live`, maximumRetryAttempts: 2 })
    expect(s.getFunctionEventInvokeConfig({ functionName: 'f' })).toMatchObject({ functionArn: `${F}:$LATEST`, maximumRetryAttempts: 0 })
    expect(s.getFunctionEventInvokeConfig({ functionName: 'f', qualifier: '$LATEST' })).toMatchObject({ functionArn: `${F}:$LATEST`, maximumRetryAttempts: 0 })
    expect(s.getFunctionEventInvokeConfig({ functionName: 'f', qualifier: '1' })).toMatchObject({ functionArn: `${F}:1`, maximumRetryAttempts: 1 })
    expect(s.getFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'live' })).toMatchObject({ functionArn: `${F}:live`, maximumRetryAttempts: 2 })
    s.deleteFunctionEventInvokeConfig({ functionName: 'f', qualifier: '1' })
    expect(s.getFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'live' }).maximumRetryAttempts).toBe(2)
    expect(s.getFunctionEventInvokeConfig({ functionName: 'f' }).maximumRetryAttempts).toBe(0)
  })

  it('deleteAlias - takes the alias’s config with it', () => {
    const s = setup()
    s.putFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'live', maximumRetryAttempts: 1 })
    s.deleteAlias({ functionName: 'f', name: 'live' })
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    expectNotFound(() => s.getFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'live' }), noConfig(`${F}:live`))
  })

  // ------------------------------------------------------------ list

  it('listFunctionEventInvokeConfigs - every qualifier’s config, sorted, with qualified ARNs', () => {
    const s = setup()
    s.putFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'live', maximumRetryAttempts: 2 })
    s.putFunctionEventInvokeConfig({ functionName: 'f', qualifier: '1', maximumRetryAttempts: 1 })
    s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 0 })
    expect(s.listFunctionEventInvokeConfigs({ functionName: 'f' })).toEqual({
      functionEventInvokeConfigs: [
        { lastModified: T0_SECONDS, functionArn: `${F}:$LATEST`, maximumRetryAttempts: 0, destinationConfig: EMPTY_DESTINATIONS },
        { lastModified: T0_SECONDS, functionArn: `${F}:1`, maximumRetryAttempts: 1, destinationConfig: EMPTY_DESTINATIONS },
        { lastModified: T0_SECONDS, functionArn: `${F}:live`, maximumRetryAttempts: 2, destinationConfig: EMPTY_DESTINATIONS },
      ],
    })
  })

  it('listFunctionEventInvokeConfigs - empty, paging, and a missing function', () => {
    const s = setup()
    expect(s.listFunctionEventInvokeConfigs({ functionName: 'g' })).toEqual({ functionEventInvokeConfigs: [] })
    s.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 0 })
    s.putFunctionEventInvokeConfig({ functionName: 'f', qualifier: '1', maximumRetryAttempts: 1 })
    const first = s.listFunctionEventInvokeConfigs({ functionName: 'f', maxItems: 1 })
    expect(first.functionEventInvokeConfigs.map((c) => c.functionArn)).toEqual([`${F}:$LATEST`])
    expect(first.nextMarker).toBeDefined()
    const second = s.listFunctionEventInvokeConfigs({ functionName: 'f', maxItems: 1, marker: first.nextMarker as string })
    expect(second.functionEventInvokeConfigs.map((c) => c.functionArn)).toEqual([`${F}:1`])
    expect('nextMarker' in second).toBe(false)
    expectNotFound(() => s.listFunctionEventInvokeConfigs({ functionName: 'nope' }), DOES_NOT_EXIST)
  })

  // ------------------------------------------------------------ events

  it('putFunctionEventInvokeConfig - emits eventInvokeConfig.changed for put, update and delete', () => {
    const s = setup()
    s.putFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'live', maximumRetryAttempts: 1 })
    s.updateFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'live', maximumRetryAttempts: 2 })
    s.deleteFunctionEventInvokeConfig({ functionName: 'f', qualifier: 'live' })
    const atMs = Date.UTC(2024, 0, 1)
    expect(s.events().filter((e) => e.type === 'eventInvokeConfig.changed')).toEqual([
      { type: 'eventInvokeConfig.changed', atMs, functionName: 'f', qualifier: 'live', change: 'put' },
      { type: 'eventInvokeConfig.changed', atMs, functionName: 'f', qualifier: 'live', change: 'update' },
      { type: 'eventInvokeConfig.changed', atMs, functionName: 'f', qualifier: 'live', change: 'deleted' },
    ])
  })
})

describe('event-invoke-config destinations', () => {
  it('putFunctionEventInvokeConfig - a Lambda destination of another Region or account is invalid even if the name exists here', () => {
    const sim = createSimulation({ seed: 51 })
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    sim.createFunction({ functionName: 'g', code: async () => 1 })
    const elsewhere = 'arn:aws:lambda:eu-west-1:123456789012:function:g'
    expect(() => sim.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination: elsewhere } } })).toThrow(
      `The destination ARN ${elsewhere} is invalid.`,
    )
    const here = 'arn:aws:lambda:us-east-1:123456789012:function:g'
    expect(sim.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination: here } } }).destinationConfig.onSuccess).toEqual({
      destination: here,
    })
  })
})
