/**
 * A past version of the publication, read from git: the sources its own
 * kaitei.yaml listed at that commit (renamed and moved files are followed
 * that way), rendered with today's audiences, theme and settings, and the
 * amendment history up to that version.
 */
import path from 'node:path'
import {parse as parseYaml} from 'yaml'
import type {PolicyConfig} from '../config/load-config.js'
import {KaiteiError} from '../errors.js'
import {loadPublicationFromConfig, type Publication} from '../publication.js'
import type {VFile} from 'vfile'
import {BlobReader} from './git.js'
import {toPosix, type PolicyHistory, type Version} from './versions.js'

export async function loadVersion(
  config: PolicyConfig,
  configFile: VFile,
  history: PolicyHistory,
  version: Version,
  reader: BlobReader,
  /** A version loaded before: files with the same text are not parsed again. */
  previous?: Publication
): Promise<Publication> {
  const commit = version.commit
  if (!commit) {
    throw new KaiteiError('The text of the amendment of ' + version.amendment.date.written + ' is not recorded in git', 'E_NOT_RECORDED')
  }
  return loadAtCommit(config, configFile, history, commit, reader, previous, version.amendment.index)
}

/** The publication as it is at any commit (a ref given to `kaitei diff`). */
export async function loadAtCommit(
  config: PolicyConfig,
  configFile: VFile,
  history: PolicyHistory,
  commit: string,
  reader: BlobReader,
  previous?: Publication,
  /** Show the amendment history up to this entry (default: all). */
  upTo = Number.POSITIVE_INFINITY
): Promise<Publication> {
  const root = history.repository.root
  const configText = await reader.readText(commit + ':' + history.configPath)
  if (configText === undefined) {
    throw new KaiteiError('Commit ' + commit.slice(0, 10) + ' has no ' + history.configPath + ', expected the publication there', 'E_VERSION_CONFIG')
  }
  const sources = (parseYaml(configText) as {sources?: unknown})?.sources
  if (!Array.isArray(sources) || sources.some((d) => typeof d !== 'string')) {
    throw new KaiteiError('The kaitei.yaml of commit ' + commit.slice(0, 10) + ' has no list of `sources`', 'E_VERSION_CONFIG')
  }
  const versionConfig: PolicyConfig = {
    ...config,
    sources: sources as string[],
    history: config.history.filter((d) => d.index <= upTo)
  }
  return loadPublicationFromConfig(versionConfig, configFile, {
    previous,
    readSource: async (absolute) => {
      const spec = commit + ':' + toPosix(path.relative(root, absolute))
      const text = await reader.readText(spec)
      if (text === undefined) throw Object.assign(new Error('Missing ' + spec), {code: 'ENOENT'})
      return text
    }
  })
}
