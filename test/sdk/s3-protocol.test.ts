/**
 * S3's REST-XML protocol below the SDK: raw requests to the request handler, for what the SDK
 * never sends (a CreateBucket without LocationConstraint outside us-east-1, unsimulated
 * sub-resources, URL-encoded listings) and the host and path forms it may.
 */
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { decodeAwsChunked, isS3Host, s3Target } from '../../src/sdk/s3-protocol.js'
import { parseXml } from '../../src/sdk/s3-xml.js'
import { simulatedRequestHandler } from '../../src/sdk/request-handler.js'

async function send(sim: ReturnType<typeof createSimulation>, method: string, hostname: string, path: string, options: { query?: Record<string, string>; headers?: Record<string, string>; body?: string } = {}) {
  const handler = simulatedRequestHandler(sim)
  const { response } = await handler.handle({ method, hostname, path, query: options.query ?? {}, headers: options.headers ?? {}, body: options.body ?? '' })
  const chunks: Buffer[] = []
  for await (const chunk of response.body as unknown as AsyncIterable<Buffer>) chunks.push(chunk)
  return { status: response.statusCode, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }
}

describe('s3-protocol', () => {
  it('isS3Host / s3Target - virtual-hosted, path-style, legacy and dotted bucket names', () => {
    expect(isS3Host('photos.s3.us-east-1.amazonaws.com')).toBe(true)
    expect(isS3Host('s3.amazonaws.com')).toBe(true)
    expect(isS3Host('s3-us-west-2.amazonaws.com')).toBe(true)
    expect(isS3Host('my.bucket.s3.dualstack.eu-west-1.amazonaws.com')).toBe(true)
    expect(isS3Host('sqs.us-east-1.amazonaws.com')).toBe(false)
    expect(isS3Host('lambda.us-east-1.amazonaws.com')).toBe(false)
    expect(s3Target({ hostname: 'my.bucket.s3.us-east-1.amazonaws.com', path: '/a/b%20c.txt' })).toEqual({ bucket: 'my.bucket', key: 'a/b c.txt' })
    expect(s3Target({ hostname: 's3.us-east-1.amazonaws.com', path: '/photos/x/y' })).toEqual({ bucket: 'photos', key: 'x/y' })
    expect(s3Target({ hostname: 's3.us-east-1.amazonaws.com', path: '/photos' })).toEqual({ bucket: 'photos', key: undefined })
    expect(s3Target({ hostname: 's3.us-east-1.amazonaws.com', path: '/' })).toEqual({ bucket: undefined, key: undefined })
    // A bucket named like another service's endpoint label is still S3's.
    expect(s3Target({ hostname: 'lambda.s3.us-east-1.amazonaws.com', path: '/k' })).toEqual({ bucket: 'lambda', key: 'k' })
  })

  it('decodeAwsChunked - chunks with extensions and a trailing checksum', () => {
    const body = Buffer.from('5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n')
    expect(Buffer.from(decodeAwsChunked(body)).toString()).toBe('hello world')
  })

  it('parseXml - declaration, namespaces, entities, CDATA; MalformedXML otherwise', () => {
    const doc = parseXml('<?xml version="1.0"?>\n<s3:Delete xmlns:s3="x"><Object><Key>a&amp;b &#x41;</Key></Object><Object><Key><![CDATA[<c>]]></Key></Object><Quiet/></s3:Delete>')
    expect(doc.name).toBe('Delete')
    expect(doc.children.map((c) => c.children[0]?.text ?? c.name)).toEqual(['a&b A', '<c>', 'Quiet'])
    expect(() => parseXml('<a><b></a>')).toThrow(expect.objectContaining({ name: 'MalformedXML' }))
    expect(() => parseXml('<a></a><b/>')).toThrow(expect.objectContaining({ name: 'MalformedXML' }))
    // A character reference past U+10FFFF is malformed, not a crash of the protocol.
    expect(() => parseXml('<a>&#x110000;</a>')).toThrow(expect.objectContaining({ name: 'MalformedXML' }))
    expect(() => parseXml('<a>&#99999999999;</a>')).toThrow(expect.objectContaining({ name: 'MalformedXML' }))
  })

  it('CreateBucket - no LocationConstraint on a regional endpoint is IllegalLocationConstraintException; us-east-1 as a constraint is InvalidLocationConstraint', async () => {
    const sim = createSimulation({ seed: 1, region: 'eu-west-1' })
    const bare = await send(sim, 'PUT', 'photos.s3.eu-west-1.amazonaws.com', '/')
    expect(bare.status).toBe(400)
    expect(bare.text).toContain('<Code>IllegalLocationConstraintException</Code>')
    expect(bare.text).toContain('<Message>The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.</Message>')
    expect(bare.text).toMatch(/<RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/)
    const useast = await send(sim, 'PUT', 'photos.s3.eu-west-1.amazonaws.com', '/', { body: '<CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>' })
    expect(useast.text).toContain('<Code>InvalidLocationConstraint</Code>')
    const ok = await send(sim, 'PUT', 'photos.s3.eu-west-1.amazonaws.com', '/', { body: '<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>' })
    expect(ok.status).toBe(200)
    expect(ok.headers['location']).toBe('http://photos.s3.amazonaws.com/')
  })

  it('sub-resources lambda-sim does not simulate answer NotImplemented (501), naming lambda-sim', async () => {
    const sim = createSimulation({ seed: 2 })
    sim.s3.createBucket({ bucket: 'photos' })
    const tagging = await send(sim, 'GET', 'photos.s3.us-east-1.amazonaws.com', '/', { query: { policy: '' } })
    expect(tagging.status).toBe(501)
    expect(tagging.text).toContain('<Code>NotImplemented</Code>')
    expect(tagging.text).toContain('lambda-sim does not simulate')
    const headMissing = await send(sim, 'HEAD', 'photos.s3.us-east-1.amazonaws.com', '/nothing')
    expect(headMissing.status).toBe(404)
    expect(headMissing.text).toBe('')
  })

  it('x-amz-expected-bucket-owner - another account is AccessDenied (403)', async () => {
    const sim = createSimulation({ seed: 4 })
    sim.s3.createBucket({ bucket: 'photos' })
    const other = await send(sim, 'GET', 'photos.s3.us-east-1.amazonaws.com', '/', { query: { 'list-type': '2' }, headers: { 'x-amz-expected-bucket-owner': '111122223333' } })
    expect(other.status).toBe(403)
    expect(other.text).toContain('<Code>AccessDenied</Code>')
    const own = await send(sim, 'GET', 'photos.s3.us-east-1.amazonaws.com', '/', { query: { 'list-type': '2' }, headers: { 'x-amz-expected-bucket-owner': sim.accountId } })
    expect(own.status).toBe(200)
  })

  it('ListObjectsV2 - encoding-type=url encodes keys and prefixes', async () => {
    const sim = createSimulation({ seed: 3 })
    sim.s3.createBucket({ bucket: 'photos' })
    sim.s3.putObject({ bucket: 'photos', key: 'a b/c&d.txt', body: 'x' })
    const listed = await send(sim, 'GET', 'photos.s3.us-east-1.amazonaws.com', '/', { query: { 'list-type': '2', 'encoding-type': 'url' } })
    expect(listed.text).toContain('<Key>a%20b/c%26d.txt</Key>')
    expect(listed.text).toContain('<EncodingType>url</EncodingType>')
    expect(listed.text).toContain('<KeyCount>1</KeyCount>')
  })

  it('ListObjects (v1) - NextMarker is the last entry in S3\'s (UTF-8) order, so the next page neither repeats nor skips a key', async () => {
    const sim = createSimulation({ seed: 4 })
    sim.s3.createBucket({ bucket: 'photos' })
    // UTF-16 order puts the emoji (a surrogate pair) before U+FF61; UTF-8 order, S3's, after it.
    const keys = ['\uFF61', '\u{1F600}', '\u{1F601}']
    for (const key of keys) sim.s3.putObject({ bucket: 'photos', key, body: 'x' })
    const first = await send(sim, 'GET', 'photos.s3.us-east-1.amazonaws.com', '/', { query: { delimiter: '/', 'max-keys': '2' } })
    expect(first.text).toContain('<IsTruncated>true</IsTruncated>')
    expect(first.text).toContain(`<NextMarker>\u{1F600}</NextMarker>`)
    const second = await send(sim, 'GET', 'photos.s3.us-east-1.amazonaws.com', '/', { query: { delimiter: '/', 'max-keys': '2', marker: '\u{1F600}' } })
    expect([...second.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1])).toEqual(['\u{1F601}'])
  })
})
