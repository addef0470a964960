/**
 * Plugins on their own, the way mdast-util-to-hast is tested: a small tree
 * in (parsed by kaitei's parser, or written with `h`), one plugin run, the
 * tree out compared with the tree expected. Positions are left out.
 */
import type {Root as HastRoot} from 'hast'
import type {Root} from 'mdast'
import {unified, type Pluggable} from 'unified'
import {VFile} from 'vfile'
import type {Audience} from '../../src/access/audiences.js'
import type {KaiteiFileData} from '../../src/file-data.js'
import {createPolicyParser} from '../../src/processor.js'

export const audiences: Audience[] = [
  {name: 'public', label: '公開', includes: [], public: true, withheld: 'remove', notice: '（非公開）', clearance: ['public']},
  {name: 'staff', label: '庁内限定', includes: ['public'], public: false, withheld: 'notice', notice: '（庁内限定）', clearance: ['staff', 'public']}
]

/** A file with kaitei's data set as a run would have it. */
export function fileWith(value: string, data: Partial<KaiteiFileData> = {}): VFile {
  return new VFile({path: '/p/docs/a.md', value, data: {kaitei: {sections: [], ...data}}})
}

/** Markdown → mdast, as the pipeline parses it. */
export function parse(file: VFile): Root {
  return createPolicyParser().parse(file) as Root
}

/** Run plugins on a tree: each a plugin, or `[plugin, options]`. */
export async function run<T extends Root | HastRoot>(tree: T, file: VFile, ...plugins: Array<Pluggable | [unknown, unknown]>): Promise<T> {
  const processor = unified()
  for (const plugin of plugins) {
    if (Array.isArray(plugin)) processor.use(plugin[0] as never, plugin[1] as never)
    else processor.use(plugin as never)
  }
  return (await processor.run(tree as never, file)) as T
}

/** A tree without positions (and without undefined fields), to compare. */
export function clean<T>(tree: T): T {
  return JSON.parse(JSON.stringify(tree, (key, value) => (key === 'position' ? undefined : value)))
}

/** Messages as `line:column rule reason`. */
export function messages(file: VFile): string[] {
  return file.messages.map((d) => d.line + ':' + d.column + ' ' + d.ruleId + ' ' + d.reason)
}
