/**
 * `renderReport`: one self-contained HTML file for one or more recorded runs — a timeline with a
 * lane per execution environment, throttles and retries, concurrency against the limits, the
 * traffic split of weighted aliases, the bill, power tuning, and each invocation's log lines on
 * click. No network: the viewer's script, its styles and the data are all inline.
 *
 * The data (`run-data.ts`) is one JSON part and binary sections of varints, deflated and written
 * as base64; the viewer inflates it with the browser's `DecompressionStream`. Same runs ⇒ same
 * bytes: nothing in the file depends on the machine or the time of building.
 */
import { deflateRawSync } from 'node:zlib'
import { SimulationError } from '../kernel/simulation-error.js'
import type { PowerTuningReport } from '../simulation/power-tuning.js'
import type { Simulation } from '../simulation/simulation.js'
import { ByteWriter } from './byte-writer.js'
import { escapeHtml } from './html.js'
import { powerTuningHtml } from './power-tuning-chart.js'
import { runData, type RunMeta } from './run-data.js'
import { costHtml, countsHtml, trafficHtml } from './summary-html.js'
import { viewerScript } from './viewer-script.js'
import { viewerStyle } from './viewer-style.js'

export interface ReportRun {
  readonly title: string
  /** Created with `recordTimeline: true`. */
  readonly simulation: Simulation
  /** A `powerTune()` result, drawn as a chart in this run's section. */
  readonly powerTuning?: PowerTuningReport
  readonly description?: string
}

export interface ReportInput {
  /** The page's title (default `lambda-sim report`). */
  readonly title?: string
  readonly runs: readonly ReportRun[]
}

/** The whole HTML document. Each run's simulation must have been created with `recordTimeline: true`. */
export function renderReport(input: ReportInput): string {
  if (input === null || typeof input !== 'object' || !Array.isArray(input.runs) || input.runs.length === 0) {
    throw new SimulationError('invalid-argument', 'renderReport: pass { runs: [{ title, simulation }] } with at least one run', 'seed=?')
  }
  const title = input.title ?? 'lambda-sim report'
  const bytes = new ByteWriter()
  const metas: RunMeta[] = []
  const sections: string[] = []
  input.runs.forEach((run, index) => {
    const { meta, summary } = runData(run.simulation, run.title, run.description ?? '', bytes)
    metas.push(meta)
    const totalUsd = typeof summary.cost === 'string' ? undefined : summary.cost.totalUsd
    sections.push(
      `<section class="run" data-run="${index}"${index === 0 ? '' : ' hidden'}>` +
        `<h2>${escapeHtml(run.title)}</h2>${run.description !== undefined ? `<p class="description">${escapeHtml(run.description)}</p>` : ''}` +
        `<p class="note">seed ${escapeHtml(String(run.simulation.seed))} · ${escapeHtml(run.simulation.region)}</p>` +
        countsHtml(summary.counts, totalUsd) +
        `<div class="timeline" data-testid="timeline"><div class="toolbar"><button data-act="zoom-in" title="zoom in">+</button><button data-act="zoom-out" title="zoom out">−</button>` +
        `<button data-act="busy" title="from the start to the last invocation">busy part</button><button data-act="reset" title="from the start to the end of the run">whole run</button><span class="range"></span><span class="legend">` +
        legend() +
        `</span></div><div class="lanes-scroll"><canvas class="lanes" role="img" aria-label="timeline: one lane per execution environment"></canvas></div></div>` +
        `<div class="concurrency"><div class="toolbar"><label>concurrency of <select class="fn-select"></select></label><span class="limits"></span></div><canvas class="chart" role="img" aria-label="concurrency over time against its limits"></canvas></div>` +
        `<div class="details" data-testid="details"><p class="note">Click an invocation (or an init phase) in the timeline to see its log lines. Scroll to zoom, drag to pan.</p></div>` +
        trafficHtml(summary.traffic) +
        costHtml(summary.cost) +
        (run.powerTuning !== undefined ? powerTuningHtml(run.powerTuning) : '') +
        `</section>`,
    )
  })
  const json = Buffer.from(JSON.stringify(metas), 'utf8')
  const binary = bytes.view()
  const header = Buffer.alloc(4)
  header.writeUInt32LE(json.length, 0)
  const payload = deflateRawSync(Buffer.concat([header, json, binary]), { level: 6 }).toString('base64')
  const tabs =
    input.runs.length > 1
      ? `<nav class="tabs">${input.runs.map((run, i) => `<button data-tab="${i}"${i === 0 ? ' class="active"' : ''}>${escapeHtml(run.title)}</button>`).join('')}</nav>`
      : ''
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="generator" content="lambda-sim"><title>${escapeHtml(title)}</title><style>${viewerStyle}</style></head>` +
    `<body><header><h1>${escapeHtml(title)}</h1>${tabs}</header><main>${sections.join('')}</main>` +
    `<script type="application/octet-stream" id="report-data">${payload}</script>` +
    `<script>${viewerScript}</script></body></html>\n`
  )
}

function legend(): string {
  const items: [string, string][] = [
    ['init', 'init (cold start)'],
    ['warm', 'invocation'],
    ['provisioned', 'on provisioned'],
    ['error', 'error'],
    ['timeout', 'timeout'],
    ['crash', 'crash'],
    ['throttle', 'throttle'],
    ['retry', 'async retry'],
  ]
  return items.map(([kind, label]) => `<span class="key k-${kind}"><i></i>${label}</span>`).join('')
}
