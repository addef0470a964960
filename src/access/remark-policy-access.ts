/**
 * Access control on the syntax tree: validate access markers, and for an
 * audience, withhold what it may not see — before anything (outline, search
 * text, footnotes, HTML) is derived from the tree.
 *
 * Markers: a file by front matter (`access: staff`), a block by
 * `:::access{audience=staff}` … `:::`, a span by `:access[…]{audience=staff}`.
 * Withheld content disappears, or leaves a notice, or leaves its headings
 * with a notice (`withheld=remove|notice|headings`; default: the
 * audience's). Footnote and link definitions used only by withheld content
 * go with it. Everything withheld is recorded as `file.data.kaiteiWithheld`
 * for the leak guard.
 */
import type {FootnoteDefinition, Heading, Nodes, Paragraph, Parents, PhrasingContent, Root, RootContent} from 'mdast'
import type {ContainerDirective, LeafDirective, TextDirective} from 'mdast-util-directive'
import type {Properties} from 'hast'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {canSee, currentName, isLooser, stricter, withheldModeFor, type Audience} from './audiences.js'
import {withheldModes, type WithheldMode} from '../config/schema.js'
import {collectStrings, type Fragment} from './fragments.js'

export interface RemarkPolicyAccessOptions {
  /** All audiences of the publication (for validation). */
  audiences: readonly Audience[]
  /** The audience to render for; without it, only validate (the full text). */
  audience?: Audience
}

declare module 'vfile' {
  interface DataMap {
    /** Text withheld from this edition, with source positions (leak guard). */
    kaiteiWithheld: Fragment[]
    /** Whether the whole file was withheld from this edition. */
    kaiteiFileWithheld: boolean
    /** Every string the edition keeps (leak-guard fingerprints that also occur here are dropped). */
    kaiteiVisible: string[]
  }
}

type AccessDirective = ContainerDirective | LeafDirective | TextDirective
const knownAttributes = new Set(['audience', 'withheld', 'note'])

export default function remarkPolicyAccess(options: RemarkPolicyAccessOptions) {
  const {audiences, audience} = options
  const names = audiences.map((d) => d.name)

  return function (tree: Root, file: VFile) {
    const withheld: Fragment[] = []
    file.data.kaiteiWithheld = withheld
    const frontMatter = file.data.kaitei?.frontMatter
    const places = file.data.kaiteiFrontMatterPlaces ?? {}

    // Old names of renamed audiences (`renamedFrom`) mean today's audience.
    if (audiences.some((d) => d.formerNames?.length)) renamed(tree)
    let fileMark = frontMatter?.access === undefined ? undefined : currentName(audiences, frontMatter.access)
    // When we cannot tell whom a file is for, nobody gets it (fail closed).
    let unknown = file.data.kaitei?.frontMatterInvalid === true
    if (fileMark !== undefined && !names.includes(fileMark)) {
      file.message('Unexpected audience `' + fileMark + '` in front matter `access`, expected one of ' + names.join(', '), {
        place: places.access,
        source: 'kaitei',
        ruleId: 'access-audience'
      }).fatal = true
      fileMark = undefined
      unknown = true
    }

    validate(tree, fileMark)
    // Without an audience: the full text, every marker visible.
    const sees = (mark: string | undefined) => (audience ? canSee(audience, mark) : true)

    if (audience && (unknown || !sees(fileMark))) {
      file.data.kaiteiFileWithheld = true
      // The whole file: its front matter values are withheld text too.
      for (const [key, value] of Object.entries(frontMatter ?? {})) {
        if (typeof value !== 'string') continue
        const kind = key === 'title' ? 'title' : key === 'id' ? 'id' : undefined
        withheld.push(kind ? {text: value, place: places[key]?.start, kind} : {text: value, place: places[key]?.start})
      }
      // A file nobody can place is removed outright; otherwise the mode is
      // that of the most reticent edition that includes this one.
      const mode = unknown ? 'remove' : withheldModeFor(audiences, audience, fileMark, frontMatter?.withheld)
      tree.children = withhold(tree.children, mode, audience) as Root['children']
    } else {
      redact(tree)
    }
    if (!audience) return
    pruneDefinitions(tree)
    const visible: Fragment[] = []
    collectStrings(tree, visible)
    file.data.kaiteiVisible = visible.map((d) => d.text)

    /** Markers written with a former name of an audience, renamed to its name today. */
    function renamed(node: Nodes) {
      if (isAccess(node) && node.attributes?.audience) {
        const name = currentName(audiences, node.attributes.audience)
        if (name !== node.attributes.audience) node.attributes = {...node.attributes, audience: name}
      }
      if ('children' in node) for (const child of node.children as Nodes[]) renamed(child)
    }

    /** Check markers: known audience and attributes, no looser block in a stricter one. */
    function validate(node: Nodes, enclosing: string | undefined) {
      if (!('children' in node)) return
      for (const child of node.children as Nodes[]) {
        let mark = enclosing
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
              {place: child.position, source: 'kaitei', ruleId: 'access-nesting'}
            ).fatal = true
          } else {
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
        validate(child, mark)
      }
    }

    /** Replace access markers: unwrap what the audience sees, withhold the rest. */
    function redact(parent: Parents) {
      const out: Nodes[] = []
      for (const child of parent.children as Nodes[]) {
        if (isAccess(child)) {
          const name = child.attributes?.audience ?? undefined
          if (name && sees(name)) {
            redact(child)
            out.push(decorate(child, name))
          } else if (!audience) {
            // Full text with a broken marker (already an error): keep as is.
            redact(child)
            out.push(child)
          } else {
            out.push(...withhold([child], modeOf(child, audience), audience, child.type === 'textDirective'))
          }
          continue
        }
        if ('children' in child) redact(child)
        out.push(child)
      }
      ;(parent as {children: Nodes[]}).children = out
    }

    /** A visible access block: marked for readers of the stricter edition. */
    function decorate(node: AccessDirective, name: string): Nodes {
      const label = audiences.find((d) => d.name === name)?.label ?? name
      const note = node.attributes?.note ?? undefined
      const properties: Properties = {className: [node.type === 'textDirective' ? 'access-span' : 'access-block'], dataAudience: name}
      if (note) properties.title = note
      if (node.type === 'textDirective') {
        node.data = {...node.data, hName: 'span', hProperties: properties}
        return node
      }
      const labelNode: Paragraph = {
        type: 'paragraph',
        data: {hProperties: {className: ['access-label']}},
        children: [{type: 'text', value: label}]
      }
      node.data = {...node.data, hName: 'div', hProperties: properties}
      if (node.type === 'leafDirective') {
        return {type: 'containerDirective', name: 'access', attributes: node.attributes, data: node.data, position: node.position, children: [labelNode, {type: 'paragraph', children: node.children}]} as ContainerDirective
      }
      node.children.unshift(labelNode)
      return node
    }

    /** What remains of withheld nodes, by mode; records what was withheld. */
    function withhold(nodes: Nodes[], mode: WithheldMode, viewer: Audience, inline = false): Nodes[] {
      const notice = (): Nodes =>
        inline
          ? ({type: 'emphasis', data: {hName: 'span', hProperties: {className: ['withheld-notice']}}, children: [{type: 'text', value: viewer.notice}]} as PhrasingContent)
          : ({type: 'paragraph', data: {hProperties: {className: ['withheld-notice']}}, children: [{type: 'text', value: viewer.notice}]} as Paragraph)

      if (mode === 'headings' && !inline) {
        const kept: Nodes[] = []
        const headings: Heading[] = []
        const find = (node: Nodes) => {
          if (node.type === 'heading') {
            headings.push(node)
            return
          }
          // A stricter block inside shows its headings only if its own mode
          // for this audience says so (editions stay monotonic).
          if (isAccess(node) && modeOf(node, viewer) !== 'headings') return
          if ('children' in node) for (const child of node.children as Nodes[]) find(child)
        }
        for (const node of nodes) find(node)
        // Everything but the headings shown is withheld.
        const shown = new Set<Nodes>(headings)
        for (const node of nodes) collectStrings(node, withheld, (d) => shown.has(d))
        for (const heading of headings) {
          // A heading may itself hold a stricter span.
          redact(heading)
          kept.push(heading, notice())
        }
        return kept.length > 0 ? kept : [notice()]
      }

      for (const node of nodes) collectStrings(node, withheld)
      if (mode === 'remove') return []
      return [notice()]
    }

    /** The mode for a marked node the viewer may not see (see `withheldModeFor`). */
    function modeOf(node: AccessDirective, viewer: Audience): WithheldMode {
      const explicit = node.attributes?.withheld
      const written = explicit && (withheldModes as readonly string[]).includes(explicit) ? (explicit as WithheldMode) : undefined
      return withheldModeFor(audiences, viewer, node.attributes?.audience ?? undefined, written)
    }

    /** Drop footnote and link definitions nothing visible refers to any more. */
    function pruneDefinitions(root: Root) {
      const used = new Set<string>()
      const usedNotes = new Set<string>()
      const scan = (node: Nodes) => {
        if (node.type === 'linkReference' || node.type === 'imageReference') used.add(node.identifier)
        if (node.type === 'footnoteReference') usedNotes.add(node.identifier)
        if ('children' in node) for (const child of node.children as Nodes[]) scan(child)
      }
      // Footnotes can refer to footnotes: scan until nothing new is used.
      let size = -1
      while (used.size + usedNotes.size !== size) {
        size = used.size + usedNotes.size
        const visit = (node: Nodes) => {
          if (node.type === 'footnoteDefinition' && !usedNotes.has(node.identifier)) return
          if (node.type === 'definition') return
          if (node.type === 'footnoteDefinition') {
            for (const child of node.children) scan(child)
            return
          }
          if (node.type === 'linkReference' || node.type === 'imageReference') used.add(node.identifier)
          if (node.type === 'footnoteReference') usedNotes.add(node.identifier)
          if ('children' in node) for (const child of node.children as Nodes[]) visit(child)
        }
        visit(root)
      }
      const prune = (parent: Parents) => {
        const kept: Nodes[] = []
        for (const child of parent.children as Nodes[]) {
          if (child.type === 'definition' && !used.has(child.identifier)) {
            collectStrings(child, withheld)
            continue
          }
          if (child.type === 'footnoteDefinition' && !usedNotes.has((child as FootnoteDefinition).identifier)) {
            collectStrings(child, withheld)
            continue
          }
          if ('children' in child) prune(child)
          kept.push(child)
        }
        ;(parent as {children: Nodes[]}).children = kept
      }
      prune(root)
    }
  }
}

function isAccess(node: Nodes): node is AccessDirective {
  return (node.type === 'containerDirective' || node.type === 'leafDirective' || node.type === 'textDirective') && node.name === 'access'
}

export type {Position, RootContent}
export {remarkPolicyAccess}
