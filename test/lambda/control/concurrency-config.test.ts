import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../../src/index.js'
import { expectAwsError } from '../../support/aws-errors.js'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function'
const F = `${ARN}:f`
const T0 = Date.UTC(2024, 0, 1)
const QUALIFIED_ONLY =
  'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.'
const UNPUBLISHED = 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.'
const NOT_ALIAS_OR_VERSION = 'The function resource provided must be an alias or a published version.'
const NO_CONFIG = 'No Provisioned Concurrency Config found for this function'
const ABOVE_RESERVED = 'Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function'

const reservedFloor = (n: number): string =>
  `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${n}].`
const provisionedFloor = (n: number): string =>
  `Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${n}].`
const aboveUnreserved = (n: number): string => `Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [${n}].`

const stamp = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000')



function expectInvalidParameter(fn: () => unknown, message: string): void {
  expectAwsError(fn, 'InvalidParameterValueException', 400, message)
}

function expectNotFound(fn: () => unknown, message: string): void {
  expectAwsError(fn, 'ResourceNotFoundException', 404, message)
}

function expectConflict(fn: () => unknown, message: string): void {
  expectAwsError(fn, 'ResourceConflictException', 409, message)
}

/** `f` with versions 1, 2, 3; alias `live` → 1 and `split` → 1 with 50 % to 2. */
function setup(options: Parameters<typeof createSimulation>[0] = {}): Simulation {
  const s = createSimulation({ seed: 3, recordEvents: true, ...options })
  s.createFunction({ functionName: 'f', code: async () => 'ok' })
  for (const description of ['one', 'two', 'three']) {
    s.updateFunctionConfiguration({ functionName: 'f', description })
    s.publishVersion({ functionName: 'f' })
  }
  s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
  s.createAlias({ functionName: 'f', name: 'split', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.5 } } })
  return s
}

function another(s: Simulation, name: string): void {
  s.createFunction({ functionName: name, code: async () => 'ok' })
}

function provision(s: Simulation, qualifier: string, n: number, functionName = 'f'): ReturnType<Simulation['putProvisionedConcurrencyConfig']> {
  return s.putProvisionedConcurrencyConfig({ functionName, qualifier, provisionedConcurrentExecutions: n })
}

describe('concurrency-config', () => {
  // ------------------------------------------------------------ reserved concurrency

  it('putFunctionConcurrency - answers the reservation; get shows it; delete removes it', () => {
    const s = setup()
    expect(s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 10 })).toEqual({ reservedConcurrentExecutions: 10 })
    expect(s.getFunctionConcurrency({ functionName: 'f' })).toEqual({ reservedConcurrentExecutions: 10 })
    expect(s.getFunctionConcurrency({ functionName: F })).toEqual({ reservedConcurrentExecutions: 10 })
    s.deleteFunctionConcurrency({ functionName: 'f' })
    const after = s.getFunctionConcurrency({ functionName: 'f' })
    expect(after).toEqual({})
    expect('reservedConcurrentExecutions' in after).toBe(false)
  })

  it('getFunctionConcurrency - {} when nothing is reserved', () => {
    const s = setup()
    const out = s.getFunctionConcurrency({ functionName: 'f' })
    expect(out).toEqual({})
    expect(Object.keys(out)).toEqual([])
  })

  it('putFunctionConcurrency - 0 is allowed', () => {
    const s = setup()
    expect(s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 0 })).toEqual({ reservedConcurrentExecutions: 0 })
    expect(s.getFunctionConcurrency({ functionName: 'f' })).toEqual({ reservedConcurrentExecutions: 0 })
  })

  it('putFunctionConcurrency - a negative value is a ValidationException', () => {
    const s = setup()
    expectAwsError(
      () => s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: -1 }),
      'ValidationException',
      400,
      "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0",
    )
  })

  it('putFunctionConcurrency - must leave the unreserved minimum [100] of the default 1,000', () => {
    const s = setup()
    expectInvalidParameter(() => s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 901 }), reservedFloor(100))
    expect(s.getFunctionConcurrency({ functionName: 'f' })).toEqual({})
    expect(s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 900 })).toEqual({ reservedConcurrentExecutions: 900 })
  })

  it('putFunctionConcurrency - the floor follows the configured account (limit 200, minimum 50 → [50])', () => {
    const s = setup({ concurrency: { accountLimit: 200, unreservedMinimum: 50 } })
    expectInvalidParameter(() => s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 151 }), reservedFloor(50))
    expect(s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 150 })).toEqual({ reservedConcurrentExecutions: 150 })
  })

  it('putFunctionConcurrency - the function’s own reservation counts as freed (re-put and change pass)', () => {
    const s = setup()
    s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 900 })
    expect(s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 900 })).toEqual({ reservedConcurrentExecutions: 900 })
    expect(s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 850 })).toEqual({ reservedConcurrentExecutions: 850 })
    expect(s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 900 })).toEqual({ reservedConcurrentExecutions: 900 })
  })

  it('putFunctionConcurrency - reservations of several functions add up', () => {
    const s = setup()
    another(s, 'g')
    another(s, 'h')
    s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 400 })
    s.putFunctionConcurrency({ functionName: 'g', reservedConcurrentExecutions: 400 })
    expectInvalidParameter(() => s.putFunctionConcurrency({ functionName: 'h', reservedConcurrentExecutions: 101 }), reservedFloor(100))
    expect(s.putFunctionConcurrency({ functionName: 'h', reservedConcurrentExecutions: 100 })).toEqual({ reservedConcurrentExecutions: 100 })
    // Deleting one frees its share.
    s.deleteFunctionConcurrency({ functionName: 'g' })
    expect(s.putFunctionConcurrency({ functionName: 'h', reservedConcurrentExecutions: 500 })).toEqual({ reservedConcurrentExecutions: 500 })
  })

  it('putFunctionConcurrency - a deleted function’s reservation is freed', () => {
    const s = setup()
    another(s, 'g')
    s.putFunctionConcurrency({ functionName: 'g', reservedConcurrentExecutions: 900 })
    expectInvalidParameter(() => s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 1 }), reservedFloor(100))
    s.deleteFunction({ functionName: 'g' })
    expect(s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 900 })).toEqual({ reservedConcurrentExecutions: 900 })
  })

  it('putFunctionConcurrency / get / delete - a qualified name is refused', () => {
    const s = setup()
    expectInvalidParameter(() => s.putFunctionConcurrency({ functionName: `${F}:1`, reservedConcurrentExecutions: 5 }), QUALIFIED_ONLY)
    expectInvalidParameter(() => s.putFunctionConcurrency({ functionName: 'f:live', reservedConcurrentExecutions: 5 }), QUALIFIED_ONLY)
    expectInvalidParameter(() => s.getFunctionConcurrency({ functionName: `${F}:live` }), QUALIFIED_ONLY)
    expectInvalidParameter(() => s.deleteFunctionConcurrency({ functionName: `${F}:$LATEST` }), QUALIFIED_ONLY)
  })

  it('putFunctionConcurrency - missing function → "Function not found" with :$LATEST; get and delete unqualified', () => {
    const s = setup()
    expectNotFound(() => s.putFunctionConcurrency({ functionName: 'nope', reservedConcurrentExecutions: 5 }), `Function not found: ${ARN}:nope:$LATEST`)
    expectNotFound(() => s.putFunctionConcurrency({ functionName: 'nope', reservedConcurrentExecutions: 5000 }), `Function not found: ${ARN}:nope:$LATEST`)
    expectNotFound(() => s.getFunctionConcurrency({ functionName: 'nope' }), `Function not found: ${ARN}:nope`)
    expectNotFound(() => s.deleteFunctionConcurrency({ functionName: 'nope' }), `Function not found: ${ARN}:nope`)
  })

  it('putFunctionConcurrency - below the function’s total provisioned concurrency is refused', () => {
    const s = setup()
    provision(s, '1', 3)
    provision(s, '2', 2)
    expectInvalidParameter(
      () => s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 4 }),
      "ReservedConcurrentExecutions 4 should not be lower than function's total provisioned concurrency [5].",
    )
    expect(s.getFunctionConcurrency({ functionName: 'f' })).toEqual({})
    expect(s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 5 })).toEqual({ reservedConcurrentExecutions: 5 })
  })

  it('putFunctionConcurrency - emits concurrency.reserved (undefined on delete)', () => {
    const s = setup()
    s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 7 })
    s.deleteFunctionConcurrency({ functionName: 'f' })
    expect(s.events().filter((e) => e.type === 'concurrency.reserved')).toEqual([
      { type: 'concurrency.reserved', atMs: T0, functionName: 'f', reservedConcurrentExecutions: 7 },
      { type: 'concurrency.reserved', atMs: T0, functionName: 'f', reservedConcurrentExecutions: undefined },
    ])
  })

  // ------------------------------------------------------------ provisioned: put and allocation over time

  it('putProvisionedConcurrencyConfig - IN_PROGRESS with nothing allocated yet', () => {
    const s = setup()
    expect(provision(s, '1', 5)).toEqual({
      requestedProvisionedConcurrentExecutions: 5,
      availableProvisionedConcurrentExecutions: 0,
      allocatedProvisionedConcurrentExecutions: 0,
      status: 'IN_PROGRESS',
      lastModified: '2024-01-01T00:00:00.000+0000',
    })
  })

  it('putProvisionedConcurrencyConfig - READY with everything allocated after 60 s, not before', async () => {
    const s = setup()
    provision(s, 'live', 5)
    await s.advance('59s')
    expect(s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' })).toMatchObject({
      status: 'IN_PROGRESS',
      allocatedProvisionedConcurrentExecutions: 0,
      availableProvisionedConcurrentExecutions: 0,
    })
    await s.advance('1s')
    expect(s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' })).toEqual({
      requestedProvisionedConcurrentExecutions: 5,
      availableProvisionedConcurrentExecutions: 5,
      allocatedProvisionedConcurrentExecutions: 5,
      status: 'READY',
      lastModified: stamp(T0 + 60_000),
    })
  })

  it('putProvisionedConcurrencyConfig - concurrency.provisionedReadyDelay sets the delay', async () => {
    const s = setup({ concurrency: { provisionedReadyDelay: '5s' } })
    provision(s, '1', 2)
    await s.advance('4999ms')
    expect(s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' }).status).toBe('IN_PROGRESS')
    await s.advance('1ms')
    expect(s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' })).toMatchObject({ status: 'READY', allocatedProvisionedConcurrentExecutions: 2 })
  })

  it('putProvisionedConcurrencyConfig - runUntilIdle reaches READY at +60 s', async () => {
    const s = setup()
    provision(s, '1', 2)
    await s.runUntilIdle()
    expect(s.nowMs).toBe(T0 + 60_000)
    expect(s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' })).toMatchObject({ status: 'READY', allocatedProvisionedConcurrentExecutions: 2 })
  })

  it('putProvisionedConcurrencyConfig - a re-put changes requested and goes IN_PROGRESS again', async () => {
    const s = setup()
    provision(s, '1', 5)
    await s.advance('60s')
    const again = provision(s, '1', 8)
    expect(again).toMatchObject({ requestedProvisionedConcurrentExecutions: 8, status: 'IN_PROGRESS', lastModified: stamp(T0 + 60_000) })
    await s.advance('59s')
    expect(s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' }).status).toBe('IN_PROGRESS')
    await s.advance('1s')
    expect(s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' })).toMatchObject({
      requestedProvisionedConcurrentExecutions: 8,
      allocatedProvisionedConcurrentExecutions: 8,
      status: 'READY',
    })
  })

  it('putProvisionedConcurrencyConfig - a re-put before READY restarts the delay', async () => {
    const s = setup()
    provision(s, '1', 5)
    await s.advance('30s')
    provision(s, '1', 6)
    await s.advance('30s')
    expect(s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' })).toMatchObject({ status: 'IN_PROGRESS', allocatedProvisionedConcurrentExecutions: 0 })
    await s.advance('30s')
    expect(s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' })).toMatchObject({ status: 'READY', allocatedProvisionedConcurrentExecutions: 6 })
  })

  it('putProvisionedConcurrencyConfig - emits provisioned.changed for IN_PROGRESS, READY and DELETED', async () => {
    const s = setup()
    provision(s, 'live', 4)
    await s.advance('60s')
    s.deleteProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' })
    expect(s.events().filter((e) => e.type === 'provisioned.changed')).toEqual([
      { type: 'provisioned.changed', atMs: T0, functionName: 'f', qualifier: 'live', requested: 4, allocated: 0, status: 'IN_PROGRESS' },
      { type: 'provisioned.changed', atMs: T0 + 60_000, functionName: 'f', qualifier: 'live', requested: 4, allocated: 4, status: 'READY' },
      { type: 'provisioned.changed', atMs: T0 + 60_000, functionName: 'f', qualifier: 'live', requested: 0, allocated: 0, status: 'DELETED' },
    ])
  })

  it('putProvisionedConcurrencyConfig - an alias moved to another version re-allocates', async () => {
    const s = setup()
    provision(s, 'live', 3)
    await s.advance('60s')
    s.updateAlias({ functionName: 'f', name: 'live', functionVersion: '3' })
    expect(s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' })).toMatchObject({ status: 'IN_PROGRESS', allocatedProvisionedConcurrentExecutions: 0 })
    await s.advance('60s')
    expect(s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' })).toMatchObject({ status: 'READY', allocatedProvisionedConcurrentExecutions: 3 })
  })

  // ------------------------------------------------------------ provisioned: refusals

  it('putProvisionedConcurrencyConfig - $LATEST (or an alias on it) is refused', () => {
    const s = setup()
    expectInvalidParameter(() => provision(s, '$LATEST', 1), UNPUBLISHED)
    expectInvalidParameter(() => s.putProvisionedConcurrencyConfig({ functionName: `${F}:$LATEST`, qualifier: '$LATEST', provisionedConcurrentExecutions: 1 }), UNPUBLISHED)
    s.createAlias({ functionName: 'f', name: 'head', functionVersion: '$LATEST' })
    expectInvalidParameter(() => provision(s, 'head', 1), UNPUBLISHED)
  })

  it('getProvisionedConcurrencyConfig / delete - $LATEST is not an alias or a published version', () => {
    const s = setup()
    expectInvalidParameter(() => s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '$LATEST' }), NOT_ALIAS_OR_VERSION)
    expectInvalidParameter(() => s.deleteProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '$LATEST' }), NOT_ALIAS_OR_VERSION)
  })

  it('putProvisionedConcurrencyConfig - 0 is a ValidationException', () => {
    const s = setup()
    expectAwsError(
      () => provision(s, '1', 0),
      'ValidationException',
      400,
      "1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1",
    )
  })

  it('putProvisionedConcurrencyConfig - an alias with weights is refused', () => {
    const s = setup()
    expectInvalidParameter(() => provision(s, 'split', 1), 'Alias with weights can not be used with Provisioned Concurrency')
  })

  it('putProvisionedConcurrencyConfig - a version a provisioned alias points to → 409', () => {
    const s = setup()
    provision(s, 'live', 2)
    expectConflict(() => provision(s, '1', 2), 'Version is pointed by a Provisioned Concurrency alias')
    expect(provision(s, '2', 2).status).toBe('IN_PROGRESS')
  })

  it('putProvisionedConcurrencyConfig - an alias whose version has its own config → 409', () => {
    const s = setup()
    provision(s, '1', 2)
    expectConflict(() => provision(s, 'live', 2), "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version")
  })

  it('putProvisionedConcurrencyConfig - above the function’s reserved concurrency (all qualifiers together)', () => {
    const s = setup()
    s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 10 })
    expectInvalidParameter(() => provision(s, '1', 11), ABOVE_RESERVED)
    provision(s, '1', 6)
    expectInvalidParameter(() => provision(s, '2', 5), ABOVE_RESERVED)
    expect(provision(s, '2', 4).requestedProvisionedConcurrentExecutions).toBe(4)
    // The qualifier's own previous value is replaced, not added.
    expect(provision(s, '1', 6).requestedProvisionedConcurrentExecutions).toBe(6)
  })

  it('putProvisionedConcurrencyConfig - above the account’s unreserved concurrency [N]', () => {
    const s = setup()
    expectInvalidParameter(() => provision(s, '1', 1001), aboveUnreserved(1000))
    another(s, 'g')
    s.putFunctionConcurrency({ functionName: 'g', reservedConcurrentExecutions: 300 })
    expectInvalidParameter(() => provision(s, '1', 701), aboveUnreserved(700))
  })

  it('putProvisionedConcurrencyConfig - pushing unreserved below the floor [100]', () => {
    const s = setup()
    expectInvalidParameter(() => provision(s, '1', 901), provisionedFloor(100))
    expect(provision(s, '1', 900).requestedProvisionedConcurrentExecutions).toBe(900)
    expectInvalidParameter(() => provision(s, '2', 1), provisionedFloor(100))
  })

  it('putProvisionedConcurrencyConfig - the floor follows the configured account', () => {
    const s = setup({ concurrency: { accountLimit: 200, unreservedMinimum: 50 } })
    expectInvalidParameter(() => provision(s, '1', 151), provisionedFloor(50))
    expectInvalidParameter(() => provision(s, '1', 201), aboveUnreserved(200))
    expect(provision(s, '1', 150).status).toBe('IN_PROGRESS')
  })

  it('putProvisionedConcurrencyConfig - missing alias, version or function', () => {
    const s = setup()
    expectNotFound(() => provision(s, 'noalias', 1), `Cannot find alias arn: ${F}:noalias`)
    expectNotFound(() => provision(s, '10', 1), `Function not found: ${F}:10`)
    expectNotFound(() => provision(s, '10', 1, 'nope'), `Function not found: ${ARN}:nope:10`)
    expectNotFound(() => provision(s, 'noalias', 1, 'nope'), `Cannot find alias arn: ${ARN}:nope:noalias`)
  })

  it('getProvisionedConcurrencyConfig / delete - missing alias, version or function', () => {
    const s = setup()
    for (const op of [
      (q: string, f = 'f') => s.getProvisionedConcurrencyConfig({ functionName: f, qualifier: q }),
      (q: string, f = 'f') => s.deleteProvisionedConcurrencyConfig({ functionName: f, qualifier: q }),
    ]) {
      expectNotFound(() => op('noalias'), `Cannot find alias arn: ${F}:noalias`)
      expectNotFound(() => op('10'), `Function not found: ${F}:10`)
      expectNotFound(() => op('noalias', 'nope'), `Cannot find alias arn: ${ARN}:nope:noalias`)
      expectNotFound(() => op('10', 'nope'), `Function not found: ${ARN}:nope:10`)
    }
  })

  it('getProvisionedConcurrencyConfig - none → ProvisionedConcurrencyConfigNotFoundException', () => {
    const s = setup()
    expectAwsError(() => s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' }), 'ProvisionedConcurrencyConfigNotFoundException', 404, NO_CONFIG)
    expectAwsError(() => s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' }), 'ProvisionedConcurrencyConfigNotFoundException', 404, NO_CONFIG)
  })

  it('deleteProvisionedConcurrencyConfig - removes the config; none is not an error', () => {
    const s = setup()
    provision(s, '1', 2)
    s.deleteProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' })
    expectAwsError(() => s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' }), 'ProvisionedConcurrencyConfigNotFoundException', 404, NO_CONFIG)
    expect(() => s.deleteProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' })).not.toThrow()
    expect(() => s.deleteProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' })).not.toThrow()
    // The freed version can now be covered by an alias.
    expect(provision(s, 'live', 2).status).toBe('IN_PROGRESS')
  })

  it('deleteProvisionedConcurrencyConfig - a deleted config never becomes READY', async () => {
    const s = setup()
    provision(s, '1', 2)
    s.deleteProvisionedConcurrencyConfig({ functionName: 'f', qualifier: '1' })
    await s.advance('120s')
    expect(s.events().filter((e) => e.type === 'provisioned.changed').map((e) => (e as { status: string }).status)).toEqual(['IN_PROGRESS', 'DELETED'])
  })

  it('deleteAlias / deleteFunction - take their provisioned concurrency with them', async () => {
    const s = setup()
    provision(s, 'live', 2)
    s.deleteAlias({ functionName: 'f', name: 'live' })
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    expectAwsError(() => s.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' }), 'ProvisionedConcurrencyConfigNotFoundException', 404, NO_CONFIG)
    provision(s, '2', 3)
    s.deleteFunction({ functionName: 'f' })
    await s.advance('120s')
    expect(s.events().filter((e) => e.type === 'provisioned.changed' && e.status === 'READY')).toEqual([])
    // The pool is free again.
    another(s, 'g')
    s.publishVersion({ functionName: 'g' })
    expect(provision(s, '1', 900, 'g').status).toBe('IN_PROGRESS')
  })

  // ------------------------------------------------------------ list

  it('listProvisionedConcurrencyConfigs - empty list when there are none', () => {
    const s = setup()
    expect(s.listProvisionedConcurrencyConfigs({ functionName: 'f' })).toEqual({ provisionedConcurrencyConfigs: [] })
  })

  it('listProvisionedConcurrencyConfigs - qualified functionArn, sorted by qualifier', async () => {
    const s = setup()
    provision(s, 'live', 2)
    provision(s, '3', 1)
    provision(s, '2', 4)
    await s.advance('60s')
    expect(s.listProvisionedConcurrencyConfigs({ functionName: 'f' })).toEqual({
      provisionedConcurrencyConfigs: [
        { functionArn: `${F}:2`, requestedProvisionedConcurrentExecutions: 4, availableProvisionedConcurrentExecutions: 4, allocatedProvisionedConcurrentExecutions: 4, status: 'READY', lastModified: stamp(T0 + 60_000) },
        { functionArn: `${F}:3`, requestedProvisionedConcurrentExecutions: 1, availableProvisionedConcurrentExecutions: 1, allocatedProvisionedConcurrentExecutions: 1, status: 'READY', lastModified: stamp(T0 + 60_000) },
        { functionArn: `${F}:live`, requestedProvisionedConcurrentExecutions: 2, availableProvisionedConcurrentExecutions: 2, allocatedProvisionedConcurrentExecutions: 2, status: 'READY', lastModified: stamp(T0 + 60_000) },
      ],
    })
  })

  it('listProvisionedConcurrencyConfigs - pages with maxItems and nextMarker', () => {
    const s = setup()
    provision(s, 'live', 2)
    provision(s, '3', 1)
    provision(s, '2', 4)
    const first = s.listProvisionedConcurrencyConfigs({ functionName: 'f', maxItems: 2 })
    expect(first.provisionedConcurrencyConfigs.map((c) => c.functionArn)).toEqual([`${F}:2`, `${F}:3`])
    expect(first.nextMarker).toBeDefined()
    const second = s.listProvisionedConcurrencyConfigs({ functionName: 'f', maxItems: 2, marker: first.nextMarker as string })
    expect(second.provisionedConcurrencyConfigs.map((c) => c.functionArn)).toEqual([`${F}:live`])
    expect('nextMarker' in second).toBe(false)
  })

  it('listProvisionedConcurrencyConfigs - missing function', () => {
    const s = setup()
    expectNotFound(() => s.listProvisionedConcurrencyConfigs({ functionName: 'nope' }), `Function not found: ${ARN}:nope`)
  })
})

describe('concurrency-config pools', () => {
  it('putFunctionConcurrency - provisioned concurrency drawn from the unreserved pool counts against the floor', () => {
    const sim = createSimulation({ seed: 41 })
    sim.createFunction({ functionName: 'g', code: async () => 1, publish: true })
    sim.createFunction({ functionName: 'f', code: async () => 1 })
    sim.putProvisionedConcurrencyConfig({ functionName: 'g', qualifier: '1', provisionedConcurrentExecutions: 850 })
    // 1,000 − 850 provisioned (unreserved g) − 100 = 50 left above the floor of 100.
    expect(() => sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 51 })).toThrow(
      "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
    )
    expect(sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 50 })).toEqual({ reservedConcurrentExecutions: 50 })
  })
})
