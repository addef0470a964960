/**
 * A throwaway PostgreSQL for tests: Debian's `postgresql` binaries, a new
 * cluster in a temporary folder on a free loopback port, started for the
 * tests that need it and stopped (and removed) after. PostgreSQL refuses to
 * run as root: as root the cluster belongs to the `postgres` user.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {runProgram} from './helpers.js'

export interface Postgres {
  /** `postgres://kaitei@127.0.0.1:<port>/<db>` of a fresh database. */
  database(name: string): Promise<string>
  stop(): Promise<void>
}

/** The folder of PostgreSQL's server programs, or `undefined` when it is not installed. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!fs.existsSync(root)) return undefined
  const versions = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBin()
  if (!bin) throw new Error('PostgreSQL is not installed (Debian: apt-get install postgresql; .ci/run installs it)')
  const root = process.getuid?.() === 0
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaitei-pg-'))
  fs.chmodSync(dir, 0o755)
  const data = path.join(dir, 'data')
  const as = (program: string, args: string[]) => (root ? runProgram('runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]) : runProgram(path.join(bin, program), args))
  if (root) execFileSync('chown', ['postgres', dir])
  const check = (what: string, result: {status: number | null; stderr: string; stdout: string}) => {
    if (result.status !== 0) throw new Error(what + ' failed: ' + result.stderr + result.stdout)
  }
  check('initdb', await as('initdb', ['-D', data, '-U', 'kaitei', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']))
  const port = await freePort()
  const options = ['-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100']
  check('pg_ctl start', await as('pg_ctl', ['-D', data, '-o', options.join(' '), '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']))
  const url = (db: string) => 'postgres://kaitei@127.0.0.1:' + port + '/' + db
  return {
    async database(name) {
      check('createdb', await runProgram(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'kaitei', name]))
      return url(name)
    },
    async stop() {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      fs.rmSync(dir, {recursive: true, force: true})
    }
  }
}
