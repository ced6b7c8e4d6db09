import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PeekedMessage } from '../../../src/aws/sqs/api.js'
import { createIdFactory } from '../../../src/kernel/ids.js'
import { defaultKernelLimits, Kernel } from '../../../src/kernel/kernel.js'
import { Prng } from '../../../src/kernel/prng.js'
import { SqsService } from '../../../src/aws/sqs/service.js'

/**
 * The queue's indexes (visible by send order, hidden by visible-at, FIFO group heads) against the
 * scan they replace: before every receive, the messages a scan of `peekMessages` says must come
 * (standard: the first visible ones in queue order; FIFO: each group's run of visible messages up to
 * the first hidden one, groups in the order of their oldest message; messages received
 * maxReceiveCount times move to the DLQ instead), and `nextVisibleAtMs` as the earliest hidden
 * instant.
 */
const T0 = Date.UTC(2024, 0, 1)
const MAX_RECEIVES = 2

type Op =
  | { k: 'send'; fifo: boolean; g: number; delay: number }
  | { k: 'recv'; fifo: boolean; max: number; vis: number }
  | { k: 'del'; h: number }
  | { k: 'vis'; h: number; t: number }
  | { k: 'adv'; ms: number }

const ops: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('send' as const), fifo: fc.boolean(), g: fc.nat(2), delay: fc.constantFrom(0, 0, 1, 5) }),
  fc.record({ k: fc.constant('recv' as const), fifo: fc.boolean(), max: fc.integer({ min: 1, max: 4 }), vis: fc.constantFrom(0, 1, 2, 30) }),
  fc.record({ k: fc.constant('del' as const), h: fc.nat(4) }),
  fc.record({ k: fc.constant('vis' as const), h: fc.nat(4), t: fc.constantFrom(0, 1, 3) }),
  fc.record({ k: fc.constant('adv' as const), ms: fc.constantFrom(100, 300, 1000, 2000, 31_000) }),
)

/** What a scan picks from the queue (in queue order), and which of them the redrive policy moves. */
function scanPick(peeked: readonly PeekedMessage[], fifo: boolean, max: number, now: number): { ids: string[]; moved: string[] } {
  const ids: string[] = []
  const moved: string[] = []
  const take = (m: PeekedMessage): boolean => {
    if (ids.length >= max) return false
    if (m.receiveCount >= MAX_RECEIVES) moved.push(m.messageId)
    else ids.push(m.messageId)
    return true
  }
  if (!fifo) {
    for (const m of peeked) if (m.visibleAtMs <= now && !take(m)) break
    return { ids, moved }
  }
  const groups = new Map<string, { blocked: boolean; ready: PeekedMessage[] }>()
  for (const m of peeked) {
    let group = groups.get(m.messageGroupId as string)
    if (group === undefined) groups.set(m.messageGroupId as string, (group = { blocked: false, ready: [] }))
    if (group.blocked) continue
    if (m.visibleAtMs > now) group.blocked = true
    else group.ready.push(m)
  }
  for (const group of groups.values()) for (const m of group.ready) if (!take(m)) return { ids, moved }
  return { ids, moved }
}

describe('aws/sqs indexes', () => {
  it('receive and nextVisibleAtMs - the same messages and instants as a scan of the queue', () => {
    fc.assert(
      fc.property(fc.array(ops, { minLength: 20, maxLength: 120 }), (list) => {
        const kernel = new Kernel(T0, defaultKernelLimits, () => 'seed=test')
        const sqs = new SqsService(kernel, createIdFactory(Prng.fromSeed(1).fork('ids')), { region: 'us-east-1', accountId: '123456789012' })
        const redrive = (dlq: string): string => JSON.stringify({ deadLetterTargetArn: sqs.queueArn(dlq), maxReceiveCount: MAX_RECEIVES })
        sqs.createQueue({ queueName: 'dlq' })
        sqs.createQueue({ queueName: 'dlq.fifo', attributes: { FifoQueue: 'true' } })
        const standard = sqs.createQueue({ queueName: 'std', attributes: { RedrivePolicy: redrive('dlq') } }).queueUrl
        const fifoQueue = sqs.createQueue({ queueName: 'q.fifo', attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true', RedrivePolicy: redrive('dlq.fifo') } }).queueUrl
        const handles: Array<[string, string]> = []
        let n = 0
        const attempt = (f: () => void): void => {
          try {
            f()
          } catch {
            // Stale or expired handles, visibility on a visible message: SqsErrors, the same for both.
          }
        }
        for (const op of list) {
          if (op.k === 'send') {
            if (op.fifo) sqs.sendMessage({ queueUrl: fifoQueue, messageBody: `m${n++}`, messageGroupId: `g${op.g}` })
            else sqs.sendMessage({ queueUrl: standard, messageBody: `m${n++}`, delaySeconds: op.delay })
          } else if (op.k === 'recv') {
            const url = op.fifo ? fifoQueue : standard
            const dlqUrl = sqs.queueUrl(op.fifo ? 'dlq.fifo' : 'dlq')
            const expected = scanPick(sqs.peekMessages(url), op.fifo, op.max, kernel.nowMs)
            const deadBefore = sqs.peekMessages(dlqUrl).length
            const got = sqs.receiveMessage({ queueUrl: url, maxNumberOfMessages: op.max, visibilityTimeout: op.vis }).messages
            expect(got.map((m) => m.messageId)).toEqual(expected.ids)
            expect(sqs.peekMessages(dlqUrl).slice(deadBefore).map((m) => m.messageId)).toEqual(expected.moved)
            for (const m of got) handles.push([url, m.receiptHandle])
          } else if (op.k === 'del' || op.k === 'vis') {
            const handle = handles[handles.length - 1 - (op.h % Math.max(1, handles.length))]
            if (handle === undefined) continue
            if (op.k === 'del') attempt(() => sqs.deleteMessage({ queueUrl: handle[0], receiptHandle: handle[1] }))
            else attempt(() => sqs.changeMessageVisibility({ queueUrl: handle[0], receiptHandle: handle[1], visibilityTimeout: op.t }))
          } else kernel.run({ untilMs: kernel.nowMs + op.ms })
          for (const url of [standard, fifoQueue]) {
            const hidden = sqs.peekMessages(url).filter((m) => m.visibleAtMs > kernel.nowMs)
            expect(sqs.nextVisibleAtMs(url)).toBe(hidden.length === 0 ? undefined : Math.min(...hidden.map((m) => m.visibleAtMs)))
          }
        }
      }),
      { numRuns: 1500 },
    )
  })
})
