import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { md5OfMessageAttributeValues } from '../../../src/aws/sqs/md5.js'

const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const prefixed = (bytes: number[]): number[] => [...u32(bytes.length), ...bytes]
const utf8 = (text: string): number[] => [...Buffer.from(text, 'utf8')]

describe('sqs-md5', () => {
  it('digests names in sorted order, string and binary transports, length-prefixed big-endian', () => {
    const digest = md5OfMessageAttributeValues({
      z: { dataType: 'Binary', bytes: Uint8Array.from([1, 2, 3]), binary: true },
      a: { dataType: 'Number', bytes: Buffer.from('42', 'utf8'), binary: false },
    })
    const expected = createHash('md5')
      .update(Buffer.from([...prefixed(utf8('a')), ...prefixed(utf8('Number')), 1, ...prefixed(utf8('42'))]))
      .update(Buffer.from([...prefixed(utf8('z')), ...prefixed(utf8('Binary')), 2, ...prefixed([1, 2, 3])]))
      .digest('hex')
    expect(digest).toBe(expected)
  })

  it('no attributes, no digest', () => {
    expect(md5OfMessageAttributeValues({})).toBeUndefined()
  })
})
