/**
 * Read and validate the YAML front matter of a policy file, store it on
 * `file.data.kaitei.frontMatter`, and remove it from the tree so that it is
 * never rendered.
 *
 * - A file without front matter, or with front matter of another tool that
 *   has no `title`, takes its title from its first heading (files written
 *   for other tools often start with `# Title`); without a heading either,
 *   from its file name, with a warning (no front matter) or an error.
 * - A key kaitei does not know is a typo when it is close to one of its own
 *   (`titel`: an error that says "did you mean `title`?"); otherwise it
 *   belongs to another tool (a site generator's `permalink`, `layout`,
 *   `redirect_from`): a warning that it is ignored, or nothing at all when
 *   kaitei.yaml lists it in `foreignKeys`.
 * - In a past version (`relaxed`), which cannot be edited, every problem
 *   but those of `access` is a warning and the value is left out.
 */
import type {Heading, Root} from 'mdast'
import path from 'node:path'
import type {VFile} from 'vfile'
import {editDistance} from '../text.js'
import {frontMatterSchema} from '../config/schema.js'
import {kaiteiData, runOf} from '../file-data.js'
import {parseYamlSource, validateYamlSource, type YamlSource} from '../yaml-source.js'
import {keyOf, unreadFrontMatter} from './front-matter-shape.js'
import {toString} from 'mdast-util-to-string'
import {textOutsideAccess} from './remark-policy-sections.js'

export interface RemarkPolicyFrontMatterOptions {
  /** Keys of other tools, ignored without a word (default: none). */
  foreignKeys?: readonly string[]
}

const emptyOptions: RemarkPolicyFrontMatterOptions = {}
const ownKeys = Object.keys(frontMatterSchema.shape)
/** Keys whose problems always stop the build: whom a file is for. */
const accessKeys = new Set(['access', 'withheld'])

export default function remarkPolicyFrontMatter(options?: RemarkPolicyFrontMatterOptions) {
  const settings = options || emptyOptions
  const foreign = new Set(settings.foreignKeys ?? [])

  return function (tree: Root, file: VFile) {
    const data = kaiteiData(file)
    const relaxed = runOf(file).relaxed === true
    const first = tree.children[0]
    // Front matter the parser did not read (closed by `...`, a blank line
    // before it, `+++`, `access:` under the block): an error, and the file
    // is withheld from every edition — nobody can tell whom it is for.
    const read = first?.type === 'yaml' ? first.position?.end.offset : undefined
    const heading = tree.children.find((d): d is Heading => d.type === 'heading' && keyOf(toString(d), ownKeys) === undefined)
    for (const problem of unreadFrontMatter(String(file.value), {readEnd: read, stopLine: heading?.position?.start.line, keys: ownKeys})) {
      file.message(problem.reason, {place: {line: problem.line, column: problem.column}, source: 'kaitei', ruleId: 'front-matter'}).fatal = true
      data.frontMatterInvalid = true
    }
    const firstHeading = tree.children.find((d): d is Heading => d.type === 'heading')
    const headingTitle = firstHeading ? textOutsideAccess(firstHeading).replace(/\s*\{#[A-Za-z][\w-]*\}\s*$/, '').trim() : ''
    if (!first || first.type !== 'yaml') {
      const title = headingTitle
      if (title) {
        data.frontMatter = {title}
      } else {
        const name = path.basename(file.path || 'untitled', path.extname(file.path || ''))
        data.frontMatter = {title: name}
        file.message('Missing front matter and heading, expected a `---` YAML block with `title` or a `#` heading: titled `' + name + '` after the file', {
          place: {line: 1, column: 1},
          source: 'kaitei',
          ruleId: 'front-matter'
        })
      }
      return
    }
    tree.children.shift()
    // The YAML text starts on the line after the opening `---`.
    const line = (first.position?.start.line ?? 1) + 1
    const source = parseYamlSource(first.value, file, {line})
    const raw = source.data
    if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
      // Not a mapping: let the schema say so.
    } else if (raw) {
      const kept: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        if (ownKeys.includes(key)) {
          kept[key] = value
          continue
        }
        if (foreign.has(key)) continue
        const near = ownKeys.find((own) => own.toLowerCase() === key.toLowerCase() || editDistance(own, key.toLowerCase()) <= 2)
        const place = source.locate([key], 'key')
        if (near) {
          file.message('Unexpected key `' + key + '` in front matter, expected `' + near + '` (did you mean `' + near + '`?)', {
            place,
            source: 'kaitei',
            ruleId: 'front-matter'
          }).fatal = !relaxed || accessKeys.has(near)
        } else {
          file.message(
            'Unexpected key `' + key + '` in front matter, ignored: kaitei does not read it (list the keys of other tools in `foreignKeys` of kaitei.yaml to say so)',
            {place, source: 'kaitei', ruleId: 'front-matter-foreign'}
          )
        }
      }
      // Front matter of another tool (comply's `name`, `acronym`,
      // `satisfies`) has no `title`: the first heading gives it, as it does
      // for a file without front matter.
      if (kept.title === undefined && headingTitle) kept.title = headingTitle
      source.data = kept
    } else if (raw === null && headingTitle) {
      // An empty block (`---` `---`): the same.
      source.data = {title: headingTitle}
    }
    const frontMatter = relaxed ? validateRelaxed(source, file) : validateYamlSource(frontMatterSchema, source, file, {what: 'front matter', ruleId: 'front-matter'})
    // Without valid front matter nobody can tell whom the file is for: the
    // access plugin then withholds it from every edition (fail closed).
    if (!frontMatter) data.frontMatterInvalid = true
    if (frontMatter) {
      data.frontMatter = frontMatter
      data.frontMatterPlaces = Object.fromEntries(Object.keys(frontMatter).map((key) => [key, source.locate([key])]))
    }
  }
}

/**
 * A past version's front matter, key by key: a value that is wrong by
 * today's rules is a warning and left out (a missing title is taken from
 * the file name), except `access` and `withheld`, which fail closed.
 */
function validateRelaxed(source: YamlSource, file: VFile) {
  if (source.data === undefined) return undefined
  const data = {...((source.data ?? {}) as Record<string, unknown>)}
  const shape = frontMatterSchema.shape as Record<string, {safeParse(value: unknown): {success: boolean}}>
  for (const key of Object.keys(data)) {
    if (accessKeys.has(key) || shape[key]!.safeParse(data[key]).success) continue
    file.message('Unexpected value of `' + key + '` in front matter by today\'s rules, left out of this past version', {
      place: source.locate([key]),
      source: 'kaitei',
      ruleId: 'front-matter'
    })
    delete data[key]
  }
  if (typeof data.title !== 'string' || data.title === '') data.title = path.basename(file.path || 'untitled', path.extname(file.path || ''))
  return validateYamlSource(frontMatterSchema, {...source, data}, file, {what: 'front matter', ruleId: 'front-matter'})
}

export {remarkPolicyFrontMatter}
