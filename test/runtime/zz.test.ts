import { it } from 'vitest'
import { createSimulation } from '../../src/index.js'
it('spike', async () => {
  const s = createSimulation({ seed: 7, recordEvents: true })
  s.on('*', (e) => console.log(e.type, (e as any).what ?? ''))
  s.createFunction({
    functionName: 'f',
    code: (_e: unknown, context: any, callback: any) => {
      callback(null, 'from-callback')
      return context.sleep(10).then(() => 'from-promise')
    },
  })
  const r = await s.invoke({ functionName: 'f' })
  console.log(r.payload)
  await s.advance('1s')
})
