/**
 * Schemas of the source format: `kaitei.yaml` and Markdown front matter.
 * Unknown keys are errors (strict objects), so a typo never passes silently.
 */
import {z} from 'zod'

/** Amendment types as Japanese rules write them, and English equivalents. */
export const amendmentTypes = [
  '策定',
  '制定',
  '改定',
  '一部改定',
  '全部改定',
  '改正',
  '一部改正',
  '全部改正',
  '廃止',
  'adopted',
  'amended',
  'revised',
  'repealed'
] as const

export const historyEntrySchema = z.strictObject({
  /** Date adopted: ISO `2026-03-25` or 和暦 `令和8年3月25日`, `R8.3.25`. */
  date: z.string(),
  /** 策定 / 改定 / 全部改定 / 廃止 … */
  type: z.enum(amendmentTypes),
  /** 施行日, where it differs from the date adopted. */
  effective: z.string().optional(),
  /** One line on what changed. */
  summary: z.string().optional(),
  /**
   * The amendment's own name: 「平成26年法律第70号」. Shown beside its date;
   * two amendments adopted on one day are told apart by it.
   */
  label: z.string().optional(),
  /** Audience that may see this entry at all (default: everyone). */
  access: z.string().optional(),
  /** Audience that may see the summary (default: whoever sees the entry). */
  summaryAccess: z.string().optional(),
  /** `予定` (`planned`): an amendment not yet adopted, whose date may be in the future. */
  status: z.enum(['予定', 'planned']).optional(),
  /** The commit holding the text as adopted, when it is not the one that added this entry. */
  commit: z.string().regex(/^[0-9a-f]{7,40}$|^[\w./-]+$/, 'a commit id or ref').optional()
})

/**
 * What a looser edition shows in place of withheld content:
 * - `remove`: nothing (default);
 * - `notice`: a notice such as （非公開） where the content was;
 * - `headings`: its headings (numbers, titles, ids), each followed by the notice.
 */
export const withheldModes = ['remove', 'notice', 'headings'] as const
export type WithheldMode = (typeof withheldModes)[number]

export const audienceSchema = z.strictObject({
  /** Identifier used in paths and directives: `public`, `staff`. */
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case name such as `public` or `staff`'),
  /** Label shown to readers: 公開, 庁内限定. */
  label: z.string(),
  /** Marking printed on every page of this edition (default: the publication's). */
  marking: z.string().optional(),
  /**
   * Names this audience had before (`renamedFrom: internal`): access markers
   * written with an old name — in past versions, which cannot be edited —
   * mean this audience.
   */
  renamedFrom: z.union([z.string(), z.array(z.string())]).optional(),
  /** Audiences whose content this one also sees: `staff` includes `public`. */
  includes: z.union([z.string(), z.array(z.string())]).optional(),
  /** Whether the edition may be indexed by search engines (default: `false`: `noindex`). */
  public: z.boolean().default(false),
  /** What this edition shows for content it may not see (default: `remove`). */
  withheld: z.enum(withheldModes).default('remove'),
  /** Notice text for withheld content (default: （非公開） or (Withheld)). */
  notice: z.string().optional()
})

export const configSchema = z.strictObject({
  /** Publication id, used in file names: `yotsukaido-isp`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case id such as `city-isp`'),
  /** Publication title. */
  title: z.string().min(1),
  /** Owner (author) of the policy: a department or organisation. */
  owner: z.string().min(1),
  /** The document's own number, as its 改め文 cite it: 平成五年法律第八十八号, 平成16年条例第5号. */
  number: z.string().min(1).optional(),
  /** Handling marking shown on the cover and every page: 取扱厳重注意. */
  marking: z.string().optional(),
  /** Language of the text (default: `ja`). */
  lang: z.string().default('ja'),
  /** How dates are shown: `wareki` (令和8年3月25日, default) or `iso`. */
  dateStyle: z.enum(['wareki', 'iso']).default('wareki'),
  /** Theme folder under `themes/` (default: `default`). */
  theme: z.string().default('default'),
  /** Markdown sources, relative to the config file, in reading order. */
  sources: z.array(z.string()).min(1, 'at least one source file'),
  /** Amendment history, oldest first. */
  history: z.array(historyEntrySchema).default([]),
  /** Table of contents. */
  toc: z
    .strictObject({
      /** Deepest heading level listed in the 目次 (default: `3`). */
      depth: z.number().int().min(1).max(6).default(3)
    })
    .default({depth: 3}),
  /** Printed pages (the PDFs, and an HTML page printed from the browser). */
  print: z
    .strictObject({
      /** Where the marking stands on every printed page (default: `top-right`, as Japanese offices put it). */
      marking: z.enum(['top-right', 'top-left', 'top-center']).default('top-right'),
      /**
       * A withheld chapter shown by its headings (`withheld: headings`): one
       * notice after the run of headings (`once`, default) or one under each (`each`).
       */
      withheldNotices: z.enum(['once', 'each']).default('once'),
      /**
       * How the redline (見え消し) strikes deleted words: `double` (二重取消線,
       * default: one line through 一 or 二 reads as 二 or 三) or `single`.
       */
      strike: z.enum(['double', 'single']).default('double')
    })
    .default({marking: 'top-right', withheldNotices: 'once', strike: 'double'}),
  /**
   * Front matter keys that belong to other tools (a site generator's
   * `permalink`, `layout`, `redirect_from`): ignored without a word. Other
   * unknown keys are a warning, or an error when they look like a typo of
   * kaitei's own (`titel`).
   */
  foreignKeys: z.array(z.string()).default([]),
  /** Audiences (editions). Without it, one edition named `all`. */
  audiences: z.array(audienceSchema).min(1).optional(),
  /** Lint rules: each `off`, `warn` or `error` (RULES.md shows each with a wrong and a right example). */
  lint: z.lazy(() => lintSchema).optional(),
  /** `kaitei serve`: who may read which edition (serve/README in ARCHITECTURE.md). */
  serve: z.lazy(() => serveSchema).optional()
})

const lintLevel = z.enum(['off', 'warn', 'error'])
export const lintSchema = z.strictObject({
  'cross-reference': lintLevel.optional(),
  'defined-term': lintLevel.optional(),
  numbering: lintLevel.optional(),
  history: lintLevel.optional(),
  link: lintLevel.optional()
})
export type LintConfig = z.output<typeof lintSchema>

/** `serve.proxy`: readers signed in by a proxy in front (oauth2-proxy, IIS, a load balancer). */
export const proxySchema = z.strictObject({
  /** Addresses (or CIDR ranges) of the proxies; headers from any other address are ignored. */
  addresses: z.array(z.string().min(1)).min(1, 'at least one proxy address'),
  /** Header naming the reader (default: `X-Forwarded-User`). */
  userHeader: z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name').default('X-Forwarded-User'),
  /** Header listing the reader's groups, comma-separated (default: `X-Forwarded-Groups`). */
  groupsHeader: z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name').default('X-Forwarded-Groups'),
  /** Group → audience: a reader gets the strictest audience of their groups. */
  groups: z.record(z.string(), z.string()).default({}),
  /** Audience of a signed-in reader in none of the groups (default: none: refused). */
  audience: z.string().optional()
})

export const serveSchema = z.strictObject({
  /** What a reader who has not signed in gets: `none` (the sign-in page, default) or an audience's name (`public`). */
  anonymous: z.string().default('none'),
  /** The users file for sign-in with a password (default: `users.yaml` in the data folder). */
  users: z.string().optional(),
  /** Sign-in by a proxy instead of a password. */
  proxy: proxySchema.optional(),
  /** Hours a sign-in lasts (default: 12). */
  sessionHours: z.number().positive().max(24 * 90).default(12),
  /** Failed sign-ins of one user within `lockMinutes` before further tries are refused (default: 5). */
  maxFailures: z.number().int().min(1).max(1000).default(5),
  /** Failed sign-ins from one address (an office behind one NAT has many users) before it is refused (default: 30). */
  maxFailuresPerAddress: z.number().int().min(1).max(100000).default(30),
  /** Minutes failed sign-ins count (default: 15). */
  lockMinutes: z.number().positive().max(24 * 60).default(15)
})

export type ServeConfig = z.output<typeof serveSchema>

export type ConfigInput = z.input<typeof configSchema>
export type ConfigData = z.output<typeof configSchema>
export type HistoryEntryData = z.output<typeof historyEntrySchema>

export const frontMatterSchema = z.strictObject({
  /** Title of this file (a chapter, usually). */
  title: z.string().min(1),
  /** Sort key within the publication; `sources` order wins when given. */
  order: z.number().optional(),
  /** Id prefix for sections in this file when it has no chapter heading. */
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id of letters, digits, `-` and `_`').optional(),
  /** Audience that may see this file (default: everyone). */
  access: z.string().optional(),
  /** What looser editions show instead of this file (default: the audience's setting). */
  withheld: z.enum(withheldModes).optional()
})

export type FrontMatter = z.output<typeof frontMatterSchema>

/** An audience as the configuration defines it (access/audiences.ts says what it may see). */
export interface Audience {
  name: string
  label: string
  marking?: string
  /** Audiences this one includes directly. */
  includes: string[]
  /** Whether search engines may index the edition. */
  public: boolean
  /** What the edition shows for content it may not see. */
  withheld: WithheldMode
  /** Notice text for withheld content. */
  notice: string
  /** Names of every audience whose content this one sees, itself included. */
  clearance: string[]
  /** Names it had before (`renamedFrom`): markers with these names mean this audience. */
  formerNames?: string[]
}
