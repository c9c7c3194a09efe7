// What a person has typed is not lost when their session ends: just before the portal signs
// them out, the page's forms are kept in this tab's sessionStorage (never passwords, files or
// hidden fields), and put back when they come to the same page again after signing in.

const PREFIX = 'portal-kept-form:'
const SKIPPED = ['password', 'file', 'hidden', 'submit', 'button', 'reset', 'image']

function keptFields (form) {
  return Array.from(form.elements).filter(el => el.name && !el.disabled && !SKIPPED.includes(el.type))
}

function valueOf (el) {
  if (el.type === 'checkbox' || el.type === 'radio') return el.checked
  if (el.tagName === 'SELECT' && el.multiple) return Array.from(el.selectedOptions).map(option => option.value)
  return el.value
}

export function keepForms () {
  const forms = Array.from(document.querySelectorAll('main form')).map(form =>
    keptFields(form).map(el => ({ name: el.name, value: el.value, kept: valueOf(el) }))
  )
  const typed = forms.some(fields => fields.some(field => field.kept !== '' && field.kept !== false))
  if (typed) window.sessionStorage.setItem(PREFIX + window.location.pathname, JSON.stringify(forms))
}

function putBack (el, field) {
  if (el.type === 'checkbox' || el.type === 'radio') {
    if (el.value === field.value) el.checked = field.kept
  } else if (el.tagName === 'SELECT' && el.multiple) {
    Array.from(el.options).forEach(option => { option.selected = field.kept.includes(option.value) })
  } else {
    el.value = field.kept
  }
}

function tellRestored (main) {
  const banner = document.createElement('div')
  banner.className = 'govuk-notification-banner'
  banner.setAttribute('role', 'region')
  banner.setAttribute('aria-labelledby', 'kept-form-title')
  banner.setAttribute('data-module', 'govuk-notification-banner')
  banner.innerHTML = '<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="kept-form-title">Important</h2></div>' +
    '<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">We have put back what you typed before you were signed out. Check it, then carry on.</p></div>'
  main.prepend(banner)
}

export function restoreForms () {
  const key = PREFIX + window.location.pathname
  const stored = window.sessionStorage.getItem(key)
  if (!stored) return
  window.sessionStorage.removeItem(key)
  const forms = Array.from(document.querySelectorAll('main form'))
  let restored = false
  JSON.parse(stored).forEach((fields, index) => {
    const form = forms[index]
    if (!form) return
    const elements = keptFields(form)
    fields.forEach(field => {
      elements.filter(el => el.name === field.name).forEach(el => { putBack(el, field); restored = true })
    })
  })
  const main = document.querySelector('main')
  if (restored && main) tellRestored(main)
}
