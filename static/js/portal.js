import { initAll } from '/static/govuk/govuk-frontend.min.js'
import { initBuildStatus } from '/static/js/build-status.js'
import { restoreForms } from '/static/js/kept-forms.js'
import { initSessionTimeout } from '/static/js/session-timeout.js'

restoreForms()
initAll()
document.querySelectorAll('[data-module="portal-session-timeout"]').forEach(initSessionTimeout)
document.querySelectorAll('[data-module="portal-build-status"]').forEach(container => {
  initBuildStatus(container, document.getElementById('rendering-announcement'))
})
