/**
 * kaitei's library API. The CLI is a thin layer over these; a server or a
 * live preview calls them directly (load a publication, render an edition in
 * memory, keep one `KaiteiContext` across calls). The presets and plugins
 * are exported too: kaitei's numbering, redaction and checks in a unified
 * pipeline of someone else's.
 */

// Publishing: build, check, render in memory.
export {build, BuildFailedError, manifestName} from './publish/build.js'
export type {BuildOptions, BuildResult, OutputFormat} from './publish/build.js'
export {checkPublication} from './check.js'
export type {CheckOptions, CheckResult} from './check.js'
export {KaiteiContext} from './context.js'
export type {CacheOptions, ContextCache} from './context.js'
export {assembleEdition, renderEdition, renderEditions, renderEditionSet, toInput} from './edition/render-edition.js'
export type {AssembleOptions, Edition, EditionFile, RenderEditionOptions, RenderEditionsOptions, VersionLinks} from './edition/render-edition.js'
export {renderDocument} from './edition/render-document.js'
export type {DocumentInput, RenderDocumentOptions, RenderedDocument, RenderedFile} from './edition/render-document.js'
export {renderDocuments} from './edition/render-pool.js'
export type {RenderPoolOptions} from './edition/render-pool.js'

// Previewing while writing (`kaitei preview`).
export {startPreview} from './preview/server.js'
export type {PreviewOptions, RunningPreview} from './preview/server.js'

// Serving the editions (`kaitei serve`).
export {startServer} from './serve/server.js'
export type {RunningServer, ServeOptions} from './serve/server.js'

// The publication and its configuration.
export {loadConfig, parseConfig} from './config/load-config.js'
export type {Amendment, Audience, DateValue, LoadedConfig, PolicyConfig} from './config/load-config.js'
export {amendmentTypes, configSchema, frontMatterSchema} from './config/schema.js'
export type {FrontMatter} from './config/schema.js'
export {ConfigProblemError, loadPublication, loadPublicationFromText, readSources} from './publication.js'
export type {LoadPublicationOptions, Publication, SourceDocument, SourceReader, SourceText} from './publication.js'

// Versions and diffs.
export {HistorySession} from './history/session.js'
export type {HistorySessionOptions} from './history/session.js'
export {compareSides, diffVersions, draftAmendment} from './diff/diff-versions.js'
export type {DiffOptions, DiffSide, VersionDiff} from './diff/diff-versions.js'
export {diffModels} from './diff/engine.js'
export type {BlockChange, ChangeModel, SectionChange, SectionRef} from './diff/engine.js'
export {renderRedline} from './diff/render-html.js'
export {renderComparisonTable} from './diff/render-table.js'
export type {ComparisonTableOptions} from './diff/render-table.js'
export {renderMarkdown, renderText} from './diff/render-text.js'
export {aratame, renderAratameText} from './diff/aratame.js'
export {formatHistory, historyReport} from './history-report.js'
export type {HistoryOptions, HistoryReport} from './history-report.js'

// The unified pipeline: processors, presets and plugins.
export {
  createEditionProcessor,
  createPolicyParser,
  createPolicyProcessor,
  createPolicyTextProcessor,
  createPolicyValidator,
  policyEditionText,
  policyHtml,
  policyValidation,
  sanitizeSchema
} from './processor.js'
export type {PolicyProcessor, PolicyProcessorOptions} from './processor.js'
export {remarkPolicyAccess} from './access/remark-policy-access.js'
export type {RemarkPolicyAccessOptions} from './access/remark-policy-access.js'
export {remarkPolicyAccessCheck} from './access/remark-policy-access-check.js'
export type {RemarkPolicyAccessCheckOptions} from './access/remark-policy-access-check.js'
export {remarkPolicyAccessMarkers} from './access/remark-policy-access-markers.js'
export type {RemarkPolicyAccessMarkersOptions} from './access/remark-policy-access-markers.js'
export {rehypePolicyCrossReferences} from './plugins/rehype-policy-cross-references.js'
export {rehypePolicyFootnotes} from './plugins/rehype-policy-footnotes.js'
export {rehypePolicyHeadings} from './plugins/rehype-policy-headings.js'
export type {RehypePolicyHeadingsOptions} from './plugins/rehype-policy-headings.js'
export {rehypeRawIfPresent} from './plugins/rehype-raw-if-present.js'
export type {RehypeRawIfPresentOptions} from './plugins/rehype-raw-if-present.js'
export {remarkPolicyDirectives} from './plugins/remark-policy-directives.js'
export type {RemarkPolicyDirectivesOptions} from './plugins/remark-policy-directives.js'
export {remarkPolicyFrontMatter} from './plugins/remark-policy-front-matter.js'
export type {RemarkPolicyFrontMatterOptions} from './plugins/remark-policy-front-matter.js'
export {remarkPolicyGfm} from './plugins/remark-policy-gfm.js'
export {remarkPolicyLimits} from './plugins/remark-policy-limits.js'
export type {RemarkPolicyLimitsOptions} from './plugins/remark-policy-limits.js'
export {remarkPolicyLinks} from './plugins/remark-policy-links.js'
export type {RemarkPolicyLinksOptions} from './plugins/remark-policy-links.js'
export {remarkPolicyOutline} from './plugins/remark-policy-outline.js'
export {remarkPolicyPageLinks} from './plugins/remark-policy-page-links.js'
export {remarkPolicyParseSections, sectionCacheOf} from './plugins/remark-policy-parse-sections.js'
export type {RemarkPolicyParseSectionsOptions, SectionCache} from './plugins/remark-policy-parse-sections.js'
export {remarkPolicyRehype} from './plugins/remark-policy-rehype.js'
export type {RemarkPolicyRehypeOptions} from './plugins/remark-policy-rehype.js'
export {remarkPolicyResources} from './plugins/remark-policy-resources.js'
export {remarkPolicySearchText} from './plugins/remark-policy-search-text.js'
export type {SearchEntry} from './plugins/remark-policy-search-text.js'
export {remarkPolicySections} from './plugins/remark-policy-sections.js'
export type {RemarkPolicySectionsOptions} from './plugins/remark-policy-sections.js'
export type {KaiteiFileData, KaiteiRun, SectionInfo} from './file-data.js'

// Numbering and dates.
export {recogniseNumber} from './numbering.js'
export type {NumberKind, SectionNumber} from './numbering.js'
export {compareDates, eras, formatDate, formatIso, formatWareki, parseDate} from './wareki.js'
export type {CalendarDate, DateParseResult, Era} from './wareki.js'

// Problems: messages with places, program errors with codes.
export {errorCodes, KaiteiError, KaiteiProblemsError} from './errors.js'
export type {ErrorCode} from './errors.js'
export {countMessages, formatMessage} from './report.js'
