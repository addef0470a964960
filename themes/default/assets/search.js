/*
 * Client-side search over the edition. The index (assets/search-index.js)
 * holds each section's text, NFKC-normalised at build time. Japanese has no
 * spaces between words, so matching is by substring: every space-separated
 * term must occur in a section. Results show their chapter; sections that
 * only say they are withheld rank last. Keys: down and up move through the
 * results, Enter opens the first, Escape closes them; after the jump the
 * term is marked in the section. Works offline and from file://.
 */
(function () {
  'use strict'

  var MAX_RESULTS = 50

  // Full-width letters and digits match their ASCII forms, case is ignored.
  // One character for one, so offsets into the folded text stay valid.
  function normalise(text) {
    return String(text)
      .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]/g, function (c) {
        return c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)
      })
      .toLowerCase()
  }

  /**
   * Search `entries` for `query`; returns [{entry, index (in text), term, score}].
   * A section whose text is only the withheld notice (`notice`) ranks below real text.
   */
  function search(entries, query, notice) {
    var terms = normalise(query).split(/\s+/).filter(Boolean)
    if (terms.length === 0) return []
    var results = []
    for (var i = 0; i < entries.length; i++) {
      var entry = entries[i]
      // Fold each entry once, on first search.
      if (entry._text === undefined) {
        entry._title = normalise((entry.number ? entry.number + ' ' : '') + entry.title)
        entry._text = normalise(entry.text)
      }
      var title = entry._title
      var text = entry._text
      var score = 0
      var first = -1
      var ok = true
      for (var t = 0; t < terms.length; t++) {
        var term = terms[t]
        var inTitle = title.indexOf(term) !== -1
        var at = text.indexOf(term)
        if (!inTitle && at === -1) { ok = false; break }
        if (inTitle) score += 10
        if (at !== -1) {
          if (first === -1) first = at
          var count = 0
          for (var p = at; p !== -1 && count < 20; p = text.indexOf(term, p + term.length)) count++
          score += count
        }
      }
      if (!ok) continue
      if (notice && entry.text.trim() === notice) score -= 1000
      results.push({entry: entry, index: first, term: terms[0], score: score})
    }
    results.sort(function (a, b) { return b.score - a.score })
    return results
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';' })
  }

  /** A piece of `text` around `index`, with every term marked. */
  function snippet(text, index, terms) {
    if (index < 0) return escapeHtml(text.slice(0, 80))
    var start = Math.max(0, index - 30)
    var end = Math.min(text.length, index + 70)
    var piece = text.slice(start, end)
    var lower = normalise(piece)
    var marks = []
    for (var i = 0; i < terms.length; i++) {
      for (var at = lower.indexOf(terms[i]); at !== -1; at = lower.indexOf(terms[i], at + terms[i].length)) {
        marks.push([at, at + terms[i].length])
      }
    }
    marks.sort(function (a, b) { return a[0] - b[0] })
    var html = ''
    var done = 0
    for (var m = 0; m < marks.length; m++) {
      if (marks[m][0] < done) continue
      html += escapeHtml(piece.slice(done, marks[m][0])) + '<mark>' + escapeHtml(piece.slice(marks[m][0], marks[m][1])) + '</mark>'
      done = marks[m][1]
    }
    html += escapeHtml(piece.slice(done))
    return (start > 0 ? '…' : '') + html + (end < text.length ? '…' : '')
  }

  function setup() {
    var input = document.getElementById('search-input')
    var box = document.getElementById('search-results')
    var index = window.kaiteiSearchIndex
    if (!input || !box || !index) return
    var form = input.form
    if (form) form.addEventListener('submit', function (event) { event.preventDefault() })
    // The edition's own words, written into the index in its language.
    var words = index.labels || {none: 'No results for “{query}”', some: '{count} results'}
    var lastTerms = []

    function render() {
      var query = input.value.trim()
      if (!query) { close(); return }
      var results = search(index.entries, query, words.notice)
      var terms = normalise(query).split(/\s+/).filter(Boolean)
      lastTerms = terms
      var status = results.length === 0 ? words.none.replace('{query}', query) : words.some.replace('{count}', String(results.length))
      var html = '<p class="search-status" role="status">' + escapeHtml(status) + '</p><ol>'
      for (var i = 0; i < results.length && i < MAX_RESULTS; i++) {
        var r = results[i]
        var e = r.entry
        html += '<li><a href="#' + encodeURIComponent(e.id) + '">' +
          (e.chapter ? '<span class="result-chapter">' + escapeHtml(e.chapter) + '</span>' : '') +
          '<span class="result-title">' + escapeHtml((e.number ? e.number + ' ' : '') + e.title) + '</span><span class="result-snippet">' +
          snippet(e.text, r.index, terms) + '</span></a></li>'
      }
      box.innerHTML = html + '</ol>'
      box.hidden = false
    }

    function close() {
      box.hidden = true
      box.innerHTML = ''
    }

    function links() {
      return [].slice.call(box.querySelectorAll('li a'))
    }

    // Keyboard: ↓ / ↑ move through the results, Enter opens one, Escape closes them.
    input.addEventListener('keydown', function (event) {
      var all = links()
      if (event.key === 'ArrowDown' && all.length) { event.preventDefault(); all[0].focus() }
      else if (event.key === 'Enter' && all.length) { event.preventDefault(); all[0].click() }
      else if (event.key === 'Escape') { close(); input.value = '' }
    })
    box.addEventListener('keydown', function (event) {
      var all = links()
      var at = all.indexOf(document.activeElement)
      if (at === -1) return
      if (event.key === 'ArrowDown') { event.preventDefault(); (all[at + 1] || all[at]).focus() }
      else if (event.key === 'ArrowUp') { event.preventDefault(); if (at === 0) input.focus(); else all[at - 1].focus() }
      else if (event.key === 'Escape') { event.preventDefault(); close(); input.focus() }
    })
    // After the jump, the term is highlighted in the section it landed on.
    box.addEventListener('click', function (event) {
      var link = event.target.closest && event.target.closest('a[href^="#"]')
      if (!link) return
      var id = decodeURIComponent(link.getAttribute('href').slice(1))
      setTimeout(function () { highlight(id, lastTerms) }, 0)
    })

    input.addEventListener('input', render)
    if (input.value) render()
  }

  /** Mark the terms in the section `id` (from its heading to the next heading), the previous marks removed. */
  function highlight(id, terms) {
    ;[].slice.call(document.querySelectorAll('mark.search-hit')).forEach(function (mark) {
      var parent = mark.parentNode
      parent.replaceChild(document.createTextNode(mark.textContent), mark)
      parent.normalize()
    })
    var heading = document.getElementById(id)
    if (!heading || terms.length === 0) return
    var level = /^H[1-6]$/.test(heading.tagName) ? Number(heading.tagName[1]) : 7
    var nodes = []
    for (var node = heading; node; node = node.nextElementSibling) {
      if (node !== heading && /^H[1-6]$/.test(node.tagName) && Number(node.tagName[1]) <= level) break
      nodes.push(node)
    }
    var first = null
    nodes.forEach(function (root) {
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      var texts = []
      for (var text = walker.nextNode(); text; text = walker.nextNode()) texts.push(text)
      texts.forEach(function (text) {
        var folded = normalise(text.data)
        for (var t = 0; t < terms.length; t++) {
          var at = folded.indexOf(terms[t])
          if (at === -1) continue
          var hit = text.splitText(at)
          hit.splitText(terms[t].length)
          var mark = document.createElement('mark')
          mark.className = 'search-hit'
          hit.parentNode.replaceChild(mark, hit)
          mark.appendChild(hit)
          if (!first) first = mark
          break
        }
      })
    })
  }

  window.kaiteiSearch = search
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup)
  else setup()
})()
