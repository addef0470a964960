/**
 * Load and validate `kaitei.yaml`: schema, dates of the amendment history,
 * their order. Problems are messages on the returned vfile.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {VFile} from 'vfile'
import {KaiteiError} from '../errors.js'
import {compareDates, formatIso, parseDate, type CalendarDate} from '../wareki.js'
import {parseYamlSource, validateYamlSource} from '../yaml-source.js'
import {configSchema, type ConfigData} from './schema.js'

export interface DateValue {
  date: CalendarDate
  /** `2026-03-25`. */
  iso: string
  /** As written in the source. */
  written: string
}

export interface Amendment {
  /** Position in the history, oldest first (0-based). */
  index: number
  /** Date adopted (改定日). */
  date: DateValue
  type: string
  /** 施行日: the date adopted unless given. */
  effective: DateValue
  summary?: string
}

export interface Audience {
  name: string
  label: string
  marking?: string
}

export interface PolicyConfig extends Omit<ConfigData, 'history' | 'audiences'> {
  /** Absolute path of the folder holding `kaitei.yaml`. */
  root: string
  /** Absolute path of `kaitei.yaml` (or a virtual name). */
  path: string
  history: Amendment[]
  audiences: Audience[]
}

export interface LoadedConfig {
  /** The config, or `undefined` when it has fatal problems. */
  config: PolicyConfig | undefined
  /** The config file with its messages. */
  file: VFile
}

/** Read `kaitei.yaml` from disk. A missing file is a `KaiteiError`. */
export async function loadConfig(configPath: string): Promise<LoadedConfig> {
  const absolute = path.resolve(configPath)
  let text: string
  try {
    text = await fs.readFile(absolute, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new KaiteiError(
        'Cannot find config file `' + configPath + '`, expected a kaitei.yaml (use --config to name another)',
        'E_CONFIG_NOT_FOUND'
      )
    }
    throw error
  }
  return parseConfig(text, absolute)
}

/** Parse and validate a config text. `configPath` places the root folder. */
export function parseConfig(text: string, configPath: string): LoadedConfig {
  const file = new VFile({path: configPath, value: text})
  const source = parseYamlSource(text, file)
  const data = validateYamlSource(configSchema, source, file, {what: 'kaitei.yaml', ruleId: 'config-schema'})
  if (!data) return {config: undefined, file}

  const history: Amendment[] = []
  let previous: {date: CalendarDate; written: string} | undefined
  let datesOk = true
  data.history.forEach((entry, index) => {
    const date = checkDate(entry.date, ['history', index, 'date'])
    const effective = entry.effective === undefined ? date : checkDate(entry.effective, ['history', index, 'effective'])
    if (!date || !effective) {
      datesOk = false
      return
    }
    if (previous && compareDates(date.date, previous.date) < 0) {
      datesOk = false
      file.message(
        'Unexpected amendment date ' + entry.date + ' before the previous entry (' + previous.written +
          '), expected entries in ascending order',
        {place: source.locate(['history', index, 'date']), source: 'kaitei', ruleId: 'history-order'}
      ).fatal = true
    }
    if (compareDates(effective.date, date.date) < 0) {
      file.message(
        'Unexpected effective date ' + entry.effective + ' before the date adopted (' + entry.date +
          '), expected 施行日 on or after 改定日',
        {place: source.locate(['history', index, 'effective']), source: 'kaitei', ruleId: 'history-effective'}
      )
    }
    previous = {date: date.date, written: entry.date}
    history.push({index, date, type: entry.type, effective, summary: entry.summary})
  })

  if (!datesOk) return {config: undefined, file}

  const root = path.dirname(configPath)
  const audiences = data.audiences ?? [{name: 'all', label: '全文'}]
  const seen = new Set<string>()
  audiences.forEach((audience, index) => {
    if (seen.has(audience.name)) {
      file.message('Unexpected duplicate audience `' + audience.name + '`, expected unique names', {
        place: source.locate(['audiences', index, 'name']),
        source: 'kaitei',
        ruleId: 'config-schema'
      }).fatal = true
    }
    seen.add(audience.name)
  })
  if (file.messages.some((d) => d.fatal)) return {config: undefined, file}

  return {
    config: {...data, root, path: configPath, history, audiences},
    file
  }

  function checkDate(written: string, at: Array<string | number>): DateValue | undefined {
    const result = parseDate(written)
    if (result.ok) return {date: result.date, iso: result.iso, written}
    file.message(
      'Unexpected date `' + written + '`: ' + result.reason +
        (result.suggestion ? ', expected `' + result.suggestion + '`' : ''),
      {place: source.locate(at), source: 'kaitei', ruleId: 'date'}
    ).fatal = true
    return undefined
  }
}

