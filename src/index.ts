/**
 * kaitei's library API. The CLI is a thin layer over these; a server or a
 * live preview calls them directly (load a publication, render an edition in
 * memory, update incrementally).
 */
export {build, BuildFailedError, manifestName} from './build.js'
export type {BuildOptions, BuildResult, OutputFormat} from './build.js'
export {checkPublication} from './check.js'
export type {CheckOptions, CheckResult} from './check.js'
export {loadConfig, parseConfig} from './config/load-config.js'
export type {Amendment, Audience, DateValue, LoadedConfig, PolicyConfig} from './config/load-config.js'
export {amendmentTypes, configSchema, frontMatterSchema} from './config/schema.js'
export type {FrontMatter} from './config/schema.js'
export {renderEdition} from './edition/render-edition.js'
export type {Edition, EditionFile, RenderedDocument, RenderEditionOptions} from './edition/render-edition.js'
export {KaiteiError} from './errors.js'
export type {KaiteiFileData, SectionInfo} from './file-data.js'
export {recogniseNumber} from './numbering.js'
export type {NumberKind, SectionNumber} from './numbering.js'
export type {SearchEntry} from './plugins/remark-policy-search-text.js'
export {createPolicyProcessor, sanitizeSchema} from './processor.js'
export type {PolicyProcessor, PolicyProcessorOptions} from './processor.js'
export {ConfigProblemError, loadPublication, loadPublicationFromText} from './publication.js'
export type {LoadPublicationOptions, Publication, SourceDocument, SourceReader} from './publication.js'
export {countMessages, formatMessage} from './report.js'
export {compareDates, eras, formatDate, formatIso, formatWareki, parseDate} from './wareki.js'
export type {CalendarDate, DateParseResult, Era} from './wareki.js'
