// SPDX-License-Identifier: GPL-2.0
/*
 * Browser tests of the dashboard (run by tests/suite-dashboard.sh, which
 * starts the servers, fills them with real reports and sets DASH_*).
 * Debian's chromium through playwright-core; every number the page shows
 * is checked against the JSON API queried here with bearer tokens, not
 * against the page's own arithmetic.  Prints "ok - name" / "not ok - name".
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const E = process.env;
const BASE = E.DASH_BASE;
const SHOTS = E.DASH_SHOTS || 'build/dashboard';
const require = createRequire(import.meta.url);
let fails = 0;

function assert(cond, msg) {
	if (!cond)
		throw new Error(msg);
}

async function check(name, fn) {
	try {
		await fn();
		console.log('ok - ' + name);
	} catch (e) {
		fails++;
		for (const l of String(e && e.stack || e).split('\n').slice(0, 12))
			console.log('# ' + l);
		console.log('not ok - ' + name);
	}
}

async function api(tok, p, opts) {
	const o = opts || {};
	const headers = { ...(o.headers || {}) };
	if (tok)
		headers.Authorization = 'Bearer ' + tok;
	if (o.body)
		headers['Content-Type'] = 'application/json';
	const r = await fetch((o.base || BASE) + p, { method: o.method || 'GET', headers,
		body: o.body ? JSON.stringify(o.body) : undefined });
	let j = null;
	try {
		j = await r.json();
	} catch (e) {
		j = null;
	}
	return { status: r.status, json: j, headers: r.headers };
}

const today = () => new Date().toISOString().slice(0, 10);
const mdy = (iso) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
function daysAgo(n) {
	const d = new Date();
	d.setUTCDate(d.getUTCDate() - n);
	return d.toISOString().slice(0, 10);
}

/* failurehits over the whole window, summed per failureHash */
async function hitsByHash(tok, filter) {
	const q = new URLSearchParams({ startDate: mdy(daysAgo(29)), endDate: mdy(today()),
		groupby: 'failureHash', aggregationLevel: 'month', top: '10000' });
	if (filter)
		q.set('filter', filter);
	const r = await api(tok, '/api/v1/failurehits?' + q);
	assert(r.status === 200, 'failurehits ' + r.status + ' ' + JSON.stringify(r.json));
	const m = new Map();
	for (const row of r.json.Value)
		m.set(row.failureHash, (m.get(row.failureHash) || 0) + row.eventCount);
	return m;
}

/* The published failure hash (docs/classifier.md), computed here. */
function failureHash(code, image, title) {
	const d = crypto.createHash('sha256')
		.update(`bugcheck-v1|${code.toString(16).padStart(2, '0')}|${image}|${title}`)
		.digest('hex').slice(0, 32);
	return [d.slice(0, 8), d.slice(8, 12), d.slice(12, 16), d.slice(16, 20), d.slice(20)].join('-');
}

const HOSTILE = '<script>window.__pwned=1</script>"onload="window.__pwned=2" <img src=x onerror="window.__pwned=3"> in evil_fn';

async function postHostile() {
	const title = HOSTILE;
	const fh = failureHash(4, 'evil_mod', title);
	const rep = {
		report_id: crypto.createHash('sha256').update('hostile' + Date.now()).digest('hex').slice(0, 40),
		machine_id: 'ab'.repeat(16), crash_time: new Date().toISOString().slice(0, 19) + 'Z',
		source: 'bugcheck', event_type: 'oops', kernel_release: '6.1.0-57-amd64',
		device_type: 'vm', market: 'lab-eu',
		classification: { class: 'NULL_POINTER_DEREFERENCE', code: 4, title, image: 'evil_mod',
			function: 'evil_fn', failure_name: 'NULL_POINTER_DEREFERENCE_0x04_evil_mod!evil_fn',
			failure_hash: fh, corrupted: false, panicked: false },
		module: { name: 'evil_mod', file: 'evil_mod.ko', version: '1.0' },
		taint: 'G           O', stack: [{ module: 'evil_mod', function: 'evil_fn', offset: 16 }],
	};
	const r = await api(E.DASH_AGENT, '/api/v1/reports', { method: 'POST', body: rep });
	assert(r.status === 200, 'hostile report not stored: ' + JSON.stringify(r.json));
	return r.json.results[0].failure_hash;
}

/*
 * One bucket from seven machines: machines 0-4 on @k1, 3-6 on @k2 (two
 * reports each), so a kernel-release filter narrows its distinct
 * machines to 5 or 4 while all of them are 7.
 */
async function postFleet(k1, k2) {
	const title = 'BUG: unable to handle page fault in fleet_fn';
	const fh = failureHash(4, 'fleet_mod', title);
	const reps = [];
	for (let m = 0; m < 7; m++)
		for (const k of m < 3 ? [k1] : m < 5 ? [k1, k2] : [k2])
			for (let n = 0; n < 2; n++)
				reps.push({
					report_id: crypto.createHash('sha256').update(`fleet${m}${k}${n}${Date.now()}`).digest('hex').slice(0, 40),
					machine_id: crypto.createHash('sha256').update('fleet' + m).digest('hex').slice(0, 32),
					crash_time: new Date(Date.now() - n * 86400000).toISOString().slice(0, 19) + 'Z',
					source: 'bugcheck', event_type: 'oops', kernel_release: k,
					device_type: 'vm', market: 'lab-eu',
					classification: { class: 'NULL_POINTER_DEREFERENCE', code: 4, title, image: 'fleet_mod',
						function: 'fleet_fn', failure_name: 'NULL_POINTER_DEREFERENCE_0x04_fleet_mod!fleet_fn',
						failure_hash: fh, corrupted: false, panicked: false },
					module: { name: 'fleet_mod', file: 'fleet_mod.ko', version: '1.0' },
					taint: 'G           O', stack: [{ module: 'fleet_mod', function: 'fleet_fn', offset: 16 }],
				});
	const r = await api(E.DASH_AGENT, '/api/v1/reports', { method: 'POST', body: { reports: reps } });
	assert(r.status === 200, 'fleet reports not stored: ' + JSON.stringify(r.json));
	return fh;
}

const READY = 'body[data-ready=top], body[data-ready=failure], body[data-ready=regressions], body[data-ready=notfound], body[data-ready=error], body[data-ready=login]';

async function ready(page, want) {
	await page.waitForSelector(READY, { timeout: 30000 });
	const got = await page.getAttribute('body', 'data-ready');
	assert(!want || got === want, `page ready as '${got}', wanted '${want}'`);
}

async function login(browser, tok, opts) {
	const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...(opts || {}) });
	const page = await ctx.newPage();
	page.on('dialog', (d) => {
		page.sawDialog = d.message();
		d.dismiss();
	});
	await page.goto(BASE + '/');
	await ready(page, 'login');
	await page.fill('#token', tok);
	await Promise.all([page.waitForNavigation(), page.click('#login-form button[type=submit]')]);
	await ready(page);
	return { ctx, page };
}

async function rowsOf(page) {
	return page.$$eval('#top-table tbody tr', (trs) => trs.map((tr) => ({
		hash: tr.dataset.hash, hits: Number(tr.dataset.hits), cum: Number(tr.dataset.cum),
		symbol: tr.children[3].textContent, title: tr.children[2].textContent })));
}

/* The cells of the top table that follow the filter. */
async function factsOf(page) {
	return page.$$eval('#top-table tbody tr', (trs) => trs.map((tr) => ({
		hash: tr.dataset.hash, hits: Number(tr.dataset.hits),
		first: tr.querySelector('td.first').textContent, last: tr.querySelector('td.last').textContent,
		releases: tr.querySelector('td.releases').textContent,
		machines: tr.querySelector('td.machines').dataset.machines })));
}

/* Distinct machines per bucket from failurehits over the whole range. */
async function machinesByHash(tok, filter, from, to) {
	const q = new URLSearchParams({ startDate: mdy(from), endDate: mdy(to),
		groupby: 'failureHash', aggregationLevel: 'all', machines: 'true', top: '10000' });
	if (filter)
		q.set('filter', filter);
	const r = await api(tok, '/api/v1/failurehits?' + q);
	assert(r.status === 200 && !r.json['@nextLink'], 'failurehits machines ' + r.status);
	return new Map(r.json.Value.map((row) => [row.failureHash,
		row.machineCount === null ? 'unknown' : String(row.machineCount)]));
}

/* First and last day with hits per bucket from failurehits, by day. */
async function daysByHash(tok, filter, from, to) {
	const q = new URLSearchParams({ startDate: mdy(from), endDate: mdy(to),
		groupby: 'failureHash', top: '10000' });
	if (filter)
		q.set('filter', filter);
	const r = await api(tok, '/api/v1/failurehits?' + q);
	assert(r.status === 200 && !r.json['@nextLink'], 'failurehits by day ' + r.status);
	const m = new Map();
	for (const row of r.json.Value) {
		const f = m.get(row.failureHash) || { first: row.date, last: row.date };
		f.first = row.date < f.first ? row.date : f.first;
		f.last = row.date > f.last ? row.date : f.last;
		m.set(row.failureHash, f);
	}
	return m;
}

async function cookieOf(ctx) {
	return (await ctx.cookies()).find((c) => c.name === 'bcsession');
}

function hmacHex(key, msg) {
	return crypto.createHmac('sha256', key).update(msg).digest('hex');
}

async function main() {
	fs.mkdirSync(SHOTS, { recursive: true });
	const browser = await chromium.launch({ executablePath: E.DASH_CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
	const hostile = await postHostile();
	const adminHits = await hitsByHash(E.DASH_ADMIN);
	const vendorHits = await hitsByHash(E.DASH_VENDOR);
	const otherHits = await hitsByHash(E.DASH_VENDOR2);

	await check('data: both vendors and the admin have buckets in the window', async () => {
		assert(vendorHits.size >= 2 && otherHits.size >= 1 && adminHits.size > vendorHits.size + otherHits.size,
		       `vendor ${vendorHits.size}, other ${otherHits.size}, admin ${adminHits.size}`);
	});

	await check('page and assets: CSP default-src self, types, hashed names with year-long cache', async () => {
		const r = await fetch(BASE + '/');
		const html = await r.text();
		const csp = r.headers.get('content-security-policy') || '';
		assert(r.headers.get('content-type').startsWith('text/html'), 'page type');
		assert(/default-src 'self'/.test(csp) && !/unsafe-inline|unsafe-eval/.test(csp), 'CSP ' + csp);
		assert(r.headers.get('cache-control') === 'no-cache', 'page cache ' + r.headers.get('cache-control'));
		const urls = [...html.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)].map((m) => m[1]);
		assert(urls.length === 2, 'assets in page: ' + urls);
		for (const u of urls) {
			const a = await fetch(BASE + u);
			const body = Buffer.from(await a.arrayBuffer());
			const h = crypto.createHash('sha256').update(body).digest('hex').slice(0, 16);
			assert(a.status === 200 && u.includes('.' + h + '.'), `${u}: name has no ${h}`);
			assert(/immutable/.test(a.headers.get('cache-control')), u + ' cache');
			assert(a.headers.get('content-type').startsWith(u.endsWith('.js') ? 'text/javascript' : 'text/css'), u + ' type');
		}
		assert((await fetch(BASE + '/static/app.0000000000000000.js')).status === 404, 'unknown asset not 404');
		assert((await fetch(BASE + '/failure/0123abcd')).headers.get('content-type').startsWith('text/html'), 'failure page');
	});

	/* ---- anonymous, bad tokens ---- */
	await check('anonymous: the login form; a wrong token is refused in the page; an agent token may not log in', async () => {
		const ctx = await browser.newContext();
		const page = await ctx.newPage();
		await page.goto(BASE + '/?module=wl');
		await ready(page, 'login');
		await page.screenshot({ path: path.join(SHOTS, 'login.png') });
		await page.fill('#token', 'bct_' + '0'.repeat(64));
		await page.click('#login-form button[type=submit]');
		await page.waitForSelector('#login-error:has-text("Login failed")');
		assert(!(await cookieOf(ctx)), 'a cookie after a failed login');
		const a = await api(null, '/login', { method: 'POST', body: { token: E.DASH_AGENT } });
		assert(a.status === 403, 'agent login ' + a.status);
		const t = await api(null, '/api/v1/top');
		assert(t.status === 401, 'API without token or cookie ' + t.status);
		await ctx.close();
	});

	/* ---- vendor ---- */
	const v = await login(browser, E.DASH_VENDOR);
	let vendorCookie;
	await check('vendor login: the session cookie is HttpOnly, SameSite=Strict, not Secure on plain HTTP, unseen by scripts', async () => {
		const c = await cookieOf(v.ctx);
		assert(c && c.httpOnly && c.sameSite === 'Strict' && !c.secure, JSON.stringify(c));
		vendorCookie = c.value;
		const seen = await v.page.evaluate(() => document.cookie);
		assert(!seen.includes('bcsession'), 'document.cookie shows it');
		const who = await v.page.textContent('#whoami');
		assert(who.includes('vendor') && who.includes(E.DASH_VENDOR_MODULE), who);
	});

	await check('vendor top page: exactly the buckets the API gives the vendor token, none of another vendor', async () => {
		await v.page.goto(BASE + '/?rows=200');
		await ready(v.page, 'top');
		await v.page.screenshot({ path: path.join(SHOTS, 'top-vendor.png'), fullPage: true });
		const rows = await rowsOf(v.page);
		const got = new Map(rows.map((r) => [r.hash, r.hits]));
		assert(got.size === vendorHits.size, `page ${got.size} buckets, API ${vendorHits.size}`);
		for (const [h, n] of vendorHits)
			assert(got.get(h) === n, `${h}: page ${got.get(h)}, API ${n}`);
		for (const r of rows)
			assert(r.symbol.startsWith(E.DASH_VENDOR_MODULE + '!'), 'foreign symbol ' + r.symbol);
		for (const h of otherHits.keys())
			assert(!got.has(h), 'other vendor bucket shown ' + h);
	});

	await check("vendor: another vendor's bucket by URL is 'no such failure', and 404 through the cookie", async () => {
		const h = [...otherHits.keys()][0];
		await v.page.goto(BASE + '/failure/' + h);
		await ready(v.page, 'notfound');
		const r = await v.ctx.request.get(BASE + '/api/v1/failures/' + h);
		assert(r.status() === 404, 'cookie API ' + r.status());
		assert((await v.page.textContent('h1')) === 'No such failure', 'heading');
	});

	let bucket;
	await check('bucket page: name, stack, hits per day, kernel releases, modules and samples match the API', async () => {
		await v.page.goto(BASE + '/');
		await ready(v.page, 'top');
		await Promise.all([v.page.waitForNavigation(), v.page.click('#top-table tbody tr:first-child td.name a')]);
		await ready(v.page, 'failure');
		bucket = decodeURIComponent(new URL(v.page.url()).pathname.split('/')[2]);
		const d = (await api(E.DASH_VENDOR, '/api/v1/failures/' + bucket)).json;
		const st = (await api(E.DASH_VENDOR, `/api/v1/failures/${bucket}/stacktrace`)).json;
		assert((await v.page.textContent('#failure-name')) === d.failureName, 'name');
		assert((await v.page.textContent('#facts')).includes(d.failureHash), 'hash');
		assert((await v.page.$$('#stack li')).length === st.frames.length, 'frames');
		const daily = await v.page.$$eval('#daily rect', (rs) => rs.reduce((s, r) => s + Number(r.dataset.hits), 0));
		assert(daily === vendorHits.get(bucket), `daily sum ${daily}, API ${vendorHits.get(bucket)}`);
		const rel = await v.page.$$eval('#releases tbody tr', (trs) => trs.map((t) => t.children[0].textContent));
		assert(JSON.stringify(rel) === JSON.stringify(d.kernelReleases.map((k) => k.release)), 'releases ' + rel);
		assert((await v.page.$$('#modules tbody tr')).length === d.modules.length, 'modules');
		const links = await v.page.$$eval('#samples a', (as) => as.map((a) => a.getAttribute('href')));
		assert(links.length === d.samples.length && links.length > 0, 'samples');
		const s = await v.ctx.request.get(BASE + links[0]);
		const rec = await s.json();
		assert(s.status() === 200 && rec.report_id === d.samples[0].id, 'sample download');
		/* the hash spec version: the API's, which is the first sample's */
		assert(d.hashVersion === rec.hash_version && d.hashVersion >= 1, `hashVersion ${d.hashVersion}, record ${rec.hash_version}`);
		const facts = await v.page.$$eval('#facts dt', (dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
		assert(facts.some(([k, x]) => k === 'Hash spec version' && x === String(d.hashVersion)), 'hash spec version not shown');
		await v.page.screenshot({ path: path.join(SHOTS, 'failure.png'), fullPage: true });
		await v.page.screenshot({ path: path.join(SHOTS, 'failure-view.png') });
	});

	const stamp = Date.now();
	const narrow = `Narrow fix for kernels 3.0 to 3.9 (${stamp})`;
	const wide = `Fixed in wl 6.30.223.271, update the driver (${stamp})`;
	await check('response editor: a vendor attaches a narrowed response, then an open one; the API has both', async () => {
		const send = async (msg, kmin, kmax) => {
			await v.page.fill('#r-message', msg);
			await v.page.fill('#r-link', 'https://vendor.example/kb/wl-' + stamp);
			await v.page.fill('#r-kernel_min', kmin);
			await v.page.fill('#r-kernel_max', kmax);
			await v.page.click('#response-form button[type=submit]');
			await v.page.waitForSelector(`#response-status.ok`);
			await v.page.waitForSelector(`#responses td:has-text("${msg}")`);
		};
		await send(narrow, '3.0', '3.9');
		await send(wide, '', '');
		const d = (await api(E.DASH_VENDOR, '/api/v1/failures/' + bucket)).json;
		const n = d.responses.find((r) => r.message === narrow);
		assert(n && n.kernelMin === '3.0' && n.kernelMax === '3.9', JSON.stringify(d.responses));
		assert(d.responses.some((r) => r.message === wide && !r.kernelMin), 'open response');
		fs.writeFileSync(E.DASH_RESPONSE_FILE, wide);
	});

	await check("response edit and withdraw: edited in the page, the agent's 'bugcheck list' shows the new text; withdrawn, it shows it no more; another vendor cannot touch it", async () => {
		const agent = (...args) => execFileSync(E.DASH_AGENT_BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
		const list = () => {
			agent('forward');
			return agent('list');
		};
		assert(list().includes('response: ' + wide), 'the agent does not show the response before the edit');
		const id = (await api(E.DASH_VENDOR, '/api/v1/failures/' + bucket)).json.responses.find((r) => r.message === wide).id;
		const other = await api(E.DASH_VENDOR2, `/api/v1/responses/${id}/withdraw`, { method: 'POST' });
		assert(other.status === 404, 'another vendor withdrew it: ' + other.status);
		const edited = wide + ' (edited)';
		await v.page.click(`#responses tr[data-id="${id}"] button.edit`);
		assert((await v.page.inputValue('#r-message')) === wide, 'the editor holds the response');
		await v.page.fill('#r-message', edited);
		await v.page.click('#response-form button[type=submit]');
		await v.page.waitForSelector(`#response-status.ok:has-text("Response ${id} saved")`);
		await v.page.waitForSelector(`#responses td:has-text("${edited}")`);
		let d = (await api(E.DASH_VENDOR, '/api/v1/failures/' + bucket)).json;
		assert(d.responses.some((r) => r.id === id && r.message === edited), 'API after the edit');
		let out = list();
		assert(out.includes('response: ' + edited) && !out.includes('response: ' + wide + '  '), 'list after the edit:\n' + out.split('\n').filter((l) => l.includes('response')).join('\n'));
		await v.page.click(`#responses tr[data-id="${id}"] button.withdraw`);
		await v.page.click(`#responses tr[data-id="${id}"] button.withdraw`);
		await v.page.waitForSelector(`#response-status.ok:has-text("Response ${id} withdrawn")`);
		d = (await api(E.DASH_VENDOR, '/api/v1/failures/' + bucket)).json;
		assert(!d.responses.some((r) => r.id === id), 'API still lists the withdrawn response');
		assert(!(await v.page.$(`#responses tr[data-id="${id}"]`)), 'the page still lists it');
		out = list();
		assert(!out.includes(edited), 'list still shows the withdrawn response');
		await v.page.screenshot({ path: path.join(SHOTS, 'failure-responses.png'), fullPage: true });
		/* attached again: the suite's last check finds it in the list */
		const again = wide + ' (again)';
		await v.page.fill('#r-message', again);
		await v.page.fill('#r-link', 'https://vendor.example/kb/wl-' + stamp);
		await v.page.click('#response-form button[type=submit]');
		await v.page.waitForSelector(`#responses td:has-text("${again}")`);
		fs.writeFileSync(E.DASH_RESPONSE_FILE, again);
	});

	await check('CSRF: a cookie write without X-CSRF-Token, or with a wrong one, is refused (403); with it, accepted', async () => {
		/* another of the vendor's buckets: the page's response stays the newest on @bucket */
		const other = [...vendorHits.keys()].find((h) => h !== bucket);
		const body = { failure_hash: other, message: 'csrf probe', link: 'https://vendor.example/x' };
		let r = await v.ctx.request.post(BASE + '/api/v1/responses', { data: body });
		assert(r.status() === 403, 'no header: ' + r.status());
		r = await v.ctx.request.post(BASE + '/api/v1/responses', { data: body, headers: { 'X-CSRF-Token': 'a'.repeat(64) } });
		assert(r.status() === 403, 'wrong header: ' + r.status());
		r = await v.ctx.request.post(BASE + '/logout');
		assert(r.status() === 403, 'logout without header: ' + r.status());
		const s = await (await v.ctx.request.get(BASE + '/api/v1/session')).json();
		r = await v.ctx.request.post(BASE + '/api/v1/responses', { data: { ...body, message: 'csrf ok ' + stamp },
			headers: { 'X-CSRF-Token': s.csrf } });
		assert(r.status() === 201, 'right header: ' + r.status());
		/* another session's token is not this one's */
		const second = await api(null, '/login', { method: 'POST', body: { token: E.DASH_VENDOR } });
		assert(second.json.csrf !== s.csrf, 'two sessions, one CSRF token');
	});

	await check('cookies: forged, tampered and expired ones get 401; one signed with the shared secret works on a second server', async () => {
		const get = (cookie, base) => fetch((base || BASE) + '/api/v1/top', { headers: { Cookie: 'bcsession=' + cookie } });
		assert((await get(vendorCookie)).status === 200, 'the real cookie');
		assert((await get(vendorCookie, E.DASH_BASE2)).status === 200, 'second server with the same secret');
		const flipped = vendorCookie.slice(0, -1) + (vendorCookie.endsWith('0') ? '1' : '0');
		assert((await get(flipped)).status === 401, 'flipped MAC');
		const [, id, exp, mac] = vendorCookie.split('.');
		assert((await get(`v1.${Number(id) + 1}.${exp}.${mac}`)).status === 401, 'other token id');
		assert((await get(`v1.${id}.${Number(exp) + 3600}.${mac}`)).status === 401, 'later expiry');
		const key = crypto.createHash('sha256').update(fs.readFileSync(E.DASH_SECRET_FILE)).digest();
		const past = Math.floor(Date.now() / 1000) - 10;
		const expired = `v1.${id}.${past}.${hmacHex(key, `session-v1|${id}|${past}`)}`;
		const r = await get(expired);
		assert(r.status === 401, 'expired: ' + r.status);
		const fut = Math.floor(Date.now() / 1000) + 600;
		assert((await get(`v1.${id}.${fut}.${hmacHex(key, `session-v1|${id}|${fut}`)}`)).status === 200,
		       'a cookie made from the secret file');
		assert((await get(`v1.${id}.${fut}.${hmacHex(crypto.randomBytes(32), `session-v1|${id}|${fut}`)}`)).status === 401,
		       'a cookie signed with another secret');
	});

	await check('a revoked token ends its sessions at once', async () => {
		const tok = execFileSync(E.DASH_SERVER, ['token', 'create', '--role', 'vendor', '--module', 'wl',
			'--db', E.DASH_DB], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		const l = await fetch(BASE + '/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ token: tok }) });
		const j = await l.json();
		const cookie = l.headers.get('set-cookie').split(';')[0];
		const get = () => fetch(BASE + '/api/v1/top', { headers: { Cookie: cookie } });
		assert((await get()).status === 200, 'before revoking');
		execFileSync(E.DASH_SERVER, ['token', 'revoke', String(j.tokenId), '--db', E.DASH_DB], { stdio: 'ignore' });
		assert((await get()).status === 401, 'after revoking');
	});

	/* ---- admin ---- */
	const a = await login(browser, E.DASH_ADMIN);
	await check('census: machines posted with the agent token are counted once a day; the page shows hits per 1,000 machine-days = hits x 1000 / machine-days of the API, for all machines, one kernel release, and a bucket\'s releases', async () => {
		/* the two kernel releases with most hits get machines: 9 and 4 */
		const q = new URLSearchParams({ startDate: mdy(daysAgo(29)), endDate: mdy(today()),
			groupby: 'osBuild', aggregationLevel: 'month' });
		const ks = (await api(E.DASH_ADMIN, '/api/v1/failurehits?' + q)).json.Value
			.sort((x, y) => y.eventCount - x.eventCount).map((r) => r.osBuild);
		assert(ks.length >= 2, 'kernel releases ' + ks);
		for (let i = 0; i < 13; i++) {
			const body = { machine_id: crypto.createHash('sha256').update('census' + i).digest('hex').slice(0, 32),
				kernel_release: ks[i < 9 ? 0 : 1], os_release: 'Debian GNU/Linux 12 (bookworm)',
				device_type: 'laptop', market: 'lab-eu',
				modules: i < 3 ? [{ name: 'wl', version: '6.30.223.271' }] : [] };
			for (let n = 0; n < 2; n++) {
				const r = await api(E.DASH_AGENT, '/api/v1/census', { method: 'POST', body });
				assert(r.status === 200 && r.json.counted === (n === 0), `census ${i}/${n}: ${JSON.stringify(r.json)}`);
			}
		}
		const c = (await api(E.DASH_ADMIN, '/api/v1/census')).json;
		const days = (dim, key) => c.Value.filter((r) => r.dim === dim && r.key === key)
			.reduce((n, r) => n + r.machineDays, 0);
		assert(days('kernel', ks[0]) >= 9 && days('kernel', ks[1]) >= 4 && c.machineDays >= 13, JSON.stringify(c));
		const want = (hits, md) => (hits * 1000 / md).toFixed(2);
		const rates = (page) => page.$$eval('#top-table tbody tr', (trs) => trs.map((tr) =>
			({ hits: Number(tr.dataset.hits), rate: tr.querySelector('td.rate').textContent })));
		/* all machines */
		await a.page.goto(BASE + '/?rows=200');
		await ready(a.page, 'top');
		assert(Number(await a.page.getAttribute('#census-note', 'data-machine-days')) === c.machineDays, 'census note');
		let rows = await rates(a.page);
		assert(rows.length > 2, 'rows');
		for (const r of rows)
			assert(r.rate === want(r.hits, c.machineDays), `${r.hits} hits: page ${r.rate}, want ${want(r.hits, c.machineDays)}`);
		/* one kernel release: its machine-days */
		await a.page.goto(`${BASE}/?kernel=${encodeURIComponent(ks[0])}&rows=200`);
		await ready(a.page, 'top');
		rows = await rates(a.page);
		assert(rows.length > 0, 'kernel rows');
		for (const r of rows)
			assert(r.rate === want(r.hits, days('kernel', ks[0])), `kernel ${ks[0]}: ${r.hits} hits, page ${r.rate}`);
		await a.page.screenshot({ path: path.join(SHOTS, 'top-rates.png') });
		/* two census dimensions at once: no denominator, no rate */
		await a.page.goto(`${BASE}/?kernel=${encodeURIComponent(ks[0])}&market=lab-eu&rows=200`);
		await ready(a.page, 'top');
		rows = await rates(a.page);
		assert(rows.every((r) => r.rate === '—'), 'a rate without a denominator');
		/* the vendor's bucket page: each kernel release's window hits over its machine-days */
		await v.page.goto(BASE + '/failure/' + bucket);
		await ready(v.page, 'failure');
		const fq = new URLSearchParams({ startDate: mdy(daysAgo(29)), endDate: mdy(today()), groupby: 'osBuild',
			aggregationLevel: 'month', filter: `failureHash eq '${bucket}'` });
		const win = new Map();
		for (const r of (await api(E.DASH_VENDOR, '/api/v1/failurehits?' + fq)).json.Value)
			win.set(r.osBuild, (win.get(r.osBuild) || 0) + r.eventCount);
		const vc = (await api(E.DASH_VENDOR, '/api/v1/census')).json;
		const cells = await v.page.$$eval('#releases tbody tr', (trs) => trs.map((t) => [...t.children].map((x) => x.textContent)));
		let rated = 0;
		for (const [rel, , h, md, rt] of cells) {
			const m = vc.Value.filter((r) => r.dim === 'kernel' && r.key === rel).reduce((n, r) => n + r.machineDays, 0);
			const hw = win.get(rel) || 0;
			assert(h === hw.toLocaleString('en-US') && md === m.toLocaleString('en-US'), `${rel}: ${h}/${md} vs ${hw}/${m}`);
			assert(rt === (m ? want(hw, m) : '—'), `${rel}: rate ${rt}, want ${m ? want(hw, m) : '—'}`);
			rated += m && hw ? 1 : 0;
		}
		assert(rated > 0 || !cells.some(([rel]) => ks.slice(0, 2).includes(rel)), 'no release of the bucket has a rate');
		/* its hits per day chart: each day's hits over that day's machine-days */
		const pd = (await api(E.DASH_VENDOR, '/api/v1/census?perDay=true')).json;
		assert(pd.days.length === 30 && pd.days.reduce((n, x) => n + x.machineDays, 0) === pd.machineDays,
		       'perDay days ' + JSON.stringify(pd.days));
		const mdOf = new Map(pd.days.map((x) => [x.date, x.machineDays]));
		assert(mdOf.get(today()) >= 13, 'machine-days today ' + mdOf.get(today()));
		const bars = await v.page.$$eval('#daily rect.bar', (rs) => rs.map((r) => ({ day: r.dataset.day,
			hits: Number(r.dataset.hits), md: Number(r.dataset.machineDays), rate: r.dataset.rate })));
		assert(bars.length === 30, 'bars ' + bars.length);
		for (const b of bars) {
			const m = mdOf.get(b.day) || 0;
			assert(b.md === m && b.rate === (m ? want(b.hits, m) : ''), `${b.day}: ${JSON.stringify(b)}, machine-days ${m}`);
		}
		assert(bars.find((b) => b.day === today()).rate !== '', 'today has no rate');
		assert(await v.page.$('#daily polyline.rate-line, #daily circle.rate-line'), 'no rate line');
		await v.page.screenshot({ path: path.join(SHOTS, 'bucket-rates.png'), fullPage: true });
	});
	await check('admin Pareto: hits and cumulative share per rank, the 80% rank and the total match /api/v1/top', async () => {
		await a.page.goto(BASE + '/?rows=200');
		await ready(a.page, 'top');
		await a.page.screenshot({ path: path.join(SHOTS, 'top-admin.png'), fullPage: true });
		await a.page.screenshot({ path: path.join(SHOTS, 'top-admin-view.png') });
		const rows = await rowsOf(a.page);
		const top = (await api(E.DASH_ADMIN, '/api/v1/top?limit=1000')).json;
		assert(rows.length === top.Value.length, `page ${rows.length} rows, API ${top.Value.length}`);
		top.Value.forEach((t, i) => {
			assert(rows[i].hits === t.hits, `rank ${i + 1}: page ${rows[i].hits} hits, API ${t.hits}`);
			assert(Math.abs(rows[i].cum - t.cumulativeShare) < 1e-9, `rank ${i + 1}: cum ${rows[i].cum} vs ${t.cumulativeShare}`);
		});
		const k = top.Value.findIndex((t) => t.cumulativeShare >= 0.8) + 1;
		const label = await a.page.textContent('#pareto-k');
		assert(label === `80% at rank ${k}`, `${label} vs rank ${k}`);
		const summary = await a.page.textContent('#summary');
		assert(summary.startsWith(top.TotalHits.toLocaleString('en-US') + ' hits'), summary + ' vs ' + top.TotalHits);
		const bars = await a.page.$$eval('#pareto rect.bar', (rs) => rs.map((r) => Number(r.dataset.hits)));
		assert(bars.length === Math.min(100, top.Value.length) && bars.every((h, i) => h === top.Value[i].hits), 'bars');
		assert(await a.page.$('#pareto-80'), 'no 80% line');
	});

	await check('filters live in the URL: module and kernel release narrow the table exactly as failurehits does; so do first/last seen, kernel releases and distinct machines', async () => {
		await a.page.fill('#f-module', E.DASH_VENDOR_MODULE);
		await Promise.all([a.page.waitForNavigation(), a.page.click('#filters button[type=submit]')]);
		await ready(a.page, 'top');
		const u = new URL(a.page.url());
		assert(u.searchParams.get('module') === E.DASH_VENDOR_MODULE && u.searchParams.get('rows') === '200', 'URL ' + u);
		let rows = await rowsOf(a.page);
		const want = await hitsByHash(E.DASH_ADMIN, `productName eq '${E.DASH_VENDOR_MODULE}'`);
		assert(rows.length === want.size && rows.every((r) => want.get(r.hash) === r.hits), 'module filter');
		/* a shared link: a kernel release of that module, opened directly */
		const d = (await api(E.DASH_ADMIN, '/api/v1/failures/' + rows[0].hash)).json;
		const rel = d.kernelReleases[0].release;
		await a.page.goto(`${BASE}/?module=${E.DASH_VENDOR_MODULE}&kernel=${encodeURIComponent(rel)}&rows=200`);
		await ready(a.page, 'top');
		assert((await a.page.inputValue('#f-kernel')) === rel, 'form keeps the kernel');
		rows = await rowsOf(a.page);
		const fx2 = `productName eq '${E.DASH_VENDOR_MODULE}' and osBuild eq '${rel}'`;
		const want2 = await hitsByHash(E.DASH_ADMIN, fx2);
		assert(rows.length === want2.size && rows.every((r) => want2.get(r.hash) === r.hits), 'kernel filter');
		/* first and last seen and the kernel releases follow the filter */
		const days2 = await daysByHash(E.DASH_ADMIN, fx2, daysAgo(29), today());
		const mach2 = await machinesByHash(E.DASH_ADMIN, fx2, daysAgo(29), today());
		for (const f of await factsOf(a.page)) {
			assert(f.machines === mach2.get(f.hash) && /^\d+$/.test(f.machines),
			       `machines under the filter: ${f.machines}, API ${mach2.get(f.hash)}`);

			assert(f.releases === `${rel} (${f.hits.toLocaleString('en-US')})`, `releases under the kernel filter: ${f.releases}`);
			const w = days2.get(f.hash);
			assert(w && f.first === w.first && f.last === w.last, `first/last ${f.first}..${f.last}, API ${JSON.stringify(w)}`);
		}
		/* every report of the corpus comes from one machine: a bucket of seven */
		const k1 = '6.1.0-57-amd64', k2 = rel === k1 ? '6.1.0-58-amd64' : rel;
		const fleet = await postFleet(k1, k2);
		for (const [q, want] of [['', '7'], [`&kernel=${k1}`, '5'], [`&kernel=${k2}`, '4']]) {
			await a.page.goto(`${BASE}/?module=fleet_mod${q}&rows=200`);
			await ready(a.page, 'top');
			const fx = `productName eq 'fleet_mod'` + (q ? ` and osBuild eq '${q.slice(8)}'` : '');
			const api3 = await machinesByHash(E.DASH_ADMIN, fx, daysAgo(29), today());
			const got = (await factsOf(a.page)).find((f) => f.hash === fleet);
			assert(got && got.machines === want && api3.get(fleet) === want,
			       `fleet_mod${q}: page ${got && got.machines}, API ${api3.get(fleet)}, sent ${want}`);
		}
		await a.page.screenshot({ path: path.join(SHOTS, 'top-filtered.png'), fullPage: true });
		/* a date range: yesterday only */
		const y = daysAgo(1);
		await a.page.goto(`${BASE}/?from=${y}&to=${y}&rows=200`);
		await ready(a.page, 'top');
		const q = new URLSearchParams({ startDate: mdy(y), endDate: mdy(y), groupby: 'failureHash' });
		const day = (await api(E.DASH_ADMIN, '/api/v1/failurehits?' + q)).json.Value;
		const sum = (await rowsOf(a.page)).reduce((s, r) => s + r.hits, 0);
		assert(sum === day.reduce((s, r) => s + r.eventCount, 0), 'date range ' + sum);
		/* one day: first and last seen are that day; releases add up to the hits */
		const one = await factsOf(a.page);
		assert(one.length > 0, 'no bucket yesterday');
		const mach1 = await machinesByHash(E.DASH_ADMIN, '', y, y);
		for (const f of one) {
			assert(f.machines === mach1.get(f.hash), `machines yesterday: ${f.machines}, API ${mach1.get(f.hash)}`);
			assert(f.first === y && f.last === y, `one day ${y}: ${f.first}..${f.last}`);
			const n = [...f.releases.matchAll(/\(([\d,]+)\)/g)].reduce((s, m) => s + Number(m[1].replace(/,/g, '')), 0);
			assert(n === f.hits, `releases ${f.releases} add to ${n}, not ${f.hits}`);
		}
		/* outside the window: the server's error, shown */
		await a.page.goto(`${BASE}/?from=2001-01-01`);
		await ready(a.page, 'error');
		assert((await a.page.textContent('#error')).includes('dates must lie in the last'), 'window error');
	});

	await check('a title with <script> and "onload= is shown as text on the top page and the bucket page', async () => {
		for (const url of ['/?rows=200', '/failure/' + hostile]) {
			await a.page.goto(BASE + url);
			await ready(a.page, url.startsWith('/?') ? 'top' : 'failure');
			const st = await a.page.evaluate(() => ({ pwned: window.__pwned, scripts: document.scripts.length,
				imgs: document.images.length, text: document.body.textContent }));
			assert(st.pwned === undefined && st.scripts === 1 && st.imgs === 0, JSON.stringify({ ...st, text: '' }));
			assert(st.text.includes(HOSTILE), 'title not shown verbatim on ' + url);
			assert(!a.page.sawDialog, 'a dialog opened');
		}
	});

	await check('accessibility: axe-core finds nothing serious or critical on the login, top and bucket pages', async () => {
		/* axe is injected as a script, which the page's CSP rightly forbids */
		const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1400, height: 900 } });
		const page = await ctx.newPage();
		const axePath = require.resolve('axe-core/axe.min.js');
		const bad = [];
		for (const [url, want] of [['/', 'login'], ['/?rows=30', 'top'], ['/failure/' + bucket, 'failure'],
			['/regressions', 'regressions']]) {
			await page.goto(BASE + url);
			await ready(page, want);
			await page.addScriptTag({ path: axePath });
			const res = await page.evaluate(() => window.axe.run());
			for (const x of res.violations)
				if (x.impact === 'serious' || x.impact === 'critical')
					bad.push(`${url}: ${x.id} (${x.impact}) ${x.nodes.length} nodes: ${x.help}`);
			if (want === 'login') {
				await page.fill('#token', E.DASH_ADMIN);
				await Promise.all([page.waitForNavigation(), page.click('#login-form button[type=submit]')]);
				await ready(page, 'top');
			}
		}
		await ctx.close();
		assert(!bad.length, bad.join('\n'));
	});

	await check('regressions page: with 50 machine-days on each of two new kernel releases, 12 hits against 1 is flagged as a rise (p from the API, shown), 7 against 5 is not; the test is stated on the page', async () => {
		const k0 = '6.1.0-990-regress', k1 = '6.1.0-991-regress';
		for (let i = 0; i < 100; i++) {
			const r = await api(E.DASH_AGENT, '/api/v1/census', { method: 'POST', body: {
				machine_id: crypto.createHash('sha256').update('regress' + i).digest('hex').slice(0, 32),
				kernel_release: i % 2 ? k1 : k0, device_type: 'server', modules: [] } });
			assert(r.status === 200, 'census ' + JSON.stringify(r.json));
		}
		const mk = (image, kernel, n) => {
			const title = `BUG: unable to handle page fault in ${image}_rx`;
			return {
				report_id: crypto.createHash('sha256').update(`${image}|${kernel}|${n}|${stamp}`).digest('hex').slice(0, 40),
				machine_id: crypto.createHash('sha256').update('regress' + n).digest('hex').slice(0, 32),
				crash_time: new Date().toISOString().slice(0, 19) + 'Z', source: 'kdump', event_type: 'oops',
				kernel_release: kernel, device_type: 'server',
				classification: { class: 'PAGING_REQUEST', code: 5, title, image, function: image + '_rx',
					failure_name: `PAGING_REQUEST_0x05_${image}!${image}_rx`, failure_hash: failureHash(5, image, title),
					corrupted: false, panicked: false },
				module: { name: image, file: image + '.ko', version: '1.0' },
				taint: 'G           O', stack: [{ module: image, function: image + '_rx', offset: 16 }],
			};
		};
		const reps = [mk('regress_up', k0, 0)];
		for (let n = 1; n <= 12; n++)
			reps.push(mk('regress_up', k1, n));
		for (let n = 0; n < 12; n++)
			reps.push(mk('regress_flat', n < 5 ? k0 : k1, n));
		const r = await api(E.DASH_AGENT, '/api/v1/reports', { method: 'POST', body: { reports: reps } });
		assert(r.status === 200, 'reports ' + JSON.stringify(r.json).slice(0, 300));
		const up = reps[0].classification.failure_hash, flat = reps[13].classification.failure_hash;
		const reg = (await api(E.DASH_ADMIN, '/api/v1/regressions')).json;
		const f = reg.Value.find((x) => x.failureHash === up && x.dimension === 'kernel' && x.release === k1);
		assert(f && f.reason === 'rise' && f.previous === k0 && Math.abs(f.pValue - 14 / 8192) < 1e-9, JSON.stringify(f));
		await a.page.goto(BASE + '/regressions');
		await ready(a.page, 'regressions');
		await a.page.screenshot({ path: path.join(SHOTS, 'regressions.png') });
		const rows = await a.page.$$eval('#regress-table tbody tr', (trs) => trs.map((t) => ({ ...t.dataset,
			cells: [...t.children].map((c) => c.textContent) })));
		const row = rows.find((x) => x.hash === up && x.dimension === 'kernel' && x.release === k1);
		assert(row && row.reason === 'rise' && row.cells[3] === k0 && row.cells[5] === '12' && row.cells[6] === '50',
		       'flagged row ' + JSON.stringify(row));
		assert(row.cells[7] === (12 * 1000 / 50).toFixed(2) && row.cells[11] === (14 / 8192).toFixed(4),
		       'rate and p ' + JSON.stringify(row.cells));
		assert(!rows.some((x) => x.hash === flat && x.release === k1), 'the flat bucket is flagged on ' + k1);
		const order = rows.map((x) => Number(x.cells[6].replace(/,/g, '')));
		assert(order.every((n, i) => !i || order[i - 1] >= n), 'not ranked by machine-days: ' + order);
		const text = await a.page.textContent('#regress-test');
		assert(/one-sided exact binomial test/.test(text) && text.includes('p < 0.01'), text);
	});

	await check('logout: the cookie is gone and the page asks to log in again', async () => {
		await v.page.goto(BASE + '/');
		await ready(v.page, 'top');
		await Promise.all([v.page.waitForNavigation(), v.page.click('#logout')]);
		await ready(v.page, 'login');
		assert(!(await cookieOf(v.ctx)), 'cookie still there');
	});

	await browser.close();
}

main().then(() => {
	console.log(`# dashboard: ${fails} failed`);
	process.exit(fails ? 1 : 0);
}, (e) => {
	console.log('# ' + (e && e.stack || e));
	console.log('not ok - browser tests ran to the end');
	process.exit(1);
});
