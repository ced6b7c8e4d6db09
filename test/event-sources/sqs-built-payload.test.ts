/**
 * The SQS poller hands the function its records as values (copied per attempt) and measures their
 * size without serializing them: the event must be what parsing the serialized batch would give,
 * and the sizes (the 6 MB cap, `esm.batchInvoked`'s `payloadBytes`) what serializing it measures.
 */
import type { SQSEvent } from 'aws-lambda'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { copyPlainJson, jsonStringBytes, plainJsonBytes } from '../../src/runtime/payload.js'

const anyText = fc.string({ unit: 'binary', maxLength: 40 })
const plainData: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, anyText, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(anyText, tie('value'), { maxKeys: 4 })),
})).value

describe('plain JSON sizes and copies', () => {
  it('jsonStringBytes and plainJsonBytes measure what JSON.stringify writes (escapes, multi-byte, lone surrogates)', () => {
    fc.assert(
      fc.property(anyText, (text) => jsonStringBytes(text) === Buffer.byteLength(JSON.stringify(text))),
      { numRuns: 2000 },
    )
    fc.assert(fc.property(plainData, (value) => plainJsonBytes(value) === Buffer.byteLength(JSON.stringify(value))), { numRuns: 1000 })
  })

  it('copyPlainJson gives what a JSON round trip gives, sharing nothing', () => {
    fc.assert(
      fc.property(plainData, (value) => {
        const copy = copyPlainJson(value)
        expect(JSON.stringify(copy)).toBe(JSON.stringify(value))
        expect(copy).toEqual(JSON.parse(JSON.stringify(value)))
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value)
      }),
      { numRuns: 500 },
    )
    // JSON.parse makes `__proto__` an own member; a copy must too, not take it as its prototype.
    const parsed = JSON.parse('{"__proto__":{"DataType":"String"},"next":"x"}') as object
    const copy = copyPlainJson(parsed)
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed))
  })
})

// SQS refuses characters outside its allowed set; everything else goes.
const sqsText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
const fifoId = fc.string({ unit: fc.constantFrom(...'aZ09!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'), minLength: 1, maxLength: 12 })

describe('the SQS source’s built payload', () => {
  it('hands the handler the parsed form of the batch it measured, for any bodies, FIFO ids and attributes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.record({ body: sqsText, group: fifoId, attribute: fc.option(sqsText, { nil: undefined }), binary: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        async (fifo, messages) => {
          const sim = createSimulation({ seed: 3, recordEvents: true })
          const seen: SQSEvent[] = []
          sim.createFunction({
            functionName: 'consumer',
            code: async (event: SQSEvent) => {
              seen.push(JSON.parse(JSON.stringify(event)) as SQSEvent)
              return null
            },
          })
          const name = fifo ? 'q.fifo' : 'q'
          const { queueUrl } = sim.sqs.createQueue({ queueName: name, ...(fifo ? { attributes: { FifoQueue: 'true' } } : {}) })
          messages.forEach((message, i) =>
            sim.sqs.sendMessage({
              queueUrl,
              messageBody: message.body,
              ...(fifo ? { messageGroupId: message.group, messageDeduplicationId: `${message.group}-${i}` } : {}),
              ...(message.attribute !== undefined
                ? {
                    messageAttributes: message.binary
                      ? { Blob: { DataType: 'Binary', BinaryValue: Buffer.from(message.attribute) } }
                      : { 'Name.x-1': { DataType: 'String', StringValue: message.attribute } },
                  }
                : {}),
            }),
          )
          sim.createEventSourceMapping({ functionName: 'consumer', eventSourceArn: sim.sqs.queueArn(name), batchSize: 10 })
          await sim.runUntilIdle()
          const invoked = sim.events().filter((event) => event.type === 'esm.batchInvoked')
          expect(seen).toHaveLength(invoked.length)
          seen.forEach((event, i) => expect(invoked[i]).toMatchObject({ size: event.Records.length, payloadBytes: Buffer.byteLength(JSON.stringify(event)) }))
          expect(seen.flatMap((event) => event.Records.map((record) => record.body)).sort()).toEqual(messages.map((message) => message.body).sort())
        },
      ),
      { numRuns: 150 },
    )
  })

  it('gives each attempt its own event: a handler that mutates its records changes neither what is deleted nor the next attempt', async () => {
    const sim = createSimulation({ seed: 5 })
    const receipts: string[][] = []
    let calls = 0
    sim.createFunction({
      functionName: 'consumer',
      timeout: 5,
      code: async (event: SQSEvent) => {
        receipts.push(event.Records.map((record) => record.receiptHandle))
        for (const record of event.Records) {
          record.receiptHandle = 'scribbled'
          record.attributes.ApproximateReceiveCount = '999'
        }
        if (++calls === 1) throw new Error('first attempt fails')
        return null
      },
    })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'q', attributes: { VisibilityTimeout: '10' } })
    sim.sqs.sendMessage({ queueUrl, messageBody: 'one' })
    sim.createEventSourceMapping({ functionName: 'consumer', eventSourceArn: sim.sqs.queueArn('q'), batchSize: 1 })
    await sim.runUntilIdle()
    expect(calls).toBe(2)
    expect(receipts.flat()).not.toContain('scribbled')
    expect(receipts[0]).not.toEqual(receipts[1])
    expect(sim.sqs.peekMessages(queueUrl)).toHaveLength(0)
  })
})
