/**
 * Generated policy sets for the pairing property test: several English
 * policy files sharing boilerplate ("Scope" and "Enforcement" in every file),
 * changed by random operations — files deleted, added, renamed and split;
 * sections moved between files, inserted, deleted, reordered, lightly edited
 * and rewritten whole. The generator knows which section is which: each has
 * an identity that the operations carry along, and the test holds every
 * pair kaitei reports against it.
 */
import {random} from '../../bench/generate-policy.js'

export interface GenSection {
  /** Who it is: kept through every operation that keeps the section. */
  identity: string
  title: string
  body: string
  subsections: GenSection[]
  boilerplate?: boolean
}

export interface GenFile {
  /** Who it is (its `#` heading): kept when the file is renamed. */
  identity: string
  path: string
  title: string
  sections: GenSection[]
}

export type GenSet = GenFile[]

const vocabulary = (
  'access account audit backup business change classify client cloud code company confidential contract control customer data ' +
  'database delete device disaster document email employee encrypt event evidence exception external firewall hardware identity ' +
  'incident information inventory key laptop law license log management media mobile monitor network notice office owner ' +
  'partner password patch personal physical plan privacy procedure process record recovery register release remote report request ' +
  'retention review risk role room secure server service software staff storage supplier system team test threat token training ' +
  'transfer update user vendor visitor vulnerability wireless within without weekly monthly quarterly annually promptly securely ' +
  'approved authorised documented restricted assigned reviewed protected tested recorded reported retained removed'
).split(' ')
const joiners = ['the', 'of', 'and', 'to', 'for', 'by', 'with', 'in', 'on', 'must', 'shall', 'is', 'are', 'be', 'each', 'every', 'all', 'any']

export const scope = 'This policy applies to all staff.'
export const enforcement = 'Violations of this policy may result in disciplinary action, up to and including termination of employment.'

export class Generator {
  private next: () => number
  private counter = 0
  constructor(seed: number) {
    this.next = random(seed)
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  sentence(): string {
    const words: string[] = []
    const length = this.int(12, 24)
    for (let i = 0; i < length; i++) words.push(i % 3 === 1 ? this.pick(joiners) : this.pick(vocabulary))
    const text = words.join(' ')
    return text[0]!.toUpperCase() + text.slice(1) + '.'
  }

  body(): string {
    return Array.from({length: this.int(1, 3)}, () => this.sentence()).join(' ')
  }

  title(): string {
    const words = Array.from({length: this.int(2, 4)}, () => this.pick(vocabulary))
    return words.map((d) => d[0]!.toUpperCase() + d.slice(1)).join(' ') + ' ' + ++this.counter
  }

  section(depth = 0): GenSection {
    const subsections = depth === 0 && this.chance(0.25) ? Array.from({length: this.int(1, 3)}, () => this.section(1)) : []
    return {identity: 's' + ++this.counter, title: this.title(), body: this.body(), subsections}
  }

  file(): GenFile {
    const name = this.title()
    return {
      identity: 'f' + ++this.counter,
      path: 'docs/' + name.toLowerCase().replace(/\s+/g, '-') + '.md',
      title: name + ' Policy',
      sections: [
        {identity: 's' + ++this.counter, title: 'Scope', body: scope, subsections: [], boilerplate: true},
        ...Array.from({length: this.int(1, 4)}, () => this.section()),
        {identity: 's' + ++this.counter, title: 'Enforcement', body: enforcement, subsections: [], boilerplate: true}
      ]
    }
  }

  set(): GenSet {
    return Array.from({length: this.int(3, 6)}, () => this.file())
  }

  /** Light edit: one or two words replaced. */
  edit(text: string): string {
    const words = text.split(' ')
    for (let i = 0, n = this.int(1, 2); i < n; i++) words[this.int(0, words.length - 1)] = this.pick(vocabulary)
    return words.join(' ')
  }

  /** Change a copy of `set` by one to four random operations; says what it did. */
  change(set: GenSet): {after: GenSet; operations: string[]} {
    const after: GenSet = structuredClone(set)
    const operations: string[] = []
    const movable = (file: GenFile) => file.sections.filter((d) => !d.boilerplate)
    for (let i = 0, n = this.int(1, 4); i < n; i++) {
      const kind = this.pick(['delete-file', 'add-file', 'rename-file', 'split-file', 'move-section', 'edit', 'rewrite', 'insert', 'delete', 'reorder', 'retitle'] as const)
      const file = this.pick(after)
      if (!file) break
      switch (kind) {
        case 'delete-file':
          if (after.length <= 2) continue
          after.splice(after.indexOf(file), 1)
          break
        case 'add-file':
          after.splice(this.int(0, after.length), 0, this.file())
          break
        case 'rename-file':
          file.path = file.path.replace(/\.md$/, '-' + ++this.counter + '.md')
          break
        case 'split-file': {
          const own = movable(file)
          if (own.length < 2) continue
          const moving = own.slice(-this.int(1, own.length - 1))
          file.sections = file.sections.filter((d) => !moving.includes(d))
          const name = this.title()
          after.splice(after.indexOf(file) + 1, 0, {identity: 'f' + ++this.counter, path: 'docs/' + name.toLowerCase().replace(/\s+/g, '-') + '.md', title: name + ' Policy', sections: moving})
          break
        }
        case 'move-section': {
          const own = movable(file)
          const other = this.pick(after.filter((d) => d !== file))
          if (own.length === 0 || !other) continue
          const section = this.pick(own)
          file.sections.splice(file.sections.indexOf(section), 1)
          other.sections.splice(this.int(1, other.sections.length - 1), 0, section)
          break
        }
        case 'edit': {
          const section = this.pick(movable(file))
          if (!section) continue
          section.body = this.edit(section.body)
          break
        }
        case 'rewrite': {
          const section = this.pick(movable(file))
          if (!section) continue
          section.body = this.body()
          break
        }
        case 'insert':
          file.sections.splice(this.int(1, file.sections.length - 1), 0, this.section())
          break
        case 'delete': {
          const section = this.pick(movable(file))
          if (!section) continue
          file.sections.splice(file.sections.indexOf(section), 1)
          break
        }
        case 'reorder': {
          const own = movable(file)
          if (own.length < 2) continue
          const a = file.sections.indexOf(own[0]!)
          const b = file.sections.indexOf(own[own.length - 1]!)
          ;[file.sections[a], file.sections[b]] = [file.sections[b]!, file.sections[a]!]
          break
        }
        case 'retitle': {
          const section = this.pick(movable(file))
          if (!section) continue
          section.title = section.title + ' and ' + this.pick(vocabulary)
          break
        }
      }
      operations.push(kind + ' ' + file.path)
    }
    return {after, operations}
  }
}

/** The files as Markdown: `# Title`, `## N. Section`, `### N.M Subsection`. */
export function render(set: GenSet): Record<string, string> {
  const out: Record<string, string> = {}
  for (const file of set) {
    let text = '---\ntitle: ' + file.title + '\n---\n\n# ' + file.title + '\n'
    file.sections.forEach((section, index) => {
      text += '\n## ' + (index + 1) + '. ' + section.title + '\n\n' + section.body + '\n'
      section.subsections.forEach((sub, at) => {
        text += '\n### ' + (index + 1) + '.' + (at + 1) + ' ' + sub.title + '\n\n' + sub.body + '\n'
      })
    })
    out[file.path] = text
  }
  return out
}

/** Every section with where it stands: file, number, title, body and its parent's identity. */
export function placesOf(set: GenSet): Map<string, {file: string; number: string; title: string; body: string; parent?: string; boilerplate?: boolean}> {
  const out = new Map<string, {file: string; number: string; title: string; body: string; parent?: string; boilerplate?: boolean}>()
  for (const file of set) {
    out.set(file.identity, {file: file.path, number: '', title: file.title, body: ''})
    file.sections.forEach((section, index) => {
      out.set(section.identity, {file: file.path, number: index + 1 + '.', title: section.title, body: section.body, parent: file.identity, boilerplate: section.boilerplate})
      section.subsections.forEach((sub, at) => {
        out.set(sub.identity, {file: file.path, number: index + 1 + '.' + (at + 1), title: sub.title, body: sub.body, parent: section.identity})
      })
    })
  }
  return out
}
