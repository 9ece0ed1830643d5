// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck dashboard.  A thin view over bugcheck-server's JSON API: every
 * number on a page comes from /api/v1/..., fetched with the session
 * cookie, so a vendor sees exactly what the API lets its token see.
 * Text from reports is data: it is only ever set with textContent or as
 * an attribute value, never parsed as HTML.  Charts are SVG drawn here.
 */
'use strict';

const SVGNS = 'http://www.w3.org/2000/svg';
const FILTERS = [
	/* URL parameter, failurehits field, label */
	['eventType', 'eventType', 'Event type'],
	['kernel', 'osBuild', 'Kernel release'],
	['module', 'productName', 'Module'],
	['market', 'market', 'Market'],
	['device', 'deviceType', 'Device type'],
];
const DEVICE_TYPES = ['server', 'desktop', 'laptop', 'vm', 'unknown'];
const DETAIL_FETCHES = 6; /* bucket details fetched at once */
const PARETO_BARS = 100; /* bars drawn at most */
const BUCKETS_MAX = 1000; /* failurehits' bucket limit at week and month level */

let session = null;

/* ---- small DOM helpers ---- */

function el(tag, attrs, ...kids) {
	const e = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === null || v === undefined || v === false)
			continue;
		if (k === 'text')
			e.textContent = v;
		else if (k.startsWith('on'))
			e.addEventListener(k.slice(2), v);
		else
			e.setAttribute(k, v === true ? '' : String(v));
	}
	for (const k of kids) {
		if (k === null || k === undefined)
			continue;
		e.append(typeof k === 'string' || typeof k === 'number' ?
			document.createTextNode(String(k)) : k);
	}
	return e;
}

function svg(tag, attrs, ...kids) {
	const e = document.createElementNS(SVGNS, tag);
	for (const [k, v] of Object.entries(attrs || {}))
		if (k === 'text')
			e.textContent = v;
		else
			e.setAttribute(k, String(v));
	for (const k of kids)
		if (k)
			e.append(k);
	return e;
}

function main() {
	return document.getElementById('main');
}

/*
 * An integer with thousands separators, as toLocaleString('en-US') writes
 * it, without the cost of loading the locale data on a cold page.
 */
function fmt(n) {
	return String(Math.round(Number(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function pct(x) {
	return (100 * x).toFixed(1) + '%';
}

/*
 * Hits per 1,000 machine-days, as the page prints it (two decimals), or
 * an em dash when the census has no machine-days for the view.
 */
function rate(hits, machineDays) {
	return machineDays ? (hits * 1000 / machineDays).toFixed(2) : '—';
}

/*
 * The census over the days (with @perDay, each day's machine-days too);
 * null from a server that keeps none.
 */
async function censusFor(startDate, endDate, perDay) {
	const q = { startDate, endDate };
	if (perDay)
		q.perDay = 'true';
	try {
		return await api('/api/v1/census?' + new URLSearchParams(q));
	} catch (e) {
		if (e.status === 401)
			throw e;
		return null;
	}
}

/* Machine-days of @key in census dimension @dim (modules: all versions). */
function censusDays(census, dim, key, version) {
	if (!census)
		return 0;
	return census.Value.filter((r) => r.dim === dim && r.key === key &&
		(version === undefined || r.version === version))
		.reduce((n, r) => n + r.machineDays, 0);
}

/*
 * The census denominator of a top-failures view: every machine-day, or
 * those of the one kernel release, module, market or device type the
 * filter names.  The census counts each dimension alone, so a filter on
 * two of them has none (null), nor has a view without a census.
 */
const CENSUS_OF_FILTER = { kernel: 'kernel', module: 'module', market: 'market', device: 'device' };

function viewDenominator(v, census) {
	if (!census)
		return null;
	const keys = Object.keys(v.f).filter((k) => CENSUS_OF_FILTER[k]);
	if (keys.length > 1)
		return null;
	if (!keys.length)
		return { days: census.machineDays, what: 'all machines' };
	const k = keys[0];
	return { days: censusDays(census, CENSUS_OF_FILTER[k], v.f[k]),
		 what: `machines with ${k} ${v.f[k]}` };
}

/* ---- API ---- */

class ApiError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

async function api(path, opts) {
	const o = opts || {};
	const init = { method: o.method || 'GET', credentials: 'same-origin',
		       headers: {} };
	if (o.body !== undefined) {
		init.body = JSON.stringify(o.body);
		init.headers['Content-Type'] = 'application/json';
	}
	if (init.method !== 'GET' && session && session.csrf)
		init.headers['X-CSRF-Token'] = session.csrf;
	const r = await fetch(path, init);
	let j = null;
	try {
		j = await r.json();
	} catch (e) {
		j = null;
	}
	if (!r.ok) {
		const msg = j && j.error ? j.error.message : r.statusText;
		if (r.status === 401 && session && path !== '/login') {
			session = null;
			loginPage('Your session has ended: ' + msg);
		}
		throw new ApiError(r.status, msg);
	}
	return j;
}

/* All rows of a failurehits query, following @nextLink. */
async function hitsAll(params) {
	const q = new URLSearchParams(params);
	let next = '/api/v1/failurehits?' + q.toString();
	const rows = [];
	while (next) {
		const j = await api(next);
		rows.push(...j.Value);
		next = j['@nextLink'] || null;
	}
	return rows;
}

/* ---- dates: the page uses yyyy-mm-dd, failurehits mm/dd/yyyy ---- */

function isoOk(s) {
	return /^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(Date.parse(s + 'T00:00:00Z'));
}

function addDays(iso, n) {
	const d = new Date(iso + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

function mdy(iso) {
	return iso.slice(5, 7) + '/' + iso.slice(8, 10) + '/' + iso.slice(0, 4);
}

function quote(v) {
	return "'" + v.replace(/'/g, "''") + "'";
}

/* ---- header and login ---- */

function renderWho() {
	const who = document.getElementById('who');
	who.replaceChildren();
	if (!session)
		return;
	const scope = session.role === 'admin' ? 'all buckets' :
		'modules ' + (session.modules.join(', ') || '(none)');
	who.append(el('a', { href: '/', id: 'nav-top' }, 'Top failures'),
		el('a', { href: '/regressions', id: 'nav-regressions' }, 'Regressions'),
		el('span', { id: 'whoami',
		text: 'Signed in: ' + session.role +
		      (session.label ? ' "' + session.label + '"' : '') +
		      ', ' + scope }),
	el('button', { type: 'button', id: 'logout', onclick: logout },
	   'Log out'));
}

async function logout() {
	try {
		await api('/logout', { method: 'POST' });
	} catch (e) {
		/* an expired session is logged out anyway */
	}
	session = null;
	location.assign('/');
}

function loginPage(note) {
	renderWho();
	const msg = el('p', { id: 'login-error', class: 'error', role: 'alert' },
		       note || '');
	const input = el('input', { id: 'token', name: 'token',
		type: 'password', autocomplete: 'off', required: true,
		spellcheck: 'false', size: 72 });
	const form = el('form', { class: 'login', id: 'login-form' },
		el('label', { for: 'token' },
		   'Vendor or admin token (bct_…)'), input,
		el('button', { type: 'submit' }, 'Log in'), msg,
		el('p', { class: 'muted' },
		   'The token is exchanged for a session cookie and not kept by the browser.'));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		msg.textContent = '';
		try {
			await api('/login', { method: 'POST',
					      body: { token: input.value.trim() } });
			location.reload();
		} catch (e) {
			msg.textContent = 'Login failed: ' + e.message;
		}
	});
	main().replaceChildren(el('h1', { text: 'Log in' }), form);
	document.title = 'Log in · bugcheck';
	document.body.dataset.ready = 'login';
	input.focus();
}

/* ---- top failures ---- */

function readView() {
	const p = new URLSearchParams(location.search);
	const today = session.today;
	const first = addDays(today, 1 - session.windowDays);
	const v = {
		from: p.get('from') || first,
		to: p.get('to') || today,
		rows: Math.min(Math.max(parseInt(p.get('rows') || '25', 10) || 25, 1), 200),
		f: {},
		first, today,
	};
	for (const [key] of FILTERS) {
		const x = (p.get(key) || '').trim();
		if (x)
			v.f[key] = x;
	}
	return v;
}

function filterExpr(v) {
	const parts = [];
	for (const [key, field] of FILTERS)
		if (v.f[key])
			parts.push(field + ' eq ' + quote(v.f[key]));
	return parts.join(' and ');
}

function filterForm(v, lists) {
	const form = el('form', { class: 'filters', id: 'filters',
				  'aria-label': 'Filters' });
	form.append(el('label', { for: 'f-from' }, 'From',
		el('input', { id: 'f-from', name: 'from', type: 'date',
			      value: v.from, min: v.first, max: v.today })));
	form.append(el('label', { for: 'f-to' }, 'To',
		el('input', { id: 'f-to', name: 'to', type: 'date',
			      value: v.to, min: v.first, max: v.today })));
	for (const [key, , label] of FILTERS) {
		const id = 'f-' + key;
		const dl = el('datalist', { id: id + '-list' });
		for (const o of lists[key] || [])
			dl.append(el('option', { value: o }));
		form.append(el('label', { for: id }, label,
			el('input', { id, name: key, value: v.f[key] || '',
				      list: id + '-list', size: 16 }), dl));
	}
	form.append(el('label', { for: 'f-rows' }, 'Rows',
		el('input', { id: 'f-rows', name: 'rows', type: 'number',
			      min: 1, max: 200, value: v.rows })));
	form.append(el('button', { type: 'submit' }, 'Apply'));
	form.append(el('a', { href: '/', id: 'f-reset' }, 'Reset'));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const q = new URLSearchParams();
		for (const [k, val] of new FormData(form)) {
			const s = String(val).trim();
			if (!s || (k === 'from' && s === v.first) ||
			    (k === 'to' && s === v.today) ||
			    (k === 'rows' && s === '25'))
				continue;
			q.set(k, s);
		}
		const qs = q.toString();
		location.assign('/' + (qs ? '?' + qs : ''));
	});
	return form;
}

/* Buckets ranked by hits, with running cumulative share of @total. */
function rank(rows, total) {
	const by = new Map();
	for (const r of rows) {
		let b = by.get(r.failureHash);
		if (!b) {
			b = { hash: r.failureHash, name: r.failureName,
			      symbol: r.symbol, product: r.productName, hits: 0 };
			by.set(r.failureHash, b);
		}
		b.hits += r.eventCount;
	}
	const list = [...by.values()].sort((a, b) => b.hits - a.hits ||
		(a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
	let run = 0;
	list.forEach((b, i) => {
		run += b.hits;
		b.rank = i + 1;
		b.share = total ? b.hits / total : 0;
		b.cum = total ? run / total : 0;
	});
	return list;
}

function paretoChart(list, total, md) {
	const bars = list.slice(0, PARETO_BARS);
	const W = 960, H = 320, L = 60, R = 56, T = 24, B = 44;
	const pw = W - L - R, ph = H - T - B;
	const maxHits = Math.max(1, ...bars.map((b) => b.hits));
	const bw = pw / Math.max(bars.length, 1);
	const x = (i) => L + i * bw;
	const yH = (h) => T + ph - (h / maxHits) * ph;
	const yC = (c) => T + ph - c * ph;
	const k = list.findIndex((b) => b.cum >= 0.8 - 1e-12);
	const desc = bars.length ?
		`${bars.length} buckets drawn of ${list.length}; ` +
		(k >= 0 ? `the top ${k + 1} account for 80% of ${total} hits` :
			  'no 80% point') : 'no hits';
	/* a group, not an image: its bars are links to the buckets */
	const s = svg('svg', { class: 'chart', id: 'pareto', role: 'group',
			       viewBox: `0 0 ${W} ${H}`, width: W, height: H,
			       'aria-labelledby': 'pareto-title pareto-desc' },
		svg('title', { id: 'pareto-title',
			       text: 'Pareto chart of hits per bucket' }),
		svg('desc', { id: 'pareto-desc', text: desc }));
	/* axes and ticks: hits on the left, cumulative share on the right */
	s.append(svg('line', { class: 'axis', x1: L, y1: T + ph, x2: L + pw, y2: T + ph }));
	s.append(svg('line', { class: 'axis', x1: L, y1: T, x2: L, y2: T + ph }));
	s.append(svg('line', { class: 'axis', x1: L + pw, y1: T, x2: L + pw, y2: T + ph }));
	for (const f of [0, 0.5, 1]) {
		const h = Math.round(maxHits * f);
		s.append(svg('text', { x: L - 6, y: yH(h) + 4, 'text-anchor': 'end', text: fmt(h) }));
	}
	for (const c of [0, 0.25, 0.5, 0.75, 1])
		s.append(svg('text', { x: L + pw + 6, y: yC(c) + 4, text: (c * 100) + '%' }));
	s.append(svg('text', { x: L + pw / 2, y: H - 8, 'text-anchor': 'middle',
			       text: 'buckets by rank' }));
	s.append(svg('text', { x: 14, y: T + ph / 2, 'text-anchor': 'middle',
			       transform: `rotate(-90 14 ${T + ph / 2})`, text: 'hits' }));
	bars.forEach((b, i) => {
		const a = svg('a', { href: '/failure/' + encodeURIComponent(b.hash),
				     'aria-label': `rank ${b.rank}: ${b.name}, ${b.hits} hits, cumulative ${pct(b.cum)}` });
		const r = svg('rect', { class: 'bar', x: x(i) + bw * 0.1, y: yH(b.hits),
					width: Math.max(bw * 0.8, 1), height: T + ph - yH(b.hits),
					'data-rank': b.rank, 'data-hits': b.hits });
		r.append(svg('title', { text: `#${b.rank} ${b.name}: ${fmt(b.hits)} hits (${pct(b.share)}` +
			(md ? `, ${rate(b.hits, md)} per 1,000 machine-days` : '') + `), cumulative ${pct(b.cum)}` }));
		a.append(r);
		s.append(a);
	});
	if (bars.length) {
		const pts = bars.map((b, i) => `${x(i) + bw / 2},${yC(b.cum)}`).join(' ');
		s.append(svg('polyline', { class: 'cum', points: pts, id: 'pareto-cum' }));
		bars.forEach((b, i) => s.append(svg('circle', { class: 'dot', cx: x(i) + bw / 2,
			cy: yC(b.cum), r: bars.length > 40 ? 1.5 : 3, 'data-cum': b.cum })));
	}
	s.append(svg('line', { class: 'mark', id: 'pareto-80', x1: L, x2: L + pw, y1: yC(0.8), y2: yC(0.8) }));
	s.append(svg('text', { x: L + 4, y: yC(0.8) - 4, text: '80%' }));
	if (k >= 0 && k < bars.length) {
		const cx = x(k) + bw / 2;
		s.append(svg('line', { class: 'cross', x1: cx, x2: cx, y1: yC(0.8), y2: T + ph }));
		s.append(svg('text', { x: Math.min(cx + 4, L + pw - 90), y: T + 12, id: 'pareto-k',
				       text: `80% at rank ${k + 1}` }));
	}
	return s;
}

function releaseText(rels) {
	return [...rels].sort((a, b) => b.hits - a.hits ||
		(a.release < b.release ? -1 : a.release > b.release ? 1 : 0))
		.map((r) => `${r.release} (${fmt(r.hits)})`).join(', ');
}

/*
 * failurehits filters on the buckets of @hashes and the view's filter,
 * each within the filter language's limits (QUERY_TERMS_MAX comparisons,
 * QUERY_FILTER_MAX bytes): as many hashes per filter as fit.
 */
const FILTER_TERMS = 64, FILTER_BYTES = 4096;

function hashFilters(hashes, fx, extra) {
	const out = [];
	const tail = fx ? ` and (${fx})` : '';
	let cur = [];
	let len = tail.length + 2;
	const flush = () => {
		if (cur.length)
			out.push(`(${cur.join(' or ')})${tail}`);
		cur = [];
		len = tail.length + 2;
	};
	for (const h of hashes) {
		const t = 'failureHash eq ' + quote(h);
		if (cur.length + extra >= FILTER_TERMS || len + t.length + 4 > FILTER_BYTES)
			flush();
		cur.push(t);
		len += t.length + 4;
	}
	flush();
	return out;
}

/*
 * First and last day seen, the hits per kernel release and the distinct
 * machines of the buckets of @hashes, within the view's dates and filter:
 * per group of hashes, one failurehits query by bucket, kernel release
 * and day, and one by bucket over the whole range with machines=true
 * (merged sketches of the daily rollups; null when some of those days
 * were counted before the server kept them).  Returns a Map from hash to
 * { first, last, releases, machines }.
 */
async function bucketFacts(base, hashes, fx, nTerms) {
	const facts = new Map(hashes.map((h) => [h, { first: null, last: null, releases: new Map(),
						      machines: 0 }]));
	const filters = hashFilters(hashes, fx, nTerms);
	const [answers, machines] = await Promise.all([
		Promise.all(filters.map((filter) =>
			hitsAll({ ...base, filter, aggregationLevel: 'day', groupby: 'failureHash,osBuild' }))),
		Promise.all(filters.map((filter) =>
			hitsAll({ ...base, filter, aggregationLevel: 'all', groupby: 'failureHash',
				  machines: 'true' }))),
	]);
	for (const rows of machines)
		for (const r of rows) {
			const f = facts.get(r.failureHash);
			if (f)
				f.machines = r.machineCount;
		}
	for (const rows of answers) {
		for (const r of rows) {
			const f = facts.get(r.failureHash);
			if (!f || r.eventCount <= 0)
				continue;
			if (!f.first || r.date < f.first)
				f.first = r.date;
			if (!f.last || r.date > f.last)
				f.last = r.date;
			f.releases.set(r.osBuild, (f.releases.get(r.osBuild) || 0) + r.eventCount);
		}
	}
	return facts;
}

async function topPage() {
	const v = readView();
	document.title = 'Top failures · bugcheck';
	const status = el('p', { class: 'muted', id: 'status', role: 'status' }, 'Loading…');
	main().replaceChildren(el('h1', { text: 'Top failures' }), status);
	for (const [key, val] of [['from', v.from], ['to', v.to]])
		if (!isoOk(val)) {
			status.replaceWith(el('p', { class: 'error', role: 'alert' },
					      `${key} '${val}' is not a yyyy-mm-dd date`));
			return;
		}
	const base = { startDate: mdy(v.from), endDate: mdy(v.to),
		       aggregationLevel: 'month', top: '10000' };
	const fx = filterExpr(v);
	if (fx)
		base.filter = fx;
	/*
	 * Two queries: hits per bucket, and all hits (for the shares; the
	 * bucket rows stop at failurehits' 1,000 buckets).  Both group by
	 * bucket attributes or date only, which the store answers from its
	 * per-bucket counts; grouping by a report field such as osBuild
	 * scans the reports (seconds at 1M), so kernel releases and event
	 * types come from each shown bucket's details instead.
	 */
	let rowsA, rowsT, census;
	try {
		[rowsA, rowsT, census] = await Promise.all([
			hitsAll({ ...base, groupby: 'failureHash,failureName,symbol,productName' }),
			hitsAll({ ...base, groupby: 'date' }),
			/* the denominators; a server without a census gives none */
			censusFor(base.startDate, base.endDate),
		]);
	} catch (e) {
		if (e.status === 401)
			return;
		main().replaceChildren(el('h1', { text: 'Top failures' }),
			filterForm(v, {}),
			el('p', { class: 'error', role: 'alert', id: 'error' }, e.message));
		document.body.dataset.ready = 'error';
		return;
	}
	const total = rowsT.reduce((s, r) => s + r.eventCount, 0);
	const list = rank(rowsA, total);
	const lists = {
		module: [...new Set(list.map((b) => b.product))].sort(),
		device: DEVICE_TYPES,
	};
	const k = list.findIndex((b) => b.cum >= 0.8 - 1e-12);
	const den = viewDenominator(v, census);
	const md = den ? den.days : 0;
	const summary = el('p', { class: 'summary', id: 'summary' },
		`${fmt(total)} hits in ${list.length >= BUCKETS_MAX ? 'the top ' : ''}${fmt(list.length)} buckets, ${v.from} to ${v.to}` +
		(fx ? ` where ${fx}` : '') + '. ' +
		(k >= 0 ? `The top ${k + 1} bucket${k ? 's' : ''} (${pct((k + 1) / list.length)} of them) cause 80% of the hits.` :
			  `These buckets hold ${pct(list.length ? list[list.length - 1].cum : 0)} of the hits.`) +
		(list.length >= BUCKETS_MAX ? ` failurehits serves only the ${fmt(BUCKETS_MAX)} buckets with most hits at month level; the shares are of all hits.` : ''));
	const censusNote = el('p', { class: 'summary', id: 'census-note', 'data-machine-days': den ? den.days : '' },
		!census ? 'No census from this server: rates per 1,000 machine-days are not shown.' :
		!den ? 'The census counts machine-days per kernel release, module, market and device type separately, so a filter on two of them has no denominator: rates are not shown.' :
		`${fmt(den.days)} machine-days of ${den.what} in the census, ${v.from} to ${v.to}: ` +
		`${rate(total, den.days)} hits per 1,000 machine-days.`);
	const tbody = el('tbody');
	const table = el('table', { id: 'top-table' },
		el('caption', { class: 'visually-hidden' }, 'Top failures, ranked by hits'),
		el('thead', {}, el('tr', {},
			...[['Rank', 'num'], ['Failure', ''], ['Title', ''], ['Blamed', ''],
			    ['Hits', 'num'], ['Per 1,000 machine-days', 'num'], ['Cumulative', 'num'], ['Machines', 'num'],
			    ['First seen', ''], ['Last seen', ''], ['Kernel releases', ''],
			    ['Response', '']].map(([t, c]) => el('th', { scope: 'col', class: c || null }, t)))),
		tbody);
	const shown = list.slice(0, v.rows);
	const cells = new Map();
	for (const b of shown) {
		const c = { title: el('td', { class: 'title' }), machines: el('td', { class: 'num machines' }),
			    first: el('td', { class: 'first' }), last: el('td', { class: 'last' }),
			    rel: el('td', { class: 'releases' }), resp: el('td') };
		cells.set(b.hash, c);
		tbody.append(el('tr', { 'data-hash': b.hash, 'data-hits': b.hits, 'data-cum': b.cum },
			el('td', { class: 'num' }, b.rank),
			el('td', { class: 'name' }, el('a', { href: '/failure/' + encodeURIComponent(b.hash) }, b.name)),
			c.title, el('td', { class: 'name' }, b.symbol),
			el('td', { class: 'num' }, fmt(b.hits)),
			el('td', { class: 'num rate' }, rate(b.hits, md)),
			el('td', { class: 'num' }, pct(b.cum)),
			c.machines, c.first, c.last, c.rel, c.resp));
	}
	main().replaceChildren(el('h1', { text: 'Top failures' }), filterForm(v, lists), summary, censusNote,
		el('div', { class: 'legend', 'aria-hidden': 'true' },
		   el('span', { class: 'l-bar' }, 'hits per bucket'),
		   el('span', { class: 'l-cum' }, 'cumulative share'),
		   el('span', { class: 'l-mark' }, '80%')),
		paretoChart(list, total, md),
		el('h2', { text: `Buckets 1–${shown.length} of ${list.length}` }), table);
	document.body.dataset.ready = 'top-core';
	/* make bench reads these marks (tests/dashboard/bench.mjs) */
	performance.mark('bugcheck-top-core');
	/*
	 * Title and responses are per bucket, from its details; first and
	 * last seen, the kernel releases and the distinct machines follow
	 * the view's dates and filter, from failurehits.
	 */
	const seen = { kernel: new Set(), eventType: new Set() };
	async function facts() {
		try {
			const fb = await bucketFacts(base, shown.map((b) => b.hash), fx, Object.keys(v.f).length);
			for (const [h, f] of fb) {
				const c = cells.get(h);
				c.first.textContent = f.first || '—';
				c.last.textContent = f.last || '—';
				c.rel.textContent = releaseText([...f.releases].map(([release, hits]) => ({ release, hits })));
				c.machines.dataset.machines = f.machines === null ? 'unknown' : f.machines;
				c.machines.textContent = f.machines === null ? 'unknown' : fmt(f.machines);
				if (f.machines === null)
					c.machines.title = 'some of these days were counted before the server kept distinct machines';
				for (const r of f.releases.keys())
					seen.kernel.add(r);
			}
		} catch (e) {
			if (e.status === 401)
				return;
			for (const c of cells.values())
				c.rel.textContent = '(' + e.message + ')';
		}
	}
	let next = 0;
	async function worker() {
		while (next < shown.length) {
			const b = shown[next++];
			const c = cells.get(b.hash);
			try {
				const d = await api('/api/v1/failures/' + encodeURIComponent(b.hash));
				c.title.textContent = d.title;
				seen.eventType.add(d.eventType);
				c.resp.textContent = d.responses.length ?
					`${d.responses.length} attached` : 'none';
			} catch (e) {
				c.title.textContent = '(' + e.message + ')';
			}
		}
	}
	await Promise.all([facts(), ...Array.from({ length: DETAIL_FETCHES }, worker)]);
	/* suggestions for the filters, from the buckets shown */
	for (const key of ['kernel', 'eventType']) {
		const dl = document.getElementById(`f-${key}-list`);
		for (const o of [...seen[key]].sort())
			dl.append(el('option', { value: o }));
	}
	document.body.dataset.ready = 'top';
	performance.mark('bugcheck-top');
}

/* ---- one bucket ---- */

/*
 * Hits per day as bars and, when the census has the day's machine-days
 * (@census with perDay), hits per 1,000 machine-days of the whole fleet
 * as a line on the right-hand axis; a day without machine-days has no
 * rate and breaks the line.
 */
function dayChart(rows, first, last, census) {
	const days = [];
	for (let d = first; d <= last; d = addDays(d, 1))
		days.push(d);
	const n = new Map(days.map((d) => [d, 0]));
	for (const r of rows)
		n.set(r.date, (n.get(r.date) || 0) + r.eventCount);
	const md = new Map(((census && census.days) || []).map((x) => [x.date, x.machineDays]));
	const rateOf = (d) => md.get(d) ? n.get(d) * 1000 / md.get(d) : null;
	const W = 960, H = 200, L = 50, R = 56, T = 16, B = 40;
	const pw = W - L - R, ph = H - T - B;
	const max = Math.max(1, ...n.values());
	const rates = days.map(rateOf);
	const maxRate = Math.max(0, ...rates.filter((x) => x !== null));
	const bw = pw / days.length;
	const s = svg('svg', { class: 'chart', id: 'daily', role: 'img', viewBox: `0 0 ${W} ${H}`,
			       width: W, height: H, 'aria-labelledby': 'daily-title' },
		svg('title', { id: 'daily-title', text: `Hits per day, ${first} to ${last}` +
			(md.size ? ', and hits per 1,000 machine-days of all machines' : '') }));
	s.append(svg('line', { class: 'axis', x1: L, y1: T + ph, x2: L + pw, y2: T + ph }));
	s.append(svg('line', { class: 'axis', x1: L, y1: T, x2: L, y2: T + ph }));
	s.append(svg('text', { x: L - 6, y: T + 4, 'text-anchor': 'end', text: fmt(max) }));
	s.append(svg('text', { x: L - 6, y: T + ph + 4, 'text-anchor': 'end', text: '0' }));
	const yR = (x) => T + ph - (maxRate ? x / maxRate * ph : 0);
	if (maxRate) {
		s.append(svg('line', { class: 'axis', x1: L + pw, y1: T, x2: L + pw, y2: T + ph }));
		s.append(svg('text', { x: L + pw + 6, y: T + 4, text: maxRate.toFixed(2) }));
		s.append(svg('text', { x: L + pw + 6, y: T + ph + 4, text: '0' }));
	}
	days.forEach((d, i) => {
		const h = n.get(d) / max * ph;
		const r = svg('rect', { class: 'bar', x: L + i * bw + bw * 0.15, y: T + ph - h,
					width: bw * 0.7, height: h, 'data-day': d, 'data-hits': n.get(d),
					'data-machine-days': md.get(d) || 0,
					'data-rate': rates[i] === null ? '' : rate(n.get(d), md.get(d)) });
		r.append(svg('title', { text: `${d}: ${fmt(n.get(d))} hits` +
			(rates[i] === null ? (census ? ', no machine-days in the census' : '') :
			 `, ${rate(n.get(d), md.get(d))} per 1,000 machine-days (${fmt(md.get(d))} machine-days)`) }));
		s.append(r);
		if (i % 5 === 0 || i === days.length - 1)
			s.append(svg('text', { x: L + i * bw + bw / 2, y: H - 20, 'text-anchor': 'middle',
					       text: d.slice(5) }));
	});
	/* the rate line, one polyline per run of days with machine-days */
	let run = [];
	const flush = () => {
		if (run.length > 1)
			s.append(svg('polyline', { class: 'cum rate-line', points: run.join(' ') }));
		else if (run.length)
			s.append(svg('circle', { class: 'dot rate-line', cx: run[0].split(',')[0],
						 cy: run[0].split(',')[1], r: 2 }));
		run = [];
	};
	rates.forEach((x, i) => {
		if (x === null)
			flush();
		else
			run.push(`${L + i * bw + bw / 2},${yR(x)}`);
	});
	flush();
	return s;
}

/* The chart's numbers as a table: the days with hits, and their rates. */
function dayTable(rows, census) {
	const n = new Map();
	for (const r of rows)
		n.set(r.date, (n.get(r.date) || 0) + r.eventCount);
	const md = new Map(((census && census.days) || []).map((x) => [x.date, x.machineDays]));
	const days = [...n.keys()].filter((d) => n.get(d)).sort();
	return table('daily-table', 'Hits per day, with machine-days and rates',
		[['Day', ''], ['Hits', 'num'], ['Machine-days (all machines)', 'num'], ['Per 1,000 machine-days', 'num']],
		days.map((d) => [d, fmt(n.get(d)), census ? fmt(md.get(d) || 0) : '—', rate(n.get(d), md.get(d) || 0)]));
}

function table(id, caption, heads, rows) {
	return el('table', { id },
		el('caption', { class: 'visually-hidden' }, caption),
		el('thead', {}, el('tr', {}, ...heads.map(([t, c]) => el('th', { scope: 'col', class: c || null }, t)))),
		el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((x, i) =>
			el('td', { class: heads[i][1] || null }, x))))));
}

function safeLink(url) {
	/* the server only stores http(s) links; anything else stays text */
	return /^https?:\/\//i.test(url) ? el('a', { href: url, rel: 'noopener noreferrer' }, url) : url;
}

function responsesTable(d, ed) {
	if (!d.responses.length)
		return el('p', { id: 'responses', class: 'muted' }, 'No response attached.');
	const heads = [['Id', 'num'], ['Message', ''], ['Link', ''], ['Module version', ''],
		       ['Kernel release', ''], ['Change', '']];
	return el('table', { id: 'responses' },
		el('caption', { class: 'visually-hidden' }, 'Responses'),
		el('thead', {}, el('tr', {}, ...heads.map(([t, c]) => el('th', { scope: 'col', class: c || null }, t)))),
		el('tbody', {}, ...d.responses.map((r) => el('tr', { 'data-id': r.id },
			el('td', { class: 'num' }, String(r.id)), el('td', {}, r.message), el('td', {}, safeLink(r.link)),
			el('td', {}, `${r.moduleVersionMin || '…'} – ${r.moduleVersionMax || '…'}`),
			el('td', {}, `${r.kernelMin || '…'} – ${r.kernelMax || '…'}`),
			el('td', { class: 'actions' },
				el('button', { type: 'button', class: 'edit', 'aria-label': `Edit response ${r.id}`,
					       onclick: () => ed.edit(r) }, 'Edit'),
				withdrawButton(r, ed))))));
}

/* Withdrawing asks twice: the first press arms the button. */
function withdrawButton(r, ed) {
	const b = el('button', { type: 'button', class: 'withdraw', 'aria-label': `Withdraw response ${r.id}` }, 'Withdraw');
	b.addEventListener('click', async () => {
		if (b.dataset.armed !== '1') {
			b.dataset.armed = '1';
			b.textContent = 'Really withdraw?';
			return;
		}
		await ed.withdraw(r);
	});
	return b;
}

/*
 * The response editor: attaches a new response, or, after "Edit" in the
 * table, saves the changes to that one.  Returns the form and the
 * table's handlers.
 */
function responseEditor(d, onDone) {
	const f = (name, label, attrs) => el('label', { for: 'r-' + name, class: attrs && attrs.wide ? 'wide' : null }, label,
		el('input', { id: 'r-' + name, name, ...(attrs || {}), wide: null }));
	const msg = el('p', { id: 'response-status', role: 'status', class: 'wide' });
	const submit = el('button', { type: 'submit' }, 'Attach response');
	const cancel = el('button', { type: 'button', id: 'response-cancel', hidden: true }, 'Cancel edit');
	let editing = null;
	const form = el('form', { class: 'editor', id: 'response-form', 'aria-label': 'Attach or edit a response' },
		f('message', 'Message (what the user should do)', { required: true, maxlength: 1024, wide: true }),
		f('link', 'Link (http or https)', { type: 'url', required: true, maxlength: 512, wide: true }),
		f('module_version_min', 'Module version from (inclusive)', { maxlength: 64 }),
		f('module_version_max', 'Module version to (inclusive)', { maxlength: 64 }),
		f('kernel_min', 'Kernel release from (inclusive)', { maxlength: 64 }),
		f('kernel_max', 'Kernel release to (inclusive)', { maxlength: 64 }),
		el('div', { class: 'wide' }, submit, ' ', cancel), msg);
	const stopEditing = () => {
		editing = null;
		form.reset();
		submit.textContent = 'Attach response';
		cancel.hidden = true;
	};
	cancel.addEventListener('click', stopEditing);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = { failure_hash: d.failureHash };
		for (const [k, val] of new FormData(form)) {
			const s = String(val).trim();
			if (s)
				body[k] = s;
		}
		msg.className = 'wide';
		msg.textContent = 'Sending…';
		try {
			if (editing) {
				await api('/api/v1/responses/' + editing, { method: 'POST', body });
				msg.textContent = `Response ${editing} saved.`;
			} else {
				const r = await api('/api/v1/responses', { method: 'POST', body });
				msg.textContent = `Response ${r.id} attached.`;
			}
			msg.className = 'wide ok';
			stopEditing();
			onDone();
		} catch (e) {
			msg.className = 'wide error';
			msg.textContent = (editing ? 'Not saved: ' : 'Not attached: ') + e.message;
		}
	});
	const handlers = {
		edit(r) {
			editing = r.id;
			for (const [k, v] of [['message', r.message], ['link', r.link],
					      ['module_version_min', r.moduleVersionMin], ['module_version_max', r.moduleVersionMax],
					      ['kernel_min', r.kernelMin], ['kernel_max', r.kernelMax]])
				form.elements[k].value = v || '';
			submit.textContent = `Save response ${r.id}`;
			cancel.hidden = false;
			msg.className = 'wide';
			msg.textContent = `Editing response ${r.id}: narrow its ranges or change its text, then save.`;
			form.elements.message.focus();
		},
		async withdraw(r) {
			try {
				await api(`/api/v1/responses/${r.id}/withdraw`, { method: 'POST' });
				msg.className = 'wide ok';
				msg.textContent = `Response ${r.id} withdrawn.`;
				if (editing === r.id)
					stopEditing();
				onDone();
			} catch (e) {
				msg.className = 'wide error';
				msg.textContent = 'Not withdrawn: ' + e.message;
			}
		},
	};
	return { form, handlers };
}

/* Kernel releases of a bucket: all-time hits, window hits, census, rate. */
function releaseRows(d, byKernel, census) {
	const win = new Map();
	for (const r of byKernel)
		win.set(r.osBuild, (win.get(r.osBuild) || 0) + r.eventCount);
	/* the details' order; a release seen in the window is in them too */
	return d.kernelReleases.map((r) => [r.release, r.hits]).map(([rel, all]) => {
		const h = win.get(rel) || 0, md = censusDays(census, 'kernel', rel);
		return [rel, fmt(all), fmt(h), census ? fmt(md) : '—', rate(h, md)];
	});
}

function moduleRows(d, byVersion, census) {
	return d.modules.map((m) => {
		const h = byVersion.filter((r) => r.productName === m.name &&
			r.applicationVersion === m.version).reduce((n, r) => n + r.eventCount, 0);
		const md = censusDays(census, 'module', m.name, m.version);
		return [m.name, m.file, m.version, m.srcversion, fmt(m.hits), fmt(h),
			census ? fmt(md) : '—', rate(h, md)];
	});
}

async function bucketPage(hash) {
	document.title = 'Failure · bugcheck';
	main().replaceChildren(el('p', { class: 'muted', role: 'status' }, 'Loading…'));
	if (!/^[0-9a-fA-F-]{8,64}$/.test(hash)) {
		main().replaceChildren(el('h1', { text: 'No such failure' }));
		document.body.dataset.ready = 'notfound';
		return;
	}
	const path = '/api/v1/failures/' + encodeURIComponent(hash);
	const first = addDays(session.today, 1 - session.windowDays);
	let d, st, daily, byKernel, byVersion, census;
	const win = { startDate: mdy(first), endDate: mdy(session.today),
		      filter: 'failureHash eq ' + quote(hash.toLowerCase()) };
	try {
		[d, st, daily, byKernel, byVersion, census] = await Promise.all([api(path), api(path + '/stacktrace'),
			hitsAll({ ...win, groupby: 'failureHash' }),
			hitsAll({ ...win, groupby: 'osBuild', aggregationLevel: 'month' }),
			hitsAll({ ...win, groupby: 'productName,applicationVersion', aggregationLevel: 'month' }),
			censusFor(win.startDate, win.endDate, true)]);
	} catch (e) {
		if (e.status === 401)
			return;
		main().replaceChildren(el('h1', { text: e.status === 404 ? 'No such failure' : 'Error' }),
			el('p', { class: 'error', role: 'alert', id: 'error' },
			   e.status === 404 ? `There is no failure ${hash} that you may see.` : e.message),
			el('p', {}, el('a', { href: '/' }, 'Back to the top failures')));
		document.body.dataset.ready = 'notfound';
		return;
	}
	document.title = d.failureName + ' · bugcheck';
	const facts = el('dl', { class: 'facts', id: 'facts' });
	for (const [k, val] of [['Failure hash', d.failureHash],
				['Hash spec version', d.hashVersion === null || d.hashVersion === undefined ? '—' : String(d.hashVersion)],
				['Bucket id', String(d.bucketId)],
				['Title', d.title], ['Class and code', `${d.class} (0x${Number(d.code).toString(16).padStart(2, '0')})`],
				['Blamed', d.symbol], ['Module', d.productName], ['Event type', d.eventType],
				['Claimed by plug-in', d.claimPlugin || '—'], ['Hits (all time)', fmt(d.hits)],
				['Machines (all time)', fmt(d.machines)], ['First seen', d.firstSeen], ['Last seen', d.lastSeen]])
		facts.append(el('dt', {}, k), el('dd', {}, val));
	const frames = el('ol', { class: 'stack', id: 'stack' },
		...st.frames.map((f) => el('li', {}, `${f.module}!${f.function}+0x${Number(f.offset).toString(16)}`)));
	const respBox = el('div', { id: 'responses-box' });
	const refresh = async () => {
		try {
			const nd = await api(path);
			respBox.replaceChildren(responsesTable(nd, editor.handlers));
		} catch (e) {
			/* the status line already says what happened */
		}
	};
	const editor = responseEditor(d, refresh);
	respBox.append(responsesTable(d, editor.handlers));
	const samples = el('ul', { id: 'samples' }, ...d.samples.map((s) =>
		el('li', {}, el('a', { href: s.link, download: s.id + '.json' }, s.id),
		   ` (${s.kind}; crashed ${s.crashTime}, received ${s.receivedAt})`)));
	main().replaceChildren(
		el('p', {}, el('a', { href: '/' }, '← Top failures')),
		el('h1', { id: 'failure-name' }, d.failureName), facts,
		el('h2', { text: `Hits per day (last ${session.windowDays} days)` }),
		el('div', { class: 'legend', 'aria-hidden': 'true' },
		   el('span', { class: 'l-bar' }, 'hits per day'),
		   census ? el('span', { class: 'l-cum' }, 'per 1,000 machine-days (all machines, right axis)') : null),
		dayChart(daily, first, session.today, census),
		el('details', { id: 'daily-details' }, el('summary', {}, 'Hits and rates per day'), dayTable(daily, census)),
		el('div', { class: 'cols' },
			el('section', { 'aria-labelledby': 'h-stack' },
				el('h2', { id: 'h-stack' }, 'Representative stack'), frames),
			el('section', { 'aria-labelledby': 'h-rel' },
				el('h2', { id: 'h-rel' }, 'Kernel releases'),
				table('releases', 'Hits per kernel release, with rates', [['Kernel release', ''], ['Hits (all time)', 'num'],
					[`Hits (${session.windowDays} days)`, 'num'], [`Machine-days (${session.windowDays} days)`, 'num'],
					['Per 1,000 machine-days', 'num']],
				      releaseRows(d, byKernel, census)),
				el('h2', {}, 'Modules and versions'),
				table('modules', 'Hits per module version, with rates', [['Module', ''], ['File', ''], ['Version', ''], ['srcversion', ''],
					['Hits (all time)', 'num'], [`Hits (${session.windowDays} days)`, 'num'],
					[`Machine-days (${session.windowDays} days)`, 'num'], ['Per 1,000 machine-days', 'num']],
				      moduleRows(d, byVersion, census)))),
		el('p', { class: 'muted', id: 'rate-note' }, census ?
			`Rates divide the hits of the last ${session.windowDays} days (by crash day) by the machine-days the census counted in those days (by day received) for the same kernel release or module version; the per-day chart divides each day's hits by that day's machine-days of all machines.` :
			'No census from this server: rates per 1,000 machine-days are not shown.'),
		el('h2', {}, 'Samples'), samples,
		el('h2', {}, 'Vendor responses'), respBox,
		el('h2', {}, 'Attach or edit a response'), editor.form,
		el('p', { class: 'muted' }, 'A response applies to reports that match its ranges; the newest match wins. An edit or a withdrawal reaches machines that sent such reports on their next response poll.'));
	document.body.dataset.ready = 'failure';
}

/* ---- regressions ---- */

function pValue(p) {
	return p < 0.0001 ? p.toExponential(1) : p.toFixed(4);
}

async function regressionsPage() {
	document.title = 'Regressions · bugcheck';
	main().replaceChildren(el('h1', { text: 'Regressions' }),
		el('p', { class: 'muted', role: 'status' }, 'Loading…'));
	let r;
	try {
		r = await api('/api/v1/regressions');
	} catch (e) {
		if (e.status === 401)
			return;
		main().replaceChildren(el('h1', { text: 'Regressions' }),
			el('p', { class: 'error', role: 'alert', id: 'error' }, e.message));
		document.body.dataset.ready = 'error';
		return;
	}
	const test = el('p', { id: 'regress-test' },
		`From ${r.startDate} to ${r.endDate}, a bucket is flagged on a kernel release or module version when it is ` +
		'new there (hits on it and none on any earlier release or version), or when its hits per machine-day rose ' +
		'against the previous release (the greatest earlier one the census has machine-days for) by more than ' +
		'chance explains: given the bucket\'s hits on the two, the share on the newer one is tested against its ' +
		`share of their machine-days with a one-sided exact binomial test, flagged when p < ${r.threshold}. ` +
		'Ranked by the machine-days of the release; hits are by crash day, machine-days by census day.');
	const rows = r.Value.map((f) => {
		const tr = el('tr', { 'data-hash': f.failureHash, 'data-dimension': f.dimension,
				      'data-release': f.release, 'data-reason': f.reason },
			el('td', { class: 'name' }, el('a', { href: '/failure/' + encodeURIComponent(f.failureHash) }, f.failureName)),
			el('td', {}, f.dimension === 'module' ? `module ${f.module}` : 'kernel'),
			el('td', {}, f.release), el('td', {}, f.previous),
			el('td', {}, f.reason === 'new' ? 'new' : 'rate rose'),
			el('td', { class: 'num' }, fmt(f.hits)), el('td', { class: 'num' }, fmt(f.machineDays)),
			el('td', { class: 'num' }, rate(f.hits, f.machineDays)),
			el('td', { class: 'num' }, fmt(f.previousHits)), el('td', { class: 'num' }, fmt(f.previousMachineDays)),
			el('td', { class: 'num' }, rate(f.previousHits, f.previousMachineDays)),
			el('td', { class: 'num' }, pValue(f.pValue)));
		return tr;
	});
	main().replaceChildren(el('h1', { text: 'Regressions' }), test,
		rows.length ? el('table', { id: 'regress-table' },
			el('caption', { class: 'visually-hidden' }, 'Regressions, most machine-days first'),
			el('thead', {}, el('tr', {}, ...[['Failure', ''], ['Where', ''], ['Release or version', ''],
				['Previous', ''], ['Why', ''], ['Hits', 'num'], ['Machine-days', 'num'],
				['Per 1,000 machine-days', 'num'], ['Hits before', 'num'], ['Machine-days before', 'num'],
				['Per 1,000 before', 'num'], ['p-value', 'num']].map(([t, c]) =>
				el('th', { scope: 'col', class: c || null }, t)))),
			el('tbody', {}, ...rows)) :
			el('p', { id: 'regress-none' }, 'No regression in the window.'));
	document.body.dataset.ready = 'regressions';
	performance.mark('bugcheck-regressions');
}

/* ---- start ---- */

async function boot() {
	try {
		const s = await api('/api/v1/session');
		session = s && s.role ? s : null;
	} catch (e) {
		session = null;
		loginPage(e.message);
		return;
	}
	if (!session) {
		loginPage('');
		return;
	}
	renderWho();
	const m = location.pathname.match(/^\/failure\/([^/]+)$/);
	if (m)
		await bucketPage(decodeURIComponent(m[1]));
	else if (location.pathname === '/regressions')
		await regressionsPage();
	else
		await topPage();
}

boot();
