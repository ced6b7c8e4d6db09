/**
 * S3's naming rules: general purpose bucket names, object keys, and the Region a bucket may be
 * created in from this endpoint.
 */
import { S3Error, s3Errors } from './errors.js'

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
const IP_ADDRESS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-']
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']

/** General purpose bucket names: 3–63 of `a-z 0-9 . -`, letters or digits at both ends, no `..`, not an IP address, no reserved prefix or suffix. */
export function checkBucketName(bucket: string): void {
  const valid =
    typeof bucket === 'string' &&
    BUCKET_NAME.test(bucket) &&
    !bucket.includes('..') &&
    !IP_ADDRESS.test(bucket) &&
    !RESERVED_PREFIXES.some((p) => bucket.startsWith(p)) &&
    !RESERVED_SUFFIXES.some((s) => bucket.endsWith(s))
  if (!valid) throw s3Errors.invalidBucketName(String(bucket))
}

/** [V] 1,024 bytes of UTF-8 at most. */
export const KEY_BYTES_MAX = 1024

export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw s3Errors.invalidArgument('A key must be specified', 'key', '')
  if (Buffer.byteLength(key, 'utf8') > KEY_BYTES_MAX) {
    throw new S3Error('KeyTooLongError', 'Your key is too long', { MaxSizeAllowed: String(KEY_BYTES_MAX), Size: String(Buffer.byteLength(key, 'utf8')) })
  }
}

/**
 * The Region a CreateBucket request makes its bucket in, as S3 decides it from the endpoint's
 * Region and the request's `LocationConstraint`: us-east-1 takes none, every other Region requires
 * its own name.
 */
export function bucketRegion(endpointRegion: string, locationConstraint: string | undefined): string {
  if (locationConstraint === undefined || locationConstraint === '') {
    if (endpointRegion === 'us-east-1') return 'us-east-1'
    throw new S3Error('IllegalLocationConstraintException', 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.')
  }
  if (locationConstraint === 'us-east-1') throw new S3Error('InvalidLocationConstraint', 'The specified location-constraint is not valid', { LocationConstraint: locationConstraint })
  if (locationConstraint !== endpointRegion) {
    throw new S3Error('IllegalLocationConstraintException', `The ${locationConstraint} location constraint is incompatible for the region specific endpoint this request was sent to.`)
  }
  return locationConstraint
}
