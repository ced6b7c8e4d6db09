/**
 * Lambda's control-plane operations on the wire: each reads its input from the request (path
 * labels, query, JSON body), calls the simulation's verb of the same name, and answers with AWS's
 * status code and output shape. Statuses are the SDK model's (201 for creates, 202 for
 * provisioned concurrency, 204 for deletes).
 */
import type { CreateFunctionInput, UpdateFunctionCodeInput, UpdateFunctionConfigurationInput } from '../lambda/control/function-schemas.js'
import { awsErrors } from '../errors/lambda-error.js'
import type { FunctionCode } from '../runtime/handler-types.js'
import type { SdkBackend } from './backend.js'
import type { AddPermissionInput, RemovePermissionInput } from '../lambda/control/permissions.js'
import type { CreateAliasInput, ListAliasesInput, UpdateAliasInput } from '../lambda/control/aliases.js'
import type { PutFunctionEventInvokeConfigInput } from '../lambda/control/event-invoke-config.js'
import type { CreateEventSourceMappingInput, UpdateEventSourceMappingInput } from '../lambda/control/event-source-mappings.js'
import type { Operation, OperationRequest } from './lambda-operation.js'
import type { LambdaOperation } from './lambda-routes.js'
import { checkTags } from '../lambda/control/tags.js'
import { codeSigningConfigForCreate, type SettingsOperation } from './lambda-settings-operations.js'
import type { LayerOperation } from './lambda-layer-operations.js'
import type { FunctionUrlOperation } from './lambda-url-operations.js'
import {
  aliasOutput,
  compact,
  configurationInput,
  destinationConfigInput,
  eventInvokeConfigOutput,
  eventSourceMappingInput,
  eventSourceMappingOutput,
  functionConfigurationOutput,
  member,
  provisionedConcurrencyOutput,
  refuseNotSimulated,
  refuseNotSimulatedMapping,
  routingConfigInput,
  type WireObject,
} from './lambda-shapes.js'
import { emptyResponse, jsonResponse, NotSimulatedError, parseJsonBody } from './rest-json.js'

/** The path's `{FunctionName}`: a name, a partial or full ARN, possibly with `:qualifier`. */
function functionName(request: OperationRequest): string {
  return request.labels['FunctionName'] ?? ''
}

/**
 * A numeric query parameter (`MaxItems`). A value that is not an integer is passed on as it is, so
 * the simulation's schema answers with AWS's validation error.
 */
function integerQuery(value: string | undefined): number | string | undefined {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : value
}

/** The body, with any setting lambda-sim does not simulate refused. */
function simulatedBody(request: OperationRequest): WireObject {
  const body = parseJsonBody(request.body)
  refuseNotSimulated(body)
  return body
}

/**
 * `Code` (CreateFunction) or the code members of UpdateFunctionCode, resolved through the
 * simulation's code registry: a `ZipFile` token, or `S3Bucket: 'lambda-sim'` + `S3Key`.
 */
function registeredCode(sim: SdkBackend, code: unknown, operation: 'CreateFunction' | 'UpdateFunctionCode'): FunctionCode {
  if (code === undefined || code === null) {
    throw awsErrors.validation(["Value null at 'code' failed to satisfy constraint: Member must not be null"])
  }
  const zipFile = member(code, 'ZipFile')
  // restJson1 carries a blob as base64.
  if (typeof zipFile === 'string') return sim.registeredCode({ zipFile: Buffer.from(zipFile, 'base64'), operation })
  const bucket = member(code, 'S3Bucket')
  const key = member(code, 'S3Key')
  if (typeof bucket === 'string' && typeof key === 'string') return sim.registeredCode({ s3Bucket: bucket, s3Key: key })
  return sim.registeredCode({ zipFile: new Uint8Array() })
}

const listPage = (request: OperationRequest): { marker?: string; maxItems?: number } =>
  compact({ marker: request.query['Marker'], maxItems: integerQuery(request.query['MaxItems']) }) as { marker?: string; maxItems?: number }

export const controlPlaneOperations: Readonly<Record<Exclude<LambdaOperation, 'Invoke' | 'InvokeAsync' | 'InvokeWithResponseStream' | SettingsOperation | LayerOperation | FunctionUrlOperation>, Operation>> = {
  // ---------------------------------------------------------------- functions

  CreateFunction: (request) => {
    const body = simulatedBody(request)
    const input = compact({
      functionName: body['FunctionName'],
      code: registeredCode(request.sim, body['Code'], 'CreateFunction'),
      packageType: body['PackageType'],
      publish: body['Publish'],
      tags: body['Tags'],
      ...configurationInput(body),
    })
    const attachCodeSigningConfig = codeSigningConfigForCreate(request.sim, body['CodeSigningConfigArn'])
    const created = request.sim.createFunctionThroughSdk(input as unknown as CreateFunctionInput)
    attachCodeSigningConfig?.(created.functionName)
    return jsonResponse(201, functionConfigurationOutput(created))
  },

  GetFunction: (request) => {
    const output = request.sim.getFunction(compact({ functionName: functionName(request), qualifier: request.query['Qualifier'] }) as { functionName: string })
    return jsonResponse(200, {
      Configuration: functionConfigurationOutput(output.configuration),
      Code: { RepositoryType: output.code.repositoryType, Location: output.code.location },
      Tags: output.tags,
      Concurrency: output.concurrency !== undefined ? { ReservedConcurrentExecutions: output.concurrency.reservedConcurrentExecutions } : undefined,
    })
  },

  GetFunctionConfiguration: (request) => {
    const lookup = compact({ functionName: functionName(request), qualifier: request.query['Qualifier'] }) as { functionName: string }
    return jsonResponse(200, functionConfigurationOutput(request.sim.getFunctionConfiguration(lookup)))
  },

  UpdateFunctionConfiguration: (request) => {
    const body = simulatedBody(request)
    const input = compact({ functionName: functionName(request), revisionId: body['RevisionId'], ...configurationInput(body) })
    return jsonResponse(200, functionConfigurationOutput(request.sim.updateFunctionConfiguration(input as unknown as UpdateFunctionConfigurationInput)))
  },

  UpdateFunctionCode: (request) => {
    const { sim } = request
    const body = simulatedBody(request)
    const current = sim.getFunctionConfiguration({ functionName: functionName(request) })
    const code = registeredCode(sim, body, 'UpdateFunctionCode')
    const architectures = body['Architectures']
    if (Array.isArray(architectures) && JSON.stringify(architectures) !== JSON.stringify(current.architectures)) {
      throw new NotSimulatedError('changing Architectures through UpdateFunctionCode; use UpdateFunctionConfiguration')
    }
    // DryRun validates the request and the code without changing the function.
    if (body['DryRun'] === true) return jsonResponse(200, functionConfigurationOutput(current))
    const input = compact({ functionName: functionName(request), code, publish: body['Publish'], revisionId: body['RevisionId'] })
    return jsonResponse(200, functionConfigurationOutput(sim.updateFunctionCode(input as unknown as UpdateFunctionCodeInput)))
  },

  DeleteFunction: (request) => {
    request.sim.deleteFunction(compact({ functionName: functionName(request), qualifier: request.query['Qualifier'] }) as { functionName: string })
    return emptyResponse(204)
  },

  ListFunctions: (request) => {
    refuseNotSimulated({ MasterRegion: request.query['MasterRegion'] })
    const output = request.sim.listFunctions(compact({ functionVersion: request.query['FunctionVersion'], ...listPage(request) }) as { functionVersion?: 'ALL' })
    return jsonResponse(200, { Functions: output.functions.map(functionConfigurationOutput), NextMarker: output.nextMarker })
  },

  // ---------------------------------------------------------------- versions and aliases

  PublishVersion: (request) => {
    const body = simulatedBody(request)
    const input = compact({ functionName: functionName(request), codeSha256: body['CodeSha256'], description: body['Description'], revisionId: body['RevisionId'] })
    return jsonResponse(201, functionConfigurationOutput(request.sim.publishVersion(input as { functionName: string })))
  },

  ListVersionsByFunction: (request) => {
    const output = request.sim.listVersionsByFunction({ functionName: functionName(request), ...listPage(request) })
    return jsonResponse(200, { Versions: output.versions.map(functionConfigurationOutput), NextMarker: output.nextMarker })
  },

  CreateAlias: (request) => {
    const body = parseJsonBody(request.body)
    const input = compact({
      functionName: functionName(request),
      name: body['Name'],
      functionVersion: body['FunctionVersion'],
      description: body['Description'],
      routingConfig: routingConfigInput(body['RoutingConfig']),
    })
    return jsonResponse(201, aliasOutput(request.sim.createAlias(input as unknown as CreateAliasInput)))
  },

  GetAlias: (request) => jsonResponse(200, aliasOutput(request.sim.getAlias({ functionName: functionName(request), name: request.labels['Name'] ?? '' }))),

  UpdateAlias: (request) => {
    const body = parseJsonBody(request.body)
    const input = compact({
      functionName: functionName(request),
      name: request.labels['Name'],
      functionVersion: body['FunctionVersion'],
      description: body['Description'],
      routingConfig: routingConfigInput(body['RoutingConfig']),
      revisionId: body['RevisionId'],
    })
    return jsonResponse(200, aliasOutput(request.sim.updateAlias(input as unknown as UpdateAliasInput)))
  },

  DeleteAlias: (request) => {
    request.sim.deleteAlias({ functionName: functionName(request), name: request.labels['Name'] ?? '' })
    return emptyResponse(204)
  },

  ListAliases: (request) => {
    const input = compact({ functionName: functionName(request), functionVersion: request.query['FunctionVersion'], ...listPage(request) })
    const output = request.sim.listAliases(input as unknown as ListAliasesInput)
    return jsonResponse(200, { Aliases: output.aliases.map(aliasOutput), NextMarker: output.nextMarker })
  },

  // ---------------------------------------------------------------- permissions

  AddPermission: (request) => {
    const body = simulatedBody(request)
    const input = compact({
      functionName: functionName(request),
      qualifier: request.query['Qualifier'],
      statementId: body['StatementId'],
      action: body['Action'],
      principal: body['Principal'],
      sourceArn: body['SourceArn'],
      sourceAccount: body['SourceAccount'],
      eventSourceToken: body['EventSourceToken'],
      principalOrgID: body['PrincipalOrgID'],
      functionUrlAuthType: body['FunctionUrlAuthType'],
      invokedViaFunctionUrl: body['InvokedViaFunctionUrl'],
      revisionId: body['RevisionId'],
    })
    return jsonResponse(201, { Statement: request.sim.addPermission(input as unknown as AddPermissionInput).statement })
  },

  RemovePermission: (request) => {
    const input = compact({
      functionName: functionName(request),
      statementId: request.labels['StatementId'],
      qualifier: request.query['Qualifier'],
      revisionId: request.query['RevisionId'],
    })
    request.sim.removePermission(input as unknown as RemovePermissionInput)
    return emptyResponse(204)
  },

  GetPolicy: (request) => {
    const output = request.sim.getPolicy(compact({ functionName: functionName(request), qualifier: request.query['Qualifier'] }) as { functionName: string })
    return jsonResponse(200, { Policy: output.policy, RevisionId: output.revisionId })
  },

  // ---------------------------------------------------------------- concurrency

  PutFunctionConcurrency: (request) => {
    const body = parseJsonBody(request.body)
    const input = { functionName: functionName(request), reservedConcurrentExecutions: body['ReservedConcurrentExecutions'] as number }
    return jsonResponse(200, { ReservedConcurrentExecutions: request.sim.putFunctionConcurrency(input).reservedConcurrentExecutions })
  },

  GetFunctionConcurrency: (request) => {
    const output = request.sim.getFunctionConcurrency({ functionName: functionName(request) })
    return jsonResponse(200, { ReservedConcurrentExecutions: output.reservedConcurrentExecutions })
  },

  DeleteFunctionConcurrency: (request) => {
    request.sim.deleteFunctionConcurrency({ functionName: functionName(request) })
    return emptyResponse(204)
  },

  PutProvisionedConcurrencyConfig: (request) => {
    const body = parseJsonBody(request.body)
    const input = {
      functionName: functionName(request),
      qualifier: request.query['Qualifier'] as string,
      provisionedConcurrentExecutions: body['ProvisionedConcurrentExecutions'] as number,
    }
    return jsonResponse(202, provisionedConcurrencyOutput(request.sim.putProvisionedConcurrencyConfig(input)))
  },

  GetProvisionedConcurrencyConfig: (request) => {
    const input = { functionName: functionName(request), qualifier: request.query['Qualifier'] as string }
    return jsonResponse(200, provisionedConcurrencyOutput(request.sim.getProvisionedConcurrencyConfig(input)))
  },

  DeleteProvisionedConcurrencyConfig: (request) => {
    request.sim.deleteProvisionedConcurrencyConfig({ functionName: functionName(request), qualifier: request.query['Qualifier'] as string })
    return emptyResponse(204)
  },

  ListProvisionedConcurrencyConfigs: (request) => {
    const output = request.sim.listProvisionedConcurrencyConfigs({ functionName: functionName(request), ...listPage(request) })
    return jsonResponse(200, {
      ProvisionedConcurrencyConfigs: output.provisionedConcurrencyConfigs.map(provisionedConcurrencyOutput),
      NextMarker: output.nextMarker,
    })
  },

  // ---------------------------------------------------------------- asynchronous invocation configuration

  PutFunctionEventInvokeConfig: (request) => jsonResponse(200, eventInvokeConfigOutput(request.sim.putFunctionEventInvokeConfig(eventInvokeConfigInput(request)))),

  UpdateFunctionEventInvokeConfig: (request) =>
    jsonResponse(200, eventInvokeConfigOutput(request.sim.updateFunctionEventInvokeConfig(eventInvokeConfigInput(request)))),

  GetFunctionEventInvokeConfig: (request) => {
    const lookup = compact({ functionName: functionName(request), qualifier: request.query['Qualifier'] }) as { functionName: string }
    return jsonResponse(200, eventInvokeConfigOutput(request.sim.getFunctionEventInvokeConfig(lookup)))
  },

  DeleteFunctionEventInvokeConfig: (request) => {
    request.sim.deleteFunctionEventInvokeConfig(compact({ functionName: functionName(request), qualifier: request.query['Qualifier'] }) as { functionName: string })
    return emptyResponse(204)
  },

  ListFunctionEventInvokeConfigs: (request) => {
    const output = request.sim.listFunctionEventInvokeConfigs({ functionName: functionName(request), ...listPage(request) })
    return jsonResponse(200, { FunctionEventInvokeConfigs: output.functionEventInvokeConfigs.map(eventInvokeConfigOutput), NextMarker: output.nextMarker })
  },

  // ---------------------------------------------------------------- event source mappings

  CreateEventSourceMapping: (request) => {
    const body = parseJsonBody(request.body)
    refuseNotSimulatedMapping(body)
    // `Tags` are checked before the mapping exists, and put on it as TagResource would.
    const tags = body['Tags'] === undefined || body['Tags'] === null ? undefined : checkTags(body['Tags'])
    const input = eventSourceMappingInput(body) as unknown as CreateEventSourceMappingInput
    const mapping = request.sim.createEventSourceMapping(input)
    if (tags !== undefined && Object.keys(tags).length > 0) request.sim.tagResource({ resource: mapping.eventSourceMappingArn, tags })
    return jsonResponse(202, eventSourceMappingOutput(mapping))
  },

  GetEventSourceMapping: (request) => jsonResponse(200, eventSourceMappingOutput(request.sim.getEventSourceMapping({ uuid: request.labels['UUID'] ?? '' }))),

  UpdateEventSourceMapping: (request) => {
    const body = parseJsonBody(request.body)
    refuseNotSimulatedMapping(body)
    const input = { ...eventSourceMappingInput(body), uuid: request.labels['UUID'] ?? '' } as unknown as UpdateEventSourceMappingInput
    return jsonResponse(202, eventSourceMappingOutput(request.sim.updateEventSourceMapping(input)))
  },

  DeleteEventSourceMapping: (request) => jsonResponse(202, eventSourceMappingOutput(request.sim.deleteEventSourceMapping({ uuid: request.labels['UUID'] ?? '' }))),

  ListEventSourceMappings: (request) => {
    const input = compact({ eventSourceArn: request.query['EventSourceArn'], functionName: request.query['FunctionName'], ...listPage(request) })
    const output = request.sim.listEventSourceMappings(input)
    return jsonResponse(200, { EventSourceMappings: output.eventSourceMappings.map(eventSourceMappingOutput), NextMarker: output.nextMarker })
  },

  // ---------------------------------------------------------------- recursion

  PutFunctionRecursionConfig: (request) => {
    const body = parseJsonBody(request.body)
    const output = request.sim.putFunctionRecursionConfig({ functionName: functionName(request), recursiveLoop: body['RecursiveLoop'] as 'Allow' | 'Terminate' })
    return jsonResponse(200, { RecursiveLoop: output.recursiveLoop })
  },

  GetFunctionRecursionConfig: (request) => jsonResponse(200, { RecursiveLoop: request.sim.getFunctionRecursionConfig({ functionName: functionName(request) }).recursiveLoop }),
}

function eventInvokeConfigInput(request: OperationRequest): PutFunctionEventInvokeConfigInput {
  const body = parseJsonBody(request.body)
  return compact({
    functionName: functionName(request),
    qualifier: request.query['Qualifier'],
    maximumRetryAttempts: body['MaximumRetryAttempts'],
    maximumEventAgeInSeconds: body['MaximumEventAgeInSeconds'],
    destinationConfig: destinationConfigInput(body['DestinationConfig']),
  }) as unknown as PutFunctionEventInvokeConfigInput
}
