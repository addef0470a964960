#!/usr/bin/env node
/**
 * The `kaitei` command: parses arguments and calls the library. Nothing
 * here knows how a policy is rendered.
 */
import {readFileSync, realpathSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {Command, CommanderError, InvalidArgumentError, Option} from '@commander-js/extra-typings'
import type {VFileMessage} from 'vfile-message'
import {KaiteiContext} from './context.js'
import {explainError, KaiteiError, KaiteiProblemsError} from './errors.js'
import {countMessages, formatMessage, formatSummary, messageRecords, sarifLog, sortMessages} from './report.js'

const formats = ['html', 'pdf'] as const

/**
 * A comma-separated list of `allowed` values: each one known, at least one,
 * none twice. An unknown or empty value is an error naming the allowed ones.
 */
function listOf<const T extends string>(allowed: readonly T[], what: string) {
  return (value: string): T[] => {
    const items = value.split(',').map((d) => d.trim())
    if (items.length === 0 || items.some((d) => d === '')) throw new InvalidArgumentError('Expected a comma-separated list of ' + what + ' (' + allowed.join(', ') + '), got `' + value + '`.')
    for (const item of items) {
      if (!(allowed as readonly string[]).includes(item)) throw new InvalidArgumentError('Unknown ' + what + ' `' + item + '`, expected one of ' + allowed.join(', ') + '.')
    }
    if (new Set(items).size !== items.length) throw new InvalidArgumentError('Expected each ' + what + ' once, got `' + value + '`.')
    return items as T[]
  }
}

/** `new,old` or `old,new`: both columns, each once. */
function columnsOf(value: string): Array<'new' | 'old'> {
  const columns = listOf(['new', 'old'] as const, 'column')(value)
  if (columns.length !== 2) throw new InvalidArgumentError('Expected both columns, `new,old` or `old,new`, got `' + value + '`.')
  return columns
}

/** `改正案,現行`: the labels of the new and the old column, both given. */
function labelsOf(value: string): {new: string; old: string} {
  const parts = value.split(',').map((d) => d.trim())
  if (parts.length !== 2 || parts.some((d) => d === '')) throw new InvalidArgumentError('Expected two labels, the new column\'s then the old one\'s (`改正案,現行`), got `' + value + '`.')
  return {new: parts[0]!, old: parts[1]!}
}

/** A time limit in seconds, more than zero. */
function secondsOf(value: string): number {
  const seconds = Number(value)
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('Expected a number of seconds above 0, got `' + value + '`.')
  return seconds
}

/** What one run of the CLI learns as it goes: set by Ctrl+C, whatever the command fails with after that, it was cancelled. */
export interface CliRun {
  cancelled?: KaiteiError
}

export function createCli(run: CliRun = {}) {
  const program = new Command('kaitei')
    .description('Publish versioned policy documents from Markdown in git')
    .version(packageVersion(), '-V, --version', 'print the version of kaitei')
    .showHelpAfterError()
    // `kaitei audit --format csv` and `kaitei audit acks --format json`: each command's options after its own name.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({outputError: (text, write) => write(text)})

  program
    .command('build')
    .description('build the editions of the publication into the output folder')
    .option('-c, --config <file>', 'publication config', 'kaitei.yaml')
    .option('-o, --out <dir>', 'output folder (default: build/ next to the config)')
    .addOption(new Option('-f, --format <formats>', 'comma-separated output formats: ' + formats.join(', ') + ' (default: both)').argParser(listOf(formats, 'format')))
    .option('-w, --watermark <text>', 'watermark on every page of non-public PDF editions, e.g. "配布先: 総務課"')
    .option('--at <date>', 'render the editions as in force on a date (ISO or 和暦), from git')
    .option('--all-versions', 'also write every recorded version and a history page per edition')
    .option('-a, --audience <name>', 'build only this audience (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .addOption(new Option('--print-timeout <seconds>', 'time limit for loading the browser and for each print (default: 120)').argParser(secondsOf))
    .option('-q, --quiet', 'print only problems')
    .option('--cache <dir>', 'persistent cache folder (default: node_modules/.cache/kaitei of the project, or KAITEI_CACHE)')
    .option('--no-cache', 'neither read nor write the persistent cache')
    .action(async (options) => {
      const requested = options.format ?? [...formats]
      const signal = cancelOnInterrupt('Build cancelled', run)
      const started = performance.now()
      // Commands load their modules lazily: `--help` stays instant.
      const {build} = await import('./publish/build.js')
      const result = await build({
        config: options.config,
        out: options.out,
        formats: requested,
        formatsExplicit: options.format !== undefined,
        printTimeout: options.printTimeout !== undefined ? options.printTimeout * 1000 : undefined,
        watermark: options.watermark,
        at: options.at,
        allVersions: options.allVersions,
        audiences: options.audience,
        signal,
        context: contextOf(options.cache),
        onProgress: options.quiet ? undefined : (line) => process.stderr.write('kaitei: ' + line + '\n')
      })
      printMessages(result.messages)
      for (const notice of result.notices) process.stderr.write('kaitei: ' + notice + '\n')
      if (!options.quiet) {
        const seconds = ((performance.now() - started) / 1000).toFixed(2)
        for (const edition of result.editions) {
          if (requested.includes('html')) process.stdout.write('built ' + edition.audience + ' → ' + edition.dir + '/index.html\n')
          if (edition.pdf) process.stdout.write('built ' + edition.audience + ' → ' + edition.pdf.path + ' (' + edition.pdf.pages + ' pages)\n')
        }
        if (result.versions.length > 0) {
          // The version in force is not a past one: say which it is.
          const keys = [...new Set(result.versions.map((d) => d.key))]
          const inForce = new Set(result.versions.filter((d) => d.inForce).map((d) => d.key))
          const past = keys.filter((d) => !inForce.has(d))
          const parts = [
            ...(past.length > 0 ? [past.length + ' past version' + (past.length === 1 ? '' : 's') + ' (' + past.join(', ') + ')'] : []),
            ...(inForce.size > 0 ? ['the version in force (' + [...inForce].join(', ') + ')'] : [])
          ]
          process.stdout.write('built ' + parts.join(' and ') + ', and history.html for each edition\n')
        }
        process.stdout.write('done in ' + seconds + ' s\n')
      }
    })

  program
    .command('check')
    .description('check config, front matter, dates, numbering and directives without writing anything')
    .option('-c, --config <file>', 'publication config', 'kaitei.yaml')
    .option('--leaks [dir]', 'also search an existing build for text withheld from each edition (default dir: build)')
    .addOption(new Option('--format <format>', 'text (default), json (for tools) or sarif (SARIF 2.1.0, for code scanning)').choices(['text', 'json', 'sarif'] as const).default('text' as const))
    .option('--cache <dir>', 'persistent cache folder (default: node_modules/.cache/kaitei of the project, or KAITEI_CACHE)')
    .option('--no-cache', 'neither read nor write the persistent cache')
    .action(async (options) => {
      const signal = cancelOnInterrupt('Check cancelled', run)
      const {checkPublication} = await import('./check.js')
      const leaks = options.leaks === true ? 'build' : options.leaks || undefined
      const result = await checkPublication({config: options.config, leaks, signal, context: contextOf(options.cache)})
      if (options.format === 'json') process.stdout.write(JSON.stringify(messageRecords(result.messages), null, 2) + '\n')
      else if (options.format === 'sarif') process.stdout.write(JSON.stringify(sarifLog(result.messages, {version: packageVersion()}), null, 2) + '\n')
      else {
        printMessages(result.messages)
        process.stdout.write(formatSummary(countMessages(result.messages)) + '\n')
      }
      if (result.failed) process.exitCode = 1
    })

  program
    .command('diff')
    .description('compare two versions: amendment dates (ISO or 和暦), git refs or `worktree`')
    .argument('<from>', 'older version')
    .argument('<to>', 'newer version')
    .option('-c, --config <file>', 'publication config', 'kaitei.yaml')
    .option('-a, --audience <name>', 'compare as this edition sees the text (default: everything)')
    .addOption(new Option('-f, --format <format>', 'json, text, md, aratame (改め文), html (redline) or table (新旧対照表 and 改め文 pages)').choices(['json', 'text', 'md', 'aratame', 'html', 'table']).default('text'))
    .option('-o, --out <path>', 'file for json/text/md/aratame (default: stdout); folder for html/table (default: diff)')
    .addOption(new Option('--columns <order>', 'table columns: new,old (default) or old,new').argParser(columnsOf))
    .addOption(new Option('--labels <labels>', 'table: column labels, new then old (default: 改正後,改正前 or 改定後,改定前, by the history)').argParser(labelsOf))
    .option('--remarks', 'table: add a 備考 column')
    .addOption(new Option('--print-timeout <seconds>', 'table: time limit for loading the browser and for each print (default: 120)').argParser(secondsOf))
    .option('--cache <dir>', 'persistent cache folder (default: node_modules/.cache/kaitei of the project, or KAITEI_CACHE)')
    .option('--no-cache', 'neither read nor write the persistent cache')
    .action(async (from, to, options) => {
      const signal = cancelOnInterrupt('Diff cancelled', run)
      const {diffVersions} = await import('./diff/diff-versions.js')
      const context = contextOf(options.cache)
      const diff = await diffVersions({config: options.config, from, to, audience: options.audience, signal, context})
      const {loadConfig} = await import('./config/load-config.js')
      const {config} = await loadConfig(options.config)
      if (!config) return
      if (options.format === 'html' || options.format === 'table') {
        const {writeDiffPages} = await import('./diff/diff-output.js')
        const result = await writeDiffPages(diff, config, {
          format: options.format,
          dir: options.out,
          order: options.columns,
          remarks: options.remarks,
          labels: options.labels,
          printTimeout: options.printTimeout !== undefined ? options.printTimeout * 1000 : undefined,
          signal,
          context
        })
        for (const file of result.files) process.stdout.write('wrote ' + path.join(options.out ?? 'diff', file) + '\n')
        if (result.pdfSkipped) process.stdout.write('PDF skipped: no Chromium-family browser found\n')
        return
      }
      const {renderMarkdown, renderText} = await import('./diff/render-text.js')
      if (options.format === 'aratame' && config.lang !== 'ja') {
        throw new KaiteiError('The amending text (--format aratame, aratame-bun) is a form of Japanese drafting; this publication is `lang: ' + config.lang + '`, expected `lang: ja`', 'E_ARATAME_LANG')
      }
      const {aratame, renderAratameText} = await import('./diff/aratame.js')
      const output =
        options.format === 'aratame'
          ? renderAratameText(aratame(diff))
          : options.format === 'json'
          ? JSON.stringify(diff, null, 2) + '\n'
          : options.format === 'md'
            ? renderMarkdown(diff, {lang: config.lang})
            : renderText(diff, {lang: config.lang, color: !options.out && process.stdout.isTTY === true && !process.env.NO_COLOR})
      if (options.out) {
        const fs = await import('node:fs/promises')
        await fs.writeFile(options.out, output)
      } else {
        process.stdout.write(output)
      }
    })

  program
    .command('history')
    .description('list the amendments from git: dates, commits, summaries and the sections each changed')
    .option('-c, --config <file>', 'publication config', 'kaitei.yaml')
    .option('-a, --audience <name>', 'only what this edition may see')
    .option('--json', 'print JSON for tools')
    .option('--cache <dir>', 'persistent cache folder (default: node_modules/.cache/kaitei of the project, or KAITEI_CACHE)')
    .option('--no-cache', 'neither read nor write the persistent cache')
    .action(async (options) => {
      const signal = cancelOnInterrupt('History cancelled', run)
      const {historyReport, formatHistory} = await import('./history-report.js')
      const report = await historyReport({config: options.config, audience: options.audience, signal, context: contextOf(options.cache)})
      process.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : formatHistory(report))
    })

  program
    .command('init [dir]')
    .description('start a policy repository in an empty folder: config, a first chapter, package.json, .gitignore, a CI workflow')
    .option('--title <title>', 'the policy\'s title')
    .option('--owner <owner>', 'who owns it (a department or organisation)')
    .option('--lang <lang>', 'ja (default) or en', 'ja')
    .action(async (dir, options) => {
      const {initPublication} = await import('./init.js')
      const result = await initPublication(dir ?? '.', {...options, version: packageVersion()})
      for (const file of result.files) process.stdout.write('wrote ' + path.join(result.dir, file) + '\n')
      process.stdout.write('next: git init and commit (the history is read from git), npm install, then npm run build (the editions in build/) and npm run check\n')
    })

  program
    .command('preview')
    .description('the editions of the working tree in the browser while you write, with the draft amendment; this machine only')
    .option('-c, --config <file>', 'publication config', 'kaitei.yaml')
    .addOption(new Option('-p, --port <port>', 'port on 127.0.0.1 (0: any free port)').default(3000).argParser(portOf))
    .option('-a, --audience <name>', 'the edition shown first (default: the one that sees most)')
    .action(async (options) => {
      const {startPreview} = await import('./preview/server.js')
      const preview = await startPreview({config: options.config, port: options.port, audience: options.audience})
      const problems = preview.workspace.state.problems
      process.stderr.write('kaitei: preview on ' + preview.url + '/' + (problems.length ? ' (the publication does not build yet: the page says why)' : '') + '; saves show at once. Ctrl+C stops.\n')
      await new Promise<void>((resolve) => {
        const stop = () => void preview.close().then(resolve, resolve)
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
    })

  program
    .command('serve')
    .description('serve the editions of a build to signed-in readers, each the edition of their audience')
    .option('-c, --config <file>', 'publication config', 'kaitei.yaml')
    .option('-d, --dir <dir>', 'the build to serve (default: build/ next to the config)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('-p, --port <port>', 'port to listen on (0: any free port)').default(8080).argParser(portOf))
    .option('--data <dir>', 'data folder: the SQLite database and the users file (default: .kaitei/ next to the config)')
    .option('--database <url>', 'PostgreSQL instead of SQLite (postgres://user@host/db), shared by several instances')
    .option('--cert <file>', 'TLS certificate (PEM); with --key, serve HTTPS')
    .option('--key <file>', 'TLS private key (PEM)')
    .option('--log-level <level>', 'log level: fatal, error, warn, info, debug or silent', process.env.KAITEI_LOG_LEVEL ?? 'info')
    .action(async (options) => {
      const {startServer} = await import('./serve/server.js')
      const server = await startServer({
        config: options.config,
        dir: options.dir,
        host: options.host,
        port: options.port,
        data: options.data,
        database: options.database ?? process.env.KAITEI_DATABASE,
        cert: options.cert,
        key: options.key,
        logLevel: options.logLevel
      })
      process.stderr.write('kaitei: serving on ' + server.url + ' (' + server.store.kind + ': ' + server.store.where + ')\n')
      // SIGTERM or Ctrl+C: stop taking requests, finish those in flight, write the audit trail.
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('kaitei: stopping\n')
          server.close().then(resolve, (error: unknown) => {
            process.stderr.write('kaitei: ' + String((error as Error)?.message ?? error) + '\n')
            process.exitCode = 1
            resolve()
          })
        }
        process.once('SIGTERM', stop)
        process.once('SIGINT', stop)
      })
    })

  const user = program.command('user').description('readers who sign in to `kaitei serve` with a password (the users file)')
  const configHelp = 'publication config'
  const dataHelp = 'data folder holding users.yaml (default: .kaitei/ next to the config)'
  user
    .command('add <name>')
    .description('add a reader: asks for the password (or reads it from standard input)')
    .requiredOption('-a, --audience <name>', 'the edition they read')
    .option('-c, --config <file>', configHelp, 'kaitei.yaml')
    .option('--data <dir>', dataHelp)
    .action(async (name, options) => {
      const {addUser} = await import('./serve/user-command.js')
      await addUser(name, options)
      process.stdout.write('added ' + name + ' (' + options.audience + ')\n')
    })
  user
    .command('passwd <name>')
    .description("set a reader's password; their sessions end")
    .option('-c, --config <file>', configHelp, 'kaitei.yaml')
    .option('--data <dir>', dataHelp)
    .action(async (name, options) => {
      const {setPassword} = await import('./serve/user-command.js')
      await setPassword(name, options)
      process.stdout.write('changed the password of ' + name + '\n')
    })
  user
    .command('remove <name>')
    .description('remove a reader; their sessions end')
    .option('-c, --config <file>', configHelp, 'kaitei.yaml')
    .option('--data <dir>', dataHelp)
    .action(async (name, options) => {
      const {removeUser} = await import('./serve/user-command.js')
      await removeUser(name, options)
      process.stdout.write('removed ' + name + '\n')
    })
  user
    .command('list')
    .description('list the readers and their audiences')
    .option('-c, --config <file>', configHelp, 'kaitei.yaml')
    .option('--data <dir>', dataHelp)
    .action(async (options) => {
      const {listUsers} = await import('./serve/user-command.js')
      process.stdout.write(await listUsers(options))
    })

  const reportFormats = ['table', 'csv', 'json'] as const
  const audit = program
    .command('audit')
    .description('the audit trail of `kaitei serve`: who read what, sign-ins and acknowledgements')
    .option('-c, --config <file>', 'publication config', 'kaitei.yaml')
    .option('--data <dir>', 'data folder of the SQLite database (default: .kaitei/ next to the config)')
    .option('--database <url>', 'read PostgreSQL instead (postgres://user@host/db)')
    .option('--since <date>', 'from this date on (ISO or 和暦, Japan\'s time)')
    .option('--user <name>', 'only this reader')
    .option('--path <glob>', 'only requests for these paths, e.g. "/security/**"')
    .addOption(new Option('--format <format>', 'table, csv or json').choices(reportFormats).default('table' as const))
    .action(async (options) => {
      const {runAudit} = await import('./serve/user-command.js')
      process.stdout.write(await runAudit({...options, database: options.database ?? process.env.KAITEI_DATABASE}))
    })
  audit
    .command('acks')
    .description('who has and has not acknowledged the version in force of their edition')
    .option('-c, --config <file>', 'publication config', 'kaitei.yaml')
    .option('--data <dir>', 'data folder (default: .kaitei/ next to the config)')
    .option('--database <url>', 'read PostgreSQL instead (postgres://user@host/db)')
    .option('-d, --dir <dir>', 'the build whose versions are in force (default: build/ next to the config)')
    .option('--version <key>', 'this version instead of the one in force (e.g. 2026-03-25)')
    .option('--pending', 'only readers who have not acknowledged it')
    .option('--roster <csv>', 'readers from a CSV of name,audience (proxy sign-in) instead of the users file')
    .addOption(new Option('--format <format>', 'table, csv or json').choices(reportFormats).default('table' as const))
    .action(async (options) => {
      const {runAcks} = await import('./serve/user-command.js')
      process.stdout.write(await runAcks({...options, database: options.database ?? process.env.KAITEI_DATABASE}))
    })

  return program
}

/** A TCP port: 0 to 65535. */
function portOf(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('Expected a port from 0 to 65535, got `' + value + '`.')
  return port
}

/**
 * The context of one command: the persistent cache where `--cache` says, or
 * the project's (`--no-cache`: none); KAITEI_DEBUG=1 tells why an entry was ignored.
 */
function contextOf(cache: string | boolean | undefined): KaiteiContext {
  return new KaiteiContext({
    cache: cache === false ? false : typeof cache === 'string' ? cache : 'auto',
    debug: process.env.KAITEI_DEBUG ? (line) => process.stderr.write('kaitei: ' + line + '\n') : undefined
  })
}

/**
 * Ctrl+C cancels the command: git, workers and the browser stop, staging
 * folders are removed, nothing half-written stays; the exit is clean.
 */
function cancelOnInterrupt(message: string, run: CliRun): AbortSignal {
  const controller = new AbortController()
  process.once('SIGINT', () => {
    run.cancelled = new KaiteiError(message, 'E_CANCELLED')
    controller.abort(run.cancelled)
  })
  return controller.signal
}

/** kaitei's version, from its package.json (the CLI runs from `dist/bin/` or `src/`). */
function packageVersion(): string {
  for (const relative of ['../../package.json', '../package.json']) {
    try {
      const data = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {name?: string; version?: string}
      if (data.name === 'kaitei' && data.version) return data.version
    } catch {
      // Not there: try the next.
    }
  }
  return 'unknown'
}

function printMessages(messages: readonly VFileMessage[]) {
  for (const message of sortMessages(messages)) process.stderr.write(formatMessage(message) + '\n')
}

export async function main(argv: string[]): Promise<number> {
  const run: CliRun = {}
  const program = createCli(run)
  try {
    await program.parseAsync(argv, {from: 'user'})
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (caught) {
    const error = run.cancelled ?? explainError(caught)
    if (error instanceof CommanderError) {
      // Help and version are not failures.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 1
    }
    if (error instanceof KaiteiProblemsError) {
      printMessages(error.messages)
      // A failed build counts what stopped it; an invalid config names its code.
      if (error.code === 'E_BUILD_FAILED') {
        process.stderr.write('kaitei: ' + error.message + ' (' + formatSummary(countMessages(error.messages)) + ')\n')
        return 1
      }
    }
    if (error instanceof KaiteiError) {
      process.stderr.write('kaitei: ' + error.message + '  [' + error.code + ']\n')
      return 1
    }
    throw error
  }
}

// Run when executed (also through npm's bin symlink), not when imported by tests.
const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
      // After an error, nothing may keep kaitei running: every path closes
      // what it started, and should a handle still hold on (a browser's
      // child that ignores its pipe), the process ends anyway, its message
      // printed. The timer itself keeps nothing alive.
      if (code !== 0) setTimeout(() => process.exit(code), 3000).unref()
    },
    (error: unknown) => {
      // A bug: a short line for the reader, the stack only when asked for.
      process.stderr.write(
        'kaitei: internal error: ' + String((error as Error)?.message ?? error) +
          (process.env.KAITEI_DEBUG ? '\n' + String((error as Error)?.stack) : '\n(this is a bug in kaitei: please report it with the command you ran; KAITEI_DEBUG=1 shows where it happened)') +
          '\n'
      )
      process.exitCode = 1
    }
  )
}
