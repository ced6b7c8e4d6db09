/**
 * What Amazon S3 itself answers: an error code (the SDK v3 exception name: `NoSuchKey`,
 * `NoSuchBucket`, … — codes without a modelled class surface as `S3ServiceException` with that
 * name), the HTTP status S3 uses for it, S3's message, and the extra elements S3 puts in its
 * `<Error>` body (`BucketName`, `Key`, `ArgumentName`, …).
 */
import { AwsError, type AwsErrorTable } from '../../errors/aws-error.js'

export type S3ErrorCode =
  | 'NoSuchBucket'
  | 'NoSuchKey'
  | 'NoSuchUpload'
  | 'BucketAlreadyOwnedByYou'
  | 'BucketAlreadyExists'
  | 'BucketNotEmpty'
  | 'InvalidBucketName'
  | 'InvalidArgument'
  | 'InvalidRequest'
  | 'InvalidRange'
  | 'InvalidPartNumber'
  | 'InvalidPart'
  | 'InvalidPartOrder'
  | 'InvalidDigest'
  | 'BadDigest'
  | 'EntityTooSmall'
  | 'EntityTooLarge'
  | 'KeyTooLongError'
  | 'MalformedXML'
  | 'PreconditionFailed'
  | 'NotModified'
  | 'InvalidLocationConstraint'
  | 'IllegalLocationConstraintException'
  | 'MethodNotAllowed'
  | 'NotImplemented'
  | 'NoSuchLifecycleConfiguration'
  | 'NotFound'
  | 'AccessDenied'

const table: AwsErrorTable<S3ErrorCode> = {
  statusByName: {
    NoSuchBucket: 404,
    NoSuchKey: 404,
    NoSuchUpload: 404,
    NoSuchLifecycleConfiguration: 404,
    NotFound: 404,
    AccessDenied: 403,
    BucketAlreadyOwnedByYou: 409,
    BucketAlreadyExists: 409,
    BucketNotEmpty: 409,
    InvalidRange: 416,
    InvalidPartNumber: 416,
    PreconditionFailed: 412,
    NotModified: 304,
    MethodNotAllowed: 405,
    NotImplemented: 501,
  },
  faults: 'sender-receiver',
}

/** What S3 itself answers. `fields` are the extra elements of its XML `<Error>`, in order. */
export class S3Error extends AwsError<S3ErrorCode> {
  constructor(
    code: S3ErrorCode,
    message: string,
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(table, code, message)
  }

  get code(): S3ErrorCode {
    return this.name
  }

  /** The `<Error>` element's children: `Code`, `Message`, then S3's extra elements. */
  toJSON(): Record<string, unknown> {
    return { Code: this.name, Message: this.message, ...this.fields }
  }
}

export const s3Errors = {
  noSuchBucket: (bucket: string) => new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket }),
  noSuchKey: (key: string) => new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key }),
  noSuchUpload: (uploadId: string) =>
    new S3Error('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', { UploadId: uploadId }),
  invalidBucketName: (bucket: string) => new S3Error('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: bucket }),
  invalidArgument: (message: string, name?: string, value?: string) =>
    new S3Error('InvalidArgument', message, { ...(name !== undefined ? { ArgumentName: name } : {}), ...(value !== undefined ? { ArgumentValue: value } : {}) }),
  invalidRequest: (message: string) => new S3Error('InvalidRequest', message),
  malformedXml: () => new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema'),
  preconditionFailed: (condition: string) => new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition }),
  notImplemented: (what: string) => new S3Error('NotImplemented', `lambda-sim does not simulate ${what}`),
}
