/**
 * Access control on the syntax tree, for one edition: withhold what the
 * run's audience (`file.data.kaitei.run.audience`) may not see — before
 * anything (outline, search text, footnotes, HTML) is derived from the tree.
 * The markers were checked once for all editions by
 * remark-policy-access-check; without an audience the full text stays,
 * every visible marker labelled.
 *
 * Markers: a file by front matter (`access: staff`), a block by
 * `:::access{audience=staff}` … `:::`, a span by `:access[…]{audience=staff}`.
 * Withheld content disappears, or leaves a notice, or leaves its headings
 * with a notice (`withheld=remove|notice|headings`; default: the
 * audience's). Footnote and link definitions used only by withheld content
 * go with it. Everything withheld is recorded on `file.data.kaitei.withheld`
 * for the leak guard.
 */
import type {FootnoteDefinition, Heading, Nodes, Paragraph, Parents, PhrasingContent, Root} from 'mdast'
import type {ContainerDirective} from 'mdast-util-directive'
import type {Properties} from 'hast'
import type {VFile} from 'vfile'
import {canSee, withheldModeFor, type Audience} from './audiences.js'
import {withheldModes, type WithheldMode} from '../config/schema.js'
import {collectStrings, type Fragment} from './fragments.js'
import {kaiteiData, runOf} from '../file-data.js'
import {isAccess, type AccessDirective} from './remark-policy-access-check.js'

export interface RemarkPolicyAccessOptions {
  /** All audiences of the publication. */
  audiences: readonly Audience[]
}

export default function remarkPolicyAccess(options: RemarkPolicyAccessOptions) {
  const {audiences} = options

  return function (tree: Root, file: VFile) {
    const data = kaiteiData(file)
    const {audience} = runOf(file)
    const withheld: Fragment[] = []
    data.withheld = withheld
    const frontMatter = data.frontMatter
    const places = data.frontMatterPlaces ?? {}
    const fileMark = data.fileAudience
    // When we cannot tell whom a file is for, nobody gets it (fail closed).
    const unknown = data.frontMatterInvalid === true || (frontMatter?.access !== undefined && fileMark === undefined)
    // Without an audience: the full text, every marker visible.
    const sees = (mark: string | undefined) => (audience ? canSee(audience, mark) : true)

    if (audience && (unknown || !sees(fileMark))) {
      data.fileWithheld = true
      // The whole file: its front matter values are withheld text too —
      // not `access` and `withheld`, which name an audience or a mode (the
      // build's own files name every audience: not a leak).
      for (const [key, value] of Object.entries(frontMatter ?? {})) {
        if (typeof value !== 'string' || key === 'access' || key === 'withheld') continue
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
    data.visible = visible.map((d) => d.text)

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


export {remarkPolicyAccess}
