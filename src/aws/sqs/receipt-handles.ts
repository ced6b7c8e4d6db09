/**
 * Receipt handles that say which message they were issued for, so a queue keeps no map from
 * handles to messages.
 *
 * Why: a delete with the handle of a message that left long ago must still succeed, as on SQS, so a
 * map would keep every handle ever issued — with a million messages through a queue, a million
 * entries and most of the queue's memory. Instead a handle carries the message's send order within
 * its queue and a checksum keyed by the queue, and is checked and read when it comes back.
 *
 * A handle is the base64 of 35 bytes (48 characters): 1, 1, 1 (`AQEB`, the prefix SQS's handles
 * have), a 4-byte checksum of the 28 after it keyed by the queue's ARN and incarnation (a queue
 * deleted and created again under the same name does not accept the old queue's handles), the send
 * order (6 bytes, masked with the next 6), and 22 seeded random bytes.
 *
 * [SIM] A made-up handle of the right form passes the check with a chance of 1 in 2^32.
 */
import type { IdFactory } from '../../kernel/ids.js'

const HANDLE_BYTES = 35
const HANDLE_CHARS = 48
const CHECKSUM_AT = 3
const ORDER_AT = 7
/** Each character's base64 value (-1: not a base64 character; Node's decoder would skip it or read base64url). */
const BASE64_VALUE = new Int8Array(128).fill(-1)
;[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach((char, value) => (BASE64_VALUE[char.charCodeAt(0)] = value))
const MASK_AT = 13

/** A queue's key for its handles' checksums. */
export function handleKey(queueArn: string, incarnation: number): number {
  let hash = fnv(0x811c9dc5, incarnation)
  for (let i = 0; i < queueArn.length; i++) hash = fnv(hash, queueArn.charCodeAt(i))
  return hash
}

export class ReceiptHandles {
  private readonly bytes = Buffer.alloc(HANDLE_BYTES)
  private readonly scratch = Buffer.alloc(HANDLE_BYTES)

  constructor(private readonly ids: IdFactory) {
    this.bytes[0] = this.bytes[1] = this.bytes[2] = 1
  }

  /** A new handle for the message sent `order`-th into the queue with this key (two seeded 16-byte draws). */
  issue(key: number, order: number): string {
    const bytes = this.bytes
    this.ids.hex32Bytes(bytes, 3)
    this.ids.hex32Bytes(bytes, 19)
    bytes.writeUIntBE(order, ORDER_AT, 6)
    mask(bytes)
    bytes.writeUInt32BE(checksum(bytes, key), CHECKSUM_AT)
    return bytes.toString('base64')
  }

  /** The send order a handle names, or undefined when the queue with this key did not issue it. */
  orderOf(key: number, handle: string): number | undefined {
    if (!isCanonicalHandle(handle)) return undefined
    const bytes = this.scratch
    if (bytes.write(handle, 'base64') !== HANDLE_BYTES || bytes.readUInt32BE(CHECKSUM_AT) !== checksum(bytes, key)) return undefined
    mask(bytes)
    return bytes.readUIntBE(ORDER_AT, 6)
  }
}

/** `AQEB`, then canonical base64 of the rest (the character before `=` carries 4 bits: its 2 low bits are zero). */
function isCanonicalHandle(handle: string): boolean {
  if (handle.length !== HANDLE_CHARS || !handle.startsWith('AQEB') || handle.charCodeAt(HANDLE_CHARS - 1) !== 0x3d) return false
  for (let i = 4; i < HANDLE_CHARS - 1; i++) {
    const code = handle.charCodeAt(i)
    if (code > 127 || (BASE64_VALUE[code] as number) < 0) return false
  }
  return ((BASE64_VALUE[handle.charCodeAt(HANDLE_CHARS - 2)] as number) & 3) === 0
}

/** Masks (or unmasks) the order with the random bytes after it, so first handles do not all start alike. */
function mask(bytes: Buffer): void {
  for (let i = 0; i < 6; i++) bytes[ORDER_AT + i] = (bytes[ORDER_AT + i] as number) ^ (bytes[MASK_AT + i] as number) ^ 0x5c
}

/** Over the 28 bytes after the checksum, a 32-bit word at a time. */
function checksum(bytes: Buffer, key: number): number {
  let hash = key
  for (let at = ORDER_AT; at < HANDLE_BYTES; at += 4) hash = fnv(hash, bytes.readInt32BE(at))
  return hash
}

/** One step of 32-bit FNV-1a. */
function fnv(hash: number, value: number): number {
  return Math.imul(hash ^ value, 0x01000193) >>> 0
}
