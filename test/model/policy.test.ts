import { describe, expect, it } from 'vitest'
import { accountOf, arnLike, policyAllows, policyJson, renderPrincipal, wildcardMatch, type PolicyDocument, type PolicyStatement } from '../../src/model/policy.js'

const RESOURCE = 'arn:aws:lambda:us-east-1:123456789012:function:f'

function statement(overrides: Partial<PolicyStatement>): PolicyStatement {
  return { Sid: 's', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: RESOURCE, ...overrides }
}

function doc(...statements: PolicyStatement[]): PolicyDocument {
  return { statements }
}

describe('policy', () => {
  // ------------------------------------------------------------ renderPrincipal

  it('renderPrincipal - * stays a plain string', () => {
    expect(renderPrincipal('*')).toBe('*')
  })

  it('renderPrincipal - an account id becomes the account root ARN', () => {
    expect(renderPrincipal('111122223333')).toEqual({ AWS: 'arn:aws:iam::111122223333:root' })
  })

  it('renderPrincipal - an IAM ARN is kept as AWS', () => {
    expect(renderPrincipal('arn:aws:iam::111122223333:role/r')).toEqual({ AWS: 'arn:aws:iam::111122223333:role/r' })
  })

  it('renderPrincipal - a service principal becomes Service', () => {
    expect(renderPrincipal('s3.amazonaws.com')).toEqual({ Service: 's3.amazonaws.com' })
  })

  it('renderPrincipal - eleven or thirteen digits are not an account id', () => {
    expect(renderPrincipal('11112222333')).toEqual({ Service: '11112222333' })
    expect(renderPrincipal('1111222233334')).toEqual({ Service: '1111222233334' })
  })

  // ------------------------------------------------------------ policyJson

  it('policyJson - compact document with Version, Id and Statement in that order', () => {
    const s = statement({ Principal: { Service: 's3.amazonaws.com' } })
    expect(policyJson(doc(s))).toBe(
      `{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"${RESOURCE}"}]}`,
    )
  })

  // ------------------------------------------------------------ accountOf

  it('accountOf - an account id is its own account', () => {
    expect(accountOf('111122223333')).toBe('111122223333')
  })

  it('accountOf - IAM and STS ARNs name their account', () => {
    expect(accountOf('arn:aws:iam::111122223333:root')).toBe('111122223333')
    expect(accountOf('arn:aws:iam::111122223333:user/alice')).toBe('111122223333')
    expect(accountOf('arn:aws:sts::111122223333:assumed-role/r/session')).toBe('111122223333')
    expect(accountOf('arn:aws-us-gov:iam::111122223333:role/r')).toBe('111122223333')
  })

  it('accountOf - services and other ARNs name none', () => {
    expect(accountOf('s3.amazonaws.com')).toBeUndefined()
    expect(accountOf('*')).toBeUndefined()
    expect(accountOf('arn:aws:s3:::bucket')).toBeUndefined()
    expect(accountOf('arn:aws:lambda:us-east-1:111122223333:function:f')).toBeUndefined()
    expect(accountOf('1111222233')).toBeUndefined()
  })

  // ------------------------------------------------------------ wildcardMatch

  it('wildcardMatch - exact text matches only itself', () => {
    expect(wildcardMatch('arn:aws:s3:::bucket', 'arn:aws:s3:::bucket')).toBe(true)
    expect(wildcardMatch('arn:aws:s3:::bucket', 'arn:aws:s3:::bucket2')).toBe(false)
    expect(wildcardMatch('arn:aws:s3:::bucket', 'xarn:aws:s3:::bucket')).toBe(false)
  })

  it('wildcardMatch - * matches any run, including an empty one', () => {
    expect(wildcardMatch('arn:aws:s3:::bucket-*', 'arn:aws:s3:::bucket-logs')).toBe(true)
    expect(wildcardMatch('arn:aws:s3:::bucket-*', 'arn:aws:s3:::bucket-')).toBe(true)
    expect(wildcardMatch('arn:aws:s3:::bucket-*', 'arn:aws:s3:::other-logs')).toBe(false)
    expect(wildcardMatch('*', 'anything')).toBe(true)
  })

  it('wildcardMatch - ? matches exactly one character', () => {
    expect(wildcardMatch('arn:aws:s3:::b?', 'arn:aws:s3:::b1')).toBe(true)
    expect(wildcardMatch('arn:aws:s3:::b?', 'arn:aws:s3:::b')).toBe(false)
    expect(wildcardMatch('arn:aws:s3:::b?', 'arn:aws:s3:::b12')).toBe(false)
  })

  it('wildcardMatch - regex metacharacters are literal', () => {
    expect(wildcardMatch('a.b', 'a.b')).toBe(true)
    expect(wildcardMatch('a.b', 'axb')).toBe(false)
    expect(wildcardMatch('a+(b)', 'a+(b)')).toBe(true)
    expect(wildcardMatch('a+(b)', 'aa(b)')).toBe(false)
    expect(wildcardMatch('[x]$', '[x]$')).toBe(true)
    expect(wildcardMatch('[x]$', 'x')).toBe(false)
  })

  // ------------------------------------------------------------ policyAllows

  it('policyAllows - no document allows nothing', () => {
    expect(policyAllows(undefined, { principal: '*' }, 'lambda:InvokeFunction')).toBe(false)
    expect(policyAllows(doc(), { principal: '111122223333' }, 'lambda:InvokeFunction')).toBe(false)
  })

  it('policyAllows - * principal allows anyone', () => {
    expect(policyAllows(doc(statement({})), { principal: '999988887777' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(doc(statement({})), { principal: 'sns.amazonaws.com' }, 'lambda:InvokeFunction')).toBe(true)
  })

  it('policyAllows - a service statement allows only that service', () => {
    const d = doc(statement({ Principal: { Service: 's3.amazonaws.com' } }))
    expect(policyAllows(d, { principal: 's3.amazonaws.com' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(d, { principal: 'sns.amazonaws.com' }, 'lambda:InvokeFunction')).toBe(false)
    expect(policyAllows(d, { principal: '111122223333' }, 'lambda:InvokeFunction')).toBe(false)
  })

  it('policyAllows - an account root allows every principal of that account', () => {
    const d = doc(statement({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }))
    expect(policyAllows(d, { principal: '111122223333' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(d, { principal: 'arn:aws:iam::111122223333:user/alice' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(d, { principal: 'arn:aws:sts::111122223333:assumed-role/r/s' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(d, { principal: '444455556666' }, 'lambda:InvokeFunction')).toBe(false)
    expect(policyAllows(d, { principal: 'arn:aws:iam::444455556666:user/alice' }, 'lambda:InvokeFunction')).toBe(false)
  })

  it('policyAllows - an IAM principal ARN allows only that principal', () => {
    const d = doc(statement({ Principal: { AWS: 'arn:aws:iam::111122223333:role/r' } }))
    expect(policyAllows(d, { principal: 'arn:aws:iam::111122223333:role/r' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(d, { principal: 'arn:aws:iam::111122223333:role/other' }, 'lambda:InvokeFunction')).toBe(false)
    expect(policyAllows(d, { principal: '111122223333' }, 'lambda:InvokeFunction')).toBe(false)
  })

  it('policyAllows - the action must match, or be lambda:* or *', () => {
    const caller = { principal: '111122223333' }
    expect(policyAllows(doc(statement({ Action: 'lambda:GetFunction' })), caller, 'lambda:InvokeFunction')).toBe(false)
    expect(policyAllows(doc(statement({ Action: 'lambda:*' })), caller, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(doc(statement({ Action: '*' })), caller, 'lambda:InvokeFunction')).toBe(true)
  })

  it('policyAllows - some statement must allow (any of several)', () => {
    const d = doc(statement({ Sid: 'a', Principal: { Service: 'sns.amazonaws.com' } }), statement({ Sid: 'b', Principal: { Service: 's3.amazonaws.com' } }))
    expect(policyAllows(d, { principal: 's3.amazonaws.com' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(d, { principal: 'events.amazonaws.com' }, 'lambda:InvokeFunction')).toBe(false)
  })

  it('policyAllows - StringEquals SourceAccount must equal the caller’s', () => {
    const d = doc(statement({ Principal: { Service: 's3.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333' } } }))
    expect(policyAllows(d, { principal: 's3.amazonaws.com', sourceAccount: '111122223333' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(d, { principal: 's3.amazonaws.com', sourceAccount: '444455556666' }, 'lambda:InvokeFunction')).toBe(false)
    expect(policyAllows(d, { principal: 's3.amazonaws.com' }, 'lambda:InvokeFunction')).toBe(false)
  })

  it('policyAllows - ArnLike SourceArn matches with wildcards, StringEquals does not', () => {
    const like = doc(statement({ Principal: { Service: 's3.amazonaws.com' }, Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::bucket-*' } } }))
    expect(policyAllows(like, { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::bucket-a' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(like, { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::other' }, 'lambda:InvokeFunction')).toBe(false)
    expect(policyAllows(like, { principal: 's3.amazonaws.com' }, 'lambda:InvokeFunction')).toBe(false)
    const equals = doc(statement({ Condition: { StringEquals: { 'AWS:SourceArn': 'arn:aws:s3:::bucket-*' } } }))
    expect(policyAllows(equals, { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::bucket-a' }, 'lambda:InvokeFunction')).toBe(false)
    expect(policyAllows(equals, { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::bucket-*' }, 'lambda:InvokeFunction')).toBe(true)
  })

  it('policyAllows - PrincipalOrgID must equal the caller’s organization', () => {
    const d = doc(statement({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }))
    expect(policyAllows(d, { principal: '111122223333', principalOrgId: 'o-abc' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(d, { principal: '111122223333', principalOrgId: 'o-xyz' }, 'lambda:InvokeFunction')).toBe(false)
    expect(policyAllows(d, { principal: '111122223333' }, 'lambda:InvokeFunction')).toBe(false)
  })

  it('policyAllows - every condition must hold', () => {
    const d = doc(
      statement({
        Principal: { Service: 's3.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333' }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::b' } },
      }),
    )
    expect(policyAllows(d, { principal: 's3.amazonaws.com', sourceAccount: '111122223333', sourceArn: 'arn:aws:s3:::b' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(d, { principal: 's3.amazonaws.com', sourceAccount: '111122223333', sourceArn: 'arn:aws:s3:::c' }, 'lambda:InvokeFunction')).toBe(false)
    expect(policyAllows(d, { principal: 's3.amazonaws.com', sourceAccount: '444455556666', sourceArn: 'arn:aws:s3:::b' }, 'lambda:InvokeFunction')).toBe(false)
  })

  it('policyAllows - a condition key an invocation cannot carry (function URL auth type) never holds', () => {
    const d = doc(statement({ Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } }))
    expect(policyAllows(d, { principal: '111122223333' }, 'lambda:InvokeFunction')).toBe(false)
  })
})

describe('policy conditions', () => {
  it('arnLike - matches each ARN part on its own, as IAM does', () => {
    expect(arnLike('arn:aws:s3:::bucket-*', 'arn:aws:s3:::bucket-logs')).toBe(true)
    expect(arnLike('arn:aws:sqs:*:123456789012:queue', 'arn:aws:sqs:eu-west-1:123456789012:queue')).toBe(true)
    // `*` in the region part cannot swallow the account part.
    expect(arnLike('arn:aws:sqs:*:queue', 'arn:aws:sqs:eu-west-1:123456789012:queue')).toBe(false)
    expect(arnLike('arn:aws:events:us-east-1:123456789012:rule/*', 'arn:aws:events:us-east-1:123456789012:rule/nightly')).toBe(true)
    expect(arnLike('arn:aws:sns:us-east-1:123456789012:topic:*', 'arn:aws:sns:us-east-1:123456789012:topic:sub:extra')).toBe(true)
  })

  it('policyAllows - lambda:EventSourceToken conditions need the caller’s token', () => {
    const alexa = doc(
      statement({ Principal: { Service: 'alexa-appkit.amazon.com' }, Condition: { StringEquals: { 'lambda:EventSourceToken': 'amzn1.ask.skill.1' } } }),
    )
    expect(policyAllows(alexa, { principal: 'alexa-appkit.amazon.com', eventSourceToken: 'amzn1.ask.skill.1' }, 'lambda:InvokeFunction')).toBe(true)
    expect(policyAllows(alexa, { principal: 'alexa-appkit.amazon.com', eventSourceToken: 'other' }, 'lambda:InvokeFunction')).toBe(false)
    expect(policyAllows(alexa, { principal: 'alexa-appkit.amazon.com' }, 'lambda:InvokeFunction')).toBe(false)
  })
})
