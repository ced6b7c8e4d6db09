/**
 * Which Lambda operation an HTTP request is: method + path template, exactly as the SDK's model
 * declares them (`@aws-sdk/client-lambda`'s operation schemas). The API version in the path differs
 * per feature (`2015-03-31` for functions, `2017-10-31` and `2019-09-30` for concurrency, …).
 */

/** The operations lambda-sim answers. */
export const LAMBDA_ROUTES = [
  { method: 'POST', path: '/2015-03-31/functions', operation: 'CreateFunction' },
  { method: 'GET', path: '/2015-03-31/functions', operation: 'ListFunctions' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}', operation: 'GetFunction' },
  { method: 'DELETE', path: '/2015-03-31/functions/{FunctionName}', operation: 'DeleteFunction' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/configuration', operation: 'GetFunctionConfiguration' },
  { method: 'PUT', path: '/2015-03-31/functions/{FunctionName}/configuration', operation: 'UpdateFunctionConfiguration' },
  { method: 'PUT', path: '/2015-03-31/functions/{FunctionName}/code', operation: 'UpdateFunctionCode' },
  { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/invocations', operation: 'Invoke' },
  { method: 'POST', path: '/2014-11-13/functions/{FunctionName}/invoke-async', operation: 'InvokeAsync' },
  { method: 'POST', path: '/2021-11-15/functions/{FunctionName}/response-streaming-invocations', operation: 'InvokeWithResponseStream' },
  { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/versions', operation: 'PublishVersion' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/versions', operation: 'ListVersionsByFunction' },
  { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/aliases', operation: 'CreateAlias' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/aliases', operation: 'ListAliases' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/aliases/{Name}', operation: 'GetAlias' },
  { method: 'PUT', path: '/2015-03-31/functions/{FunctionName}/aliases/{Name}', operation: 'UpdateAlias' },
  { method: 'DELETE', path: '/2015-03-31/functions/{FunctionName}/aliases/{Name}', operation: 'DeleteAlias' },
  { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/policy', operation: 'AddPermission' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/policy', operation: 'GetPolicy' },
  { method: 'DELETE', path: '/2015-03-31/functions/{FunctionName}/policy/{StatementId}', operation: 'RemovePermission' },
  { method: 'PUT', path: '/2017-10-31/functions/{FunctionName}/concurrency', operation: 'PutFunctionConcurrency' },
  { method: 'GET', path: '/2019-09-30/functions/{FunctionName}/concurrency', operation: 'GetFunctionConcurrency' },
  { method: 'DELETE', path: '/2017-10-31/functions/{FunctionName}/concurrency', operation: 'DeleteFunctionConcurrency' },
  { method: 'PUT', path: '/2019-09-30/functions/{FunctionName}/provisioned-concurrency', operation: 'PutProvisionedConcurrencyConfig' },
  // The SDK's ListProvisionedConcurrencyConfigs path is `…/provisioned-concurrency?List=ALL`.
  { method: 'GET', path: '/2019-09-30/functions/{FunctionName}/provisioned-concurrency', query: 'List', operation: 'ListProvisionedConcurrencyConfigs' },
  { method: 'GET', path: '/2019-09-30/functions/{FunctionName}/provisioned-concurrency', operation: 'GetProvisionedConcurrencyConfig' },
  { method: 'DELETE', path: '/2019-09-30/functions/{FunctionName}/provisioned-concurrency', operation: 'DeleteProvisionedConcurrencyConfig' },
  { method: 'PUT', path: '/2019-09-25/functions/{FunctionName}/event-invoke-config', operation: 'PutFunctionEventInvokeConfig' },
  { method: 'POST', path: '/2019-09-25/functions/{FunctionName}/event-invoke-config', operation: 'UpdateFunctionEventInvokeConfig' },
  { method: 'GET', path: '/2019-09-25/functions/{FunctionName}/event-invoke-config', operation: 'GetFunctionEventInvokeConfig' },
  { method: 'DELETE', path: '/2019-09-25/functions/{FunctionName}/event-invoke-config', operation: 'DeleteFunctionEventInvokeConfig' },
  { method: 'GET', path: '/2019-09-25/functions/{FunctionName}/event-invoke-config/list', operation: 'ListFunctionEventInvokeConfigs' },
  { method: 'PUT', path: '/2024-08-31/functions/{FunctionName}/recursion-config', operation: 'PutFunctionRecursionConfig' },
  { method: 'POST', path: '/2015-03-31/event-source-mappings', operation: 'CreateEventSourceMapping' },
  { method: 'GET', path: '/2015-03-31/event-source-mappings', operation: 'ListEventSourceMappings' },
  { method: 'GET', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'GetEventSourceMapping' },
  { method: 'PUT', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'UpdateEventSourceMapping' },
  { method: 'DELETE', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'DeleteEventSourceMapping' },
  { method: 'GET', path: '/2024-08-31/functions/{FunctionName}/recursion-config', operation: 'GetFunctionRecursionConfig' },
  // Function URLs (lambda-url-operations.ts).
  { method: 'POST', path: '/2021-10-31/functions/{FunctionName}/url', operation: 'CreateFunctionUrlConfig' },
  { method: 'GET', path: '/2021-10-31/functions/{FunctionName}/url', operation: 'GetFunctionUrlConfig' },
  { method: 'PUT', path: '/2021-10-31/functions/{FunctionName}/url', operation: 'UpdateFunctionUrlConfig' },
  { method: 'DELETE', path: '/2021-10-31/functions/{FunctionName}/url', operation: 'DeleteFunctionUrlConfig' },
  { method: 'GET', path: '/2021-10-31/functions/{FunctionName}/urls', operation: 'ListFunctionUrlConfigs' },
  // Account settings, tags, code signing and runtime management (lambda-settings-operations.ts).
  { method: 'GET', path: '/2016-08-19/account-settings', operation: 'GetAccountSettings' },
  { method: 'POST', path: '/2017-03-31/tags/{Resource}', operation: 'TagResource' },
  { method: 'DELETE', path: '/2017-03-31/tags/{Resource}', operation: 'UntagResource' },
  { method: 'GET', path: '/2017-03-31/tags/{Resource}', operation: 'ListTags' },
  { method: 'POST', path: '/2020-04-22/code-signing-configs', operation: 'CreateCodeSigningConfig' },
  { method: 'GET', path: '/2020-04-22/code-signing-configs', operation: 'ListCodeSigningConfigs' },
  { method: 'GET', path: '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}', operation: 'GetCodeSigningConfig' },
  { method: 'PUT', path: '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}', operation: 'UpdateCodeSigningConfig' },
  { method: 'DELETE', path: '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}', operation: 'DeleteCodeSigningConfig' },
  { method: 'GET', path: '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}/functions', operation: 'ListFunctionsByCodeSigningConfig' },
  { method: 'PUT', path: '/2020-06-30/functions/{FunctionName}/code-signing-config', operation: 'PutFunctionCodeSigningConfig' },
  { method: 'GET', path: '/2020-06-30/functions/{FunctionName}/code-signing-config', operation: 'GetFunctionCodeSigningConfig' },
  { method: 'DELETE', path: '/2020-06-30/functions/{FunctionName}/code-signing-config', operation: 'DeleteFunctionCodeSigningConfig' },
  { method: 'GET', path: '/2021-07-20/functions/{FunctionName}/runtime-management-config', operation: 'GetRuntimeManagementConfig' },
  { method: 'PUT', path: '/2021-07-20/functions/{FunctionName}/runtime-management-config', operation: 'PutRuntimeManagementConfig' },
  { method: 'GET', path: '/2025-11-30/capacity-providers', operation: 'ListCapacityProviders' },
  // Layers (lambda-layer-operations.ts). GetLayerVersionByArn is `GET /2018-10-31/layers?find=LayerVersion`.
  { method: 'POST', path: '/2018-10-31/layers/{LayerName}/versions', operation: 'PublishLayerVersion' },
  { method: 'GET', path: '/2018-10-31/layers/{LayerName}/versions', operation: 'ListLayerVersions' },
  { method: 'GET', path: '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}', operation: 'GetLayerVersion' },
  { method: 'DELETE', path: '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}', operation: 'DeleteLayerVersion' },
  { method: 'GET', path: '/2018-10-31/layers', query: 'find', operation: 'GetLayerVersionByArn' },
  { method: 'GET', path: '/2018-10-31/layers', operation: 'ListLayers' },
  { method: 'POST', path: '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy', operation: 'AddLayerVersionPermission' },
  { method: 'GET', path: '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy', operation: 'GetLayerVersionPolicy' },
  { method: 'DELETE', path: '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy/{StatementId}', operation: 'RemoveLayerVersionPermission' },
] as const

export type LambdaOperation = (typeof LAMBDA_ROUTES)[number]['operation']

/**
 * Lambda features lambda-sim leaves out, by a path segment that only they use: a request for one
 * is answered as not simulated, naming the feature, instead of as an unknown path.
 */
const NOT_SIMULATED_FEATURES: ReadonlyArray<readonly [RegExp, string]> = [
  [/(\/function-scaling-config$|^\/2025-11-30\/capacity-providers)/, 'Lambda Managed Instances (capacity providers, function scaling configuration)'],
  [/durable-execution/, 'durable functions (durable executions and callbacks)'],
  [/^\/2026-07-09\/resource-policy\//, 'PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy'],
]

export interface MatchedRoute {
  readonly operation: LambdaOperation
  /** The path's labels (`FunctionName`, `Name`, `StatementId`, `UUID`), URL-decoded. */
  readonly labels: Readonly<Record<string, string>>
}

/** The operation a request is, or why lambda-sim cannot answer it. */
export function matchLambdaRoute(
  method: string,
  path: string,
  query: Readonly<Record<string, string>>,
): MatchedRoute | { readonly notSimulated: string } {
  const segments = splitPath(path)
  for (const route of LAMBDA_ROUTES) {
    if (route.method !== method.toUpperCase()) continue
    if ('query' in route && query[route.query] === undefined) continue
    const labels = matchTemplate(route.path, segments)
    if (labels !== undefined) return { operation: route.operation, labels }
  }
  const feature = NOT_SIMULATED_FEATURES.find(([pattern]) => pattern.test(path))
  return { notSimulated: feature !== undefined ? `${feature[1]}: ${method} ${path}` : `the Lambda operation at ${method} ${path}` }
}

function splitPath(path: string): string[] {
  const withoutQuery = path.split('?')[0] ?? ''
  return withoutQuery.split('/').filter((segment) => segment.length > 0)
}

function matchTemplate(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = splitPath(template)
  if (parts.length !== segments.length) return undefined
  const labels: Record<string, string> = {}
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string
    const segment = segments[i] as string
    const label = /^\{(\w+)\}$/.exec(part)?.[1]
    if (label !== undefined) labels[label] = decodeURIComponent(segment)
    else if (part !== segment) return undefined
  }
  return labels
}
