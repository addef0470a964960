import {describe, expect, it} from 'vitest'
import {formatIso, formatWareki, fromIso, parseDate} from '../src/wareki.js'

describe('和暦 formatting through Intl', () => {
  it.each([
    ['1873-01-01', '明治6年1月1日'],
    ['1912-07-29', '明治45年7月29日'],
    ['1912-07-30', '大正元年7月30日'],
    ['1926-12-24', '大正15年12月24日'],
    ['1926-12-25', '昭和元年12月25日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1989-01-08', '平成元年1月8日'],
    ['2004-02-04', '平成16年2月4日'],
    ['2019-04-30', '平成31年4月30日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2026-03-25', '令和8年3月25日']
  ])('%s → %s, and back', (iso, wareki) => {
    expect(formatWareki(fromIso(iso))).toBe(wareki)
    const parsed = parseDate(wareki)
    expect(parsed).toEqual({ok: true, date: fromIso(iso), iso, style: 'wareki'})
  })
})

describe('parseDate accepts the ways policies write dates', () => {
  it.each([
    ['2026-03-25', '2026-03-25'],
    ['令和8年3月25日', '2026-03-25'],
    ['令和元年5月1日', '2019-05-01'],
    ['平成16年2月4日', '2004-02-04'],
    ['令和８年３月２５日', '2026-03-25'],
    ['R8.3.25', '2026-03-25'],
    ['H16.2.4', '2004-02-04'],
    ['r8.3.25', '2026-03-25'],
    ['平成16年2月 4日', '2004-02-04'],
    ['令和 4年2月17日', '2022-02-17'],
    ['昭和64年1月7日', '1989-01-07']
  ])('%s → %s', (text, iso) => {
    const parsed = parseDate(text)
    expect(parsed.ok && parsed.iso).toBe(iso)
  })
})

describe('parseDate rejects impossible dates with a reason', () => {
  it('平成31年5月1日 is after Heisei and suggests 令和元年5月1日', () => {
    expect(parseDate('平成31年5月1日')).toEqual({
      ok: false,
      reason: '平成31年5月1日 is after the end of 平成 (2019-04-30)',
      suggestion: '令和元年5月1日'
    })
  })

  it('令和元年4月30日 is before Reiwa and suggests 平成31年4月30日', () => {
    expect(parseDate('令和元年4月30日')).toEqual({
      ok: false,
      reason: '令和元年4月30日 is before the start of 令和 (2019-05-01)',
      suggestion: '平成31年4月30日'
    })
  })

  it('昭和64年1月8日 is Heisei already', () => {
    const parsed = parseDate('昭和64年1月8日')
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.suggestion).toBe('平成元年1月8日')
  })

  it.each([
    ['令和8年2月30日', '令和8年2月30日 does not exist'],
    ['2026-02-29', 'the date 2026-02-29 does not exist'],
    ['令和0年1月1日', '令和0年 does not exist (the first year is 元年)']
  ])('%s', (text, reason) => {
    expect(parseDate(text)).toMatchObject({ok: false, reason})
  })

  it('refuses 明治5年12月3日 to 31日, which never existed, and lunisolar 明治 dates', () => {
    expect(parseDate('明治5年12月3日')).toEqual({
      ok: false,
      reason: '明治5年12月3日 never existed: the day after 明治5年12月2日 was 明治6年1月1日 (1873-01-01), when Japan took up the Gregorian calendar'
    })
    expect(parseDate('明治5年12月31日')).toMatchObject({ok: false, reason: expect.stringContaining('never existed')})
    expect(parseDate('明治元年10月23日')).toEqual({
      ok: false,
      reason: '明治元年10月23日 is a date of the lunisolar calendar Japan used before 明治6年 (1873), which kaitei does not convert, expected the Gregorian date in ISO form (`1872-…`)'
    })
    // The Gregorian dates themselves are fine, shown in ISO form (no 和暦 of that time is Gregorian).
    expect(parseDate('1872-12-31')).toMatchObject({ok: true, iso: '1872-12-31'})
    expect(formatWareki(fromIso('1872-12-31'))).toBe('1872-12-31')
  })

  it('gives 令和100年 a message of its own', () => {
    expect(parseDate('令和100年4月1日')).toEqual({
      ok: false,
      reason: '令和100年4月1日 would be in 2118: no era has lasted 100 years (was a digit typed twice?), expected a year of at most two digits'
    })
    expect(parseDate('R108.4.1')).toMatchObject({ok: false, reason: expect.stringContaining('would be in 2126')})
  })

  it('accepts 29 February in a leap year', () => {
    expect(parseDate('令和6年2月29日')).toMatchObject({ok: true, iso: '2024-02-29'})
  })

  it('explains what it expected for text that is no date', () => {
    expect(parseDate('来年の春')).toMatchObject({ok: false, reason: expect.stringContaining('expected an ISO date')})
  })

  it('formats ISO with padding', () => {
    expect(formatIso({year: 2019, month: 5, day: 1})).toBe('2019-05-01')
  })
})
