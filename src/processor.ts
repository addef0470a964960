/**
 * The unified pipeline, in one place and in order: parse → validate (once
 * per file) → edition text (per audience: redaction first) → HTML. Every
 * edition of every version goes through these stages; nothing renders
 * policy text elsewhere.
 */
import rehypeSanitize, {defaultSchema, type Options as SanitizeSchema} from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkDirective from 'remark-directive'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import {unified, type Preset} from 'unified'
import type {Audience} from './access/audiences.js'
import {labelsFor} from './labels.js'
import rehypePolicyCrossReferences from './plugins/rehype-policy-cross-references.js'
import rehypePolicyFootnotes from './plugins/rehype-policy-footnotes.js'
import rehypePolicyHeadings from './plugins/rehype-policy-headings.js'
import rehypeRawIfPresent from './plugins/rehype-raw-if-present.js'
import remarkPolicyGfm from './plugins/remark-policy-gfm.js'
import remarkPolicyParseSections, {type SectionCache} from './plugins/remark-policy-parse-sections.js'
import remarkPolicyAccess from './access/remark-policy-access.js'
import remarkPolicyAccessCheck from './access/remark-policy-access-check.js'
import remarkPolicyAccessMarkers from './access/remark-policy-access-markers.js'
import remarkPolicyDirectives from './plugins/remark-policy-directives.js'
import remarkPolicyLimits from './plugins/remark-policy-limits.js'
import remarkPolicyLinks from './plugins/remark-policy-links.js'
import remarkPolicyOutline from './plugins/remark-policy-outline.js'
import remarkPolicyPageLinks from './plugins/remark-policy-page-links.js'
import remarkPolicyRehype from './plugins/remark-policy-rehype.js'
import remarkPolicyResources from './plugins/remark-policy-resources.js'
import remarkPolicyFrontMatter from './plugins/remark-policy-front-matter.js'
import remarkPolicySearchText from './plugins/remark-policy-search-text.js'
import remarkPolicySections from './plugins/remark-policy-sections.js'

/**
 * What a processor is for: a publication. What one run is for (the
 * audience, 「改正」 markers, the footnote prefix, a past version) is on the
 * file (`file.data.kaitei.run`, see file-data.ts), so that one processor
 * serves every file of every edition.
 */
export interface PolicyProcessorOptions {
  /** All audiences of the publication (default: none: no access markers allowed). */
  audiences?: readonly Audience[]
  /** Language of UI labels (`ja` or anything else for English; default: `ja`). */
  lang?: string
  /** Front matter keys of other tools (site generators), ignored without a word (default: none). */
  foreignKeys?: readonly string[]
  /** The publication's folder, for links between its files (default: the file's folder). */
  root?: string
  /** The publication's sources, relative to `root`: links to them become links into the page (default: none). */
  sources?: readonly string[]
  /** Each source's headings as other sites anchor them (`2-scope` → its id; see edition/anchors.ts), for links written that way (default: none). */
  anchors?: Readonly<Record<string, Readonly<Record<string, string>>>>
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
 * Parse: Markdown → mdast, with kaitei's syntax (GFM, front matter,
 * directives), section by section.
 */
export function createPolicyParser(options: PolicyProcessorOptions = {}) {
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
  )
}

/**
 * Validate: the stages that judge the full text, once for every edition.
 * Every message about what the author wrote comes from here; the tree
 * leaves annotated (front matter out, sections numbered, links between
 * files pointed into the page) and unredacted.
 */
export function policyValidation(options: PolicyProcessorOptions = {}): Preset {
  return {
    plugins: [
      // What the parser refused (hostile sizes and nesting), and trees
      // deeper than any policy: positioned errors, nothing rendered.
      remarkPolicyLimits,
      // Anything that looks like an access marker but is not one the parser
      // read (`:::access {…}`, `：：：access`, a comma, a broken quote) is an
      // error: it would publish what it was meant to withhold.
      [remarkPolicyAccessMarkers, {audiences: (options.audiences ?? []).flatMap((d) => [d.name, ...(d.formerNames ?? [])])}],
      // Validate front matter, then take it out of the tree.
      [remarkPolicyFrontMatter, {foreignKeys: options.foreignKeys}],
      // Unknown and unclosed directives; stray `10:30` back to text.
      remarkPolicyDirectives,
      // Images from the network: a warning (editions work offline).
      remarkPolicyResources,
      // Numbering as written and stable section ids, computed on the full
      // document so that every edition cites the same 8 (annotations only).
      remarkPolicySections,
      // Access markers: known audiences and attributes, sound nesting.
      [remarkPolicyAccessCheck, {audiences: options.audiences ?? []}],
      // Links between files become links into the page; links that cannot
      // work offline are warnings.
      [remarkPolicyLinks, {root: options.root, sources: options.sources, anchors: options.anchors}]
    ]
  }
}

/**
 * The edition's text: redact for the run's audience, then derive from what
 * is left (nothing below sees withheld text).
 */
export function policyEditionText(options: PolicyProcessorOptions = {}): Preset {
  return {
    plugins: [
      // Access control: withhold what the audience may not see.
      [remarkPolicyAccess, {audiences: options.audiences ?? []}],
      // The outline as this edition shows it.
      remarkPolicyOutline,
      // Per-section text for the search index.
      remarkPolicySearchText,
      // In-page links, for the edition to check against its page.
      remarkPolicyPageLinks
    ]
  }
}

/** The edition's HTML: mdast → hast → sanitized, decorated HTML. */
export function policyHtml(options: PolicyProcessorOptions = {}): Preset {
  const labels = labelsFor(options.lang ?? 'ja')
  return {
    plugins: [
      // mdast → hast (footnote ids prefixed per file); raw HTML is kept for now and judged below.
      [remarkPolicyRehype, {footnoteLabel: labels.footnotes, footnoteBackLabel: labels.backToContent}],
      // Raw HTML becomes real elements (only when a file has any).
      rehypeRawIfPresent,
      // Remove scripts, event handlers, `javascript:` URLs and the like.
      [rehypeSanitize, sanitizeSchema],
      // Footnote label ids unique per file (pages join several files).
      rehypePolicyFootnotes,
      // 「上記7」 and its kind: links to the sections this edition shows.
      rehypePolicyCrossReferences,
      // Trusted decorations: number spans, 「改正」 markers and permalinks.
      [rehypePolicyHeadings, {permalinkLabel: labels.permalink}],
      // hast → HTML text.
      rehypeStringify
    ]
  }
}

/** Parse and validate only (`kaitei check` of the full text; the first half of an edition). */
export function createPolicyValidator(options: PolicyProcessorOptions = {}) {
  return createPolicyParser(options).use(policyValidation(options))
}

/**
 * The text stages only: Markdown → mdast validated and redacted, with
 * outline and search text, no HTML. History uses it to compare versions as
 * an edition sees them, with exactly the redaction the editions use.
 */
export function createPolicyTextProcessor(options: PolicyProcessorOptions = {}) {
  return createPolicyValidator(options).use(policyEditionText(options))
}

/**
 * An edition from a validated tree (see `createPolicyValidator`): redaction
 * → outline → HTML. `renderDocument` validates a file once and runs this
 * once per audience.
 */
export function createEditionProcessor(options: PolicyProcessorOptions = {}) {
  return createPolicyParser(options).use(policyEditionText(options)).use(policyHtml(options))
}

/**
 * The whole pipeline in one processor:
 * Markdown → mdast → (kaitei's plugins) → hast → sanitized HTML. The run's
 * audience and the like are read from `file.data.kaitei.run`.
 */
export function createPolicyProcessor(options: PolicyProcessorOptions = {}) {
  return createPolicyTextProcessor(options).use(policyHtml(options))
}

export type PolicyProcessor = ReturnType<typeof createPolicyProcessor>
