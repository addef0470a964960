/**
 * The unified pipeline, in one place and in order. Every edition of every
 * version goes through this function; nothing renders policy text elsewhere.
 */
import rehypeSanitize, {defaultSchema, type Options as SanitizeSchema} from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkDirective from 'remark-directive'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import type {Audience} from './access/audiences.js'
import {labelsFor} from './edition/labels.js'
import rehypePolicyFootnotes from './plugins/rehype-policy-footnotes.js'
import rehypePolicyHeadings from './plugins/rehype-policy-headings.js'
import rehypeRawIfPresent from './plugins/rehype-raw-if-present.js'
import remarkPolicyGfm from './plugins/remark-policy-gfm.js'
import remarkPolicyParseSections, {type SectionCache} from './plugins/remark-policy-parse-sections.js'
import remarkPolicyAccess from './access/remark-policy-access.js'
import remarkPolicyAccessMarkers from './access/remark-policy-access-markers.js'
import remarkPolicyDirectives from './plugins/remark-policy-directives.js'
import remarkPolicyLimits from './plugins/remark-policy-limits.js'
import remarkPolicyLinks from './plugins/remark-policy-links.js'
import remarkPolicyOutline from './plugins/remark-policy-outline.js'
import remarkPolicyResources from './plugins/remark-policy-resources.js'
import remarkPolicyFrontMatter from './plugins/remark-policy-front-matter.js'
import remarkPolicySearchText from './plugins/remark-policy-search-text.js'
import remarkPolicySections from './plugins/remark-policy-sections.js'

export interface PolicyProcessorOptions {
  /** All audiences of the publication (default: none: no access markers allowed to validate). */
  audiences?: readonly Audience[]
  /** The audience to render for; without it the full text (validation only). */
  audience?: Audience
  /** Section id → 「改正 …」 marker for sections the latest amendment changed. */
  amended?: Record<string, string>
  /**
   * Prefix for footnote ids, unique per source file so that files joined
   * into one page do not clash (default: `''`).
   */
  footnotePrefix?: string
  /** Language of UI labels (`ja` or anything else for English; default: `ja`). */
  lang?: string
  /** Front matter keys of other tools (site generators), ignored without a word (default: none). */
  foreignKeys?: readonly string[]
  /**
   * Render a past version, which cannot be edited (default: `false`): front
   * matter is read key by key (a key unknown today or a value wrong today is
   * a warning and left out), except `access`, which fails closed as ever.
   */
  relaxed?: boolean
  /** The publication's folder, for links between its files (default: the file's folder). */
  root?: string
  /** The publication's sources, relative to `root`: links to them become links into the page (default: none). */
  sources?: readonly string[]
  /**
   * Parsed sections by text (default: none). A history session keeps one
   * while it reads many versions of mostly the same text; a single build
   * keeps none (kept trees only cost garbage-collection time there).
   */
  sectionCache?: SectionCache
}

/**
 * What sanitizing allows: GitHub's schema (no script, no event handlers, no
 * `javascript:` URLs), plus the ids and classes kaitei itself sets. Ids are
 * not prefixed: section anchors must stay as authored. Classes are limited to
 * known values, so raw HTML cannot dress up as kaitei's own UI (a fake
 * marking banner, say).
 */
export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  clobberPrefix: '',
  attributes: {
    ...defaultSchema.attributes,
    li: withClasses('li', ['numbered']),
    ul: withClasses('ul', ['numbered-list']),
    p: [['className', 'withheld-notice', 'access-label']],
    div: [...(defaultSchema.attributes?.div ?? []), ['className', 'access-block'], 'dataAudience', 'title'],
    span: [...(defaultSchema.attributes?.span ?? []), ['className', 'access-span', 'withheld-notice'], 'dataAudience', 'title'],
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'id']
  }
}

function withClasses(tagName: string, classes: string[]) {
  const definitions = defaultSchema.attributes?.[tagName] ?? []
  return definitions.map((definition) =>
    Array.isArray(definition) && definition[0] === 'className' ? [...definition, ...classes] : definition
  ) as NonNullable<SanitizeSchema['attributes']>[string]
}

/**
 * The text stages only: Markdown → mdast with sections, redaction, outline
 * and search text, no HTML. History uses it to compare versions as an
 * edition sees them, with exactly the redaction the editions use; the full
 * processor below continues from it.
 */
export function createPolicyTextProcessor(options: PolicyProcessorOptions = {}) {
  return (
    unified()
      // Parse: CommonMark.
      .use(remarkParse)
      // Tables, footnotes, strikethrough, autolinks, task lists (remark-gfm,
      // with the literal-autolink pass skipped where there is nothing to link).
      .use(remarkPolicyGfm)
      // `---` YAML front matter becomes a `yaml` node (not a thematic break).
      .use(remarkFrontmatter, ['yaml'])
      // `:::access{audience=staff}` blocks and `:access[…]` spans.
      .use(remarkDirective)
      // remark-parse's parser called section by section, with the GFM
      // constructs a section cannot need left out: the same tree, faster.
      .use(remarkPolicyParseSections, {cache: options.sectionCache})
      // What the parser refused (hostile sizes and nesting), and trees
      // deeper than any policy: positioned errors, nothing rendered.
      .use(remarkPolicyLimits)
      // Anything that looks like an access marker but is not one the parser
      // read (`:::access {…}`, `：：：access`, a comma, a broken quote) is an
      // error: it would publish what it was meant to withhold.
      .use(remarkPolicyAccessMarkers, {audiences: (options.audiences ?? []).flatMap((d) => [d.name, ...(d.formerNames ?? [])])})
      // Validate front matter, then take it out of the tree.
      .use(remarkPolicyFrontMatter, {foreignKeys: options.foreignKeys, relaxed: options.relaxed})
      // Unknown and unclosed directives; stray `10:30` back to text.
      .use(remarkPolicyDirectives)
      // Images from the network: a warning (editions work offline).
      .use(remarkPolicyResources)
      // Numbering as written and stable section ids, computed on the full
      // document so that every edition cites the same 8 (annotations only).
      .use(remarkPolicySections)
      // Access control: withhold what the audience may not see. Everything
      // below derives from the redacted tree.
      .use(remarkPolicyAccess, {audiences: options.audiences ?? [], audience: options.audience})
      // The outline as this edition shows it.
      .use(remarkPolicyOutline)
      // Per-section text for the search index.
      .use(remarkPolicySearchText)
      // Links between files become links into the page; links that cannot
      // work offline are warnings; in-page links are kept for the edition to check.
      .use(remarkPolicyLinks, {root: options.root, sources: options.sources})
  )
}

/**
 * Create the policy processor:
 * Markdown → mdast → (kaitei's plugins) → hast → sanitized HTML.
 */
export function createPolicyProcessor(options: PolicyProcessorOptions = {}) {
  const labels = labelsFor(options.lang ?? 'ja')
  return (
    createPolicyTextProcessor(options)
      // mdast → hast; raw HTML is kept for now and judged below.
      .use(remarkRehype, {
        allowDangerousHtml: true,
        clobberPrefix: options.footnotePrefix ?? '',
        footnoteLabel: labels.footnotes,
        footnoteBackLabel: labels.backToContent
      })
      // Raw HTML becomes real elements (only when a file has any).
      .use(rehypeRawIfPresent)
      // Remove scripts, event handlers, `javascript:` URLs and the like.
      .use(rehypeSanitize, sanitizeSchema)
      // Footnote label ids unique per file (pages join several files).
      .use(rehypePolicyFootnotes, {prefix: options.footnotePrefix})
      // Trusted decorations: number spans and permalinks.
      .use(rehypePolicyHeadings, {permalinkLabel: labels.permalink, amended: options.amended})
      // hast → HTML text.
      .use(rehypeStringify)
  )
}

export type PolicyProcessor = ReturnType<typeof createPolicyProcessor>
