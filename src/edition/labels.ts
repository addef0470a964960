/** Words of the edition's interface, in the publication's language. */
export interface Labels {
  toc: string
  history: string
  owner: string
  search: string
  searchPlaceholder: string
  skipToContent: string
  contents: string
  editionOf: string
}

const ja: Labels = {
  toc: '目次',
  history: '改定履歴',
  owner: '所管',
  search: '検索',
  searchPlaceholder: '本文を検索（例：多要素認証）',
  skipToContent: '本文へ移動',
  contents: '本文',
  editionOf: '版'
}

const en: Labels = {
  toc: 'Contents',
  history: 'Amendment history',
  owner: 'Owner',
  search: 'Search',
  searchPlaceholder: 'Search the text',
  skipToContent: 'Skip to content',
  contents: 'Text',
  editionOf: 'edition'
}

export function labelsFor(lang: string): Labels {
  return lang.startsWith('ja') ? ja : en
}
