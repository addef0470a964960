// The reader's page: the sidebar table of contents follows the section being read, the
// version switcher keeps the reader at that section, and on a phone the
// links back to the table of contents and to search stay at hand.
(function () {
  var anchors = [].slice.call(document.querySelectorAll('.policy h1[id], .policy h2[id], .policy h3[id], .policy h4[id], .policy h5[id], .policy h6[id]'))
  var links = {}
  ;[].slice.call(document.querySelectorAll('.sidebar-toc a[href^="#"]')).forEach(function (link) {
    links[decodeURIComponent(link.getAttribute('href').slice(1))] = link
  })
  var shown = null

  // Where reading starts: below the banners that stay at the top (the marking, a past version's notice).
  var banners = document.querySelector('.page-banners') || document.querySelector('.edition-banner')
  function readingLine() {
    return (banners ? banners.getBoundingClientRect().bottom : 0) + 60
  }

  // The last heading above the top of the window (binary search: anchors are in page order).
  function headingAtTop() {
    var line = readingLine()
    var low = 0
    var high = anchors.length - 1
    var found = -1
    while (low <= high) {
      var middle = (low + high) >> 1
      if (anchors[middle].getBoundingClientRect().top <= line) {
        found = middle
        low = middle + 1
      } else {
        high = middle - 1
      }
    }
    return found
  }

  // The section being read: the id of the heading at the top, and the nearest one the contents list.
  function current() {
    var at = headingAtTop()
    return at < 0 ? null : anchors[at].id
  }

  function update() {
    var at = headingAtTop()
    while (at >= 0 && !links[anchors[at].id]) at--
    var link = at < 0 ? null : links[anchors[at].id]
    if (link === shown) return
    if (shown) {
      shown.classList.remove('current')
      shown.removeAttribute('aria-current')
    }
    shown = link
    if (!link) return
    link.classList.add('current')
    link.setAttribute('aria-current', 'location')
    // Keep it in view inside the sidebar (which scrolls on its own on wide screens).
    var sidebar = link.closest('.sidebar')
    if (sidebar && sidebar.scrollHeight > sidebar.clientHeight) {
      var top = link.offsetTop - sidebar.offsetTop
      if (top < sidebar.scrollTop + 40 || top > sidebar.scrollTop + sidebar.clientHeight - 40) sidebar.scrollTop = top - sidebar.clientHeight / 3
    }
  }

  var pending = false
  window.addEventListener('scroll', function () {
    if (pending) return
    pending = true
    requestAnimationFrame(function () {
      pending = false
      update()
    })
  }, {passive: true})
  window.addEventListener('hashchange', update)
  update()

  // Switching versions keeps the section: the other version opens where this one is.
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('.versions a[href], .version-banner a[href]')
    if (!link) return
    var id = current()
    if (id) link.setAttribute('href', link.getAttribute('href').split('#')[0] + '#' + encodeURIComponent(id))
  })

  // On a phone: the search link puts the cursor in the search box.
  var toSearch = document.querySelector('.reader-nav a[href="#search-input"]')
  var input = document.getElementById('search-input')
  if (toSearch && input) {
    toSearch.addEventListener('click', function (event) {
      event.preventDefault()
      input.scrollIntoView({block: 'center'})
      input.focus()
    })
  }
})()
