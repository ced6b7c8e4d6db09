/**
 * The function URL operations on the wire (`/2021-10-31/functions/{FunctionName}/url[s]`): each
 * reads its input from the path, `Qualifier` query and JSON body, calls the simulation's verb, and
 * answers with AWS's status code and output shape (201 for CreateFunctionUrlConfig, 204 for
 * DeleteFunctionUrlConfig).
 */
import type { FunctionUrlConfig, FunctionUrlCors } from '../lambda/urls/function-url-configs.js'
import type { Operation, OperationRequest } from './lambda-operation.js'
import type { LambdaOperation } from './lambda-routes.js'
import { compact, member } from './lambda-shapes.js'
import { emptyResponse, jsonResponse, parseJsonBody } from './rest-json.js'

export type FunctionUrlOperation = Extract<
  LambdaOperation,
  'CreateFunctionUrlConfig' | 'GetFunctionUrlConfig' | 'UpdateFunctionUrlConfig' | 'DeleteFunctionUrlConfig' | 'ListFunctionUrlConfigs'
>

/** A number from the query; anything else passes as it is, for the schema to refuse. */
function integer(value: string | undefined): number | string | undefined {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : value
}

const target = (request: OperationRequest): { functionName: string; qualifier?: string } =>
  compact({ functionName: request.labels['FunctionName'] ?? '', qualifier: request.query['Qualifier'] }) as { functionName: string; qualifier?: string }

/** `Cors` of the request body, in the simulation's names. */
function corsInput(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined
  return compact({
    allowCredentials: member(value, 'AllowCredentials'),
    allowHeaders: member(value, 'AllowHeaders'),
    allowMethods: member(value, 'AllowMethods'),
    allowOrigins: member(value, 'AllowOrigins'),
    exposeHeaders: member(value, 'ExposeHeaders'),
    maxAge: member(value, 'MaxAge'),
  })
}

/** The request's `AuthType`, `Cors`, `InvokeMode`. */
function settingsInput(request: OperationRequest): Record<string, unknown> {
  const body = parseJsonBody(request.body)
  return compact({ authType: body['AuthType'], cors: corsInput(body['Cors']), invokeMode: body['InvokeMode'] })
}

function corsOutput(cors: FunctionUrlCors): Record<string, unknown> {
  return compact({
    AllowCredentials: cors.allowCredentials,
    AllowHeaders: cors.allowHeaders,
    AllowMethods: cors.allowMethods,
    AllowOrigins: cors.allowOrigins,
    ExposeHeaders: cors.exposeHeaders,
    MaxAge: cors.maxAge,
  })
}

/** `FunctionUrlConfig` (and the Create/Update responses, which drop `LastModifiedTime` / `CreationTime` as the model does). */
function configOutput(config: FunctionUrlConfig, omit?: 'LastModifiedTime' | 'CreationTime'): Record<string, unknown> {
  const output: Record<string, unknown> = {
    FunctionUrl: config.functionUrl,
    FunctionArn: config.functionArn,
    AuthType: config.authType,
    ...(config.cors !== undefined ? { Cors: corsOutput(config.cors) } : {}),
    CreationTime: config.creationTime,
    LastModifiedTime: config.lastModifiedTime,
    InvokeMode: config.invokeMode,
  }
  if (omit !== undefined) delete output[omit]
  return output
}

export const functionUrlOperations: Readonly<Record<FunctionUrlOperation, Operation>> = {
  CreateFunctionUrlConfig: (request) => {
    const input = { ...target(request), ...settingsInput(request) }
    return jsonResponse(201, configOutput(request.sim.createFunctionUrlConfig(input as never), 'LastModifiedTime'))
  },

  GetFunctionUrlConfig: (request) => jsonResponse(200, configOutput(request.sim.getFunctionUrlConfig(target(request)))),

  UpdateFunctionUrlConfig: (request) => {
    const input = { ...target(request), ...settingsInput(request) }
    return jsonResponse(200, configOutput(request.sim.updateFunctionUrlConfig(input as never)))
  },

  DeleteFunctionUrlConfig: (request) => {
    request.sim.deleteFunctionUrlConfig(target(request))
    return emptyResponse(204)
  },

  ListFunctionUrlConfigs: (request) => {
    const input = compact({ functionName: request.labels['FunctionName'] ?? '', marker: request.query['Marker'], maxItems: integer(request.query['MaxItems']) })
    const output = request.sim.listFunctionUrlConfigs(input as never)
    return jsonResponse(200, compact({ FunctionUrlConfigs: output.functionUrlConfigs.map((config) => configOutput(config)), NextMarker: output.nextMarker }))
  },
}
