/**
 * S3's operations over the wire: which operation a method and sub-resource name at the service,
 * bucket and object level, how its input is read from headers, query and XML body, and how its
 * output is written back. Sub-resources lambda-sim does not simulate (`?policy`, `?tagging`,
 * `?versions`, …) answer `NotImplemented`, naming lambda-sim.
 */
import type { CompletedPart, NotificationConfiguration, PutObjectInput, S3ObjectDescription, S3ObjectHeaders } from '../aws/s3/api.js'
import { S3Error, s3Errors } from '../aws/s3/errors.js'
import { compareKeys, markerToken } from '../aws/s3/listing.js'
import { bucketRegion } from '../aws/s3/names.js'
import type { SdkBackend } from './backend.js'
import { xmlEscape } from './protocol-support.js'
import { child, childrenNamed, childText, parseXml, type XmlNode } from './s3-xml.js'

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'

export interface S3Request {
  readonly sim: SdkBackend
  readonly method: string
  readonly bucket: string
  readonly key: string
  readonly query: Readonly<Record<string, string>>
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

export interface S3Answer {
  readonly statusCode?: number
  readonly headers?: Record<string, string>
  /** The document's root element (the declaration is added). */
  readonly xml?: string
  readonly body?: Uint8Array
}

type Table = (request: S3Request) => S3Answer

// ------------------------------------------------------------------ XML writing

const leaf = (name: string, value: string | number | boolean | undefined): string => (value === undefined ? '' : `<${name}>${xmlEscape(String(value))}</${name}>`)
const root = (name: string, content: string): string => `<${name} xmlns="${XMLNS}">${content}</${name}>`
const iso = (date: Date): string => date.toISOString()

function bodyXml(request: S3Request): XmlNode {
  return parseXml(new TextDecoder().decode(request.body))
}

// ------------------------------------------------------------------ headers

function objectHeadersIn(headers: Readonly<Record<string, string>>): S3ObjectHeaders {
  const metadata: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value
  const pick = (name: string): string | undefined => headers[name]
  const fields: Record<string, string | Record<string, string> | undefined> = {
    contentType: pick('content-type'),
    contentEncoding: pick('content-encoding')
      ?.split(',')
      .map((e) => e.trim())
      .filter((e) => e !== 'aws-chunked')
      .join(','),
    contentDisposition: pick('content-disposition'),
    contentLanguage: pick('content-language'),
    cacheControl: pick('cache-control'),
    storageClass: pick('x-amz-storage-class'),
    metadata,
  }
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') out[name] = value
  return out as S3ObjectHeaders
}

function objectHeadersOut(d: S3ObjectDescription): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': d.contentType,
    'content-length': String(d.contentLength),
    etag: d.eTag,
    'last-modified': d.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
  }
  if (d.contentRange !== undefined) headers['content-range'] = d.contentRange
  if (d.contentEncoding !== undefined) headers['content-encoding'] = d.contentEncoding
  if (d.contentDisposition !== undefined) headers['content-disposition'] = d.contentDisposition
  if (d.contentLanguage !== undefined) headers['content-language'] = d.contentLanguage
  if (d.cacheControl !== undefined) headers['cache-control'] = d.cacheControl
  if (d.storageClass !== 'STANDARD') headers['x-amz-storage-class'] = d.storageClass
  if (d.partsCount !== undefined) headers['x-amz-mp-parts-count'] = String(d.partsCount)
  for (const [name, value] of Object.entries(d.metadata)) headers[`x-amz-meta-${name}`] = value
  return headers
}

function dateHeader(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

function readConditions(headers: Readonly<Record<string, string>>) {
  const since = dateHeader(headers['if-modified-since'])
  const unmodified = dateHeader(headers['if-unmodified-since'])
  return {
    ...(headers['if-match'] !== undefined ? { ifMatch: headers['if-match'] } : {}),
    ...(headers['if-none-match'] !== undefined ? { ifNoneMatch: headers['if-none-match'] } : {}),
    ...(since !== undefined ? { ifModifiedSince: since } : {}),
    ...(unmodified !== undefined ? { ifUnmodifiedSince: unmodified } : {}),
  }
}

/** Query parameters an operation reads; any other one (bar the SDK's `x-id`) is a sub-resource lambda-sim does not simulate. */
function onlyQuery(request: S3Request, what: string, allowed: readonly string[]): void {
  for (const name of Object.keys(request.query)) {
    if (name !== 'x-id' && !allowed.includes(name) && !name.startsWith('response-')) throw s3Errors.notImplemented(`${what} with ?${name}`)
  }
}

// ------------------------------------------------------------------ service level

export const serviceOperations: Table = (request) => {
  if (request.method !== 'GET') throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: request.method, ResourceType: 'SERVICE' })
  onlyQuery(request, 'ListBuckets', ['max-buckets', 'continuation-token', 'prefix', 'bucket-region'])
  const { buckets, owner } = request.sim.s3.listBuckets()
  const listed = buckets
    .filter((b) => request.query['prefix'] === undefined || b.name.startsWith(request.query['prefix']))
    .map((b) => `<Bucket>${leaf('Name', b.name)}${leaf('CreationDate', iso(b.creationDate))}${leaf('BucketRegion', b.bucketRegion)}</Bucket>`)
  return { xml: root('ListAllMyBucketsResult', `<Owner>${leaf('ID', owner.id)}</Owner><Buckets>${listed.join('')}</Buckets>`) }
}

// ------------------------------------------------------------------ bucket level

export const bucketOperations: Table = (request) => {
  const { sim, bucket, query, method } = request
  const s3 = sim.s3
  if ('notification' in query) {
    if (method === 'PUT') {
      const skip = request.headers['x-amz-skip-destination-validation'] === 'true'
      s3.putBucketNotificationConfiguration({ bucket, notificationConfiguration: notificationIn(bodyXml(request)), skipDestinationValidation: skip })
      return {}
    }
    if (method === 'GET') return { xml: notificationOut(s3.getBucketNotificationConfiguration({ bucket })) }
  }
  if (method === 'GET' && 'location' in query) {
    const region = s3.headBucket({ bucket }).bucketRegion
    return { xml: root('LocationConstraint', xmlEscape(region === 'us-east-1' ? '' : region)) }
  }
  if (method === 'GET' && 'versioning' in query) {
    s3.headBucket({ bucket })
    return { xml: root('VersioningConfiguration', '') }
  }
  if (method === 'GET' && 'uploads' in query) {
    const { uploads } = s3.listMultipartUploads({ bucket })
    const items = uploads.map((u) => `<Upload>${leaf('Key', u.key)}${leaf('UploadId', u.uploadId)}${leaf('Initiated', iso(u.initiated))}${leaf('StorageClass', u.storageClass)}</Upload>`)
    return { xml: root('ListMultipartUploadsResult', `${leaf('Bucket', bucket)}<KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>${items.join('')}`) }
  }
  if (method === 'POST' && 'delete' in query) return deleteObjects(request)
  switch (method) {
    case 'PUT': {
      onlyQuery(request, 'this bucket operation', [])
      const constraint = request.body.length > 0 ? childText(bodyXml(request), 'LocationConstraint') : undefined
      // The endpoint's Region decides, as S3's does: only us-east-1 takes no constraint.
      bucketRegion(sim.region, constraint)
      const { location } = s3.createBucket({ bucket, ...(constraint !== undefined ? { locationConstraint: constraint } : {}) })
      return { headers: { location } }
    }
    case 'HEAD': {
      const { bucketRegion: region } = s3.headBucket({ bucket })
      return { headers: { 'x-amz-bucket-region': region, 'x-amz-access-point-alias': 'false' } }
    }
    case 'DELETE':
      onlyQuery(request, 'this bucket operation', [])
      s3.deleteBucket({ bucket })
      return { statusCode: 204 }
    case 'GET':
      return query['list-type'] === '2' ? listObjectsV2(request) : listObjectsV1(request)
    default:
      throw s3Errors.notImplemented(`${method} on a bucket`)
  }
}

function maxKeys(request: S3Request): number | undefined {
  const text = request.query['max-keys']
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text)) throw s3Errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', text)
  return Number(text)
}

function listingContents(contents: ReturnType<SdkBackend['s3']['listObjectsV2']>['contents'], encode: (text: string) => string, owner: string | undefined): string {
  return contents
    .map(
      (o) =>
        `<Contents>${leaf('Key', encode(o.key))}${leaf('LastModified', iso(o.lastModified))}${leaf('ETag', o.eTag)}${leaf('Size', o.size)}${owner !== undefined ? `<Owner>${leaf('ID', owner)}</Owner>` : ''}${leaf('StorageClass', o.storageClass)}</Contents>`,
    )
    .join('')
}

function encoder(request: S3Request): (text: string) => string {
  const encodingType = request.query['encoding-type']
  if (encodingType !== undefined && encodingType !== 'url') throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType)
  return encodingType === 'url' ? (text) => encodeURIComponent(text).replace(/%2F/g, '/') : (text) => text
}

function listObjectsV2(request: S3Request): S3Answer {
  onlyQuery(request, 'ListObjectsV2', ['list-type', 'prefix', 'delimiter', 'max-keys', 'continuation-token', 'start-after', 'encoding-type', 'fetch-owner'])
  const q = request.query
  const max = maxKeys(request)
  const encode = encoder(request)
  const out = request.sim.s3.listObjectsV2({
    bucket: request.bucket,
    ...(q['prefix'] !== undefined ? { prefix: q['prefix'] } : {}),
    ...(q['delimiter'] !== undefined ? { delimiter: q['delimiter'] } : {}),
    ...(max !== undefined ? { maxKeys: max } : {}),
    ...(q['continuation-token'] !== undefined ? { continuationToken: q['continuation-token'] } : {}),
    ...(q['start-after'] !== undefined ? { startAfter: q['start-after'] } : {}),
  })
  const owner = q['fetch-owner'] === 'true' ? request.sim.s3.listBuckets().owner.id : undefined
  const xml =
    leaf('Name', out.name) +
    leaf('Prefix', encode(out.prefix)) +
    leaf('StartAfter', out.startAfter !== undefined ? encode(out.startAfter) : undefined) +
    leaf('ContinuationToken', out.continuationToken) +
    leaf('NextContinuationToken', out.nextContinuationToken) +
    leaf('KeyCount', out.keyCount) +
    leaf('MaxKeys', out.maxKeys) +
    leaf('Delimiter', out.delimiter !== undefined ? encode(out.delimiter) : undefined) +
    leaf('EncodingType', q['encoding-type']) +
    leaf('IsTruncated', out.isTruncated) +
    listingContents(out.contents, encode, owner) +
    out.commonPrefixes.map((p) => `<CommonPrefixes>${leaf('Prefix', encode(p))}</CommonPrefixes>`).join('')
  return { xml: root('ListBucketResult', xml) }
}

/** ListObjects (version 1): `marker` instead of a token; `NextMarker` only with a delimiter, as S3 answers. */
function listObjectsV1(request: S3Request): S3Answer {
  onlyQuery(request, 'ListObjects', ['prefix', 'delimiter', 'max-keys', 'marker', 'encoding-type'])
  const q = request.query
  const max = maxKeys(request)
  const encode = encoder(request)
  const marker = q['marker']
  const out = request.sim.s3.listObjectsV2({
    bucket: request.bucket,
    ...(q['prefix'] !== undefined ? { prefix: q['prefix'] } : {}),
    ...(q['delimiter'] !== undefined ? { delimiter: q['delimiter'] } : {}),
    ...(max !== undefined ? { maxKeys: max } : {}),
    ...(marker !== undefined && marker !== '' ? { continuationToken: markerToken(marker, q['delimiter']) } : {}),
  })
  // The page's last entry in S3's order: keys and common prefixes are each already in it.
  const last = [out.contents.at(-1)?.key, out.commonPrefixes.at(-1)].filter((k): k is string => k !== undefined).sort(compareKeys).at(-1)
  const owner = request.sim.s3.listBuckets().owner.id
  const xml =
    leaf('Name', out.name) +
    leaf('Prefix', encode(out.prefix)) +
    leaf('Marker', encode(marker ?? '')) +
    leaf('NextMarker', out.isTruncated && out.delimiter !== undefined && last !== undefined ? encode(last) : undefined) +
    leaf('MaxKeys', out.maxKeys) +
    leaf('Delimiter', out.delimiter !== undefined ? encode(out.delimiter) : undefined) +
    leaf('EncodingType', q['encoding-type']) +
    leaf('IsTruncated', out.isTruncated) +
    listingContents(out.contents, encode, owner) +
    out.commonPrefixes.map((p) => `<CommonPrefixes>${leaf('Prefix', encode(p))}</CommonPrefixes>`).join('')
  return { xml: root('ListBucketResult', xml) }
}

function deleteObjects(request: S3Request): S3Answer {
  const doc = bodyXml(request)
  if (doc.name !== 'Delete') throw s3Errors.malformedXml()
  const keys = childrenNamed(doc, 'Object').map((o) => childText(o, 'Key') ?? '')
  const quiet = childText(doc, 'Quiet') === 'true'
  const { deleted, errors } = request.sim.s3.deleteObjects({ bucket: request.bucket, keys })
  const xml =
    (quiet ? '' : deleted.map((d) => `<Deleted>${leaf('Key', d.key)}</Deleted>`).join('')) +
    errors.map((e) => `<Error>${leaf('Key', e.key)}${leaf('Code', e.code)}${leaf('Message', e.message)}</Error>`).join('')
  return { xml: root('DeleteResult', xml) }
}

// ------------------------------------------------------------------ notification configuration

const KINDS = [
  { element: 'TopicConfiguration', arn: 'Topic', field: 'topicArn', list: 'topicConfigurations' },
  { element: 'QueueConfiguration', arn: 'Queue', field: 'queueArn', list: 'queueConfigurations' },
  { element: 'CloudFunctionConfiguration', arn: 'CloudFunction', field: 'lambdaFunctionArn', list: 'lambdaFunctionConfigurations' },
] as const

function notificationIn(doc: XmlNode): NotificationConfiguration {
  if (doc.name !== 'NotificationConfiguration') throw s3Errors.malformedXml()
  const out: Record<string, unknown> = {}
  for (const kind of KINDS) {
    const configs = childrenNamed(doc, kind.element).map((node) => {
      const id = childText(node, 'Id')
      const rules = childrenNamed(child(child(node, 'Filter'), 'S3Key'), 'FilterRule').map((r) => ({ name: childText(r, 'Name') ?? '', value: childText(r, 'Value') ?? '' }))
      return {
        ...(id !== undefined ? { id } : {}),
        [kind.field]: childText(node, kind.arn) ?? '',
        events: childrenNamed(node, 'Event').map((e) => e.text),
        ...(child(node, 'Filter') !== undefined ? { filter: { key: { filterRules: rules } } } : {}),
      }
    })
    if (configs.length > 0) out[kind.list] = configs
  }
  if (child(doc, 'EventBridgeConfiguration') !== undefined) out['eventBridgeConfiguration'] = {}
  return out as NotificationConfiguration
}

function notificationOut(config: NotificationConfiguration): string {
  let xml = ''
  for (const kind of KINDS) {
    type Config = Record<string, unknown> & { id?: string; events: readonly string[]; filter?: { key?: { filterRules?: ReadonlyArray<{ name: string; value: string }> } } }
    for (const c of (config[kind.list] ?? []) as unknown as readonly Config[]) {
      const rules = c.filter?.key?.filterRules ?? []
      const filter = rules.length > 0 ? `<Filter><S3Key>${rules.map((r) => `<FilterRule>${leaf('Name', r.name)}${leaf('Value', r.value)}</FilterRule>`).join('')}</S3Key></Filter>` : ''
      xml += `<${kind.element}>${leaf('Id', c.id)}${leaf(kind.arn, c[kind.field] as string)}${c.events.map((e) => leaf('Event', e)).join('')}${filter}</${kind.element}>`
    }
  }
  if (config.eventBridgeConfiguration !== undefined) xml += '<EventBridgeConfiguration></EventBridgeConfiguration>'
  return root('NotificationConfiguration', xml)
}

// ------------------------------------------------------------------ object level

/**
 * A write's settings for what lambda-sim does not simulate are refused rather than dropped:
 * tagging and encryption other than S3's default (`AES256`) answer `NotImplemented`; Object Lock
 * answers what S3 answers for a bucket made without it.
 */
function refuseUnsimulatedSettings(headers: Readonly<Record<string, string>>): void {
  if (headers['x-amz-tagging'] !== undefined) throw s3Errors.notImplemented('object tagging (x-amz-tagging)')
  const encryption = headers['x-amz-server-side-encryption']
  if ((encryption !== undefined && encryption !== 'AES256') || headers['x-amz-server-side-encryption-customer-algorithm'] !== undefined) {
    throw s3Errors.notImplemented('encryption other than SSE-S3 (AES256)')
  }
  if (['x-amz-object-lock-mode', 'x-amz-object-lock-retain-until-date', 'x-amz-object-lock-legal-hold'].some((name) => headers[name] !== undefined)) {
    throw s3Errors.invalidRequest('Bucket is missing Object Lock Configuration')
  }
}

function putInput(request: S3Request): Omit<PutObjectInput, 'body'> {
  const h = request.headers
  refuseUnsimulatedSettings(h)
  return {
    bucket: request.bucket,
    key: request.key,
    ...objectHeadersIn(h),
    ...(h['content-md5'] !== undefined ? { contentMD5: h['content-md5'] } : {}),
    ...(h['if-none-match'] !== undefined ? { ifNoneMatch: h['if-none-match'] } : {}),
    ...(h['if-match'] !== undefined ? { ifMatch: h['if-match'] } : {}),
  }
}

/** `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, perhaps with `?versionId=`. */
function copySource(header: string): { sourceBucket: string; sourceKey: string } {
  const [path = ''] = header.split('?')
  const trimmed = path.startsWith('/') ? path.slice(1) : path
  const slash = trimmed.indexOf('/')
  if (slash <= 0 || slash === trimmed.length - 1) throw s3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', header)
  return { sourceBucket: percentDecoded(trimmed.slice(0, slash)), sourceKey: percentDecoded(trimmed.slice(slash + 1)) }
}

/** A path segment or copy source decoded; text that is not valid percent-encoding is taken as it is. */
export function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** `x-amz-copy-source-if-modified-since` / `-if-unmodified-since` (an unreadable date is ignored, as for a GET). */
function copySourceDates(headers: Readonly<Record<string, string>>): { copySourceIfModifiedSince?: Date; copySourceIfUnmodifiedSince?: Date } {
  const since = dateHeader(headers['x-amz-copy-source-if-modified-since'])
  const unmodified = dateHeader(headers['x-amz-copy-source-if-unmodified-since'])
  return { ...(since !== undefined ? { copySourceIfModifiedSince: since } : {}), ...(unmodified !== undefined ? { copySourceIfUnmodifiedSince: unmodified } : {}) }
}

/** Buckets are unversioned: an object's only version is `null`, and S3 refuses any other id. */
function checkVersionId(versionId: string | undefined): void {
  if (versionId !== undefined && versionId !== 'null') throw s3Errors.invalidArgument('Invalid version id specified', 'versionId', versionId)
}

function partNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text)) throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', text)
  return Number(text)
}

export const objectOperations: Table = (request): S3Answer => {
  const { sim, bucket, key, query, method, headers } = request
  const s3 = sim.s3
  switch (method) {
    case 'PUT': {
      if ('uploadId' in query) {
        if (headers['x-amz-copy-source'] !== undefined) throw s3Errors.notImplemented('UploadPartCopy')
        onlyQuery(request, 'UploadPart', ['uploadId', 'partNumber'])
        const { eTag } = s3.uploadPart({
          bucket,
          key,
          uploadId: query['uploadId'] as string,
          partNumber: partNumber(query['partNumber'] ?? '') as number,
          body: request.body,
          ...(headers['content-md5'] !== undefined ? { contentMD5: headers['content-md5'] } : {}),
        })
        return { headers: { etag: eTag, 'x-amz-server-side-encryption': 'AES256' } }
      }
      onlyQuery(request, 'PutObject', [])
      const source = headers['x-amz-copy-source']
      if (source !== undefined) {
        refuseUnsimulatedSettings(headers)
        const directive = headers['x-amz-metadata-directive']
        const out = s3.copyObject({
          ...objectHeadersIn(headers),
          bucket,
          key,
          ...copySource(source),
          ...(directive !== undefined ? { metadataDirective: directive as 'COPY' } : {}),
          ...(headers['x-amz-copy-source-if-match'] !== undefined ? { copySourceIfMatch: headers['x-amz-copy-source-if-match'] } : {}),
          ...(headers['x-amz-copy-source-if-none-match'] !== undefined ? { copySourceIfNoneMatch: headers['x-amz-copy-source-if-none-match'] } : {}),
          ...copySourceDates(headers),
        })
        return { xml: root('CopyObjectResult', leaf('ETag', out.eTag) + leaf('LastModified', iso(out.lastModified))), headers: { 'x-amz-server-side-encryption': 'AES256' } }
      }
      const { eTag } = s3.putObject({ ...putInput(request), body: request.body })
      return { headers: { etag: eTag, 'x-amz-server-side-encryption': 'AES256' } }
    }
    case 'GET': {
      if ('uploadId' in query) {
        onlyQuery(request, 'ListParts', ['uploadId', 'max-parts', 'part-number-marker'])
        const uploadId = query['uploadId'] as string
        const { parts } = s3.listParts({ bucket, key, uploadId })
        const items = parts.map((p) => `<Part>${leaf('PartNumber', p.partNumber)}${leaf('LastModified', iso(p.lastModified))}${leaf('ETag', p.eTag)}${leaf('Size', p.size)}</Part>`)
        return {
          xml: root(
            'ListPartsResult',
            `${leaf('Bucket', bucket)}${leaf('Key', key)}${leaf('UploadId', uploadId)}<PartNumberMarker>0</PartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated>${items.join('')}<StorageClass>STANDARD</StorageClass>`,
          ),
        }
      }
      onlyQuery(request, 'GetObject', ['partNumber', 'versionId'])
      checkVersionId(query['versionId'])
      const part = partNumber(query['partNumber'])
      const out = s3.getObject({ bucket, key, ...readConditions(headers), ...(headers['range'] !== undefined ? { range: headers['range'] } : {}), ...(part !== undefined ? { partNumber: part } : {}) })
      return { statusCode: out.statusCode, headers: { ...objectHeadersOut(out), ...responseOverrides(query) }, body: out.body }
    }
    case 'HEAD': {
      onlyQuery(request, 'HeadObject', ['partNumber', 'versionId'])
      checkVersionId(query['versionId'])
      const part = partNumber(query['partNumber'])
      const out = s3.headObject({ bucket, key, ...readConditions(headers), ...(headers['range'] !== undefined ? { range: headers['range'] } : {}), ...(part !== undefined ? { partNumber: part } : {}) })
      return { statusCode: out.contentRange !== undefined ? 206 : 200, headers: objectHeadersOut(out) }
    }
    case 'DELETE': {
      if ('uploadId' in query) {
        s3.abortMultipartUpload({ bucket, key, uploadId: query['uploadId'] as string })
        return { statusCode: 204 }
      }
      onlyQuery(request, 'DeleteObject', [])
      s3.deleteObject({ bucket, key })
      return { statusCode: 204 }
    }
    case 'POST': {
      if ('uploads' in query) {
        onlyQuery(request, 'CreateMultipartUpload', ['uploads'])
        const out = s3.createMultipartUpload({ ...putInput(request) })
        return { xml: root('InitiateMultipartUploadResult', leaf('Bucket', out.bucket) + leaf('Key', out.key) + leaf('UploadId', out.uploadId)) }
      }
      if ('uploadId' in query) {
        const doc = bodyXml(request)
        if (doc.name !== 'CompleteMultipartUpload') throw s3Errors.malformedXml()
        const parts: CompletedPart[] = childrenNamed(doc, 'Part').map((p) => ({ partNumber: Number(childText(p, 'PartNumber')), eTag: childText(p, 'ETag') ?? '' }))
        const out = s3.completeMultipartUpload({ bucket, key, uploadId: query['uploadId'] as string, parts })
        return { xml: root('CompleteMultipartUploadResult', leaf('Location', out.location) + leaf('Bucket', out.bucket) + leaf('Key', out.key) + leaf('ETag', out.eTag)) }
      }
      throw s3Errors.notImplemented('POST on an object (browser uploads, restores, selects)')
    }
    default:
      throw s3Errors.notImplemented(`${method} on an object`)
  }
}

/** `response-content-type=…` and friends override the answer's headers, as S3 lets a GET do. */
function responseOverrides(query: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(query)) if (name.startsWith('response-') && name !== 'response-expires') out[name.slice('response-'.length)] = value
  return out
}
