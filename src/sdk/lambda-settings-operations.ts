/**
 * Lambda's operations on the account and on settings beside a function's configuration, on the wire:
 * `GetAccountSettings`, tags, code signing configs, runtime management, and `ListCapacityProviders`
 * (answered as for an account without Lambda Managed Instances: none). Each reads its input from
 * the request, calls the simulation's verb of the same name, and answers with the model's status
 * code and output shape.
 */
import { CODE_SIGNING_MESSAGES, type CodeSigningConfig } from '../lambda/control/code-signing-configs.js'
import { LambdaError } from '../errors/lambda-error.js'
import type { Operation, OperationRequest } from './lambda-operation.js'
import { compact, member } from './lambda-shapes.js'
import { emptyResponse, jsonResponse, parseJsonBody } from './rest-json.js'

/** The operations this file answers (kept apart from `controlPlaneOperations` by name). */
export const SETTINGS_OPERATIONS = [
  'GetAccountSettings',
  'TagResource',
  'UntagResource',
  'ListTags',
  'CreateCodeSigningConfig',
  'GetCodeSigningConfig',
  'UpdateCodeSigningConfig',
  'DeleteCodeSigningConfig',
  'ListCodeSigningConfigs',
  'ListFunctionsByCodeSigningConfig',
  'PutFunctionCodeSigningConfig',
  'GetFunctionCodeSigningConfig',
  'DeleteFunctionCodeSigningConfig',
  'GetRuntimeManagementConfig',
  'PutRuntimeManagementConfig',
  'ListCapacityProviders',
] as const

export type SettingsOperation = (typeof SETTINGS_OPERATIONS)[number]

/**
 * A numeric query parameter (`MaxItems`); anything else passes as it is, for the simulation's
 * schema to refuse with AWS's validation error.
 */
function integerQuery(value: string | undefined): number | string | undefined {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : value
}

const listPage = (request: OperationRequest): { marker?: string; maxItems?: number } =>
  compact({ marker: request.query['Marker'], maxItems: integerQuery(request.query['MaxItems']) }) as { marker?: string; maxItems?: number }

const label = (request: OperationRequest, name: string): string => request.labels[name] ?? ''

/** `AllowedPublishers` of Create/UpdateCodeSigningConfig. */
function allowedPublishersInput(value: unknown): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : compact({ signingProfileVersionArns: member(value, 'SigningProfileVersionArns') })
}

/** `CodeSigningPolicies` of Create/UpdateCodeSigningConfig. */
function codeSigningPoliciesInput(value: unknown): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : compact({ untrustedArtifactOnDeployment: member(value, 'UntrustedArtifactOnDeployment') })
}

/** `CodeSigningConfig`; `LastModified` is a string in this shape (the model's `Timestamp`). */
function codeSigningConfigOutput(config: CodeSigningConfig): Record<string, unknown> {
  return {
    CodeSigningConfigId: config.codeSigningConfigId,
    CodeSigningConfigArn: config.codeSigningConfigArn,
    Description: config.description,
    AllowedPublishers: { SigningProfileVersionArns: [...config.allowedPublishers.signingProfileVersionArns] },
    CodeSigningPolicies: { UntrustedArtifactOnDeployment: config.codeSigningPolicies.untrustedArtifactOnDeployment },
    LastModified: config.lastModified,
  }
}

export const settingsOperations: Readonly<Record<SettingsOperation, Operation>> = {
  // ---------------------------------------------------------------- account

  GetAccountSettings: (request) => {
    const { accountLimit: limit, accountUsage: usage } = request.sim.getAccountSettings()
    return jsonResponse(200, {
      AccountLimit: {
        TotalCodeSize: limit.totalCodeSize,
        CodeSizeUnzipped: limit.codeSizeUnzipped,
        CodeSizeZipped: limit.codeSizeZipped,
        ConcurrentExecutions: limit.concurrentExecutions,
        UnreservedConcurrentExecutions: limit.unreservedConcurrentExecutions,
      },
      AccountUsage: { TotalCodeSize: usage.totalCodeSize, FunctionCount: usage.functionCount },
    })
  },

  // ---------------------------------------------------------------- tags

  TagResource: (request) => {
    const body = parseJsonBody(request.body)
    request.sim.tagResource({ resource: label(request, 'Resource'), tags: body['Tags'] as Record<string, string> })
    return emptyResponse(204)
  },

  UntagResource: (request) => {
    // `tagKeys` repeats in the query (`?tagKeys=a&tagKeys=b`): every value counts.
    const tagKeys = request.queryValues?.['tagKeys'] ?? (request.query['tagKeys'] !== undefined ? [request.query['tagKeys']] : undefined)
    request.sim.untagResource({ resource: label(request, 'Resource'), tagKeys: tagKeys as string[] })
    return emptyResponse(204)
  },

  ListTags: (request) => jsonResponse(200, { Tags: request.sim.listTags({ resource: label(request, 'Resource') }).tags }),

  // ---------------------------------------------------------------- code signing configs

  CreateCodeSigningConfig: (request) => {
    const body = parseJsonBody(request.body)
    const input = compact({
      description: body['Description'],
      allowedPublishers: allowedPublishersInput(body['AllowedPublishers']),
      codeSigningPolicies: codeSigningPoliciesInput(body['CodeSigningPolicies']),
      tags: body['Tags'],
    })
    return jsonResponse(201, { CodeSigningConfig: codeSigningConfigOutput(request.sim.createCodeSigningConfig(input as never).codeSigningConfig) })
  },

  GetCodeSigningConfig: (request) =>
    jsonResponse(200, { CodeSigningConfig: codeSigningConfigOutput(request.sim.getCodeSigningConfig({ codeSigningConfigArn: label(request, 'CodeSigningConfigArn') }).codeSigningConfig) }),

  UpdateCodeSigningConfig: (request) => {
    const body = parseJsonBody(request.body)
    const input = compact({
      codeSigningConfigArn: label(request, 'CodeSigningConfigArn'),
      description: body['Description'],
      allowedPublishers: allowedPublishersInput(body['AllowedPublishers']),
      codeSigningPolicies: codeSigningPoliciesInput(body['CodeSigningPolicies']),
    })
    return jsonResponse(200, { CodeSigningConfig: codeSigningConfigOutput(request.sim.updateCodeSigningConfig(input as never).codeSigningConfig) })
  },

  DeleteCodeSigningConfig: (request) => {
    request.sim.deleteCodeSigningConfig({ codeSigningConfigArn: label(request, 'CodeSigningConfigArn') })
    return emptyResponse(204)
  },

  ListCodeSigningConfigs: (request) => {
    const output = request.sim.listCodeSigningConfigs(listPage(request))
    return jsonResponse(200, { CodeSigningConfigs: output.codeSigningConfigs.map(codeSigningConfigOutput), NextMarker: output.nextMarker })
  },

  ListFunctionsByCodeSigningConfig: (request) => {
    const output = request.sim.listFunctionsByCodeSigningConfig({ codeSigningConfigArn: label(request, 'CodeSigningConfigArn'), ...listPage(request) })
    return jsonResponse(200, { FunctionArns: output.functionArns, NextMarker: output.nextMarker })
  },

  PutFunctionCodeSigningConfig: (request) => {
    const body = parseJsonBody(request.body)
    const output = request.sim.putFunctionCodeSigningConfig({ functionName: label(request, 'FunctionName'), codeSigningConfigArn: body['CodeSigningConfigArn'] as string })
    return jsonResponse(200, { CodeSigningConfigArn: output.codeSigningConfigArn, FunctionName: output.functionName })
  },

  GetFunctionCodeSigningConfig: (request) => {
    const output = request.sim.getFunctionCodeSigningConfig({ functionName: label(request, 'FunctionName') })
    return jsonResponse(200, { CodeSigningConfigArn: output.codeSigningConfigArn, FunctionName: output.functionName })
  },

  DeleteFunctionCodeSigningConfig: (request) => {
    request.sim.deleteFunctionCodeSigningConfig({ functionName: label(request, 'FunctionName') })
    return emptyResponse(204)
  },

  // ---------------------------------------------------------------- runtime management

  GetRuntimeManagementConfig: (request) => {
    const output = request.sim.getRuntimeManagementConfig(compact({ functionName: label(request, 'FunctionName'), qualifier: request.query['Qualifier'] }) as { functionName: string })
    return jsonResponse(200, { UpdateRuntimeOn: output.updateRuntimeOn, FunctionArn: output.functionArn, RuntimeVersionArn: output.runtimeVersionArn })
  },

  PutRuntimeManagementConfig: (request) => {
    const body = parseJsonBody(request.body)
    const input = compact({
      functionName: label(request, 'FunctionName'),
      qualifier: request.query['Qualifier'],
      updateRuntimeOn: body['UpdateRuntimeOn'],
      runtimeVersionArn: body['RuntimeVersionArn'],
    })
    const output = request.sim.putRuntimeManagementConfig(input as never)
    return jsonResponse(200, { UpdateRuntimeOn: output.updateRuntimeOn, FunctionArn: output.functionArn, RuntimeVersionArn: output.runtimeVersionArn })
  },

  // ---------------------------------------------------------------- features the simulated account does not have

  /** Lambda Managed Instances are not simulated: the account has no capacity providers. */
  ListCapacityProviders: () => jsonResponse(200, { CapacityProviders: [] }),
}

/**
 * `CodeSigningConfigArn` of CreateFunction: the config must exist before the function is created
 * (AWS's `CodeSigningConfigNotFoundException`, in PutFunctionCodeSigningConfig's words `[U]`); the
 * returned function attaches it once created. `undefined` when the request names none.
 */
export function codeSigningConfigForCreate(sim: OperationRequest['sim'], value: unknown): ((functionName: string) => void) | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const codeSigningConfigArn = value as string
  try {
    sim.getCodeSigningConfig({ codeSigningConfigArn })
  } catch (error) {
    if (error instanceof LambdaError && error.name === 'ResourceNotFoundException') {
      throw new LambdaError('CodeSigningConfigNotFoundException', CODE_SIGNING_MESSAGES.notFoundForFunction(codeSigningConfigArn))
    }
    throw error
  }
  return (functionName) => void sim.putFunctionCodeSigningConfig({ functionName, codeSigningConfigArn })
}
