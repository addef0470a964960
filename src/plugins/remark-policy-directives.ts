/**
 * Check directives (`:::name`, `::name`, `:name[…]{…}`).
 *
 * - A container directive left open (no closing `:::`) is an error: the
 *   rest of the file would silently fall inside it.
 * - An unknown container or leaf directive is an error.
 * - An unknown *text* directive is put back as the text it was written as:
 *   `10:30` and `注意:以下` are prose, not directives.
 */
import type {Root, Text} from 'mdast'
import type {ContainerDirective, LeafDirective, TextDirective} from 'mdast-util-directive'
import {visit, SKIP} from 'unist-util-visit'
import type {VFile} from 'vfile'

export interface RemarkPolicyDirectivesOptions {
  /** Directive names kaitei understands (default: `['access']`). */
  known?: readonly string[]
}

const defaultKnown = ['access']

export default function remarkPolicyDirectives(options?: RemarkPolicyDirectivesOptions) {
  const known = new Set(options?.known ?? defaultKnown)

  return function (tree: Root, file: VFile) {
    const source = String(file.value)
    // Every directive starts with a colon: most Japanese text has none.
    if (!source.includes(':')) return

    visit(tree, function (node, index, parent) {
      if (node.type === 'textDirective') {
        if (!parent || index === undefined) return
        const start = node.position?.start.offset
        const end = node.position?.end.offset
        if (start === undefined || end === undefined) return
        const written = source.slice(start, end)
        // A known name with neither label nor attributes marks nothing: it is
        // prose (`mailto:access@…`). A mistyped marker near it is caught by
        // remark-policy-access-markers.
        if (known.has(node.name) && written !== ':' + node.name) return
        const directive = node as TextDirective
        if (directive.children.length > 0 || Object.keys(directive.attributes ?? {}).length > 0) {
          file.message('Unexpected unknown directive `:' + node.name + '`, expected one of ' + [...known].map((d) => '`:' + d + '`').join(', '), {
            place: node.position,
            source: 'kaitei',
            ruleId: 'unknown-directive'
          })
        }
        const text: Text = {type: 'text', value: written, position: node.position}
        parent.children.splice(index, 1, text)
        const at = mergeTexts(parent.children as Array<{type: string; value?: string}>, index)
        return [SKIP, at + 1]
      }

      if (node.type === 'containerDirective' || node.type === 'leafDirective') {
        const directive = node as ContainerDirective | LeafDirective
        const marker = node.type === 'containerDirective' ? ':::' : '::'
        if (!known.has(directive.name)) {
          file.message(
            'Unexpected unknown directive `' + marker + directive.name + '`, expected one of ' +
              [...known].map((d) => '`' + marker + d + '`').join(', '),
            {place: startOnly(node.position), source: 'kaitei', ruleId: 'unknown-directive'}
          ).fatal = true
        }
        if (node.type === 'containerDirective' && !isClosed(source, node.position?.end.offset)) {
          file.message(
            'Unexpected end of file inside `:::' + directive.name + '` opened here, expected a closing `:::`',
            {place: startOnly(node.position), source: 'kaitei', ruleId: 'unclosed-directive'}
          ).fatal = true
        }
      }
    })
  }
}

/** A container is closed when its last line is a `:::` fence. */
function isClosed(source: string, end: number | undefined): boolean {
  if (end === undefined) return true
  const lineStart = source.lastIndexOf('\n', end - 1) + 1
  // Inside a block quote the fence line starts with `>`.
  return /^[ \t>]*:{3,}[ \t]*$/.test(source.slice(lineStart, end))
}

function startOnly(position: ContainerDirective['position']) {
  return position ? {start: position.start, end: position.start} : undefined
}

/** Join the restored text with its text neighbours, as the parser would have. */
function mergeTexts(children: Array<{type: string; value?: string; position?: unknown}>, index: number): number {
  let at = index
  if (at > 0 && children[at - 1]!.type === 'text') {
    joinInto(children[at - 1]! as Text, children[at]! as Text)
    children.splice(at, 1)
    at--
  }
  if (at + 1 < children.length && children[at + 1]!.type === 'text') {
    joinInto(children[at]! as Text, children[at + 1]! as Text)
    children.splice(at + 1, 1)
  }
  return at
}

function joinInto(left: Text, right: Text) {
  left.value += right.value
  if (left.position && right.position) left.position = {start: left.position.start, end: right.position.end}
}

export {remarkPolicyDirectives}
