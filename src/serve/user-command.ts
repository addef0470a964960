/**
 * The commands around the server: `kaitei user add|passwd|remove|list`
 * (the users file) and `kaitei audit [acks]` (the database).
 */
import path from 'node:path'
import {createInterface} from 'node:readline'
import {loadConfig, type PolicyConfig} from '../config/load-config.js'
import {KaiteiError} from '../errors.js'
import {ConfigProblemError} from '../publication.js'
import {acknowledgementRows, auditEntries, formatAcks, formatAudit, type ReportFormat} from './audit-report.js'
import {BuildFolder} from './build-folder.js'
import {Store} from './database.js'
import {hashPassword, readUsers, updateUsers, userNamePattern} from './users.js'

interface Where {
  config?: string
  data?: string
}

async function placesOf(options: Where): Promise<{config: PolicyConfig; dataDir: string; usersFile: string}> {
  const {config, file} = await loadConfig(options.config ?? 'kaitei.yaml')
  if (!config) throw new ConfigProblemError(file)
  const dataDir = path.resolve(options.data ?? path.join(config.root, '.kaitei'))
  const usersFile = config.serve?.users ? path.resolve(config.root, config.serve.users) : path.join(dataDir, 'users.yaml')
  return {config, dataDir, usersFile}
}

/** The password: asked twice without echo on a terminal, else the first line of standard input. */
async function readPassword(): Promise<string> {
  const stdin = process.stdin
  if (!stdin.isTTY) {
    const lines = createInterface({input: stdin})
    for await (const line of lines) {
      lines.close()
      return check(line)
    }
    throw new KaiteiError('Missing password: expected it on the first line of standard input', 'E_UNKNOWN_USER')
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(prompt)
      const rl = createInterface({input: stdin, output: undefined, terminal: true})
      stdin.setRawMode?.(true)
      rl.question('', (answer) => {
        stdin.setRawMode?.(false)
        rl.close()
        process.stderr.write('\n')
        resolve(answer)
      })
    })
  const first = await ask('Password: ')
  const second = await ask('Again: ')
  if (first !== second) throw new KaiteiError('The two passwords differ; nothing was changed', 'E_UNKNOWN_USER')
  return check(first)
}

function check(password: string): string {
  if ([...password].length < 8) throw new KaiteiError('Expected a password of at least 8 characters; nothing was changed', 'E_UNKNOWN_USER')
  return password
}

export async function addUser(name: string, options: Where & {audience: string}): Promise<void> {
  const {config, usersFile} = await placesOf(options)
  if (!userNamePattern.test(name)) throw new KaiteiError('Unexpected user name `' + name + '`, expected letters, digits, `.`, `_`, `@` or `-`', 'E_UNKNOWN_USER')
  if (!config.audiences.some((d) => d.name === options.audience)) {
    throw new KaiteiError('Unknown audience `' + options.audience + '`, expected one of ' + config.audiences.map((d) => d.name).join(', '), 'E_UNKNOWN_AUDIENCE')
  }
  if ((await readUsers(usersFile)).some((d) => d.name === name)) throw new KaiteiError('User `' + name + '` exists already in ' + usersFile + ' (use `kaitei user passwd`)', 'E_UNKNOWN_USER')
  const hash = await hashPassword(await readPassword())
  await updateUsers(usersFile, (users) => [...users.filter((d) => d.name !== name), {name, audience: options.audience, hash}])
}

const missing = (name: string, file: string) => new KaiteiError('Unknown user `' + name + '` in ' + file, 'E_UNKNOWN_USER')

export async function setPassword(name: string, options: Where): Promise<void> {
  const {usersFile, dataDir, config} = await placesOf(options)
  if (!(await readUsers(usersFile)).some((d) => d.name === name)) throw missing(name, usersFile)
  const hash = await hashPassword(await readPassword())
  await updateUsers(usersFile, (users) => users.map((d) => (d.name === name ? {...d, hash} : d)))
  await endSessions(name, dataDir, config)
}

export async function removeUser(name: string, options: Where): Promise<void> {
  const {usersFile, dataDir, config} = await placesOf(options)
  if (!(await readUsers(usersFile)).some((d) => d.name === name)) throw missing(name, usersFile)
  await updateUsers(usersFile, (users) => users.filter((d) => d.name !== name))
  await endSessions(name, dataDir, config)
}

/** A removed user or a changed password signs out everywhere (where the database is SQLite here; the server also checks the users file). */
async function endSessions(name: string, dataDir: string, _config: PolicyConfig): Promise<void> {
  const database = process.env.KAITEI_DATABASE
  const store = await Store.open({dataDir, database}).catch(() => undefined)
  if (!store) return
  try {
    await store.deleteSessionsOf(name)
  } finally {
    await store.close()
  }
}

export async function listUsers(options: Where): Promise<string> {
  const {usersFile} = await placesOf(options)
  const users = await readUsers(usersFile)
  return users.length === 0 ? '(no users in ' + usersFile + ')\n' : users.map((d) => d.name + '\t' + d.audience).join('\n') + '\n'
}

export async function runAudit(options: Where & {database?: string; since?: string; user?: string; path?: string; format: ReportFormat}): Promise<string> {
  const {dataDir} = await placesOf(options)
  const store = await Store.open({dataDir, database: options.database})
  try {
    return formatAudit(await auditEntries(store, options), options.format)
  } finally {
    await store.close()
  }
}

export async function runAcks(options: Where & {database?: string; dir?: string; version?: string; pending?: boolean; roster?: string; format: ReportFormat}): Promise<string> {
  const {config, dataDir, usersFile} = await placesOf(options)
  const inForce = new Map<string, string>()
  if (!options.version) {
    const build = await new BuildFolder(options.dir ?? path.join(config.root, 'build')).current()
    if (!build) throw new KaiteiError('No build to read the versions in force from (give --dir or --version)', 'E_SERVE_NO_BUILD')
    for (const edition of build.editions.values()) if (edition.version) inForce.set(edition.name, edition.version.key)
  }
  const store = await Store.open({dataDir, database: options.database})
  try {
    const rows = await acknowledgementRows(store, {version: options.version, pending: options.pending, usersFile, roster: options.roster, inForce})
    return formatAcks(rows, options.format)
  } finally {
    await store.close()
  }
}
