// The operator console as a person uses it, in Debian's Chromium: run by ConsoleBrowserIT.
// Usage: node console.mjs <hub base URL> <username> <password> <screenshot file>
// Prints one line per check passed; exits non-zero with the reason on the first that fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, username, password, screenshot] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const ROUTES = ['sales-order-intake', 'erp-order-booked', 'esign-envelope-completed'];
const WAIT = { timeout: 90_000 };

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
  console.log(`ok: ${message}`);
}

const profile = mkdtempSync(join(tmpdir(), 'hub-console-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(WAIT.timeout);
  const refused = [];
  page.on('response', (r) => {
    if (r.url().startsWith(base) && [401, 403].includes(r.status())) {
      refused.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    }
  });

  // Jolokia without a session: refused, and nothing read.
  const search = { type: 'search', mbean: 'org.apache.camel:type=routes,*' };
  for (const path of ['/actuator/hawtio/jolokia/', '/actuator/jolokia']) {
    const anonymous = await page.request.post(base + path, { data: search, maxRedirects: 0 });
    check(anonymous.status() === 401, `Jolokia ${path} without a session answers 401 (got ${anonymous.status()})`);
  }

  // A wrong password stays on the login page, with a message.
  await page.goto(base + '/actuator/hawtio/');
  check(new URL(page.url()).pathname === '/login', `the console sends an anonymous visitor to /login (${page.url()})`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password + '-wrong');
  await page.click('button[type=submit]');
  await page.waitForLoadState();
  check(new URL(page.url()).pathname === '/login', `a wrong password stays on /login (${page.url()})`);
  const message = await page.locator('.alert, [role=alert]').first().textContent(WAIT);
  check(/(invalid|bad) credentials/i.test(message ?? ''), `the login page says why ("${message?.trim()}")`);

  // One login, then the Camel routes without a second (Hawtio) login.
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => url.pathname.startsWith('/actuator/hawtio'), WAIT);
  await page.goto(base + '/actuator/hawtio/camel/routes');
  const table = page.locator('table');
  for (const route of ROUTES) {
    await table.getByText(route, { exact: true }).first().waitFor(WAIT);
  }
  check(true, `the Camel routes view lists ${ROUTES.join(', ')}`);
  check((await page.locator('input[type=password]').count()) === 0, 'no second login page inside the console');
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);

  await page.getByText('kafka://hub.inbound.sales', { exact: false }).first().waitFor(WAIT);
  check(true, 'the endpoints are listed beside the routes');

  // What the console's own calls do in the session: the diagram and statistics views draw from exec calls on the
  // Camel context.
  const jolokia = (request) => page.evaluate(async (body) => {
    const token = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))?.split('=')[1];
    const response = await fetch('/actuator/hawtio/jolokia/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': token },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }, request);
  const contexts = await jolokia({ type: 'search', mbean: 'org.apache.camel:type=context,*' });
  check(contexts.status === 200 && contexts.body.value.length === 1, `Jolokia finds the Camel context (${contexts.status})`);
  const stats = await jolokia({ type: 'exec', mbean: contexts.body.value[0], operation: 'dumpRoutesStatsAsXml(boolean,boolean)', arguments: [false, true] });
  check(stats.status === 200 && stats.body.status === 200 && String(stats.body.value).includes('sales-order-intake'),
    `an operator's exec answers the routes' statistics (${stats.body.status} ${stats.body.error ?? ''})`);
  // The circuit breakers: one Resilience4j processor MBean per adapter, with its state.
  const breakers = await jolokia({ type: 'read', mbean: 'org.apache.camel:type=processors,*', attribute: 'CircuitBreakerState' });
  const states = Object.fromEntries(Object.entries(breakers.body.value ?? {})
    .map(([mbean, value]) => [/name="?([^",]+)"?/.exec(mbean)?.[1], value.CircuitBreakerState]));
  check(breakers.status === 200 && ['erp', 'esign', 'sales'].every((id) => ['CLOSED', 'OPEN', 'HALF_OPEN'].includes(states[id])),
    `Jolokia reads each adapter's circuit breaker state (${breakers.body.status} ${JSON.stringify(states)} ${breakers.body.error ?? ''})`);
  check(refused.length === 0, `no console call was refused in the session (${refused.join('; ')})`);

  // Log out as Hawtio's "Log out" does: back to the login, and Jolokia refuses the old session.
  await page.goto(base + '/actuator/hawtio/auth/logout');
  await page.waitForURL((url) => url.pathname === '/login', WAIT);
  check(true, `logging out ends on the login page (${page.url()})`);
  // The login page may have opened a fresh anonymous session: then the missing CSRF token is refused first (403).
  const afterLogout = await page.request.post(base + '/actuator/hawtio/jolokia/', { data: search, maxRedirects: 0 });
  check([401, 403].includes(afterLogout.status()) && !(await afterLogout.text()).includes('sales-order-intake'),
    `after logout Jolokia refuses the browser (got ${afterLogout.status()})`);

  // The browser still holds the session cookie the server ended, as after an expiry: the console's page leads back
  // to the login, not to a broken console.
  await page.goto(base + '/actuator/hawtio/camel/routes');
  check(new URL(page.url()).pathname === '/login', `an expired session goes back to the login (${page.url()})`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
