/**
 * Load and validate `kaitei.yaml`: schema, dates of the amendment history,
 * their order. Problems are messages on the returned vfile.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {VFile} from 'vfile'
import {parse as parseYaml} from 'yaml'
import {KaiteiError} from '../errors.js'
import {compareDates, parseDate, type CalendarDate} from '../wareki.js'
import {parseYamlSource, validateYamlSource, type Span} from '../yaml-source.js'
import type {Audience} from './schema.js'
import {configSchema, type ConfigData} from './schema.js'
import {labelsFor} from '../labels.js'
import {related} from '../messages.js'

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
  /**
   * Its identity: the ISO date, with `-2`, `-3` … for the second and later
   * amendments adopted on the same day (`2014-06-13-2`). Names its folder
   * under `versions/`, its git tag (`kaitei/2014-06-13-2`) and a side of
   * `kaitei diff`.
   */
  key: string
  /** Its own name, if given: 「平成26年法律第70号」. */
  label?: string
  /** Date adopted (改定日). */
  date: DateValue
  type: string
  /** 施行日: the date adopted unless given. */
  effective: DateValue
  summary?: string
  /** Audience that may see the entry (`undefined`: everyone). */
  access?: string
  /** Audience that may see the summary. */
  summaryAccess?: string
  /** Explicit commit (or ref) of the text as adopted. */
  commit?: string
  /** Where the entry and its summary are written in kaitei.yaml (for the leak guard). */
  place: {entry: Span; summary?: Span; commit?: Span}
}

export type {Audience}

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
  let previous: {date: CalendarDate; written: string; place: Span | undefined} | undefined
  let datesOk = true
  data.history.forEach((entry, index) => {
    const date = checkDate(entry.date, ['history', index, 'date'])
    const effective = entry.effective === undefined ? date : checkDate(entry.effective, ['history', index, 'effective'])
    if (!date || !effective) {
      datesOk = false
      return
    }
    // An amendment dated after today is one not adopted yet: it says so (`status: 予定`).
    if (entry.status === undefined && date.iso > todayInJapan()) {
      file.message('Unexpected amendment date ' + entry.date + ' after today, expected a date it was adopted, or `status: 予定` for one planned', {
        place: source.locate(['history', index, 'date']),
        source: 'kaitei',
        ruleId: 'history-future'
      }).fatal = false
    }
    if (previous && compareDates(date.date, previous.date) < 0) {
      datesOk = false
      file.message(
        'Unexpected amendment date ' + entry.date + ' before the previous entry (' + previous.written +
          '), expected entries in ascending order',
        {place: source.locate(['history', index, 'date']), source: 'kaitei', ruleId: 'history-order', cause: related('the previous entry', previous.place?.start, file.path)}
      ).fatal = true
    }
    if (compareDates(effective.date, date.date) < 0) {
      file.message(
        'Unexpected effective date ' + entry.effective + ' before the date adopted (' + entry.date +
          '), expected 施行日 on or after 改定日',
        {place: source.locate(['history', index, 'effective']), source: 'kaitei', ruleId: 'history-effective'}
      )
    }
    previous = {date: date.date, written: entry.date, place: source.locate(['history', index, 'date'])}
    const sameDay = history.filter((d) => d.date.iso === date.iso)
    if (sameDay.length > 0 && (!entry.label || sameDay.some((d) => d.label === entry.label))) {
      file.message(
        'Unexpected second amendment on ' + entry.date + (entry.label ? ' with the same `label`' : ' without a `label`') +
          ', expected each amendment of one day named (`label: 平成26年法律第70号`); it is `' + date.iso + '-' + (sameDay.length + 1) + '` meanwhile',
        {
          place: source.locate(['history', index, 'date']),
          source: 'kaitei',
          ruleId: 'history-same-day',
          cause: related('the amendment before it on ' + entry.date, sameDay.at(-1)!.place.entry.start, file.path)
        }
      )
    }
    history.push({
      index,
      key: sameDay.length === 0 ? date.iso : date.iso + '-' + (sameDay.length + 1),
      label: entry.label,
      date,
      type: entry.type,
      effective,
      summary: entry.summary,
      access: entry.access,
      summaryAccess: entry.summaryAccess,
      commit: entry.commit,
      place: {
        entry: source.locate(['history', index]),
        summary: entry.summary === undefined ? undefined : source.locate(['history', index, 'summary']),
        commit: entry.commit === undefined ? undefined : source.locate(['history', index, 'commit'])
      }
    })
  })

  if (!datesOk) return {config: undefined, file}

  const root = path.dirname(configPath)
  const labels = labelsFor(data.lang)
  const declared = data.audiences ?? [{name: 'all', label: labels.fullText, public: false, withheld: 'remove' as const}]
  const names = new Set<string>()
  declared.forEach((audience, index) => {
    if (names.has(audience.name)) {
      file.message('Unexpected duplicate audience `' + audience.name + '`, expected unique names', {
        place: source.locate(['audiences', index, 'name']),
        source: 'kaitei',
        ruleId: 'config-schema'
      }).fatal = true
    }
    names.add(audience.name)
  })
  // Former names (`renamedFrom`) must each mean one audience.
  const former = new Map<string, string>()
  declared.forEach((audience, index) => {
    const list = audience.renamedFrom === undefined ? [] : Array.isArray(audience.renamedFrom) ? audience.renamedFrom : [audience.renamedFrom]
    for (const name of list) {
      const taken = names.has(name) ? name : former.get(name)
      if (taken) {
        file.message('Unexpected former name `' + name + '` in `renamedFrom` of `' + audience.name + '`, already the name of `' + taken + '`, expected a name no audience has', {
          place: source.locate(['audiences', index, 'renamedFrom']),
          source: 'kaitei',
          ruleId: 'access-audience'
        }).fatal = true
      }
      former.set(name, audience.name)
    }
  })
  const expected = 'expected one of ' + [...names].join(', ')
  const direct = new Map<string, string[]>()
  declared.forEach((audience, index) => {
    const includes = audience.includes === undefined ? [] : Array.isArray(audience.includes) ? audience.includes : [audience.includes]
    includes.forEach((name, at) => {
      if (!names.has(name)) {
        file.message('Unexpected audience `' + name + '` in `includes`, ' + expected, {
          place: source.locate(Array.isArray(audience.includes) ? ['audiences', index, 'includes', at] : ['audiences', index, 'includes']),
          source: 'kaitei',
          ruleId: 'access-audience'
        }).fatal = true
      }
    })
    direct.set(audience.name, includes.filter((d) => names.has(d)))
  })
  const audiences: Audience[] = declared.map((audience, index) => {
    // Everything reachable through `includes`; a cycle is an error.
    const clearance: string[] = []
    const visit = (name: string, trail: string[]) => {
      if (trail.includes(name)) {
        if (name === audience.name) {
          file.message('Unexpected cycle in `includes`: ' + [...trail, name].join(' → ') + ', expected an order such as public ⊂ staff ⊂ security', {
            place: source.locate(['audiences', index, 'includes']),
            source: 'kaitei',
            ruleId: 'access-audience'
          }).fatal = true
        }
        return
      }
      if (!clearance.includes(name)) clearance.push(name)
      for (const next of direct.get(name) ?? []) visit(next, [...trail, name])
    }
    visit(audience.name, [])
    return {
      name: audience.name,
      label: audience.label,
      marking: audience.marking,
      includes: direct.get(audience.name) ?? [],
      public: audience.public,
      withheld: audience.withheld,
      notice: audience.notice ?? labels.withheld,
      clearance,
      formerNames: [...former].filter(([, current]) => current === audience.name).map(([name]) => name)
    }
  })
  data.history.forEach((entry, index) => {
    for (const key of ['access', 'summaryAccess'] as const) {
      const mark = entry[key]
      if (mark !== undefined && !names.has(mark)) {
        file.message('Unexpected audience `' + mark + '` in `' + key + '`, ' + expected, {
          place: source.locate(['history', index, key]),
          source: 'kaitei',
          ruleId: 'access-audience'
        }).fatal = true
      }
    }
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


export interface PastConfig {
  /** Its `sources`, if it lists them. */
  sources?: string[]
  /** The keys of its history entries (`2014-06-13`, `2014-06-13-2`), as `parseConfig` gives them. */
  historyKeys: Set<string>
}

/**
 * A kaitei.yaml as it was at some commit: read by today's rules where they
 * still apply (sources, history dates and their keys), leniently about the
 * rest — a key unknown today or broken YAML is no reason to lose the past.
 */
export function parsePastConfig(text: string | undefined): PastConfig {
  const out: PastConfig = {historyKeys: new Set()}
  if (text === undefined) return out
  let data: unknown
  try {
    data = parseYaml(text)
  } catch {
    return out
  }
  const {sources, history} = (data ?? {}) as {sources?: unknown; history?: unknown}
  if (Array.isArray(sources) && sources.every((d) => typeof d === 'string')) out.sources = sources as string[]
  if (Array.isArray(history)) {
    for (const entry of history) {
      const date = (entry as {date?: unknown})?.date
      if (typeof date !== 'string') continue
      const parsed = parseDate(date)
      if (!parsed.ok) continue
      // The same keys as parseConfig: `-2`, `-3` … for later amendments of one day.
      let key = parsed.iso
      for (let n = 2; out.historyKeys.has(key); n++) key = parsed.iso + '-' + n
      out.historyKeys.add(key)
    }
  }
  return out
}

/** Today's date in Japan, ISO (the day an amendment is adopted is a day there). */
function todayInJapan(): string {
  return new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit'}).format(new Date())
}
