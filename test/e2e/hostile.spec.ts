/**
 * A web page of another origin on this machine (any site the expert has open, or a local dev server)
 * can make the browser send requests to the workstation's loopback port. Here such a page, served from its
 * own port, fires what used to crash or confuse the host: an <img> to `//[`, fetches with malformed
 * targets, escapes, deep JSON and an over-limit body, WebSockets to good and broken targets. Afterwards
 * the real renderer still loads and shows the catalog.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import { expect, openApp, test, type WebHostFixture } from './fixtures';

const FILES = 3;

/** The attacker's page: every attempt settles (loaded, refused or failed), then it says "done". */
function hostilePage(port: number): string {
  const target = `http://127.0.0.1:${port}`;
  return `<!doctype html><html><body>
<img src="${target}//[" alt="">
<img src="${target}//[::1" alt="">
<p id="state">running</p>
<script>
const base = ${JSON.stringify(target)};
const wsBase = base.replace(/^http/, 'ws');
const image = (src) => new Promise((resolve) => { const img = new Image(); img.onload = img.onerror = () => resolve(src); img.src = src; });
const socket = (url) => new Promise((resolve) => {
  let ws;
  try { ws = new WebSocket(url); } catch (err) { resolve(String(err)); return; }
  ws.onopen = () => ws.close();
  ws.onclose = () => resolve(url);
});
const post = (path, body) => fetch(base + path, { method: 'POST', mode: 'no-cors', body }).catch(String);
const attempts = [
  image(base + '//['),
  image(base + '//a:b@['),
  image(base + '/..%2f..%2fetc%2fpasswd'),
  fetch(base + '//[', { mode: 'no-cors' }).catch(String),
  post('//[', '{}'),
  post('/api/%E0%A4%A', '{}'),
  post('/api/app.info', '['.repeat(1000000)),
  post('/api/app.info', ' '.repeat(9 * 1024 * 1024)),
  socket(wsBase + '/events'),
  socket(wsBase + '/events?token=%E0%A4%A'),
  socket(wsBase + '//['),
];
Promise.allSettled(attempts).then(() => { document.getElementById('state').textContent = 'done'; });
</script></body></html>`;
}

async function importGenerated(web: WebHostFixture): Promise<void> {
  const dataDir = path.join(web.dir, 'hostile-data');
  fs.mkdirSync(dataDir, { recursive: true });
  for (let i = 0; i < FILES; i++) {
    const generated = generateSetitec({ seed: 8100 + i, version: 9 });
    fs.writeFileSync(path.join(dataDir, generated.expected.fileName), encodeLatin1(generated.text));
  }
  await web.backend.dispatch('catalog.import', { dirs: [dataDir] });
}

test('a page of another loopback origin fires hostile requests; the workstation keeps working', async ({ page, browser, web }) => {
  await importGenerated(web);
  const total = ((await web.backend.dispatch('catalog.listFiles', {})) as unknown[]).length;
  expect(total).toBeGreaterThanOrEqual(FILES);

  const attacker = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(hostilePage(web.host.port));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  // Its own browser context: the attacker's console errors (refused requests) are not the workstation's.
  const context = await browser.newContext();
  try {
    const evil = await context.newPage();
    await evil.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    await expect(evil.locator('#state')).toHaveText('done', { timeout: 30_000 });
  } finally {
    await context.close();
    await new Promise((resolve) => attacker.close(resolve));
  }

  // The host is still up and still checks the token...
  const refused = await fetch(`${web.host.url}/api/app.info`, { method: 'POST', body: '{}' });
  expect(refused.status).toBe(403);
  // ...and the real renderer loads and shows the catalog.
  await openApp(page, web);
  await expect(page.getByRole('main', { name: 'Catalog' })).toBeVisible();
  await expect(page.getByTestId('catalog-counts')).toContainText(`${total} shown of ${total}`);
  const rows = page.getByRole('grid', { name: 'Files' }).getByRole('row').filter({ has: page.getByRole('gridcell') });
  await expect(rows.first()).toBeVisible();
});

test('the token leaves the address bar once read, and a reload still works from this tab', async ({ page, web }) => {
  await openApp(page, web);
  const url = new URL(page.url());
  // The fragment now names what is shown (a deep link such as #/catalog), never the token.
  expect(url.hash).not.toContain('token');
  expect(page.url()).not.toContain(web.host.token);
  expect(await page.evaluate(() => window.location.href)).not.toContain('token');
  const rendered = page.waitForEvent('console', (m) => m.text() === 'App rendered');
  await page.reload();
  await rendered;
  await expect(page.getByRole('main', { name: 'Catalog' })).toBeVisible();
  expect(page.url()).not.toContain(web.host.token);
});
