// The warning before a session ends, in GOV.UK's timeout pattern: a modal dialog two minutes
// before, which takes focus and keeps it, says how long is left (to screen readers too, in a
// live region), and offers "Stay signed in" (a POST to the keep-alive address; Escape does
// the same) or "Sign out". When the time is up, what was typed is kept (kept-forms.js) and
// the page is asked for again, which takes the person to sign in.

import { keepForms } from '/static/js/kept-forms.js'

function inWords (seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60)
    return `${minutes} minute${minutes === 1 ? '' : 's'}`
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`
}

const ANNOUNCED_AT = [120, 60, 30, 10]

export function initSessionTimeout (root) {
  const dialog = root.querySelector('[role="dialog"]')
  const form = dialog.querySelector('form')
  const countdown = dialog.querySelector('.portal-timeout__countdown')
  const announcement = dialog.querySelector('[data-timeout-announcement]')
  const warningSeconds = Number(root.dataset.warningSeconds)
  let endsAt = Date.now() + Number(root.dataset.secondsLeft) * 1000
  let warnTimer, tickTimer, returnFocusTo
  let lastAnnounced = null

  const secondsLeft = () => Math.max(0, Math.ceil((endsAt - Date.now()) / 1000))
  const outside = () => Array.from(document.body.children).filter(el => el !== root && el.tagName !== 'SCRIPT')

  function schedule () {
    window.clearTimeout(warnTimer)
    warnTimer = window.setTimeout(open, Math.max(0, endsAt - Date.now() - warningSeconds * 1000))
  }

  function update () {
    const seconds = secondsLeft()
    if (seconds <= 0) return timeUp()
    countdown.textContent = inWords(seconds)
    const due = ANNOUNCED_AT.find(mark => seconds <= mark && (lastAnnounced === null || mark < lastAnnounced))
    if (due !== undefined) {
      lastAnnounced = due
      announcement.textContent = `We will sign you out in ${inWords(seconds)}.`
    }
  }

  function open () {
    returnFocusTo = document.activeElement
    lastAnnounced = null
    root.hidden = false
    outside().forEach(el => { el.inert = true })
    dialog.focus()
    update()
    tickTimer = window.setInterval(update, 1000)
  }

  function close () {
    window.clearInterval(tickTimer)
    root.hidden = true
    announcement.textContent = ''
    outside().forEach(el => { el.inert = false })
    if (returnFocusTo && returnFocusTo.focus) returnFocusTo.focus()
  }

  function timeUp () {
    window.clearInterval(tickTimer)
    window.clearTimeout(warnTimer)
    keepForms()
    window.location.assign(window.location.pathname + window.location.search)
  }

  async function staySignedIn () {
    let answer
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: new FormData(form),
        credentials: 'same-origin',
        headers: { Accept: 'application/json' }
      })
      if (!response.ok || !(response.headers.get('Content-Type') || '').includes('json')) throw new Error('signed out')
      answer = await response.json()
    } catch (error) {
      return timeUp()
    }
    endsAt = Date.now() + answer.seconds_left * 1000
    close()
    schedule()
  }

  form.addEventListener('submit', event => {
    event.preventDefault()
    staySignedIn()
  })

  root.addEventListener('keydown', event => {
    if (event.key === 'Escape') {
      event.preventDefault()
      staySignedIn()
      return
    }
    if (event.key !== 'Tab') return
    const focusable = Array.from(dialog.querySelectorAll('button, a[href]'))
    const first = focusable[0]
    const last = focusable[focusable.length - 1]
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  })

  schedule()
}
