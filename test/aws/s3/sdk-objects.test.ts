import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  type CopyObjectCommandInput,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  NoSuchBucket,
  NoSuchKey,
  NoSuchUpload,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  BucketAlreadyOwnedByYou,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../../src/index.js'

const md5 = (data: string | Uint8Array): string => createHash('md5').update(data).digest('hex')

function setup(options: { region?: string; forcePathStyle?: boolean } = {}) {
  const sim = createSimulation({ seed: 1, ...(options.region !== undefined ? { region: options.region } : {}) })
  const s3 = new S3Client({ ...sim.clientConfig(), ...(options.forcePathStyle === true ? { forcePathStyle: true } : {}) })
  return { sim, s3 }
}

async function thrown(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise
  } catch (error) {
    return error as S3ServiceException
  }
  throw new Error('expected the call to fail')
}

describe('S3 through @aws-sdk/client-s3', () => {
  for (const forcePathStyle of [false, true]) {
    it(`PutObject / GetObject / HeadObject - ${forcePathStyle ? 'path' : 'virtual-hosted'} style`, async () => {
      const { sim, s3 } = setup({ forcePathStyle })
      await s3.send(new CreateBucketCommand({ Bucket: 'photos' }))
      const put = await s3.send(new PutObjectCommand({ Bucket: 'photos', Key: 'cats/tom & jerry.txt', Body: 'hello world', ContentType: 'text/plain', Metadata: { Owner: 'ann' } }))
      expect(put.ETag).toBe(`"${md5('hello world')}"`)
      const got = await s3.send(new GetObjectCommand({ Bucket: 'photos', Key: 'cats/tom & jerry.txt' }))
      expect(await got.Body?.transformToString()).toBe('hello world')
      expect(got.ContentType).toBe('text/plain')
      expect(got.ContentLength).toBe(11)
      expect(got.Metadata).toEqual({ owner: 'ann' })
      expect(got.LastModified).toEqual(new Date(Math.floor(sim.nowMs / 1000) * 1000))
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'photos', Key: 'cats/tom & jerry.txt' }))
      expect(head.ETag).toBe(put.ETag)
      expect(head.ContentLength).toBe(11)
      expect(sim.s3.getObject({ bucket: 'photos', key: 'cats/tom & jerry.txt' }).metadata).toEqual({ owner: 'ann' })
    })
  }

  it('GetObject - one byte range answers 206 with Content-Range; a range past the end is InvalidRange', async () => {
    const { s3 } = setup()
    await s3.send(new CreateBucketCommand({ Bucket: 'bk1' }))
    await s3.send(new PutObjectCommand({ Bucket: 'bk1', Key: 'k', Body: '0123456789' }))
    const part = await s3.send(new GetObjectCommand({ Bucket: 'bk1', Key: 'k', Range: 'bytes=2-4' }))
    expect(await part.Body?.transformToString()).toBe('234')
    expect(part.ContentRange).toBe('bytes 2-4/10')
    const tail = await s3.send(new GetObjectCommand({ Bucket: 'bk1', Key: 'k', Range: 'bytes=-3' }))
    expect(await tail.Body?.transformToString()).toBe('789')
    const error = await thrown(s3.send(new GetObjectCommand({ Bucket: 'bk1', Key: 'k', Range: 'bytes=20-' })))
    expect(error.name).toBe('InvalidRange')
    expect(error.$metadata.httpStatusCode).toBe(416)
  })

  it('errors - NoSuchBucket, NoSuchKey, NotFound on HEAD, InvalidBucketName, BucketNotEmpty', async () => {
    const { s3 } = setup()
    const noBucket = await thrown(s3.send(new GetObjectCommand({ Bucket: 'nope', Key: 'k' })))
    expect(noBucket).toBeInstanceOf(NoSuchBucket)
    expect(noBucket.message).toBe('The specified bucket does not exist')
    await s3.send(new CreateBucketCommand({ Bucket: 'bk1' }))
    const noKey = await thrown(s3.send(new GetObjectCommand({ Bucket: 'bk1', Key: 'missing' })))
    expect(noKey).toBeInstanceOf(NoSuchKey)
    expect(noKey.$metadata.httpStatusCode).toBe(404)
    const head = await thrown(s3.send(new HeadObjectCommand({ Bucket: 'bk1', Key: 'missing' })))
    expect(head.name).toBe('NotFound')
    const badName = await thrown(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })))
    expect(badName.name).toBe('InvalidBucketName')
    expect(badName.message).toBe('The specified bucket is not valid.')
    await s3.send(new PutObjectCommand({ Bucket: 'bk1', Key: 'k', Body: 'x' }))
    const notEmpty = await thrown(s3.send(new DeleteBucketCommand({ Bucket: 'bk1' })))
    expect(notEmpty.name).toBe('BucketNotEmpty')
    expect(notEmpty.$metadata.httpStatusCode).toBe(409)
    await s3.send(new DeleteObjectCommand({ Bucket: 'bk1', Key: 'k' }))
    await s3.send(new DeleteObjectCommand({ Bucket: 'bk1', Key: 'k' }))
    await s3.send(new DeleteBucketCommand({ Bucket: 'bk1' }))
    expect((await s3.send(new ListBucketsCommand({}))).Buckets).toEqual([])
  })

  it('CreateBucket - BucketAlreadyOwnedByYou outside us-east-1; the Region must match the endpoint', async () => {
    const { s3 } = setup({ region: 'eu-west-1' })
    // The SDK adds the client's Region as LocationConstraint when none is given.
    await s3.send(new CreateBucketCommand({ Bucket: 'bk1' }))
    const elsewhere = await thrown(s3.send(new CreateBucketCommand({ Bucket: 'bk2', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } })))
    expect(elsewhere.name).toBe('IllegalLocationConstraintException')
    expect(elsewhere.message).toBe('The eu-central-1 location constraint is incompatible for the region specific endpoint this request was sent to.')
    const again = await thrown(s3.send(new CreateBucketCommand({ Bucket: 'bk1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })))
    expect(again).toBeInstanceOf(BucketAlreadyOwnedByYou)
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'bk1' }))).LocationConstraint).toBe('eu-west-1')
    expect((await s3.send(new HeadBucketCommand({ Bucket: 'bk1' }))).BucketRegion).toBe('eu-west-1')
  })

  it('CreateBucket - us-east-1 answers 200 to the owner creating its bucket again', async () => {
    const { s3 } = setup()
    await s3.send(new CreateBucketCommand({ Bucket: 'bk1' }))
    await s3.send(new CreateBucketCommand({ Bucket: 'bk1' }))
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['bk1'])
  })

  it('ListObjectsV2 - prefix, delimiter, pages of MaxKeys with continuation tokens', async () => {
    const { s3 } = setup()
    await s3.send(new CreateBucketCommand({ Bucket: 'bk1' }))
    for (const key of ['a.txt', 'photos/2024/1.jpg', 'photos/2024/2.jpg', 'photos/2025/1.jpg', 'photos/cover.jpg', 'z.txt']) {
      await s3.send(new PutObjectCommand({ Bucket: 'bk1', Key: key, Body: key }))
    }
    const top = await s3.send(new ListObjectsV2Command({ Bucket: 'bk1', Delimiter: '/' }))
    expect(top.Contents?.map((o) => o.Key)).toEqual(['a.txt', 'z.txt'])
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/'])
    expect(top.KeyCount).toBe(3)
    const photos = await s3.send(new ListObjectsV2Command({ Bucket: 'bk1', Prefix: 'photos/', Delimiter: '/' }))
    expect(photos.Contents?.map((o) => o.Key)).toEqual(['photos/cover.jpg'])
    expect(photos.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/2024/', 'photos/2025/'])
    const keys: string[] = []
    let pages = 0
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 2 }, { Bucket: 'bk1' })) {
      pages++
      keys.push(...(page.Contents ?? []).map((o) => o.Key as string))
    }
    expect(pages).toBe(3)
    expect(keys).toEqual(['a.txt', 'photos/2024/1.jpg', 'photos/2024/2.jpg', 'photos/2025/1.jpg', 'photos/cover.jpg', 'z.txt'])
    const rolled = await s3.send(new ListObjectsV2Command({ Bucket: 'bk1', Delimiter: '/', MaxKeys: 2 }))
    expect(rolled.IsTruncated).toBe(true)
    const rest = await s3.send(new ListObjectsV2Command({ Bucket: 'bk1', Delimiter: '/', ContinuationToken: rolled.NextContinuationToken }))
    expect(rest.Contents?.map((o) => o.Key)).toEqual(['z.txt'])
    expect(rest.CommonPrefixes).toBeUndefined()
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'bk1', Marker: 'photos/cover.jpg' }))
    expect(v1.Contents?.map((o) => o.Key)).toEqual(['z.txt'])
    const bad = await thrown(s3.send(new ListObjectsV2Command({ Bucket: 'bk1', ContinuationToken: 'garbage!' })))
    expect(bad.name).toBe('InvalidArgument')
  })

  it('ListObjectsV2 - keys in UTF-8 byte order, not UTF-16 order', async () => {
    const { sim } = setup()
    sim.s3.createBucket({ bucket: 'bk1' })
    for (const key of ['\u{1F600}', '\uFFFD', 'a', 'Z']) sim.s3.putObject({ bucket: 'bk1', key, body: key })
    expect(sim.s3.listObjectsV2({ bucket: 'bk1' }).contents.map((c) => c.key)).toEqual(['Z', 'a', '\uFFFD', '\u{1F600}'])
    const first = sim.s3.listObjectsV2({ bucket: 'bk1', maxKeys: 3 })
    expect(sim.s3.listObjectsV2({ bucket: 'bk1', continuationToken: first.nextContinuationToken }).contents.map((c) => c.key)).toEqual(['\u{1F600}'])
  })

  it('ListObjectsV2 - MaxKeys 0 answers an empty page that is not truncated, as S3 does', async () => {
    const { sim, s3 } = setup()
    sim.s3.createBucket({ bucket: 'bk1' })
    for (const key of ['a', 'b']) sim.s3.putObject({ bucket: 'bk1', key, body: key })
    const page = await s3.send(new ListObjectsV2Command({ Bucket: 'bk1', MaxKeys: 0 }))
    expect(page).toMatchObject({ KeyCount: 0, MaxKeys: 0, IsTruncated: false })
    expect(page.Contents).toBeUndefined()
    expect(page.NextContinuationToken).toBeUndefined()
  })

  it('GetObject / HeadObject - in an unversioned bucket only VersionId "null" names the object; another is InvalidArgument', async () => {
    const { sim, s3 } = setup()
    sim.s3.createBucket({ bucket: 'bk1' })
    sim.s3.putObject({ bucket: 'bk1', key: 'a', body: 'a' })
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bk1', Key: 'a', VersionId: 'null' }))
    expect(await got.Body?.transformToString()).toBe('a')
    const refused = await thrown(s3.send(new GetObjectCommand({ Bucket: 'bk1', Key: 'a', VersionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' })))
    expect(refused.name).toBe('InvalidArgument')
    expect(refused.message).toBe('Invalid version id specified')
    expect(refused.$metadata.httpStatusCode).toBe(400)
    expect((await thrown(s3.send(new HeadObjectCommand({ Bucket: 'bk1', Key: 'a', VersionId: 'v2' })))).$metadata.httpStatusCode).toBe(400)
  })

  it('PutObject - settings of what is not simulated are refused, not pretended: tagging and SSE-KMS are NotImplemented, Object Lock needs a lock configuration', async () => {
    const { sim, s3 } = setup()
    sim.s3.createBucket({ bucket: 'bk1' })
    const put = (extra: Partial<PutObjectCommandInput>) => thrown(s3.send(new PutObjectCommand({ Bucket: 'bk1', Key: 'k', Body: 'x', ...extra })))
    expect(await put({ Tagging: 'team=a' })).toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } })
    expect(await put({ ServerSideEncryption: 'aws:kms' })).toMatchObject({ name: 'NotImplemented' })
    const locked = await put({ ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: new Date(Date.UTC(2030, 0, 1)) })
    expect(locked).toMatchObject({ name: 'InvalidRequest', message: 'Bucket is missing Object Lock Configuration', $metadata: { httpStatusCode: 400 } })
    const upload = await thrown(s3.send(new CreateMultipartUploadCommand({ Bucket: 'bk1', Key: 'k', Tagging: 'team=a' })))
    expect(upload.name).toBe('NotImplemented')
    // S3's default encryption, asked for by name, is what every object has.
    await s3.send(new PutObjectCommand({ Bucket: 'bk1', Key: 'k', Body: 'x', ServerSideEncryption: 'AES256' }))
    expect(sim.s3.listObjectsV2({ bucket: 'bk1' }).keyCount).toBe(1)
  })

  it('CopyObject and DeleteObjects', async () => {
    const { s3 } = setup()
    await s3.send(new CreateBucketCommand({ Bucket: 'src' }))
    await s3.send(new CreateBucketCommand({ Bucket: 'dst' }))
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'a b.txt', Body: 'copy me', ContentType: 'text/plain' }))
    const copied = await s3.send(new CopyObjectCommand({ Bucket: 'dst', Key: 'c.txt', CopySource: 'src/a%20b.txt' }))
    expect(copied.CopyObjectResult?.ETag).toBe(`"${md5('copy me')}"`)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'dst', Key: 'c.txt' }))
    expect(await got.Body?.transformToString()).toBe('copy me')
    expect(got.ContentType).toBe('text/plain')
    const self = await thrown(s3.send(new CopyObjectCommand({ Bucket: 'src', Key: 'a b.txt', CopySource: 'src/a%20b.txt' })))
    expect(self.name).toBe('InvalidRequest')
    const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: 'src', Delete: { Objects: [{ Key: 'a b.txt' }, { Key: 'never' }] } }))
    expect(deleted.Deleted?.map((d) => d.Key)).toEqual(['a b.txt', 'never'])
    expect(sim_keys(await s3.send(new ListObjectsV2Command({ Bucket: 'src' })))).toEqual([])
  })

  it('CopyObject - the copy-source conditions: ETag and date conditions that do not hold are PreconditionFailed (412)', async () => {
    const { sim, s3 } = setup()
    await s3.send(new CreateBucketCommand({ Bucket: 'src' }))
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'a', Body: 'a' }))
    const written = new Date(sim.nowMs)
    await sim.advance(10_000)
    const copy = (conditions: Partial<CopyObjectCommandInput>) => s3.send(new CopyObjectCommand({ Bucket: 'src', Key: 'b', CopySource: 'src/a', ...conditions }))
    const before = new Date(written.getTime() - 5_000)
    const after = new Date(written.getTime() + 5_000)
    expect((await thrown(copy({ CopySourceIfModifiedSince: after }))).name).toBe('PreconditionFailed')
    expect((await thrown(copy({ CopySourceIfUnmodifiedSince: before }))).name).toBe('PreconditionFailed')
    expect((await thrown(copy({ CopySourceIfMatch: '"other"' }))).name).toBe('PreconditionFailed')
    expect((await thrown(copy({ CopySourceIfNoneMatch: ETag }))).name).toBe('PreconditionFailed')
    // S3's precedence: a matching If-Match wins over a failing If-Unmodified-Since.
    await copy({ CopySourceIfMatch: ETag, CopySourceIfUnmodifiedSince: before })
    await copy({ CopySourceIfModifiedSince: before, CopySourceIfUnmodifiedSince: after })
    expect(sim.s3.headObject({ bucket: 'src', key: 'b' }).size).toBe(1)
  })

  it('multipart upload - ETag is the MD5 of the part MD5s with the part count; small parts are EntityTooSmall', async () => {
    const { s3 } = setup()
    await s3.send(new CreateBucketCommand({ Bucket: 'bk1' }))
    const first = Buffer.alloc(5 * 1024 * 1024, 'a')
    const second = Buffer.from('tail')
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bk1', Key: 'big', ContentType: 'application/x-big' }))
    const p1 = await s3.send(new UploadPartCommand({ Bucket: 'bk1', Key: 'big', UploadId, PartNumber: 1, Body: first }))
    const p2 = await s3.send(new UploadPartCommand({ Bucket: 'bk1', Key: 'big', UploadId, PartNumber: 2, Body: second }))
    expect((await s3.send(new ListPartsCommand({ Bucket: 'bk1', Key: 'big', UploadId }))).Parts?.map((p) => p.Size)).toEqual([first.length, 4])
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'bk1', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } }))
    const expected = createHash('md5').update(Buffer.concat([createHash('md5').update(first).digest(), createHash('md5').update(second).digest()])).digest('hex')
    expect(done.ETag).toBe(`"${expected}-2"`)
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'bk1', Key: 'big' }))
    expect(head.ContentLength).toBe(first.length + 4)
    expect(head.ContentType).toBe('application/x-big')
    const part2 = await s3.send(new GetObjectCommand({ Bucket: 'bk1', Key: 'big', PartNumber: 2 }))
    expect(await part2.Body?.transformToString()).toBe('tail')
    expect(part2.PartsCount).toBe(2)
    expect(part2.ContentRange).toBe(`bytes ${first.length}-${first.length + 3}/${first.length + 4}`)
    const again = await thrown(s3.send(new UploadPartCommand({ Bucket: 'bk1', Key: 'big', UploadId, PartNumber: 3, Body: 'x' })))
    expect(again).toBeInstanceOf(NoSuchUpload)

    const small = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bk1', Key: 'small' }))
    const s1 = await s3.send(new UploadPartCommand({ Bucket: 'bk1', Key: 'small', UploadId: small.UploadId, PartNumber: 1, Body: 'x' }))
    const s2 = await s3.send(new UploadPartCommand({ Bucket: 'bk1', Key: 'small', UploadId: small.UploadId, PartNumber: 2, Body: 'y' }))
    const tooSmall = await thrown(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: 'bk1', Key: 'small', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: s1.ETag }, { PartNumber: 2, ETag: s2.ETag }] } })),
    )
    expect(tooSmall.name).toBe('EntityTooSmall')
    const order = await thrown(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: 'bk1', Key: 'small', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: s2.ETag }, { PartNumber: 1, ETag: s1.ETag }] } })),
    )
    expect(order.name).toBe('InvalidPartOrder')
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'bk1', Key: 'small', UploadId: small.UploadId }))
    expect(await thrown(s3.send(new AbortMultipartUploadCommand({ Bucket: 'bk1', Key: 'small', UploadId: small.UploadId })))).toBeInstanceOf(NoSuchUpload)
  })

  it("lib-storage's Upload - a stream of unknown length goes up in parts", async () => {
    const { s3 } = setup()
    await s3.send(new CreateBucketCommand({ Bucket: 'bk1' }))
    const data = Buffer.alloc(12 * 1024 * 1024, 7)
    const upload = new Upload({ client: s3, params: { Bucket: 'bk1', Key: 'stream.bin', Body: Readable.from([data.subarray(0, 6_000_000), data.subarray(6_000_000)]) }, partSize: 5 * 1024 * 1024 })
    const result = await upload.done()
    expect(result.ETag).toMatch(/^"[0-9a-f]{32}-3"$/)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bk1', Key: 'stream.bin' }))
    expect(Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).equals(data)).toBe(true)
    const small = await new Upload({ client: s3, params: { Bucket: 'bk1', Key: 'small.txt', Body: 'tiny' } }).done()
    expect(small.ETag).toBe(`"${md5('tiny')}"`)
  })

  it('PutObject - a streamed body (aws-chunked with a trailing checksum) is stored decoded', async () => {
    const { sim, s3 } = setup()
    await s3.send(new CreateBucketCommand({ Bucket: 'bk1' }))
    await s3.send(new PutObjectCommand({ Bucket: 'bk1', Key: 's', Body: Readable.from([Buffer.from('streamed '), Buffer.from('body')]), ContentLength: 13 }))
    expect(Buffer.from(sim.s3.getObject({ bucket: 'bk1', key: 's' }).body).toString()).toBe('streamed body')
  })
})

function sim_keys(out: { Contents?: Array<{ Key?: string }> }): string[] {
  return (out.Contents ?? []).map((c) => c.Key as string)
}
