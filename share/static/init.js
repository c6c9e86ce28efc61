// Progressive enhancement only: every page works without JavaScript.
import { initAll } from './govuk-frontend.min.js'

// The layout's inline script has marked the body already; this covers a page
// whose inline script did not run.
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

// A run recorded on a phone, one young person at a time: the participants of
// a form marked data-trellis-steps are shown one by one ("3 of 8"), and each
// step is kept on the server as a draft (the attribute names where), so a
// dropped signal or an expired session loses nothing the server had. Without
// JavaScript the whole form shows and is saved in one go.
for (const form of document.querySelectorAll('form[data-trellis-steps]')) {
  const steps = Array.from(form.querySelectorAll('.trellis-participant'))
  if (steps.length < 2) continue
  const last = Array.from(form.querySelectorAll('.trellis-steps-last'))
  const status = document.createElement('p')
  status.className = 'govuk-body govuk-!-font-weight-bold trellis-steps__status'
  status.setAttribute('aria-live', 'polite')
  const saved = document.createElement('p')
  saved.className = 'govuk-body-s trellis-steps__saved'
  saved.setAttribute('role', 'status')
  const group = document.createElement('div')
  group.className = 'govuk-button-group'
  const button = (text, secondary) => {
    const b = document.createElement('button')
    b.type = 'button'
    b.className = 'govuk-button' + (secondary ? ' govuk-button--secondary' : '')
    b.textContent = text
    group.append(b)
    return b
  }
  const previous = button('Previous young person', true)
  const next = button('Next young person', false)
  steps[0].before(status)
  steps[steps.length - 1].after(group, saved)
  let at = 0
  const show = (i) => {
    at = i
    steps.forEach((s, j) => { s.hidden = j !== i })
    last.forEach((el) => { el.hidden = i !== steps.length - 1 })
    previous.hidden = i === 0
    next.hidden = i === steps.length - 1
    status.textContent = `Young person ${i + 1} of ${steps.length}`
  }
  const keep = async () => {
    try {
      const response = await fetch(form.dataset.trellisSteps, {
        method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin', redirect: 'manual'
      })
      const answer = response.ok ? await response.json() : null
      saved.textContent = answer && answer.saved
        ? `Saved so far at ${answer.saved_at}.`
        : 'Not saved on the server: you may have been signed out. What you entered stays in this tab; sign in again in a new tab and the next step will be saved.'
    } catch (e) {
      saved.textContent = 'No connection: what you entered stays in this tab and is saved at the next step that reaches the server.'
    }
  }
  const go = (i) => {
    show(i)
    keep()
    steps[i].querySelector('select, input')?.focus()
  }
  previous.addEventListener('click', () => go(at - 1))
  next.addEventListener('click', () => go(at + 1))
  // An error on the server's answer opens the step that holds it.
  const wrong = steps.findIndex((s) => s.classList.contains('govuk-form-group--error'))
  show(wrong >= 0 ? wrong : 0)
}

// Naming a context by typing: an input marked data-suggest-contexts offers the
// contexts the user may see whose names hold what is typed, read from the API
// as they type (GOV.UK's accessible autocomplete, loaded only on such pages).
// Without JavaScript, or while offline, the typed name is sent as it is and
// the server finds the context by it or says which ones match.
//
// Naming a young person the same way: a context whose register is too long to
// list in a form asks for pseudonyms, and an input or box marked
// data-suggest-people="CONTEXT" offers those on that context's register. A box
// that takes one pseudonym a line gets a finder above it that adds a line.
const suggestible = Array.from(document.querySelectorAll('input[data-suggest-contexts]'))
const people = Array.from(document.querySelectorAll('[data-suggest-people]'))
if (suggestible.length || people.length) {
  import('./accessible-autocomplete.min.js').then(() => {
    for (const input of suggestible) suggestContexts(window.accessibleAutocomplete, input)
    for (const field of people) suggestPeople(window.accessibleAutocomplete, field)
  }).catch(() => { /* the plain inputs stay */ })
}

// A source for the autocomplete that asks the API once typing pauses.
function lookup (url, pick) {
  let timer = null
  let pending = null
  return (query, populate) => {
    clearTimeout(timer)
    timer = setTimeout(async () => {
      pending?.abort()
      pending = new AbortController()
      try {
        const answer = await fetch(url + encodeURIComponent(query),
          { credentials: 'same-origin', headers: { Accept: 'application/json' }, signal: pending.signal })
        populate(answer.ok ? pick(await answer.json()) : [])
      } catch (e) { /* superseded or offline: what is typed is still sent */ }
    }, 150)
  }
}

// Puts an autocomplete where `input` was, keeping its name, hint and length.
function replaceWithAutocomplete (autocomplete, input, options) {
  const holder = document.createElement('div')
  input.after(holder)
  const hint = input.getAttribute('aria-describedby')
  const { id, name, value, maxLength, className } = input
  input.remove()
  autocomplete({ element: holder, id, name, defaultValue: value, minLength: 2, showNoOptionsFound: true, inputClasses: className, ...options })
  const made = holder.querySelector('input')
  if (made && hint) made.setAttribute('aria-describedby', `${made.getAttribute('aria-describedby') || ''} ${hint}`.trim())
  if (made && maxLength > 0) made.maxLength = maxLength
}

function suggestContexts (autocomplete, input) {
  replaceWithAutocomplete(autocomplete, input, {
    tNoResults: () => 'No context you can see has that in its name',
    source: lookup('/api/v1/contexts?limit=8&name=', (answer) => answer.contexts.map((c) => c.name))
  })
}

function suggestPeople (autocomplete, field) {
  const context = encodeURIComponent(field.dataset.suggestPeople)
  const source = lookup(`/api/v1/contexts/${context}/young-people?limit=8&name=`,
    (answer) => answer.young_people.map((y) => y.pseudonym))
  const tNoResults = () => 'Nobody on this register has that in their pseudonym'
  if (field.tagName !== 'TEXTAREA') {
    replaceWithAutocomplete(autocomplete, field, { source, tNoResults })
    return
  }
  const group = document.createElement('div')
  group.className = 'govuk-form-group trellis-finder'
  const label = document.createElement('label')
  label.className = 'govuk-label'
  label.htmlFor = `${field.id}-finder`
  label.textContent = 'Find someone on the register and add them to the box'
  const holder = document.createElement('div')
  group.append(label, holder)
  field.before(group)
  autocomplete({
    element: holder,
    id: `${field.id}-finder`,
    minLength: 2,
    showNoOptionsFound: true,
    confirmOnBlur: false,
    tNoResults,
    source,
    onConfirm: (chosen) => {
      if (!chosen) return
      const lines = field.value.split('\n').map((l) => l.trim()).filter(Boolean)
      if (!lines.some((l) => l.toLowerCase() === chosen.toLowerCase())) lines.push(chosen)
      field.value = lines.join('\n')
      field.dispatchEvent(new Event('input', { bubbles: true }))
      setTimeout(() => { const made = holder.querySelector('input'); if (made) made.value = '' }, 0)
    }
  })
}
