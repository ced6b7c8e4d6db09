import { describe, expect, it } from 'vitest'
import { DEMO_STORIES, playStories, runDemo, runAllDemos, SCENARIO_2_HEADER, SCENARIO_3_HEADER, SCENARIO_4_HEADER, SCENARIO_5_HEADER, SCENARIO_6_HEADER, WALL_CLOCK_PREFIX } from '../demo/run.js'
import { GATEWAY_SEED, runGatewayScenario } from '../demo/gateway.js'
import { FLAKY_ORDERS, POISON_ORDER, runSqsDemo, SQS_ORDERS, SQS_WALL_CLOCK_PREFIX } from '../demo/sqs.js'
import { ASYNC_WALL_CLOCK_PREFIX, runAsyncDemo } from '../demo/async.js'
import { ROUTING_INVOCATIONS, runRoutingDemo } from '../demo/routing.js'
import { PROVISIONED, RESERVED, runConcurrencyDemo, WALL_CLOCK_PREFIX as CONCURRENCY_WALL_CLOCK_PREFIX } from '../demo/concurrency.js'
import { recordingOptions } from '../demo/outputs.js'
import { renderReport } from '../src/index.js'

/** The demo's text without the wall-clock line (the only line that varies between runs). */
function stable(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith(WALL_CLOCK_PREFIX))
    .join('\n')
}

describe('demo', () => {
  it('runDemo - tells the whole story: cold start, warm calls, error, timeout, re-init, second environment', async () => {
    const text = await runDemo()
    expect(text).toContain('seed=42')
    expect(text).toContain('Init Duration: 180.00 ms')
    expect(text).toContain('Status: timeout')
    expect(text).toContain('Invoke Error')
    expect(text).toContain('throws failed on purpose')
    // The environment re-initialises after the timeout: three INIT_START lines in all (env1 twice, env2 once).
    expect(text.match(/INIT_START/g)).toHaveLength(3)
    expect(text).toContain('after timeout: invocation #1 in this environment')
    expect(text).toContain('warm call again: invocation #3 in this environment')
    expect(text).toContain('concurrent B: invocation #1 in this environment')
    expect(text).toContain('Totals: 8 invocations, 3 cold starts, 6 succeeded, 1 error, 1 timeout; 2 environments alive; billed 1945 ms')
    expect(text).toContain('Virtual time simulated: 5.345 s')
    expect(text).toMatch(new RegExp(`^${WALL_CLOCK_PREFIX} \\d+\\.\\d ms real for 5\\.345 s virtual`, 'm'))
  })

  it('runDemo - the same seed prints the same text (apart from the wall-clock line)', async () => {
    const first = await runDemo()
    const second = await runDemo()
    expect(stable(second)).toBe(stable(first))
    expect(stable(first)).not.toContain(WALL_CLOCK_PREFIX)
  })

  it('runRoutingDemo - 1,000 invocations through a 90/10 alias reach both versions, split near the weights', async () => {
    const text = await runRoutingDemo()
    expect(ROUTING_INVOCATIONS).toBe(1000)
    expect(text).toContain('Traffic: 1,000 invocations of checkout:live')
    expect(text).toContain('(1,000 draws)')
    const observed = (version: string): number => {
      const match = new RegExp(`^  version ${version}  weight [\\d.]+  expected \\d+ ± [\\d.]+  observed (\\d+) `, 'm').exec(text)
      expect(match, `split line for version ${version}`).not.toBeNull()
      return Number(match?.[1])
    }
    const v1 = observed('1')
    const v2 = observed('2')
    expect(v1 + v2).toBe(1000)
    expect(v1).toBeGreaterThan(0)
    expect(v2).toBeGreaterThan(0)
    // 4 standard deviations of a binomial(1000, 0.1) count: √(1000 · 0.1 · 0.9) ≈ 9.5.
    expect(Math.abs(v2 - 100)).toBeLessThanOrEqual(38)
    // The first executed versions, both environments lines, and the virtual time.
    const sequence = /^== First 20 executed versions .*\n {2}((?:[12] ){19}[12])$/m.exec(text)
    expect(sequence, 'first 20 executed versions').not.toBeNull()
    expect(text).toMatch(/^ {2}version 1: \d+ environments, \d+ cold starts, \d+ invocations; per environment: [\d ]+$/m)
    expect(text).toMatch(/^ {2}version 2: \d+ environments, \d+ cold starts, \d+ invocations; per environment: [\d ]+$/m)
    expect(text).toContain('Virtual time simulated: 100.000 s')
  })

  it('runRoutingDemo - the same seed prints the same text', async () => {
    expect(await runRoutingDemo()).toBe(await runRoutingDemo())
  })

  it('runAllDemos - npm run demo prints scenario 1 unchanged, then the routing and concurrency scenarios under headers', async () => {
    const text = await runAllDemos()
    const [first, rest] = text.split(`\n${SCENARIO_2_HEADER}\n`)
    const [second, thirdAndFourth] = (rest ?? '').split(`\n${SCENARIO_3_HEADER}\n`)
    const [third, fourth] = (thirdAndFourth ?? '').split(`\n${SCENARIO_4_HEADER}\n`)
    expect(fourth).toBeDefined()
    expect(stable(first ?? '')).toContain(stable(await runDemo()))
    const rule2 = '='.repeat(SCENARIO_2_HEADER.length)
    const rule3 = '='.repeat(SCENARIO_3_HEADER.length)
    expect(stable(second ?? '')).toBe(`${rule2}\n${await runRoutingDemo()}\n\n${rule3}`)
    const rule4 = '='.repeat(SCENARIO_4_HEADER.length)
    expect(stable(third ?? '')).toBe(`${rule3}\n${stable(await concurrencyText())}\n\n${rule4}`)
    expect(text).toMatch(new RegExp(`${WALL_CLOCK_PREFIX} \\d+\\.\\d ms real for 100\\.000 s virtual`))
    expect(text).toMatch(new RegExp(`${WALL_CLOCK_PREFIX} \\d+\\.\\d ms real for 1560\\.000 s virtual`))
  })

  // ------------------------------------------------------------ scenario 3: concurrency

  /** One run shared by the content checks (the scenario takes a few seconds). */
  let concurrencyRun: Promise<string> | undefined
  const concurrencyText = (): Promise<string> => (concurrencyRun ??= runConcurrencyDemo())

  /** The per-minute rows of a section's table, as cells. */
  function rows(text: string, section: string): Record<string, string>[] {
    const lines = text.split('\n')
    const start = lines.findIndex((line) => line.startsWith(section))
    expect(start, section).toBeGreaterThanOrEqual(0)
    const header = (lines[start + 1] ?? '').trim().split(/ {2,}/)
    const body: Record<string, string>[] = []
    for (const line of lines.slice(start + 3)) {
      if (!/^ {2}\d+ \(\+/.test(line)) break
      const cells = line.trim().split(/ {2,}/)
      body.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])))
    }
    return body
  }
  const num = (cell: string | undefined): number => Number((cell ?? '').replaceAll(',', ''))

  it('runConcurrencyDemo - the same seed prints the same text (apart from the wall-clock line)', async () => {
    expect(CONCURRENCY_WALL_CLOCK_PREFIX).toBe(WALL_CLOCK_PREFIX)
    const first = await concurrencyText()
    const second = await runConcurrencyDemo()
    expect(stable(second)).toBe(stable(first))
    expect(first.split('\n').at(-1)).toMatch(new RegExp(`^${WALL_CLOCK_PREFIX} \\d+\\.\\d ms real for 1560\\.000 s virtual`))
    expect(stable(first)).not.toContain(WALL_CLOCK_PREFIX)
  })

  it('runConcurrencyDemo - (a) reserved concurrency: no throttles before the spike, throttles during it, capped at the reservation', async () => {
    const text = await concurrencyText()
    const a = rows(text, `== (a) reserved concurrency ${RESERVED}`)
    expect(a).toHaveLength(7)
    expect(a.map((r) => num(r['rate/s']))).toEqual([20, 20, 400, 400, 400, 20, 20])
    // Before the spike: nothing throttled. During it: about 150 of every 400 requests each second.
    for (const row of a.slice(0, 2)) expect(num(row['429 reserved'])).toBe(0)
    for (const row of a.slice(2, 5)) {
      expect(num(row['429 reserved'])).toBeGreaterThan(8_000)
      expect(num(row['429 reserved']) + num(row['invocations'])).toBe(num(row['arrivals']))
      expect(num(row['max conc'])).toBe(RESERVED)
    }
    for (const row of a.slice(5)) expect(num(row['429 reserved'])).toBe(0)
    expect(Math.max(...a.map((r) => num(r['max conc'])))).toBe(RESERVED)
    expect(text).toContain('Throttle reasons: reserved = ReservedFunctionConcurrentInvocationLimitExceeded.')
    expect(text).toMatch(/so 37\.5 % should be throttled: observed [\d,]+ of 72,000 = 37\.\d %/)
  })

  it('runConcurrencyDemo - (b) provisioned concurrency: no throttles, cold starts only on spillover, target tracking scales out late and back in', async () => {
    const text = await concurrencyText()
    const b = rows(text, `== (b) provisioned concurrency on provisioned:live (${PROVISIONED} to start`)
    expect(b).toHaveLength(7)
    expect(b.some((r) => Object.keys(r).some((k) => k.startsWith('429')))).toBe(false)
    for (const row of b) {
      // Every arrival ran, on a provisioned environment or as spillover.
      expect(num(row['on PC']) + num(row['spillover'])).toBe(num(row['arrivals']))
      // A cold start only in a minute with spillover (provisioned environments were initialised ahead of traffic).
      if (num(row['cold']) > 0) expect(num(row['spillover'])).toBeGreaterThan(0)
    }
    // Auto scaling: 50 until target tracking's new capacity is READY after the spike (ceil(50 × 1.0 ÷ 0.7) = 72).
    expect(b.map((r) => num(r['PC allocated']))).toEqual([50, 50, 50, 50, 50, 50, 72])
    for (const row of b.slice(0, 2)) expect([num(row['spillover']), num(row['cold'])]).toEqual([0, 0])
    for (const row of b.slice(2, 5)) expect(num(row['spillover'])).toBeGreaterThan(0)
    expect(num(b[2]?.['cold'])).toBeGreaterThan(0)
    expect(num(b[3]?.['PC util avg'])).toBeCloseTo(1, 2)
    expect(text).toMatch(/^\(b\) provisioned: 76,800 arrivals, 76,800 succeeded, 0 throttled; /m)
    expect(text).toMatch(/cold starts by environment: 0 on provisioned \(initialised ahead of traffic\), [1-9]\d* on spillover \(on-demand\), 0 other/)
    expect(text).toContain('provisioned:live IN_PROGRESS allocated 0 of 50')
    expect(text).toMatch(/\+01:00\.300 {2}provisioned:live READY {7}allocated 50 of 50/)
    expect(text).toContain('+07:00.000 → +08:00.300  Successful Setting desired concurrency to 72.  (AlarmHigh: 3 minutes above 0.7)')
    expect(text).toContain('+24:00.000 → +25:00.000  Successful Setting desired concurrency to 10.  (AlarmLow: 15 minutes below 0.63)')
  })

  it('runConcurrencyDemo - the RPS × duration estimate matches the observed steady concurrency', async () => {
    const text = await concurrencyText()
    expect(text).toContain('spike 400 requests/s × 0.2 s = 80 concurrent executions')
    const match = /estimate 80 at the spike; observed Average ([\d.]+) and ([\d.]+) in minutes 4 and 5/.exec(text)
    expect(match).not.toBeNull()
    for (const observed of [match?.[1], match?.[2]]) expect(Math.abs(Number(observed) - 80)).toBeLessThan(2)
    expect(text).toMatch(/baseline: estimate 4; observed Average 4\.\d\d in minute 2/)
    expect(text).toContain('requiredProvisionedConcurrency at 0.7 gives 6 for the baseline and 115 for the spike')
  })
})

describe('demo scenario 4: asynchronous invocation', () => {
  const deterministic = (text: string): string => text.split('\n').filter((line) => !line.startsWith(ASYNC_WALL_CLOCK_PREFIX)).join('\n')

  it('runAsyncDemo - three attempts at +0 s, +60 s and +180 s, then the records and the dead letter', async () => {
    const text = await runAsyncDemo()
    expect(text).toContain('+00:00.000  order 1: attempt starts (cold)')
    expect(text).toContain('+01:00.050  order 1: attempt starts (warm)')
    expect(text).toContain('+03:00.100  order 1: attempt starts (warm)')
    expect(text).toContain('order 1: succeeded (Success, approximateInvokeCount 3) → destination delivered')
    expect(text).toContain('order 2: failed (RetriesExhausted, approximateInvokeCount 3) → destination delivered, DLQ delivered')
    expect(text).toContain('"condition": "RetriesExhausted"')
    expect(text).toContain('body: {"order":2,"alwaysFails":true}')
    expect(text).toMatch(/RequestID \(String\): [0-9a-f-]{36}\nErrorCode \(Number\): 200\nErrorMessage \(String\): card declined \(order 2, attempt 3\)/)
    expect(text).toMatch(new RegExp(`${ASYNC_WALL_CLOCK_PREFIX} [0-9.]+ ms real for a 3\\.0-minute story\\.$`))
  })

  it('runAsyncDemo - two runs print the same story (the wall-clock line aside)', async () => {
    expect(deterministic(await runAsyncDemo())).toBe(deterministic(await runAsyncDemo()))
  })

  it('runAllDemos - prints scenario 4 last', async () => {
    const text = await runAllDemos()
    expect(text.indexOf(SCENARIO_4_HEADER)).toBeGreaterThan(text.indexOf(SCENARIO_3_HEADER))
    expect(text).toContain('order 1: succeeded (Success')
  })
})

describe('demo scenario 5: an SQS consumer with partial failures', () => {
  const deterministic = (text: string): string => text.split('\n').filter((line) => !line.startsWith(SQS_WALL_CLOCK_PREFIX)).join('\n')

  it('runSqsDemo - batches of 5, the flaky orders back after the 30 s visibility timeout, the poison order in the DLQ after 3 receives', async () => {
    const text = await runSqsDemo()
    expect(text).toContain('seed=15')
    expect(text).toContain(`+00:00.000  sent ${SQS_ORDERS} messages`)
    // The mapping is Enabled a second after it is created: three batches at once (5 + 5 + 2).
    expect(text).toContain('+00:01.000  batch 1: invoke with 5 messages')
    expect(text).toContain('+00:01.000  batch 2: invoke with 5 messages')
    expect(text).toContain('+00:01.000  batch 3: invoke with 2 messages')
    expect(text).toMatch(/batch 1: #1, #2, #3, #4 FAILED, #5\n +→ partial — 4 deleted, 1 left to come back/)
    expect(text).toMatch(/batch 2: #6, #7 FAILED, #8, #9 FAILED, #10\n +→ partial — 3 deleted, 2 left to come back/)
    // The failed records come back together 30 s after their receive; the flaky ones succeed now.
    expect(text).toContain('+00:31.000  batch 4: invoke with 3 messages')
    expect(text).toContain('#4 (receive 2), #7 (receive 2) FAILED, #9 (receive 2)')
    expect(text).toContain('+01:01.030  batch 5: #7 (receive 3) FAILED')
    // The fourth receive finds maxReceiveCount (3) reached: the queue moves #7 to its DLQ.
    expect(text).toContain(`{"order":${POISON_ORDER}} moved here by the redrive policy`)
    expect(text).toContain('DeadLetterQueueSourceArn arn:aws:sqs:us-east-1:123456789012:orders')
    expect(text).toContain(`Totals: ${SQS_ORDERS} messages sent, 5 batches, 11 messages processed and deleted, 1 in the dead-letter queue, 0 left in orders; virtual time 91.000 s.`)
    expect(FLAKY_ORDERS).toEqual([4, 9])
    expect(text).toMatch(new RegExp(`${SQS_WALL_CLOCK_PREFIX} [0-9.]+ ms real for a 91\\.0-second story\\.$`))
  })

  it('runSqsDemo - two runs print the same story (the wall-clock line aside)', async () => {
    expect(deterministic(await runSqsDemo())).toBe(deterministic(await runSqsDemo()))
  })

  it('runAllDemos - prints scenario 5 last', async () => {
    const text = await runAllDemos()
    expect(text.indexOf(SCENARIO_5_HEADER)).toBeGreaterThan(text.indexOf(SCENARIO_4_HEADER))
    expect(text).toContain('batch 5: #7 (receive 3) FAILED')
    expect(text).toMatch(new RegExp(`${WALL_CLOCK_PREFIX} \\d+\\.\\d ms real for 91\\.000 s virtual`))
  })
})

describe('demo scenario 6: an HTTP API in front of a function', () => {
  it('runGatewayScenario - a cold start then a warm call, a 404 without an invocation, 500/502 for a malformed result, 503/504 at the integration timeouts', async () => {
    const { text, virtualMs } = await runGatewayScenario()
    expect(text).toContain(`seed=${GATEWAY_SEED}`)
    const row = (n: number): string => text.split('\n').find((line) => line.startsWith(`${n}  +`)) ?? ''
    expect(row(1)).toMatch(/HTTP API {2}GET \/items\/1 +200 +0\.290 s +\{"id":"1","name":"item 1"\} +env1 cold, success/)
    expect(row(2)).toMatch(/GET \/items\/2 +200 +0\.040 s .* env1 warm, success/)
    expect(row(3)).toMatch(/GET \/basket +404 +0\.000 s +\{"message":"Not Found"\} +not invoked/)
    expect(row(4)).toMatch(/GET \/legacy +500 .*\{"message":"Internal Server Error"\} +env1 warm, success/)
    expect(row(5)).toMatch(/GET \/report +503 +30\.000 s +\{"message":"Service Unavailable"\} +env1 warm, success, ran 40\.040 s/)
    expect(row(6)).toMatch(/REST API {2}GET \/prod\/legacy +502 .*\{"message": "Internal server error"\} +env2 cold/)
    expect(row(7)).toMatch(/REST API {2}GET \/prod\/report +504 +29\.000 s +\{"message": "Endpoint request timed out"\}/)
    expect(text).toContain('Totals: 7 requests, 6 invocations (2 cold starts), 2 answered 2xx;')
    expect(virtualMs).toBe(71_700)
  })

  it('runGatewayScenario - two runs print the same story', async () => {
    expect((await runGatewayScenario()).text).toBe((await runGatewayScenario()).text)
  })

  it('runAllDemos - prints scenario 6 after scenario 5', async () => {
    const text = await runAllDemos()
    expect(text.indexOf(SCENARIO_6_HEADER)).toBeGreaterThan(text.indexOf(SCENARIO_5_HEADER))
    expect(DEMO_STORIES.map((s) => s.name)).toEqual(['basics', 'routing', 'concurrency', 'async', 'sqs', 'http-api'])
    expect(text).toMatch(new RegExp(`${WALL_CLOCK_PREFIX} \\d+\\.\\d ms real for 71\\.700 s virtual`))
  })
})

describe("npm run demo's report", () => {
  it('recording the timeline changes no story; the report has a section per story with its counts and bill', async () => {
    const plain = await playStories()
    const recorded = await playStories(undefined, undefined, recordingOptions({ report: true, trace: false }))
    expect(recorded.map((r) => r.story.name)).toEqual(DEMO_STORIES.map((s) => s.name))
    expect(recorded.map((r) => stable(r.text))).toEqual(plain.map((r) => stable(r.text)))
    const html = renderReport({ title: 'lambda-sim demo', runs: recorded.map((r) => ({ title: r.story.title, description: r.story.description, simulation: r.simulation })) })
    for (const story of DEMO_STORIES) {
      expect(html).toContain(story.title)
      expect(html).toContain(story.description)
    }
    // The numbers the report shows are the simulations' own: each story's bill is priced from its recording.
    for (const run of recorded) expect(run.simulation.cost().totalUsd).toBeGreaterThan(0)
  })
})
