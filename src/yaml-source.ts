/**
 * YAML with positions: parse a YAML text, validate it with a zod schema and
 * report every problem as a vfile message at the key or value it concerns.
 * Used for `kaitei.yaml` and for the front matter of each Markdown file.
 */
import {isMap, isSeq, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode} from 'yaml'
import type {VFile} from 'vfile'
import {z} from 'zod'
import {editDistance} from './text.js'

export interface Point {
  line: number
  column: number
}

export interface Span {
  start: Point
  end: Point
}

export interface YamlSource {
  /** The parsed data (plain JS), or `undefined` when the YAML is broken. */
  data: unknown
  /** The position of the value at `path`, or of its closest existing parent. */
  locate(path: ReadonlyArray<PropertyKey>, part?: 'key' | 'value'): Span
}

export interface YamlSourceOptions {
  /** Line in the file where the YAML text starts (default: `1`). */
  line?: number
  /** Rule id prefix for messages (default: `'yaml'`). */
  source?: string
}

/**
 * Parse `text` as YAML. Syntax errors become fatal-ish messages on `file`
 * (rule `yaml-syntax`) and `data` is then `undefined`.
 */
export function parseYamlSource(text: string, file: VFile, options: YamlSourceOptions = {}): YamlSource {
  const firstLine = options.line ?? 1
  const counter = new LineCounter()
  const doc = parseDocument(text, {lineCounter: counter, prettyErrors: false, uniqueKeys: true})

  const toPoint = (offset: number): Point => {
    const pos = counter.linePos(Math.max(0, Math.min(offset, text.length)))
    return {line: pos.line + firstLine - 1, column: pos.col}
  }

  const locate = (path: ReadonlyArray<PropertyKey>, part: 'key' | 'value' = 'value'): Span => {
    const found = findNode(doc, path, part)
    if (!found) return {start: toPoint(0), end: toPoint(0)}
    return {start: toPoint(found[0]), end: toPoint(found[1])}
  }

  let broken = false
  for (const error of doc.errors) {
    broken = true
    const [start, end] = error.pos
    file.message('Unexpected YAML syntax: ' + firstSentence(error.message) + ', expected valid YAML', {
      place: {start: toPoint(start), end: toPoint(end)},
      source: 'kaitei',
      ruleId: 'yaml-syntax'
    }).fatal = true
  }

  return {data: broken ? undefined : doc.toJS({maxAliasCount: 100}), locate}
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/\.$/, '').replace(/ at line \d+, column \d+:?$/, '')
}

/** Find the [start, end] offsets of the node at `path`, or its closest parent. */
function findNode(doc: Document, path: ReadonlyArray<PropertyKey>, part: 'key' | 'value'): [number, number] | undefined {
  let node: YamlNode | null | undefined = doc.contents as YamlNode | null
  let range: [number, number] | undefined = node?.range ? [node.range[0], node.range[1]] : undefined
  for (let index = 0; index < path.length; index++) {
    const segment = path[index]
    const last = index === path.length - 1
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment))
      if (!pair) return range
      const key = pair.key as YamlNode
      const value = pair.value as YamlNode | null
      if (last && part === 'key' && key.range) return [key.range[0], key.range[1]]
      if (value && value.range) {
        node = value
        range = [value.range[0], value.range[1]]
      } else {
        // `key:` with no value: point at the key.
        node = null
        if (key.range) range = [key.range[0], key.range[1]]
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as YamlNode | undefined
      if (!item || !item.range) return range
      node = item
      range = [item.range[0], item.range[1]]
    } else {
      return range
    }
  }
  return range
}

/**
 * Validate `source.data` against `schema`; report each issue at its place.
 * Returns the parsed value, or `undefined` when invalid.
 */
export function validateYamlSource<Schema extends z.ZodType>(
  schema: Schema,
  source: YamlSource,
  file: VFile,
  options: {what: string; ruleId: string}
): z.output<Schema> | undefined {
  if (source.data === undefined) return undefined
  const result = schema.safeParse(source.data ?? {})
  if (result.success) return result.data

  for (const issue of result.error.issues) {
    const path = issue.path.map((d) => (typeof d === 'symbol' ? String(d) : d))
    const name = path.length > 0 ? '`' + formatPath(path) + '`' : options.what
    if (issue.code === 'unrecognized_keys') {
      const allowed = knownKeys(schema, path)
      for (const key of issue.keys) {
        const near = allowed.find((d) => d.toLowerCase() === key.toLowerCase() || editDistance(d, key) <= 2)
        file.message(
          'Unexpected key `' + key + '` in ' + (path.length > 0 ? name : options.what) +
            (allowed.length > 0 ? ', expected one of ' + allowed.join(', ') : '') + (near ? ' (did you mean `' + near + '`?)' : ''),
          {place: source.locate([...path, key], 'key'), source: 'kaitei', ruleId: options.ruleId}
        ).fatal = true
      }
      continue
    }
    const value = valueAt(source.data, path)
    let reason: string
    if (issue.code === 'invalid_type') {
      reason =
        value === undefined
          ? 'Missing required ' + name + ', expected ' + issue.expected
          : 'Unexpected ' + describe(value) + ' for ' + name + ', expected ' + issue.expected
    } else if (issue.code === 'invalid_value') {
      reason =
        'Unexpected ' + describe(value) + ' for ' + name + ', expected one of ' +
        issue.values.map((d) => String(d)).join(', ')
    } else {
      reason = 'Unexpected ' + describe(value) + ' for ' + name + ', expected ' + lowerFirst(issue.message)
    }
    file.message(reason, {place: source.locate(path), source: 'kaitei', ruleId: options.ruleId}).fatal = true
  }
  return undefined
}

function lowerFirst(text: string): string {
  return text.replace(/^Invalid input: expected /, '').replace(/^Too small: expected /, '').replace(/^./, (d) => d.toLowerCase())
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const segment of path) {
    out += typeof segment === 'number' ? '[' + segment + ']' : (out ? '.' : '') + String(segment)
  }
  return out
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'list'
  if (typeof value === 'object') return 'mapping'
  if (typeof value === 'string') return '`' + (value.length > 40 ? value.slice(0, 40) + '…' : value) + '`'
  return typeof value + ' `' + String(value) + '`'
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value: unknown = data
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<PropertyKey, unknown>)[segment]
  }
  return value
}

/** The keys an object schema at `path` accepts, for "expected one of". */
function knownKeys(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let current: z.ZodType | undefined = unwrap(schema)
  for (const segment of path) {
    if (!current) return []
    if (current instanceof z.ZodObject) current = unwrap(current.shape[segment as string] as z.ZodType)
    else if (current instanceof z.ZodArray) current = unwrap(current.element as z.ZodType)
    else return []
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : []
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema
  while (current && (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable)) {
    current = current.unwrap() as z.ZodType
  }
  return current
}
