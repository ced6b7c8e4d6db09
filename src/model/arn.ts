/**
 * Function identifiers as AWS accepts them: a name (`orders`), a partial ARN
 * (`123456789012:function:orders`) or a full ARN, each optionally with `:qualifier`.
 */
export interface AccountScope {
  readonly region: string
  readonly accountId: string
}

export interface FunctionRef {
  readonly functionName: string
  readonly qualifier: string | undefined
}

/**
 * Splits an identifier into name and qualifier; `undefined` when it is not a function identifier.
 * The qualifier forms are those of the API model's `NamespacedFunctionName` (`$LATEST.PUBLISHED`
 * included); its constraints, as AWS prints them, are generated into `config/generated/`.
 */
export function parseFunctionIdentifier(identifier: string): FunctionRef | undefined {
  const full = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9-_.]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$/.exec(identifier)
  if (full !== null) return { functionName: full[1] as string, qualifier: full[2] }
  const partial = /^\d{12}:function:([a-zA-Z0-9-_.]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$/.exec(identifier)
  if (partial !== null) return { functionName: partial[1] as string, qualifier: partial[2] }
  const plain = /^([a-zA-Z0-9-_.]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$/.exec(identifier)
  if (plain !== null) return { functionName: plain[1] as string, qualifier: plain[2] }
  return undefined
}

export function functionArn(scope: AccountScope, functionName: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${scope.region}:${scope.accountId}:function:${functionName}`
  return qualifier === undefined ? base : `${base}:${qualifier}`
}
