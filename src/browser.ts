/**
 * Find and launch a Chromium-family browser for printing: the
 * `PUPPETEER_EXECUTABLE_PATH` variable, an installed Chrome, Chromium or
 * Edge in the usual places on Linux, macOS and Windows, or a browser that
 * puppeteer downloaded into its cache. kaitei never downloads one itself:
 * city intranets have no internet.
 */
import {existsSync, readdirSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {KaiteiError} from './errors.js'

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
      '/usr/bin/microsoft-edge-stable',
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
        path.win32.join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'),
        path.win32.join(base, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
        path.win32.join(base, 'Chromium', 'Application', 'chrome.exe')
      )
    }
  }
  list.push(...puppeteerCache(platform, env))
  return list
}

/** Browsers puppeteer installed (`npx puppeteer browsers install chrome`), newest first. */
function puppeteerCache(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  const root = env.PUPPETEER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'puppeteer')
  const out: string[] = []
  for (const product of ['chrome', 'chromium', 'chrome-headless-shell']) {
    let versions: string[]
    try {
      versions = readdirSync(path.join(root, product)).sort().reverse()
    } catch {
      continue
    }
    for (const version of versions) {
      const dir = path.join(root, product, version)
      const executable =
        platform === 'win32'
          ? ['chrome-win64/chrome.exe', 'chrome-headless-shell-win64/chrome-headless-shell.exe']
          : platform === 'darwin'
            ? ['chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing', 'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing']
            : ['chrome-linux64/chrome', 'chrome-headless-shell-linux64/chrome-headless-shell', 'chrome-linux/chrome']
      for (const file of executable) out.push(path.join(dir, file))
    }
  }
  return out
}

/**
 * The first browser that exists, or `undefined`. A browser named by
 * `PUPPETEER_EXECUTABLE_PATH` is the only candidate: if it does not exist,
 * that is said, rather than another browser silently used.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PUPPETEER_EXECUTABLE_PATH) return existsSync(env.PUPPETEER_EXECUTABLE_PATH) ? env.PUPPETEER_EXECUTABLE_PATH : undefined
  return browserCandidates(process.platform, env).find((candidate) => existsSync(candidate))
}

/** Why no browser was found, for messages. */
export function browserProblem(env: NodeJS.ProcessEnv = process.env): string {
  return env.PUPPETEER_EXECUTABLE_PATH
    ? 'PUPPETEER_EXECUTABLE_PATH names `' + env.PUPPETEER_EXECUTABLE_PATH + '`, which does not exist'
    : 'no Chromium-family browser found'
}

/** How to get a browser, for the error and the notice when PDFs are skipped. */
export const browserHelp =
  'install Chrome, Edge or Chromium (Debian/Ubuntu: `apt-get install chromium`), or name one with PUPPETEER_EXECUTABLE_PATH'

export class BrowserNotFoundError extends KaiteiError {
  constructor() {
    super('Cannot print PDFs: ' + browserProblem() + '; ' + browserHelp, 'E_NO_BROWSER')
  }
}

/** Arguments for a headless, offline, sandbox-aware launch. */
export function launchArguments(): string[] {
  const args = [
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--font-render-hinting=none'
  ]
  // Chromium refuses to run as root with its sandbox (containers, CI).
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox')
  return args
}

/**
 * Launch the browser for printing: headless, offline, talking to kaitei over
 * a pipe rather than a socket — so that it exits when kaitei does, even
 * when kaitei is killed outright (`kill -9`, a CI time-out) and cannot close
 * it. A browser that does not start is a `KaiteiError` saying which and why.
 */
export async function launchBrowser(executablePath: string, timeout: number, signal?: AbortSignal): Promise<import('puppeteer-core').Browser> {
  const {default: puppeteer} = await import('puppeteer-core')
  // A launch that fails (a program that is no browser, one that never
  // answers) must leave nothing running: aborting the launch makes
  // puppeteer kill the process group it started, whose pipes would keep
  // kaitei alive after its message.
  const launch = new AbortController()
  const stop = () => launch.abort(signal?.reason)
  signal?.addEventListener('abort', stop, {once: true})
  // The launch's own time limit: a program that never answers over the
  // pipe would otherwise be waited for as long as any print may take.
  const limit = Math.min(timeout, launchTimeout)
  let late = false
  const timer = setTimeout(() => {
    late = true
    launch.abort()
  }, limit)
  try {
    return await puppeteer.launch({executablePath, headless: true, pipe: true, args: launchArguments(), timeout: limit, protocolTimeout: timeout, signal: launch.signal})
  } catch (error) {
    launch.abort()
    signal?.throwIfAborted()
    const detail = late ? 'it did not answer within ' + limit / 1000 + ' s' : String((error as Error).message ?? error).split('\n')[0]!.slice(0, 200)
    throw new KaiteiError(
      'Cannot start the browser `' + executablePath + '` to print PDFs (' + detail + '); ' + browserHelp + ', or build HTML only with --format html',
      'E_BROWSER_FAILED',
      {cause: error}
    )
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', stop)
  }
}

/** How long a browser may take to start and answer (a real one: about a second; `KAITEI_LAUNCH_TIMEOUT` in ms, for tests). */
export const launchTimeout = Number(process.env.KAITEI_LAUNCH_TIMEOUT) > 0 ? Number(process.env.KAITEI_LAUNCH_TIMEOUT) : 30_000

/**
 * Close the browser; one that does not answer within a few seconds is
 * killed, so that closing never hangs.
 */
export async function closeBrowser(browser: import('puppeteer-core').Browser): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, 5000)
  })
  await Promise.race([browser.close().catch(() => {}), late])
  clearTimeout(timer)
  const child = browser.process()
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}
