/**
 * A function's code package in a bucket of `sim.s3`: `CreateFunction` / `UpdateFunctionCode` with
 * `Code: { S3Bucket, S3Key }` read the object as Lambda reads it — here the bytes are the token
 * `sim.registerCode` returns (`{ ZipFile }`), uploaded the way deployment code uploads a zip.
 */
import { LambdaError } from '../../errors/lambda-error.js'
import type { S3Api } from './api.js'
import { S3Error } from './errors.js'

/**
 * The object's bytes; `undefined` when the bucket does not exist (the caller answers Lambda's
 * NoSuchBucket text, or reads its `lambda-sim` registry); Lambda's error for a missing key.
 */
export function codePackageBytes(s3: S3Api, bucket: string, key: string): Uint8Array | undefined {
  try {
    return s3.getObject({ bucket, key }).body
  } catch (error) {
    if (error instanceof S3Error && (error.code === 'NoSuchBucket' || error.code === 'InvalidBucketName')) return undefined
    if (error instanceof S3Error && error.code === 'NoSuchKey') {
      throw new LambdaError('InvalidParameterValueException', 'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.')
    }
    throw error
  }
}
