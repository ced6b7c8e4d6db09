import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../../src/index.js'
import { decodeLogResult } from '../../../src/testing/index.js'
import { expectAwsError } from '../../support/aws-errors.js'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function'
const F = `${ARN}:f`
const T0 = Date.UTC(2024, 0, 1)



function expectNotFound(fn: () => unknown, arn: string): void {
  expectAwsError(fn, 'ResourceNotFoundException', 404, `Function not found: ${arn}`)
}

/** What a handler saw: which code ran, and the context's version and invoked ARN. */
interface Seen {
  readonly code: string
  readonly functionVersion: string
  readonly invokedFunctionArn: string
}

const codeOne = async (_e: unknown, c: any): Promise<Seen> => ({ code: 'one', functionVersion: c.functionVersion, invokedFunctionArn: c.invokedFunctionArn })
const codeTwo = async (_e: unknown, c: any): Promise<Seen> => ({ code: 'two', functionVersion: c.functionVersion, invokedFunctionArn: c.invokedFunctionArn })
const codeThree = async (_e: unknown, c: any): Promise<Seen> => ({ code: 'three', functionVersion: c.functionVersion, invokedFunctionArn: c.invokedFunctionArn })

function sim(): Simulation {
  const s = createSimulation({ seed: 7, recordEvents: true })
  s.createFunction({ functionName: 'f', code: codeOne })
  return s
}

describe('versions', () => {
  // ------------------------------------------------------------ publishVersion

  it('publishVersion - numbers versions 1, 2, 3 with a qualified FunctionArn', () => {
    const s = sim()
    const published: [string, string][] = []
    for (let i = 1; i <= 3; i++) {
      s.updateFunctionConfiguration({ functionName: 'f', description: `rev ${i}` })
      const v = s.publishVersion({ functionName: 'f' })
      published.push([v.version, v.functionArn])
    }
    expect(published).toEqual([
      ['1', `${F}:1`],
      ['2', `${F}:2`],
      ['3', `${F}:3`],
    ])
  })

  it('publishVersion - the version copies $LATEST and gets its own RevisionId; $LATEST is unchanged', () => {
    const s = sim()
    s.updateFunctionConfiguration({ functionName: 'f', description: 'base', memorySize: 256, timeout: 10 })
    const latest = s.getFunctionConfiguration({ functionName: 'f' })
    const v = s.publishVersion({ functionName: 'f' })
    expect(v).toMatchObject({
      functionName: 'f',
      version: '1',
      functionArn: `${F}:1`,
      description: 'base',
      memorySize: 256,
      timeout: 10,
      codeSha256: latest.codeSha256,
      codeSize: latest.codeSize,
      role: latest.role,
      lastUpdateStatus: 'Successful',
    })
    expect(v.revisionId).not.toBe(latest.revisionId)
    expect(s.getFunctionConfiguration({ functionName: 'f' })).toEqual(latest)
  })

  it('publishVersion - a given description goes on the version; $LATEST keeps its own', () => {
    const s = sim()
    s.updateFunctionConfiguration({ functionName: 'f', description: 'latest text' })
    expect(s.publishVersion({ functionName: 'f', description: 'First version' }).description).toBe('First version')
    expect(s.getFunctionConfiguration({ functionName: 'f' }).description).toBe('latest text')
    expect(s.getFunctionConfiguration({ functionName: 'f', qualifier: '1' }).description).toBe('First version')
  })

  it('publishVersion - the snapshot is immutable: updating $LATEST code and config does not change version 1', async () => {
    const s = sim()
    s.updateFunctionConfiguration({ functionName: 'f', memorySize: 256 })
    const v1 = s.publishVersion({ functionName: 'f' })
    s.updateFunctionCode({ functionName: 'f', code: codeTwo })
    s.updateFunctionConfiguration({ functionName: 'f', memorySize: 512, description: 'changed' })

    expect(s.getFunctionConfiguration({ functionName: 'f', qualifier: '1' })).toEqual(v1)
    expect(s.getFunctionConfiguration({ functionName: 'f' }).codeSha256).not.toBe(v1.codeSha256)

    const old = await s.invoke({ functionName: 'f:1', logType: 'Tail' })
    expect(old.executedVersion).toBe('1')
    expect(old.payload).toEqual({ code: 'one', functionVersion: '1', invokedFunctionArn: `${F}:1` })
    expect(decodeLogResult(old.logResult)).toContain(`START RequestId: ${old.requestId} Version: 1`)
    expect(decodeLogResult(old.logResult)).toContain('Memory Size: 256 MB')

    const latest = await s.invoke({ functionName: 'f' })
    expect(latest.executedVersion).toBe('$LATEST')
    expect(latest.payload).toEqual({ code: 'two', functionVersion: '$LATEST', invokedFunctionArn: F })
  })

  it('publishVersion - with $LATEST unchanged returns the same version, same RevisionId, and ignores a new description', () => {
    const s = sim()
    const published: string[] = []
    s.on('version.published', (e) => published.push(e.version))
    const first = s.publishVersion({ functionName: 'f', description: 'first' })
    const again = s.publishVersion({ functionName: 'f', description: 'ignored' })
    expect(again).toEqual(first)
    expect(again.description).toBe('first')
    expect(published).toEqual(['1'])
    expect(s.listVersionsByFunction({ functionName: 'f' }).versions.map((v) => v.version)).toEqual(['$LATEST', '1'])
  })

  it('publishVersion - a description-only configuration update makes the next publish a new version', () => {
    const s = sim()
    expect(s.publishVersion({ functionName: 'f' }).version).toBe('1')
    s.updateFunctionConfiguration({ functionName: 'f', description: 'only the description' })
    const v2 = s.publishVersion({ functionName: 'f' })
    expect(v2.version).toBe('2')
    expect(v2.description).toBe('only the description')
  })

  it('publishVersion - an update that sets the same values still counts as a change', () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    s.updateFunctionConfiguration({ functionName: 'f', timeout: 3 })
    expect(s.publishVersion({ functionName: 'f' }).version).toBe('2')
    s.updateFunctionCode({ functionName: 'f', code: codeOne })
    expect(s.publishVersion({ functionName: 'f' }).version).toBe('3')
  })

  it('publishVersion - a code update makes the next publish a new version with the new CodeSha256', () => {
    const s = sim()
    const v1 = s.publishVersion({ functionName: 'f' })
    const updated = s.updateFunctionCode({ functionName: 'f', code: codeTwo })
    const v2 = s.publishVersion({ functionName: 'f' })
    expect(v2.version).toBe('2')
    expect(v2.codeSha256).toBe(updated.codeSha256)
    expect(v2.codeSha256).not.toBe(v1.codeSha256)
  })

  it('publishVersion - CodeSha256 that differs from $LATEST is InvalidParameterValueException (400)', () => {
    const s = sim()
    const current = s.getFunctionConfiguration({ functionName: 'f' }).codeSha256
    expectAwsError(
      () => s.publishVersion({ functionName: 'f', codeSha256: 'somenonexistentsha256' }),
      'InvalidParameterValueException',
      400,
      `CodeSHA256 (somenonexistentsha256) is different from current CodeSHA256 in $LATEST (${current}). Please try again with the CodeSHA256 in $LATEST.`,
    )
    expect(s.listVersionsByFunction({ functionName: 'f' }).versions).toHaveLength(1)
    expect(s.publishVersion({ functionName: 'f', codeSha256: current }).version).toBe('1')
  })

  it('publishVersion - a RevisionId that is not $LATEST\'s is PreconditionFailedException (412)', () => {
    const s = sim()
    const before = s.getFunctionConfiguration({ functionName: 'f' }).revisionId
    const after = s.updateFunctionConfiguration({ functionName: 'f', description: 'moved on' }).revisionId
    expectAwsError(
      () => s.publishVersion({ functionName: 'f', revisionId: before }),
      'PreconditionFailedException',
      412,
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    )
    expect(s.listVersionsByFunction({ functionName: 'f' }).versions).toHaveLength(1)
    expect(s.publishVersion({ functionName: 'f', revisionId: after }).version).toBe('1')
  })

  it('publishVersion - a missing function is 404 with its ARN', () => {
    const s = sim()
    expectNotFound(() => s.publishVersion({ functionName: 'nope' }), `${ARN}:nope`)
  })

  it('publishVersion - createFunction with publish: true returns version 1', () => {
    const s = createSimulation({ seed: 1 })
    const created = s.createFunction({ functionName: 'g', code: codeOne, publish: true })
    expect(created.version).toBe('1')
    expect(created.functionArn).toBe(`${ARN}:g:1`)
    expect(s.listVersionsByFunction({ functionName: 'g' }).versions.map((v) => v.version)).toEqual(['$LATEST', '1'])
  })

  it('publishVersion - updateFunctionCode with publish: true publishes the new code', async () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    const published = s.updateFunctionCode({ functionName: 'f', code: codeTwo, publish: true })
    expect(published.version).toBe('2')
    expect(published.functionArn).toBe(`${F}:2`)
    expect(published.codeSha256).toBe(s.getFunctionConfiguration({ functionName: 'f' }).codeSha256)
    expect((await s.invoke({ functionName: 'f', qualifier: '2' })).payload).toMatchObject({ code: 'two', functionVersion: '2' })
  })

  it('publishVersion - numbers are never reused after a version is deleted', () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    s.updateFunctionConfiguration({ functionName: 'f', description: 'b' })
    s.publishVersion({ functionName: 'f' })
    s.deleteFunction({ functionName: 'f', qualifier: '2' })
    s.deleteFunction({ functionName: 'f', qualifier: '1' })
    s.updateFunctionConfiguration({ functionName: 'f', description: 'c' })
    expect(s.publishVersion({ functionName: 'f' }).version).toBe('3')
    expect(s.listVersionsByFunction({ functionName: 'f' }).versions.map((v) => v.version)).toEqual(['$LATEST', '3'])
  })

  it('publishVersion - after the newest version is deleted, an unchanged $LATEST is not answered with an older snapshot', () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    s.updateFunctionCode({ functionName: 'f', code: codeTwo })
    s.publishVersion({ functionName: 'f' })
    s.deleteFunction({ functionName: 'f', qualifier: '2' })
    const again = s.publishVersion({ functionName: 'f' })
    expect(again.codeSha256).toBe(s.getFunctionConfiguration({ functionName: 'f' }).codeSha256)
    expect(again.version).toBe('3')
  })

  it('publishVersion - emits version.published', () => {
    const s = sim()
    const seen: unknown[] = []
    s.on('version.published', (event) => seen.push(event))
    s.publishVersion({ functionName: 'f' })
    expect(seen).toEqual([{ type: 'version.published', atMs: T0, functionName: 'f', version: '1' }])
  })

  // ------------------------------------------------------------ listVersionsByFunction

  it('listVersionsByFunction - $LATEST first with a qualified ARN, then ascending versions', () => {
    const s = sim()
    for (let i = 0; i < 11; i++) {
      s.updateFunctionConfiguration({ functionName: 'f', description: `d${i}` })
      s.publishVersion({ functionName: 'f' })
    }
    const { versions, nextMarker } = s.listVersionsByFunction({ functionName: 'f' })
    expect(nextMarker).toBeUndefined()
    expect(versions.map((v) => v.version)).toEqual(['$LATEST', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'])
    expect(versions[0]!.functionArn).toBe(`${F}:$LATEST`)
    expect(versions[10]!.functionArn).toBe(`${F}:10`)
    // The listing qualifies $LATEST's ARN; GetFunctionConfiguration does not.
    expect(s.getFunctionConfiguration({ functionName: 'f' }).functionArn).toBe(F)
  })

  it('listVersionsByFunction - pages with maxItems and nextMarker', () => {
    const s = sim()
    for (let i = 0; i < 3; i++) {
      s.updateFunctionConfiguration({ functionName: 'f', description: `d${i}` })
      s.publishVersion({ functionName: 'f' })
    }
    const first = s.listVersionsByFunction({ functionName: 'f', maxItems: 2 })
    expect(first.versions.map((v) => v.version)).toEqual(['$LATEST', '1'])
    expect(first.nextMarker).toBeDefined()
    const second = s.listVersionsByFunction({ functionName: 'f', maxItems: 2, marker: first.nextMarker! })
    expect(second.versions.map((v) => v.version)).toEqual(['2', '3'])
    expect(second.nextMarker).toBeUndefined()
  })

  it('listVersionsByFunction - a missing function is 404', () => {
    const s = sim()
    expectNotFound(() => s.listVersionsByFunction({ functionName: 'nope' }), `${ARN}:nope`)
  })

  // ------------------------------------------------------------ deleteFunction with a qualifier

  it('deleteFunction - with a version qualifier deletes only that version; invoking it is then 404', async () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    await s.invoke({ functionName: 'f', qualifier: '1' })
    expect(s.environments('f').map((e) => e.version)).toEqual(['1'])
    const deleted: unknown[] = []
    s.on('version.deleted', (e) => deleted.push(e))
    s.deleteFunction({ functionName: 'f', qualifier: '1' })
    expect(deleted).toEqual([{ type: 'version.deleted', atMs: s.nowMs, functionName: 'f', version: '1' }])
    expect(s.listVersionsByFunction({ functionName: 'f' }).versions.map((v) => v.version)).toEqual(['$LATEST'])
    expect(s.environments('f').filter((e) => e.version === '1' && e.state !== 'gone')).toEqual([])
    const r = await s.invoke({ functionName: 'f:1' })
    expect(r.statusCode).toBe(404)
    expect(r.error?.name).toBe('ResourceNotFoundException')
    expect(r.error?.message).toBe(`Function not found: ${F}:1`)
    expectNotFound(() => s.getFunctionConfiguration({ functionName: 'f', qualifier: '1' }), `${F}:1`)
    expect((await s.invoke({ functionName: 'f' })).statusCode).toBe(200)
  })

  it('deleteFunction - a qualified ARN deletes that version', () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    s.deleteFunction({ functionName: `${F}:1` })
    expect(s.listVersionsByFunction({ functionName: 'f' }).versions.map((v) => v.version)).toEqual(['$LATEST'])
  })

  it('deleteFunction - $LATEST cannot be deleted on its own', () => {
    const s = sim()
    expectAwsError(
      () => s.deleteFunction({ functionName: 'f', qualifier: '$LATEST' }),
      'InvalidParameterValueException',
      400,
      '$LATEST version cannot be deleted without deleting the function.',
    )
    expect(s.getFunctionConfiguration({ functionName: 'f' }).functionName).toBe('f')
  })

  it('deleteFunction - an alias qualifier is refused', () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    expectAwsError(() => s.deleteFunction({ functionName: 'f', qualifier: 'live' }), 'InvalidParameterValueException', 400, 'Deletion of aliases is not currently supported.')
    expect(s.getAlias({ functionName: 'f', name: 'live' }).functionVersion).toBe('1')
  })

  it('deleteFunction - a version that an alias points to (primary) is 409', () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    expectAwsError(
      () => s.deleteFunction({ functionName: 'f', qualifier: '1' }),
      'ResourceConflictException',
      409,
      'Unable to delete version because the following aliases reference it: [live]',
    )
    expect(s.getFunctionConfiguration({ functionName: 'f', qualifier: '1' }).version).toBe('1')
  })

  it('deleteFunction - a version that an alias routes to as its additional version is 409', () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    s.updateFunctionConfiguration({ functionName: 'f', description: 'v2' })
    s.publishVersion({ functionName: 'f' })
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.1 } } })
    expectAwsError(
      () => s.deleteFunction({ functionName: 'f', qualifier: '2' }),
      'ResourceConflictException',
      409,
      'Unable to delete version because the following aliases reference it: [live]',
    )
    // Once the alias stops referencing it, the version can go.
    s.updateAlias({ functionName: 'f', name: 'live', routingConfig: { additionalVersionWeights: {} } })
    s.deleteFunction({ functionName: 'f', qualifier: '2' })
    expect(s.listVersionsByFunction({ functionName: 'f' }).versions.map((v) => v.version)).toEqual(['$LATEST', '1'])
  })

  it('deleteFunction - a version that does not exist is no error (idempotent)', () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    expect(() => s.deleteFunction({ functionName: 'f', qualifier: '42' })).not.toThrow()
    s.deleteFunction({ functionName: 'f', qualifier: '1' })
    expect(() => s.deleteFunction({ functionName: 'f', qualifier: '1' })).not.toThrow()
  })

  it('deleteFunction - with a qualifier on a missing function is 404 with the unqualified ARN', () => {
    const s = sim()
    expectNotFound(() => s.deleteFunction({ functionName: 'nope', qualifier: '1' }), `${ARN}:nope`)
  })

  // ------------------------------------------------------------ getFunction with a qualifier

  it('getFunction - a version qualifier answers that version\'s configuration', () => {
    const s = sim()
    s.updateFunctionConfiguration({ functionName: 'f', description: 'one' })
    const v1 = s.publishVersion({ functionName: 'f' })
    s.updateFunctionCode({ functionName: 'f', code: codeTwo })
    s.updateFunctionConfiguration({ functionName: 'f', description: 'two' })
    const v2 = s.publishVersion({ functionName: 'f' })
    expect(s.getFunction({ functionName: 'f', qualifier: '1' }).configuration).toEqual(v1)
    expect(s.getFunction({ functionName: 'f:2' }).configuration).toEqual(v2)
    expect(s.getFunctionConfiguration({ functionName: 'f', qualifier: '1' })).toEqual(v1)
    expect(s.getFunctionConfiguration({ functionName: `${F}:2` })).toEqual(v2)
    expect(s.getFunctionConfiguration({ functionName: 'f', qualifier: '$LATEST' }).version).toBe('$LATEST')
  })

  it('getFunction - an alias qualifier answers its primary version\'s configuration, under the alias\'s ARN', () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    s.updateFunctionConfiguration({ functionName: 'f', description: 'two' })
    const v2 = s.publishVersion({ functionName: 'f' })
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '2', routingConfig: { additionalVersionWeights: { '1': 0.5 } } })
    // Read through the alias, FunctionArn is the alias's ARN; Version is the version it points to.
    const throughAlias = { ...v2, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f:live' }
    expect(s.getFunction({ functionName: 'f', qualifier: 'live' }).configuration).toEqual(throughAlias)
    expect(s.getFunctionConfiguration({ functionName: 'f:live' })).toEqual(throughAlias)
  })

  it('getFunction - a missing version or alias is 404 with the qualified ARN', () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    expectNotFound(() => s.getFunction({ functionName: 'f', qualifier: '7' }), `${F}:7`)
    expectNotFound(() => s.getFunctionConfiguration({ functionName: 'f', qualifier: '7' }), `${F}:7`)
    expectNotFound(() => s.getFunction({ functionName: 'f', qualifier: 'nope' }), `${F}:nope`)
    expectNotFound(() => s.getFunctionConfiguration({ functionName: 'f:nope' }), `${F}:nope`)
  })

  // ------------------------------------------------------------ invoking versions

  it('invoke - each version runs in its own environments', async () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    s.updateFunctionCode({ functionName: 'f', code: codeThree })
    s.publishVersion({ functionName: 'f' })
    const results = await Promise.all([
      s.invoke({ functionName: 'f', qualifier: '1' }),
      s.invoke({ functionName: 'f', qualifier: '2' }),
      s.invoke({ functionName: 'f' }),
    ])
    expect(results.map((r) => [r.executedVersion, (r.payload as Seen).code, (r.payload as Seen).functionVersion])).toEqual([
      ['1', 'one', '1'],
      ['2', 'three', '2'],
      ['$LATEST', 'three', '$LATEST'],
    ])
    expect(s.environments('f').map((e) => e.version).sort()).toEqual(['$LATEST', '1', '2'])
    // A warm invocation of version 1 reuses version 1's environment.
    await s.invoke({ functionName: 'f', qualifier: '1' })
    const v1 = s.environments('f').filter((e) => e.version === '1')
    expect(v1).toHaveLength(1)
    expect(v1[0]!.invocationCount).toBe(2)
  })

  it('invoke - updating $LATEST retires only $LATEST environments, not a version\'s', async () => {
    const s = sim()
    s.publishVersion({ functionName: 'f' })
    await s.invoke({ functionName: 'f', qualifier: '1' })
    await s.invoke({ functionName: 'f' })
    const v1Env = s.environments('f').find((e) => e.version === '1')!.environmentId
    s.updateFunctionCode({ functionName: 'f', code: codeTwo })
    await s.invoke({ functionName: 'f', qualifier: '1' })
    const after = s.environments('f').find((e) => e.version === '1')!
    expect(after.environmentId).toBe(v1Env)
    expect(after.invocationCount).toBe(2)
  })
})
