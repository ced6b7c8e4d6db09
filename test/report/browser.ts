/**
 * A real headless Chromium for the report's browser tests: Debian's `chromium` package at
 * /usr/bin/chromium, driven by playwright-core (which downloads no browser of its own). CI's
 * `.ci/run` installs the package when it is missing; a machine without it fails these tests with a
 * message that says how to get it.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM_PATH = process.env['LAMBDA_SIM_CHROMIUM'] ?? '/usr/bin/chromium'

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The same pixels on every run: no font hinting or subpixel differences from the machine's settings.
  '--font-render-hinting=none',
  '--force-color-profile=srgb',
]

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The report's browser tests need Chromium at ${CHROMIUM_PATH}, and it is not there. ` +
        'Install it with `apt-get install -y chromium` (Debian; .ci/run does this on CI), or point LAMBDA_SIM_CHROMIUM at a Chromium binary.',
    )
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS })
}
