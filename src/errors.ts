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
