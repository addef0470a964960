/**
 * 和暦 (Japanese era dates): parse and format, 明治 to 令和.
 *
 * Formatting goes through `Intl.DateTimeFormat('ja-JP-u-ca-japanese')` with
 * `timeZone: 'Asia/Tokyo'` (without it a date can shift by a day). Intl
 * cannot parse, so parsing is ours; the era table below matches ICU's.
 */

/** A calendar date in the proleptic Gregorian calendar (no time, no zone). */
export interface CalendarDate {
  year: number
  month: number
  day: number
}

export interface Era {
  /** Era name as written: `令和`. */
  name: string
  /** Romanised initial used in the short form `R8.3.25`. */
  initial: string
  /** First day of the era (Gregorian). */
  start: CalendarDate
}

/** Eras from 明治, newest last. Start dates are ICU's (and the law's, from 明治6年). */
export const eras: readonly Era[] = [
  {name: '明治', initial: 'M', start: {year: 1868, month: 10, day: 23}},
  {name: '大正', initial: 'T', start: {year: 1912, month: 7, day: 30}},
  {name: '昭和', initial: 'S', start: {year: 1926, month: 12, day: 25}},
  {name: '平成', initial: 'H', start: {year: 1989, month: 1, day: 8}},
  {name: '令和', initial: 'R', start: {year: 2019, month: 5, day: 1}}
]

export type DateParseResult =
  | {ok: true; date: CalendarDate; iso: string; style: 'iso' | 'wareki'}
  | {ok: false; reason: string; suggestion?: string}

const warekiFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'Asia/Tokyo'
})

/** Compare two calendar dates: negative when `a` is earlier. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day
}

/** Whether `year-month-day` exists in the Gregorian calendar. */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false
  if (month < 1 || month > 12 || day < 1) return false
  return day <= daysInMonth(year, month)
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** `2026-03-25`. */
export function formatIso(date: CalendarDate): string {
  return (
    String(date.year).padStart(4, '0') +
    '-' +
    String(date.month).padStart(2, '0') +
    '-' +
    String(date.day).padStart(2, '0')
  )
}

/** The era a date falls in, or `undefined` before 明治. */
export function eraOf(date: CalendarDate): Era | undefined {
  for (let index = eras.length - 1; index >= 0; index--) {
    const era = eras[index]!
    if (compareDates(date, era.start) >= 0) return era
  }
  return undefined
}

/**
 * Format a date as 和暦 through Intl: `令和8年3月25日`, `令和元年5月1日`.
 * Dates before 1873 (before 明治, and 明治's lunisolar years) are returned in ISO form.
 */
export function formatWareki(date: CalendarDate): string {
  // Before 1873 a 和暦 date is lunisolar: the Gregorian date stays in ISO form.
  if (!eraOf(date) || compareDates(date, gregorianStart) < 0) return formatIso(date)
  // Noon in Tokyo: far from any midnight, so no zone can move the day.
  const instant = new Date(Date.UTC(date.year, date.month - 1, date.day, 3))
  if (date.year < 100) instant.setUTCFullYear(date.year)
  return warekiFormat.format(instant)
}

/** The era year of a date (1 for 元年), computed without Intl. */
export function warekiParts(date: CalendarDate): {era: Era; year: number} | undefined {
  const era = eraOf(date)
  if (!era) return undefined
  return {era, year: date.year - era.start.year + 1}
}

/**
 * Normalise full-width digits and punctuation, and drop the spaces that
 * typeset tables put in dates (`令和 8年3月 4日`).
 */
function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').trim()
}

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})$/
const longPattern = /^(明治|大正|昭和|平成|令和)(元|\d{1,4})年(\d{1,2})月(\d{1,2})日$/
const shortPattern = /^([MTSHR]|明治|大正|昭和|平成|令和)(\d{1,4})[./](\d{1,2})[./](\d{1,2})$/i

/**
 * Japan took up the Gregorian calendar on 明治6年1月1日 (1873-01-01); the
 * day before was 明治5年12月2日 of the old lunisolar calendar, so 明治5年12月3日
 * to 31日 never existed, and 明治 dates before 明治6年 are lunisolar dates
 * that no year arithmetic turns into Gregorian ones.
 */
export const gregorianStart: CalendarDate = {year: 1873, month: 1, day: 1}

/**
 * Parse a date written as ISO (`2026-03-25`) or 和暦 (`令和8年3月25日`,
 * `令和元年5月1日`, `令和８年３月２５日`, `R8.3.25`).
 *
 * Invalid dates come back with a reason and, where the era was wrong, a
 * suggestion: `平成31年5月1日` suggests `令和元年5月1日`.
 */
export function parseDate(input: string): DateParseResult {
  const text = normalise(input)

  const iso = isoPattern.exec(text)
  if (iso) {
    const date = {year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3])}
    if (!isValidDate(date.year, date.month, date.day)) {
      return {ok: false, reason: 'the date ' + formatIso(date) + ' does not exist'}
    }
    return {ok: true, date, iso: formatIso(date), style: 'iso'}
  }

  const match = longPattern.exec(text) || shortPattern.exec(text)
  if (!match) {
    return {
      ok: false,
      reason: 'expected an ISO date (`2026-03-25`) or a 和暦 date (`令和8年3月25日`, `R8.3.25`)'
    }
  }

  const eraToken = match[1]!.toUpperCase()
  const era = eras.find((d) => d.name === eraToken || d.initial === eraToken)!
  const eraYear = match[2] === '元' ? 1 : Number(match[2])
  const month = Number(match[3])
  const day = Number(match[4])
  const written = era.name + (eraYear === 1 ? '元' : String(eraYear)) + '年' + month + '月' + day + '日'

  if (eraYear < 1) {
    return {ok: false, reason: era.name + '0年 does not exist (the first year is 元年)'}
  }
  if (eraYear >= 100) {
    return {
      ok: false,
      reason: written + ' would be in ' + (era.start.year + eraYear - 1) + ': no era has lasted 100 years (was a digit typed twice?), expected a year of at most two digits'
    }
  }
  if (era.name === '明治' && eraYear <= 5) {
    if (eraYear === 5 && month === 12 && day >= 3) {
      return {ok: false, reason: written + ' never existed: the day after 明治5年12月2日 was 明治6年1月1日 (1873-01-01), when Japan took up the Gregorian calendar'}
    }
    return {
      ok: false,
      reason: written + ' is a date of the lunisolar calendar Japan used before 明治6年 (1873), which kaitei does not convert, expected the Gregorian date in ISO form (`1872-…`)'
    }
  }

  const year = era.start.year + eraYear - 1
  if (!isValidDate(year, month, day)) {
    return {ok: false, reason: written + ' does not exist'}
  }

  const date = {year, month, day}
  const actual = eraOf(date)
  const index = eras.indexOf(era)
  const next = eras[index + 1]

  if (next && compareDates(date, next.start) >= 0) {
    const previousDay = previousDate(next.start)
    return {
      ok: false,
      reason: written + ' is after the end of ' + era.name + ' (' + formatIso(previousDay) + ')',
      suggestion: formatWarekiPlain(date)
    }
  }

  if (actual !== era) {
    return {
      ok: false,
      reason: written + ' is before the start of ' + era.name + ' (' + formatIso(era.start) + ')',
      suggestion: actual ? formatWarekiPlain(date) : undefined
    }
  }

  return {ok: true, date, iso: formatIso(date), style: 'wareki'}
}

/** Format without Intl (used for suggestions; equals `formatWareki`). */
function formatWarekiPlain(date: CalendarDate): string {
  const parts = warekiParts(date)
  if (!parts || compareDates(date, gregorianStart) < 0) return formatIso(date)
  return (
    parts.era.name + (parts.year === 1 ? '元' : String(parts.year)) + '年' + date.month + '月' + date.day + '日'
  )
}

function previousDate(date: CalendarDate): CalendarDate {
  const instant = new Date(Date.UTC(date.year, date.month - 1, date.day - 1))
  return {year: instant.getUTCFullYear(), month: instant.getUTCMonth() + 1, day: instant.getUTCDate()}
}

/** Parse an ISO `YYYY-MM-DD` string into a calendar date (no validation of era). */
export function fromIso(iso: string): CalendarDate {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number]
  return {year, month, day}
}

/** Format a date in the publication's date style. */
export function formatDate(date: CalendarDate, style: 'wareki' | 'iso'): string {
  return style === 'wareki' ? formatWareki(date) : formatIso(date)
}
