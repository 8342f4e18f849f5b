// Playwright drives Debian's Chromium: browser downloads are impossible here, so the test
// command installs the distribution's package when it is missing (as root, like CI).
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const chromium = process.env.CANOPY_CHROMIUM ?? '/usr/bin/chromium'
if (!existsSync(chromium)) {
  if (process.getuid?.() !== 0) {
    console.error(`${chromium} is missing; install Debian's chromium (apt-get install chromium) or set CANOPY_CHROMIUM.`)
    process.exit(1)
  }
  console.log('Installing Debian chromium for the end-to-end tests...')
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' })
}
