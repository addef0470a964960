/**
 * Every word kaitei writes around the policy's own text — pages, PDFs,
 * diffs, history, the terminal's reports — in one table per language. A
 * publication in English shows no Japanese it did not write (tested).
 */

export interface Labels {
  // The edition page.
  toc: string
  history: string
  owner: string
  search: string
  searchPlaceholder: string
  /** Search results, `{query}` and `{count}` filled in by the page's script. */
  searchNone: string
  searchSome: string
  skipToContent: string
  contents: string
  editionOf: string
  /** `<title>` and PDF title: the publication's title with the edition's label. */
  editionTitle(title: string, label: string): string
  /** The cover's 施行日 beside an amendment. */
  effective(date: string): string
  footnotes: string
  backToContent: string
  permalink: string
  /** The label of the one edition of a publication without audiences. */
  fullText: string
  /** What a looser edition shows for withheld content (the default notice). */
  withheld: string
  // The version switcher.
  versions: string
  version: string
  historyAndVersions: string
  current: string
  /** After the current version's label. */
  currentMark: string
  /** A past version's banner, title and PDF cover: 令和4年2月17日改定. */
  pastVersion(label: string): string
  currentTextLink: string
  /** The phone's links back to the 目次 and to search. */
  readerNav: string
  pastVersionTitle(label: string): string
  pastVersionCover(label: string): string
  /** A withheld chapter shown by its headings, once under the chapter's heading: （本章の本文は非公開）. */
  withheldChapter(notice: string): string
  /** A past version's running head and the end of its PDF's title: 旧版（令和4年2月17日 改定）. */
  pastHead(label: string): string
  currentWithChanges: string
  /** The 「改正」 marker on a section the shown amendment changed. */
  /** `word`: the amendment's own word, 改定 or 改正 (see amendmentWord). */
  amended(date: string, word?: string): string
  // The history page and report.
  historyTitle: string
  historyBack: string
  adopted: string
  type: string
  inForce: string
  summary: string
  text: string
  changes: string
  notRecorded: string
  timeline: string
  recorded: string
  uncommitted: string
  workingTree: string
  // Diffs: the redline, the 新旧対照表, text and Markdown.
  redline: string
  redlineTitle(word: string): string
  /** The redline's legend: what an insertion and a deletion look like. */
  legend: string
  legendInserted: string
  legendDeleted: string
  comparison: string
  comparisonTitle: string
  /** 改め文: the amending text. */
  aratame: string
  aratameTitle: string
  comparisonNote(word: string): string
  newColumn(word: string): string
  oldColumn(word: string): string
  remarks: string
  omitted: string
  /** Between the bounds of a range of three or more omitted provisions: 五～七. */
  rangeDash: string
  /** Between two omitted siblings: 五・六. */
  pairJoin: string
  /**
   * An omitted line naming what it stands for: 「２　（略）」, 「(1)～(4)（略）」
   * (no space after a bracket), 「（略）」 alone when there is no number.
   */
  omittedLine(numbers: string): string
  added: string
  removed: string
  addedPlaceholder: string
  removedPlaceholder: string
  /** After a section's title in text and Markdown diffs. */
  addedMark: string
  removedMark: string
  /** Before a block whose formatting alone changed. */
  formattingMark: string
  renumbered: string
  moved: string
  /** A comparison that leaves out changes its edition may not see. */
  partialNote: string
  /** Its title's mark: （抄）. */
  partialMark: string
  /** The second and later amendment of one day with no label of its own: （その2）. */
  sameDay: (ordinal: number) => string
  /** A section moved from another file: 移動（docs/a.md から）. */
  movedFrom: (file: string) => string
  formattingOnly: string
  formattingChange: string
  noChange: string
  previousChange: string
  nextChange: string
  keys: string
  changeList: string
  /** The counts of a diff, for a reader. */
  diffSummary(counts: {changed: number; added: number; removed: number; renumbered: number; moved: number}, characters: {added: number; removed: number}, formatting: number): string
  /** The header row of a diff's counts in Markdown. */
  diffSummaryHeader: string
  /** `（公開）` / ` (Public)` after a diff's versions. */
  forAudience(label: string): string
}

const ja: Labels = {
  toc: '目次',
  history: '改定履歴',
  owner: '所管',
  search: '検索',
  searchPlaceholder: '本文を検索（例：多要素認証）',
  searchNone: '「{query}」は見つかりませんでした',
  searchSome: '{count}件見つかりました',
  skipToContent: '本文へ移動',
  contents: '本文',
  editionOf: '版',
  editionTitle: (title, label) => title + '（' + label + '）',
  effective: (date) => '（施行 ' + date + '）',
  footnotes: '脚注',
  backToContent: '本文へ戻る',
  permalink: 'この節へのリンク',
  fullText: '全文',
  withheld: '（非公開）',
  versions: '版',
  version: '版',
  historyAndVersions: '改定履歴と各版',
  current: '現行',
  currentMark: '（現行）',
  pastVersion: (label) => 'この版は' + label + 'の本文です。',
  currentTextLink: '現行の本文はこちら',
  readerNav: '目次と検索へ',
  pastVersionTitle: (label) => ' — ' + label + 'の版（旧版）',
  pastVersionCover: (label) => '旧版：' + label + 'の本文（現行の本文ではありません）',
  pastHead: (label) => '旧版（' + label + '）',
  withheldChapter: (notice) => (notice === '（非公開）' ? '（本章の本文は非公開）' : notice),
  currentWithChanges: '現行（未確定の変更を含む）',
  amended: (date, word = '改正') => word + ' ' + date,
  historyTitle: '改定履歴',
  historyBack: '← 現行の本文',
  adopted: '改定日',
  type: '種別',
  inForce: '施行日',
  summary: '概要',
  text: '本文',
  changes: '前版との差分',
  notRecorded: '本文の記録なし',
  timeline: '改定の年表',
  recorded: '本文あり',
  uncommitted: '未確定（作業中）',
  workingTree: '作業中の本文',
  redline: '見え消し',
  redlineTitle: (word) => word + '箇所（見え消し）',
  legend: '凡例',
  legendInserted: '追加した文字（下線）',
  legendDeleted: '削除した文字（取消線）',
  comparison: '新旧対照表',
  comparisonTitle: '新旧対照表',
  aratame: '改め文',
  aratameTitle: '改め文',
  comparisonNote: (word) => '（傍線部分は' + word + '部分）',
  newColumn: (word) => word + '後',
  oldColumn: (word) => word + '前',
  remarks: '備考',
  omitted: '（略）',
  rangeDash: '～',
  pairJoin: '・',
  omittedLine: (numbers) => (numbers === '' ? '' : /[)）\]］」』\u2460-\u24ff\u3251-\u32bf]$/.test(numbers) ? numbers : numbers + '\u3000') + '（略）',
  added: '新設',
  removed: '削除',
  addedPlaceholder: '（新設）',
  removedPlaceholder: '（削る）',
  addedMark: '（新設）',
  removedMark: '（削る）',
  formattingMark: '（書式のみ）',
  renumbered: '番号変更',
  moved: '移動',
  partialNote: '（注）この版で非公開とされている部分の変更は、示していない。',
  partialMark: '（抄）',
  sameDay: (n) => '（その' + n + '）',
  movedFrom: (file) => '移動（' + file + ' から）',
  formattingOnly: '書式のみ',
  formattingChange: '書式のみの変更',
  noChange: '本文の変更はありません。',
  previousChange: '← 前の変更',
  nextChange: '次の変更 →',
  keys: '（キー: j / k）',
  changeList: '変更箇所',
  diffSummary: (s, c, formatting) =>
    `変更 ${s.changed}・新設 ${s.added}・削除 ${s.removed}・番号変更 ${s.renumbered}・移動 ${s.moved}（+${c.added} −${c.removed} 文字）` +
    (formatting ? `、書式のみの変更 ${formatting}` : ''),
  diffSummaryHeader: '| 変更 | 新設 | 削除 | 番号変更 | 移動 | 追加文字 | 削除文字 |',
  forAudience: (label) => '（' + label + '）'
}

const en: Labels = {
  toc: 'Contents',
  history: 'Amendment history',
  owner: 'Owner',
  search: 'Search',
  searchPlaceholder: 'Search the text',
  searchNone: 'No results for “{query}”',
  searchSome: '{count} results',
  skipToContent: 'Skip to content',
  contents: 'Text',
  editionOf: 'edition',
  editionTitle: (title, label) => title + ' (' + label + ')',
  effective: (date) => ' (in force ' + date + ')',
  footnotes: 'Footnotes',
  backToContent: 'Back to content',
  permalink: 'Link to this section',
  fullText: 'Full text',
  withheld: '(Withheld)',
  versions: 'Versions',
  version: 'Version',
  historyAndVersions: 'History of amendments',
  current: 'Current',
  currentMark: ' (current)',
  pastVersion: (label) => 'This is the text as amended on ' + label + '; it is no longer in force.',
  currentTextLink: 'Go to the current text',
  readerNav: 'Contents and search',
  pastVersionTitle: (label) => ' — version of ' + label + ' (superseded)',
  pastVersionCover: (label) => 'Superseded version: the text as amended on ' + label + ' (not the current text)',
  pastHead: (label) => 'Superseded (' + label + ')',
  withheldChapter: (notice) => (notice === '(Withheld)' ? '(The text of this chapter is withheld)' : notice),
  currentWithChanges: 'Current (with uncommitted changes)',
  amended: (date) => 'Amended ' + date,
  historyTitle: 'Amendment history',
  historyBack: '← Current text',
  adopted: 'Adopted',
  type: 'Type',
  inForce: 'In force',
  summary: 'Summary',
  text: 'Text',
  changes: 'Changes',
  notRecorded: 'text not recorded',
  timeline: 'Timeline of amendments',
  recorded: 'text recorded',
  uncommitted: 'Uncommitted (work in progress)',
  workingTree: 'working tree',
  redline: 'Redline',
  redlineTitle: () => 'Redline',
  legend: 'Legend',
  legendInserted: 'inserted text (underlined)',
  legendDeleted: 'deleted text (struck through)',
  comparison: 'Comparison',
  comparisonTitle: 'Comparison of old and new text',
  aratame: 'Amending text',
  aratameTitle: 'Amending text',
  comparisonNote: () => '(Underlined: the amended parts)',
  // The text before and after the amendment: the old text is not "current" once the amendment is in force.
  newColumn: () => 'After',
  oldColumn: () => 'Before',
  remarks: 'Remarks',
  omitted: '(omitted)',
  rangeDash: '–',
  pairJoin: ', ',
  omittedLine: (numbers) => (numbers === '' ? '' : numbers + ' ') + '(omitted)',
  added: 'added',
  removed: 'removed',
  addedPlaceholder: '(new)',
  removedPlaceholder: '(deleted)',
  addedMark: ' (added)',
  removedMark: ' (removed)',
  formattingMark: '(formatting) ',
  renumbered: 'renumbered',
  moved: 'moved',
  partialNote: '(Note: changes to parts this edition withholds are not shown.)',
  partialMark: ' (extract)',
  sameDay: (n) => ' (' + n + (n === 2 ? 'nd' : n === 3 ? 'rd' : 'th') + ' that day)',
  movedFrom: (file) => 'moved from ' + file,
  formattingOnly: 'formatting only',
  formattingChange: 'Formatting only',
  noChange: 'No change in the text.',
  previousChange: '← Previous',
  nextChange: 'Next →',
  keys: '(keys: j / k)',
  changeList: 'Changes',
  diffSummary: (s, c, formatting) =>
    `${s.changed} changed, ${s.added} added, ${s.removed} removed, ${s.renumbered} renumbered, ${s.moved} moved (+${c.added} −${c.removed} characters)` +
    (formatting ? `, ${formatting} formatting only` : ''),
  diffSummaryHeader: '| changed | added | removed | renumbered | moved | characters added | characters removed |',
  forAudience: (label) => ' (' + label + ')'
}

export function labelsFor(lang: string): Labels {
  return lang.startsWith('ja') ? ja : en
}

/** Every word of the table (the interface's fonts must cover them all). */
export function allWords(lang: string): string {
  const labels = labelsFor(lang)
  return Object.values(labels)
    .map((d) => (typeof d === 'string' ? d : ''))
    .join(' ')
}

/**
 * The word a publication uses for its amendments, from the amendment types
 * it records (latest first): 改定 in a policy whose history says 改定 (一部改定,
 * 全部改定), 改正 for a statute; 改正 when the history says neither.
 */
export function amendmentWord(types: ReadonlyArray<string | undefined>): '改定' | '改正' {
  for (const type of [...types].reverse()) {
    if (type?.includes('改定')) return '改定'
    if (type?.includes('改正')) return '改正'
  }
  return '改正'
}

/**
 * An amendment as people name it, told apart from another of the same day:
 * 平成26年6月13日 一部改正 平成26年条例第16号, or without a label of its own
 * 平成26年6月13日 一部改正（その2） (`key` 2014-06-13-2); `run` for a phrase
 * (平成26年6月13日一部改正（平成26年条例第16号）の版; in English the date alone,
 * with the label). `date` is formatted by the caller (和暦 or ISO).
 */
export function amendmentName(amendment: {key: string; label?: string; type: string}, date: string, lang: string, style: 'spaced' | 'run' = 'spaced'): string {
  const ordinal = /-(\d+)$/.exec(amendment.key.slice(10))?.[1]
  if (style === 'run' && lang === 'ja') return date + amendment.type + (amendment.label ? '（' + amendment.label + '）' : ordinal ? labelsFor(lang).sameDay(Number(ordinal)) : '')
  const extra = amendment.label ? ' ' + amendment.label : ordinal ? labelsFor(lang).sameDay(Number(ordinal)) : ''
  return (style === 'run' ? date : date + ' ' + amendment.type) + extra
}

/** What a comparison compares, for its page titles: the amendment it shows, or `from → to`. */
export function comparedLabel(diff: {from: {label: string}; to: {label: string; amendment?: unknown}}): string {
  return diff.to.amendment ? diff.to.label : diff.from.label + ' → ' + diff.to.label
}
