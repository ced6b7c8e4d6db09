/**
 * SQS's MD5 of message attributes, shared by the simulated queue and the SQS event builder (both must
 * give the digest SQS gives): names sorted; each as a length-prefixed name, a length-prefixed data
 * type, a transport byte (1 string, 2 binary) and the length-prefixed value (big-endian 32-bit
 * lengths). `undefined` when there are no attributes.
 */
import { createHash } from 'node:crypto'

export interface AttributeForDigest {
  readonly dataType: string
  /** The value's bytes: UTF-8 of a string value, or the binary value. */
  readonly bytes: Uint8Array
  readonly binary: boolean
}

export function md5OfMessageAttributeValues(attributes: Readonly<Record<string, AttributeForDigest>>): string | undefined {
  const entries = Object.entries(attributes)
  if (entries.length === 0) return undefined
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const hash = createHash('md5')
  const lengthPrefixed = (bytes: Uint8Array): void => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(bytes.length)
    hash.update(length).update(bytes)
  }
  for (const [name, attribute] of entries) {
    lengthPrefixed(Buffer.from(name, 'utf8'))
    lengthPrefixed(Buffer.from(attribute.dataType, 'utf8'))
    hash.update(Buffer.from([attribute.binary ? 2 : 1]))
    lengthPrefixed(attribute.bytes)
  }
  return hash.digest('hex')
}
