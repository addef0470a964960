/**
 * Read and validate the YAML front matter of a policy file, store it on
 * `file.data.kaitei.frontMatter`, and remove it from the tree so that it is
 * never rendered.
 */
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {frontMatterSchema} from '../config/schema.js'
import {kaiteiData} from '../file-data.js'
import {parseYamlSource, validateYamlSource} from '../yaml-source.js'

export interface RemarkPolicyFrontMatterOptions {
  /** Whether a file without front matter is an error (default: `true`). */
  required?: boolean
}

const emptyOptions: RemarkPolicyFrontMatterOptions = {}

export default function remarkPolicyFrontMatter(options?: RemarkPolicyFrontMatterOptions) {
  const required = (options || emptyOptions).required ?? true

  return function (tree: Root, file: VFile) {
    const data = kaiteiData(file)
    const first = tree.children[0]
    if (!first || first.type !== 'yaml') {
      if (required) {
        file.message('Missing front matter, expected a `---` YAML block with at least `title`', {
          place: {line: 1, column: 1},
          source: 'kaitei',
          ruleId: 'front-matter'
        }).fatal = true
      }
      return
    }
    tree.children.shift()
    // The YAML text starts on the line after the opening `---`.
    const line = (first.position?.start.line ?? 1) + 1
    const source = parseYamlSource(first.value, file, {line})
    const frontMatter = validateYamlSource(frontMatterSchema, source, file, {
      what: 'front matter',
      ruleId: 'front-matter'
    })
    // Without valid front matter nobody can tell whom the file is for: the
    // access plugin then withholds it from every edition (fail closed).
    if (!frontMatter) data.frontMatterInvalid = true
    if (frontMatter) {
      data.frontMatter = frontMatter
      file.data.kaiteiFrontMatterPlaces = Object.fromEntries(Object.keys(frontMatter).map((key) => [key, source.locate([key])]))
    }
  }
}

export {remarkPolicyFrontMatter}
