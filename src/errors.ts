/**
 * Program and configuration problems that stop kaitei (as opposed to content
 * problems, which are vfile messages with positions). Each has a stable
 * code, listed here and in RULES.md (test/rules.test.ts holds the two equal).
 */
import type {VFileMessage} from 'vfile-message'

/** Every code a `KaiteiError` can carry, besides `E_SYSTEM_<code>` (see `systemErrors`). */
export const errorCodes = [
  'E_ARATAME_LANG',
  'E_BAD_AUDIT_QUERY',
  'E_BAD_DATE',
  'E_BEFORE_HISTORY',
  'E_BROWSER_FAILED',
  'E_BUILD_FAILED',
  'E_CANCELLED',
  'E_CONFIG_INVALID',
  'E_CONFIG_NOT_FOUND',
  'E_GIT_CORRUPT',
  'E_INIT_REFUSED',
  'E_GIT_FAILED',
  'E_GIT_MISSING',
  'E_GIT_TIMEOUT',
  'E_NOT_A_REPOSITORY',
  'E_NOT_RECORDED',
  'E_NOT_VISIBLE',
  'E_NO_BROWSER',
  'E_NO_COMMITS',
  'E_OUT_LOCKED',
  'E_OUT_NOT_KAITEI',
  'E_PDF_UNREADABLE',
  'E_SERVE_CONFIG',
  'E_SERVE_DATABASE',
  'E_SERVE_NO_BUILD',
  'E_SERVE_TLS',
  'E_SHALLOW',
  'E_THEME_NOT_FOUND',
  'E_TOC_PAGE',
  'E_TOC_UNSTABLE',
  'E_UNKNOWN_AUDIENCE',
  'E_UNKNOWN_COMMIT',
  'E_UNKNOWN_USER',
  'E_UNKNOWN_VERSION',
  'E_USERS_FILE',
  'E_VERSION_CONFIG'
] as const

/** A stable code for tools and tests: `E_CONFIG_NOT_FOUND`, or `E_SYSTEM_ENOSPC` for an operating system error. */
export type ErrorCode = (typeof errorCodes)[number] | `E_SYSTEM_${string}`

export class KaiteiError extends Error {
  readonly code: ErrorCode

  constructor(message: string, code: ErrorCode, options?: {cause?: unknown}) {
    super(message, options)
    this.name = 'KaiteiError'
    this.code = code
  }
}

/**
 * An error that stops kaitei with content problems to show, each at its
 * place (an invalid config, a build that failed): the messages, then the error.
 */
export class KaiteiProblemsError extends KaiteiError {
  readonly messages: VFileMessage[]

  constructor(message: string, code: ErrorCode, messages: readonly VFileMessage[], options?: {cause?: unknown}) {
    super(message, code, options)
    this.messages = [...messages]
  }
}

/** What an operating system error means for someone running kaitei, and what to do. */
export const systemErrors: Record<string, string> = {
  ENOSPC: 'no space left on the disk: free some space, or choose another --out',
  EDQUOT: 'the disk quota is exhausted: free some space, or choose another --out',
  EACCES: 'permission denied: check who may read and write there',
  EPERM: 'operation not permitted: check who may read and write there',
  EROFS: 'the file system is read-only: choose another --out',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such file or folder',
  EMFILE: 'too many open files: raise the limit (`ulimit -n`) or close other programs',
  EBUSY: 'the file or folder is in use by another program',
  EIO: 'the disk reported an input/output error'
}

/**
 * A program error as a `KaiteiError` where one can be told in words:
 * operating system errors (a full disk, permissions) name the file and what
 * to do. Anything else is returned as it is (a bug, for the caller to report).
 */
export function explainError(error: unknown): unknown {
  if (error instanceof KaiteiError) return error
  const code = (error as NodeJS.ErrnoException)?.code
  if (typeof code === 'string' && code in systemErrors) {
    const {syscall} = error as NodeJS.ErrnoException
    // A copy fails where it writes.
    const path = (error as {dest?: string}).dest ?? (error as NodeJS.ErrnoException).path
    const what = syscall ? ({open: 'open', write: 'write', mkdir: 'make the folder', rename: 'move', rmdir: 'remove', unlink: 'remove', scandir: 'read the folder', copyfile: 'copy', read: 'read'} as Record<string, string>)[syscall] ?? syscall : 'access'
    return new KaiteiError('Cannot ' + what + (path ? ' `' + path + '`' : '') + ': ' + systemErrors[code] + ' (' + code + ')', `E_SYSTEM_${code}`, {cause: error})
  }
  return error
}
