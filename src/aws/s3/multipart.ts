/**
 * Multipart uploads: parts held until CompleteMultipartUpload assembles them, with S3's checks
 * (parts listed in ascending order, each uploaded with the ETag given, every part but the last at
 * least 5 MiB) and S3's ETag for the result: the MD5 of the parts' binary MD5s, a dash and the
 * part count (`"<hex>-3"`).
 */
import { createHash } from 'node:crypto'
import type { CompletedPart } from './api.js'
import { S3Error, s3Errors } from './errors.js'
import { unquotedETag, type StoredHeaders } from './stored-object.js'

/** [V] Every part but the last: at least 5 MiB. */
export const PART_BYTES_MIN = 5 * 1024 * 1024
/** [V] Part numbers 1–10,000. */
export const PART_NUMBER_MAX = 10_000

export interface UploadedPart {
  readonly partNumber: number
  readonly body: Uint8Array
  readonly md5: Buffer
  /** Quoted. */
  readonly eTag: string
  readonly lastModifiedMs: number
}

export interface MultipartUpload {
  readonly uploadId: string
  readonly key: string
  readonly initiatedMs: number
  readonly headers: StoredHeaders
  readonly parts: Map<number, UploadedPart>
}

export function checkPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > PART_NUMBER_MAX) {
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(partNumber))
  }
}

/** The object a completed upload makes: its bytes, S3's multipart ETag and its parts' sizes. */
export function assembleUpload(upload: MultipartUpload, requested: readonly CompletedPart[]): { body: Uint8Array; eTag: string; partSizes: number[] } {
  if (requested.length === 0) throw s3Errors.malformedXml()
  const chosen: UploadedPart[] = []
  let previous = 0
  for (const part of requested) {
    if (!(part.partNumber > previous)) {
      throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.', { UploadId: upload.uploadId })
    }
    previous = part.partNumber
    const uploaded = upload.parts.get(part.partNumber)
    if (uploaded === undefined || unquotedETag(uploaded.eTag) !== unquotedETag(part.eTag ?? '')) {
      throw new S3Error(
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        { UploadId: upload.uploadId, PartNumber: String(part.partNumber), ETag: unquotedETag(part.eTag ?? '') },
      )
    }
    chosen.push(uploaded)
  }
  chosen.forEach((part, index) => {
    if (index < chosen.length - 1 && part.body.length < PART_BYTES_MIN) {
      throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
        ProposedSize: String(part.body.length),
        MinSizeAllowed: String(PART_BYTES_MIN),
        PartNumber: String(part.partNumber),
        ETag: unquotedETag(part.eTag),
      })
    }
  })
  const digest = createHash('md5')
  for (const part of chosen) digest.update(part.md5)
  return {
    body: Buffer.concat(chosen.map((p) => p.body)),
    eTag: `"${digest.digest('hex')}-${chosen.length}"`,
    partSizes: chosen.map((p) => p.body.length),
  }
}
