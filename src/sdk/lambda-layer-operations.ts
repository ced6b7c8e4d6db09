/**
 * The layer operations on the wire (`/2018-10-31/layers…`): each reads its input from the path,
 * query and JSON body, calls the simulation's layer verb, and answers with AWS's status code and
 * output shape (201 for PublishLayerVersion and AddLayerVersionPermission, 204 for deletes).
 */
import type { LayerVersion, LayerVersionsListItem } from '../lambda/control/layers.js'
import type { AddLayerVersionPermissionInput, LayerContentInput, ListLayersInput, PublishLayerVersionInput } from '../lambda/control/layer-schemas.js'
import type { Operation, OperationRequest } from './lambda-operation.js'
import type { LambdaOperation } from './lambda-routes.js'
import { compact, member } from './lambda-shapes.js'
import { emptyResponse, jsonResponse, NotSimulatedError, parseJsonBody } from './rest-json.js'

export type LayerOperation = Extract<
  LambdaOperation,
  | 'PublishLayerVersion'
  | 'GetLayerVersion'
  | 'GetLayerVersionByArn'
  | 'ListLayers'
  | 'ListLayerVersions'
  | 'DeleteLayerVersion'
  | 'AddLayerVersionPermission'
  | 'GetLayerVersionPolicy'
  | 'RemoveLayerVersionPermission'
>

/** A number from the path or query; anything else passes as it is, for the schema to refuse. */
function integer(value: string | undefined): number | string | undefined {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : value
}

/** `{LayerName}` and `{VersionNumber}` of the path. */
function versionRef(request: OperationRequest): { layerName: string; versionNumber: number } {
  return { layerName: request.labels['LayerName'] ?? '', versionNumber: integer(request.labels['VersionNumber']) as number }
}

/** `Content`: `ZipFile` (base64 on this protocol) or an S3 object. */
function contentInput(content: unknown): LayerContentInput | undefined {
  if (content === undefined || content === null) return undefined
  const mode = member(content, 'S3ObjectStorageMode')
  if (mode !== undefined && mode !== null) throw new NotSimulatedError('S3ObjectStorageMode')
  const zipFile = member(content, 'ZipFile')
  if (typeof zipFile === 'string') return { zipFile: new Uint8Array(Buffer.from(zipFile, 'base64')) }
  return compact({ s3Bucket: member(content, 'S3Bucket'), s3Key: member(content, 'S3Key'), s3ObjectVersion: member(content, 'S3ObjectVersion') }) as LayerContentInput
}

/** The list filters and page of ListLayers / ListLayerVersions. */
function listInput(request: OperationRequest): ListLayersInput {
  return compact({
    compatibleRuntime: request.query['CompatibleRuntime'],
    compatibleArchitecture: request.query['CompatibleArchitecture'],
    marker: request.query['Marker'],
    maxItems: integer(request.query['MaxItems']),
  }) as ListLayersInput
}

/** `LayerVersionsListItem`. */
function layerVersionsListItem(item: LayerVersionsListItem): Record<string, unknown> {
  return {
    LayerVersionArn: item.layerVersionArn,
    Version: item.version,
    Description: item.description,
    CreatedDate: item.createdDate,
    CompatibleRuntimes: item.compatibleRuntimes,
    LicenseInfo: item.licenseInfo,
    CompatibleArchitectures: item.compatibleArchitectures,
  }
}

/** `GetLayerVersionResponse` / `PublishLayerVersionResponse`. */
export function layerVersionOutput(version: LayerVersion): Record<string, unknown> {
  return {
    Content: { Location: version.content.location, CodeSha256: version.content.codeSha256, CodeSize: version.content.codeSize },
    LayerArn: version.layerArn,
    ...layerVersionsListItem(version),
  }
}

export const layerOperations: Readonly<Record<LayerOperation, Operation>> = {
  PublishLayerVersion: (request) => {
    const body = parseJsonBody(request.body)
    const input = compact({
      layerName: request.labels['LayerName'],
      content: contentInput(body['Content']),
      description: body['Description'],
      compatibleRuntimes: body['CompatibleRuntimes'],
      compatibleArchitectures: body['CompatibleArchitectures'],
      licenseInfo: body['LicenseInfo'],
    })
    return jsonResponse(201, layerVersionOutput(request.sim.publishLayerVersion(input as unknown as PublishLayerVersionInput)))
  },

  GetLayerVersion: (request) => jsonResponse(200, layerVersionOutput(request.sim.getLayerVersion(versionRef(request)))),

  GetLayerVersionByArn: (request) => jsonResponse(200, layerVersionOutput(request.sim.getLayerVersionByArn({ arn: request.query['Arn'] ?? '' }))),

  ListLayers: (request) => {
    const output = request.sim.listLayers(listInput(request))
    return jsonResponse(200, {
      NextMarker: output.nextMarker,
      Layers: output.layers.map((layer) => ({ LayerName: layer.layerName, LayerArn: layer.layerArn, LatestMatchingVersion: layerVersionsListItem(layer.latestMatchingVersion) })),
    })
  },

  ListLayerVersions: (request) => {
    const output = request.sim.listLayerVersions({ layerName: request.labels['LayerName'] ?? '', ...listInput(request) })
    return jsonResponse(200, { NextMarker: output.nextMarker, LayerVersions: output.layerVersions.map(layerVersionsListItem) })
  },

  DeleteLayerVersion: (request) => {
    request.sim.deleteLayerVersion(versionRef(request))
    return emptyResponse(204)
  },

  AddLayerVersionPermission: (request) => {
    const body = parseJsonBody(request.body)
    const input = compact({
      ...versionRef(request),
      statementId: body['StatementId'],
      action: body['Action'],
      principal: body['Principal'],
      organizationId: body['OrganizationId'],
      revisionId: request.query['RevisionId'],
    })
    const output = request.sim.addLayerVersionPermission(input as unknown as AddLayerVersionPermissionInput)
    return jsonResponse(201, { Statement: output.statement, RevisionId: output.revisionId })
  },

  GetLayerVersionPolicy: (request) => {
    const output = request.sim.getLayerVersionPolicy(versionRef(request))
    return jsonResponse(200, { Policy: output.policy, RevisionId: output.revisionId })
  },

  RemoveLayerVersionPermission: (request) => {
    const input = compact({ ...versionRef(request), statementId: request.labels['StatementId'], revisionId: request.query['RevisionId'] })
    request.sim.removeLayerVersionPermission(input as unknown as { layerName: string; versionNumber: number; statementId: string })
    return emptyResponse(204)
  },
}
