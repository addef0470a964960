/**
 * Find a Chromium-family browser for printing and for tests: the
 * `PUPPETEER_EXECUTABLE_PATH` variable, then installed Chrome, Chromium or
 * Edge in their usual places on Linux, macOS and Windows.
 */
import {existsSync} from 'node:fs'
import path from 'node:path'

export function browserCandidates(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  const list: string[] = []
  if (env.PUPPETEER_EXECUTABLE_PATH) list.push(env.PUPPETEER_EXECUTABLE_PATH)
  if (platform === 'linux') {
    list.push(
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/opt/google/chrome/chrome',
      '/usr/bin/microsoft-edge',
      '/snap/bin/chromium'
    )
  } else if (platform === 'darwin') {
    list.push(
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'
    )
  } else if (platform === 'win32') {
    for (const base of [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env.LOCALAPPDATA]) {
      if (!base) continue
      list.push(
        path.join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'),
        path.join(base, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
        path.join(base, 'Chromium', 'Application', 'chrome.exe')
      )
    }
  }
  return list
}

/** The first browser that exists, or `undefined`. */
export function findBrowser(): string | undefined {
  return browserCandidates().find((candidate) => existsSync(candidate))
}
