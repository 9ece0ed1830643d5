-- SPDX-License-Identifier: GPL-2.0
-- wrk script for tests/bench-server.sh: every request posts BENCH_BATCH
-- reports (default 1; more than 1 uses the {"reports":[...]} form), each
-- with a unique report id (run, thread number and counter), spread over 500
-- buckets and 30 days, so every report is a real first-time ingest.
-- The failure hashes are real (the server recomputes them): BENCH_HASHES
-- names a Lua file, written by tests/bench-server.sh, that sets
-- hashes[b] for the title "BUG: synthetic failure <b>" of bucket b.
-- BENCH_SAME=1: the reports of one request share its first report's bucket
-- and day (what the per-call rollup aggregation saves, issue 15).
local threads = {}
local counter = 0


function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

function init(args)
	token = os.getenv("BENCH_TOKEN")
	batch = tonumber(os.getenv("BENCH_BATCH") or "1")
	run = tonumber(os.getenv("BENCH_RUN") or "0")
	same = os.getenv("BENCH_SAME") == "1"
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/json"
	wrk.headers["Authorization"] = "Bearer " .. token
	dofile(os.getenv("BENCH_HASHES"))
end

local template = '{"report_id":"%04x%04x%024x","machine_id":"%032x",' ..
	'"crash_time":"2026-11-%02dT10:00:00Z","source":"bugcheck",' ..
	'"event_type":"oops","kernel_release":"6.1.0-56-amd64",' ..
	'"os_release":"Debian GNU/Linux 12 (bookworm)","device_type":"vm",' ..
	'"market":"bench","classification":{"class":"NULL_POINTER_DEREFERENCE",' ..
	'"code":4,"title":"BUG: synthetic failure %d",' ..
	'"image":"e1000e","function":"fn_%d","failure_name":' ..
	'"NULL_POINTER_DEREFERENCE_0x04_e1000e!fn_%d","failure_hash":' ..
	'"%s","corrupted":false,"panicked":true},' ..
	'"module":{"name":"e1000e","file":"e1000e.ko","version":"3.2.6-k"},' ..
	'"taint":"G           O","stack":[{"module":"e1000e","function":' ..
	'"fn_%d","offset":291},{"function":"net_rx_action","offset":17}],' ..
	'"log":"[   12.3] BUG: unable to handle kernel NULL pointer dereference\\n"}'

local function one(first)
	counter = counter + 1
	local c = same and first or counter
	local b = (c * 7919) % 500
	return string.format(template, run, tid, counter, counter % 5000,
		c % 30 + 1, b, b, b, hashes[b], b)
end

function request()
	-- tid is a global set per thread by setup(); ids never collide.
	tid = tid or 0
	local body
	if batch <= 1 then
		body = one()
	else
		local parts = {}
		local first = counter + 1
		for i = 1, batch do
			parts[i] = one(first)
		end
		body = '{"reports":[' .. table.concat(parts, ",") .. ']}'
	end
	return wrk.format(nil, "/api/v1/reports", nil, body)
end
