/** The viewer (placeholder until the canvas viewer lands). */
export const viewerScript = `document.body.dataset.ready = 'true'`
