/**
 * The `lint:` section of kaitei.yaml: each rule `off`, `warn` or `error`.
 * A rule is a family of rule ids (the numbering rule reports
 * `numbering-sequence`); a rule not named keeps the severity it reports with.
 */
import type {VFileMessage} from 'vfile-message'
import type {LintConfig} from '../config/schema.js'

/** Each lint rule and the rule ids it reports. */
export const lintRules = {
  'cross-reference': ['cross-reference'],
  'defined-term': ['defined-term'],
  numbering: ['numbering-sequence'],
  // history-order is not among them: versions are found in date order, so it is always an error.
  history: ['history-same-day', 'history-effective', 'history-future'],
  link: ['link-anchor', 'remote-resource']
} as const

export type LintRule = keyof typeof lintRules

const familyOf = new Map<string, LintRule>(Object.entries(lintRules).flatMap(([rule, ids]) => ids.map((id) => [id, rule as LintRule])))

/** Messages as the config's `lint:` wants them: dropped (`off`), warnings or errors. */
export function applyLint(messages: readonly VFileMessage[], lint: LintConfig | undefined): VFileMessage[] {
  if (!lint) return [...messages]
  const out: VFileMessage[] = []
  for (const message of messages) {
    const rule = message.ruleId ? familyOf.get(message.ruleId) : undefined
    const level = rule ? lint[rule] : undefined
    if (level === 'off') continue
    if (level === 'warn') message.fatal = false
    if (level === 'error') message.fatal = true
    out.push(message)
  }
  return out
}
