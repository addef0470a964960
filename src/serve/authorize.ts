/**
 * The one place that decides what a request may read. Every path of the
 * build goes through `authorize`: the URL as the client sent it (never a
 * form some layer already decoded) is checked byte by byte, split into an
 * edition and a file inside it, and the edition must be one the reader may
 * see (their own, or one looser: `staff` may view `public`, never the
 * other way). Anything unusual — `..`, encoded slashes or backslashes,
 * double slashes, bytes that are no UTF-8, a control character — is
 * refused, not repaired: a reader who types such a URL gets an error, and
 * no spelling of a path reaches another edition.
 */

export interface Reader {
  /** The signed-in name, or `null` for an anonymous reader. */
  user: string | null
  /** The reader's audience, or `null`: may read nothing. */
  audience: string | null
  /** Every audience whose edition the reader may view (their own and the looser ones). */
  viewable: ReadonlySet<string>
}

export type Decision =
  /** A file of an edition: `file` is relative to the edition's folder, `/`-separated, never empty. */
  | {kind: 'file'; edition: string; file: string}
  /** A redirect (the site's root to the reader's edition; an edition's name to its folder). */
  | {kind: 'redirect'; location: string}
  /** Refused: 400 for a malformed path, 401 for a reader who must sign in, 404 otherwise. */
  | {kind: 'deny'; status: 400 | 401 | 404; reason: string}

const segmentPattern = /^[\p{L}\p{N}\p{M}._~!$&'()*+,;=:@-]+$/u

/** Split and check the path of a raw request target (`/staff/index.html?x=1`). */
export function parsePath(rawUrl: string): {segments: string[]; trailingSlash: boolean} | {error: string} {
  const end = rawUrl.search(/[?#]/)
  const raw = end === -1 ? rawUrl : rawUrl.slice(0, end)
  if (!raw.startsWith('/')) return {error: 'not an absolute path'}
  // Encoded separators, dots and NULs are never part of a file name kaitei writes.
  if (/%(2f|5c|00|2e)/i.test(raw)) return {error: 'an encoded separator, dot or NUL'}
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return {error: 'a backslash or control character'}
  let decoded: string
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    return {error: 'bytes that are no UTF-8'}
  }
  if (/[\\\u0000-\u001f\u007f\ufffd]/.test(decoded)) return {error: 'a backslash or control character'}
  const parts = decoded.split('/').slice(1)
  const trailingSlash = parts.at(-1) === ''
  if (trailingSlash) parts.pop()
  for (const part of parts) {
    if (part === '') return {error: 'an empty segment (//)'}
    if (part === '.' || part === '..' || part.startsWith('.')) return {error: 'a dot segment'}
    if (!segmentPattern.test(part)) return {error: 'a character no file name of a build has'}
  }
  return {segments: parts, trailingSlash}
}

/**
 * What `reader` may get for `rawUrl` from a build holding `editions`.
 * `anonymousMustSignIn`: an anonymous reader who may view nothing is asked to sign in (401).
 */
export function authorize(rawUrl: string, reader: Reader, editions: ReadonlySet<string>): Decision {
  const parsed = parsePath(rawUrl)
  if ('error' in parsed) return {kind: 'deny', status: 400, reason: 'Unexpected path: ' + parsed.error}
  const {segments, trailingSlash} = parsed
  if (reader.audience === null) {
    return reader.user === null ? {kind: 'deny', status: 401, reason: 'sign in to read'} : {kind: 'deny', status: 404, reason: 'no edition for this reader'}
  }
  if (segments.length === 0) return {kind: 'redirect', location: '/' + reader.audience + '/'}
  const [edition, ...rest] = segments as [string, ...string[]]
  // Names compare exactly: `Security` is no edition, whatever the file system says.
  if (!editions.has(edition) || !reader.viewable.has(edition)) return {kind: 'deny', status: 404, reason: 'no such edition for this reader'}
  if (rest.length === 0 && !trailingSlash) return {kind: 'redirect', location: '/' + edition + '/'}
  const file = rest.length === 0 || trailingSlash ? [...rest, 'index.html'].join('/') : rest.join('/')
  return {kind: 'file', edition, file}
}
