/**
 * The power-tuning chart, as SVG rendered at build time: average duration per memory size as bars
 * (left axis), cost per invocation as a line (right axis), the cheapest and the fastest marked.
 */
import type { PowerTuningReport } from '../simulation/power-tuning.js'
import { escapeHtml, formatCount } from './html.js'

const WIDTH = 640
const HEIGHT = 260
const PAD = { left: 64, right: 84, top: 24, bottom: 40 }

export function powerTuningHtml(report: PowerTuningReport): string {
  const results = report.results
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const maxDuration = Math.max(1e-9, ...results.map((r) => r.averageDurationMs))
  const maxCost = Math.max(1e-15, ...results.map((r) => r.usdPerInvocation))
  const slot = plotW / Math.max(1, results.length)
  const barW = Math.min(48, slot * 0.6)
  const x = (i: number): number => PAD.left + slot * i + slot / 2
  const yDuration = (ms: number): number => PAD.top + plotH - (ms / maxDuration) * plotH
  const yCost = (usd: number): number => PAD.top + plotH - (usd / maxCost) * plotH
  const parts: string[] = []
  parts.push(`<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${PAD.left + plotW}" y2="${PAD.top + plotH}" class="axis"/>`)
  parts.push(`<text x="${PAD.left - 8}" y="${PAD.top - 8}" class="axis-label" text-anchor="start">avg duration (ms)</text>`)
  parts.push(`<text x="${PAD.left + plotW + 8}" y="${PAD.top - 8}" class="axis-label cost" text-anchor="end">USD / invocation</text>`)
  for (const fraction of [0, 0.5, 1]) {
    const y = PAD.top + plotH - fraction * plotH
    parts.push(`<text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end" class="tick">${round(maxDuration * fraction)}</text>`)
    parts.push(`<text x="${PAD.left + plotW + 6}" y="${y + 4}" text-anchor="start" class="tick cost">${(maxCost * fraction).toExponential(2)}</text>`)
  }
  results.forEach((r, i) => {
    const top = yDuration(r.averageDurationMs)
    const marks = [r === report.cheapest ? 'cheapest' : '', r === report.fastest ? 'fastest' : ''].filter((m) => m !== '')
    const cls = ['bar', ...marks].join(' ')
    parts.push(
      `<rect class="${cls}" x="${(x(i) - barW / 2).toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${(PAD.top + plotH - top).toFixed(1)}"><title>${r.memorySizeMB} MB: ${round(r.averageDurationMs)} ms, $${r.usdPerInvocation.toExponential(3)} per invocation</title></rect>`,
    )
    parts.push(`<text x="${x(i).toFixed(1)}" y="${PAD.top + plotH + 16}" text-anchor="middle" class="tick">${r.memorySizeMB} MB</text>`)
    if (marks.length > 0) parts.push(`<text x="${x(i).toFixed(1)}" y="${PAD.top + plotH + 30}" text-anchor="middle" class="mark">${marks.join(' · ')}</text>`)
  })
  const points = results.map((r, i) => `${x(i).toFixed(1)},${yCost(r.usdPerInvocation).toFixed(1)}`).join(' ')
  parts.push(`<polyline points="${points}" class="cost-line"/>`)
  results.forEach((r, i) => parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${yCost(r.usdPerInvocation).toFixed(1)}" r="3.5" class="cost-point"/>`))
  const rows = results.map(
    (r) =>
      `<tr${r === report.cheapest ? ' class="cheapest"' : ''}><td class="num">${r.memorySizeMB} MB</td><td class="num">${formatCount(r.invocations)}</td><td class="num">${round(r.averageDurationMs)} ms</td>` +
      `<td class="num">${round(r.averageBilledDurationMs)} ms</td><td class="num">$${r.usdPerInvocation.toExponential(3)}</td><td>${[r === report.cheapest ? 'cheapest' : '', r === report.fastest ? 'fastest' : ''].filter((m) => m !== '').join(', ')}</td></tr>`,
  )
  return (
    `<h3>Power tuning</h3><p class="note">Cheapest: ${report.cheapest.memorySizeMB} MB · fastest: ${report.fastest.memorySizeMB} MB.</p>` +
    `<svg class="power-tuning" data-testid="power-tuning" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml('duration and cost per memory size')}">${parts.join('')}</svg>` +
    `<table><thead><tr><th>memory</th><th>invocations</th><th>avg duration</th><th>avg billed</th><th>per invocation</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  )
}

function round(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(1)
}
