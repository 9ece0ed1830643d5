// SPDX-License-Identifier: GPL-2.0
/*
 * The top-failures and regressions pages' interactive times, measured in
 * Debian's chromium (tests/bench-dashboard.sh sets DASH_*): each run is a
 * fresh browser context (cold cache) with a session cookie, loading "/"
 * for the default view (the whole window, no filter) and reading the
 * page's own marks: "table" when the table and the Pareto chart are
 * drawn and usable (bugcheck-top-core), "details" when the per-bucket
 * cells (title, machines, first/last seen, kernel releases, response)
 * are filled too (bugcheck-top); then "/regressions" until its table is
 * drawn (bugcheck-regressions).  All are milliseconds since navigation
 * start.  The peer figures are the same API requests the page makes,
 * from node with no browser (the two failurehits queries in parallel;
 * then the 25 bucket details, six at a time, beside their facts and
 * machines queries;
 * /api/v1/regressions): the page's cost above the API's.
 */
import { chromium } from 'playwright-core';

const E = process.env;
const BASE = E.DASH_BASE;
const RUNS = Number(E.DASH_RUNS || 5);

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const mdy = (d) => `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}`;

async function apiPeer(session) {
	const first = new Date(Date.parse(session.today + 'T00:00:00Z') - (session.windowDays - 1) * 86400e3)
		.toISOString().slice(0, 10);
	const base = { startDate: mdy(first), endDate: mdy(session.today), aggregationLevel: 'month', top: '10000' };
	const get = (p) => fetch(BASE + p, { headers: { Authorization: 'Bearer ' + E.DASH_ADMIN } })
		.then((r) => r.json());
	const q = (g) => get('/api/v1/failurehits?' + new URLSearchParams({ ...base, groupby: g }));
	const t0 = performance.now();
	const [rows] = await Promise.all([q('failureHash,failureName,symbol,productName'), q('date')]);
	const t1 = performance.now();
	const by = new Map();
	for (const r of rows.Value)
		by.set(r.failureHash, (by.get(r.failureHash) || 0) + r.eventCount);
	const top = [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([h]) => h);
	let next = 0;
	const worker = async () => {
		while (next < top.length)
			await get('/api/v1/failures/' + top[next++]);
	};
	/* and, beside them, first/last day, releases and machines of those 25 */
	const filter = top.map((h) => `failureHash eq '${h}'`).join(' or ');
	const facts = get('/api/v1/failurehits?' + new URLSearchParams({ ...base, aggregationLevel: 'day', filter,
		groupby: 'failureHash,osBuild' }));
	const machines = get('/api/v1/failurehits?' + new URLSearchParams({ ...base, aggregationLevel: 'all', filter,
		groupby: 'failureHash', machines: 'true' }));
	await Promise.all([facts, machines, ...Array.from({ length: 6 }, worker)]);
	return [t1 - t0, performance.now() - t0];
}

const login = await fetch(BASE + '/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
	body: JSON.stringify({ token: E.DASH_ADMIN }) });
const session = await login.json();
const value = login.headers.get('set-cookie').split(';')[0].split('=')[1];
/*
 * A census for today, so the pages' rates and the regressions have
 * denominators: 400 machines over the loader's four kernel releases
 * (server/tool_load.c), each with two of its modules at one of their
 * versions.
 */
const KERNELS = ['6.1.0-25-amd64', '6.1.0-26-amd64', '6.1.0-56-amd64', '6.12.9-amd64'];
const MODS = ['e1000e', 'nvidia', 'zfs', 'i915', 'amdgpu', 'iwlwifi', 'btrfs', 'ext4', 'nvme', 'mlx5_core', 'xfs'];
for (let i = 0; i < 400; i++) {
	const r = await fetch(BASE + '/api/v1/census', { method: 'POST',
		headers: { Authorization: 'Bearer ' + E.DASH_ADMIN, 'Content-Type': 'application/json' },
		body: JSON.stringify({ machine_id: i.toString(16).padStart(32, '0'), kernel_release: KERNELS[i % 4],
			os_release: 'Debian GNU/Linux 12 (bookworm)', device_type: 'server', market: 'lab-eu',
			modules: [0, 1].map((k) => ({ name: MODS[(i + k * 5) % MODS.length], version: `1.${(i >> 2) % 3}` })) }) });
	if (r.status !== 200)
		throw new Error('census: ' + r.status + ' ' + await r.text());
}
const browser = await chromium.launch({ executablePath: E.DASH_CHROMIUM,
	args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const table = [], details = [], peer = [], peerAll = [];
let buckets = '';
for (let i = 0; i < RUNS; i++) {
	const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	await ctx.addCookies([{ name: 'bcsession', value, url: BASE }]);
	const page = await ctx.newPage();
	await page.goto(BASE + '/');
	await page.waitForSelector('body[data-ready=top], body[data-ready=error]', { timeout: 120000 });
	const m = await page.evaluate(() => ({
		core: performance.getEntriesByName('bugcheck-top-core')[0]?.startTime,
		all: performance.getEntriesByName('bugcheck-top')[0]?.startTime,
		summary: document.getElementById('summary')?.textContent || document.body.textContent.slice(0, 200),
	}));
	if (m.core === undefined)
		throw new Error('page did not load: ' + m.summary);
	table.push(m.core);
	details.push(m.all);
	buckets = m.summary;
	await ctx.close();
	const [p1, p2] = await apiPeer(session);
	peer.push(p1);
	peerAll.push(p2);
}
/* the regressions page, cold, and its one API request from node */
const regress = [], regressPeer = [];
let flagged = '';
for (let i = 0; i < RUNS; i++) {
	const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	await ctx.addCookies([{ name: 'bcsession', value, url: BASE }]);
	const page = await ctx.newPage();
	await page.goto(BASE + '/regressions');
	await page.waitForSelector('body[data-ready=regressions], body[data-ready=error]', { timeout: 120000 });
	const m = await page.evaluate(() => ({
		t: performance.getEntriesByName('bugcheck-regressions')[0]?.startTime,
		rows: document.querySelectorAll('#regress-table tbody tr').length,
		text: document.body.textContent.slice(0, 200),
	}));
	if (m.t === undefined)
		throw new Error('regressions page did not load: ' + m.text);
	regress.push(m.t);
	flagged = `${m.rows} flagged`;
	await ctx.close();
	const t0 = performance.now();
	const r = await fetch(BASE + '/api/v1/regressions', { headers: { Authorization: 'Bearer ' + E.DASH_ADMIN } });
	await r.json();
	regressPeer.push(performance.now() - t0);
}
await browser.close();
const f = (a) => `median ${median(a).toFixed(0)} ms, max ${Math.max(...a).toFixed(0)} ms`;
console.log(`  page:               ${buckets.split('.')[0]}`);
console.log(`  table and chart:    ${f(table)} (${RUNS} cold loads; target < 1000 ms)`);
console.log(`  with bucket cells:  ${f(details)}`);
console.log(`  peer, its 2 failurehits queries from node:   ${f(peer)}; page/API ratio ${(median(table) / median(peer)).toFixed(2)}x`);
console.log(`  peer, those, 25 details and facts from node: ${f(peerAll)}; page/API ratio ${(median(details) / median(peerAll)).toFixed(2)}x`);
console.log(`  regressions page:   ${f(regress)} (${RUNS} cold loads; ${flagged})`);
console.log(`  peer, /api/v1/regressions from node:         ${f(regressPeer)}; page/API ratio ${(median(regress) / median(regressPeer)).toFixed(2)}x`);
