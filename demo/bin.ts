#!/usr/bin/env node
/**
 * The entry of the `lambda-sim` command (package.json `bin` → dist/cli.js; `npm run demo` runs it
 * with tsx). Only this file runs anything on import: bundled into one file, every module shares
 * one `import.meta.url`, so no other demo module may guard a "main" block with it.
 */
import { runCli } from './cli.js'

process.exitCode = await runCli(process.argv.slice(2))
