/**
 * Receipt handles name their message (send order) under a checksum keyed by the queue: the queue
 * keeps no map of every handle it issued, yet answers every handle as before.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SqsError } from '../../../src/aws/sqs/errors.js'
import { handleKey, ReceiptHandles } from '../../../src/aws/sqs/receipt-handles.js'
import { createIdFactory } from '../../../src/kernel/ids.js'
import { Prng } from '../../../src/kernel/prng.js'
import { createSimulation } from '../../../src/index.js'

const caught = (f: () => unknown): SqsError => {
  try {
    f()
  } catch (error) {
    return error as SqsError
  }
  throw new Error('expected an error')
}

describe('receipt handles', () => {
  const handles = new ReceiptHandles(createIdFactory(new Prng('9/ids')))
  const key = handleKey('arn:aws:sqs:us-east-1:123456789012:q', 1)

  it('read back the send order they were issued for, and look like SQS handles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (order) => {
        const handle = handles.issue(key, order)
        expect(handle).toMatch(/^AQEB[A-Za-z0-9+/]{43}=$/)
        expect(handles.orderOf(key, handle)).toBe(order)
      }),
      { numRuns: 2000 },
    )
  })

  it('are refused by another queue, by a queue of the same name created again, and when altered', () => {
    const other = handleKey('arn:aws:sqs:us-east-1:123456789012:q2', 2)
    const again = handleKey('arn:aws:sqs:us-east-1:123456789012:q', 3)
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(47), fc.constantFrom(...'ABCabc0189+/'), (order, at, char) => {
        const handle = handles.issue(key, order)
        expect(handles.orderOf(other, handle)).toBeUndefined()
        expect(handles.orderOf(again, handle)).toBeUndefined()
        const altered = handle.slice(0, at) + char + handle.slice(at + 1)
        if (altered !== handle) expect(handles.orderOf(key, altered)).toBeUndefined()
      }),
      { numRuns: 2000 },
    )
    for (const bad of ['', 'nonsense', 'AQEB', `${handles.issue(key, 1)}=`, handles.issue(key, 1).replace('AQEB', 'AQEC')]) expect(handles.orderOf(key, bad)).toBeUndefined()
  })

  it('of a message that left the queue still delete (deleted, moved to the DLQ, purged); visibility changes on them fail', async () => {
    const sim = createSimulation({ seed: 4 })
    const dlq = sim.sqs.createQueue({ queueName: 'dlq' }).queueUrl
    const { queueUrl } = sim.sqs.createQueue({
      queueName: 'q',
      attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn('dlq'), maxReceiveCount: 1 }) },
    })
    sim.sqs.sendMessage({ queueUrl, messageBody: 'deleted' })
    const deleted = sim.sqs.receiveMessage({ queueUrl }).messages[0]?.receiptHandle as string
    sim.sqs.deleteMessage({ queueUrl, receiptHandle: deleted })
    sim.sqs.deleteMessage({ queueUrl, receiptHandle: deleted })

    sim.sqs.sendMessage({ queueUrl, messageBody: 'redriven' })
    const redriven = sim.sqs.receiveMessage({ queueUrl }).messages[0]?.receiptHandle as string
    await sim.advance('2s')
    expect(sim.sqs.receiveMessage({ queueUrl }).messages).toHaveLength(0) // moved to the DLQ on this receive
    expect(sim.sqs.peekMessages(dlq).map((m) => m.body)).toEqual(['redriven'])
    sim.sqs.deleteMessage({ queueUrl, receiptHandle: redriven })
    // Its handle belongs to the source queue: the DLQ refuses it.
    expect(caught(() => sim.sqs.deleteMessage({ queueUrl: dlq, receiptHandle: redriven })).name).toBe('ReceiptHandleIsInvalid')

    sim.sqs.sendMessage({ queueUrl, messageBody: 'purged' })
    const purged = sim.sqs.receiveMessage({ queueUrl }).messages[0]?.receiptHandle as string
    sim.sqs.purgeQueue({ queueUrl })
    sim.sqs.deleteMessage({ queueUrl, receiptHandle: purged })
    const change = caught(() => sim.sqs.changeMessageVisibility({ queueUrl, receiptHandle: purged, visibilityTimeout: 5 }))
    expect(change.message).toBe(`Value ${purged} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`)
  })

  it('of a deleted queue are refused by the queue created again under its name', async () => {
    const sim = createSimulation({ seed: 4 })
    let { queueUrl } = sim.sqs.createQueue({ queueName: 'q' })
    sim.sqs.sendMessage({ queueUrl, messageBody: 'x' })
    const handle = sim.sqs.receiveMessage({ queueUrl }).messages[0]?.receiptHandle as string
    sim.sqs.deleteQueue({ queueUrl })
    await sim.advance('61s')
    ;({ queueUrl } = sim.sqs.createQueue({ queueName: 'q' }))
    sim.sqs.sendMessage({ queueUrl, messageBody: 'y' })
    expect(caught(() => sim.sqs.deleteMessage({ queueUrl, receiptHandle: handle })).name).toBe('ReceiptHandleIsInvalid')
    expect(sim.sqs.peekMessages(queueUrl)).toHaveLength(1)
  })
})
