// The annual review's PDF status page: asks the server how far the build has got every few
// seconds, updates the progress bar and says the new state in a live region, so the page
// never reloads itself. Without scripts, the page's "Check again" button does the asking.

function replaceById (container, fresh, id) {
  const now = container.querySelector('#' + id)
  const next = fresh.querySelector('#' + id)
  if (now && next) now.replaceWith(next)
}

export function initBuildStatus (container, announcer) {
  const url = container.dataset.progressUrl
  const seconds = Number(container.dataset.pollSeconds) || 3
  const checkAgain = container.querySelector('.portal-check-again')
  if (checkAgain) checkAgain.hidden = true
  let last = ''

  async function check () {
    let data
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) throw new Error(response.statusText)
      data = await response.json()
    } catch (error) {
      if (checkAgain) checkAgain.hidden = false // the "Check again" button still works
      return
    }
    const fresh = document.createElement('div')
    fresh.innerHTML = data.html
    if (data.finished) {
      container.replaceChildren(...fresh.childNodes)
    } else {
      replaceById(container, fresh, 'rendering-progress-text')
      replaceById(container, fresh, 'rendering-progress')
    }
    if (data.announcement !== last) {
      last = data.announcement
      announcer.textContent = data.announcement
    }
    if (!data.finished) window.setTimeout(check, seconds * 1000)
  }
  window.setTimeout(check, seconds * 1000)
}
