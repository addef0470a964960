/**
 * The git CLI as users have it: commands run with a time limit, blobs read
 * through one `git cat-file --batch` process, and the three situations that
 * stop history explained: no git, not a repository, a shallow clone.
 */
import {execFile, spawn} from 'node:child_process'
import {KaiteiError} from '../errors.js'

export class GitError extends KaiteiError {}

export interface GitOptions {
  /** Working directory (inside the repository). */
  cwd: string
  /** Time limit per command in ms (default: 30000). */
  timeout?: number
}

/**
 * Run `git args…`; stdout as text (execFile with a time limit, a limit on
 * what it may print, and `signal`: Ctrl+C kills it). Errors name the
 * command and git's message.
 */
export function git(args: string[], options: GitOptions & {signal?: AbortSignal}): Promise<string> {
  options.signal?.throwIfAborted()
  const timeout = options.timeout ?? 30_000
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        env: {...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C'},
        encoding: 'buffer',
        timeout,
        killSignal: 'SIGKILL',
        maxBuffer: 256 * 1024 * 1024,
        signal: options.signal,
        windowsHide: true
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout.toString('utf8'))
        const failure = error as NodeJS.ErrnoException & {killed?: boolean}
        if (options.signal?.aborted) {
          reject(options.signal.reason instanceof Error ? options.signal.reason : new GitError('git ' + args[0] + ' was cancelled', 'E_CANCELLED'))
        } else if (failure.code === 'ENOENT') {
          reject(new GitError('Cannot run git: it is not installed or not on PATH; history needs the git command line (https://git-scm.com, or `apt-get install git`)', 'E_GIT_MISSING'))
        } else if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reject(new GitError('git ' + args[0] + ' printed more than 256 MB', 'E_GIT_FAILED'))
        } else if (failure.killed) {
          reject(new GitError('git ' + args[0] + ' took more than ' + timeout / 1000 + ' s and was stopped', 'E_GIT_TIMEOUT'))
        } else if (typeof failure.code === 'number') {
          reject(new GitError('git ' + args.join(' ') + ' failed: ' + stderr.toString('utf8').trim().split('\n')[0], 'E_GIT_FAILED'))
        } else {
          reject(new GitError('git ' + args[0] + ' failed: ' + failure.message, 'E_GIT_FAILED', {cause: error}))
        }
      }
    )
  })
}

export interface Repository {
  /** Absolute path of the work tree's top level. */
  root: string
  /** `HEAD`'s commit. */
  head: string
}

/**
 * The repository holding `dir`, checked for what history needs: git present,
 * a repository, a full (not shallow) history.
 */
export async function openRepository(dir: string, signal?: AbortSignal): Promise<Repository> {
  let root: string
  try {
    root = (await git(['rev-parse', '--show-toplevel'], {cwd: dir, signal})).trim()
  } catch (error) {
    if (error instanceof GitError && (error.code === 'E_GIT_MISSING' || error.code === 'E_CANCELLED')) throw error
    if (signal?.aborted) throw error
    throw new GitError(
      'Cannot read the history: `' + dir + '` is not inside a git repository; keep the policy in git (`git init`, then commit) to record its amendments',
      'E_NOT_A_REPOSITORY'
    )
  }
  if ((await git(['rev-parse', '--is-shallow-repository'], {cwd: root, signal})).trim() === 'true') {
    throw new GitError(
      'Cannot read the history: this is a shallow clone, so older amendments are missing; fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions checkout)',
      'E_SHALLOW'
    )
  }
  let head: string
  try {
    head = (await git(['rev-parse', '--verify', 'HEAD^{commit}'], {cwd: root, signal})).trim()
  } catch (error) {
    if (signal?.aborted) throw error
    throw new GitError('Cannot read the history: the repository has no commit yet', 'E_NO_COMMITS')
  }
  return {root, head}
}

/** Reads many blobs (`commit:path`) through one `git cat-file --batch`. */
export class BlobReader {
  private readonly child: ReturnType<typeof spawn>
  private buffer: Buffer = Buffer.alloc(0)
  private readonly waiting: Array<{resolve: (value: Buffer | undefined) => void; reject: (error: Error) => void}> = []
  private failed: Error | undefined
  private stderr = ''
  private closed = false

  constructor(
    private readonly cwd: string,
    /** Stops the reader's git process (Ctrl+C). */
    private readonly signal?: AbortSignal,
    /** Time limit for each read, in ms (default: 30000): a read that takes longer stops the reader. */
    private readonly timeout = 30_000
  ) {
    this.child = spawn('git', ['cat-file', '--batch'], {cwd, stdio: ['pipe', 'pipe', 'pipe'], env: {...process.env, LC_ALL: 'C'}, signal})
    this.child.on('error', (error) => this.fail(error))
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8')
    })
    // git stops at an object it cannot read (a damaged repository): whatever
    // is still waiting fails with what git said, never silently.
    this.child.on('close', () => {
      if (this.closed && this.waiting.length === 0) return
      const said = this.stderr.trim().split('\n').filter(Boolean).pop() ?? 'git cat-file stopped'
      this.fail(new GitError('Cannot read the history from git: ' + said + '; the repository may be damaged (`git fsck` tells which objects)', 'E_GIT_CORRUPT'))
    })
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
      this.drain()
    })
  }

  /** The blob at `spec` (`<commit>:<path>`), or `undefined` if there is none. */
  async read(spec: string): Promise<Buffer | undefined> {
    this.signal?.throwIfAborted()
    if (this.failed) throw this.failed
    const body = await new Promise<Buffer | undefined>((resolve, reject) => {
      // A read that does not come back in time stops the reader: every read waiting fails with it.
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL')
        this.fail(new GitError('git cat-file took more than ' + this.timeout / 1000 + ' s to read `' + spec + '` and was stopped', 'E_GIT_TIMEOUT'))
      }, this.timeout)
      this.waiting.push({
        resolve: (value) => {
          clearTimeout(timer)
          resolve(value)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        }
      })
      this.child.stdin!.write(spec + '\n')
    })
    // `--batch` says "missing" for an object it cannot read, too: one that
    // exists but cannot be read is a damaged repository, never "no file".
    if (body === undefined && (await exists(this.cwd, spec, this.signal))) {
      throw new GitError(
        'Cannot read `' + spec + '` from git: the object exists but cannot be read (' + (this.stderr.trim().split('\n').filter(Boolean).pop() ?? 'damaged') +
          '); the repository is damaged (`git fsck` tells which objects; a fresh clone may mend it)',
        'E_GIT_CORRUPT'
      )
    }
    return body
  }

  async readText(spec: string): Promise<string | undefined> {
    return (await this.read(spec))?.toString('utf8')
  }

  close() {
    this.closed = true
    this.child.stdin!.end()
  }

  /** Stop at once (its process killed): on cancel. */
  kill() {
    this.closed = true
    this.child.kill('SIGKILL')
  }

  private drain() {
    for (;;) {
      const newline = this.buffer.indexOf(10)
      if (newline < 0) return
      const header = this.buffer.subarray(0, newline).toString('utf8')
      const next = this.waiting[0]
      if (!next) return
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(newline + 1)
        this.waiting.shift()
        next.resolve(undefined)
        continue
      }
      const size = Number(header.split(' ')[2])
      if (this.buffer.length < newline + 1 + size + 1) return
      const body = Buffer.from(this.buffer.subarray(newline + 1, newline + 1 + size))
      this.buffer = this.buffer.subarray(newline + 1 + size + 1)
      this.waiting.shift()
      next.resolve(body)
    }
  }

  private fail(error: Error) {
    if (this.failed) return
    this.failed = this.signal?.aborted
      ? this.signal.reason instanceof Error
        ? this.signal.reason
        : new GitError('git cat-file was cancelled', 'E_CANCELLED')
      : (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? new GitError('Cannot run git: it is not installed or not on PATH', 'E_GIT_MISSING')
        : error
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failed)
  }
}

/** Whether `spec` names an object of the repository (`git cat-file -e`), with git's time limit and the signal. */
async function exists(cwd: string, spec: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await git(['cat-file', '-e', spec], {cwd, signal})
    return true
  } catch (error) {
    if (signal?.aborted || (error instanceof GitError && error.code !== 'E_GIT_FAILED')) throw error
    return false
  }
}
