/**
 * Check the access markers of a file, once for every edition: the
 * audiences they name exist (today's name for a renamed one: markers written
 * with a former name are renamed in the tree), their attributes are known,
 * and no block shows more than the block around it. Every problem is an
 * error: a marker kaitei cannot read would publish what it was meant to
 * withhold. The file's own audience (front matter `access`) goes on
 * `file.data.kaitei.fileAudience`; remark-policy-access redacts by it.
 */
import {visit} from 'unist-util-visit'
import type {Nodes, Root} from 'mdast'
import type {ContainerDirective, LeafDirective, TextDirective} from 'mdast-util-directive'
import type {VFile} from 'vfile'
import {currentName, isLooser, stricter, type Audience} from './audiences.js'
import {withheldModes} from '../config/schema.js'
import {kaiteiData} from '../file-data.js'
import {related} from '../messages.js'

export interface RemarkPolicyAccessCheckOptions {
  /** All audiences of the publication. */
  audiences: readonly Audience[]
}

export type AccessDirective = ContainerDirective | LeafDirective | TextDirective
const knownAttributes = new Set(['audience', 'withheld', 'note'])

export default function remarkPolicyAccessCheck(options: RemarkPolicyAccessCheckOptions) {
  const {audiences} = options
  const names = audiences.map((d) => d.name)

  return function (tree: Root, file: VFile) {
    const data = kaiteiData(file)
    const frontMatter = data.frontMatter
    const places = data.frontMatterPlaces ?? {}

    // Old names of renamed audiences (`renamedFrom`) mean today's audience.
    if (audiences.some((d) => d.formerNames?.length)) renamed(tree)
    let fileMark = frontMatter?.access === undefined ? undefined : currentName(audiences, frontMatter.access)
    if (fileMark !== undefined && !names.includes(fileMark)) {
      file.message('Unexpected audience `' + fileMark + '` in front matter `access`, expected one of ' + names.join(', '), {
        place: places.access,
        source: 'kaitei',
        ruleId: 'access-audience'
      }).fatal = true
      fileMark = undefined
    }
    data.fileAudience = fileMark
    validate(tree, fileMark, undefined)

    /** Markers written with a former name of an audience, renamed to its name today. */
    function renamed(root: Nodes) {
      visit(root, (node: Nodes) => {
        if (isAccess(node) && node.attributes?.audience) {
          const name = currentName(audiences, node.attributes.audience)
          if (name !== node.attributes.audience) node.attributes = {...node.attributes, audience: name}
        }
      })
    }

    /**
     * Check markers: known audience and attributes, no looser block in a
     * stricter one. `outer` is the marker that made `enclosing` (none: the
     * file's front matter, or nothing).
     */
    function validate(node: Nodes, enclosing: string | undefined, outer: AccessDirective | undefined) {
      if (!('children' in node)) return
      for (const child of node.children as Nodes[]) {
        let mark = enclosing
        let markedBy = outer
        if (isAccess(child)) {
          const attributes = child.attributes ?? {}
          for (const key of Object.keys(attributes)) {
            if (!knownAttributes.has(key)) {
              file.message('Unexpected attribute `' + key + '` on `access`, expected audience, withheld or note', {
                place: child.position,
                source: 'kaitei',
                ruleId: 'access-attribute'
              }).fatal = true
            }
          }
          const name = attributes.audience ?? undefined
          if (!name) {
            file.message('Missing `audience` on `access`, expected `{audience=' + (names[1] ?? names[0]) + '}`', {
              place: child.position,
              source: 'kaitei',
              ruleId: 'access-audience'
            }).fatal = true
          } else if (!names.includes(name)) {
            file.message('Unexpected audience `' + name + '`, expected one of ' + names.join(', '), {
              place: child.position,
              source: 'kaitei',
              ruleId: 'access-audience'
            }).fatal = true
          } else if (isLooser(audiences, name, enclosing)) {
            file.message(
              'Unexpected looser audience `' + name + '` inside content for `' + enclosing + '`, expected `' + enclosing +
                '` or a stricter audience (an inner block cannot show more than its outer one)',
              {
                place: child.position,
                source: 'kaitei',
                ruleId: 'access-nesting',
                cause: related(
                  outer ? 'the content for `' + enclosing + '` it stands in' : 'the front matter that makes the file for `' + enclosing + '`',
                  outer ? outer.position?.start : kaiteiData(file).frontMatterPlaces?.access?.start,
                  file.path
                )
              }
            ).fatal = true
          } else {
            if (mark !== stricter(audiences, name, enclosing)) markedBy = child
            mark = stricter(audiences, name, enclosing)
          }
          const mode = attributes.withheld
          if (mode !== undefined && mode !== null && !(withheldModes as readonly string[]).includes(mode)) {
            file.message('Unexpected withheld mode `' + mode + '`, expected one of ' + withheldModes.join(', '), {
              place: child.position,
              source: 'kaitei',
              ruleId: 'access-attribute'
            }).fatal = true
          }
        }
        validate(child, mark, markedBy)
      }
    }

  }
}

export function isAccess(node: Nodes): node is AccessDirective {
  return (node.type === 'containerDirective' || node.type === 'leafDirective' || node.type === 'textDirective') && node.name === 'access'
}

export {remarkPolicyAccessCheck}
