/**
 * The sizes of a zip archive, read from its central directory without inflating anything: the
 * archive's own length (what Lambda reports as `CodeSize`) and the sum of its entries' uncompressed
 * sizes (what counts against the 250 MB unzipped limit). A zip whose headers declare large entries
 * is therefore sized as large, which is how tests reach the limit without allocating it.
 */
import { createHash } from 'node:crypto'

/** AWS's answer when `ZipFile` is not an archive it can open [S]. */
export const BAD_ARCHIVE = 'Could not unzip uploaded file. Please check your file, then try to upload again.'

const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const CENTRAL_DIRECTORY_HEADER = 0x02014b50
/** The end record is 22 bytes plus a comment of at most 65,535. */
const END_RECORD_SEARCH = 22 + 0xffff

export interface ArchiveSizes {
  readonly zippedBytes: number
  readonly unzippedBytes: number
  readonly codeSha256: string
  /** Files and folders in the archive (an archive with none is refused as empty). */
  readonly entries: number
}

/** The archive's sizes and SHA-256 (base64), or undefined when the bytes are not a zip. */
export function readArchiveSizes(bytes: Uint8Array): ArchiveSizes | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const endAt = findEndRecord(view)
  if (endAt === undefined) return undefined
  const entries = view.getUint16(endAt + 10, true)
  let at = view.getUint32(endAt + 16, true)
  let unzipped = 0
  for (let i = 0; i < entries; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_DIRECTORY_HEADER) return undefined
    unzipped += view.getUint32(at + 24, true)
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
  }
  return { zippedBytes: bytes.byteLength, unzippedBytes: unzipped, codeSha256: createHash('sha256').update(bytes).digest('base64'), entries }
}

function findEndRecord(view: DataView): number | undefined {
  const lowest = Math.max(0, view.byteLength - END_RECORD_SEARCH)
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) return at
  }
  return undefined
}
