import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../../src/index.js'
import { expectAwsError } from '../../support/aws-errors.js'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function'
const F = `${ARN}:f`
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
// AddPermission / RemovePermission send the caller to GetPolicy (the model's PreconditionFailedException documentation).
const REVISION_MISMATCH = 'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id'
const NO_POLICY = 'The resource you requested does not exist.'
const OTHER = '111122223333'
const THIRD = '444455556666'



function expectNotFound(fn: () => unknown, message: string): void {
  expectAwsError(fn, 'ResourceNotFoundException', 404, message)
}

function denial(user: string, resource: string): string {
  return `User: ${user} is not authorized to perform: lambda:InvokeFunction on resource: ${resource} because no resource-based policy allows the lambda:InvokeFunction action`
}

/** `f` with versions 1 and 2 and alias `live` → 1. */
function setup(seed = 7): Simulation {
  const s = createSimulation({ seed, recordEvents: true })
  s.createFunction({ functionName: 'f', code: async (_e: unknown, c: any) => ({ version: c.functionVersion }) })
  for (const description of ['one', 'two']) {
    s.updateFunctionConfiguration({ functionName: 'f', description })
    s.publishVersion({ functionName: 'f' })
  }
  s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
  return s
}

function statementOf(s: Simulation, input: Parameters<Simulation['addPermission']>[0]): unknown {
  return JSON.parse(s.addPermission(input).statement)
}

function policyOf(s: Simulation, qualifier?: string): { Version: string; Id: string; Statement: { Sid: string }[] } {
  return JSON.parse(s.getPolicy({ functionName: 'f', ...(qualifier !== undefined ? { qualifier } : {}) }).policy)
}

const grant = { functionName: 'f', action: 'lambda:InvokeFunction' } as const

describe('permissions', () => {
  // ------------------------------------------------------------ addPermission: statement shape

  it('addPermission - a service principal renders as {"Service":…} with the unqualified Resource', () => {
    const s = setup()
    const out = s.addPermission({ ...grant, statementId: 's3', principal: 's3.amazonaws.com' })
    expect(out.statement).toBe(
      `{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"${F}"}`,
    )
  })

  it('addPermission - an account id renders as its root ARN', () => {
    const s = setup()
    expect(statementOf(s, { ...grant, statementId: 'acct', principal: OTHER })).toEqual({
      Sid: 'acct',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
      Action: 'lambda:InvokeFunction',
      Resource: F,
    })
  })

  it('addPermission - an IAM ARN is kept as {"AWS":…}', () => {
    const s = setup()
    expect(statementOf(s, { ...grant, statementId: 'role', principal: `arn:aws:iam::${OTHER}:role/caller` })).toMatchObject({
      Principal: { AWS: `arn:aws:iam::${OTHER}:role/caller` },
    })
  })

  it('addPermission - * stays a plain string', () => {
    const s = setup()
    expect(statementOf(s, { ...grant, statementId: 'all', principal: '*' })).toMatchObject({ Principal: '*' })
  })

  it('addPermission - SourceAccount under StringEquals comes before SourceArn under ArnLike', () => {
    const s = setup()
    const out = s.addPermission({
      ...grant,
      statementId: 's3',
      principal: 's3.amazonaws.com',
      sourceArn: 'arn:aws:s3:::bucket',
      sourceAccount: '123456789012',
    })
    expect(out.statement).toBe(
      `{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"${F}",` +
        `"Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"}}}`,
    )
  })

  it('addPermission - the other condition keys (org id, function URL auth type, event source token)', () => {
    const s = setup()
    const out = s.addPermission({
      functionName: 'f',
      action: 'lambda:InvokeFunctionUrl',
      statementId: 'url',
      principal: '*',
      principalOrgID: 'o-abc1234567',
      functionUrlAuthType: 'NONE',
      sourceAccount: OTHER,
      eventSourceToken: 'amzn1.ask.skill.x',
    })
    expect(JSON.parse(out.statement).Condition).toEqual({
      StringEquals: {
        'lambda:FunctionUrlAuthType': 'NONE',
        'aws:PrincipalOrgID': 'o-abc1234567',
        'AWS:SourceAccount': OTHER,
        'lambda:EventSourceToken': 'amzn1.ask.skill.x',
      },
    })
    expect(Object.keys(JSON.parse(out.statement).Condition.StringEquals)).toEqual([
      'lambda:FunctionUrlAuthType',
      'aws:PrincipalOrgID',
      'AWS:SourceAccount',
      'lambda:EventSourceToken',
    ])
  })

  it('addPermission - a qualifier makes the Resource the version or alias ARN', () => {
    const s = setup()
    expect(statementOf(s, { ...grant, qualifier: '1', statementId: 'v', principal: OTHER })).toMatchObject({ Resource: `${F}:1` })
    expect(statementOf(s, { ...grant, qualifier: 'live', statementId: 'a', principal: OTHER })).toMatchObject({ Resource: `${F}:live` })
    expect(statementOf(s, { functionName: `${F}:2`, action: 'lambda:InvokeFunction', statementId: 'arn', principal: OTHER })).toMatchObject({
      Resource: `${F}:2`,
    })
  })

  // ------------------------------------------------------------ getPolicy

  it('getPolicy - the document with Version, Id and the statements in order, plus a revision id', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: 's3.amazonaws.com' })
    s.addPermission({ ...grant, statementId: 'b', principal: OTHER })
    const out = s.getPolicy({ functionName: 'f' })
    expect(out.policy).toBe(
      `{"Version":"2012-10-17","Id":"default","Statement":[` +
        `{"Sid":"a","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"${F}"},` +
        `{"Sid":"b","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OTHER}:root"},"Action":"lambda:InvokeFunction","Resource":"${F}"}]}`,
    )
    expect(out.revisionId).toMatch(UUID)
  })

  it('getPolicy - each add issues a new revision id', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    const first = s.getPolicy({ functionName: 'f' }).revisionId
    s.addPermission({ ...grant, statementId: 'b', principal: OTHER })
    expect(s.getPolicy({ functionName: 'f' }).revisionId).not.toBe(first)
  })

  it('getPolicy - no policy → "The resource you requested does not exist."', () => {
    const s = setup()
    expectNotFound(() => s.getPolicy({ functionName: 'f' }), NO_POLICY)
    expectNotFound(() => s.getPolicy({ functionName: 'f', qualifier: 'live' }), NO_POLICY)
  })

  it('getPolicy - missing function, version or alias', () => {
    const s = setup()
    expectNotFound(() => s.getPolicy({ functionName: 'nope' }), `Function not found: ${ARN}:nope`)
    expectNotFound(() => s.getPolicy({ functionName: 'f', qualifier: '42' }), `Function not found: ${F}:42`)
    expectNotFound(() => s.getPolicy({ functionName: 'f', qualifier: 'gone' }), `Cannot find alias arn: ${F}:gone`)
  })

  it('getPolicy - each qualifier has its own policy; the same sid may be used on each', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'same', principal: OTHER })
    s.addPermission({ ...grant, qualifier: '1', statementId: 'same', principal: THIRD })
    s.addPermission({ ...grant, qualifier: 'live', statementId: 'same', principal: 's3.amazonaws.com' })
    expect(policyOf(s).Statement).toMatchObject([{ Sid: 'same', Resource: F, Principal: { AWS: `arn:aws:iam::${OTHER}:root` } }])
    expect(policyOf(s, '1').Statement).toMatchObject([{ Sid: 'same', Resource: `${F}:1`, Principal: { AWS: `arn:aws:iam::${THIRD}:root` } }])
    expect(policyOf(s, 'live').Statement).toMatchObject([{ Sid: 'same', Resource: `${F}:live`, Principal: { Service: 's3.amazonaws.com' } }])
    expectNotFound(() => s.getPolicy({ functionName: 'f', qualifier: '2' }), NO_POLICY)
  })

  it('getPolicy - a newly published version starts with no policy', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    s.updateFunctionConfiguration({ functionName: 'f', description: 'three' })
    expect(s.publishVersion({ functionName: 'f' }).version).toBe('3')
    expectNotFound(() => s.getPolicy({ functionName: 'f', qualifier: '3' }), NO_POLICY)
  })

  it('getPolicy - $LATEST shows the unqualified function’s policy', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    expect(policyOf(s, '$LATEST').Statement.map((st) => st.Sid)).toEqual(['a'])
  })

  it('getPolicy - a deleted and re-created alias starts with no policy', () => {
    const s = setup()
    s.addPermission({ ...grant, qualifier: 'live', statementId: 'a', principal: OTHER })
    s.deleteAlias({ functionName: 'f', name: 'live' })
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '2' })
    expectNotFound(() => s.getPolicy({ functionName: 'f', qualifier: 'live' }), NO_POLICY)
  })

  // ------------------------------------------------------------ addPermission: errors

  it('addPermission - duplicate statement id on the same qualifier → 409', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 's3', principal: 's3.amazonaws.com' })
    expectAwsError(
      () => s.addPermission({ ...grant, statementId: 's3', principal: OTHER }),
      'ResourceConflictException',
      409,
      'The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.',
    )
    expect(policyOf(s).Statement).toHaveLength(1)
  })

  it('addPermission - $LATEST qualifier is refused', () => {
    const s = setup()
    expectAwsError(
      () => s.addPermission({ ...grant, qualifier: '$LATEST', statementId: 'a', principal: OTHER }),
      'InvalidParameterValueException',
      400,
      'We currently do not support adding policies for $LATEST.',
    )
    expectAwsError(
      () => s.addPermission({ functionName: `${F}:$LATEST`, action: 'lambda:InvokeFunction', statementId: 'a', principal: OTHER }),
      'InvalidParameterValueException',
      400,
      'We currently do not support adding policies for $LATEST.',
    )
  })

  it('addPermission - an invalid principal', () => {
    const s = setup()
    for (const principal of ['not-a-principal', '12345', 'arn:aws:s3:::bucket']) {
      expectAwsError(
        () => s.addPermission({ ...grant, statementId: 'a', principal }),
        'InvalidParameterValueException',
        400,
        'The provided principal was invalid. Please check the principal and try again.',
      )
    }
  })

  it('addPermission - a statement id outside ([a-zA-Z0-9-_]+) is a ValidationException', () => {
    const s = setup()
    expectAwsError(
      () => s.addPermission({ ...grant, statementId: 'example.com', principal: OTHER }),
      'ValidationException',
      400,
      "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
    )
  })

  it('addPermission - a bad qualifier is a ValidationException', () => {
    const s = setup()
    expectAwsError(
      () => s.addPermission({ ...grant, qualifier: 'invalid-qualifier-with-?-char', statementId: 'a', principal: OTHER }),
      'ValidationException',
      400,
      "1 validation error detected: Value 'invalid-qualifier-with-?-char' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+",
    )
  })

  it('addPermission - missing function, version or alias', () => {
    const s = setup()
    expectNotFound(() => s.addPermission({ functionName: 'nope', action: 'lambda:InvokeFunction', statementId: 'a', principal: OTHER }), `Function not found: ${ARN}:nope`)
    expectNotFound(() => s.addPermission({ ...grant, qualifier: '42', statementId: 'a', principal: OTHER }), `Function not found: ${F}:42`)
    expectNotFound(
      () => s.addPermission({ ...grant, qualifier: 'alias-doesnotexist', statementId: 'a', principal: OTHER }),
      `Cannot find alias arn: ${F}:alias-doesnotexist`,
    )
  })

  it('addPermission - RevisionId must match the policy’s current revision (412)', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    const { revisionId } = s.getPolicy({ functionName: 'f' })
    expectAwsError(
      () => s.addPermission({ ...grant, statementId: 'b', principal: OTHER, revisionId: '00000000-0000-0000-0000-000000000000' }),
      'PreconditionFailedException',
      412,
      REVISION_MISMATCH,
    )
    expect(policyOf(s).Statement.map((st) => st.Sid)).toEqual(['a'])
    s.addPermission({ ...grant, statementId: 'b', principal: OTHER, revisionId })
    expect(policyOf(s).Statement.map((st) => st.Sid)).toEqual(['a', 'b'])
    // The revision moved on: the old one no longer matches.
    expectAwsError(() => s.addPermission({ ...grant, statementId: 'c', principal: OTHER, revisionId }), 'PreconditionFailedException', 412, REVISION_MISMATCH)
  })

  it('addPermission - emits permission.changed', () => {
    const s = setup()
    s.addPermission({ ...grant, qualifier: 'live', statementId: 'a', principal: OTHER })
    s.addPermission({ ...grant, statementId: 'b', principal: OTHER })
    s.removePermission({ functionName: 'f', statementId: 'b' })
    expect(s.events().filter((e) => e.type === 'permission.changed')).toEqual([
      { type: 'permission.changed', atMs: s.nowMs, functionName: 'f', qualifier: 'live', statementId: 'a', change: 'added' },
      { type: 'permission.changed', atMs: s.nowMs, functionName: 'f', qualifier: '', statementId: 'b', change: 'added' },
      { type: 'permission.changed', atMs: s.nowMs, functionName: 'f', qualifier: '', statementId: 'b', change: 'removed' },
    ])
  })

  // ------------------------------------------------------------ removePermission

  it('removePermission - removes one statement and keeps the rest under a new revision', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    s.addPermission({ ...grant, statementId: 'b', principal: THIRD })
    const before = s.getPolicy({ functionName: 'f' }).revisionId
    s.removePermission({ functionName: 'f', statementId: 'a' })
    expect(policyOf(s).Statement.map((st) => st.Sid)).toEqual(['b'])
    expect(s.getPolicy({ functionName: 'f' }).revisionId).not.toBe(before)
  })

  it('removePermission - removing the last statement removes the policy', () => {
    const s = setup()
    s.addPermission({ ...grant, qualifier: '1', statementId: 'a', principal: OTHER })
    s.removePermission({ functionName: 'f', qualifier: '1', statementId: 'a' })
    expectNotFound(() => s.getPolicy({ functionName: 'f', qualifier: '1' }), NO_POLICY)
    expectNotFound(() => s.removePermission({ functionName: 'f', qualifier: '1', statementId: 'a' }), 'No policy is associated with the given resource.')
  })

  it('removePermission - only touches the named qualifier', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    s.addPermission({ ...grant, qualifier: 'live', statementId: 'a', principal: OTHER })
    s.removePermission({ functionName: 'f', qualifier: 'live', statementId: 'a' })
    expect(policyOf(s).Statement.map((st) => st.Sid)).toEqual(['a'])
  })

  it('removePermission - unknown statement id', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    expectNotFound(() => s.removePermission({ functionName: 'f', statementId: 'non-existent' }), 'Statement non-existent is not found in resource policy.')
  })

  it('removePermission - no policy on that qualifier', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    expectNotFound(() => s.removePermission({ functionName: 'f', qualifier: 'live', statementId: 'a' }), 'No policy is associated with the given resource.')
  })

  it('removePermission - missing function → "No policy found for" the unqualified ARN', () => {
    const s = setup()
    expectNotFound(() => s.removePermission({ functionName: 'nope', statementId: 'a' }), `No policy found for: ${ARN}:nope`)
    expectNotFound(() => s.removePermission({ functionName: 'nope', qualifier: 'live', statementId: 'a' }), `No policy found for: ${ARN}:nope`)
  })

  it('removePermission - missing version or alias', () => {
    const s = setup()
    expectNotFound(() => s.removePermission({ functionName: 'f', qualifier: '42', statementId: 'a' }), `Function not found: ${F}:42`)
    expectNotFound(() => s.removePermission({ functionName: 'f', qualifier: 'gone', statementId: 'a' }), `Cannot find alias arn: ${F}:gone`)
  })

  it('removePermission - RevisionId must match (412)', () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    const { revisionId } = s.getPolicy({ functionName: 'f' })
    expectAwsError(
      () => s.removePermission({ functionName: 'f', statementId: 'a', revisionId: 'wrong' }),
      'PreconditionFailedException',
      412,
      REVISION_MISMATCH,
    )
    expect(policyOf(s).Statement).toHaveLength(1)
    s.removePermission({ functionName: 'f', statementId: 'a', revisionId })
    expectNotFound(() => s.getPolicy({ functionName: 'f' }), NO_POLICY)
  })

  // ------------------------------------------------------------ invoke: enforcement

  it('invoke - no caller is the function’s own account: allowed without a policy', async () => {
    const s = setup()
    const result = await s.invoke({ functionName: 'f' })
    expect(result.statusCode).toBe(200)
    expect(result.error).toBeUndefined()
  })

  it('invoke - a caller of the same account is allowed without a policy', async () => {
    const s = setup()
    for (const principal of ['123456789012', 'arn:aws:iam::123456789012:role/app', 'arn:aws:sts::123456789012:assumed-role/app/session']) {
      const result = await s.invoke({ functionName: 'f', caller: { principal } })
      expect(result.statusCode).toBe(200)
    }
  })

  it('invoke - another account without a grant → 403 with AWS’s text', async () => {
    const s = setup()
    const result = await s.invoke({ functionName: 'f', caller: { principal: OTHER } })
    expect(result.statusCode).toBe(403)
    expect(result.error?.name).toBe('AccessDeniedException')
    expect(result.error?.message).toBe(denial(`arn:aws:iam::${OTHER}:root`, F))
    expect(result.payload).toEqual({ Type: 'User', Message: denial(`arn:aws:iam::${OTHER}:root`, F) })
    expect(JSON.parse(result.payloadJson)).toEqual(result.payload)
  })

  it('invoke - the denial names the ARN as invoked, qualifier included', async () => {
    const s = setup()
    const user = `arn:aws:iam::${OTHER}:root`
    expect((await s.invoke({ functionName: 'f', qualifier: '1', caller: { principal: OTHER } })).error?.message).toBe(denial(user, `${F}:1`))
    expect((await s.invoke({ functionName: 'f', qualifier: 'live', caller: { principal: OTHER } })).error?.message).toBe(denial(user, `${F}:live`))
    expect((await s.invoke({ functionName: `${F}:$LATEST`, caller: { principal: OTHER } })).error?.message).toBe(denial(user, `${F}:$LATEST`))
  })

  it('invoke - an IAM or service caller is named as given', async () => {
    const s = setup()
    const role = `arn:aws:iam::${OTHER}:role/caller`
    expect((await s.invoke({ functionName: 'f', caller: { principal: role } })).error?.message).toBe(denial(role, F))
    expect((await s.invoke({ functionName: 'f', caller: { principal: 'sns.amazonaws.com' } })).error?.message).toBe(denial('sns.amazonaws.com', F))
  })

  it('invoke - an account grant allows that account’s root and any IAM principal of it, no other account', async () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'acct', principal: OTHER })
    expect((await s.invoke({ functionName: 'f', caller: { principal: OTHER } })).statusCode).toBe(200)
    expect((await s.invoke({ functionName: 'f', caller: { principal: `arn:aws:iam::${OTHER}:user/alice` } })).statusCode).toBe(200)
    expect((await s.invoke({ functionName: 'f', caller: { principal: `arn:aws:sts::${OTHER}:assumed-role/r/x` } })).statusCode).toBe(200)
    expect((await s.invoke({ functionName: 'f', caller: { principal: THIRD } })).statusCode).toBe(403)
  })

  it('invoke - an IAM ARN grant allows only that principal', async () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'role', principal: `arn:aws:iam::${OTHER}:role/caller` })
    expect((await s.invoke({ functionName: 'f', caller: { principal: `arn:aws:iam::${OTHER}:role/caller` } })).statusCode).toBe(200)
    expect((await s.invoke({ functionName: 'f', caller: { principal: `arn:aws:iam::${OTHER}:role/other` } })).statusCode).toBe(403)
    expect((await s.invoke({ functionName: 'f', caller: { principal: OTHER } })).statusCode).toBe(403)
  })

  it('invoke - a service grant with SourceArn and SourceAccount: only a matching call is allowed', async () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 's3', principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::bucket', sourceAccount: OTHER })
    const ok = { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::bucket', sourceAccount: OTHER }
    expect((await s.invoke({ functionName: 'f', caller: ok })).statusCode).toBe(200)
    expect((await s.invoke({ functionName: 'f', caller: { ...ok, sourceArn: 'arn:aws:s3:::other' } })).statusCode).toBe(403)
    expect((await s.invoke({ functionName: 'f', caller: { ...ok, sourceAccount: THIRD } })).statusCode).toBe(403)
    expect((await s.invoke({ functionName: 'f', caller: { principal: 's3.amazonaws.com', sourceAccount: OTHER } })).statusCode).toBe(403)
    expect((await s.invoke({ functionName: 'f', caller: { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::bucket' } })).statusCode).toBe(403)
    expect((await s.invoke({ functionName: 'f', caller: { ...ok, principal: 'sns.amazonaws.com' } })).statusCode).toBe(403)
  })

  it('invoke - SourceArn is ArnLike: wildcards match', async () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 's3', principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::bucket-*' })
    expect((await s.invoke({ functionName: 'f', caller: { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::bucket-logs' } })).statusCode).toBe(200)
    expect((await s.invoke({ functionName: 'f', caller: { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::bucket' } })).statusCode).toBe(403)
    expect((await s.invoke({ functionName: 'f', caller: { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::other-logs' } })).statusCode).toBe(403)
  })

  it('invoke - a grant on the alias allows only the alias, not its version nor the function', async () => {
    const s = setup()
    s.addPermission({ ...grant, qualifier: 'live', statementId: 'a', principal: OTHER })
    const alias = await s.invoke({ functionName: 'f', qualifier: 'live', caller: { principal: OTHER } })
    expect(alias.statusCode).toBe(200)
    expect(alias.executedVersion).toBe('1')
    expect((await s.invoke({ functionName: `${F}:live`, caller: { principal: OTHER } })).statusCode).toBe(200)
    expect((await s.invoke({ functionName: 'f', qualifier: '1', caller: { principal: OTHER } })).statusCode).toBe(403)
    expect((await s.invoke({ functionName: 'f', caller: { principal: OTHER } })).statusCode).toBe(403)
  })

  it('invoke - a grant on the function does not allow invoking an alias or a version', async () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    expect((await s.invoke({ functionName: 'f', caller: { principal: OTHER } })).statusCode).toBe(200)
    expect((await s.invoke({ functionName: 'f', qualifier: 'live', caller: { principal: OTHER } })).statusCode).toBe(403)
    expect((await s.invoke({ functionName: 'f', qualifier: '1', caller: { principal: OTHER } })).statusCode).toBe(403)
  })

  it('invoke - a grant on a version allows that version only', async () => {
    const s = setup()
    s.addPermission({ ...grant, qualifier: '2', statementId: 'a', principal: OTHER })
    expect((await s.invoke({ functionName: 'f', qualifier: '2', caller: { principal: OTHER } })).statusCode).toBe(200)
    expect((await s.invoke({ functionName: 'f', qualifier: '1', caller: { principal: OTHER } })).statusCode).toBe(403)
  })

  it('invoke - $LATEST is governed by the unqualified function’s policy', async () => {
    const s = setup()
    expect((await s.invoke({ functionName: 'f', qualifier: '$LATEST', caller: { principal: OTHER } })).statusCode).toBe(403)
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    const result = await s.invoke({ functionName: 'f', qualifier: '$LATEST', caller: { principal: OTHER } })
    expect(result.statusCode).toBe(200)
    expect(result.executedVersion).toBe('$LATEST')
  })

  it('invoke - lambda:* and * grants allow InvokeFunction; another action does not', async () => {
    const s = setup()
    s.addPermission({ functionName: 'f', action: 'lambda:GetFunction', statementId: 'get', principal: OTHER })
    expect((await s.invoke({ functionName: 'f', caller: { principal: OTHER } })).statusCode).toBe(403)
    s.addPermission({ functionName: 'f', action: 'lambda:*', statementId: 'all', principal: OTHER })
    expect((await s.invoke({ functionName: 'f', caller: { principal: OTHER } })).statusCode).toBe(200)
    s.addPermission({ functionName: 'f', qualifier: '1', action: '*', statementId: 'star', principal: THIRD })
    expect((await s.invoke({ functionName: 'f', qualifier: '1', caller: { principal: THIRD } })).statusCode).toBe(200)
  })

  it('invoke - a removed grant no longer allows', async () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    s.removePermission({ functionName: 'f', statementId: 'a' })
    expect((await s.invoke({ functionName: 'f', caller: { principal: OTHER } })).statusCode).toBe(403)
  })

  it('invoke - PrincipalOrgID grant: callers of the organization only', async () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'org', principal: '*', principalOrgID: 'o-abcdefghij' })
    expect((await s.invoke({ functionName: 'f', caller: { principal: OTHER, principalOrgId: 'o-abcdefghij' } })).statusCode).toBe(200)
    expect((await s.invoke({ functionName: 'f', caller: { principal: OTHER, principalOrgId: 'o-xyz' } })).statusCode).toBe(403)
    expect((await s.invoke({ functionName: 'f', caller: { principal: OTHER } })).statusCode).toBe(403)
  })

  it('invoke - DryRun is checked too: 403 when denied, 204 when allowed', async () => {
    const s = setup()
    const denied = await s.invoke({ functionName: 'f', invocationType: 'DryRun', caller: { principal: OTHER } })
    expect(denied.statusCode).toBe(403)
    expect(denied.error?.message).toBe(denial(`arn:aws:iam::${OTHER}:root`, F))
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    const allowed = await s.invoke({ functionName: 'f', invocationType: 'DryRun', caller: { principal: OTHER } })
    expect(allowed.statusCode).toBe(204)
    expect(allowed.error).toBeUndefined()
  })

  it('invoke - a denial emits invocation.denied and runs nothing', async () => {
    const s = setup()
    await s.invoke({ functionName: 'f', qualifier: 'live', caller: { principal: OTHER } })
    await s.invoke({ functionName: 'f', caller: { principal: 'sns.amazonaws.com' } })
    expect(s.events().filter((e) => e.type === 'invocation.denied')).toEqual([
      { type: 'invocation.denied', atMs: s.nowMs, functionName: 'f', qualifier: 'live', principal: OTHER },
      { type: 'invocation.denied', atMs: s.nowMs, functionName: 'f', qualifier: undefined, principal: 'sns.amazonaws.com' },
    ])
    expect(s.events().filter((e) => e.type === 'invocation.started' || e.type === 'environment.created')).toEqual([])
    expect(s.environments('f')).toEqual([])
  })

  it('invoke - an allowed caller emits no invocation.denied', async () => {
    const s = setup()
    s.addPermission({ ...grant, statementId: 'a', principal: OTHER })
    await s.invoke({ functionName: 'f', caller: { principal: OTHER } })
    expect(s.events().filter((e) => e.type === 'invocation.denied')).toEqual([])
    expect(s.events().filter((e) => e.type === 'invocation.started')).toHaveLength(1)
  })

  it('invoke - a missing function is not found before any permission check', async () => {
    const s = setup()
    const result = await s.invoke({ functionName: 'nope', caller: { principal: OTHER } })
    expect(result.statusCode).toBe(404)
    expect(result.error?.message).toBe(`Function not found: ${ARN}:nope`)
  })
})

describe('permissions revisions', () => {
  it("getPolicy - the RevisionId is the resource's own, and a permission change moves it", () => {
    const sim = createSimulation({ seed: 31 })
    const created = sim.createFunction({ functionName: 'f', code: async () => 1 })
    sim.addPermission({ functionName: 'f', statementId: 'a', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', revisionId: created.revisionId })
    const afterAdd = sim.getFunctionConfiguration({ functionName: 'f' }).revisionId
    expect(afterAdd).not.toBe(created.revisionId)
    expect(sim.getPolicy({ functionName: 'f' }).revisionId).toBe(afterAdd)
    // A stale revision (the function's before the add) is refused.
    expect(() =>
      sim.addPermission({ functionName: 'f', statementId: 'b', action: 'lambda:InvokeFunction', principal: 'sns.amazonaws.com', revisionId: created.revisionId }),
    ).toThrow(expect.objectContaining({ name: 'PreconditionFailedException' }))
    // A policy change is not a code or configuration change: publishing twice still yields one version.
    sim.publishVersion({ functionName: 'f' })
    sim.removePermission({ functionName: 'f', statementId: 'a', revisionId: afterAdd })
    expect(sim.publishVersion({ functionName: 'f' }).version).toBe('1')
  })

  it('addPermission - on an alias the alias’s RevisionId moves', () => {
    const sim = createSimulation({ seed: 32 })
    sim.createFunction({ functionName: 'f', code: async () => 1, publish: true })
    const alias = sim.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    sim.addPermission({ functionName: 'f', qualifier: 'live', statementId: 'a', action: 'lambda:InvokeFunction', principal: '111122223333', revisionId: alias.revisionId })
    const moved = sim.getAlias({ functionName: 'f', name: 'live' }).revisionId
    expect(moved).not.toBe(alias.revisionId)
    expect(sim.getPolicy({ functionName: 'f', qualifier: 'live' }).revisionId).toBe(moved)
  })
})
