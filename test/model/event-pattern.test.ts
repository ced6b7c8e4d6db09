import { describe, expect, it } from 'vitest'
import { matchesPattern, parsePattern, patternProblem } from '../../src/model/event-pattern.js'

/** The sample event of the Event Ruler README / EventBridge user guide. */
const ec2Event = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
}

const matches = (pattern: object, event: object = ec2Event): boolean => matchesPattern(pattern, event)

describe('event patterns - exact values', () => {
  it('matches when every field matches one of its listed values (AND of fields, OR of values)', () => {
    expect(
      matches({
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
        detail: { state: ['initializing', 'running'] },
      }),
    ).toBe(true)
    expect(matches({ source: ['aws.ec2'], detail: { state: ['stopped'] } })).toBe(false)
  })

  it('requires every field named in the pattern to be present', () => {
    expect(matches({ detail: { missing: ['x'] } })).toBe(false)
    expect(matches({ nothere: { state: ['running'] } })).toBe(false)
  })

  it('an event array matches when it intersects the listed values', () => {
    const event = { resources: ['arn:a', 'arn:b', 'arn:c'] }
    expect(matches({ resources: ['arn:x', 'arn:b'] }, event)).toBe(true)
    expect(matches({ resources: ['arn:x'] }, event)).toBe(false)
  })

  it('is exact and case-sensitive; types must agree', () => {
    expect(matches({ source: ['AWS.EC2'] })).toBe(false)
    expect(matches({ detail: { 'c-count': ['5'] } })).toBe(false)
    expect(matches({ detail: { 'c-count': [5] } })).toBe(true)
    expect(matches({ flag: [true] }, { flag: true })).toBe(true)
    expect(matches({ flag: ['true'] }, { flag: true })).toBe(false)
  })

  it('null matches a JSON null and "" an empty string, but neither matches a missing field', () => {
    const event = { responseElements: null, eventVersion: '' }
    expect(matches({ responseElements: [null] }, event)).toBe(true)
    expect(matches({ eventVersion: [''] }, event)).toBe(true)
    expect(matches({ other: [null] }, event)).toBe(false)
    expect(matches({ eventVersion: [null] }, event)).toBe(false)
  })

  it('a leaf condition does not match a field holding an object', () => {
    expect(matches({ detail: ['running'] })).toBe(false)
  })

  it('the empty pattern matches everything', () => {
    expect(matches({})).toBe(true)
  })
})

describe('event patterns - string operators', () => {
  it('prefix', () => {
    expect(matches({ time: [{ prefix: '2017-10-02' }] })).toBe(true)
    expect(matches({ time: [{ prefix: '2018' }] })).toBe(false)
    expect(matches({ detail: { 'c-count': [{ prefix: '5' }] } })).toBe(false) // strings only
  })

  it('prefix ignoring case', () => {
    expect(matches({ source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] })).toBe(true)
    expect(matches({ source: [{ prefix: 'AWS.' }] })).toBe(false)
  })

  it('suffix, and suffix ignoring case', () => {
    expect(matches({ source: [{ suffix: 'ec2' }] })).toBe(true)
    expect(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' })).toBe(true)
    expect(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.PNG' })).toBe(false)
    expect(matches({ FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] }, { FileName: 'image.PNG' })).toBe(true)
  })

  it('equals-ignore-case', () => {
    expect(matches({ source: [{ 'equals-ignore-case': 'AWS.EC2' }] })).toBe(true)
    expect(matches({ source: [{ 'equals-ignore-case': 'aws.ec' }] })).toBe(false)
  })

  it('wildcard: * matches any run of characters, including none and slashes', () => {
    expect(matches({ source: [{ wildcard: 'aws.*' }] })).toBe(true)
    expect(matches({ EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] }, { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' })).toBe(true)
    expect(matches({ f: [{ wildcard: 'dir/*.png' }] }, { f: 'dir/dir/dir/doc.png' })).toBe(true)
    expect(matches({ f: [{ wildcard: 'dir/*.png' }] }, { f: 'dir/doc.jpg' })).toBe(false)
    expect(matches({ f: [{ wildcard: 'a*b*c' }] }, { f: 'abc' })).toBe(true)
    expect(matches({ f: [{ wildcard: 'a.c' }] }, { f: 'abc' })).toBe(false) // '.' is literal
  })

  it('wildcard escapes: \\* is a literal asterisk, \\\\ a backslash', () => {
    expect(matches({ f: [{ wildcard: 'a\\*b' }] }, { f: 'a*b' })).toBe(true)
    expect(matches({ f: [{ wildcard: 'a\\*b' }] }, { f: 'axb' })).toBe(false)
    expect(matches({ f: [{ wildcard: 'a\\\\b' }] }, { f: 'a\\b' })).toBe(true)
  })
})

describe('event patterns - anything-but', () => {
  it('single string and number', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } })).toBe(true)
    expect(matches({ detail: { state: [{ 'anything-but': 'running' }] } })).toBe(false)
    expect(matches({ detail: { 'x-limit': [{ 'anything-but': 123 }] } })).toBe(true)
    expect(matches({ detail: { 'x-limit': [{ 'anything-but': 301.8 }] } })).toBe(false)
  })

  it('lists of strings or numbers', () => {
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } })).toBe(true)
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } })).toBe(false)
    expect(matches({ detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } })).toBe(true)
  })

  it('prefix, suffix, equals-ignore-case and wildcard', () => {
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } })).toBe(true)
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'run' } }] } })).toBe(false)
    expect(matches({ FileName: [{ 'anything-but': { suffix: '.txt' } }] }, { FileName: 'notes.txt' })).toBe(false)
    expect(matches({ FileName: [{ 'anything-but': { suffix: '.txt' } }] }, { FileName: 'photo.png' })).toBe(true)
    expect(matches({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] } })).toBe(true)
    expect(matches({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['RUNNING'] } }] } })).toBe(false)
    expect(matches({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/lib/x' })).toBe(false)
    expect(matches({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/bin/x' })).toBe(true)
  })

  it('does not match a missing field', () => {
    expect(matches({ detail: { absent: [{ 'anything-but': 'x' }] } })).toBe(false)
  })
})

describe('event patterns - numeric', () => {
  it('ranges and equality (README complex example)', () => {
    expect(
      matches({
        detail: {
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ numeric: ['=', 3.018e2] }],
        },
      }),
    ).toBe(true)
    expect(matches({ detail: { 'c-count': [{ numeric: ['>', 5] }] } })).toBe(false)
    expect(matches({ detail: { 'c-count': [{ numeric: ['>=', 5, '<', 6] }] } })).toBe(true)
  })

  it('only matches JSON numbers', () => {
    expect(matches({ v: [{ numeric: ['>', 0] }] }, { v: '5' })).toBe(false)
  })

  it('an event array matches when any element is in range', () => {
    expect(matches({ v: [{ numeric: ['>', 10] }] }, { v: [1, 2, 30] })).toBe(true)
  })
})

describe('event patterns - exists', () => {
  it('exists true / false on leaves', () => {
    expect(matches({ detail: { 'c-count': [{ exists: true }] } })).toBe(true)
    expect(matches({ detail: { 'c-count': [{ exists: false }] } })).toBe(false)
    expect(matches({ detail: { 'e-count': [{ exists: false }] } })).toBe(true)
    expect(matches({ detail: { 'e-count': [{ exists: true }] } })).toBe(false)
  })

  it('works only on leaf nodes: a field holding an object does not exist', () => {
    const event = { detail: { state: 'running', 'c-count': { c1: 100 } } }
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, event)).toBe(true)
    expect(matches({ detail: { 'c-count': [{ exists: true }] } }, event)).toBe(false)
  })

  it('exists false holds when the whole parent is missing', () => {
    expect(matches({ other: { x: [{ exists: false }] } })).toBe(true)
  })

  it('exists true holds for a null value', () => {
    expect(matches({ v: [{ exists: true }] }, { v: null })).toBe(true)
  })
})

describe('event patterns - cidr', () => {
  it('matches IPv4 addresses in the block', () => {
    expect(matches({ detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } })).toBe(true)
    expect(matches({ detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } })).toBe(false)
    expect(matches({ detail: { 'source-ip': [{ cidr: '10.0.0.0/8' }] } })).toBe(true)
  })
})

describe('event patterns - $or', () => {
  const metric = { source: 'aws.cloudwatch', metricName: 'NetworkIn', namespace: 'AWS/EC2', detail: { source: 'x', 'detail-type': 'CloudWatch Alarm State Change' } }

  it('"source" && ("metricName" || "namespace")', () => {
    const pattern = { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }] }
    expect(matches(pattern, metric)).toBe(true)
    expect(matches(pattern, { ...metric, namespace: 'AWS/S3' })).toBe(false)
  })

  it('parallel $or at two levels', () => {
    const pattern = {
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    }
    expect(matches(pattern, metric)).toBe(true)
    expect(matches(pattern, { ...metric, detail: { source: 'y' } })).toBe(false)
  })

  it('nested $or inside an $or branch', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
        { scope: ['Service'] },
      ],
    }
    expect(matches(pattern, { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 })).toBe(true)
    expect(matches(pattern, { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1 })).toBe(false)
    expect(matches(pattern, { source: 'aws.cloudwatch', scope: 'Service' })).toBe(true)
  })

  it('$or with an object value is an ordinary field name', () => {
    expect(matches({ $or: { a: ['1'] } }, { $or: { a: '1' } })).toBe(true)
  })
})

describe('event patterns - arrays of objects', () => {
  const employees = {
    employees: [
      { firstName: 'John', lastName: 'Doe' },
      { firstName: 'Anna', lastName: 'Smith' },
      { firstName: 'Peter', lastName: 'Jones' },
    ],
  }

  it('crushes arrays out of the path', () => {
    expect(matches({ employees: { firstName: ['Anna'] } }, employees)).toBe(true)
    expect(matches({ employees: { firstName: ['Anna'] } }, { employees: [[employees.employees[0]], [employees.employees[1]]] })).toBe(true)
  })

  it('is array-consistent: fields must match inside the same element', () => {
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, employees)).toBe(true)
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, employees)).toBe(false)
  })
})

describe('event patterns - validation', () => {
  it('accepts every documented form', () => {
    const valid = [
      { a: ['x', 1, true, null] },
      { a: [{ prefix: 'x' }, { suffix: 'y' }, { 'equals-ignore-case': 'z' }, { wildcard: 'a*b' }] },
      { a: [{ prefix: { 'equals-ignore-case': 'x' } }] },
      { a: [{ 'anything-but': 'x' }, { 'anything-but': [1, 2] }, { 'anything-but': { prefix: 'p' } }, { 'anything-but': { wildcard: ['*a', 'b*'] } }] },
      { a: [{ numeric: ['>', 0, '<=', 5] }, { numeric: ['=', 3] }] },
      { a: [{ exists: false }], b: [{ cidr: '10.0.0.0/24' }] },
      { $or: [{ a: ['1'] }, { b: ['2'] }] },
    ]
    for (const pattern of valid) expect(patternProblem(pattern), JSON.stringify(pattern)).toBeUndefined()
  })

  it('rejects malformed patterns with a reason', () => {
    const invalid: unknown[] = [
      ['x'],
      'x',
      { a: 'x' },
      { a: [] },
      { a: [{ exists: 'yes' }] },
      { a: [{ numeric: ['>', 'five'] }] },
      { a: [{ numeric: ['>', 1, '>', 2] }] },
      { a: [{ numeric: ['>', 5, '<', 1] }] },
      { a: [{ wildcard: 'a**b' }] },
      { a: [{ wildcard: 'a\\b' }] },
      { a: [{ 'anything-but': ['x', 1] }] },
      { a: [{ 'anything-but': { numeric: ['>', 1] } }] },
      { a: [{ regex: 'x' }] },
      { a: [{ prefix: 'x', suffix: 'y' }] },
    ]
    for (const pattern of invalid) expect(patternProblem(pattern), JSON.stringify(pattern)).toBeTypeOf('string')
  })

  it('parsePattern reads JSON text', () => {
    expect(parsePattern('{"source":["aws.ec2"]}')).toEqual({ ok: true, pattern: { source: ['aws.ec2'] } })
    expect(parsePattern('{source}')).toEqual({ ok: false, reason: 'Filter is not valid JSON' })
  })
})
