// The redline's previous/next buttons and the j / k keys.
(function () {
  var changes = [].slice.call(document.querySelectorAll('.change'))
  var at = -1
  function go(step) {
    if (!changes.length) return
    at = Math.max(0, Math.min(changes.length - 1, at + step))
    changes[at].scrollIntoView({block: 'start'})
    location.hash = changes[at].id
  }
  document.querySelectorAll('[data-go]').forEach(function (button) {
    button.addEventListener('click', function () { go(Number(button.getAttribute('data-go'))) })
  })
  document.addEventListener('keydown', function (event) {
    if (event.target && /input|textarea/i.test(event.target.tagName)) return
    if (event.key === 'j') go(1)
    if (event.key === 'k') go(-1)
  })
})()
