/**
 * What an in-memory SQS queue keeps: its stored messages, one object shape each, and the indexes
 * that let a receive or `nextVisibleAtMs` answer without scanning the queue. The service
 * (`service.ts`) decides what a request does; the functions here keep the indexes true as messages
 * are placed, promoted, removed, swept and dropped.
 *
 * Each queue keeps its messages in send order (`messages`), plus two min-queues (`message-heap.ts`:
 * a list for what arrives in order, a heap for the rest) — `visible`, by send order, and `hidden`,
 * by the instant a message becomes visible (delayed or in flight). A receive first moves what
 * became visible from `hidden` to `visible`, then takes from the front of `visible`. On a FIFO
 * queue `visible` holds only the visible head of each message group (the group's oldest message); a
 * group's messages sit in send order in its `group` list, and a receive reads a group's run from its
 * head up to the first message not visible. Retention is checked against a lower bound of the
 * queue's oldest enqueue instant, so the sweep scans only when something may have expired.
 */
import type { SqsMessageAttributes } from './api.js'
import { MonotoneQueue } from './message-heap.js'
import type { QueueConfig } from './queue-config.js'
import { md5, md5Attributes } from './requests.js'

export interface StoredMessage {
  readonly messageId: string
  readonly body: string
  readonly messageAttributes: SqsMessageAttributes
  /** The body's MD5 once worked out (`md5OfBody`). */
  bodyDigest: string | undefined
  /** The attributes' MD5 once worked out (`md5OfMessageAttributes`); '' when there is nothing to digest (an MD5 is never ''). */
  attributesDigest: string | undefined
  readonly sentMs: number
  /** Retention counts from here. */
  readonly enqueuedMs: number
  readonly messageGroupId: string | undefined
  readonly messageDeduplicationId: string | undefined
  readonly sequenceNumber: string | undefined
  readonly deadLetterQueueSourceArn: string | undefined
  /** The X-Ray header it was sent with (`AWSTraceHeader`). */
  readonly awsTraceHeader: string | undefined
  visibleAtMs: number
  receiveCount: number
  firstReceiveMs: number | undefined
  /** When the current receive happened (the 12-hour visibility cap counts from it). */
  receivedAtMs: number
  /** The latest receipt handle; older ones are stale. */
  receiptHandle: string | undefined
  alive: boolean
  /** Send order within the queue (the key of the `visible` queue). */
  readonly order: number
  /** Slot in the `visible` or `hidden` queue (-1: in neither). */
  heapIndex: number
  /** Its slot's ticket when `visible` or `hidden` holds it in their list. */
  ticket: number
  /** Which queue holds it: none (a FIFO message behind its group's head, or removed), visible or hidden. */
  place: Place
}

export const enum Place {
  None = 0,
  Visible = 1,
  Hidden = 2,
}

/** A FIFO message group: its messages in send order, dead ones skipped from `head`. */
export interface Group {
  items: StoredMessage[]
  head: number
}

export interface Queue {
  readonly name: string
  readonly url: string
  readonly arn: string
  readonly fifo: boolean
  readonly config: QueueConfig
  readonly createdMs: number
  lastModifiedMs: number
  /** Live messages by send order (insertion order is send order; an integer key hashes cheaper than the id). */
  readonly messages: Map<number, StoredMessage>
  /** The key of this queue's receipt handles (`receipt-handles.ts`: a handle names its message's send order). */
  readonly handleKey: number
  readonly dedup: Map<string, { expiresAtMs: number; messageId: string; sequenceNumber: string | undefined }>
  nextSequence: bigint
  lastPurgeMs: number | undefined
  readonly tags: Record<string, string>
  nextOrder: number
  /** Visible messages by send order (FIFO: each group's head, when visible). */
  readonly visible: MonotoneQueue<StoredMessage>
  /** Delayed and in-flight messages by the instant they become visible. */
  readonly hidden: MonotoneQueue<StoredMessage>
  /** FIFO: the message groups with live messages. */
  readonly groups: Map<string, Group>
  /** No live message was enqueued before this instant (retention sweeps skip until it expires). */
  oldestEnqueuedMs: number
}

const sendOrder = (message: StoredMessage): number => message.order
const visibleAt = (message: StoredMessage): number => message.visibleAtMs

const SEQUENCE_BASE = 10_000_000_000_000_000_000n

export type MessageFields = Pick<
  StoredMessage,
  | 'messageId'
  | 'body'
  | 'messageAttributes'
  | 'sentMs'
  | 'enqueuedMs'
  | 'visibleAtMs'
  | 'messageGroupId'
  | 'messageDeduplicationId'
  | 'sequenceNumber'
  | 'deadLetterQueueSourceArn'
  | 'awsTraceHeader'
>

/**
 * A stored message. Every field is written here, in one order, with the representation it keeps
 * (`receivedAtMs` starts as a double, NaN, not the small integer 0): one object shape for every
 * message, which V8 never has to migrate when a message is first received.
 */
export function storedMessage(fields: MessageFields, order: number): StoredMessage {
  return {
    messageId: fields.messageId,
    body: fields.body,
    messageAttributes: fields.messageAttributes,
    sentMs: fields.sentMs,
    enqueuedMs: fields.enqueuedMs,
    visibleAtMs: fields.visibleAtMs,
    messageGroupId: fields.messageGroupId,
    messageDeduplicationId: fields.messageDeduplicationId,
    sequenceNumber: fields.sequenceNumber,
    deadLetterQueueSourceArn: fields.deadLetterQueueSourceArn,
    awsTraceHeader: fields.awsTraceHeader,
    bodyDigest: undefined,
    attributesDigest: undefined,
    receiveCount: 0,
    firstReceiveMs: undefined,
    receivedAtMs: Number.NaN,
    receiptHandle: undefined,
    alive: true,
    order,
    heapIndex: -1,
    ticket: 0,
    place: Place.None,
  }
}

/** What the MD5s are worked out from: a stored message, or what a FIFO duplicate sent. */
export type Digested = Pick<StoredMessage, 'body' | 'messageAttributes' | 'bodyDigest' | 'attributesDigest'>

/**
 * The body's MD5, worked out on first read (a send's answer, a receive) and kept: a message Lambda
 * delivers (a dead-letter or destination record) that nobody receives never pays for it.
 */
export function md5OfBody(message: Digested): string {
  return (message.bodyDigest ??= md5(message.body))
}

/** The attributes' MD5 (undefined without attributes), worked out on first read and kept. */
export function md5OfMessageAttributes(message: Digested): string | undefined {
  const digest = (message.attributesDigest ??= md5Attributes(message.messageAttributes).md5OfMessageAttributes ?? '')
  return digest === '' ? undefined : digest
}

/** A queue with no message yet. */
export function newQueue(
  name: string,
  url: string,
  arn: string,
  fifo: boolean,
  config: QueueConfig,
  handleKey: number,
  tags: Readonly<Record<string, string>> | undefined,
  now: number,
): Queue {
  return {
    name,
    url,
    arn,
    fifo,
    config,
    createdMs: now,
    lastModifiedMs: now,
    messages: new Map(),
    handleKey,
    dedup: new Map(),
    nextSequence: 0n,
    lastPurgeMs: undefined,
    tags: { ...tags },
    nextOrder: 0,
    visible: new MonotoneQueue(sendOrder),
    hidden: new MonotoneQueue(visibleAt),
    groups: new Map(),
    oldestEnqueuedMs: Infinity,
  }
}

// ------------------------------------------------------------------------------------ keeping the indexes true

export function removeMessage(queue: Queue, message: StoredMessage, now: number): void {
  message.alive = false
  queue.messages.delete(message.order)
  if (message.place === Place.Visible) queue.visible.remove(message)
  else if (message.place === Place.Hidden) queue.hidden.remove(message)
  message.place = Place.None
  if (!queue.fifo) return
  const key = message.messageGroupId as string
  const group = queue.groups.get(key) as Group
  if (group.items[group.head] !== message) return
  // The head left: the group's next live message is its head now.
  let head = group.head + 1
  while (head < group.items.length && !(group.items[head] as StoredMessage).alive) head++
  if (head === group.items.length) {
    queue.groups.delete(key)
    return
  }
  if (head > 64 && head * 2 > group.items.length) {
    group.items = group.items.slice(head)
    head = 0
  }
  group.head = head
  const next = group.items[head] as StoredMessage
  if (next.place === Place.None && next.visibleAtMs <= now) {
    next.place = Place.Visible
    queue.visible.push(next)
  }
}

/**
 * Puts a live message in the queue its visibility says: hidden until `visibleAtMs`, else visible
 * (on a FIFO queue only a group's head is in `visible`; the others are read through their group).
 */
export function place(queue: Queue, message: StoredMessage, now: number): void {
  if (message.place === Place.Visible) queue.visible.remove(message)
  else if (message.place === Place.Hidden) queue.hidden.remove(message)
  message.place = Place.None
  if (message.visibleAtMs > now) {
    message.place = Place.Hidden
    queue.hidden.push(message)
  } else if (!queue.fifo || isGroupHead(queue, message)) {
    message.place = Place.Visible
    queue.visible.push(message)
  }
}

function isGroupHead(queue: Queue, message: StoredMessage): boolean {
  const group = queue.groups.get(message.messageGroupId as string)
  return group !== undefined && group.items[group.head] === message
}

/** Moves the messages whose instant came from `hidden` to `visible`. */
export function promote(queue: Queue, now: number): void {
  const hidden = queue.hidden
  for (let top = hidden.peek(); top !== undefined && top.visibleAtMs <= now; top = hidden.peek()) {
    hidden.pop()
    top.place = Place.None
    if (!queue.fifo || isGroupHead(queue, top)) {
      top.place = Place.Visible
      queue.visible.push(top)
    }
  }
}

/** Every message leaves (purge, queue deleted). */
export function dropAll(queue: Queue): void {
  for (const message of queue.messages.values()) {
    message.alive = false
    message.place = Place.None
  }
  queue.messages.clear()
  queue.visible.clear()
  queue.hidden.clear()
  queue.groups.clear()
  queue.oldestEnqueuedMs = Infinity
}

/** Drops messages past the retention period (a scan only when the oldest may have expired). */
export function sweep(queue: Queue, now: number): void {
  const expiry = now - queue.config.retentionS * 1000
  if (queue.oldestEnqueuedMs <= expiry) {
    let oldest = Infinity
    for (const message of queue.messages.values()) {
      if (message.enqueuedMs <= expiry) removeMessage(queue, message, now)
      else if (message.enqueuedMs < oldest) oldest = message.enqueuedMs
    }
    queue.oldestEnqueuedMs = oldest
  }
  if (queue.dedup.size > 0) {
    // In expiry order: stop at the first live entry.
    for (const [key, entry] of queue.dedup) {
      if (entry.expiresAtMs > now) break
      queue.dedup.delete(key)
    }
  }
}

export function nextSequenceNumber(queue: Queue): string {
  const value = SEQUENCE_BASE + queue.nextSequence
  queue.nextSequence += 1n
  return value.toString()
}
