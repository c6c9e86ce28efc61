// Progressive enhancement only: every page works without JavaScript.
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// Drafts of forms used outdoors: what is typed into a form marked
// data-trellis-draft is kept in this tab's sessionStorage (never sent
// anywhere, gone when the tab closes or on sign-out) so that a save that fails
// because the connection dropped loses nothing. The draft is restored when the
// form is opened again and removed once the server confirms the save.
const PENDING = 'trellis-draft-pending'

function fieldsOf (form) {
  return Array.from(form.elements).filter((el) => el.name && el.name !== '_csrf' && el.type !== 'file' &&
    el.type !== 'hidden' && el.type !== 'submit' && el.type !== 'button')
}

function save (form, key) {
  const values = {}
  for (const el of fieldsOf(form)) {
    if (el.type === 'checkbox' || el.type === 'radio') {
      if (el.checked) (values[el.name] = values[el.name] || []).push(el.value)
      else values[el.name] = values[el.name] || []
    } else {
      values[el.name] = [el.value]
    }
  }
  try { sessionStorage.setItem(key, JSON.stringify(values)) } catch (e) { /* storage full or blocked */ }
}

function restore (form, key) {
  let values = null
  try { values = JSON.parse(sessionStorage.getItem(key) || 'null') } catch (e) { values = null }
  if (!values) return
  for (const el of fieldsOf(form)) {
    if (!(el.name in values)) continue
    const saved = values[el.name]
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = saved.includes(el.value)
    else el.value = saved[0] ?? ''
  }
  const notice = document.createElement('p')
  notice.className = 'govuk-body trellis-draft-notice'
  notice.setAttribute('role', 'status')
  notice.textContent = 'What you typed before has been put back: it was not saved yet.'
  form.prepend(notice)
}

const confirmed = document.querySelector('.govuk-notification-banner--success')
const pending = sessionStorage.getItem(PENDING)
if (confirmed && pending) {
  sessionStorage.removeItem(pending)
  sessionStorage.removeItem(PENDING)
}

for (const form of document.querySelectorAll('form[data-trellis-draft]')) {
  const key = 'trellis-draft:' + form.dataset.trellisDraft
  // A page showing the server's errors already holds what was sent.
  if (!document.querySelector('.govuk-error-summary')) restore(form, key)
  form.addEventListener('input', () => save(form, key))
  form.addEventListener('change', () => save(form, key))
  form.addEventListener('submit', () => { save(form, key); sessionStorage.setItem(PENDING, key) })
}

for (const form of document.querySelectorAll('form.trellis-sign-out')) {
  form.addEventListener('submit', () => sessionStorage.clear())
}
