import { dirname } from 'node:path'
import { defineConfig, type Options } from 'tsup'

/**
 * zod's `z.locales` re-exports its ~40 message locales (≈ 370 KB of the bundle); lambda-sim speaks
 * English only (zod's default, `en`) and never reads `z.locales`, so the bundled copy keeps `en`
 * alone: less code for Node to parse at every `import('lambda-sim')` (issue 19).
 */
const zodEnglishOnly: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: dirname(args.path),
      loader: 'js',
    }))
  },
}

export default defineConfig([
  {
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    // Declarations marked @internal (constructors the simulation calls, the engine's hooks on the
    // stores) stay out of the public types, so they name no kernel, bus or engine type.
    dts: { compilerOptions: { stripInternal: true } },
    // The command line (next config) builds beside this one at the same time: cleaning keeps its files.
    clean: ['!cli.js', '!cli.js.map'],
    // Code splitting for CommonJS too (esbuild splits ESM only; tsup converts the split ESM to CJS):
    // index.cjs and testing.cjs then require one shared chunk, so `lambda-sim` and
    // `lambda-sim/testing` share one copy of the library — one `Simulation` class, one
    // `SimulationError` — in a CommonJS consumer as they already do in an ESM one.
    splitting: true,
    sourcemap: true,
    target: 'node20',
    // nanoid ships ESM only; bundling it keeps `require('lambda-sim')` working on every Node 20.
    // zod and eventemitter3 are bundled for import time (issue 19): zod as ≈ 80 ES module files
    // costs ≈ 70 ms to load, one bundled copy ≈ 30 ms; eventemitter3's CommonJS-behind-ESM wrapper
    // ≈ 10 ms. (Both stay in `dependencies`: the declarations still name zod's types.)
    noExternal: ['nanoid', 'zod', 'eventemitter3'],
    external: ['vitest', 'fast-check'],
    // `import.meta.url` in the CommonJS build (kernel/load-on-first-use.ts resolves from it).
    shims: true,
    esbuildPlugins: [zodEnglishOnly],
  },
  // The `lambda-sim` command (package.json `bin`): ESM only, no declarations; tsup keeps the
  // entry's `#!/usr/bin/env node` line and makes the file executable. It bundles the demo stories
  // (demo/, which are not part of the library's API) and its own copy of the library.
  {
      entry: { cli: 'demo/bin.ts' },
      format: ['esm'],
      clean: false,
      sourcemap: true,
      target: 'node20',
      noExternal: ['nanoid', 'zod', 'eventemitter3'],
      shims: true,
      esbuildPlugins: [zodEnglishOnly],
    },
  ])
