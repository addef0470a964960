/**
 * Which text each amendment adopted, from git.
 *
 * The text as adopted is the tree at the most recent commit, on the
 * first-parent history of HEAD, that added the entry (its parent's
 * kaitei.yaml lacks it). An explicit `commit:` in the entry, or a tag
 * `kaitei/2026-03-25`, overrides that. When one commit adds several entries
 * (a policy moved into git with its past), only the newest takes that
 * commit's text: the older ones are "text not recorded", never a made-up
 * version. Entries not yet committed belong to the work in progress.
 */
import path from 'node:path'
import {parsePastConfig, type Amendment, type PolicyConfig} from '../config/load-config.js'
import {BlobReader, git, GitError, openRepository, type Repository} from './git.js'

export type VersionSource = 'added' | 'commit' | 'tag' | 'not-recorded' | 'uncommitted'

export interface Version {
  amendment: Amendment
  /** Commit holding the text as adopted (absent when not recorded). */
  commit?: string
  /** How the commit was found. */
  source: VersionSource
}

export interface WorktreeState {
  /** Files (config and sources) with uncommitted changes, relative to the config folder. */
  files: string[]
}

export interface PolicyHistory {
  repository: Repository
  /** The config's path from the repository root (posix). */
  configPath: string
  versions: Version[]
  /** Uncommitted changes, if any: 「未確定（作業中）」. */
  worktree?: WorktreeState
}

/** Resolve every amendment of `config` (the working tree's) to the commit of its text. */
export async function readPolicyHistory(config: PolicyConfig, signal?: AbortSignal): Promise<PolicyHistory> {
  const repository = await openRepository(config.root, signal)
  const configPath = toPosix(path.relative(repository.root, config.path))
  const cwd = repository.root

  // Commits that changed kaitei.yaml along the first-parent line, oldest first.
  const log = (await git(['log', '--first-parent', '--format=%H', '--reverse', 'HEAD', '--', configPath], {cwd, signal}))
    .split('\n')
    .filter(Boolean)
  const reader = new BlobReader(cwd, signal)
  const addedBy = new Map<string, string>()
  const addedTogether = new Map<string, string[]>()
  let headDates: Set<string>
  try {
    let previous = new Set<string>()
    for (const commit of log) {
      const dates = parsePastConfig(await reader.readText(commit + ':' + configPath)).historyKeys
      const added = [...dates].filter((d) => !previous.has(d))
      for (const date of added) addedBy.set(date, commit)
      if (added.length > 0) addedTogether.set(commit, added)
      previous = dates
    }
    headDates = parsePastConfig(await reader.readText('HEAD:' + configPath)).historyKeys
  } finally {
    reader.close()
  }

  const tags = new Map<string, string>()
  for (const line of (await git(['for-each-ref', '--format=%(refname:short)%09%(objectname)%09%(*objectname)', 'refs/tags/kaitei/'], {cwd, signal})).split('\n')) {
    const [name, object, peeled] = line.split('\t')
    if (name) tags.set(name.slice('kaitei/'.length), peeled || object!)
  }

  const explicit = new Map<number, string>()
  for (const amendment of config.history) if (amendment.commit) explicit.set(amendment.index, await resolveCommit(cwd, amendment.commit, amendment, signal))
  const versions: Version[] = config.history.map((amendment) => {
    if (amendment.commit) return {amendment, commit: explicit.get(amendment.index)!, source: 'commit'}
    const tagged = tags.get(amendment.key)
    if (tagged) return {amendment, commit: tagged, source: 'tag'}
    if (!headDates.has(amendment.key)) return {amendment, source: 'uncommitted'}
    const commit = addedBy.get(amendment.key)
    if (!commit) return {amendment, source: 'not-recorded'}
    // Added together with newer entries: the tree is the newer one's text.
    const together = addedTogether.get(commit) ?? []
    // Entries are in history order, oldest first: the last one is the newest.
    const newest = together[together.length - 1]
    if (amendment.key !== newest) return {amendment, source: 'not-recorded'}
    return {amendment, commit, source: 'added'}
  })

  const sources = [path.basename(config.path), ...config.sources].map((d) => toPosix(path.relative(repository.root, path.resolve(config.root, d))))
  const status = (await git(['status', '--porcelain', '--untracked-files=all', '--', ...sources], {cwd, signal}))
    .split('\n')
    .filter(Boolean)
    .map((line) => toPosix(path.relative(toPosix(path.relative(repository.root, config.root)) || '.', line.slice(3).replace(/^.* -> /, ''))))
  return {repository, configPath, versions, worktree: status.length > 0 ? {files: status} : undefined}
}


async function resolveCommit(cwd: string, ref: string, amendment: Amendment, signal?: AbortSignal): Promise<string> {
  try {
    return (await git(['rev-parse', '--verify', '--quiet', ref + '^{commit}'], {cwd, signal})).trim()
  } catch (error) {
    if (signal?.aborted) throw error
    throw new GitError(
      'Unknown commit `' + ref + '` for the amendment of ' + amendment.date.written +
        (amendment.place.commit ? ' (kaitei.yaml:' + amendment.place.commit.start.line + ')' : '') +
        ', expected a commit of this repository',
      'E_UNKNOWN_COMMIT'
    )
  }
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/')
}

/**
 * The amendment in force on `date` (ISO): the latest whose effective date is
 * on or before it.
 */
export function versionInForce(versions: Version[], iso: string): Version | undefined {
  let found: Version | undefined
  for (const version of versions) if (version.amendment.effective.iso <= iso) found = version
  return found
}
