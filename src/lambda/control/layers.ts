/**
 * Lambda layers: publish, read, list and delete layer versions, their permissions, and the layers a
 * function references (`Layers` on CreateFunction / UpdateFunctionConfiguration) with AWS's limits —
 * at most five, each existing, code plus layers at most 250 MB unzipped.
 *
 * A layer's content is stored, sized and answered, never loaded: a handler is a JS closure (or a
 * package directory with its own `node_modules`), so nothing in `/opt` is on its module path.
 *
 * Versions are numbered from 1 per layer and never reused, even after a delete. Deleting a version
 * leaves the functions that reference it unchanged, as on AWS.
 */
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { parseAws } from '../../config/aws-validation.js'
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import type { IdFactory } from '../../kernel/ids.js'
import { SimulationError } from '../../kernel/simulation-error.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { AccountScope } from '../../model/arn.js'
import { codeIdentity } from '../../model/code.js'
import { BAD_ARCHIVE, readArchiveSizes } from './layer-archive.js'
import {
  EMPTY_UPLOAD,
  addLayerVersionPermissionSchema,
  layerContentSchema,
  layerVersionByArnSchema,
  layerVersionLookupSchema,
  listLayersSchema,
  listLayerVersionsSchema,
  publishLayerVersionSchema,
  removeLayerVersionPermissionSchema,
  type AddLayerVersionPermissionInput,
  type LayerContentInput,
  type LayerVersionByArnInput,
  type LayerVersionLookupInput,
  type ListLayersInput,
  type ListLayerVersionsInput,
  type PublishLayerVersionInput,
  type RemoveLayerVersionPermissionInput,
} from './layer-schemas.js'
import { paginate } from './paging.js'
import { lambdaTimestamp } from './version-snapshot.js'

/** Code plus layers, unzipped (`CodeSizeUnzipped`, 250 MB) [V]. */
export const UNZIPPED_LIMIT_BYTES = 262_144_000
/** Layers one function may reference [V]. */
export const LAYERS_PER_FUNCTION = 5

/** The bucket `registerLayerContent` stores content in, as `registerCode` does for function code. */
export const LAYER_CONTENT_BUCKET = 'lambda-sim'

/** `GetLayerVersion` / `PublishLayerVersion`'s output (camelCase). */
export interface LayerVersion {
  readonly content: { readonly location: string; readonly codeSha256: string; readonly codeSize: number }
  readonly layerArn: string
  readonly layerVersionArn: string
  readonly description: string
  /** `2024-01-01T00:00:00.000+0000`, as `LastModified`. */
  readonly createdDate: string
  readonly version: number
  readonly compatibleRuntimes?: readonly string[]
  readonly compatibleArchitectures?: readonly string[]
  readonly licenseInfo?: string
}

/** A version in `ListLayerVersions` and `ListLayers` (no content, no layer ARN). */
export interface LayerVersionsListItem {
  readonly layerVersionArn: string
  readonly version: number
  readonly description: string
  readonly createdDate: string
  readonly compatibleRuntimes?: readonly string[]
  readonly compatibleArchitectures?: readonly string[]
  readonly licenseInfo?: string
}

export interface LayersListItem {
  readonly layerName: string
  readonly layerArn: string
  readonly latestMatchingVersion: LayerVersionsListItem
}

/** A layer as a function's configuration answers it: the version's ARN and its zipped size. */
export interface FunctionLayer {
  readonly arn: string
  readonly codeSize: number
}

/** Content for `registerLayerContent`: what an S3 object named in `Content` holds. */
export type RegisteredLayerContent = { readonly zipFile: Uint8Array } | { readonly zippedBytes: number; readonly unzippedBytes: number } | { readonly directory: string }

/** The layer verbs, as the facade and the SDK bridge offer them. */
export interface LayerApi {
  /** `PublishLayerVersion`: a new version (1, 2, …) of the layer, created on first publish. */
  publishLayerVersion(input: PublishLayerVersionInput): LayerVersion
  /** `GetLayerVersion`. */
  getLayerVersion(input: LayerVersionLookupInput): LayerVersion
  /** `GetLayerVersionByArn`. */
  getLayerVersionByArn(input: LayerVersionByArnInput): LayerVersion
  /** `ListLayers`: each layer with its latest version matching the filters, by name. */
  listLayers(input?: ListLayersInput): { layers: LayersListItem[]; nextMarker?: string }
  /** `ListLayerVersions`: newest first. */
  listLayerVersions(input: ListLayerVersionsInput): { layerVersions: LayerVersionsListItem[]; nextMarker?: string }
  /** `DeleteLayerVersion`: functions that reference it keep it. */
  deleteLayerVersion(input: LayerVersionLookupInput): void
  /** `AddLayerVersionPermission`: a statement granting `lambda:GetLayerVersion`. */
  addLayerVersionPermission(input: AddLayerVersionPermissionInput): { statement: string; revisionId: string }
  /** `GetLayerVersionPolicy`. */
  getLayerVersionPolicy(input: LayerVersionLookupInput): { policy: string; revisionId: string }
  /** `RemoveLayerVersionPermission`. */
  removeLayerVersionPermission(input: RemoveLayerVersionPermissionInput): void
  /** Stores content as `s3://lambda-sim/<key>` for `Content: { S3Bucket, S3Key }`; returns that reference. */
  registerLayerContent(key: string, content: RegisteredLayerContent): { S3Bucket: string; S3Key: string }
}

/** What the function registry asks of layers: the `Layers` a configuration answers with, or AWS's refusal. */
export interface FunctionLayerResolver {
  /**
   * `requested` (the `Layers` of the call, or undefined to keep `current`) checked against the limits
   * with the function's unzipped code size; the layers the configuration then holds.
   */
  layersFor(requested: readonly string[] | undefined, current: readonly FunctionLayer[] | undefined, codeUnzippedBytes: number): readonly FunctionLayer[] | undefined
}

interface StoredVersion {
  readonly output: LayerVersion
  readonly unzippedBytes: number
  policy: { readonly statements: Map<string, Record<string, unknown>>; revisionId: string } | undefined
}

interface StoredLayer {
  readonly name: string
  readonly arn: string
  readonly versions: Map<number, StoredVersion>
  lastVersion: number
}

interface ContentSizes {
  readonly zippedBytes: number
  readonly unzippedBytes: number
  readonly codeSha256: string
}

const NOT_FOUND = 'The resource you requested does not exist.'

export class LayerService implements LayerApi, FunctionLayerResolver {
  private readonly layers = new Map<string, StoredLayer>()
  /** Every version ever published, by ARN: functions keep a deleted version, and its size. */
  private readonly published = new Map<string, { readonly codeSize: number; readonly unzippedBytes: number }>()
  private readonly registered = new Map<string, RegisteredLayerContent>()

  constructor(
    private readonly scope: AccountScope,
    private readonly kernel: Kernel,
    private readonly ids: IdFactory,
    private readonly replayLine: () => string,
  ) {}

  publishLayerVersion(input: PublishLayerVersionInput): LayerVersion {
    const parsed = parseAws(publishLayerVersionSchema, input)
    const name = this.ownLayerName(parsed.layerName)
    if (name === undefined) throw new LambdaError('ResourceNotFoundException', NOT_FOUND)
    const sizes = this.sizesOf(parsed.content)
    if (sizes.unzippedBytes > UNZIPPED_LIMIT_BYTES) throw awsErrors.invalidParameter(`Unzipped size must be smaller than ${UNZIPPED_LIMIT_BYTES} bytes`)
    const layer = this.layers.get(name) ?? { name, arn: this.layerArn(name), versions: new Map(), lastVersion: 0 }
    this.layers.set(name, layer)
    const version = ++layer.lastVersion
    const output: LayerVersion = {
      content: { location: `lambda-sim://layers/${name}/${version}`, codeSha256: sizes.codeSha256, codeSize: sizes.zippedBytes },
      layerArn: layer.arn,
      layerVersionArn: `${layer.arn}:${version}`,
      description: parsed.description ?? '',
      createdDate: lambdaTimestamp(this.kernel.nowMs),
      version,
      ...(parsed.compatibleRuntimes !== undefined ? { compatibleRuntimes: [...parsed.compatibleRuntimes] } : {}),
      ...(parsed.compatibleArchitectures !== undefined ? { compatibleArchitectures: [...parsed.compatibleArchitectures] } : {}),
      ...(parsed.licenseInfo !== undefined ? { licenseInfo: parsed.licenseInfo } : {}),
    }
    layer.versions.set(version, { output, unzippedBytes: sizes.unzippedBytes, policy: undefined })
    this.published.set(output.layerVersionArn, { codeSize: sizes.zippedBytes, unzippedBytes: sizes.unzippedBytes })
    return output
  }

  getLayerVersion(input: LayerVersionLookupInput): LayerVersion {
    const parsed = parseAws(layerVersionLookupSchema, input)
    checkVersionNumber(parsed.versionNumber)
    const stored = this.find(parsed.layerName, parsed.versionNumber)
    if (stored === undefined) throw new LambdaError('ResourceNotFoundException', NOT_FOUND)
    return stored.output
  }

  getLayerVersionByArn(input: LayerVersionByArnInput): LayerVersion {
    const parsed = parseAws(layerVersionByArnSchema, input)
    const stored = this.findByArn(parsed.arn)
    if (stored === undefined) throw new LambdaError('ResourceNotFoundException', NOT_FOUND)
    return stored.output
  }

  listLayers(input: ListLayersInput = {}): { layers: LayersListItem[]; nextMarker?: string } {
    const parsed = parseAws(listLayersSchema, input)
    const items: LayersListItem[] = []
    for (const name of [...this.layers.keys()].sort()) {
      const layer = this.layers.get(name) as StoredLayer
      const latest = newestFirst(layer).find((stored) => matches(stored.output, parsed))
      if (latest !== undefined) items.push({ layerName: name, layerArn: layer.arn, latestMatchingVersion: listItem(latest.output) })
    }
    const page = paginate(items, (item) => item.layerName, parsed.marker, parsed.maxItems)
    return { layers: page.items, ...(page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}) }
  }

  listLayerVersions(input: ListLayerVersionsInput): { layerVersions: LayerVersionsListItem[]; nextMarker?: string } {
    const parsed = parseAws(listLayerVersionsSchema, input)
    const name = this.ownLayerName(parsed.layerName)
    const layer = name === undefined ? undefined : this.layers.get(name)
    // A layer that does not exist lists no versions [U].
    const versions = layer === undefined ? [] : newestFirst(layer).filter((stored) => matches(stored.output, parsed))
    const page = paginate(versions, (stored) => String(stored.output.version), parsed.marker, parsed.maxItems)
    return { layerVersions: page.items.map((stored) => listItem(stored.output)), ...(page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}) }
  }

  deleteLayerVersion(input: LayerVersionLookupInput): void {
    const parsed = parseAws(layerVersionLookupSchema, input)
    checkVersionNumber(parsed.versionNumber)
    // Deleting a version that does not exist succeeds [U].
    const name = this.ownLayerName(parsed.layerName)
    if (name !== undefined) this.layers.get(name)?.versions.delete(parsed.versionNumber)
  }

  addLayerVersionPermission(input: AddLayerVersionPermissionInput): { statement: string; revisionId: string } {
    const parsed = parseAws(addLayerVersionPermissionSchema, input)
    const stored = this.versionForPolicy(parsed.layerName, parsed.versionNumber)
    if (parsed.revisionId !== undefined && parsed.revisionId !== stored.policy?.revisionId) throw layerRevisionMismatch()
    if (stored.policy?.statements.has(parsed.statementId) === true) {
      throw awsErrors.resourceConflict(
        `The statement id (${parsed.statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
      )
    }
    const statement: Record<string, unknown> = {
      Sid: parsed.statementId,
      Effect: 'Allow',
      Principal: /^\d{12}$/.test(parsed.principal) ? { AWS: `arn:aws:iam::${parsed.principal}:root` } : parsed.principal === '*' ? '*' : { AWS: parsed.principal },
      Action: parsed.action,
      Resource: stored.output.layerVersionArn,
      ...(parsed.organizationId !== undefined ? { Condition: { StringEquals: { 'aws:PrincipalOrgID': parsed.organizationId } } } : {}),
    }
    const policy = stored.policy ?? { statements: new Map<string, Record<string, unknown>>(), revisionId: '' }
    policy.statements.set(parsed.statementId, statement)
    policy.revisionId = this.ids.uuid()
    stored.policy = policy
    return { statement: JSON.stringify(statement), revisionId: policy.revisionId }
  }

  getLayerVersionPolicy(input: LayerVersionLookupInput): { policy: string; revisionId: string } {
    const parsed = parseAws(layerVersionLookupSchema, input)
    const stored = this.versionForPolicy(parsed.layerName, parsed.versionNumber)
    if (stored.policy === undefined) throw new LambdaError('ResourceNotFoundException', 'No policy is associated with the given resource.')
    const document = { Version: '2012-10-17', Id: 'default', Statement: [...stored.policy.statements.values()] }
    return { policy: JSON.stringify(document), revisionId: stored.policy.revisionId }
  }

  removeLayerVersionPermission(input: RemoveLayerVersionPermissionInput): void {
    const parsed = parseAws(removeLayerVersionPermissionSchema, input)
    const stored = this.versionForPolicy(parsed.layerName, parsed.versionNumber)
    if (parsed.revisionId !== undefined && parsed.revisionId !== stored.policy?.revisionId) throw layerRevisionMismatch()
    const policy = stored.policy
    if (policy === undefined || !policy.statements.delete(parsed.statementId)) {
      throw new LambdaError('ResourceNotFoundException', `Statement ${parsed.statementId} is not found in resource policy.`)
    }
    // The last statement gone, the version has no policy again [U].
    if (policy.statements.size === 0) stored.policy = undefined
    else policy.revisionId = this.ids.uuid()
  }

  registerLayerContent(key: string, content: RegisteredLayerContent): { S3Bucket: string; S3Key: string } {
    const valid = typeof key === 'string' && key.length > 0 && layerContentSchema.safeParse(content).success && !('s3Bucket' in content)
    if (!valid) {
      throw new SimulationError(
        'invalid-argument',
        'registerLayerContent needs a non-empty key and { zipFile }, { zippedBytes, unzippedBytes } (non-negative integers) or { directory }',
        this.replayLine(),
      )
    }
    this.registered.set(key, content)
    return { S3Bucket: LAYER_CONTENT_BUCKET, S3Key: key }
  }

  layersFor(requested: readonly string[] | undefined, current: readonly FunctionLayer[] | undefined, codeUnzippedBytes: number): readonly FunctionLayer[] | undefined {
    const layers = requested === undefined ? current : this.resolveForFunction(requested)
    if (layers === undefined || layers.length === 0) return layers
    const layersBytes = layers.reduce((sum, layer) => sum + (this.published.get(layer.arn)?.unzippedBytes ?? 0), 0)
    if (layersBytes > UNZIPPED_LIMIT_BYTES) throw awsErrors.invalidParameter(`Layers consume more than the available size of ${UNZIPPED_LIMIT_BYTES} bytes`)
    const total = layersBytes + codeUnzippedBytes
    if (total > UNZIPPED_LIMIT_BYTES) {
      throw awsErrors.invalidParameter(`Function code combined with layers exceeds the maximum allowed size of ${UNZIPPED_LIMIT_BYTES} bytes. The actual size is ${total} bytes.`)
    }
    return layers
  }

  // ---------------------------------------------------------------- helpers

  /** `Layers` of a function call: at most five, each an existing version, one version per layer. */
  private resolveForFunction(arns: readonly string[]): FunctionLayer[] {
    if (arns.length > LAYERS_PER_FUNCTION) throw awsErrors.invalidParameter(`Cannot reference more than ${LAYERS_PER_FUNCTION} layers.`)
    const seen = new Map<string, string>()
    return arns.map((arn) => {
      const parts = /^arn:[^:]+:lambda:([^:]*):(\d{12})?:(?:layer|awslayer):([a-zA-Z0-9-_]+)(?::\d+)?$/.exec(arn)
      if (parts !== null && parts[1] !== '' && parts[1] !== this.scope.region) {
        throw awsErrors.invalidParameter(`Layers are not in the same region as the function. Layers are expected to be in region ${this.scope.region}.`)
      }
      // A deleted version stays with the functions that had it, but cannot be added again [V].
      const stored = this.findByArn(arn)
      if (stored === undefined) throw awsErrors.invalidParameter(`Layer version ${arn} does not exist.`)
      const layerArn = arn.slice(0, arn.lastIndexOf(':'))
      const earlier = seen.get(layerArn)
      if (earlier !== undefined) {
        throw awsErrors.invalidParameter(
          `Two different versions of the same layer are not allowed to be referenced in the same function. ${earlier} and ${arn} are versions of the same layer.`,
        )
      }
      seen.set(layerArn, arn)
      return { arn, codeSize: stored.output.content.codeSize }
    })
  }

  private layerArn(name: string): string {
    return `arn:aws:lambda:${this.scope.region}:${this.scope.accountId}:layer:${name}`
  }

  /** The layer's name in this account and Region, from a name or a layer ARN; undefined for another account's layer. */
  private ownLayerName(identifier: string): string | undefined {
    const arn = /^arn:[^:]+:lambda:([^:]+):(\d{12}):layer:([a-zA-Z0-9-_]+)$/.exec(identifier)
    if (arn === null) return identifier
    return arn[1] === this.scope.region && arn[2] === this.scope.accountId ? arn[3] : undefined
  }

  private find(layerName: string, version: number): StoredVersion | undefined {
    const name = this.ownLayerName(layerName)
    return name === undefined ? undefined : this.layers.get(name)?.versions.get(version)
  }

  private findByArn(arn: string): StoredVersion | undefined {
    const split = arn.lastIndexOf(':')
    const version = Number(arn.slice(split + 1))
    return Number.isInteger(version) ? this.find(arn.slice(0, split), version) : undefined
  }

  /** The version a permission operation names; AWS's not-found names the version's ARN [U]. */
  private versionForPolicy(layerName: string, versionNumber: number): StoredVersion {
    checkVersionNumber(versionNumber)
    const stored = this.find(layerName, versionNumber)
    if (stored !== undefined) return stored
    const arn = layerName.startsWith('arn:') ? layerName : this.layerArn(layerName)
    throw new LambdaError('ResourceNotFoundException', `Layer version ${arn}:${versionNumber} does not exist.`)
  }

  private sizesOf(content: LayerContentInput): ContentSizes {
    const parsed = 's3Bucket' in content ? this.fromS3(content.s3Bucket, content.s3Key) : (content as RegisteredLayerContent)
    if ('zipFile' in parsed) {
      const sizes = readArchiveSizes(parsed.zipFile)
      if (sizes === undefined) throw awsErrors.invalidParameter(BAD_ARCHIVE)
      if (sizes.entries === 0) throw awsErrors.invalidParameter(EMPTY_UPLOAD)
      return sizes
    }
    if ('directory' in parsed) {
      if (!isAbsolute(parsed.directory) || !isDirectory(parsed.directory)) {
        throw awsErrors.invalidParameter(`Could not read the layer content: ${parsed.directory} is not an absolute path to a directory.`)
      }
      const identity = codeIdentity({ directory: parsed.directory })
      // A folder is not compressed here: its zipped size is its unzipped size.
      return { zippedBytes: identity.codeSize, unzippedBytes: identity.codeSize, codeSha256: identity.codeSha256 }
    }
    const digest = createHash('sha256').update(`lambda-sim:declared-layer:${parsed.zippedBytes}:${parsed.unzippedBytes}`).digest('base64')
    return { zippedBytes: parsed.zippedBytes, unzippedBytes: parsed.unzippedBytes, codeSha256: digest }
  }

  /** Content registered under `key` in the `lambda-sim` bucket; the S3 errors AWS relays otherwise [S]. */
  private fromS3(bucket: string, key: string): RegisteredLayerContent {
    if (bucket !== LAYER_CONTENT_BUCKET) {
      throw awsErrors.invalidParameter('Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist')
    }
    const content = this.registered.get(key)
    if (content === undefined) {
      throw awsErrors.invalidParameter('Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.')
    }
    return content
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** The model says only `long`; AWS refuses 0 and below [U]. */
function checkVersionNumber(version: number): void {
  if (version < 1) throw awsErrors.invalidParameter('Layer Version Cannot be less than 1')
}

/** A layer's revision error names GetLayerPolicy, not GetFunction/GetAlias [U]. */
function layerRevisionMismatch(): LambdaError {
  return new LambdaError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id',
  )
}

function newestFirst(layer: StoredLayer): StoredVersion[] {
  return [...layer.versions.values()].sort((a, b) => b.output.version - a.output.version)
}

/** A version matches the list filters when it declares the runtime / architecture asked for. */
function matches(version: LayerVersion, filters: { readonly compatibleRuntime?: string; readonly compatibleArchitecture?: string }): boolean {
  if (filters.compatibleRuntime !== undefined && !(version.compatibleRuntimes ?? []).includes(filters.compatibleRuntime)) return false
  if (filters.compatibleArchitecture !== undefined && !(version.compatibleArchitectures ?? []).includes(filters.compatibleArchitecture)) return false
  return true
}

function listItem(version: LayerVersion): LayerVersionsListItem {
  const { content: _content, layerArn: _layerArn, ...item } = version
  return item
}

/** A resolver without a layer store: `Layers` kept as given, each sized 0 (for a registry built alone). */
export const layersAsGiven: FunctionLayerResolver = {
  layersFor: (requested, current) => requested?.map((arn) => ({ arn, codeSize: 0 })) ?? current,
}
