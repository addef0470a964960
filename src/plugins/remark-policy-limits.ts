/**
 * Report what the parser refused (see source-limits.ts), and refuse a tree
 * nested deeper than any policy is: every later stage walks the tree, and a
 * hostile depth would overflow their stacks. A refused file keeps only its
 * front matter; the errors stop the build.
 */
import type {Nodes, Root} from 'mdast'
import type {VFile} from 'vfile'
import {defaultSourceLimits} from '../source-limits.js'

export interface RemarkPolicyLimitsOptions {
  /** Deepest tree accepted (default: `100`). */
  maxTreeDepth?: number
}

export default function remarkPolicyLimits(options?: RemarkPolicyLimitsOptions) {
  const maxDepth = options?.maxTreeDepth ?? defaultSourceLimits.maxTreeDepth

  return function (tree: Root, file: VFile) {
    for (const problem of tree.data?.kaitei?.refused ?? []) {
      file.message(problem.reason, {place: {line: problem.line, column: problem.column}, source: 'kaitei', ruleId: problem.ruleId}).fatal = true
    }
    // Iteratively: a recursive walk is what a deep tree would break.
    const stack: Array<[Nodes, number]> = [[tree, 0]]
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!
      if (depth > maxDepth) {
        file.message('Unexpected content nested ' + depth + ' levels deep, expected at most ' + maxDepth, {
          place: node.position,
          source: 'kaitei',
          ruleId: 'source-limit'
        }).fatal = true
        tree.children = tree.children.filter((d) => d.type === 'yaml')
        return
      }
      if ('children' in node) for (const child of node.children as Nodes[]) stack.push([child, depth + 1])
    }
  }
}

export {remarkPolicyLimits}
