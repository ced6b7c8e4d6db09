import { describe, expect, it } from 'vitest'
import type { InvokeResult, SimEvent } from '../../src/index.js'
import { checkConservation, misclassified } from './run-scenario.js'
import { scenarioFor } from './scenario.js'

// The stress suite's checks must bite: a green suite means nothing if they cannot fail. These feed
// them broken runs by hand.

const accepted = (requestId: string): SimEvent => ({ type: 'async.accepted', atMs: 0, requestId, functionName: 'f', qualifier: undefined, lineage: 0 })
const finished = (requestId: string, copy = 0, extra: Partial<Extract<SimEvent, { type: 'async.finished' }>> = {}): SimEvent => ({
  type: 'async.finished',
  atMs: 1,
  requestId,
  functionName: 'f',
  copy,
  status: 'succeeded',
  condition: 'Success',
  approximateInvokeCount: 1,
  ...extra,
})

describe('stress checks', () => {
  it('conservation: an accepted event that never finishes, one that finishes twice, a 202 never accepted, a silent drop', () => {
    const violations: string[] = []
    checkConservation(
      [
        accepted('a'),
        accepted('b'),
        finished('b'),
        finished('b'),
        accepted('c'),
        finished('c', 0, { status: 'failed', condition: 'RetriesExhausted', deadLetter: { arn: 'arn:aws:sqs:us-east-1:123456789012:dlq', ok: false, reason: 'refused' } }),
      ],
      ['a', 'z'],
      violations,
    )
    expect(violations).toEqual([
      '202 for z without async.accepted',
      'accepted event a never finished',
      'event copy b#0 finished 2 times',
      'event c was not delivered to arn:aws:sqs:us-east-1:123456789012:dlq: refused (and no async.deliveryFailed)',
    ])
  })

  it('conservation: a clean run has no violations', () => {
    const violations: string[] = []
    checkConservation([accepted('a'), finished('a'), finished('a', 1)], ['a'], violations)
    expect(violations).toEqual([])
  })

  it('hostile handlers: a throw reported as a timeout, a timeout reported as success, success reported as an error', () => {
    const answer = (payload: unknown, functionError?: 'Unhandled'): InvokeResult => ({ statusCode: 200, payload, payloadJson: JSON.stringify(payload), ...(functionError ? { functionError } : {}) })
    expect(misclassified('throw-string', answer({ errorType: 'Sandbox.Timedout' }, 'Unhandled'))).toBe('reported as a timeout')
    expect(misclassified('oversleep', answer('too late'))).toMatch(/expected a function error/)
    expect(misclassified('ok', answer({ errorType: 'Error' }, 'Unhandled'))).toMatch(/expected success/)
    expect(misclassified('throw-null', answer({ errorType: 'handled' }, 'Unhandled'))).toBeUndefined()
    expect(misclassified('oversleep', answer({ errorType: 'Sandbox.Timedout' }, 'Unhandled'))).toBeUndefined()
  })

  it('scenarios are a pure function of (seed, index), and a skip list only replaces what it skips', () => {
    expect(JSON.stringify(scenarioFor(17, 3))).toBe(JSON.stringify(scenarioFor(17, 3)))
    expect(JSON.stringify(scenarioFor(17, 3))).not.toBe(JSON.stringify(scenarioFor(17, 4)))
    const all = scenarioFor(17, 5)
    const skipped = scenarioFor(17, 5, new Set(['throw-string']))
    expect(skipped.functions).toEqual(all.functions)
    expect(JSON.stringify(skipped)).not.toContain('throw-string')
  })
})
