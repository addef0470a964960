/**
 * Program and configuration problems that stop kaitei (as opposed to content
 * problems, which are vfile messages with positions).
 */
export class KaiteiError extends Error {
  /** Stable code for tools and tests, e.g. `E_CONFIG_NOT_FOUND`. */
  readonly code: string

  constructor(message: string, code: string, options?: {cause?: unknown}) {
    super(message, options)
    this.name = 'KaiteiError'
    this.code = code
  }
}

/** What an operating system error means for someone running kaitei, and what to do. */
const systemErrors: Record<string, string> = {
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
    return new KaiteiError('Cannot ' + what + (path ? ' `' + path + '`' : '') + ': ' + systemErrors[code] + ' (' + code + ')', 'E_SYSTEM_' + code, {cause: error})
  }
  return error
}
