/**
 * A function's resource-based policy (per qualifier), as `AddPermission` builds it and `GetPolicy`
 * shows it, and the check an invocation from another principal must pass.
 *
 * The caller-identity model: a call with no `caller` comes from the function's own account with
 * IAM permission to invoke (identity-based policy), so it is allowed. A call that names a `caller`
 * (another account, an IAM principal of another account, or an AWS service) is allowed only if a
 * statement on the invoked qualifier's policy grants it `lambda:InvokeFunction`, with its
 * conditions (`SourceArn`, `SourceAccount`, `PrincipalOrgID`) met.
 */
export interface PolicyStatement {
  readonly Sid: string
  readonly Effect: 'Allow'
  readonly Principal: '*' | { readonly Service: string } | { readonly AWS: string }
  readonly Action: string
  readonly Resource: string
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>
}

export interface PolicyDocument {
  readonly statements: readonly PolicyStatement[]
}

/** Who is calling: an account id, an IAM ARN, or a service principal like `s3.amazonaws.com`. */
export interface Caller {
  readonly principal: string
  /** The resource on whose behalf a service calls (e.g. the S3 bucket's ARN). */
  readonly sourceArn?: string
  /** The account that owns `sourceArn`. */
  readonly sourceAccount?: string
  /** The caller's AWS Organizations id. */
  readonly principalOrgId?: string
  /** An Alexa skill's event source token (`lambda:EventSourceToken` conditions). */
  readonly eventSourceToken?: string
  /** A request through a function URL: its auth type (`lambda:FunctionUrlAuthType` conditions). */
  readonly functionUrlAuthType?: 'NONE' | 'AWS_IAM'
  /** `'true'` for a request through a function URL (`lambda:InvokedViaFunctionUrl` conditions). */
  readonly invokedViaFunctionUrl?: 'true'
}

/** How `AddPermission`'s `Principal` appears in the policy. */
export function renderPrincipal(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*'
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` }
  if (principal.startsWith('arn:')) return { AWS: principal }
  return { Service: principal }
}

/** `GetPolicy`'s `Policy`: the JSON document as a string. */
export function policyJson(document: PolicyDocument): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: document.statements })
}

/** The account a principal belongs to, when it names one. */
export function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal
  return /^arn:aws[a-zA-Z-]*:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1]
}

/** IAM's `StringLike`: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`)
  return regex.test(value)
}

/** IAM's `ArnLike`: each of the six colon-separated ARN parts is matched on its own. */
export function arnLike(pattern: string, value: string): boolean {
  const split = (arn: string): string[] => {
    const parts = arn.split(':')
    return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')]
  }
  const patternParts = split(pattern)
  const valueParts = split(value)
  if (valueParts.length !== 6) return wildcardMatch(pattern, value)
  if (patternParts.length !== 6) return false
  return patternParts.every((part, index) => wildcardMatch(part, valueParts[index] as string))
}

function principalMatches(statement: PolicyStatement, caller: Caller): boolean {
  const principal = statement.Principal
  if (principal === '*') return true
  if ('Service' in principal) return principal.Service === caller.principal
  const root = /^arn:aws[a-zA-Z-]*:iam::(\d{12}):root$/.exec(principal.AWS)
  if (root !== null) return accountOf(caller.principal) === root[1]
  return principal.AWS === caller.principal
}

function actionMatches(statement: PolicyStatement, action: string): boolean {
  return statement.Action === action || statement.Action === 'lambda:*' || statement.Action === '*'
}

function conditionsMet(statement: PolicyStatement, caller: Caller): boolean {
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = conditionValue(key, caller)
      if (actual === undefined) return false
      const met = operator === 'ArnLike' ? arnLike(expected, actual) : operator === 'StringLike' ? wildcardMatch(expected, actual) : actual === expected
      if (!met) return false
    }
  }
  return true
}

function conditionValue(key: string, caller: Caller): string | undefined {
  switch (key) {
    case 'AWS:SourceArn':
      return caller.sourceArn
    case 'AWS:SourceAccount':
      return caller.sourceAccount
    case 'aws:PrincipalOrgID':
      return caller.principalOrgId
    case 'lambda:EventSourceToken':
      return caller.eventSourceToken
    case 'lambda:FunctionUrlAuthType':
      return caller.functionUrlAuthType
    case 'lambda:InvokedViaFunctionUrl':
      return caller.invokedViaFunctionUrl
    default:
      return undefined
  }
}

/** True when some statement of the document allows `caller` to perform `action`. */
export function policyAllows(document: PolicyDocument | undefined, caller: Caller, action: string): boolean {
  if (document === undefined) return false
  return document.statements.some((statement) => principalMatches(statement, caller) && actionMatches(statement, action) && conditionsMet(statement, caller))
}
