/** The report's styles (inline in the page). Colours of the timeline's kinds match the viewer's. */
export const viewerStyle = `
*{box-sizing:border-box}
body{margin:0;font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d2330;background:#f6f7f9}
header{background:#232f3e;color:#fff;padding:10px 16px}
header h1{margin:0;font-size:17px;font-weight:600}
.tabs{margin-top:8px;display:flex;gap:6px;flex-wrap:wrap}
.tabs button{background:#37475a;color:#fff;border:0;border-radius:3px;padding:4px 10px;cursor:pointer;font:inherit}
.tabs button.active{background:#ff9900;color:#111}
main{padding:8px 16px 32px}
h2{font-size:16px;margin:12px 0 2px}
h3{font-size:14px;margin:18px 0 6px}
h4{font-size:13px;margin:10px 0 4px;font-weight:600}
.note{color:#5f6b7a;font-size:12px;margin:2px 0}
.description{margin:2px 0 6px}
.counts{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.count{background:#fff;border:1px solid #d5dbe3;border-radius:4px;padding:4px 10px;min-width:84px}
.count .n{display:block;font-size:17px;font-weight:600;font-variant-numeric:tabular-nums}
.count .l{color:#5f6b7a;font-size:11px}
.count.k-error .n,.count.k-crash .n{color:#c62828}.count.k-timeout .n{color:#e65100}.count.k-throttle .n{color:#ad1457}.count.k-init .n{color:#6a1b9a}.count.k-retry .n{color:#ef6c00}
.timeline,.concurrency,.details{background:#fff;border:1px solid #d5dbe3;border-radius:4px;margin:8px 0}
.toolbar{display:flex;align-items:center;gap:6px;padding:4px 6px;border-bottom:1px solid #e6e9ee;flex-wrap:wrap}
.toolbar button{font:inherit;padding:1px 8px;border:1px solid #b8c0cc;background:#f3f5f8;border-radius:3px;cursor:pointer}
.toolbar .range{color:#5f6b7a;font-variant-numeric:tabular-nums;margin-left:4px}
.legend{margin-left:auto;display:flex;gap:8px;flex-wrap:wrap}
.key{display:inline-flex;align-items:center;gap:3px;font-size:11px;color:#3c4654}
.key i{display:inline-block;width:10px;height:10px;border-radius:2px}
.k-init i{background:#8e44ad}.k-warm i{background:#3b7dd8}.k-provisioned i{background:#17a398}.k-error i{background:#d32f2f}.k-timeout i{background:#f57c00}.k-crash i{background:#7b1010}.k-throttle i{background:#d81b60}.k-retry i{background:#ffa000}
.lanes-scroll{max-height:560px;overflow-y:auto;overflow-x:hidden}
canvas{display:block;width:100%}
canvas.lanes{cursor:crosshair}
.details{padding:6px 10px;min-height:60px}
.details dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px;margin:4px 0}
.details dt{color:#5f6b7a}.details dd{margin:0;font-variant-numeric:tabular-nums}
.log{font:12px/1.45 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;background:#0f1720;color:#d7e0ea;padding:6px 8px;border-radius:3px;white-space:pre-wrap;word-break:break-all;max-height:320px;overflow:auto;margin:6px 0}
.log .t{color:#7f8fa3}
table{border-collapse:collapse;background:#fff;border:1px solid #d5dbe3;margin:4px 0}
th,td{padding:3px 10px;border-bottom:1px solid #eceff3;text-align:left;font-variant-numeric:tabular-nums}
th{background:#f0f2f5;font-weight:600;font-size:12px}
td.num{text-align:right}
td.bar{width:160px}td.bar span{display:block;height:10px;background:#3b7dd8;border-radius:2px}
tfoot td{font-weight:600}
tr.cheapest td{background:#fff8e1}
svg.power-tuning{background:#fff;border:1px solid #d5dbe3;border-radius:4px;display:block;margin:4px 0;max-width:100%;height:auto}
svg .axis{stroke:#8a94a3}svg .tick{font-size:10px;fill:#5f6b7a}svg .axis-label{font-size:11px;fill:#3c4654}
svg .bar{fill:#9dbce8}svg .bar.fastest{fill:#3b7dd8}svg .bar.cheapest{stroke:#ff9900;stroke-width:3}
svg .cost-line{fill:none;stroke:#ff9900;stroke-width:2}svg .cost-point{fill:#ff9900}svg .cost{fill:#b26a00}svg .mark{font-size:10px;fill:#1d2330;font-weight:600}
`
