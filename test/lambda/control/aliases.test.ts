import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../../src/index.js'
import { decodeLogResult } from '../../../src/testing/index.js'
import { expectAwsError } from '../../support/aws-errors.js'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function'
const F = `${ARN}:f`
const T0 = Date.UTC(2024, 0, 1)
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/other-role'
const DLQ = 'arn:aws:sqs:us-east-1:123456789012:dlq'
const REVISION_MISMATCH = 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/



function expectValidation(fn: () => unknown, problem: string): void {
  expectAwsError(fn, 'ValidationException', 400, `1 validation error detected: ${problem}`)
}

function expectInvalidParameter(fn: () => unknown, message: string): void {
  expectAwsError(fn, 'InvalidParameterValueException', 400, message)
}

function expectNotFound(fn: () => unknown, message: string): void {
  expectAwsError(fn, 'ResourceNotFoundException', 404, message)
}

/** Handlers with different source text (so different code), reporting which ran and what the context says. */
const codeOne = async (_e: unknown, c: any) => ({ code: 'one', functionVersion: c.functionVersion, invokedFunctionArn: c.invokedFunctionArn })
const codeTwo = async (_e: unknown, c: any) => ({ code: 'two', functionVersion: c.functionVersion, invokedFunctionArn: c.invokedFunctionArn })
const codeThree = async (_e: unknown, c: any) => ({ code: 'three', functionVersion: c.functionVersion, invokedFunctionArn: c.invokedFunctionArn })

/** A function `f` with `versions` published versions, each with its own description (and so its own snapshot). */
function withVersions(versions: number, seed = 5): Simulation {
  const s = createSimulation({ seed, recordEvents: true })
  s.createFunction({ functionName: 'f', code: async (_e: unknown, c: any) => ({ functionVersion: c.functionVersion, invokedFunctionArn: c.invokedFunctionArn }) })
  for (let i = 1; i <= versions; i++) {
    s.updateFunctionConfiguration({ functionName: 'f', description: `v${i}` })
    expect(s.publishVersion({ functionName: 'f' }).version).toBe(String(i))
  }
  return s
}

describe('aliases', () => {
  // ------------------------------------------------------------ createAlias / getAlias

  it('createAlias - answers the alias configuration; Description defaults to \'\' and there is no routingConfig', () => {
    const s = withVersions(1)
    const alias = s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    expect(alias).toEqual({ aliasArn: `${F}:live`, name: 'live', functionVersion: '1', description: '', revisionId: expect.stringMatching(UUID) })
    expect('routingConfig' in alias).toBe(false)
    expect(s.getAlias({ functionName: 'f', name: 'live' })).toEqual(alias)
  })

  it('createAlias - keeps a description and may point at $LATEST', () => {
    const s = withVersions(0)
    const alias = s.createAlias({ functionName: 'f', name: 'dev', functionVersion: '$LATEST', description: 'tip of main' })
    expect(alias).toMatchObject({ aliasArn: `${F}:dev`, functionVersion: '$LATEST', description: 'tip of main' })
  })

  it('createAlias - accepts the function as an ARN', () => {
    const s = withVersions(1)
    expect(s.createAlias({ functionName: F, name: 'live', functionVersion: '1' }).aliasArn).toBe(`${F}:live`)
  })

  it('createAlias - with routing shows routingConfig.additionalVersionWeights', () => {
    const s = withVersions(2)
    const alias = s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.2 } } })
    expect(alias.routingConfig).toEqual({ additionalVersionWeights: { '2': 0.2 } })
    expect(s.getAlias({ functionName: 'f', name: 'live' }).routingConfig).toEqual({ additionalVersionWeights: { '2': 0.2 } })
  })

  it('createAlias - a duplicate name is 409 with the alias ARN', () => {
    const s = withVersions(2)
    const first = s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    expectAwsError(() => s.createAlias({ functionName: 'f', name: 'live', functionVersion: '2' }), 'ResourceConflictException', 409, `Alias already exists: ${F}:live`)
    expect(s.getAlias({ functionName: 'f', name: 'live' })).toEqual(first)
  })

  it('createAlias - an all-digit name is a ValidationException; a date-like name is fine', () => {
    const s = withVersions(1)
    expectValidation(
      () => s.createAlias({ functionName: 'f', name: '2024', functionVersion: '1' }),
      "Value '2024' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
    )
    expect(s.createAlias({ functionName: 'f', name: '2024-01-02', functionVersion: '1' }).aliasArn).toBe(`${F}:2024-01-02`)
    expect(s.createAlias({ functionName: 'f', name: 'A_b-9', functionVersion: '1' }).name).toBe('A_b-9')
  })

  it('createAlias - a name longer than 128 is a ValidationException; 128 is fine', () => {
    const s = withVersions(1)
    const long = 'a'.repeat(129)
    expectValidation(
      () => s.createAlias({ functionName: 'f', name: long, functionVersion: '1' }),
      `Value '${long}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 128`,
    )
    expect(s.createAlias({ functionName: 'f', name: 'a'.repeat(128), functionVersion: '1' }).name).toHaveLength(128)
  })

  it('createAlias - a name with other characters is a ValidationException', () => {
    const s = withVersions(1)
    expectValidation(
      () => s.createAlias({ functionName: 'f', name: 'my.alias', functionVersion: '1' }),
      "Value 'my.alias' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
    )
  })

  it('createAlias - functionVersion naming another alias is a ValidationException', () => {
    const s = withVersions(1)
    s.createAlias({ functionName: 'f', name: 'prod', functionVersion: '1' })
    expectValidation(
      () => s.createAlias({ functionName: 'f', name: 'other', functionVersion: 'prod' }),
      "Value 'prod' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\$LATEST(\\.PUBLISHED)?|[0-9]+)",
    )
  })

  it('createAlias - a functionVersion that does not exist is 404 with the version ARN', () => {
    const s = withVersions(1)
    expectNotFound(() => s.createAlias({ functionName: 'f', name: 'live', functionVersion: '10' }), `Function not found: ${F}:10`)
    expect(s.listAliases({ functionName: 'f' }).aliases).toEqual([])
  })

  it('createAlias - a missing function is 404', () => {
    const s = withVersions(0)
    expectNotFound(() => s.createAlias({ functionName: 'nope', name: 'live', functionVersion: '$LATEST' }), `Function not found: ${ARN}:nope`)
  })

  it('createAlias - emits alias.changed', () => {
    const s = withVersions(2)
    const seen: unknown[] = []
    s.on('alias.changed', (e) => seen.push(e))
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.25 } } })
    expect(seen).toEqual([
      { type: 'alias.changed', atMs: T0, functionName: 'f', aliasName: 'live', change: 'created', functionVersion: '1', additionalVersionWeights: { '2': 0.25 } },
    ])
  })

  it('getAlias - a missing alias is 404 "Cannot find alias arn"', () => {
    const s = withVersions(1)
    expectNotFound(() => s.getAlias({ functionName: 'f', name: 'x' }), `Cannot find alias arn: ${F}:x`)
  })

  // ------------------------------------------------------------ updateAlias

  it('updateAlias - changes the version and description and issues a new RevisionId', () => {
    const s = withVersions(2)
    const before = s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', description: 'first' })
    const after = s.updateAlias({ functionName: 'f', name: 'live', functionVersion: '2' })
    expect(after).toMatchObject({ aliasArn: `${F}:live`, functionVersion: '2', description: 'first' })
    expect(after.revisionId).toMatch(UUID)
    expect(after.revisionId).not.toBe(before.revisionId)
    const described = s.updateAlias({ functionName: 'f', name: 'live', description: 'second' })
    expect(described).toMatchObject({ functionVersion: '2', description: 'second' })
    expect(described.revisionId).not.toBe(after.revisionId)
    expect(s.getAlias({ functionName: 'f', name: 'live' })).toEqual(described)
  })

  it('updateAlias - a RevisionId that is not the alias\'s is 412; the current one succeeds', () => {
    const s = withVersions(2)
    const created = s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    const updated = s.updateAlias({ functionName: 'f', name: 'live', description: 'x', revisionId: created.revisionId })
    expectAwsError(
      () => s.updateAlias({ functionName: 'f', name: 'live', functionVersion: '2', revisionId: created.revisionId }),
      'PreconditionFailedException',
      412,
      REVISION_MISMATCH,
    )
    expect(s.getAlias({ functionName: 'f', name: 'live' })).toEqual(updated)
  })

  it('updateAlias - a missing alias is 404 "Alias not found"', () => {
    const s = withVersions(1)
    expectNotFound(() => s.updateAlias({ functionName: 'f', name: 'x', functionVersion: '1' }), `Alias not found: ${F}:x`)
  })

  it('updateAlias - a functionVersion that does not exist is 404 and leaves the alias as it was', () => {
    const s = withVersions(1)
    const alias = s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    expectNotFound(() => s.updateAlias({ functionName: 'f', name: 'live', functionVersion: '10' }), `Function not found: ${F}:10`)
    expect(s.getAlias({ functionName: 'f', name: 'live' })).toEqual(alias)
  })

  it('updateAlias - emits alias.changed', () => {
    const s = withVersions(2)
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    const seen: unknown[] = []
    s.on('alias.changed', (e) => seen.push(e))
    s.updateAlias({ functionName: 'f', name: 'live', functionVersion: '2' })
    expect(seen).toEqual([{ type: 'alias.changed', atMs: T0, functionName: 'f', aliasName: 'live', change: 'updated', functionVersion: '2' }])
  })

  // ------------------------------------------------------------ deleteAlias

  it('deleteAlias - removes the alias; GetAlias and invoking it are then 404', async () => {
    const s = withVersions(1)
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    const seen: string[] = []
    s.on('alias.changed', (e) => seen.push(e.change))
    s.deleteAlias({ functionName: 'f', name: 'live' })
    expect(seen).toEqual(['deleted'])
    expectNotFound(() => s.getAlias({ functionName: 'f', name: 'live' }), `Cannot find alias arn: ${F}:live`)
    const r = await s.invoke({ functionName: 'f', qualifier: 'live' })
    expect(r.statusCode).toBe(404)
    expect(r.error?.message).toBe(`Function not found: ${F}:live`)
    // The version it pointed to can now be deleted.
    s.deleteFunction({ functionName: 'f', qualifier: '1' })
  })

  it('deleteAlias - a missing alias is no error', () => {
    const s = withVersions(1)
    expect(() => s.deleteAlias({ functionName: 'f', name: 'x' })).not.toThrow()
  })

  it('deleteAlias - a missing function is 404', () => {
    const s = withVersions(0)
    expectNotFound(() => s.deleteAlias({ functionName: 'nope', name: 'x' }), `Function not found: ${ARN}:nope`)
  })

  // ------------------------------------------------------------ listAliases

  it('listAliases - sorted by name', () => {
    const s = withVersions(2)
    for (const name of ['zeta', 'Alpha', 'beta', 'alpha']) s.createAlias({ functionName: 'f', name, functionVersion: '1' })
    const { aliases, nextMarker } = s.listAliases({ functionName: 'f' })
    expect(aliases.map((a) => a.name)).toEqual(['Alpha', 'alpha', 'beta', 'zeta'])
    expect(aliases[0]).toEqual(s.getAlias({ functionName: 'f', name: 'Alpha' }))
    expect(nextMarker).toBeUndefined()
  })

  it('listAliases - filters by functionVersion, including aliases that route to it as the additional version', () => {
    const s = withVersions(3)
    s.createAlias({ functionName: 'f', name: 'a', functionVersion: '1' })
    s.createAlias({ functionName: 'f', name: 'b', functionVersion: '2' })
    s.createAlias({ functionName: 'f', name: 'c', functionVersion: '3', routingConfig: { additionalVersionWeights: { '2': 0.5 } } })
    s.createAlias({ functionName: 'f', name: 'd', functionVersion: '$LATEST' })
    const names = (functionVersion: string): string[] => s.listAliases({ functionName: 'f', functionVersion }).aliases.map((a) => a.name)
    expect(names('1')).toEqual(['a'])
    expect(names('2')).toEqual(['b', 'c'])
    expect(names('3')).toEqual(['c'])
    expect(names('$LATEST')).toEqual(['d'])
    expect(names('9')).toEqual([])
  })

  it('listAliases - pages with maxItems and nextMarker', () => {
    const s = withVersions(1)
    for (const name of ['e', 'd', 'c', 'b', 'a']) s.createAlias({ functionName: 'f', name, functionVersion: '1' })
    const pages: string[][] = []
    let marker: string | undefined
    do {
      const page = s.listAliases({ functionName: 'f', maxItems: 2, ...(marker !== undefined ? { marker } : {}) })
      pages.push(page.aliases.map((a) => a.name))
      marker = page.nextMarker
    } while (marker !== undefined)
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']])
  })

  // ------------------------------------------------------------ routing configuration errors

  it('routingConfig - two additional versions is InvalidParameterValueException', () => {
    const s = withVersions(3)
    expectInvalidParameter(
      () => s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.1, '3': 0.1 } } }),
      'Number of items in AdditionalVersionWeights cannot be greater than 1',
    )
  })

  it('routingConfig - a weight above 1 is a ValidationException printing the Java map', () => {
    const s = withVersions(2)
    expectValidation(
      () => s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 2 } } }),
      "Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
    )
  })

  it('routingConfig - a negative weight is a ValidationException printing the Java map', () => {
    const s = withVersions(2)
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    expectValidation(
      () => s.updateAlias({ functionName: 'f', name: 'live', routingConfig: { additionalVersionWeights: { '2': -1 } } }),
      "Value '{2=-1.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
    )
  })

  it('routingConfig - $LATEST as the additional version is a ValidationException on the map keys', () => {
    const s = withVersions(1)
    expectValidation(
      () => s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { $LATEST: 0.5 } } }),
      "Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must not be null]",
    )
  })

  it('routingConfig - $LATEST as the primary version with weights is InvalidParameterValueException', () => {
    const s = withVersions(1)
    expectInvalidParameter(
      () => s.createAlias({ functionName: 'f', name: 'live', functionVersion: '$LATEST', routingConfig: { additionalVersionWeights: { '1': 0.5 } } }),
      '$LATEST is not supported for an alias pointing to more than 1 version',
    )
  })

  it('routingConfig - the primary version as the additional version is InvalidParameterValueException', () => {
    const s = withVersions(1)
    expectInvalidParameter(
      () => s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '1': 0.5 } } }),
      'Invalid function version 1. Function version 1 is already included in routing configuration.',
    )
  })

  it('routingConfig - an additional version that does not exist is 404', () => {
    const s = withVersions(1)
    expectNotFound(
      () => s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '10': 0.5 } } }),
      `Function not found: ${F}:10`,
    )
  })

  it('routingConfig - versions with different execution roles cannot share an alias', () => {
    const s = withVersions(1)
    s.updateFunctionConfiguration({ functionName: 'f', role: OTHER_ROLE })
    expect(s.publishVersion({ functionName: 'f' }).role).toBe(OTHER_ROLE)
    expectInvalidParameter(
      () => s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.5 } } }),
      'Specified versions must be associated with the same execution role',
    )
    // Same role again: version 3 can share with version 2.
    s.updateFunctionConfiguration({ functionName: 'f', description: 'v3' })
    s.publishVersion({ functionName: 'f' })
    expect(s.createAlias({ functionName: 'f', name: 'live', functionVersion: '2', routingConfig: { additionalVersionWeights: { '3': 0.5 } } }).routingConfig).toEqual({
      additionalVersionWeights: { '3': 0.5 },
    })
  })

  it('routingConfig - versions with different dead-letter configurations cannot share an alias', () => {
    const s = withVersions(1)
    s.updateFunctionConfiguration({ functionName: 'f', deadLetterConfig: { targetArn: DLQ } })
    s.publishVersion({ functionName: 'f' })
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    expectInvalidParameter(
      () => s.updateAlias({ functionName: 'f', name: 'live', routingConfig: { additionalVersionWeights: { '2': 0.5 } } }),
      'Specified versions must be associated with the same dead letter queue configuration',
    )
    expect(s.getAlias({ functionName: 'f', name: 'live' }).routingConfig).toBeUndefined()
  })

  it('routingConfig - an empty routingConfig creates an alias without routingConfig', () => {
    const s = withVersions(1)
    const a = s.createAlias({ functionName: 'f', name: 'a', functionVersion: '1', routingConfig: {} })
    const b = s.createAlias({ functionName: 'f', name: 'b', functionVersion: '1', routingConfig: { additionalVersionWeights: {} } })
    expect('routingConfig' in a).toBe(false)
    expect('routingConfig' in b).toBe(false)
  })

  it('routingConfig - updateAlias with an empty weights map removes routing; without routingConfig keeps it', () => {
    const s = withVersions(3)
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.3 } } })
    expect(s.updateAlias({ functionName: 'f', name: 'live', description: 'kept' }).routingConfig).toEqual({ additionalVersionWeights: { '2': 0.3 } })
    // Moving the primary keeps the routing too.
    expect(s.updateAlias({ functionName: 'f', name: 'live', functionVersion: '3' })).toMatchObject({ functionVersion: '3', routingConfig: { additionalVersionWeights: { '2': 0.3 } } })
    const removed = s.updateAlias({ functionName: 'f', name: 'live', routingConfig: { additionalVersionWeights: {} } })
    expect('routingConfig' in removed).toBe(false)
    expect('routingConfig' in s.getAlias({ functionName: 'f', name: 'live' })).toBe(false)
  })

  it('routingConfig - an update that moves the primary onto the additional version is refused', () => {
    const s = withVersions(2)
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.3 } } })
    expectInvalidParameter(
      () => s.updateAlias({ functionName: 'f', name: 'live', functionVersion: '2' }),
      'Invalid function version 2. Function version 2 is already included in routing configuration.',
    )
  })

  it('routingConfig - weights 0 and 1 are accepted', () => {
    const s = withVersions(2)
    expect(s.createAlias({ functionName: 'f', name: 'never', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0 } } }).routingConfig).toEqual({
      additionalVersionWeights: { '2': 0 },
    })
    expect(s.createAlias({ functionName: 'f', name: 'always', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 1 } } }).routingConfig).toEqual({
      additionalVersionWeights: { '2': 1 },
    })
  })

  // ------------------------------------------------------------ invoking through an alias

  it('invoke - through an alias: invokedFunctionArn is the alias ARN, functionVersion and executedVersion the version', async () => {
    const s = withVersions(2)
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '2' })
    const r = await s.invoke({ functionName: 'f', qualifier: 'live', logType: 'Tail' })
    expect(r.statusCode).toBe(200)
    expect(r.executedVersion).toBe('2')
    expect(r.payload).toEqual({ functionVersion: '2', invokedFunctionArn: `${F}:live` })
    expect(decodeLogResult(r.logResult)).toContain(`START RequestId: ${r.requestId} Version: 2\n`)
    const byArn = await s.invoke({ functionName: `${F}:live` })
    expect(byArn.executedVersion).toBe('2')
    expect(byArn.payload).toEqual({ functionVersion: '2', invokedFunctionArn: `${F}:live` })
  })

  it('invoke - an alias runs its version\'s code in that version\'s environments', async () => {
    const s = createSimulation({ seed: 9 })
    s.createFunction({ functionName: 'f', code: codeOne })
    s.publishVersion({ functionName: 'f' })
    s.updateFunctionCode({ functionName: 'f', code: codeTwo })
    s.publishVersion({ functionName: 'f' })
    s.updateFunctionCode({ functionName: 'f', code: codeThree })
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })

    const first = await s.invoke({ functionName: 'f', qualifier: 'live' })
    expect(first.payload).toEqual({ code: 'one', functionVersion: '1', invokedFunctionArn: `${F}:live` })
    expect(s.environments('f').map((e) => e.version)).toEqual(['1'])

    // Retargeting the alias sends new invocations to the new version, in its own environment.
    s.updateAlias({ functionName: 'f', name: 'live', functionVersion: '2' })
    const second = await s.invoke({ functionName: 'f', qualifier: 'live' })
    expect(second.executedVersion).toBe('2')
    expect(second.payload).toEqual({ code: 'two', functionVersion: '2', invokedFunctionArn: `${F}:live` })
    expect(s.environments('f').map((e) => e.version).sort()).toEqual(['1', '2'])

    // Invoking version 1 directly reuses its warm environment.
    const direct = await s.invoke({ functionName: 'f', qualifier: '1' })
    expect(direct.payload).toEqual({ code: 'one', functionVersion: '1', invokedFunctionArn: `${F}:1` })
    expect(s.environments('f').filter((e) => e.version === '1').map((e) => e.invocationCount)).toEqual([2])
  })

  it('invoke - weight 0 never runs the additional version; weight 1 always does', async () => {
    const s = withVersions(2)
    s.createAlias({ functionName: 'f', name: 'never', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0 } } })
    s.createAlias({ functionName: 'f', name: 'always', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 1 } } })
    const run = async (qualifier: string): Promise<string[]> => {
      const out: string[] = []
      for (let i = 0; i < 50; i++) out.push((await s.invoke({ functionName: 'f', qualifier })).executedVersion!)
      return out
    }
    expect(new Set(await run('never'))).toEqual(new Set(['1']))
    expect(new Set(await run('always'))).toEqual(new Set(['2']))
  })

  it('invoke - a weighted alias splits traffic and reports the chosen version in the context', async () => {
    const s = withVersions(2)
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.5 } } })
    const results = []
    for (let i = 0; i < 200; i++) results.push(await s.invoke({ functionName: 'f', qualifier: 'live' }))
    const versions = new Set(results.map((r) => r.executedVersion))
    expect(versions).toEqual(new Set(['1', '2']))
    for (const r of results) expect(r.payload).toEqual({ functionVersion: r.executedVersion, invokedFunctionArn: `${F}:live` })
    expect(new Set(s.environments('f').map((e) => e.version))).toEqual(new Set(['1', '2']))
    expect(s.decisions().filter((d) => d.kind === 'alias-routing')).toHaveLength(200)
  })

  it('invoke - an alias without routing makes no routing decision', async () => {
    const s = withVersions(1)
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    await s.invoke({ functionName: 'f', qualifier: 'live' })
    expect(s.decisions().filter((d) => d.kind === 'alias-routing')).toEqual([])
  })
})
