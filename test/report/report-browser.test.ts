/**
 * The report in a real browser (headless Chromium, test/report/browser.ts): it loads from a file
 * with no console errors and no network, shows the known scenario's lanes and counts, the traffic
 * split, each invocation's log lines on click, and its layout matches the committed screenshot.
 *
 * The screenshot baseline is test/report/__screenshots__/known-scenario.png; after an intended
 * change of the layout, regenerate it with `UPDATE_SCREENSHOTS=1 npx vitest run test/report/report-browser.test.ts`
 * and look at it before committing.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSimulation, powerTune, renderReport, type InvocationStartedEvent, type LambdaContext, type Simulation } from '../../src/index.js'
import { launchChromium } from './browser.js'
import { knownScenario } from './scenario.js'

const here = dirname(fileURLToPath(import.meta.url))
const BASELINE = join(here, '__screenshots__', 'known-scenario.png')
const VIEWPORT = { width: 1200, height: 900 }

let browser: Browser
let sim: Simulation
let reportUrl: string
const scratch = mkdtempSync(join(tmpdir(), 'lambda-sim-report-'))

beforeAll(async () => {
  browser = await launchChromium()
  sim = await knownScenario({ recordEvents: true })
  const file = join(scratch, 'known.html')
  writeFileSync(file, renderReport({ title: 'Known scenario', runs: [{ title: 'known scenario', simulation: sim, description: 'A weighted alias, throttles, a timeout and async retries.' }] }))
  reportUrl = pathToFileURL(file).href
})

afterAll(async () => {
  await browser?.close()
})

interface Loaded {
  readonly page: Page
  readonly problems: string[]
  readonly requests: string[]
}

/** Opens a report file; every console error or warning, page error and non-file request is collected. */
async function open(url: string): Promise<Loaded> {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 })
  const problems: string[] = []
  const requests: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  await page.route('**/*', async (route) => {
    const requested = route.request().url()
    if (requested.startsWith('file:') || requested.startsWith('data:') || requested.startsWith('blob:')) return route.continue()
    requests.push(requested)
    return route.abort()
  })
  await page.goto(url)
  // Page code as text: the tests compile without the DOM's types.
  await page.waitForFunction('document.body.dataset.ready !== undefined')
  return { page, problems, requests }
}

/** A count shown in the visible run's section (thousands separators dropped). */
const shown = async (page: Page, testId: string): Promise<number> =>
  Number(((await page.locator(`section.run:not([hidden]) [data-testid="${testId}"]`).first().textContent()) ?? '').replace(/,/g, ''))

describe('the HTML report in Chromium', () => {
  it('loads with no console errors and asks the network for nothing', async () => {
    const { page, problems, requests } = await open(reportUrl)
    expect(await page.evaluate('document.body.dataset.ready')).toBe('true')
    expect(problems).toEqual([])
    expect(requests).toEqual([])
    await page.close()
  })

  it("shows a lane per environment and the simulation's counts", async () => {
    const { page } = await open(reportUrl)
    const events = sim.events()
    const completed = events.filter((e) => e.type === 'invocation.completed')
    const section = page.locator('section.run').first()
    expect(Number(await section.getAttribute('data-lanes'))).toBe(events.filter((e) => e.type === 'environment.created').length)
    expect(Number(await section.getAttribute('data-invocations'))).toBe(completed.length)
    expect(Number(await section.getAttribute('data-throttles'))).toBe(events.filter((e) => e.type === 'invocation.throttled').length)
    expect(Number(await section.getAttribute('data-retries'))).toBe(events.filter((e) => e.type === 'async.retryScheduled').length)
    expect(await shown(page, 'count-invocations')).toBe(completed.length)
    expect(await shown(page, 'count-coldStarts')).toBe(completed.filter((e) => e.type === 'invocation.completed' && e.coldStart).length)
    expect(await shown(page, 'count-throttles')).toBe(events.filter((e) => e.type === 'invocation.throttled').length)
    expect(await shown(page, 'count-asyncRetries')).toBe(events.filter((e) => e.type === 'async.retryScheduled').length)
    expect(await shown(page, 'count-errors')).toBe(completed.filter((e) => e.type === 'invocation.completed' && e.status === 'error').length)
    expect(await shown(page, 'count-timeouts')).toBe(completed.filter((e) => e.type === 'invocation.completed' && e.status === 'timeout').length)
    expect(await shown(page, 'count-environments')).toBe(events.filter((e) => e.type === 'environment.created').length)
    // Reserved concurrency 3 on api: the chart for api never shows more, and names the limit.
    await section.locator('.fn-select').selectOption({ label: 'api' })
    expect(Number(await section.getAttribute('data-peak-concurrency'))).toBe(3)
    expect(await section.locator('.concurrency .limits').textContent()).toContain('reserved 3')
    await page.close()
  })

  it('shows the traffic split of the weighted alias as the simulation routed it', async () => {
    const { page } = await open(reportUrl)
    const viaAlias = sim.events().filter((e): e is InvocationStartedEvent => e.type === 'invocation.started' && e.invokedQualifier === 'live')
    const split = page.locator('[data-alias="api:live"]')
    for (const version of ['1', '2']) {
      const row = split.locator(`tr[data-version="${version}"]`)
      const routed = viaAlias.filter((e) => e.version === version).length
      expect(routed).toBeGreaterThan(0)
      expect(Number(await row.locator('[data-testid="traffic-count"]').textContent())).toBe(routed)
      expect(await row.locator('[data-testid="traffic-share"]').textContent()).toBe(`${((routed / viaAlias.length) * 100).toFixed(1)}%`)
    }
    await page.close()
  })

  it("shows an invocation's log lines when it is clicked", async () => {
    const { page, problems } = await open(reportUrl)
    const failed = sim.events().find((e) => e.type === 'invocation.completed' && e.status === 'error')
    if (failed?.type !== 'invocation.completed') throw new Error('the scenario has a failed invocation')
    // The failed worker attempt: find its index in the viewer, then click where it is drawn.
    const index = await page.evaluate((startedAtMs) => {
      const report = (globalThis as unknown as { lambdaSimReport: { runs: { run: { start: Float64Array; flags: Uint8Array; meta: { startMs: number } } }[] } }).lambdaSimReport
      const run = report.runs[0]?.run
      if (run === undefined) return -1
      const startUs = Math.round((startedAtMs - run.meta.startMs) * 1000)
      return run.start.findIndex((s, k) => s === startUs && ((run.flags[k] as number) & 3) === 1)
    }, failed.startedAtMs)
    expect(index).toBeGreaterThanOrEqual(0)
    const point = await page.evaluate((k) => (globalThis as unknown as { lambdaSimReport: { pointOf(run: number, k: number): { x: number; y: number } } }).lambdaSimReport.pointOf(0, k), index)
    await page.mouse.click(point.x, point.y)
    const details = page.locator('section.run').first().locator('[data-testid="details"]')
    await expect.poll(() => details.locator('[data-testid="log-lines"]').count()).toBe(1)
    const shown = await details.locator('[data-testid="log-lines"]').innerText()
    expect(shown).toContain(`START RequestId: ${failed.requestId}`)
    expect(shown).toContain('worker failed on purpose')
    expect(shown).toContain(`REPORT RequestId: ${failed.requestId}`)
    expect(await details.locator('[data-testid="invocation"]').innerText()).toContain('error (Error)')
    expect(problems).toEqual([])
    await page.close()
  })

  it("shows an init phase's log lines when it is clicked", async () => {
    const { page, problems } = await open(reportUrl)
    // The first lane is api's first environment: its init logged 'connected' outside any request.
    const point = await page.evaluate('lambdaSimReport.pointOfInit(0, 0, 0)')
    const { x, y } = point as { x: number; y: number }
    await page.mouse.click(x, y)
    const details = page.locator('section.run').first().locator('[data-testid="details"]')
    await expect.poll(() => details.locator('[data-testid="init"]').count()).toBe(1)
    const lines = await details.locator('[data-testid="log-lines"]').innerText()
    expect(lines).toContain('INIT_START Runtime Version: ')
    expect(lines).toContain('connected')
    expect(problems).toEqual([])
    await page.close()
  })

  it('says why requests were throttled when the throttle track is clicked', async () => {
    const { page, problems } = await open(reportUrl)
    const first = sim.events().find((e) => e.type === 'invocation.throttled')
    if (first?.type !== 'invocation.throttled') throw new Error('the scenario throttles')
    // The first throttles are at the run's start, where the first view begins.
    const box = await page.locator('section.run').first().locator('canvas.lanes').boundingBox()
    if (box === null) throw new Error('the timeline is not drawn')
    await page.mouse.click(box.x + 151, box.y + 20 + 2 + 7)
    const list = page.locator('section.run').first().locator('[data-testid="throttles"]')
    await expect.poll(() => list.count()).toBe(1)
    expect(await list.innerText()).toContain(`api:live — ${first.reason}`)
    expect(problems).toEqual([])
    await page.close()
  })

  it('zooms with the wheel and the buttons, and pans by dragging', async () => {
    const { page, problems } = await open(reportUrl)
    const section = page.locator('section.run').first()
    const range = section.locator('.timeline .range')
    const canvas = section.locator('canvas.lanes')
    const before = await range.textContent()
    const box = await canvas.boundingBox()
    if (box === null) throw new Error('the timeline is not drawn')
    await page.mouse.move(box.x + box.width / 2, box.y + 60)
    await page.mouse.wheel(0, -400)
    await expect.poll(() => range.textContent()).not.toBe(before)
    const zoomed = await range.textContent()
    // Dragging to the left moves the view later in time.
    await page.mouse.move(box.x + box.width / 2, box.y + 60)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width / 2 - 200, box.y + 60, { steps: 5 })
    await page.mouse.up()
    const panned = await range.textContent()
    expect(panned).not.toBe(zoomed)
    expect(panned?.split(' shown')[0]).toBe(zoomed?.split(' shown')[0]) // the same span, elsewhere
    await section.locator('button[data-act="reset"]').click()
    expect(await range.textContent()).toMatch(/^18(\.\d+)? min shown, from \+0 /)
    expect(problems).toEqual([])
    await page.close()
  })

  it('keeps its layout (screenshot against the committed baseline)', async () => {
    const { page } = await open(reportUrl)
    const shot = PNG.sync.read(await page.screenshot({ fullPage: false }))
    await page.close()
    if (process.env['UPDATE_SCREENSHOTS'] === '1' || !existsSync(BASELINE)) {
      mkdirSync(dirname(BASELINE), { recursive: true })
      writeFileSync(BASELINE, PNG.sync.write(shot))
      if (process.env['UPDATE_SCREENSHOTS'] !== '1') throw new Error(`no baseline screenshot: wrote ${BASELINE}; look at it and commit it`)
      return
    }
    const baseline = PNG.sync.read(readFileSync(BASELINE))
    expect({ width: shot.width, height: shot.height }).toEqual({ width: baseline.width, height: baseline.height })
    const diff = new PNG({ width: shot.width, height: shot.height })
    const differing = pixelmatch(baseline.data, shot.data, diff.data, shot.width, shot.height, { threshold: 0.1 })
    const share = differing / (shot.width * shot.height)
    if (share > 0.001) writeFileSync(join(scratch, 'known-scenario.diff.png'), PNG.sync.write(diff))
    // A tenth of a percent (about 1,000 pixels): room for antialiasing, none for a moved panel or
    // lane (moving the lanes' label column by 20 px changes some 4,600 pixels).
    expect(share, `differs from the baseline in ${differing} pixels; diff written to ${join(scratch, 'known-scenario.diff.png')}`).toBeLessThanOrEqual(0.001)
  })

  it('shows several runs as tabs, with the power-tuning chart', async () => {
    const tuning = await powerTune({
      memorySizes: [128, 512, 1024],
      function: { functionName: 'cpu', code: async (_e: unknown, context: LambdaContext) => void (await context.sleep(40)) },
      workload: async (s, name) => void (await s.invoke({ functionName: name })),
    })
    const empty = createSimulation({ seed: 1, recordTimeline: true })
    const file = join(scratch, 'tabs.html')
    writeFileSync(file, renderReport({ runs: [{ title: 'known', simulation: sim }, { title: 'tuning', simulation: empty, powerTuning: tuning }] }))
    const { page, problems } = await open(pathToFileURL(file).href)
    await page.locator('.tabs button[data-tab="1"]').click()
    const second = page.locator('section.run[data-run="1"]')
    await expect.poll(() => second.isVisible()).toBe(true)
    expect(await second.locator('svg.power-tuning rect.bar').count()).toBe(3)
    expect(await second.locator('svg.power-tuning rect.cheapest').count()).toBe(1)
    expect(await second.getAttribute('data-lanes')).toBe('0')
    expect(problems).toEqual([])
    await page.close()
  })

  it('draws a run of twenty thousand invocations, aggregated when zoomed out', async () => {
    const big = createSimulation({ seed: 7, recordTimeline: true })
    big.createFunction({ functionName: 'f', code: async (_e: unknown, context: LambdaContext) => void (await context.sleep(100)) })
    big.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 20 })
    big.generateLoad({ functionName: 'f', pattern: { kind: 'poisson', ratePerSecond: 210, duration: '100s' } })
    await big.runUntilIdle()
    const file = join(scratch, 'big.html')
    writeFileSync(file, renderReport({ runs: [{ title: 'big', simulation: big }] }))
    const { page, problems } = await open(pathToFileURL(file).href)
    const section = page.locator('section.run').first()
    const completed = await shown(page, 'count-invocations')
    expect(completed).toBeGreaterThan(15_000)
    expect(Number(await section.getAttribute('data-invocations'))).toBe(completed)
    expect(Number(await section.getAttribute('data-throttles'))).toBe(await shown(page, 'count-throttles'))
    await section.locator('button[data-act="zoom-in"]').click()
    await section.locator('button[data-act="reset"]').click()
    expect(Number(await section.getAttribute('data-peak-concurrency'))).toBe(20)
    expect(problems).toEqual([])
    await page.close()
  })
})
