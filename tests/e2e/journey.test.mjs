// Browser tests in Debian's Chromium through playwright-core: the lead's whole
// journey, the framework page on a phone, and axe-core on every page.
//   Needs BASE_URL, LEAD_PASSWORD, PRACTITIONER_PASSWORD, ADMIN_PASSWORD (tests/e2e/run sets them).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium } from 'playwright-core'

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const base = process.env.BASE_URL
const shots = process.env.SCREENSHOTS || ''
// Markup and layout do not depend on the database: the page-by-page checks run on SQLite only,
// the journeys, which write, on both.
const markupOnly = process.env.BACKEND === 'postgres' && 'markup is checked on SQLite; it does not depend on the database'
if (shots) mkdirSync(shots, { recursive: true })

let browser
before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic']
  })
})
after(async () => { await browser?.close() })

async function signIn (page, email, password) {
  await page.goto(base + '/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

async function axe (page, name) {
  await page.evaluate(axeSource)
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] }
  }))
  const problems = result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)
  assert.deepEqual(problems, [], `axe found WCAG problems on ${name}`)
}

async function shot (page, name) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true })
}

test('a lead signs in, creates a context and a framework, writes four stages and signs out', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  const csp = []
  page.on('console', m => { if (m.type() === 'error') csp.push(m.text()) })

  await signIn(page, 'lead@demo.trellis.test', process.env.LEAD_PASSWORD)
  await page.waitForURL('**/contexts')
  await assert.doesNotReject(page.getByRole('heading', { name: 'Contexts' }).waitFor())

  await page.getByRole('button', { name: 'Add a context' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Canal towpath group')
  await page.getByLabel('Place', { exact: true }).check()
  await page.getByLabel('Description (optional)').fill('Young people who meet by the lock in the evenings.')
  await page.getByRole('button', { name: 'Add context' }).click()
  await page.getByRole('heading', { name: 'Canal towpath group' }).waitFor()

  await page.getByRole('button', { name: 'Create a framework' }).click()
  await page.getByLabel('Neighbourhood or public place').check()
  await page.getByRole('button', { name: 'Create framework' }).click()
  await page.getByText('The framework was created.').waitFor()

  await page.getByRole('link', { name: 'Add a goal to Young People in the Neighbourhood' }).click()
  await page.getByLabel('Goal statement').fill('Young people feel safe using the towpath after dark')
  await page.getByRole('button', { name: 'Add the goal only' }).click()
  await page.getByText('The goal was added.').waitFor()

  const stages = ['Scoping', 'Measuring', 'Action', 'Outcome']
  for (const stage of stages) {
    await page.getByRole('link', { name: new RegExp(`^Write ${stage}: Young people feel safe using the towpath`) }).click()
    await page.getByRole('textbox').fill(`${stage} written in the browser.\n\nA second paragraph.`)
    await page.getByRole('button', { name: `Save ${stage.toLowerCase()}` }).click()
    await page.getByText('The stage was saved as a new version.').waitFor()
  }
  for (const stage of stages) {
    await assert.doesNotReject(page.getByText(`${stage} written in the browser.`).waitFor())
  }
  await shot(page, 'framework-desktop')

  // Side by side on a wide screen: the four stage boxes share one row.
  const boxes = await page.locator('#main-content .trellis-goal').last().locator('.trellis-stage').evaluateAll(
    els => els.map(e => e.getBoundingClientRect().top))
  assert.equal(boxes.length, 4)
  assert.ok(boxes.every(t => Math.abs(t - boxes[0]) < 2), `stages not side by side: ${boxes}`)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByText('You have signed out.').waitFor()
  await page.goto(base + '/contexts')
  await page.waitForURL('**/sign-in**')
  assert.deepEqual(csp.filter(t => /Content Security Policy/i.test(t)), [], 'no CSP violations')
  await context.close()
})

for (const [device, viewport] of [['a desktop', { width: 1280, height: 900 }], ['a phone', { width: 375, height: 812 }]]) {
test(`a lead writes a goal through Save and continue, checking the wording, to check your answers, on ${device}`, async () => {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  await signIn(page, 'lead@demo.trellis.test', process.env.LEAD_PASSWORD)
  await page.goto(base + '/areas/2/goals/new')
  await page.getByLabel('Goal statement').fill(`Young people use the leisure centre on weekday evenings (${device})`)
  await page.getByRole('button', { name: 'Add the goal and write its stages' }).click()
  await page.getByText('Step 1 of 4').waitFor()
  await page.getByRole('textbox').fill('The group said they are moved on from the car park and are hanging around the shops.')
  await page.getByRole('button', { name: 'Check wording' }).click()
  await page.getByRole('heading', { name: 'Wording check' }).waitFor()
  await assert.doesNotReject(page.getByText('“hanging around”').waitFor())
  await axe(page, 'a stage with its wording checked')
  await page.getByRole('textbox').fill('The group said they are moved on from the car park and spend evenings by the shops.')
  const stages = ['Scoping', 'Measuring', 'Action', 'Outcome']
  for (const [i, stage] of stages.entries()) {
    await page.getByText(`Step ${i + 1} of 4`).waitFor()
    if (i > 0) await page.getByRole('textbox').fill(`${stage}: written step by step.`)
    await page.getByRole('button', { name: 'Save and continue' }).click()
  }
  await page.getByText('Check your answers').waitFor()
  await assert.doesNotReject(page.getByText('Ready for review').waitFor())
  await axe(page, 'check your answers')
  await page.getByRole('link', { name: 'Change Action' }).click()
  await page.getByRole('textbox').fill('Action: rewritten from the answers page.')
  await page.getByRole('button', { name: 'Save and return to your answers' }).click()
  await assert.doesNotReject(page.getByText('Action: rewritten from the answers page.').waitFor())
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= viewport.width, `check your answers fits (width ${width})`)
  await page.getByRole('button', { name: 'Back to the framework' }).click()
  assert.match(page.url(), /\/frameworks\/1#goal-\d+$/)
  await context.close()
})

test(`a lead takes a new concern to a framework whose goals come from the assessment, on ${device}`, async () => {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  await signIn(page, 'lead@demo.trellis.test', process.env.LEAD_PASSWORD)
  const name = `Canal path group (${device})`
  await page.goto(base + '/contexts')
  await page.getByRole('button', { name: 'Record a concern' }).click()
  await page.getByLabel('Day').fill('20')
  await page.getByLabel('Month').fill('11')
  await page.getByLabel('Year').fill('2026')
  await page.getByLabel('Who raised it').fill('Canal and River Trust ranger')
  await page.getByLabel('A referral').check()
  await page.getByLabel('Contexts it names, one a line').fill(name)
  await page.getByLabel('Place or school (optional)').selectOption({ label: 'Hollins Park (Place)' })
  await page.getByLabel('What the concern is').fill('A group gathers on the canal path after dark and adults in cars meet them there.')
  await page.getByRole('button', { name: 'Record the concern' }).click()
  await page.getByText('The concern was recorded.').waitFor()
  await axe(page, 'a concern just recorded')
  await page.getByRole('button', { name: 'Start screening' }).click()
  await page.getByLabel('Level 2: a context assessment').check()
  await page.getByLabel('Why this decision').fill('A group and a place, not one child: assess the context.')
  await page.getByRole('button', { name: 'Record the decision' }).click()
  await page.getByText('The screening decision was recorded.').waitFor()
  await page.getByRole('link', { name: `Assess ${name}` }).click()
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await page.getByText('A new version of the assessment was started.').waitFor()
  await page.getByRole('radio', { name: 'Environmental and family factors' }).check()
  await page.getByLabel('Concern', { exact: true }).check()
  await page.getByLabel('The finding').fill('The canal path is unlit and adults in cars wait at the bridge.')
  await page.getByLabel('3: major').check()
  await page.getByRole('button', { name: 'Add the finding' }).click()
  await page.getByText('The finding was added.').waitFor()
  await axe(page, 'an assessment with a finding')
  let width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= viewport.width, `the assessment fits (width ${width})`)
  await page.getByRole('button', { name: 'Complete version 1' }).click()
  await page.getByText('This version of the assessment is complete.').waitFor()
  await page.getByRole('button', { name: "Draw a framework's goals from this assessment" }).click()
  await page.getByText('Proposed because the assessment found concerns here').waitFor()
  await axe(page, 'choosing goals from the assessment')
  await page.getByLabel('Young people have safe, welcoming places nearby where they can spend time together and have fun').check()
  await page.getByRole('button', { name: 'Create the framework' }).click()
  await page.getByText('The framework was created from the assessment.').waitFor()
  await assert.doesNotReject(page.getByText('The canal path is unlit and adults in cars wait at the bridge.').first().waitFor())
  width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= viewport.width, `the framework fits (width ${width})`)
  // The context conference agrees the goal, and its written summary is sent.
  await page.getByRole('link', { name }).first().click()
  await page.getByRole('link', { name: 'Agree the goals and the plan at a context conference.' }).click()
  await page.getByLabel('Day').fill('27')
  await page.getByLabel('Month').fill('11')
  await page.getByLabel('Year').fill('2026')
  await page.getByText('For a conference: invitees, the agenda and the goals agreed').click()
  await page.getByLabel('Invitees, one a line').fill("Children's social care team manager (chair)\nCanal and River Trust ranger")
  await page.getByLabel('Young people have safe, welcoming places nearby where they can spend time together and have fun').check()
  await page.getByRole('button', { name: 'Record meeting' }).click()
  await page.getByText('The meeting was recorded.').waitFor()
  await assert.doesNotReject(page.getByText('send the summary and plan to participants by').waitFor())
  await axe(page, 'a conference whose summary is due')
  await page.getByRole('button', { name: 'Mark the summary as sent' }).click()
  await page.getByText('The written summary is marked as sent.').waitFor()
  await page.getByRole('link', { name }).first().click()
  await assert.doesNotReject(page.getByText('The plan is under way.').waitFor())
  await page.getByRole('link', { name: 'See the chronology' }).click()
  await page.getByRole('heading', { name: 'Chronology' }).waitFor()
  await assert.doesNotReject(page.getByText('Framework drawn from assessment version 1').waitFor())
  await assert.doesNotReject(page.getByText('Written summary sent').waitFor())
  await axe(page, 'the chronology')
  await context.close()
})
}

test('the framework page stacks its stages on a phone', { skip: markupOnly }, async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  await signIn(page, 'practitioner@demo.trellis.test', process.env.PRACTITIONER_PASSWORD)
  await page.goto(base + '/frameworks/1')
  await page.getByRole('heading', { name: 'Young People and Peer Groups' }).waitFor()
  const lefts = await page.locator('.trellis-goal').first().locator('.trellis-stage').evaluateAll(
    els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width] }))
  assert.equal(lefts.length, 4)
  for (let i = 1; i < 4; i++) {
    assert.ok(Math.abs(lefts[i][0] - lefts[0][0]) < 2, 'stages share a left edge')
    assert.ok(lefts[i][1] > lefts[i - 1][1], 'each stage sits below the one before')
  }
  // The summary at the top: one row per goal, each cell labelled when the table stacks.
  const glance = page.locator('table.trellis-glance tbody tr')
  assert.ok(await glance.count() >= 3, 'a row for each goal')
  const first = glance.first()
  assert.match(await first.locator('td[data-label="Scoping"]').innerText(), /Written \(version \d+\)/)
  assert.match(await first.locator('td[data-label="Outcome rating"]').innerText(), /Reached/)
  const indicator = (await first.locator('td[data-label^="Indicator"]').textContent()).replace(/\s+/g, ' ')
  assert.match(indicator, /baseline 0\.63 adults → latest 2\.38 adults → target 2 adults Target reached/)
  const cells = await first.locator('td').evaluateAll(els => els.map(e => e.getBoundingClientRect().left))
  assert.ok(cells.every(left => Math.abs(left - cells[0]) < 2), 'the cells of a row stack on a phone')
  // Targets of at least 24 by 24 pixels (WCAG 2.2, 2.5.8): the header menu, buttons and links that stand alone.
  const small = await page.evaluate(() => {
    const targets = [...document.querySelectorAll('header a, header button, button, .govuk-button, .trellis-actions a, .trellis-sub-nav a, .govuk-pagination a')]
    return targets.filter(e => e.offsetParent !== null).map(e => {
      const r = e.getBoundingClientRect(); return { text: e.textContent.trim().slice(0, 30), w: r.width, h: r.height }
    }).filter(t => t.w < 24 || t.h < 24)
  })
  assert.deepEqual(small, [], 'every target is at least 24 px')
  await page.getByRole('button', { name: 'Menu' }).click()
  const menu = await page.locator('#navigation a').evaluateAll(els => els.map(e => e.getBoundingClientRect().height))
  assert.ok(menu.length > 0 && Math.min(...menu) >= 24, `header menu links at least 24 px: ${menu}`)
  await page.getByRole('button', { name: 'Menu' }).click()
  await first.getByRole('link').click()
  assert.match(page.url(), /#goal-\d+$/)
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(scrollWidth <= 375, `no sideways scrolling on a phone (width ${scrollWidth})`)
  await shot(page, 'framework-phone')
  await axe(page, 'framework page on a phone')
  await context.close()
})

test('nothing moves on a phone when the script arrives late (layout shift)', { skip: markupOnly }, async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  const csp = []
  page.on('console', m => { if (m.type() === 'error') csp.push(m.text()) })
  await signIn(page, 'practitioner@demo.trellis.test', process.env.PRACTITIONER_PASSWORD)
  // As on a weak signal: the page is drawn well before its module script runs.
  await page.route(/\/static\/init\.[^/]*js$/, async route => {
    await new Promise(resolve => setTimeout(resolve, 600))
    await route.continue()
  })
  await page.addInitScript(() => {
    window.trellisShift = 0
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.trellisShift += e.value
    }).observe({ type: 'layout-shift', buffered: true })
  })
  for (const path of ['/frameworks/1', '/contexts/1', '/actions']) {
    await page.goto(base + path)
    await page.getByRole('button', { name: 'Menu' }).waitFor()
    await page.waitForFunction(() => document.querySelector('.govuk-service-navigation__toggle')?.hasAttribute('hidden') === false)
    await page.waitForTimeout(200)
    const shift = await page.evaluate(() => window.trellisShift)
    assert.ok(shift < 0.02, `${path}: layout shift ${shift.toFixed(3)} (good is under 0.1)`)
  }
  assert.deepEqual(csp, [], 'the inline script is allowed by its hash, nothing else is refused')
  await context.close()
})

test('a partner agency updates one of its actions', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  await signIn(page, 'partner@demo.trellis.test', process.env.PARTNER_PASSWORD)
  await page.waitForURL('**/my-actions')
  await page.getByRole('link', { name: /Friday evening patrol with youth workers/ }).click()
  await page.getByLabel('Status').selectOption('done')
  await page.getByLabel('Progress note').fill('Patrols ran every Friday; the group now greet officers by name.')
  await page.getByRole('button', { name: 'Save progress' }).click()
  await page.getByText('Your progress note was saved.').waitFor()
  await assert.doesNotReject(page.getByText('Patrols ran every Friday').waitFor())
  await axe(page, 'an action, as a partner on a phone')
  await page.goto(base + '/my-actions')
  await axe(page, 'my actions')
  const framework = await page.goto(base + '/frameworks/1')
  assert.equal(framework.status(), 403, 'a partner never sees the framework narratives')
  await context.close()
})

test('a lead finds every overdue action of the partnership from the overview', async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  await signIn(page, 'lead@demo.trellis.test', process.env.LEAD_PASSWORD)
  await page.goto(base + '/overview')
  await page.getByRole('link', { name: 'list the overdue actions' }).click()
  await page.getByRole('heading', { name: '1 action match' }).waitFor()
  await assert.doesNotReject(page.getByRole('link', { name: 'Bid for lighting on the path by the underpass' }).waitFor())
  assert.ok(await page.getByLabel('Overdue only').isChecked())
  await page.getByLabel('Overdue only').uncheck()
  await page.getByLabel('Approach').selectOption('disruption')
  await page.getByRole('button', { name: 'Show actions' }).click()
  await page.getByRole('heading', { name: '1 action match' }).waitFor()
  await assert.doesNotReject(page.getByText('Dispersal order for Hollins Park').waitFor())
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(scrollWidth <= 375, `the actions list fits a phone (width ${scrollWidth})`)
  await axe(page, 'actions list on a phone')
  await context.close()
})

test('past thirty on a register, forms ask for pseudonyms and suggest them as they are typed', { skip: markupOnly }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await signIn(page, 'lead@demo.trellis.test', process.env.LEAD_PASSWORD)
  await page.goto(base + '/contexts/3/young-people')
  const added = await page.evaluate(async () => {
    const csrf = document.querySelector('input[name="_csrf"]').value
    let ok = 0
    for (let i = 1; i <= 31; i++) {
      const answer = await fetch(location.pathname, {
        method: 'POST', redirect: 'manual', credentials: 'same-origin',
        body: new URLSearchParams({ _csrf: csrf, pseudonym: `Finch ${i}`, age_band: '14_15' })
      })
      if (answer.type === 'opaqueredirect' || answer.status === 303) ok++
    }
    return ok
  })
  assert.equal(added, 31)

  await page.goto(base + '/contexts/3/voices')
  const who = page.getByRole('combobox', { name: 'Which young person (optional)' })
  await who.pressSequentially('finch 2', { delay: 30 })
  await page.getByRole('option', { name: 'Finch 20' }).waitFor()
  await axe(page, 'the voices form with pseudonyms suggested')
  await who.press('ArrowDown')
  await page.keyboard.press('Enter')
  assert.equal(await who.inputValue(), 'Finch 2')

  await page.goto(base + '/contexts/3/evidence/new')
  const finder = page.getByRole('combobox', { name: 'Find someone on the register and add them to the box' })
  for (const name of ['Finch 3', 'Finch 17']) {
    await finder.fill('')
    await finder.pressSequentially(name.toLowerCase(), { delay: 30 })
    await page.getByRole('option', { name, exact: true }).waitFor()
    await page.getByRole('option', { name, exact: true }).click()
  }
  assert.equal(await page.getByLabel('Young people who took part (optional)').inputValue(), 'Finch 3\nFinch 17')
  await shot(page, 'evidence-pseudonyms-typed')
  await axe(page, 'the evidence form with a register too long to list')
  await page.getByLabel('What happened').fill('Seen at the college gates.')
  await page.getByRole('button', { name: 'Save evidence' }).click()
  await page.waitForLoadState()
  assert.equal(await page.locator('.govuk-error-summary').count(), 0,
    await page.locator('.govuk-error-summary').allInnerTexts().then((t) => t.join('\n')))
  await page.waitForURL(/done=added/)
  await page.getByText('Finch 17').first().waitFor()
  await context.close()
})

test('a lead links a context by choosing it from the names suggested as they type, by keyboard', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  const refused = []
  page.on('console', m => { if (m.type() === 'error') refused.push(m.text()) })
  await signIn(page, 'lead@demo.trellis.test', process.env.LEAD_PASSWORD)
  await page.goto(base + '/contexts/1')
  await page.getByText('Link this context to another').click()
  const box = page.getByRole('combobox', { name: 'Other context' })
  await box.pressSequentially('bench', { delay: 30 })
  await page.getByRole('option', { name: 'Station Road benches' }).waitFor()
  await shot(page, 'context-link-suggested')
  await axe(page, 'the context page with names suggested')
  await box.press('ArrowDown')
  await page.keyboard.press('Enter')
  assert.equal(await box.inputValue(), 'Station Road benches')
  await page.getByLabel('How they are linked').fill('meets at')
  await page.getByRole('button', { name: 'Add link' }).click()
  await page.waitForURL(/done=linked/)
  await page.locator('a[href="/contexts/4"]', { hasText: 'Station Road benches' }).first().waitFor()
  assert.deepEqual(refused, [], 'nothing is refused by the content security policy')
  await context.close()
})

test('no page scrolls sideways on a phone, and axe finds nothing there either', { skip: markupOnly }, async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  await signIn(page, 'lead@demo.trellis.test', process.env.LEAD_PASSWORD)
  const wide = []
  for (const path of ['/contexts', '/contexts/1', '/frameworks/1', '/overview', '/dashboard', '/actions',
    '/contexts/1/responses', '/contexts/1/dashboard', '/contexts/1/evidence', '/contexts/1/voices',
    '/contexts/1/activities', '/activities/4', '/indicators/3', '/contexts/1/meetings', '/meetings/1',
    '/contexts/1/audit', '/lens/trends', '/goals/1/check', '/goals/1/stages/scoping/edit', '/contexts/1/young-people',
    '/concerns', '/concerns/new', '/concerns/1', '/contexts/1/assessment', '/assessments/1/framework',
    '/contexts/1/reviews', '/contexts/1/chronology', '/contexts/2', '/contexts/1/telling', '/privacy/demo',
    '/contexts/1/peer-map', '/subject-requests', '/subject-requests/new', '/subject-requests/1']) {
    await page.goto(base + path)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    if (width > 375) wide.push(`${path} (${width} px)`)
    await axe(page, path + ' on a phone')
  }
  assert.deepEqual(wide, [], 'pages wider than the phone')
  // The response log's filters and recording, on the phone.
  await page.goto(base + '/contexts/1/responses')
  await page.locator('#filter-month').selectOption({ label: 'January 2026' })
  await page.locator('#filter-framing').selectOption('enforcement')
  await page.getByRole('button', { name: 'Show responses' }).click()
  await page.getByText('9 responses').waitFor()
  await axe(page, 'the response log filtered, on a phone')
  await page.getByText('Record a response').click()
  await assert.doesNotReject(page.getByRole('button', { name: 'Add response' }).waitFor())
  await context.close()
})

test('axe-core finds no WCAG 2.2 A or AA problem on any page', { skip: markupOnly }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await page.goto(base + '/sign-in')
  await axe(page, 'sign in')
  await page.getByRole('button', { name: 'Sign in' }).click()  // empty: shows the error summary
  await axe(page, 'sign in with errors')

  await signIn(page, 'lead@demo.trellis.test', process.env.LEAD_PASSWORD)
  const leadPages = ['/contexts', '/contexts/new', '/contexts/1', '/contexts/1/audit', '/contexts/1/frameworks/new',
    '/frameworks/1', '/frameworks/1/edit', '/areas/1/edit', '/areas/1/goals/new', '/goals/1/edit',
    '/goals/1/stages/action/edit', '/goals/1/stages/measuring/history', '/goals/1/check', '/overview', '/account', '/allocations',
    '/lens', '/lens/trends', '/goals/1/actions/new', '/actions/1', '/my-actions', '/actions',
    '/actions?overdue=yes&approach=places', '/contexts/1/responses',
    '/contexts/1/responses/import', '/contexts/1/meetings', '/meetings/1', '/no/such/page',
    '/contexts/1/dashboard', '/contexts/1/young-people', '/contexts/1/evidence', '/contexts/1/evidence/new',
    '/evidence/1', '/contexts/1/voices', '/contexts/1/voices?theme=trust', '/contexts/1/activities',
    '/contexts/1/activities/new/trust', '/contexts/1/activities/new/places?follow_up_of=3', '/activities/2',
    '/activities/4', '/goals/1/indicators/new', '/indicators/1', '/indicators/3', '/goals/1/outcome', '/dashboard',
    '/contexts/3/frameworks/import', '/contexts/1/young-people/1/edit', '/concerns', '/concerns/new', '/concerns/1',
    '/concerns/5', '/contexts/1/assessment', '/assessments/1', '/assessments/1/framework', '/contexts/1/reviews',
    '/reviews/1', '/contexts/1/chronology', '/contexts/2', '/contexts?stage=screening', '/contexts/1/meetings?type=review_conference',
    '/contexts/1/telling', '/privacy/demo']
  for (const path of leadPages) {
    await page.goto(base + path)
    await axe(page, path)
    if (path === '/frameworks/1') await shot(page, 'framework-lead')
    if (['/contexts/1/dashboard', '/activities/4', '/indicators/3', '/dashboard'].includes(path)) {
      await shot(page, 'desktop' + path.replaceAll('/', '-'))
    }
  }
  await page.goto(base + '/lens')
  await page.getByLabel('Text to analyse').fill('The youths keep going missing. Young people said they feel "moved on". We focus on their safety.')
  await page.getByRole('button', { name: 'Analyse' }).click()
  await page.getByText('Your text, highlighted').waitFor()
  await axe(page, 'language lens result')
  await shot(page, 'lens')

  await page.goto(base + '/contexts/new')
  await page.getByRole('button', { name: 'Add context' }).click()
  await page.getByText('There is a problem').waitFor()
  await axe(page, 'add a context with errors')
  await page.goto(base + '/contexts/1/evidence/new')
  await page.getByRole('button', { name: 'Save evidence' }).click()
  await page.getByText('There is a problem').waitFor()
  await axe(page, 'record evidence with errors')
  await page.goto(base + '/subject-requests/new')
  await page.getByRole('button', { name: 'Record the request' }).click()
  await page.getByText('There is a problem').waitFor()
  await axe(page, 'record a subject request with errors')
  await page.goto(base + '/subject-requests/1')
  await page.getByRole('button', { name: 'Identity confirmed: restart the clock' }).click()
  await page.getByText("The requester's identity was confirmed").waitFor()
  await axe(page, 'a subject access request ready for review')
  await page.getByRole('button', { name: 'Sign out' }).click()

  await signIn(page, 'admin@demo.trellis.test', process.env.ADMIN_PASSWORD)
  for (const path of ['/admin/users', '/admin/users/new', '/admin/lexicon', '/admin/agencies', '/admin/places',
    '/admin/goal-library', '/admin/privacy']) {
    await page.goto(base + path)
    await axe(page, path)
  }
  await context.close()
})

test('a practitioner on a phone records a who-do-you-trust baseline and follow-up and sees the change', async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  await signIn(page, 'practitioner@demo.trellis.test', process.env.PRACTITIONER_PASSWORD)
  await page.goto(base + '/contexts/1/young-people')
  for (const name of ['Rio', 'Bex', 'Tay', 'Lu', 'Cam']) {
    await page.getByLabel('Pseudonym or nickname').fill(name)
    await page.getByLabel('14 to 15').check()
    await page.getByRole('button', { name: 'Add to the register' }).click()
    await page.getByText('Added to the register.').waitFor()
  }
  await page.goto(base + '/contexts/1/activities')
  await page.getByRole('button', { name: 'Record a who-do-you-trust run' }).click()
  const names = ['Rio', 'Bex', 'Tay', 'Lu', 'Cam']
  const baseline = [[1, 0], [0, 0], [1, 1], [0, 0], [1, 0]]  // youth workers, sports coaches
  const followUp = [[2, 1], [1, 0], [1, 1], [1, 1], [2, 1]]
  await page.locator('#date').fill('1')  // the GOV.UK date input: day, month and year boxes
  await page.locator('#date-month').fill('4')
  await page.locator('#date-year').fill('2026')
  // One young person at a time, each step kept on the server.
  for (let i = 0; i < 5; i++) {
    await page.getByText(`Young person ${i + 1} of `).waitFor()
    await page.locator(`#p${i}_who`).selectOption({ label: names[i] })
    await page.locator(`#p${i}_youth_worker`).fill(String(baseline[i][0]))
    await page.locator(`#p${i}_coach`).fill(String(baseline[i][1]))
    if (i === 0) await page.locator('#p0_youth_worker_r').check()
    if (i === 2) {
      await page.getByRole('button', { name: 'Next young person' }).click()
      await page.getByText(/^Saved so far at /).waitFor()
      assert.ok(await page.locator('#p1_youth_worker').isHidden(), 'one young person at a time')
      // The signal drops and the page is opened again: the server's draft puts back the first three.
      await page.goto(base + '/contexts/1/activities/new/trust')
      await page.getByText('This run was not finished').waitFor()
      assert.equal(await page.locator('#p2_who option:checked').textContent(), 'Tay')
      assert.equal(await page.locator('#date-month').inputValue(), '4')
      for (let j = 0; j < 3; j++) await page.getByRole('button', { name: 'Next young person' }).click()
      await page.getByText('Young person 4 of ').waitFor()
      continue
    }
    if (i < 4) await page.getByRole('button', { name: 'Next young person' }).click()
  }
  await shot(page, 'trust-form-phone')
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(scrollWidth <= 375, `the activity form fits a phone (width ${scrollWidth})`)
  await axe(page, 'who-do-you-trust form on a phone')
  await page.getByRole('button', { name: 'Save the run' }).click()
  await page.getByText('The run was recorded.').waitFor()

  const runPage = page.url()
  await page.goto(base + '/contexts/1/activities/new/trust')
  assert.equal(await page.getByText('Unfinished run').count(), 0, 'the saved run took its draft with it')
  await page.goto(runPage)
  await page.getByRole('link', { name: 'Run a follow-up of this run' }).click()
  for (let i = 0; i < 5; i++) {
    assert.equal(await page.locator(`#p${i}_who option:checked`).textContent(), names[i], 'same participants')
    await page.locator(`#p${i}_youth_worker`).fill(String(followUp[i][0]))
    await page.locator(`#p${i}_coach`).fill(String(followUp[i][1]))
    if (i < 4) await page.getByRole('button', { name: 'Next young person' }).click()
  }
  await page.locator('#date').fill('1')
  await page.locator('#date-month').fill('10')
  await page.locator('#date-year').fill('2026')
  await page.getByRole('button', { name: 'Save the run' }).click()
  await page.getByText('The run was recorded.').waitFor()

  const chart = page.getByRole('img', { name: /baseline and follow-up/ })
  await chart.waitFor()
  assert.ok((await chart.boundingBox()).width <= 375, 'the chart fits the screen')
  const table = page.getByRole('table', { name: /Trusted adults: baseline against follow-up/ })
  const total = table.getByRole('row', { name: /All trusted adults/ })
  // Baseline 4 adults named by 5 young people (0.8 each); follow-up 11 (2.2 each).
  assert.deepEqual(await total.getByRole('cell').allTextContents(), ['4', '0.8', '11', '2.2', '+1.4', ''])
  const coach = table.getByRole('row', { name: /Sports coach/ })
  assert.deepEqual((await coach.getByRole('cell').allTextContents()).slice(0, 5), ['1', '0.2', '4', '0.8', '+0.6'])
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(pageWidth <= 375, `the comparison page fits a phone (width ${pageWidth})`)
  // Each role's figures stack under its name, labelled, instead of a wide table in a scroll box.
  const lefts = await coach.getByRole('cell').evaluateAll(els => els.map(e => e.getBoundingClientRect().left))
  assert.ok(lefts.every(l => Math.abs(l - lefts[0]) < 2), `a role's cells stack on a phone: ${lefts}`)
  assert.ok((await table.boundingBox()).width <= 375, 'the comparison table fits the screen')
  assert.equal(await page.locator('.trellis-scroll').count(), 0, 'nothing scrolls sideways on its own')
  // Chart text is at least 12 px on screen, and no label is cut short.
  const sizes = await chart.locator('text').evaluateAll(els => els.map(e => e.getBoundingClientRect().height))
  assert.ok(sizes.length > 0 && Math.min(...sizes) >= 12, `chart text at least 12 px: ${Math.min(...sizes)}`)
  const labels = await chart.locator('text').allTextContents()
  assert.ok(labels.every(t => !t.includes('…')), `no chart label is clipped: ${labels.filter(t => t.includes('…'))}`)
  await shot(page, 'trust-comparison-phone')
  await axe(page, 'trust comparison on a phone')
  await context.close()
})

test('a draft survives a dropped connection and is cleared once saved', async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  await signIn(page, 'practitioner@demo.trellis.test', process.env.PRACTITIONER_PASSWORD)
  await page.goto(base + '/contexts/1/evidence/new')
  const text = 'The group helped tidy the skate area after the storm.'
  await page.getByLabel('What happened').fill(text)
  await page.getByLabel('Seen directly').check()
  await context.setOffline(true)
  await page.getByRole('button', { name: 'Save evidence' }).click().catch(() => {})
  await page.waitForTimeout(500)
  await context.setOffline(false)
  await page.goto(base + '/contexts/1/evidence/new')
  assert.equal(await page.getByLabel('What happened').inputValue(), text, 'the draft is restored')
  await page.getByText('What you typed before has been put back').waitFor()
  await page.getByRole('button', { name: 'Save evidence' }).click()
  await page.getByText('The evidence was recorded.').waitFor()
  await page.goto(base + '/contexts/1/evidence/new')
  assert.equal(await page.getByLabel('What happened').inputValue(), '', 'a saved draft is not restored again')
  await context.close()
})

test('a lead downloads the framework as PDF and Word, and imports the Word document into another context', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  const page = await context.newPage()
  await signIn(page, 'lead@demo.trellis.test', process.env.LEAD_PASSWORD)
  await page.goto(base + '/frameworks/1')
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as PDF' }).click()])
  assert.match(pdf.suggestedFilename(), /\.pdf$/)
  const [word] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as Word' }).click()])
  const wordPath = await word.path()
  await page.goto(base + '/contexts/3')
  await page.getByRole('button', { name: 'Import from Word' }).click()
  await page.getByLabel('Word document (.docx)').setInputFiles({
    name: 'millbrook.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: readFileSync(wordPath)
  })
  await page.getByRole('button', { name: 'Upload and preview' }).click()
  await page.getByRole('heading', { name: 'Check the import' }).waitFor()
  await assert.doesNotReject(page.getByText('3 areas of focus and 3 goals').waitFor())
  await axe(page, 'framework import preview')
  await shot(page, 'import-preview')
  await page.getByLabel('Title').fill('Riverside College: plan from Word')
  await page.getByRole('button', { name: 'Create the framework' }).click()
  await page.getByText('The framework was imported as a draft').waitFor()
  await assert.doesNotReject(page.getByRole('heading', { name: 'Riverside College: plan from Word' }).waitFor())
  await context.close()
})
