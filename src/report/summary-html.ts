/**
 * The static parts of a run's section, rendered at build time: the counts, the traffic split of
 * weighted aliases, and the bill. They need no script, so they read the same in any browser.
 */
import type { CostReport } from '../observability/cost.js'
import { escapeHtml, formatCount, formatUsd } from './html.js'
import type { RunCounts, TrafficSplit } from './run-data.js'

/** The counts shown, with the test id each carries (`data-testid="count-<key>"`). */
const COUNTS: readonly { readonly key: keyof RunCounts; readonly label: string; readonly kind?: string }[] = [
  { key: 'invocations', label: 'invocations' },
  { key: 'coldStarts', label: 'cold starts', kind: 'init' },
  { key: 'throttles', label: 'throttles', kind: 'throttle' },
  { key: 'asyncRetries', label: 'async retries', kind: 'retry' },
  { key: 'errors', label: 'errors', kind: 'error' },
  { key: 'timeouts', label: 'timeouts', kind: 'timeout' },
  { key: 'crashes', label: 'crashes', kind: 'crash' },
  { key: 'environments', label: 'environments' },
  { key: 'resets', label: 'resets' },
  { key: 'reclaimed', label: 'reclaimed' },
]

export function countsHtml(counts: RunCounts, totalUsd: number | undefined): string {
  const items = COUNTS.map(
    (c) => `<div class="count${c.kind !== undefined ? ` k-${c.kind}` : ''}"><span class="n" data-testid="count-${c.key}">${formatCount(counts[c.key])}</span><span class="l">${c.label}</span></div>`,
  )
  if (totalUsd !== undefined) items.push(`<div class="count"><span class="n" data-testid="count-cost">${formatUsd(totalUsd)}</span><span class="l">cost</span></div>`)
  const notes: string[] = []
  if (counts.inFlight > 0) notes.push(`${formatCount(counts.inFlight)} invocation(s) were still running when the report was built: they are not drawn.`)
  if (counts.asyncAccepted > 0) notes.push(`${formatCount(counts.asyncAccepted)} asynchronous event(s) accepted, ${formatCount(counts.asyncFailed)} failed for good.`)
  return `<div class="counts">${items.join('')}</div>${notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('')}`
}

export function trafficHtml(splits: readonly TrafficSplit[]): string {
  if (splits.length === 0) return ''
  const tables = splits.map((s) => {
    const total = s.observed.reduce((n, o) => n + o.invocations, 0)
    const versions = [...new Set([...s.configured.map((c) => c.version), ...s.observed.map((o) => o.version)])]
    const rows = versions.map((version) => {
      const weight = s.configured.find((c) => c.version === version)?.weight ?? 0
      const n = s.observed.find((o) => o.version === version)?.invocations ?? 0
      const share = total === 0 ? 0 : n / total
      return (
        `<tr data-version="${escapeHtml(version)}"><td>${escapeHtml(version)}</td><td class="num">${(weight * 100).toFixed(1)}%</td>` +
        `<td class="num" data-testid="traffic-count">${formatCount(n)}</td><td class="num" data-testid="traffic-share">${(share * 100).toFixed(1)}%</td>` +
        `<td class="bar"><span style="width:${(share * 100).toFixed(1)}%"></span></td></tr>`
      )
    })
    const changed = s.weightChanges > 0 ? ` <span class="note">(weights changed ${s.weightChanges} time(s); configured shows the last)</span>` : ''
    return (
      `<div class="traffic" data-alias="${escapeHtml(`${s.functionName}:${s.alias}`)}"><h4>${escapeHtml(s.functionName)}:${escapeHtml(s.alias)} — ${formatCount(total)} invocations${changed}</h4>` +
      `<table><thead><tr><th>version</th><th>configured</th><th>invocations</th><th>observed</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
    )
  })
  return `<h3>Traffic split of weighted aliases</h3>${tables.join('')}`
}

export function costHtml(cost: CostReport | string): string {
  if (typeof cost === 'string') return `<h3>Cost</h3><p class="note">${escapeHtml(cost)}</p>`
  const rows = cost.lineItems.map(
    (i) =>
      `<tr><td>${escapeHtml(i.functionName)}</td><td>${escapeHtml(i.version)}</td><td>${i.architecture}</td><td class="num">${i.memorySizeMB} MB</td>` +
      `<td>${i.item}</td><td class="num">${i.unit === 'requests' ? formatCount(i.quantity) : i.quantity.toFixed(3)} ${i.unit}</td><td class="num">${formatUsd(i.usd)}</td></tr>`,
  )
  return (
    `<h3>Cost <span class="note">${escapeHtml(cost.region)}, prices as of ${escapeHtml(cost.pricesAsOf)}${cost.freeTierApplied ? ', free tier applied' : ', no free tier'}</span></h3>` +
    `<table class="cost"><thead><tr><th>function</th><th>version</th><th>arch</th><th>memory</th><th>item</th><th>quantity</th><th>USD</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody><tfoot><tr><td colspan="6">total</td><td class="num" data-testid="cost-total">${formatUsd(cost.totalUsd)}</td></tr></tfoot></table>` +
    `<p class="note">Left out: ${escapeHtml(cost.leftOut.join('; '))}.</p>`
  )
}
