#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""End-to-end tests of bugcheck-server over HTTP (python3 stdlib only).

Starts the server on 127.0.0.1 with port 0 (it logs the port it bound)
and a temporary database, mints tokens with the CLI, and checks the API.
Prints "ok - name" / "not ok - name" per case, details before a failure.
Expected aggregates are computed here, independently of the server, from
the same generated reports.
"""
import collections
import datetime
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

SERVER = sys.argv[1] if len(sys.argv) > 1 else "build/bugcheck-server"
TMP = tempfile.mkdtemp(prefix="bcsrv.")
# BUGCHECK_PG_DIR: a cluster from tests/pg-cluster.sh; every database of
# the run is then a fresh PostgreSQL database in it instead of a file.
PG_DIR = os.environ.get("BUGCHECK_PG_DIR")


def new_db(name):
    """--db for a new, empty database called @name."""
    if not PG_DIR:
        return os.path.join(TMP, name + ".sqlite")
    db = "%s_%d" % (name, os.getpid())
    return subprocess.run(
        ["bash", os.path.join(os.path.dirname(__file__), "pg-cluster.sh"),
         "uri", PG_DIR, db], capture_output=True, text=True,
        check=True).stdout.strip()


def sql(db, query):
    """Rows of @query on --db @db, one per line (sqlite3 or psql)."""
    if not PG_DIR:
        cmd = ["sqlite3", db, query]
    else:
        cmd = ["psql", "-tA", "-d", db, "-c", query]
    return subprocess.run(cmd, capture_output=True, text=True).stdout


def period_drift(db):
    """Rows where migration 10's rollups (weekly_bucket, monthly_bucket,
    monthly_bdim, daily_bucket_days) disagree with the daily tables they
    are kept from by triggers; 0 when every one is in step."""
    pairs = [
        ("SELECT week, bucket_id, sum(hits) FROM daily_bucket GROUP BY 1, 2",
         "SELECT week, bucket_id, hits FROM weekly_bucket WHERE hits <> 0"),
        ("SELECT month, bucket_id, sum(hits) FROM daily_bucket"
         " GROUP BY 1, 2",
         "SELECT month, bucket_id, hits FROM monthly_bucket WHERE hits <> 0"),
        ("SELECT kind, month, bucket_id, value, sum(hits) FROM daily_bdim"
         " GROUP BY 1, 2, 3, 4",
         "SELECT kind, month, bucket_id, value, hits FROM monthly_bdim"
         " WHERE hits <> 0"),
        ("SELECT day, count(*) FROM daily_bucket GROUP BY 1",
         "SELECT day, buckets FROM daily_bucket_days WHERE buckets <> 0"),
    ]
    q = " + ".join("(SELECT count(*) FROM (%s EXCEPT %s) x%d)"
                   " + (SELECT count(*) FROM (%s EXCEPT %s) y%d)"
                   % (a, b, i, b, a, i) for i, (a, b) in enumerate(pairs))
    out = sql(db, "SELECT " + q).strip()
    return int(out) if out.isdigit() else out


def db_size(db):
    """Bytes the database takes (SQLite: file and WAL)."""
    if PG_DIR:
        return int(sql(db, "select pg_database_size(current_database())"))
    return os.path.getsize(db) + os.path.getsize(db + "-wal")


DB = new_db("db")
FAILS = 0
PROCS = []


def result(name, ok, detail=""):
    global FAILS
    if not ok:
        FAILS += 1
        for line in str(detail).splitlines()[:20]:
            print("#", line)
        print("not ok -", name)
    else:
        print("ok -", name)
    sys.stdout.flush()


def cli(*args, env=None):
    p = subprocess.run([SERVER, *args], capture_output=True, text=True,
                       env=env, timeout=60)
    return p.returncode, p.stdout, p.stderr


def token(role, *mods):
    args = ["token", "create", "--role", role, "--db", DB]
    for m in mods:
        args += ["--module", m]
    rc, out, err = cli(*args)
    assert rc == 0, err
    return out.strip()


def start(*extra, env=None, db=DB):
    log = open(os.path.join(TMP, "server-%d.log" % len(PROCS)), "w+")
    p = subprocess.Popen([SERVER, "--db", db, "--listen", "127.0.0.1:0",
                          *extra], stderr=log, env=env)
    PROCS.append(p)
    for _ in range(200):
        log.seek(0)
        m = re.search(r"listening on port (\d+)", log.read())
        if m:
            return p, int(m.group(1))
        if p.poll() is not None:
            break
        time.sleep(0.025)
    log.seek(0)
    raise RuntimeError("server did not start: " + log.read())


class Client:
    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port

    def req(self, method, path, tok=None, body=None, ctype="application/json",
            raw=None, headers=None):
        data = raw if raw is not None else (
            json.dumps(body).encode() if body is not None else None)
        r = urllib.request.Request(self.base + path, data=data, method=method)
        if tok:
            r.add_header("Authorization", "Bearer " + tok)
        if data is not None and ctype:
            r.add_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            r.add_header(k, v)
        try:
            with urllib.request.urlopen(r, timeout=30) as resp:
                payload = resp.read()
                return resp.status, dict(resp.headers), payload
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def json(self, method, path, tok=None, body=None, **kw):
        st, hd, payload = self.req(method, path, tok, body, **kw)
        try:
            return st, json.loads(payload) if payload else None
        except ValueError:
            return st, {"_raw": payload[:200]}

    def hits(self, tok, **params):
        q = urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
        return self.json("GET", "/api/v1/failurehits?" + q, tok)


def rid(*parts):
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def mid(n):
    return hashlib.sha256(b"machine%d" % n).hexdigest()[:32]


def failure_hash(code, image, title, version=1):
    """The published hash (docs/classifier.md), written here from the spec."""
    d = hashlib.sha256(("bugcheck-v%d|%02x|%s|%s" % (version, code, image,
                                                    title))
                       .encode()).hexdigest()[:32]
    return "-".join((d[:8], d[8:12], d[12:16], d[16:20], d[20:]))


def title_of(cls, fn):
    return "BUG: %s in %s" % (cls, fn)


BUCKETS = {k: v + (failure_hash(v[3], v[0], title_of(v[2], v[1])),)
           for k, v in {
    "e1000e": ("e1000e", "e1000_clean_rx_irq", "NULL_POINTER_DEREFERENCE", 4),
    "nvidia": ("nvidia", "nv_dma_map", "GENERAL_PROTECTION_FAULT", 6),
    "vmlinux": ("vmlinux", "list_del", "LIST_CORRUPTION", 0x17),
}.items()}


def report(key, day, n, machine=0, market="lab-eu", device="vm",
           kernel="6.1.0-56-amd64", modver="3.2.6-k", event="oops",
           claim=None, hour=10):
    img, fn, cls, code, fh = BUCKETS[key]
    r = {
        "report_id": rid(key, day, n, market, device, kernel, modver),
        "machine_id": mid(machine),
        "crash_time": "%sT%02d:00:00Z" % (day, hour),
        "source": "bugcheck",
        "event_type": event,
        "kernel_release": kernel,
        "os_release": "Debian GNU/Linux 12 (bookworm)",
        "device_type": device,
        "market": market,
        "classification": {
            "class": cls, "code": code, "title": title_of(cls, fn),
            "image": "" if img == "vmlinux" else img, "function": fn,
            "failure_name": "%s_0x%02x_%s!%s" % (cls, code, img, fn),
            "failure_hash": fh, "corrupted": False, "panicked": True},
        "taint": "G           O",
        "stack": [{"module": img, "function": fn, "offset": 291},
                  {"function": "net_rx_action", "offset": 17}],
        "log": "[   12.3] BUG: something\n[   12.4] Call Trace:\n",
    }
    if img != "vmlinux":
        r["module"] = {"name": img, "file": img + ".ko", "version": modver,
                       "srcversion": "ABCDEF0123456789"}
    if claim:
        r["claim"] = claim
    return r


def period_start(d, agg):
    if agg == "week":
        return d - datetime.timedelta(days=d.weekday())
    if agg == "month":
        return d.replace(day=1)
    return d


def expected(reports, group, agg="day", start=None, end=None, pred=None):
    """Independent model of failurehits over the reports we sent."""
    c = collections.Counter()
    for r in reports:
        d = datetime.date.fromisoformat(r["crash_time"][:10])
        if start and d < start or end and d > end:
            continue
        row = fields_of(r)
        if pred and not pred(row):
            continue
        key = (period_start(d, agg).isoformat(),) + tuple(row[g] for g in group)
        c[key] += 1
    return c


def fields_of(r):
    c = r["classification"]
    img = c["image"] or "vmlinux"
    mod = r.get("module")
    return {
        "productName": img,
        "fileName": mod["file"] if mod else ("vmlinux" if img == "vmlinux"
                                             else img + ".ko"),
        "applicationVersion": (mod["version"] if mod else r["kernel_release"]),
        "failureName": c["failure_name"], "failureHash": c["failure_hash"],
        "symbol": img + "!" + c["function"],
        "osVersion": ".".join(r["kernel_release"].split(".")[:2]),
        "osBuild": r["kernel_release"], "osRelease": r.get("os_release", ""),
        "eventType": r["event_type"], "market": r.get("market", ""),
        "deviceType": r["device_type"],
    }


def rows_to_counter(rows, group):
    c = collections.Counter()
    for row in rows:
        c[(row["date"],) + tuple(row[g] for g in group)] += row["eventCount"]
    return c


def main():
    t0 = time.time()
    rc, out, _ = cli("--help")
    result("cli --help exits 0 and documents token, TLS and quota",
           rc == 0 and "token create" in out and "--tls-cert" in out
           and "--quota" in out and "load-synthetic" not in out
           and "Exit status" in out, out[-300:])
    rc, out, _ = cli("--version")
    result("cli --version names the version and hash versions",
           rc == 0 and re.match(r"bugcheck-server \S+ \(failure hash "
                                r"versions 1\.\.[1-9]\d*\)", out), out)
    rc, out, _ = cli("token", "--help")
    result("token --help exits 0 and lists the verbs",
           rc == 0 and "token create" in out and "revoke" in out, out)
    rc, _, err = cli("--db", os.path.join(TMP, "nodir", "x.db"))
    result("a missing database directory is named as such",
           rc == 1 and "does not exist" in err and "Permission" not in err,
           err)
    rc, _, err = cli("--bogus")
    result("cli unknown option exits 2", rc == 2, err)
    rc, _, err = cli("--db", DB, "--listen", "nonsense")
    result("cli bad --listen exits 2 naming the value",
           rc == 2 and "nonsense" in err, err)
    rc, _, err = cli("token", "create", "--role", "king", "--db", DB)
    result("token create with unknown role exits 2", rc == 2 and "king" in err,
           err)
    rc, _, err = cli("token", "create", "--role", "vendor", "--db", DB)
    result("vendor token without --module is refused", rc == 2, err)
    rc, _, err = cli("token", "revoke", "999", "--db", DB)
    result("token revoke of unknown id exits 1", rc == 1, err)

    agent = token("agent")
    agent2 = token("agent")
    admin = token("admin")
    v_e1000e = token("vendor", "e1000e")
    v_nvidia = token("vendor", "nvidia")
    doomed = token("agent")
    rc, out, _ = cli("token", "list", "--db", DB)
    result("token list shows roles and modules but never secrets",
           rc == 0 and "vendor" in out and "e1000e" in out
           and agent not in out and agent[4:] not in out, out)
    stored = sql(DB, "select hash from tokens")
    result("tokens are stored as SHA-256 only",
           hashlib.sha256(agent.encode()).hexdigest() in stored.split()
           and agent not in stored, stored)

    # Ready notification through a NOTIFY_SOCKET datagram socket.
    nsock_path = os.path.join(TMP, "notify.sock")
    nsock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    nsock.bind(nsock_path)
    nsock.settimeout(10)
    env = dict(os.environ, NOTIFY_SOCKET=nsock_path)
    # The data set lies in early 2026: widen the failurehits window.
    proc, port = start("--rate", "1000", "--burst", "1000",
                       "--max-body", "262144", "--window-days", "36500",
                       env=env)
    try:
        msg = nsock.recv(256).decode()
    except socket.timeout:
        msg = ""
    result("sd_notify READY=1 sent after listening", "READY=1" in msg, msg)
    api = Client(port)

    # ---- access ----------------------------------------------------
    st, body = api.json("GET", "/api/v1/failurehits")
    result("no token -> 401 with JSON error",
           st == 401 and body["error"]["code"] == "Unauthorized", body)
    st, body = api.json("GET", "/api/v1/failurehits", "bct_" + "0" * 64)
    result("unknown token -> 401", st == 401, body)
    st, body = api.json("GET", "/api/v1/failurehits", "garbage")
    result("malformed token -> 401", st == 401, body)
    st, body = api.json("GET", "/api/v1/failurehits", agent)
    result("agent token may not query failurehits (403)", st == 403, body)
    st, body = api.json("POST", "/api/v1/reports", v_e1000e,
                        report("e1000e", "2026-01-05", 0))
    result("vendor token may not ingest (403)", st == 403, body)
    st, body = api.json("POST", "/api/v1/responses/query", v_e1000e,
                        {"report_ids": ["0" * 32]})
    result("vendor token may not poll agent responses (403)", st == 403, body)
    st, body = api.json("GET", "/api/v1/nope", admin)
    result("unknown path -> 404", st == 404, body)
    st, body = api.json("DELETE", "/api/v1/reports", agent)
    result("wrong method -> 405", st == 405, body)
    st, body = api.json("GET", "/healthz")
    result("health check needs no token", st == 200, body)
    rc, out, err = cli("token", "list", "--db", DB)
    doomed_id = [l.split("\t")[0] for l in out.splitlines()][-1]
    rc, _, err = cli("token", "revoke", doomed_id, "--db", DB)
    st, body = api.json("POST", "/api/v1/reports", doomed,
                        report("e1000e", "2026-01-05", 0))
    result("revoked token is refused at once (401)", rc == 0 and st == 401,
           (rc, err, st, body))

    # ---- ingest & idempotency ----------------------------------------
    first = report("e1000e", "2026-01-05", 0, machine=1)
    st, body = api.json("POST", "/api/v1/reports", agent, first)
    r0 = body["results"][0] if st == 200 else {}
    result("ingest one report -> hits 1, not duplicate",
           st == 200 and r0.get("hits") == 1 and r0.get("duplicate") is False
           and r0.get("failure_hash") == BUCKETS["e1000e"][4]
           and r0.get("response") is None, body)
    st, body = api.json("POST", "/api/v1/reports", agent, first)
    r1 = body["results"][0] if st == 200 else {}
    result("repeat of a report is a duplicate with the same answer",
           st == 200 and r1.get("duplicate") is True and r1.get("hits") == 1
           and r1.get("bucket_id") == r0.get("bucket_id"), body)
    sent = [first]

    # A deterministic data set over Jan-Mar 2026 for aggregation checks.
    plan = []
    days = ["2026-01-05", "2026-01-06", "2026-01-11", "2026-01-12",
            "2026-01-31", "2026-02-01", "2026-02-15", "2026-03-02"]
    markets = ["lab-eu", "prod-us", "prod-eu"]
    devices = ["server", "vm", "laptop"]
    n = 0
    for di, day in enumerate(days):
        for key in ("e1000e", "nvidia", "vmlinux"):
            for k in range((di + len(key)) % 4 + 1):
                n += 1
                plan.append(report(key, day, n, machine=n % 7,
                                   market=markets[n % 3],
                                   device=devices[(n // 3) % 3],
                                   kernel=("6.1.0-56-amd64" if n % 5
                                           else "6.12.9-amd64"),
                                   modver="3.2.%d" % (n % 2),
                                   event="oops" if n % 4 else "panic"))
    batch_ok = True
    for i in range(0, len(plan), 10):
        chunk = plan[i:i + 10]
        st, body = api.json("POST", "/api/v1/reports", agent,
                            {"reports": chunk})
        if st != 200 or len(body["results"]) != len(chunk) or any(
                r["duplicate"] for r in body["results"]):
            batch_ok = False
            print("#", st, body)
            break
    sent += plan
    result("batch ingest of %d reports" % len(plan), batch_ok)

    dup_batch = [plan[0], report("vmlinux", "2026-03-02", 9999),
                 report("vmlinux", "2026-03-02", 9999)]
    st, body = api.json("POST", "/api/v1/reports", agent,
                        {"reports": dup_batch})
    flags = [r["duplicate"] for r in body["results"]] if st == 200 else None
    result("batch: known id and an id repeated inside the batch are "
           "duplicates", flags == [True, False, True], body)
    sent.append(dup_batch[1])

    st, body = api.json("GET", "/api/v1/failures/" + BUCKETS["e1000e"][4],
                        admin)
    exp_hits = sum(1 for r in sent
                   if r["classification"]["failure_hash"] ==
                   BUCKETS["e1000e"][4])
    exp_machines = len({r["machine_id"] for r in sent
                        if r["classification"]["failure_hash"] ==
                        BUCKETS["e1000e"][4]})
    result("details: hits count each report once, machines are distinct",
           st == 200 and body["hits"] == exp_hits
           and body["machines"] == exp_machines,
           (st, body and body.get("hits"), exp_hits,
            body and body.get("machines"), exp_machines))
    kr = {k["release"] for k in body.get("kernelReleases", [])}
    mv = {m["version"] for m in body.get("modules", [])}
    result("details: kernel releases and module versions seen",
           kr == {"6.1.0-56-amd64", "6.12.9-amd64"} and mv == {"3.2.6-k",
                                                              "3.2.0",
                                                              "3.2.1"},
           (kr, mv))
    samples = body.get("samples", [])
    kinds = collections.Counter(s["kind"] for s in samples)
    result("details: first 5 samples plus the latest",
           kinds["first"] == 5 and kinds["latest"] == 1, samples)
    result("details: first/last seen by crash time",
           body["firstSeen"] == "2026-01-05T10:00:00Z"
           and body["lastSeen"] == "2026-03-02T10:00:00Z", body)
    st, hd, raw = api.req("GET", samples[0]["link"], v_e1000e)
    got = json.loads(raw) if st == 200 else {}
    same = all(got.get(k) == first[k] for k in (
        "report_id", "machine_id", "crash_time", "kernel_release", "log",
        "classification", "module", "taint"))
    result("sample record downloads the report rebuilt from its fields",
           st == 200 and same and got.get("hash_version") == 1
           and "attachment" in hd.get("Content-Disposition", ""),
           (st, raw[:300]))
    st, body = api.json("GET", "/api/v1/failures/%s/stacktrace" %
                        BUCKETS["e1000e"][4], v_e1000e)
    result("stacktrace is the representative symbolized stack",
           st == 200 and body["frames"][0] == {
               "module": "e1000e", "function": "e1000_clean_rx_irq",
               "offset": 291}
           and body["frames"][1]["module"] == "vmlinux", body)

    # ---- failurehits -------------------------------------------------
    jan1, mar31 = datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
    for agg in ("day", "week", "month"):
        grp = ["failureHash", "market"]
        st, body = api.hits(admin, startDate="01/01/2026",
                            endDate="03/31/2026", aggregationLevel=agg,
                            groupby=",".join(grp))
        want = expected(sent, grp, agg, jan1, mar31)
        got = rows_to_counter(body.get("Value", []), grp) if st == 200 else {}
        result("failurehits %s aggregation matches the model" % agg,
               st == 200 and got == want and body["TotalCount"] == len(want),
               (st, sorted(set(got.items()) ^ set(want.items()))[:6]))
    st, body = api.hits(admin, startDate="01/01/2026", endDate="03/31/2026",
                        aggregationLevel="week", groupby="failureHash")
    dates = {r["date"] for r in body["Value"]}
    result("week periods start on Monday",
           all(datetime.date.fromisoformat(d).weekday() == 0 for d in dates)
           and "2026-01-05" in dates and "2026-01-12" in dates
           and "2026-01-26" in dates, sorted(dates))
    st, body = api.hits(admin, startDate="01/01/2026", endDate="03/31/2026",
                        aggregationLevel="month", groupby="failureHash")
    dates = {r["date"] for r in body["Value"]}
    result("month periods start on the 1st",
           dates == {"2026-01-01", "2026-02-01", "2026-03-01"}, dates)
    st, body = api.hits(admin, startDate="01/06/2026", endDate="01/11/2026",
                        groupby="failureHash")
    want = expected(sent, ["failureHash"], "day", datetime.date(2026, 1, 6),
                    datetime.date(2026, 1, 11))
    result("date range bounds are inclusive and by crash date",
           rows_to_counter(body["Value"], ["failureHash"]) == want, body)
    st, body = api.hits(admin)
    result("dates default to today (no old data)",
           st == 200 and body["TotalCount"] == 0 and body["Value"] == [],
           body)
    st, body = api.hits(admin, startDate="01/05/2026", endDate="01/05/2026")
    allf = ["productName", "fileName", "applicationVersion", "failureName",
            "failureHash", "symbol", "osVersion", "osBuild", "osRelease",
            "eventType", "market", "deviceType"]
    want = expected(sent, allf, "day", datetime.date(2026, 1, 5),
                    datetime.date(2026, 1, 5))
    result("no groupby: every field is a row dimension",
           st == 200 and rows_to_counter(body["Value"], allf) == want
           and set(body["Value"][0]) == set(allf) | {"date", "eventCount"},
           (body["Value"][:1], list(want.items())[:2]))

    filters = [
        ("productName eq 'e1000e'", lambda r: r["productName"] == "e1000e"),
        ("market eq 'lab-eu' or market eq 'prod-us' and deviceType eq 'vm'",
         lambda r: r["market"] == "lab-eu" or (r["market"] == "prod-us" and
                                               r["deviceType"] == "vm")),
        ("(market eq 'lab-eu' or market eq 'prod-us') and deviceType eq 'vm'",
         lambda r: r["market"] in ("lab-eu", "prod-us") and
         r["deviceType"] == "vm"),
        ("osVersion eq '6.12' and eventType ne 'oops'",
         lambda r: r["osVersion"] == "6.12" and r["eventType"] != "oops"),
        ("symbol eq 'nvidia!nv_dma_map' or fileName eq 'vmlinux'",
         lambda r: r["symbol"] == "nvidia!nv_dma_map" or
         r["fileName"] == "vmlinux"),
        ("applicationVersion eq '3.2.1' and osBuild ne '6.12.9-amd64'",
         lambda r: r["applicationVersion"] == "3.2.1" and
         r["osBuild"] != "6.12.9-amd64"),
    ]
    for text, pred in filters:
        grp = ["productName", "deviceType"]
        st, body = api.hits(admin, startDate="01/01/2026",
                            endDate="03/31/2026", aggregationLevel="month",
                            groupby=",".join(grp), filter=text)
        want = expected(sent, grp, "month", jan1, mar31, pred)
        got = rows_to_counter(body.get("Value", []), grp) if st == 200 else {}
        result("groupby with filter: %s" % text, st == 200 and got == want,
               (st, body if st != 200 else "",
                sorted(set(got.items()) ^ set(want.items()))[:6]))

    # orderby
    st, body = api.hits(admin, startDate="01/01/2026", endDate="03/31/2026",
                        groupby="failureHash", aggregationLevel="month",
                        orderby="eventCount desc")
    counts = [r["eventCount"] for r in body["Value"]]
    result("orderby eventCount desc", st == 200 and counts == sorted(
        counts, reverse=True) and len(counts) > 3, counts)
    st, body = api.hits(admin, startDate="01/01/2026", endDate="03/31/2026",
                        groupby="market,failureHash", aggregationLevel="month",
                        orderby="market desc,date asc")
    keys = [(r["market"], r["date"]) for r in body["Value"]]
    ks = sorted(keys, key=lambda k: k[1])
    ks = sorted(ks, key=lambda k: k[0], reverse=True)
    result("orderby two keys", st == 200 and keys == ks, keys[:8])

    # paging
    full_st, full = api.hits(admin, startDate="01/01/2026",
                             endDate="03/31/2026", groupby="failureHash,market")
    page_rows, pages, link, totals = [], 0, None, set()
    st, body = api.hits(admin, startDate="01/01/2026", endDate="03/31/2026",
                        groupby="failureHash,market", top="7")
    while True:
        pages += 1
        if st != 200:
            break
        page_rows += body["Value"]
        totals.add(body["TotalCount"])
        link = body.get("@nextLink")
        if not link or pages > 100:
            break
        st, body = api.json("GET", link, admin)
    result("paging through @nextLink returns every row exactly once",
           full_st == 200 and page_rows == full["Value"]
           and totals == {full["TotalCount"]}
           and pages == -(-full["TotalCount"] // 7)
           and "@nextLink" not in full,
           (pages, len(page_rows), full["TotalCount"], totals))
    # The failureHash-only view takes a separate (integer-only) SQL path;
    # page through it too, as admin and as a scoped vendor.
    for who, tok, pred in (("admin", admin, None),
                           ("vendor", v_nvidia,
                            lambda r: r["productName"] == "nvidia")):
        want = expected(sent, ["failureHash"], "week", jan1, mar31, pred)
        rows, link, n = [], None, 0
        st, body = api.hits(tok, startDate="01/01/2026", endDate="03/31/2026",
                            groupby="failureHash", aggregationLevel="week",
                            orderby="eventCount desc", top="2")
        while st == 200 and n < 100:
            n += 1
            rows += body["Value"]
            link = body.get("@nextLink")
            if not link:
                break
            st, body = api.json("GET", link, tok)
        counts = [r["eventCount"] for r in rows]
        result("failureHash view pages completely and in order (%s)" % who,
               st == 200 and rows_to_counter(rows, ["failureHash"]) == want
               and len(rows) == len(want) and counts == sorted(
                   counts, reverse=True),
               (st, len(rows), len(want)))
    st, body = api.hits(v_e1000e, startDate="01/01/2026",
                        endDate="03/31/2026", groupby="failureHash",
                        filter="productName eq 'nvidia' or "
                        "symbol eq 'e1000e!e1000_clean_rx_irq'")
    result("failureHash view: filter and vendor scope combine",
           st == 200 and {r["failureHash"] for r in body["Value"]} ==
           {BUCKETS["e1000e"][4]}, body)
    st, body = api.hits(admin, startDate="01/01/2026", endDate="03/31/2026",
                        groupby="failureHash,symbol", aggregationLevel="month",
                        filter="productName ne 'e1000e' and "
                        "(failureName ne 'x' or symbol eq 'y')")
    want = expected(sent, ["failureHash", "symbol"], "month", jan1, mar31,
                    lambda r: r["productName"] != "e1000e")
    result("failureHash view with bucket-field filter matches the model",
           st == 200 and rows_to_counter(body["Value"],
                                         ["failureHash", "symbol"]) == want,
           body)
    for grp in ("failureHash", "market"):
        st, body = api.hits(admin, startDate="01/01/2026",
                            endDate="03/31/2026", groupby=grp, skip="100000")
        n = len(expected(sent, [grp], "day", jan1, mar31))
        result("skip past the end (%s): empty page, TotalCount kept, "
               "no nextLink" % grp,
               st == 200 and body["Value"] == [] and body["TotalCount"] == n
               and "@nextLink" not in body, (body, n))
    st, body = api.hits(admin, startDate="01/01/2026", endDate="03/31/2026",
                        groupby="failureHash", top="10000")
    result("top=10000 is accepted", st == 200, body)

    # ---- parameter errors --------------------------------------------
    bad = [
        ({"top": "10001"}, "top '10001'"),
        ({"top": "0"}, "top '0'"),
        ({"top": "ten"}, "top 'ten'"),
        ({"skip": "-1"}, "skip '-1'"),
        ({"startDate": "2026-01-01"}, "startDate '2026-01-01' is not in mm/dd/yyyy"),
        ({"endDate": "02/30/2026"}, "endDate '02/30/2026' is not a valid"),
        ({"startDate": "03/01/2026", "endDate": "01/01/2026"}, "after endDate"),
        ({"aggregationLevel": "year"}, "aggregationLevel 'year'"),
        ({"groupby": "failureHash,fooBar"}, "unknown field 'fooBar' in groupby"),
        ({"orderby": "fooBar desc"}, "unknown field 'fooBar' in orderby"),
        ({"orderby": "market up"}, "expected 'asc' or 'desc'"),
        ({"groupby": "failureHash", "orderby": "market"}, "not in groupby"),
        ({"filter": "productName eq 'x' and fooBar eq 'y'"},
         "unknown field 'fooBar' in filter at offset 23"),
        ({"filter": "productName = 'x'"}, "expected 'eq' or 'ne'"),
        ({"filter": "productName eq 'x"}, "unterminated string"),
        ({"filter": "productName eq 'x') or (1"}, "unexpected ')'"),
        ({"filter": "productName eq x"}, "expected a quoted string"),
        ({"filter": ""}, "filter is empty"),
        ({"filter": "eventCount eq '5'"}, "cannot be used in filter"),
        ({"fooBar": "1"}, "unknown parameter 'fooBar'"),
        ({"$filter": "x"}, "unknown parameter '$filter'"),
    ]
    for params, msg in bad:
        st, body = api.hits(admin, **params)
        ok = (st == 400 and body["error"]["code"] == "BadRequest"
              and msg in body["error"]["message"])
        result("400 for %s" % json.dumps(params), ok, (st, body))
    st, body = api.json("GET", "/api/v1/failurehits?top=5&top=6", admin)
    result("repeated parameter -> 400", st == 400 and "more than once" in
           body["error"]["message"], body)

    # injection attempts are plain literals
    for text in ["productName eq 'x'' or 1=1 --'",
                 "productName eq 'e1000e'' OR ''1''=''1'",
                 "market eq '; DROP TABLE buckets; --'"]:
        st, body = api.hits(admin, startDate="01/01/2026",
                            endDate="03/31/2026", filter=text)
        result("injection attempt matches nothing: %s" % text,
               st == 200 and body["TotalCount"] == 0, body)
    st, body = api.hits(admin, startDate="01/01/2026", endDate="03/31/2026",
                        groupby="failureHash")
    result("data intact after injection attempts",
           st == 200 and body["TotalCount"] > 0, body)
    st, body = api.hits(admin, startDate="01/01/2026", endDate="03/31/2026",
                        groupby="productName",
                        filter="productName eq 'e1000e'' or ''1''=''1'")
    result("quote escaping round-trips literally", st == 200 and
           body["Value"] == [], body)

    # ---- scope isolation -----------------------------------------------
    st1, b1 = api.hits(v_e1000e, startDate="01/01/2026", endDate="03/31/2026",
                       groupby="productName")
    st2, b2 = api.hits(v_nvidia, startDate="01/01/2026", endDate="03/31/2026",
                       groupby="productName")
    p1 = {r["productName"] for r in b1.get("Value", [])}
    p2 = {r["productName"] for r in b2.get("Value", [])}
    result("vendors see only their own modules in failurehits",
           st1 == 200 and st2 == 200 and p1 == {"e1000e"}
           and p2 == {"nvidia"}, (p1, p2))
    st, body = api.hits(v_e1000e, startDate="01/01/2026", endDate="03/31/2026",
                        filter="productName eq 'nvidia' or "
                        "productName ne 'nvidia'")
    prods = {r["productName"] for r in body["Value"]}
    result("a vendor filter cannot widen its scope", prods == {"e1000e"},
           prods)
    other = BUCKETS["nvidia"][4]
    st_d, _ = api.json("GET", "/api/v1/failures/" + other, v_e1000e)
    st_s, _ = api.json("GET", "/api/v1/failures/%s/stacktrace" % other,
                       v_e1000e)
    st_a, det = api.json("GET", "/api/v1/failures/" + other, admin)
    sample = det["samples"][0]["link"]
    st_r, _, _ = api.req("GET", sample, v_e1000e)
    st_r2, _, _ = api.req("GET", sample, v_nvidia)
    st_x, _ = api.json("GET", "/api/v1/failures/" + "dddd0004-0000", v_e1000e)
    result("another vendor's details, stacktrace and samples are 404 "
           "(like missing ones)",
           (st_d, st_s, st_r, st_x, st_a, st_r2) ==
           (404, 404, 404, 404, 200, 200),
           (st_d, st_s, st_r, st_x, st_a, st_r2))
    st, body = api.json("GET", "/api/v1/failures/%s/samples/%s/record" % (
        BUCKETS["e1000e"][4], rid("nvidia", "x")), v_e1000e)
    result("unknown sample id in own bucket is 404", st == 404, body)
    st, body = api.json("GET", "/api/v1/top", v_nvidia)
    result("top is scoped for vendors",
           st == 200 and {r["productName"] for r in body["Value"]} ==
           {"nvidia"} and body["TotalHits"] == sum(
               1 for r in sent if r["classification"]["image"] == "nvidia"),
           body)
    st, body = api.json("POST", "/api/v1/responses", v_e1000e,
                        {"failure_hash": other, "message": "mine now",
                         "link": "https://evil.example/"})
    result("a vendor cannot respond to another vendor's bucket (404)",
           st == 404, body)

    # ---- top -------------------------------------------------------------
    st, body = api.json("GET", "/api/v1/top?limit=2", admin)
    vals = body["Value"] if st == 200 else []
    cum = [v["cumulativeShare"] for v in vals]
    result("top: ranked, with cumulative share of all hits",
           st == 200 and len(vals) == 2 and body["TotalHits"] == len(sent)
           and vals[0]["hits"] >= vals[1]["hits"]
           and abs(cum[1] - (vals[0]["hits"] + vals[1]["hits"]) /
                   len(sent)) < 1e-9 and cum[0] <= cum[1] < 1, body)
    for q in ("limit=0", "limit=1001", "limit=x", "limit=5&x=1"):
        st, body = api.json("GET", "/api/v1/top?" + q, admin)
        result("top rejects %s" % q, st == 400, body)

    # ---- responses ---------------------------------------------------------
    old = plan[0]  # an e1000e report with kernel 6.1.0-56
    assert old["classification"]["image"] == "e1000e"
    st, body = api.json("POST", "/api/v1/responses", v_e1000e, {
        "failure_hash": BUCKETS["e1000e"][4],
        "message": "Fixed in e1000e 3.3.0; update the driver.",
        "link": "https://vendor.example/kb/1"})
    resp_id = body.get("id") if st == 201 else None
    result("vendor attaches a response to its bucket (201)",
           st == 201 and resp_id, body)
    newer = report("e1000e", "2026-03-03", 424242, machine=99)
    st, body = api.json("POST", "/api/v1/reports", agent, newer)
    rr = body["results"][0]["response"] if st == 200 else None
    result("a later matching report gets the response at ingest",
           rr and rr["id"] == resp_id and "3.3.0" in rr["message"]
           and rr["link"] == "https://vendor.example/kb/1", body)
    st, body = api.json("POST", "/api/v1/responses/query", agent,
                        {"report_ids": [old["report_id"], "f" * 32]})
    res = body.get("results", []) if st == 200 else []
    result("an earlier reporter polls and gets the response",
           len(res) == 2 and res[0]["found"] and res[0]["response"]
           and res[0]["response"]["id"] == resp_id
           and res[1]["found"] is False and res[1]["response"] is None, body)
    st, body = api.json("POST", "/api/v1/responses/query", agent2,
                        {"report_ids": [old["report_id"]]})
    result("another agent token cannot poll someone else's report",
           st == 200 and body["results"][0]["found"] is False, body)
    st, body = api.json("POST", "/api/v1/responses", admin, {
        "failure_hash": BUCKETS["vmlinux"][4], "message": "Kernel fix",
        "link": "https://kernel.example/fix", "kernel_min": "6.12"})
    rid2 = body.get("id")
    a = report("vmlinux", "2026-03-04", 5151, kernel="6.1.0-56-amd64")
    b = report("vmlinux", "2026-03-04", 5152, kernel="6.12.9-amd64")
    st, body = api.json("POST", "/api/v1/reports", agent, {"reports": [a, b]})
    got = [r["response"] and r["response"]["id"] for r in body["results"]]
    result("a kernel-range response matches only reports in range",
           st == 200 and got == [None, rid2], body)
    st, body = api.json("POST", "/api/v1/responses", admin, {
        "failure_hash": BUCKETS["vmlinux"][4], "message": "x",
        "link": "ftp://nope"})
    result("response link must be http(s) (400)", st == 400 and "link" in
           body["error"]["message"], body)
    st, det = api.json("GET", "/api/v1/failures/" + BUCKETS["e1000e"][4],
                       v_e1000e)
    result("details list the bucket's responses",
           st == 200 and [r["id"] for r in det["responses"]] == [resp_id],
           det.get("responses"))
    sent += [newer, a, b]

    # ---- claims --------------------------------------------------------------
    claim = {"plugin": "acme", "event_name": "ACME_FW_HANG",
             "signature": [{"name": "fw", "value": "1.2"},
                           {"name": "slot", "value": "3"}]}
    c1 = report("nvidia", "2026-03-05", 7001, claim=claim)
    c2 = report("nvidia", "2026-03-05", 7002, claim=claim)
    st, body = api.json("POST", "/api/v1/reports", agent, {"reports": [c1, c2]})
    keys = [r["failure_hash"] for r in body["results"]] if st == 200 else []
    guid = re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                        r"[0-9a-f]{12}", keys[0] if keys else "")
    result("claimed reports bucket by the claim's GUID",
           len(keys) == 2 and keys[0] == keys[1] and guid
           and keys[0] != BUCKETS["nvidia"][4]
           and body["results"][1]["hits"] == 2, body)
    st, det = api.json("GET", "/api/v1/failures/" + keys[0], v_nvidia)
    result("claimed bucket is named after the event and scoped to the module",
           st == 200 and det["failureName"] == "ACME_FW_HANG"
           and det["claimPlugin"] == "acme", det)

    # ---- issue 12: nobody can fool the server --------------------------------
    # Finding 1: an agent posts an e1000e crash with nvidia's bucket hash.
    nv_hits = api.json("GET", "/api/v1/failures/" + BUCKETS["nvidia"][4],
                       admin)[1]["hits"]
    atk = report("e1000e", "2026-03-06", 31337, machine=66)
    atk["classification"]["failure_hash"] = BUCKETS["nvidia"][4]
    st, body = api.json("POST", "/api/v1/reports", agent, atk)
    st2, det = api.json("GET", "/api/v1/failures/" + BUCKETS["nvidia"][4],
                        v_nvidia)
    st3, hits = api.hits(v_nvidia, startDate="01/01/2026",
                         endDate="03/31/2026", groupby="fileName")
    files = {r["fileName"] for r in hits.get("Value", [])}
    result("attack: an e1000e crash sent with nvidia's hash is refused (400 "
           "naming the hash) and nvidia never sees e1000e",
           st == 400 and "failure_hash" in body["error"]["message"]
           and "does not match" in body["error"]["message"]
           and det["hits"] == nv_hits
           and "e1000e" not in {m["name"] for m in det["modules"]}
           and files == {"nvidia.ko"}, (st, body, det.get("modules"), files))
    # The same attack with image and title of nvidia's bucket but the
    # e1000e module block: the module must be the blamed image.
    atk2 = report("nvidia", "2026-03-06", 31338)
    atk2["module"] = {"name": "e1000e", "file": "e1000e.ko"}
    st, body = api.json("POST", "/api/v1/reports", agent, atk2)
    result("attack: a module block other than the blamed image is refused",
           st == 400 and "module.name" in body["error"]["message"], body)
    atk3 = report("e1000e", "2026-03-06", 31339)
    atk3["hash_version"] = 99
    st, body = api.json("POST", "/api/v1/reports", agent, atk3)
    result("unknown hash_version -> 400, never merged",
           st == 400 and "hash_version" in body["error"]["message"], body)
    # The same crash from an agent of spec 2: its own bucket, never the
    # version-1 one, and a version-1 hash sent as version 2 is refused.
    v2 = report("e1000e", "2026-03-06", 31340)
    c2 = v2["classification"]
    v2["hash_version"] = 2
    st, body = api.json("POST", "/api/v1/reports", agent, v2)
    result("hash_version 2 with a version-1 hash -> 400",
           st == 400 and "failure_hash" in body["error"]["message"], body)
    c2["failure_hash"] = failure_hash(c2["code"], "e1000e", c2["title"], 2)
    st, body = api.json("POST", "/api/v1/reports", agent, v2)
    got = (body.get("results") or [{}])[0] if st == 200 else {}
    result("hash_version 2: a bucket of its own, apart from version 1",
           st == 200 and got.get("failure_hash") == c2["failure_hash"]
           and c2["failure_hash"] != BUCKETS["e1000e"][4], body)
    # A claim from an e1000e crash with nvidia's claim: its own bucket.
    c3 = report("e1000e", "2026-03-05", 7003, claim=claim)
    st, body = api.json("POST", "/api/v1/reports", agent, c3)
    k3 = body["results"][0]["failure_hash"] if st == 200 else ""
    st2, _ = api.json("GET", "/api/v1/failures/" + keys[0], v_e1000e)
    st3, det3 = api.json("GET", "/api/v1/failures/" + k3, v_e1000e)
    result("a claim key includes the claiming module: same claim, other "
           "module, other bucket",
           st == 200 and k3 and k3 != keys[0] and st2 == 404 and st3 == 200
           and det3["productName"] == "e1000e", (body, st2, st3))
    sent.append(c3)
    # Finding 9: re-POSTing another agent's report id tells nothing.
    st, body = api.json("POST", "/api/v1/reports", agent2, first)
    r9 = body["results"][0] if st == 200 else {}
    result("re-POST of another agent's report id reveals no bucket, hits or "
           "response",
           st == 200 and r9.get("duplicate") is True
           and r9.get("hits") is None and r9.get("failure_hash") is None
           and r9.get("response") is None, body)
    # Finding 2: unknown keys are not stored.
    junk = report("vmlinux", "2026-03-07", 4242)
    junk["junk"] = "j" * 200000
    junk["classification"]["extra"] = "k" * 1000
    # The sizes are taken after a query each, which waits for the roller
    # (deferred rollups): the growth is the report's ingest and its
    # rollups, about 100 KB of WAL, the same whenever the roller runs.
    api.json("GET", "/api/v1/top?limit=1", admin)
    size0 = db_size(DB)
    st, body = api.json("POST", "/api/v1/reports", agent, junk)
    sent.append(junk)
    api.json("GET", "/api/v1/top?limit=1", admin)
    size1 = db_size(DB)
    st2, det = api.json("GET", "/api/v1/failures/" + BUCKETS["vmlinux"][4],
                        admin)
    latest = [x for x in det.get("samples", []) if x["kind"] == "latest"]
    st3, _, raw = api.req("GET", latest[0]["link"], admin) if latest else (
        0, 0, b"")
    result("unknown keys are dropped: not in the sample, database grows "
           "far less than the junk",
           st == 200 and st3 == 200 and b"jjjj" not in raw
           and b"extra" not in raw and size1 - size0 < 160000,
           (st, size1 - size0, raw[:200]))
    # Finding 3: invalid UTF-8 in text fields becomes U+FFFD; replies parse.
    bad_utf = json.dumps(report("vmlinux", "2026-03-07", 4343)).replace(
        "Debian GNU/Linux 12 (bookworm)", "Debian \udcff").encode(
            "utf-8", "surrogateescape")
    bad_utf = bad_utf.replace(b"\\udcff", b"\xff\xfe")
    st, body = api.json("POST", "/api/v1/reports", agent, raw=bad_utf)
    st2, _, raw = api.req("GET", "/api/v1/failurehits?startDate=03%2F07%2F2026"
                          "&endDate=03%2F07%2F2026&groupby=osRelease", None,
                          headers={"Authorization": "Bearer " + admin})
    try:
        vals = json.loads(raw.decode("utf-8"))["Value"]
    except (ValueError, KeyError):
        vals = None
    result("invalid UTF-8 in os_release is stored as U+FFFD; failurehits "
           "stays valid UTF-8 JSON",
           st == 200 and st2 == 200 and vals is not None and any(
               "\ufffd" in v["osRelease"] for v in vals), (st, body, raw[:200]))
    sent.append(report("vmlinux", "2026-03-07", 4343))
    st, _, raw = api.req("GET", "/api/v1/failurehits?filter=osRelease%20eq%20"
                         "%27%FF%27", admin)
    try:
        msg = json.loads(raw.decode("utf-8"))["error"]["message"]
    except (ValueError, KeyError, UnicodeDecodeError):
        msg = None
    result("a filter literal with invalid UTF-8 -> 400, reply valid UTF-8",
           st == 400 and msg is not None and "UTF-8" in msg, raw[:200])
    st, _, raw = api.req("GET", "/api/v1/top?%FF%FE=1", admin)
    try:
        json.loads(raw.decode("utf-8"))
        valid = True
    except (ValueError, UnicodeDecodeError):
        valid = False
    result("an error echoing invalid UTF-8 input is still valid UTF-8 JSON",
           st == 400 and valid, raw[:200])

    # ---- malformed input -----------------------------------------------------
    st, body = api.json("POST", "/api/v1/reports", agent, raw=b"{nope")
    result("bad JSON -> 400", st == 400 and "not valid JSON" in
           body["error"]["message"], body)
    big = report("e1000e", "2026-01-05", 1)
    big["log"] = "x" * 300000
    st, body = api.json("POST", "/api/v1/reports", agent, big)
    result("body above --max-body -> 413", st == 413, body)
    st, body = api.json("POST", "/api/v1/reports", agent, raw=b"{}",
                        ctype="text/plain")
    result("non-JSON content type -> 415", st == 415, body)
    br = report("e1000e", "2026-01-05", 2)
    br["classification"]["failure_hash"] = "'; DROP TABLE buckets; --"
    st, body = api.json("POST", "/api/v1/reports", agent, br)
    result("bad field is named in the 400",
           st == 400 and "classification.failure_hash" in
           body["error"]["message"], body)
    br = report("e1000e", "2026-01-05", 3)
    br["log"] = "y" * 70000
    st, body = api.json("POST", "/api/v1/reports", agent, br)
    result("log longer than 64 KiB -> 400", st == 400 and "log" in
           body["error"]["message"], body)
    many = {"reports": [report("e1000e", "2026-01-05", 10000 + i)
                        for i in range(101)]}
    st, body = api.json("POST", "/api/v1/reports", agent, many)
    result("batch above 100 -> 400", st == 400 and "1..100" in
           body["error"]["message"], body)
    bad_mid = {"reports": [report("e1000e", "2026-01-05", 20000),
                           dict(report("e1000e", "2026-01-05", 20001),
                                device_type="toaster")]}
    st, body = api.json("POST", "/api/v1/reports", agent, bad_mid)
    st2, det = api.json("GET", "/api/v1/failures/" + BUCKETS["e1000e"][4],
                        admin)
    result("a bad report rejects the whole batch, nothing is counted",
           st == 400 and "reports[1]" in body["error"]["message"]
           and det["hits"] == sum(1 for r in sent if r["classification"]
                                  ["failure_hash"] == BUCKETS["e1000e"][4]
                                  and not r.get("claim")),
           (body, det["hits"]))
    st, body = api.json("GET", "/api/v1/failures/not-a-hash!", admin)
    result("malformed hash in path -> 404", st == 404, body)

    # ---- rate limit ----------------------------------------------------------
    proc2, port2 = start("--rate", "1", "--burst", "3", "--window-days",
                         "36500")
    api2 = Client(port2)
    codes, retry = [], None
    for i in range(5):
        st, hd, _ = api2.req("GET", "/api/v1/top", admin)
        codes.append(st)
        if st == 429:
            retry = hd.get("Retry-After")
    st_other, _, _ = api2.req("GET", "/api/v1/top", v_nvidia)
    result("rate limit: burst then 429 with Retry-After, per token",
           codes[:3] == [200] * 3 and 429 in codes and retry and
           int(retry) >= 1 and st_other == 200, (codes, retry, st_other))

    st, body = api.json("GET", "/api/v1/top?limit=1000", admin)
    cum = [v["cumulativeShare"] for v in body.get("Value", [])]
    result("top: the last cumulativeShare of all buckets is exactly 1",
           st == 200 and cum and cum[-1] == 1, cum[-3:])
    st, hd, raw = api.req("HEAD", "/healthz")
    result("HEAD /healthz -> 200 without a body", st == 200 and raw == b"",
           (st, raw))

    spec_rules(admin)
    edges(port)
    collect()
    census()
    regressions()
    response_edits()
    retention()
    weights()
    plans()
    blocks()
    daytop()
    dimsagg()
    if not PG_DIR:
        vendor_seek()
    machines()
    acked_durable()
    roller()
    group_quota()
    if PG_DIR:
        two_servers()
        pg_batches()

    # ---- shutdown ------------------------------------------------------------
    for p in (proc, proc2):
        p.send_signal(signal.SIGTERM)
    rcs = []
    for p in (proc, proc2):
        try:
            rcs.append(p.wait(timeout=10))
        except subprocess.TimeoutExpired:
            p.kill()
            rcs.append("hung")
    result("SIGTERM stops the server cleanly (exit 0)", rcs == [0, 0], rcs)
    print("# server api tests took %.1f s" % (time.time() - t0))


def log_of(n):
    with open(os.path.join(TMP, "server-%d.log" % n)) as f:
        return f.read()


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        return p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return "hung"


def retention():
    """The retention command drops old days' rollups, keeps buckets."""
    db = new_db("retention")
    rc, out, _ = cli("token", "create", "--role", "agent", "--db", db)
    agent = out.strip()
    rc, out, _ = cli("token", "create", "--role", "admin", "--db", db)
    admin = out.strip()
    today = datetime.datetime.now(datetime.timezone.utc).date()
    old_day = today - datetime.timedelta(days=100)
    new_day = today - datetime.timedelta(days=2)
    proc, port = start("--window-days", "36500", db=db)
    api = Client(port)
    reps = [report("nvidia", old_day.isoformat(), 7100 + i, machine=i)
            for i in range(3)]
    reps += [report("nvidia", new_day.isoformat(), 7200 + i, machine=i)
             for i in range(2)]
    st, _ = api.json("POST", "/api/v1/reports", agent, {"reports": reps})
    mdy = lambda d: d.strftime("%m/%d/%Y")
    stop(proc)
    rc_bad, _, err_bad = cli("retention", "--days", "-1", "--db", db)
    rc0, _, err0 = cli("retention", "--days", "0", "--db", db)
    rc, _, err = cli("retention", "--days", "30", "--db", db)
    proc, port = start("--window-days", "36500", db=db)
    api = Client(port)
    _, old = api.hits(admin, startDate=mdy(old_day), endDate=mdy(old_day),
                      groupby="failureHash")
    _, new = api.hits(admin, startDate=mdy(new_day), endDate=mdy(new_day),
                      groupby="failureHash,market")
    st_d, det = api.json("GET", "/api/v1/failures/" + BUCKETS["nvidia"][4],
                         admin)
    stop(proc)
    drift = period_drift(db)
    result("retention: the week and month rollups and the rows per day "
           "lose the dropped days (triggers on delete)", drift == 0, drift)
    result("retention --days 30 drops older days' counts, keeps the last "
           "30 days and the bucket with its lifetime hits; 0 keeps all, "
           "a bad value exits 2",
           st == 200 and rc == 0 and "removed" in err
           and old.get("TotalCount") == 0
           and [v["eventCount"] for v in new.get("Value", [])] == [2]
           and st_d == 200 and det.get("hits") == 5
           and rc0 == 0 and "keeping everything" in err0
           and rc_bad == 2,
           (st, rc, err, old, new, st_d, rc0, err0, rc_bad, err_bad))


def two_servers():
    """Two servers on one PostgreSQL database: one store, counted once."""
    import threading
    db = new_db("fleet")
    tok = {}
    for role in ("agent", "admin"):
        rc, out, err = cli("token", "create", "--role", role, "--db", db)
        tok[role] = out.strip()
    (pa, port_a), (pb, port_b) = (start("--window-days", "36500", db=db),
                                  start("--window-days", "36500", db=db))
    a, b = Client(port_a), Client(port_b)
    reps = [report(k, "2026-02-%02d" % (1 + i % 20), 9000 + i, machine=i,
                   market=("lab-eu", "prod-us")[i % 2])
            for i, k in enumerate(["e1000e", "nvidia", "vmlinux"] * 10)]
    answers = {}

    def post(api, i):
        answers[(api.base, i)] = api.json("POST", "/api/v1/reports",
                                          tok["agent"], reps[i])

    # Every report at the same moment to both servers.
    threads = [threading.Thread(target=post, args=(api, i))
               for i in range(len(reps)) for api in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    fresh = [sum(1 for api in (a, b)
                 if answers[(api.base, i)][0] == 200
                 and answers[(api.base, i)][1]["results"][0]["duplicate"]
                 is False) for i in range(len(reps))]
    # And once more, one after the other.
    st_again, again = b.json("POST", "/api/v1/reports", tok["agent"],
                             reps[0])
    views = ["/api/v1/top?limit=10",
             "/api/v1/failurehits?startDate=02%2F01%2F2026&endDate="
             "02%2F28%2F2026&groupby=failureHash,market",
             "/api/v1/failurehits?startDate=02%2F01%2F2026&endDate="
             "02%2F28%2F2026&groupby=failureHash&aggregationLevel=month",
             "/api/v1/failures/" + BUCKETS["e1000e"][4]]
    same = [(a.json("GET", v, tok["admin"]), b.json("GET", v, tok["admin"]))
            for v in views]
    total = same[0][0][1].get("TotalHits") if same[0][0][0] == 200 else None
    result("two servers on one PostgreSQL database: a report sent to both "
           "at once counts once (%d reports)" % len(reps),
           fresh == [1] * len(reps) and total == len(reps)
           and st_again == 200
           and again["results"][0]["duplicate"] is True,
           (fresh, total, again))
    result("two servers on one PostgreSQL database answer identically "
           "(top, failurehits, details)",
           all(x == y and x[0] == 200 for x, y in same),
           [(x[0], y[0]) for x, y in same if x != y])
    stop(pa)
    stop(pb)


def spec_rules(admin):
    """Issue 12 finding 10: the 30-day window and the 1,000-bucket limit."""
    today = datetime.datetime.now(datetime.timezone.utc).date()
    mdy = lambda d: d.strftime("%m/%d/%Y")
    db = new_db("rules")
    load = os.path.join(os.path.dirname(SERVER), "bugcheck-server-load")
    p = subprocess.run([load, "--db", db, "--reports", "30000", "--buckets",
                        "6000", "--days", "20"], capture_output=True,
                       text=True, timeout=300)
    tok = subprocess.run([SERVER, "token", "create", "--role", "admin",
                          "--db", db], capture_output=True, text=True).stdout
    tok = tok.strip()
    proc, port = start(db=db)
    api = Client(port)
    st_old, b_old = api.hits(tok, startDate=mdy(today - datetime.timedelta(
        days=30)), endDate=mdy(today))
    st_in, _ = api.hits(tok, startDate=mdy(today - datetime.timedelta(
        days=29)), endDate=mdy(today))
    st_fut, _ = api.hits(tok, startDate=mdy(today), endDate=mdy(
        today + datetime.timedelta(days=1)))
    st_epoch, _ = api.hits(tok, startDate="01/01/1970", endDate="12/31/9999")
    result("failurehits serves only the last 30 days (older start, future "
           "end -> 400)",
           p.returncode == 0 and (st_old, st_in, st_fut, st_epoch) ==
           (400, 200, 400, 400) and "last 30 days" in
           b_old["error"]["message"], (p.stderr, st_old, st_in, st_fut,
                                       st_epoch, b_old))
    start_d = mdy(today - datetime.timedelta(days=19))
    day_hashes, skip = set(), 0
    while True:
        st, body = api.hits(tok, startDate=start_d, endDate=mdy(today),
                            groupby="failureHash", top="10000", skip=str(skip))
        if st != 200:
            break
        day_hashes |= {r["failureHash"] for r in body["Value"]}
        skip += 10000
        if skip >= body["TotalCount"]:
            break
    ok = True
    detail = []
    for agg in ("week", "month"):
        for grp in ("failureHash", "failureName", "failureHash,market"):
            st, body = api.hits(tok, startDate=start_d, endDate=mdy(today),
                                groupby=grp, aggregationLevel=agg,
                                top="10000")
            key = grp.split(",")[0]
            kept = collections.Counter()
            for r in body.get("Value", []):
                kept[r[key]] += r["eventCount"]
            st2, top = api.json("GET", "/api/v1/top?limit=1000", tok)
            floor = top["Value"][-1]["hits"]
            good = (st == 200 and len(kept) == 1000
                    and min(kept.values()) >= floor
                    and body["TotalCount"] == len(body["Value"]))
            ok = ok and good
            detail.append((agg, grp, st, len(kept), floor,
                           min(kept.values()) if kept else None))
    result("week/month by failureHash or failureName cover at most the "
           "1,000 buckets with most hits (day has %d)" % len(day_hashes),
           ok and len(day_hashes) > 1000, detail)
    stop(proc)


def edges(main_port):
    """Issue 12 findings 6, 8, 11 and the quota."""
    db = new_db("edges")
    agent = subprocess.run([SERVER, "token", "create", "--role", "agent",
                            "--db", db], capture_output=True,
                           text=True).stdout.strip()
    vendor = subprocess.run([SERVER, "token", "create", "--role", "vendor",
                             "--module", "e1000e", "--db", db],
                            capture_output=True, text=True).stdout.strip()
    # Quota: 3 reports per token and day.
    proc, port = start("--quota", "3", "--window-days", "36500", db=db)
    n_log = len(PROCS) - 1
    api = Client(port)
    two = {"reports": [report("e1000e", "2026-01-05", 900 + i)
                       for i in range(2)]}
    st1, _ = api.json("POST", "/api/v1/reports", agent, two)
    two2 = {"reports": [report("e1000e", "2026-01-05", 910 + i)
                        for i in range(2)]}
    st2, hd, raw = api.req("POST", "/api/v1/reports", agent, two2)
    body = json.loads(raw) if raw else {}
    err = body.get("error", {})
    tomorrow = (datetime.datetime.now(datetime.timezone.utc).date() +
                datetime.timedelta(days=1)).isoformat()
    st3, _ = api.json("POST", "/api/v1/reports", agent,
                      report("e1000e", "2026-01-05", 920))
    st4, _ = api.json("POST", "/api/v1/reports", agent,
                      report("e1000e", "2026-01-05", 921))
    st5, det = api.json("GET", "/api/v1/failures/" + BUCKETS["e1000e"][4],
                        subprocess.run([SERVER, "token", "create", "--role",
                                        "admin", "--db", db],
                                       capture_output=True,
                                       text=True).stdout.strip())
    result("daily quota: a batch that would pass it -> 429 OverQuota with "
           "quota, used, resets and Retry-After; nothing of it is stored",
           (st1, st2, st3, st4) == (200, 429, 200, 429)
           and err.get("code") == "OverQuota" and err.get("quota") == 3
           and err.get("used") == 2
           and err.get("resets") == tomorrow + "T00:00:00Z"
           and int(hd.get("Retry-After", 0)) == err.get("retry_after") > 0
           and st5 == 200 and det["hits"] == 3, (st1, st2, st3, st4, body,
                                                 det.get("hits")))
    # Audit log and failed-authentication back-off.
    codes = []
    for i in range(14):
        st, _, _ = api.req("GET", "/api/v1/top", "bct_" + "%064x" % i)
        codes.append(st)
    st_ok, _, _ = api.req("GET", "/api/v1/top", agent)
    st_v, _, _ = api.req("POST", "/api/v1/reports", vendor, raw=b"{}")
    time.sleep(0.2)
    log = log_of(n_log)
    a401 = re.findall(r"<5>audit: 401 peer=127\.0\.0\.1 token=- GET "
                      r"/api/v1/top", log)
    a429 = re.findall(r"<5>audit: 429 peer=127\.0\.0\.1 token=- ", log)
    result("failed authentication: 401 ten times, then 429 from that "
           "address (even for a good token)",
           codes[:10] == [401] * 10 and set(codes[10:]) == {429}
           and st_ok == 429, (codes, st_ok))
    result("audit log: every 401/403/429 with token id and peer, never the "
           "token", len(a401) == 10 and len(a429) >= 5
           and re.search(r"audit: 429 peer=127\.0\.0\.1 token=[0-9]+ POST "
                         r"/api/v1/reports: daily report quota", log)
           and agent not in log and agent[4:] not in log
           and "bct_" not in log, log[-1500:])
    stop(proc)
    proc, port = start("--window-days", "36500", db=db)
    n_log = len(PROCS) - 1
    st_v, body = Client(port).json("POST", "/api/v1/reports", vendor,
                                   report("e1000e", "2026-01-05", 1))
    time.sleep(0.2)
    result("403 says 'a vendor token' and is audited with the token id",
           st_v == 403 and "a vendor token may not" in body["error"]["message"]
           and re.search(r"audit: 403 peer=127\.0\.0\.1 token=[0-9]+ POST",
                         log_of(n_log)), (body, log_of(n_log)[-400:]))
    stop(proc)
    # A busy port is named as such.
    p = subprocess.run([SERVER, "--db", db, "--listen",
                        "127.0.0.1:%d" % main_port], capture_output=True,
                       text=True, timeout=20)
    result("a busy port: exit 1, 'already in use'",
           p.returncode == 1 and "already in use" in p.stderr, p.stderr)
    http_edge(db, agent)
    http_errors(db, agent)
    tls(db, agent)
    # Finding 6: SIGTERM with fewer connections than threads.
    proc, port = start("--max-conns", "1", "--threads", "8", db=db)
    st, _ = Client(port).json("GET", "/healthz")
    rc = stop(proc)
    result("SIGTERM stops cleanly with --max-conns 1 --threads 8",
           st == 200 and rc == 0, (st, rc))


def collect():
    """Issue 18: progressive collection (docs/server.md)."""
    db = new_db("collect")
    tok = lambda *a: subprocess.run(
        [SERVER, "token", "create", "--db", db, *a], capture_output=True,
        text=True).stdout.strip()
    agent, agent2 = tok("--role", "agent"), tok("--role", "agent")
    admin = tok("--role", "admin")
    vendor = tok("--role", "vendor", "--module", "e1000e")
    proc, port = start("--window-days", "36500", "--max-body", "2097152",
                       db=db)
    api = Client(port)
    eh, vh = BUCKETS["e1000e"][4], BUCKETS["vmlinux"][4]
    reps = [report("e1000e", "2026-02-01", 7000 + i) for i in range(3)]
    st, body = api.json("POST", "/api/v1/reports", agent, {"reports": reps})
    wants = [r.get("wants") for r in body["results"]] if st == 200 else body
    result("collect: the ingest reply asks each report of a new bucket for "
           "its log tail (default 3 samples), nothing else",
           st == 200 and wants == [["log_tail"]] * 3, wants)
    up = lambda r, kind, data, t=agent: api.json(
        "POST", "/api/v1/reports/%s/extras" % r["report_id"], t,
        {"kind": kind, "data": data})
    st1, b1 = up(reps[0], "log_tail", "[ 1.0] boot\n[ 12.3] BUG: x\n")
    st2, b2 = up(reps[0], "log_tail", "again")
    result("collect: an upload the bucket wants is counted (200, samples 1, "
           "the report wants no more); the same kind again -> 409",
           st1 == 200 and b1.get("samples") == 1 and b1.get("wants") == []
           and st2 == 409 and "already" in b2["error"]["message"],
           (st1, b1, st2, b2))
    # The vendor of the bucket lowers the number: 1 sample is enough now.
    st3, b3 = api.json("POST", "/api/v1/collect/" + eh, vendor,
                       {"log_tail": 1, "vendor_data": 2})
    st4, b4 = api.json("POST", "/api/v1/collect/" + vh, vendor,
                       {"log_tail": 9})
    st5, b5 = api.json("POST", "/api/v1/collect/" + eh, agent,
                       {"log_tail": 9})
    result("collect: the bucket's vendor sets the numbers wanted; another "
           "vendor's bucket looks missing (404); an agent token -> 403",
           st3 == 200 and b3["kinds"]["log_tail"] == {"wanted": 1,
                                                     "samples": 1}
           and b3["kinds"]["vendor_data"]["wanted"] == 2
           and st4 == 404 and st5 == 403, (st3, b3, st4, b4, st5, b5))
    st6, b6 = up(reps[1], "log_tail", "enough already")
    st, body = api.json("POST", "/api/v1/reports", agent,
                        report("e1000e", "2026-02-01", 7100))
    w_new = body["results"][0].get("wants") if st == 200 else body
    st, pq = api.json("POST", "/api/v1/responses/query", agent,
                      {"report_ids": [r["report_id"] for r in reps]})
    w_poll = [r.get("wants") for r in pq.get("results", [])]
    result("collect: a bucket with enough samples asks for nothing more: "
           "upload -> 409, ingest and response poll ask only for what is "
           "still wanted",
           st6 == 409 and "wants no log_tail" in b6["error"]["message"]
           and w_new == ["vendor_data"]
           and w_poll == [["vendor_data"]] * 3, (st6, b6, w_new, w_poll))
    hexblk = "0123456789abcdef0123456789abcdef-0000"
    uuid = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
    good_v = "%s e1000e_ring 00ff10\n" % uuid
    cases = [
        ("unknown report", agent, "ab" * 20, "log_tail", "x", 404,
         "no report"),
        ("another token's report", agent2, reps[2]["report_id"],
         "vendor_data", good_v, 404, "no report"),
        ("unwanted kind", agent, reps[2]["report_id"], "kdump_dmesg", "x",
         409, "wants no kdump_dmesg"),
        ("unknown kind", agent, reps[2]["report_id"], "core", "x", 400,
         "unknown kind"),
        ("oversize", agent, reps[2]["report_id"], "vendor_data",
         uuid + " big " + "00" * 300000, 413, "larger than"),
        ("bad vendor shape", agent, reps[2]["report_id"], "vendor_data",
         hexblk, 400, "UUID NAME HEX"),
        ("NUL", agent, reps[2]["report_id"], "vendor_data", "a\u0000b",
         400, "NUL"),
        ("empty", agent, reps[2]["report_id"], "vendor_data", "", 400,
         "empty"),
    ]
    bad = []
    for name, t, r_id, kind, data, want, msg in cases:
        st, b = api.json("POST", "/api/v1/reports/%s/extras" % r_id, t,
                         {"kind": kind, "data": data})
        m = (b or {}).get("error", {}).get("message", "")
        if st != want or msg not in m:
            bad.append((name, st, m))
    raw = (b'{"kind":"vendor_data","data":"' + uuid.encode() +
           b' n \xff\xfe"}')
    st, _, b = api.req("POST", "/api/v1/reports/%s/extras"
                       % reps[2]["report_id"], agent, raw=raw)
    if st != 400 or b"UTF-8" not in b:
        bad.append(("invalid UTF-8", st, b[:200]))
    st, _, b = api.req("POST", "/api/v1/reports/%s/extras"
                       % reps[2]["report_id"], agent, raw=b"{\"kind\":")
    if st != 400 or b"not valid JSON" not in b:
        bad.append(("truncated JSON", st, b[:200]))
    st, b = api.json("POST", "/api/v1/reports/%s/extras"
                     % reps[2]["report_id"], vendor,
                     {"kind": "vendor_data", "data": good_v})
    if st != 403:
        bad.append(("vendor token uploads", st, b))
    result("collect: bad uploads get clear 4xx: unknown or another token's "
           "report 404, unwanted kind 409, oversize 413, invalid UTF-8, NUL, "
           "bad shape, unknown kind 400, vendor token 403", not bad, bad)
    st7, b7 = up(reps[2], "vendor_data", good_v)
    st, info = api.json("GET", "/api/v1/collect/" + eh, vendor)
    paths = [x["path"] for x in info.get("samples", [])]
    got = [api.req("GET", "/api/v1/collect/%s/%s" % (eh, p_), vendor)[2]
           for p_ in paths]
    st8, _ = api.json("GET", "/api/v1/collect/%s/%s" % (
        eh, paths[0]), agent) if paths else (None, None)
    result("collect: the vendor reads the samples back (counts, list, "
           "data); an agent token may not",
           st7 == 200 and st == 200
           and info["kinds"]["log_tail"] == {"wanted": 1, "samples": 1}
           and info["kinds"]["vendor_data"] == {"wanted": 2, "samples": 1}
           and sorted(x["kind"] for x in info["samples"]) ==
           ["log_tail", "vendor_data"]
           and b"[ 1.0] boot\n[ 12.3] BUG: x\n" in got
           and good_v.encode() in got
           and st8 == 403, (st7, b7, st, info, got, st8))
    st, info = api.json("POST", "/api/v1/collect/" + eh, admin,
                        {"log_tail": 1001})
    st2, _ = api.json("POST", "/api/v1/collect/" + eh, admin,
                      {"logs": 1})
    st3, info3 = api.json("POST", "/api/v1/collect/" + eh, admin,
                          {"log_tail": 0, "vendor_data": 0})
    st, body = api.json("POST", "/api/v1/reports", agent,
                        report("e1000e", "2026-02-01", 7200))
    result("collect: wanted numbers are checked (0..1000, known kinds); an "
           "admin sets them to 0 and new reports are asked for nothing",
           (st2, st3) == (400, 200) and "0..1000" in json.dumps(info)
           and body["results"][0]["wants"] == [], (info, st2, st3, body))
    stop(proc)
    collect_race()
    if not PG_DIR:
        collect_migration()


def census():
    """Issue 16: the daily census, machine-days per dimension."""
    db = new_db("census")
    tok = lambda *a: subprocess.run(
        [SERVER, "token", "create", "--db", db, *a], capture_output=True,
        text=True).stdout.strip()
    agent, agent2 = tok("--role", "agent"), tok("--role", "agent")
    admin = tok("--role", "admin")
    vendor = tok("--role", "vendor", "--module", "wl")
    proc, port = start(db=db)
    api = Client(port)
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()

    def cs(n, kernel="6.1.0-57-amd64", market="lab-eu", device="laptop",
           mods=(("wl", "6.30.223.271"),), osr="Debian GNU/Linux 12"):
        c = {"machine_id": mid(n), "kernel_release": kernel,
             "os_release": osr, "device_type": device,
             "modules": [{"name": m, "version": v} for m, v in mods]}
        if market:
            c["market"] = market
        return c

    post = lambda body, t=agent: api.json("POST", "/api/v1/census", t, body)
    r1 = post(cs(1, mods=(("wl", "6.30.223.271"), ("nvidia", "535.1"))))
    r2 = post(cs(1, kernel="6.1.0-99-amd64"))  # same machine, same day
    r3 = post(cs(1), agent2)  # another token: still the same machine
    result("census: the first of a day counts; the same machine again that "
           "day (other kernel, other token) does not",
           r1 == (200, {"day": today, "counted": True})
           and r2 == (200, {"day": today, "counted": False})
           and r3 == (200, {"day": today, "counted": False}), (r1, r2, r3))
    post(cs(2, market=None, device="server", mods=()))
    post(cs(3, kernel="6.1.0-58-amd64", mods=(("wl", "6.30.223.248"),)))
    post(cs(4, kernel="6.1.0-58-amd64", mods=(("wl", "6.30.223.248"),)))

    def rows(body, dim):
        return {(v["key"], v.get("version")): v["machineDays"]
                for v in body.get("Value", []) if v["dim"] == dim}
    st, b = api.json("GET", "/api/v1/census", admin)
    want_k = {("6.1.0-57-amd64", None): 2, ("6.1.0-58-amd64", None): 2}
    want_m = {("nvidia", "535.1"): 1, ("wl", "6.30.223.248"): 2,
              ("wl", "6.30.223.271"): 1}
    result("census: admin gets machine-days per kernel release, module "
           "version, market and device type, and the total",
           st == 200 and b["machineDays"] == 4
           and rows(b, "kernel") == want_k and rows(b, "module") == want_m
           and rows(b, "market") == {("", None): 1, ("lab-eu", None): 3}
           and rows(b, "device") == {("laptop", None): 3,
                                      ("server", None): 1}
           and b["startDate"] <= today == b["endDate"], b)
    st, bv = api.json("GET", "/api/v1/census", vendor)
    result("census: a vendor sees the denominators but only its own "
           "modules' versions",
           st == 200 and bv["machineDays"] == 4
           and rows(bv, "kernel") == want_k
           and rows(bv, "module") == {k: v for k, v in want_m.items()
                                      if k[0] == "wl"}, bv)
    st, bk = api.json("GET", "/api/v1/census?by=kernel", admin)
    result("census: by=kernel gives that dimension and the total",
           st == 200 and bk["machineDays"] == 4
           and {v["dim"] for v in bk["Value"]} == {"kernel"}, bk)
    # perDay: each day's machine-days of the fleet, from the counts; a
    # day two days back is written straight into the table (the API only
    # counts today).
    day2 = (datetime.datetime.now(datetime.timezone.utc).date() -
            datetime.timedelta(days=2))
    sql(db, "INSERT INTO census_counts VALUES(%d, 0, '', '', 7)"
        % (day2 - datetime.date(1970, 1, 1)).days)
    rng = "startDate=%s&endDate=%s" % (day2.strftime("%m/%d/%Y"),
                                       datetime.datetime.strptime(
                                           today, "%Y-%m-%d")
                                       .strftime("%m/%d/%Y"))
    st, bd = api.json("GET", "/api/v1/census?perDay=true&" + rng, vendor)
    y = (day2 + datetime.timedelta(days=1)).isoformat()
    st2, bn = api.json("GET", "/api/v1/census?" + rng, vendor)
    bad = api.json("GET", "/api/v1/census?perDay=1", vendor)[0]
    sql(db, "DELETE FROM census_counts WHERE day = %d"
        % (day2 - datetime.date(1970, 1, 1)).days)
    result("census: perDay=true adds each day's machine-days in order "
           "(7, 0, 4), summing to the total; without it there is no "
           "'days'; perDay=1 -> 400",
           st == 200 and bd.get("days") == [
               {"date": day2.isoformat(), "machineDays": 7},
               {"date": y, "machineDays": 0},
               {"date": today, "machineDays": 4}]
           and bd["machineDays"] == 11 and st2 == 200 and "days" not in bn
           and bad == 400, (st, bd, bn, bad))
    codes = [api.json("GET", "/api/v1/census", agent)[0],
             post(cs(9), vendor)[0],
             api.json("GET", "/api/v1/census?by=color", admin)[0],
             api.json("GET", "/api/v1/census?startDate=01/01/2001",
                      admin)[0],
             api.json("GET", "/api/v1/census?foo=1", admin)[0]]
    result("census: an agent may not read it, a vendor may not send one; "
           "unknown dimension, dates outside the window, unknown "
           "parameters -> 400", codes == [403, 403, 400, 400, 400], codes)

    def raw(data):
        return api.req("POST", "/api/v1/census", agent, raw=data)[0]
    good = cs(20)
    bad_cases = {
        "not JSON": b"{machine_id",
        "an array": b"[]",
        "trailing data": json.dumps(good).encode() + b" {}",
        "machine id not hex": json.dumps(dict(good, machine_id="zz" * 16)),
        "machine id too short": json.dumps(dict(good, machine_id="ab")),
        "no kernel": json.dumps({k: v for k, v in good.items()
                                 if k != "kernel_release"}),
        "kernel with a space": json.dumps(dict(good, kernel_release="6 1")),
        "kernel not a string": json.dumps(dict(good, kernel_release=61)),
        "unknown device": json.dumps(dict(good, device_type="toaster")),
        "market with a slash": json.dumps(dict(good, market="a/b")),
        "os_release not UTF-8": json.dumps(good).replace(
            "Debian GNU/Linux 12", "Debian \u0000").encode(),
        "os_release raw bytes": json.dumps(good).encode().replace(
            b"Debian", b"Deb\xff\xfean"),
        "control character": json.dumps(dict(good, os_release="a\x01b")),
        "no modules": json.dumps({k: v for k, v in good.items()
                                  if k != "modules"}),
        "modules not an array": json.dumps(dict(good, modules={})),
        "module not an object": json.dumps(dict(good, modules=["wl"])),
        "module name with a dot": json.dumps(dict(
            good, modules=[{"name": "w.l"}])),
        "module listed twice": json.dumps(dict(good, modules=[
            {"name": "wl", "version": "1"}, {"name": "wl"}])),
        "65 modules": json.dumps(dict(good, modules=[
            {"name": "m%d" % i} for i in range(65)])),
        "version too long": json.dumps(dict(good, modules=[
            {"name": "wl", "version": "1" * 65}])),
        "nested too deep": json.dumps(dict(good, modules=[
            {"name": "wl", "version": [[["x"]]]}])),
    }
    got = {k: raw(v if isinstance(v, bytes) else v.encode())
           for k, v in bad_cases.items()}
    big = raw(json.dumps(dict(good, os_release="x" * 17000)).encode())
    st, after = api.json("GET", "/api/v1/census", admin)
    result("census: hostile bodies are refused with 400 (413 over 16 KiB) "
           "and count nothing",
           all(v == 400 for v in got.values()) and big == 413
           and after["machineDays"] == 4,
           ({k: v for k, v in got.items() if v != 400}, big,
            after.get("machineDays")))
    st, ok64 = post(dict(good, modules=[{"name": "m%02d" % i}
                                        for i in range(64)]))
    result("census: 64 modules, and a module without a version, are fine",
           st == 200 and ok64["counted"] is True, (st, ok64))
    stop(proc)


def regressions():
    """Issue 16: buckets new on a release or whose rate rose beyond chance."""
    db = new_db("regress")
    tok = lambda *a: subprocess.run(
        [SERVER, "token", "create", "--db", db, *a], capture_output=True,
        text=True).stdout.strip()
    agent, admin = tok("--role", "agent"), tok("--role", "admin")
    vendor = tok("--role", "vendor", "--module", "e1000e")
    proc, port = start(db=db)
    api = Client(port)
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    k0, k1 = "6.1.0-900-amd64", "6.1.0-901-amd64"
    # 50 machines on each release; e1000e 3.2.6-k on the first, 3.2.7-k on
    # the second
    for i in range(100):
        api.json("POST", "/api/v1/census", agent, {
            "machine_id": mid(1000 + i), "kernel_release": k1 if i % 2 else k0,
            "device_type": "vm", "modules": [{"name": "e1000e",
                                              "version": "3.2.7-k" if i % 2
                                              else "3.2.6-k"}]})
    reps = []
    # e1000e: 1 hit on k0, 12 on k1 over equal fleets: p = 14/8192, a rise
    reps.append(report("e1000e", today, 0, kernel=k0, modver="3.2.6-k"))
    reps += [report("e1000e", today, n, kernel=k1, modver="3.2.7-k")
             for n in range(1, 13)]
    # nvidia: 5 on k0, 7 on k1: p = 0.39, chance
    reps += [report("nvidia", today, n, kernel=k0) for n in range(5)]
    reps += [report("nvidia", today, n, kernel=k1) for n in range(5, 12)]
    # vmlinux: none on k0, 3 on k1: new
    reps += [report("vmlinux", today, n, kernel=k1) for n in range(3)]
    st, b = api.json("POST", "/api/v1/reports", agent, {"reports": reps})
    assert st == 200, b
    st, r = api.json("GET", "/api/v1/regressions", admin)
    found = {(v["failureHash"], v["dimension"], v["release"]): v
             for v in (r or {}).get("Value", [])}
    e = found.get((BUCKETS["e1000e"][4], "kernel", k1), {})
    m = found.get((BUCKETS["e1000e"][4], "module", "3.2.7-k"), {})
    new = found.get((BUCKETS["vmlinux"][4], "kernel", k1), {})
    result("regressions: a rise beyond chance (12 hits against 1 on equal "
           "machine-days, p = 14/8192) and a new bucket are flagged, 7 "
           "against 5 is not; kernel releases and module versions",
           st == 200 and e.get("reason") == "rise"
           and e.get("previous") == k0 and e.get("hits") == 12
           and e.get("previousHits") == 1 and e.get("machineDays") == 50
           and abs(e.get("pValue", 1) - 14 / 8192) < 1e-9
           and m.get("reason") == "rise" and m.get("module") == "e1000e"
           and new.get("reason") == "new"
           and (BUCKETS["nvidia"][4], "kernel", k1) not in found
           and r["threshold"] == 0.01 and "binomial" in r["test"], r)
    st, d = api.json("GET", "/api/v1/failures/" + BUCKETS["e1000e"][4], admin)
    result("details: hashVersion is the spec version of the bucket's "
           "reports (1), from its first sample's record",
           st == 200 and d.get("hashVersion") == 1, d)
    st, rv = api.json("GET", "/api/v1/regressions", vendor)
    result("regressions: a vendor sees its own buckets only",
           st == 200 and rv["Value"]
           and all(v["failureHash"] == BUCKETS["e1000e"][4]
                   for v in rv["Value"]), rv)
    st2, r2 = api.json("GET", "/api/v1/regressions?threshold=0.001", admin)
    codes = [api.json("GET", "/api/v1/regressions?threshold=2", admin)[0],
             api.json("GET", "/api/v1/regressions?threshold=x", admin)[0],
             api.json("GET", "/api/v1/regressions", agent)[0]]
    result("regressions: a stricter threshold drops the rise (p = 0.0017); "
           "a bad threshold -> 400, an agent -> 403",
           st2 == 200 and not any(v["failureHash"] == BUCKETS["e1000e"][4]
                                  and v["reason"] == "rise"
                                  and v["dimension"] == "kernel"
                                  for v in r2["Value"])
           and codes == [400, 400, 403], (r2, codes))
    stop(proc)


def response_edits():
    """Issue 16: a vendor edits, narrows and withdraws its responses."""
    db = new_db("respedit")
    tok = lambda *a: subprocess.run(
        [SERVER, "token", "create", "--db", db, *a], capture_output=True,
        text=True).stdout.strip()
    agent, admin = tok("--role", "agent"), tok("--role", "admin")
    ven = tok("--role", "vendor", "--module", "e1000e")
    other = tok("--role", "vendor", "--module", "nvidia")
    proc, port = start(db=db)
    api = Client(port)
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    eh, nh = BUCKETS["e1000e"][4], BUCKETS["nvidia"][4]
    r1 = report("e1000e", today, 1, kernel="6.1.0-56-amd64")
    api.json("POST", "/api/v1/reports", agent,
             {"reports": [r1, report("nvidia", today, 1)]})
    st, b = api.json("POST", "/api/v1/responses", ven, {
        "failure_hash": eh, "message": "Update e1000e",
        "link": "https://vendor.example/kb/1"})
    rid_ = b["id"]
    ask = lambda: api.json("POST", "/api/v1/responses/query", agent,
                           {"report_ids": [r1["report_id"]]})[1]["results"][0]
    body = lambda **k: dict({"failure_hash": eh, "message": "Edited",
                             "link": "https://vendor.example/kb/2"}, **k)
    path = "/api/v1/responses/%d" % rid_
    codes = [api.json("POST", path, other, body())[0],
             api.json("POST", path + "/withdraw", other)[0],
             api.json("POST", path, agent, body())[0],
             api.json("POST", path, ven, body(failure_hash=nh))[0],
             api.json("POST", "/api/v1/responses/x1", ven, body())[0],
             api.json("POST", path + "/undo", ven)[0],
             api.json("POST", "/api/v1/responses/999999", ven, body())[0],
             api.json("POST", path, ven, {"failure_hash": eh})[0]]
    result("responses: another vendor cannot edit or withdraw a response "
           "(404, as if missing), an agent may not (403), an edit naming "
           "another bucket or a bad id is 404, a bad body 400",
           codes == [404, 404, 403, 404, 404, 404, 404, 400]
           and ask()["response"]["message"] == "Update e1000e", codes)
    st1, _ = api.json("POST", path, ven, body(kernel_min="6.1.0-60"))
    a1 = ask()
    st2, _ = api.json("POST", path, ven, body(message="Edited again"))
    a2 = ask()
    result("responses: an edit narrowed past the report's kernel release "
           "stops applying to it; widened again, the edited text applies",
           st1 == 200 and a1["found"] and a1["response"] is None
           and st2 == 200 and a2["response"] == {
               "id": rid_, "message": "Edited again",
               "link": "https://vendor.example/kb/2"}, (a1, a2))
    st3, w = api.json("POST", path + "/withdraw", ven)
    a3 = ask()
    _, d = api.json("GET", "/api/v1/failures/" + eh, admin)
    st4, _ = api.json("POST", path + "/withdraw", ven)
    _, ing = api.json("POST", "/api/v1/reports", agent,
                      report("e1000e", today, 2, kernel="6.1.0-56-amd64"))
    kept = sql(db, "select message from responses_withdrawn where id = %d"
               % rid_).strip()
    result("responses: withdrawn, a response is gone from polls, details "
           "and new reports' replies, kept apart; withdrawing twice -> 404",
           st3 == 200 and w == {"id": rid_, "withdrawn": True}
           and a3["found"] and a3["response"] is None
           and d["responses"] == [] and st4 == 404
           and not ing["results"][0].get("response")
           and kept == "Edited again", (a3, d.get("responses"), st4, ing,
                                        kept))
    stop(proc)


def collect_race():
    """Uploads at the same moment (on PostgreSQL to two servers on one
    database): a report's kind is stored once and a bucket never holds
    more than it wants."""
    import threading
    db = new_db("collect_race")
    rc, out, _ = cli("token", "create", "--role", "agent", "--db", db)
    agent = out.strip()
    rc, out, _ = cli("token", "create", "--role", "admin", "--db", db)
    admin = out.strip()
    procs = [start("--window-days", "36500", db=db)]
    if PG_DIR:
        procs.append(start("--window-days", "36500", db=db))
    apis = [Client(port) for _, port in procs]
    reps = [report("nvidia", "2026-02-03", 7300 + i, machine=i)
            for i in range(13)]
    st, _ = apis[0].json("POST", "/api/v1/reports", agent, {"reports": reps})
    got = collections.defaultdict(list)

    def up(key, i, r):
        api = apis[i % len(apis)]
        got[key].append(api.json(
            "POST", "/api/v1/reports/%s/extras" % r["report_id"], agent,
            {"kind": "log_tail", "data": "tail %d of %s" % (i, key)}))

    def race(key, targets):
        threads = [threading.Thread(target=up, args=(key, i, r))
                   for i, r in enumerate(targets)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sorted(st_ for st_, _ in got[key])

    same = race("same", [reps[0]] * 8)
    many = race("many", reps[1:])
    st_i, info = apis[-1].json("GET", "/api/v1/collect/"
                               + BUCKETS["nvidia"][4], admin)
    held = sorted(x["report_id"] for x in info.get("samples", []))
    won = sorted([reps[0]["report_id"]] +
                 [b["report_id"] for st_, b in got["many"] if st_ == 200])
    for p_, _ in procs:
        stop(p_)
    result("collect: uploads at the same moment%s: one report's kind is "
           "stored once (1 of 8), the bucket takes what it wants and no more "
           "(2 more of 12, 3 in all)"
           % (" to two servers on one database" if PG_DIR else ""),
           st == 200 and same == [200] + [409] * 7
           and many == [200] * 2 + [409] * 10 and st_i == 200
           and info["kinds"]["log_tail"] == {"wanted": 3, "samples": 3}
           and held == won, (same, many, st_i, info, won))


# What SQLite migrations 5 (count and weight) and 6 (daily_bdim) add, so
# that a database can be taken back to what older servers made.
UNDO_AFTER_4 = (
    "DROP TRIGGER daily_bdim_insert; DROP TRIGGER daily_bdim_update;"
    " DROP TABLE daily_bdim;" + "".join(
        " ALTER TABLE reports DROP COLUMN %s;" % c
        for c in ("day", "dim_id", "count", "weight", "weighted",
                  "mod_name", "mod_version", "mod_srcversion"))
    + " ALTER TABLE buckets DROP COLUMN reports;")


def collect_migration():
    """A database made before versioned migrations (the collect tables made
    by IF NOT EXISTS at every open, user_version 0) and one made without
    the collect tables (version 3) both open and keep or get them."""
    db = new_db("collect_old")
    rc, out, _ = cli("token", "create", "--role", "agent", "--db", db)
    agent = out.strip()
    rc, out, _ = cli("token", "create", "--role", "admin", "--db", db)
    admin = out.strip()
    r0, r1 = (report("e1000e", "2026-02-04", 7400 + i) for i in range(2))
    proc, port = start("--window-days", "36500", db=db)
    api = Client(port)
    api.json("POST", "/api/v1/reports", agent, {"reports": [r0, r1]})
    st0, _ = api.json("POST", "/api/v1/reports/%s/extras" % r0["report_id"],
                      agent, {"kind": "log_tail", "data": "old tail"})
    stop(proc)
    v_new = sql(db, "PRAGMA user_version").strip()
    # What a server before migrations left: no daily_dims, no
    # reports_received, version 0; the collect tables with their rows.
    sql(db, UNDO_AFTER_4 + "DROP TABLE daily_dims;"
            " DROP INDEX reports_received; PRAGMA user_version = 0;")
    proc, port = start("--window-days", "36500", db=db)
    api = Client(port)
    path = "/api/v1/collect/%s/%s/log_tail" % (BUCKETS["e1000e"][4],
                                              r0["report_id"])
    st1, _, data = api.req("GET", path, admin)
    st2, b2 = api.json("POST", "/api/v1/reports/%s/extras" % r0["report_id"],
                       agent, {"kind": "log_tail", "data": "again"})
    stop(proc)
    v_old = sql(db, "PRAGMA user_version").strip()
    sql(db, UNDO_AFTER_4 + "DROP TABLE collect_samples;"
            " DROP TABLE collect_wanted; PRAGMA user_version = 3;")
    proc, port = start("--window-days", "36500", db=db)
    api = Client(port)
    st3, b3 = api.json("POST", "/api/v1/reports/%s/extras" % r1["report_id"],
                       agent, {"kind": "log_tail", "data": "new tail"})
    stop(proc)
    v_3 = sql(db, "PRAGMA user_version").strip()
    result("collect: SQLite migration 4 opens a database whose collect "
           "tables predate versions (sample kept, a resend still 409) and "
           "adds them to a version 3 database",
           st0 == 200 and st1 == 200 and data == b"old tail" and st2 == 409
           and st3 == 200 and b3.get("samples") == 1
           and v_new == v_old == v_3 and int(v_new) >= 6,
           (st0, st1, data, st2, b2, st3, b3, v_new, v_old, v_3))


def send_raw(port, data, timeout=5, until_close=False):
    """Sends raw bytes and returns the raw reply: up to the end of the
    first reply's Content-Length bytes (a timeout ends it early), or with
    until_close everything until the server closes (any socket error ends
    it)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(data)
    buf = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
            if until_close:
                continue
            head, sep, body = buf.partition(b"\r\n\r\n")
            m = re.search(rb"content-length: *(\d+)", head, re.I)
            if sep and m and len(body) >= int(m.group(1)):
                break
    except OSError as e:
        if not until_close and not isinstance(e, socket.timeout):
            raise
    s.close()
    return buf


def raw_http(port, data, timeout=5):
    """Sends raw bytes, returns (status, body) of the reply."""
    buf = send_raw(port, data, timeout)
    m = re.match(rb"HTTP/1\.[01] (\d+)", buf)
    return (int(m.group(1)) if m else None), buf.partition(b"\r\n\r\n")[2]


def http_edge(db, agent):
    """Issue 12 findings 4 and 7: slow heads, framing, NUL in the path."""
    import threading
    proc, port = start("--max-conns", "3", "--head-timeout", "3",
                       "--threads", "2", db=db)
    stop_evt = threading.Event()
    slow = []
    for i in range(3):
        c = socket.create_connection(("127.0.0.1", port), timeout=10)
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        slow.append(c)
        time.sleep(0.1)

    def trickle():
        while not stop_evt.is_set():
            for c in slow:
                try:
                    c.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass
            time.sleep(0.5)
    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    time.sleep(0.5)
    t0 = time.time()
    st, _ = raw_http(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                     b"Connection: close\r\n\r\n", timeout=5)
    took = time.time() - t0
    time.sleep(4)
    closed = 0
    for c in slow:
        try:
            c.settimeout(1)
            closed += c.recv(100) == b""
        except OSError:
            closed += 1
    stop_evt.set()
    result("/healthz answers while slow clients hold every connection, and "
           "a trickled head is cut after --head-timeout",
           st == 200 and took < 3 and closed == 3, (st, took, closed))
    h = report("e1000e", "2026-01-05", 5000)
    body = json.dumps(h).encode()
    base = (b"POST /api/v1/reports HTTP/1.1\r\nHost: x\r\n"
            b"Authorization: Bearer " + agent.encode() +
            b"\r\nContent-Type: application/json\r\n")
    st1, b1 = raw_http(port, base + b"Content-Length: %d\r\n"
                       b"Content-Length: %d\r\n\r\n" % (len(body),
                                                       len(body) - 5) + body)
    st2, b2 = raw_http(port, base + b"Content-Length: %d\r\n"
                       b"Transfer-Encoding: chunked\r\n\r\n" % len(body) +
                       b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n")
    st3, b3 = raw_http(port, b"GET /api/v1/failures/" +
                       BUCKETS["e1000e"][4].encode() +
                       b"%00/stacktrace HTTP/1.1\r\nHost: x\r\n"
                       b"Authorization: Bearer " + agent.encode() +
                       b"\r\nConnection: close\r\n\r\n")
    st4, b4 = raw_http(port, b"GET /api/v1/top?limit=1%00 HTTP/1.1\r\n"
                       b"Host: x\r\nConnection: close\r\n\r\n")
    result("strict framing: two Content-Length -> 400, Content-Length with "
           "Transfer-Encoding -> 400, %00 in the path -> 400",
           (st1, st2, st3) == (400, 400, 400) and b"framing" in b1
           and b"framing" in b2 and b"NUL" in b3, (st1, b1[:120], st2,
                                                     b2[:120], st3, b3[:120]))
    stop(proc)


def http_errors(db, agent):
    """The replies libmicrohttpd makes itself, before any handler: each is
    the API's JSON error body, never the library's HTML page."""
    proc, port = start(db=db)
    ok = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    post = (b"POST /api/v1/reports HTTP/1.1\r\nHost: x\r\n"
            b"Authorization: Bearer " + agent.encode() +
            b"\r\nContent-Type: application/json\r\n")
    cases = {
        "a head over the connection's memory":
            (ok + b"X-Big: " + b"a" * 70000 + b"\r\n\r\n", (413, 414, 431)),
        "a header line without a colon":
            (ok + b"no colon here\r\n\r\n", (400,)),
        "HTTP/1.1 without Host":
            (b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n", (400,)),
        "HTTP/3.0": (b"GET /healthz HTTP/3.0\r\nHost: x\r\n\r\n", (505,)),
        "a Content-Length that is not a number":
            (post + b"Content-Length: 12x\r\n\r\n", (400,)),
        "a Content-Length past 2^64":
            (post + b"Content-Length: 99999999999999999999999\r\n\r\n",
             (413,)),
        "a chunk size that is not hex":
            (post + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n", (400,)),
        "a chunk size past 2^64":
            (post + b"Transfer-Encoding: chunked\r\n\r\n" + b"f" * 20 +
             b"\r\n\r\n", (413,)),
    }
    bad = {}
    for name, (data, want) in cases.items():
        buf = send_raw(port, data, until_close=True)
        m = re.match(rb"HTTP/1\.1 (\d+)", buf)
        n = re.findall(rb"content-length: *(\d+)", buf, re.I)
        # (0.9.75 writes the status line and head of its own replies
        # twice; the body is the last Content-Length bytes)
        body = buf[-int(n[-1]):] if n and int(n[-1]) else b""
        try:
            err = json.loads(body)["error"]
            good = (m and int(m.group(1)) in want
                    and isinstance(err["code"], str) and err["message"]
                    and b"<" not in buf
                    and re.search(rb"content-type: application/json", buf,
                                  re.I))
        except (ValueError, KeyError, TypeError):
            good = False
        if not good:
            bad[name] = buf[:300]
    result("libmicrohttpd's own error replies (head too big, malformed "
           "header, no Host, HTTP/3.0, bad Content-Length, bad or huge "
           "chunk) carry the JSON error body, no HTML", not bad, bad)
    stop(proc)


def tls(db, agent):
    """TLS built in: a test CA made here with openssl signs the server."""
    import ssl
    d = os.path.join(TMP, "tls")
    os.makedirs(d, exist_ok=True)
    run = lambda *a: subprocess.run(a, capture_output=True, cwd=d, timeout=60)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj",
        "/CN=bugcheck test CA")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout",
        "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    with open(os.path.join(d, "ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\n")
    p = run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt",
            "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt",
            "-days", "2", "-extfile", "ext")
    proc, port = start("--tls-cert", os.path.join(d, "server.crt"),
                       "--tls-key", os.path.join(d, "server.key"),
                       "--window-days", "36500", db=db)
    ctx = ssl.create_default_context(cafile=os.path.join(d, "ca.crt"))
    url = "https://127.0.0.1:%d" % port
    try:
        with urllib.request.urlopen(url + "/healthz", context=ctx,
                                    timeout=10) as r:
            h_st = r.status
        rq = urllib.request.Request(
            url + "/api/v1/reports", method="POST",
            data=json.dumps(report("vmlinux", "2026-01-07", 77)).encode(),
            headers={"Authorization": "Bearer " + agent,
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(rq, context=ctx, timeout=10) as r:
            p_st = r.status
    except (OSError, urllib.error.URLError) as e:
        h_st = p_st = repr(e)
    plain, _ = raw_http(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                        timeout=3)
    result("TLS: --tls-cert/--tls-key serve HTTPS verified against a test "
           "CA; plain HTTP gets no HTTP answer",
           p.returncode == 0 and h_st == 200 and p_st == 200
           and plain is None, (p.stderr[-300:], h_st, p_st, plain))
    stop(proc)


def weights():
    """count x weight hits (issue 14), the cap, and count updates."""
    import threading
    db = new_db("weights")
    tok = {}
    for role in ("agent", "agent2", "admin"):
        rc, out, err = cli("token", "create", "--role", role.rstrip("2"),
                           "--db", db)
        tok[role] = out.strip()
    cap = 500
    proc, port = start("--window-days", "36500", "--max-report-hits",
                       str(cap), "--rate", "1000", "--burst", "1000", db=db)
    api = Client(port)
    reps = []
    for i in range(24):
        r = report(("e1000e", "nvidia", "vmlinux")[i % 3],
                   "2026-04-%02d" % (1 + i % 9), 12000 + i, machine=i % 4,
                   market=("lab-eu", "prod-us")[i % 2],
                   device=("vm", "server", "laptop")[i % 3],
                   kernel=("6.1.0-56-amd64", "6.12.9-amd64")[i // 12])
        if i % 4:
            r["count"] = 1 + i % 5
        if i % 3 != 1:
            r["weight"] = (1, 10, 100, 7)[i % 4]
        reps.append(r)
    reps[5]["count"], reps[5]["weight"] = 40, 1000  # over the cap

    def hits_of(r):
        return min(r.get("count", 1) * r.get("weight", 1), cap)

    st, body = api.json("POST", "/api/v1/reports", tok["agent"],
                        {"reports": reps})
    ok_ingest = st == 200 and not any(x["duplicate"]
                                      for x in body["results"])

    def model(group, pred=None, agg="day"):
        c = collections.Counter()
        for r in reps:
            d = datetime.date.fromisoformat(r["crash_time"][:10])
            row = fields_of(r)
            if pred and not pred(row):
                continue
            c[(period_start(d, agg).isoformat(),)
              + tuple(row[g] for g in group)] += hits_of(r)
        return c

    def check(group, pred=None, agg="day", **extra):
        st, body = api.hits(tok["admin"], startDate="04/01/2026",
                            endDate="04/30/2026", aggregationLevel=agg,
                            groupby=",".join(group), **extra)
        got = rows_to_counter(body.get("Value", []), group) \
            if st == 200 else {}
        want = model(group, pred, agg)
        return got == want, (group, st, sorted(set(got.items())
                                               ^ set(want.items()))[:4])

    shapes = [check(["failureHash"]), check(["failureHash"], agg="month"),
              check(["market"]),
              check(["failureHash", "market"], agg="week"),
              check(["osBuild"], lambda r: r["deviceType"] == "vm",
                    filter="deviceType eq 'vm'")]
    result("count x weight: failurehits counts each report's count times "
           "its weight, capped by max_report_hits, in every shape",
           ok_ingest and all(ok for ok, _ in shapes),
           [d for ok, d in shapes if not ok] or body)

    st, top = api.json("GET", "/api/v1/top?limit=10", tok["admin"])
    want_top = collections.Counter()
    for r in reps:
        want_top[r["classification"]["failure_hash"]] += hits_of(r)
    got_top = {b["failureHash"]: b["hits"] for b in top.get("Value", [])} \
        if st == 200 else {}
    fh = BUCKETS["e1000e"][4]
    st_d, det = api.json("GET", "/api/v1/failures/" + fh, tok["admin"])
    mine = [r for r in reps if r["classification"]["failure_hash"] == fh]
    kern = collections.Counter()
    for r in mine:
        kern[r["kernel_release"]] += hits_of(r)
    got_kern = {k["release"]: k["hits"]
                for k in det.get("kernelReleases", [])} if st_d == 200 else {}
    kinds = collections.Counter(x["kind"] for x in det.get("samples", []))
    result("count x weight: top and details count weighted hits; machines "
           "stay distinct machines; the first five samples are the first "
           "five reports",
           got_top == dict(want_top) and top.get("TotalHits") ==
           sum(want_top.values())
           and det.get("hits") == want_top[fh]
           and det.get("machines") == len({r["machine_id"] for r in mine})
           and got_kern == dict(kern)
           and kinds["first"] == 5 and kinds["latest"] == 1,
           (got_top, dict(want_top), top.get("TotalHits"), det.get("hits"),
            det.get("machines"), got_kern, dict(kern), kinds))

    bad = []
    for field, val in (("count", 0), ("count", -3), ("count", 1.5),
                       ("count", "2"), ("weight", 0), ("weight", -1),
                       ("weight", 2.0), ("weight", True),
                       ("count", 1 << 40), ("weight", 1 << 63)):
        r = report("nvidia", "2026-04-20", 13000 + len(bad))
        r[field] = val
        st, body = api.json("POST", "/api/v1/reports", tok["agent"], r)
        bad.append((field, val, st,
                    field in (body or {}).get("error", {}).get("message",
                                                               "")))
    st, body = api.hits(tok["admin"], startDate="04/20/2026",
                        endDate="04/20/2026", groupby="failureHash")
    result("count x weight: zero, negative, fractional, string, boolean or "
           "too large count/weight -> 400 naming the field, nothing stored",
           all(b[2] == 400 and b[3] for b in bad)
           and st == 200 and body["TotalCount"] == 0, (bad, body))

    # ---- count updates ------------------------------------------------
    r = report("nvidia", "2026-04-25", 14000, machine=9, market="prod-eu")
    r["weight"] = 3
    st, body = api.json("POST", "/api/v1/reports", tok["agent"], r)
    path = "/api/v1/reports/%s/count" % r["report_id"]
    seq = [api.json("POST", path, tok["agent"], {"count": n})
           for n in (5, 5, 2, 7)]
    up = [(st, b.get("count"), b.get("hits"), b.get("added"))
          for st, b in seq]
    st, body = api.hits(tok["admin"], startDate="04/25/2026",
                        endDate="04/25/2026", groupby="failureHash,market")
    got = [(v["market"], v["eventCount"]) for v in body.get("Value", [])]
    st_d, det = api.json("GET", "/api/v1/failures/" + BUCKETS["nvidia"][4],
                         tok["admin"])
    want_det = sum(hits_of(x) for x in reps
                   if x["classification"]["failure_hash"] ==
                   BUCKETS["nvidia"][4]) + 21
    result("count update: the server keeps the largest count and adds "
           "(new - old) x weight once; a retry or a lower count adds nothing",
           up == [(200, 5, 15, 12), (200, 5, 15, 0), (200, 5, 15, 0),
                  (200, 7, 21, 6)]
           and got == [("prod-eu", 21)] and det.get("hits") == want_det,
           (up, got, det.get("hits"), want_det))

    r2 = report("vmlinux", "2026-04-26", 14001, machine=3)
    r2["weight"] = 1000
    api.json("POST", "/api/v1/reports", tok["agent"], r2)
    st_c, capped = api.json("POST", "/api/v1/reports/%s/count" %
                            r2["report_id"], tok["agent"], {"count": 9})
    result("count update: the cap holds for updates too",
           st_c == 200 and capped.get("hits") == cap
           and capped.get("added") == cap - 500 and capped.get("count") == 9,
           (st_c, capped))

    r3 = report("e1000e", "2026-04-27", 14002, machine=5)
    r3["weight"] = 2
    api.json("POST", "/api/v1/reports", tok["agent"], r3)
    path3 = "/api/v1/reports/%s/count" % r3["report_id"]
    answers = []

    def post(n):
        answers.append(api.json("POST", path3, tok["agent"], {"count": n}))

    threads = [threading.Thread(target=post, args=(n,))
               for n in list(range(2, 12)) * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    added = sum(b.get("added", 0) for st, b in answers if st == 200)
    st, body = api.hits(tok["admin"], startDate="04/27/2026",
                        endDate="04/27/2026", groupby="failureHash")
    got = [v["eventCount"] for v in body.get("Value", [])]
    result("count update: 20 concurrent updates (counts 2..11, each twice) "
           "leave count 11 and add 20 hits in all",
           all(st == 200 for st, _ in answers) and added == 20
           and got == [22], (added, got, answers[:3]))

    other = api.json("POST", path3, tok["agent2"], {"count": 50})
    unknown = api.json("POST", "/api/v1/reports/%s/count" % ("ab" * 20),
                       tok["agent"], {"count": 2})
    bodies = [api.json("POST", path3, tok["agent"], b)
              for b in ({"count": 0}, {"count": -1}, {"count": 2.5},
                        {"count": "3"}, {}, {"count": 1 << 40})]
    st_raw, _, _ = api.req("POST", path3, tok["agent"], raw=b"{\"count\":")
    admin_tok = api.json("POST", path3, tok["admin"], {"count": 50})
    st, body = api.hits(tok["admin"], startDate="04/27/2026",
                        endDate="04/27/2026", groupby="failureHash")
    got = [v["eventCount"] for v in body.get("Value", [])]
    result("count update: another token's report and an unknown id -> the "
           "same 404; bad bodies -> 400; nothing changes",
           other[0] == 404 and unknown[0] == 404
           and other[1]["error"]["message"].replace(
               r3["report_id"], "X") == unknown[1]["error"][
                   "message"].replace("ab" * 20, "X")
           and all(st == 400 for st, _ in bodies) and st_raw == 400
           and admin_tok[0] == 404 and got == [22],
           (other, unknown, bodies, st_raw, admin_tok, got))
    # a report stored before migration 5 has no crash day on record
    sql(db, "UPDATE reports SET day = -1 WHERE report_id = '%s'"
        % r["report_id"])
    st_old, old = api.json("POST", path, tok["agent"], {"count": 9})
    result("count update: a report stored before counts were kept -> 404",
           st_old == 404, (st_old, old))
    st_v, _ = api.json("POST", path3, token_in(db, "vendor", "e1000e"),
                       {"count": 3})
    result("count update: a vendor token may not (403)", st_v == 403, st_v)
    stop(proc)


def plans():
    """Each rollup failurehits may read answers as daily joined with dims."""
    db = new_db("plans")
    tok = {r: token_in(db, r) for r in ("agent", "admin")}
    tok["vendor"] = token_in(db, "vendor", "e1000e", "vmlinux")
    common = ("--window-days", "36500", "--rate", "0")
    proc, port = start(*common, db=db)
    full_env = dict(os.environ, BUGCHECK_QUERY_PLAN="full")
    proc_f, port_f = start(*common, db=db, env=full_env)
    api, ref = Client(port), Client(port_f)
    reps = []
    for i in range(90):
        r = report(("e1000e", "nvidia", "vmlinux")[i % 3],
                   "2026-05-%02d" % (1 + (i * 7) % 28), 15000 + i,
                   machine=i % 6, market=("lab-eu", "prod-us", "")[i % 3
                                                                  if i % 5
                                                                  else 1],
                   device=("vm", "server", "laptop", "desktop")[i % 4],
                   kernel=("6.1.0-56-amd64", "6.12.9-amd64",
                           "6.1.0-25-amd64")[i % 3 if i % 2 else 2],
                   modver="3.2.%d" % (i % 3),
                   event=("oops", "warning", "hang")[i % 3 if i % 4 else 0])
        r["weight"] = 1 + i % 4
        reps.append(r)
    st, _ = api.json("POST", "/api/v1/reports", tok["agent"],
                     {"reports": reps})
    for r in reps[::7]:  # some counts raised afterwards
        api.json("POST", "/api/v1/reports/%s/count" % r["report_id"],
                 tok["agent"], {"count": 4})
    shapes = [
        ("admin", "groupby=failureHash"),
        ("admin", "groupby=failureHash,market&aggregationLevel=week"),
        ("admin", "groupby=failureHash,market&aggregationLevel=month"
                  "&orderby=eventCount%20desc"),
        ("admin", "groupby=failureName,osBuild&top=3&skip=1"),
        ("admin", "groupby=symbol,deviceType&orderby=eventCount%20desc"),
        ("admin", "groupby=failureHash&aggregationLevel=month"
                  "&filter=market%20eq%20%27lab-eu%27"),
        ("admin", "groupby=productName&aggregationLevel=week&filter="
                  "market%20eq%20%27lab-eu%27%20or%20market%20eq%20%27%27"),
        ("admin", "groupby=market&filter=productName%20ne%20%27nvidia%27"),
        ("admin", "groupby=market"),
        ("admin", "groupby=osBuild&filter=deviceType%20eq%20%27vm%27"),
        ("admin", "groupby=failureHash,osBuild&aggregationLevel=week"
                  "&filter=deviceType%20eq%20%27vm%27"),
        ("admin", "groupby=eventType,applicationVersion,fileName"),
        ("admin", "groupby=failureHash,osRelease,osVersion"
                  "&aggregationLevel=month"),
        ("vendor", "groupby=market"),
        ("vendor", "groupby=failureHash,market&aggregationLevel=week"),
        ("vendor", "groupby=osBuild&filter=deviceType%20eq%20%27server%27"),
        ("vendor", "groupby=deviceType&aggregationLevel=month"),
        ("vendor", "groupby=applicationVersion&filter=osBuild%20eq%20"
                   "%276.1.0-25-amd64%27"),
    ]
    # The top page's per-bucket cells (first and last day, kernel
    # releases) under its filters: bucket by day and bucket by release
    # for a set of hashes and a view filter on no, one or two dimensions.
    hs = "(failureHash eq '%s' or failureHash eq '%s')" % (
        BUCKETS["e1000e"][4], BUCKETS["vmlinux"][4])
    for who, view in (("admin", ""), ("admin", " and (market eq 'lab-eu')"),
                      ("admin", " and (osBuild eq '6.1.0-56-amd64')"),
                      ("admin", " and (deviceType eq 'vm' and "
                                "eventType eq 'oops')"),
                      ("vendor", " and (market eq 'prod-us')")):
        f = urllib.parse.quote(hs + view)
        shapes.append((who, "groupby=failureHash,osBuild&top=10000"
                            "&filter=" + f))
        shapes.append((who, "groupby=failureHash,osBuild&top=10000"
                            "&aggregationLevel=month&filter=" + f))
    # migration 10's paths: the by-day index (default order, paging, past
    # the end) and weeks and months from the period rollups
    shapes += [
        ("admin", "groupby=failureHash&top=3&skip=2"),
        ("admin", "groupby=failureHash&top=5&skip=100000"),
        ("vendor", "groupby=failureHash&top=4"),
        ("admin", "groupby=failureHash&aggregationLevel=week&top=7"),
        ("admin", "groupby=failureHash&aggregationLevel=month"
                  "&orderby=eventCount%20desc"),
        ("vendor", "groupby=failureHash&aggregationLevel=month&top=2"
                   "&skip=1"),
        ("admin", "groupby=productName,failureHash&aggregationLevel=week"),
        ("admin", "groupby=failureHash,market&aggregationLevel=month"
                  "&filter=deviceType%20eq%20%27vm%27"),
        ("vendor", "groupby=failureHash,osBuild&aggregationLevel=month"),
    ]
    base = "/api/v1/failurehits?startDate=05/01/2026&endDate=05/31/2026&"
    diffs, sizes = [], []

    def ask(cl, who, q):
        st, body = cl.json("GET", base + q, tok[who])
        rows = collections.Counter(
            tuple(sorted(r.items())) for r in body.get("Value", [])) \
            if st == 200 else None
        return st, rows, body.get("TotalCount") if st == 200 else None

    for who, q in shapes:
        a, b = ask(api, who, q), ask(ref, who, q)
        sizes.append(len(a[1] or ()))
        if a != b or a[0] != 200:
            diffs.append((who, q, a[0], b[0], a[2], b[2]))
    result("query plans: %d failurehits shapes (bucket, dims, bucket x one "
           "dimension, vendor scope, paging) answer exactly as daily "
           "joined with dims (BUGCHECK_QUERY_PLAN=full)" % len(shapes),
           st == 200 and not diffs and all(sizes[:-9]), (diffs, sizes))
    # Windows that cut weeks and months (partial periods read from daily
    # rows or as the period less the days outside), then again after old
    # days are dropped from the rollups as retention does.
    windows = ("05/04/2026", "05/20/2026"), ("04/29/2026", "05/06/2026"), \
        ("05/13/2026", "05/13/2026"), ("05/02/2026", "06/30/2026")
    drift0 = period_drift(db)
    for phase in ("", " after days dropped"):
        wdiffs = []
        for s0, s1 in windows:
            base = "/api/v1/failurehits?startDate=%s&endDate=%s&" % (s0, s1)
            for who, q in shapes:
                a, b = ask(api, who, q), ask(ref, who, q)
                if a != b or a[0] != 200:
                    wdiffs.append((s0, s1, who, q, a[2], b[2]))
        result("query plans: the same shapes over %d windows cutting weeks "
               "and months answer as the reference%s"
               % (len(windows), phase), not wdiffs, wdiffs[:5])
        for t in ("daily", "daily_bucket", "daily_dims", "daily_bdim"):
            sql(db, "DELETE FROM %s WHERE day < %d" % (t, 20588))
    result("query plans: the week and month rollups agree with the daily "
           "ones after ingest and count updates, and after deletes",
           drift0 == 0 and period_drift(db) == 0, (drift0, period_drift(db)))
    base = "/api/v1/failurehits?startDate=05/01/2026&endDate=05/31/2026&"
    # The planned server must really read daily_bdim: skew it and look.
    sql(db, "UPDATE daily_bdim SET hits = hits + 1000 WHERE kind = 7")
    q = "groupby=failureHash,market&aggregationLevel=month"
    skew, same = ask(api, "admin", q), ask(ref, "admin", q)
    sql(db, "UPDATE daily_bdim SET hits = hits - 1000 WHERE kind = 7")
    back = ask(api, "admin", q)
    result("query plans: failureHash,market reads daily_bdim (a skewed "
           "copy shows), the reference path does not",
           skew != same and back == same and back[0] == 200,
           (skew[2], same[2]))
    stop(proc)
    # Migration 6 on a database that has reports: back to version 5,
    # then open it again; the table is filled from daily.
    if PG_DIR:
        # (and the later migrations, census and withdrawn responses,
        # which PostgreSQL runs again after it)
        sql(db, "DROP TRIGGER daily_bdim ON daily;"
            " DROP FUNCTION bugcheck_daily_bdim(); DROP TABLE daily_bdim;"
            " DROP TABLE census_machines; DROP TABLE census_counts;"
            " DROP TABLE responses_withdrawn;"
            " DELETE FROM bugcheck_schema WHERE version >= 6")
    else:
        sql(db, "DROP TRIGGER daily_bdim_insert; DROP TRIGGER"
            " daily_bdim_update; DROP TABLE daily_bdim;"
            " PRAGMA user_version = 5")
    proc, port = start(*common, db=db)
    api = Client(port)
    diffs = [(who, q) for who, q in shapes
             if ask(api, who, q) != ask(ref, who, q)]
    n_rows = sql(db, "SELECT count(*) FROM daily_bdim").strip()
    result("query plans: migration 6 fills daily_bdim from the reports "
           "already counted (same answers after the upgrade)",
           not diffs and n_rows not in ("", "0"), (diffs, n_rows))
    stop(proc)
    stop(proc_f)


def slot_drift(db, table, key, source):
    """@table's days slots (31 a row, keyed by month and @key) that disagree
    with @source's hits, rows with days of the wrong length, and @source
    rows without their month's row; 0 when in step.  SQLite keeps 31
    numbers of 12 digits, PostgreSQL an array of 31."""
    slot = ("b.days[s.k + 1]" if PG_DIR else
            "CAST(substr(b.days, s.k * 12 + 1, 12) AS BIGINT)")
    size = ("cardinality(days) <> 31" if PG_DIR else "length(days) <> 372")
    out = sql(db, "WITH RECURSIVE s(k) AS (SELECT 0 UNION ALL SELECT k + 1"
              " FROM s WHERE k < 30) SELECT (SELECT count(*) FROM"
              " {t} b CROSS JOIN s WHERE {slot} <> coalesce((SELECT"
              " d.hits FROM {src} d WHERE d.day = b.month + s.k AND"
              " d.month = b.month AND d.{k} = b.{k}), 0)) +"
              " (SELECT count(*) FROM {t} WHERE {size}) + (SELECT count(*)"
              " FROM {src} d WHERE NOT EXISTS (SELECT 1 FROM {t} b WHERE"
              " b.month = d.month AND b.{k} = d.{k}))".format(
                  t=table, k=key, src=source, slot=slot,
                  size=size)).strip()
    return int(out) if out.isdigit() else out


def block_drift(db):
    """monthly_bucket.days slots that disagree with daily_bucket; 0 when in
    step."""
    return slot_drift(db, "monthly_bucket", "bucket_id", "daily_bucket")


def bdim_days_drift(db):
    """daily_bdim_days rows that disagree with daily_bdim's row counts per
    dimension and day; 0 when in step."""
    out = sql(db, "SELECT count(*) FROM (SELECT kind, day, count(*) c FROM"
              " daily_bdim GROUP BY kind, day) x FULL OUTER JOIN"
              " (SELECT kind, day, n FROM daily_bdim_days WHERE n <> 0) y"
              " ON x.kind = y.kind AND x.day = y.day"
              " WHERE x.c IS NULL OR y.n IS NULL OR x.c <> y.n"
              if PG_DIR else
              "SELECT (SELECT count(*) FROM (SELECT kind, day, count(*) c"
              " FROM daily_bdim GROUP BY kind, day) x WHERE x.c <>"
              " coalesce((SELECT n FROM daily_bdim_days y WHERE y.kind ="
              " x.kind AND y.day = x.day), 0)) + (SELECT count(*) FROM"
              " daily_bdim_days y WHERE n <> (SELECT count(*) FROM daily_bdim"
              " x WHERE x.kind = y.kind AND x.day = y.day))").strip()
    return int(out) if out.isdigit() else out


def dims_drift(db):
    """monthly_dims slots that disagree with daily_dims; 0 when in step."""
    return slot_drift(db, "monthly_dims", "dim_id", "daily_dims")


PLAN_COMMON = ("--window-days", "36500", "--rate", "0")


def plan_rig(name, loads, switch, full=True):
    """The set-up of the query-path comparisons: a database filled by
    bugcheck-server-load (one run per argument list of @loads) and a
    server per plan on it: the default, the path under test switched off
    (@switch=off) and, with @full, BUGCHECK_QUERY_PLAN=full.  Returns
    (db, procs, clients)."""
    db = new_db(name)
    load = os.path.join(os.path.dirname(SERVER), "bugcheck-server-load")
    for args in loads:
        p = subprocess.run([load, "--db", db, *args], capture_output=True,
                           text=True, timeout=600)
        assert p.returncode == 0, p.stderr
    envs = [None, dict(os.environ, **{switch: "off"})]
    if full:
        envs.append(dict(os.environ, BUGCHECK_QUERY_PLAN="full"))
    procs = [start(*PLAN_COMMON, db=db, env=e) for e in envs]
    return db, procs, [Client(port) for _, port in procs]


def hits_rows(cl, tok, q):
    """failurehits ?@q: (status, its rows as sorted tuples, TotalCount)."""
    st, body = cl.json("GET", "/api/v1/failurehits?" + q, tok)
    if st != 200:
        return st, None, None
    return st, [tuple(sorted(r.items())) for r in body["Value"]], \
        body.get("TotalCount")


def plan_diffs(cls, ask, shapes):
    """Each shape (the arguments of @ask after the client) asked of the
    default plan and of the one with the path off, row for row; with
    top=10000, also of the full plan, as a multiset of rows.  Returns
    (diffs, full, sizes): the shapes that differ, those that differ from
    the full plan, and the default's row counts."""
    diffs, full, sizes = [], [], []
    for args in shapes:
        a, b = ask(cls[0], *args), ask(cls[1], *args)
        sizes.append(len(a[1] or ()))
        if a != b or a[0] != 200:
            diffs.append((args, a[0], b[0], a[2], b[2]))
        if len(cls) > 2 and "top=10000" in args[-1]:
            c = ask(cls[2], *args)
            if (a[0], collections.Counter(a[1] or ()), a[2]) != \
                    (c[0], collections.Counter(c[1] or ()), c[2]):
                full.append((args, a[2], c[2]))
    return diffs, full, sizes


def vendor_seek():
    """A vendor's failurehits on daily or daily_bdim (SQLite) seek the
    table's key per day and bucket of the vendor: the same answers as the
    scope joined with buckets on every row (BUGCHECK_QUERY_SEEK=off) on
    random shapes (one and two dimensions with bucket fields, filters on
    both kinds of field, day, week, month and all, orders, paging,
    windows, late crashes)."""
    import random
    db, procs, cls = plan_rig(
        "seek",
        (("--reports", "5000", "--buckets", "600", "--days", "40",
           "--end-date", "06/14/2026", "--seed", "41"),
         ("--reports", "500", "--buckets", "600", "--days", "20",
           "--end-date", "05/12/2026", "--seed", "42")),
        "BUGCHECK_QUERY_SEEK", full=False)
    tok = token_in(db, "vendor", "nvidia", "zfs", "e1000e")

    def ask(cl, q):
        return hits_rows(cl, tok, q)

    rng = random.Random(18)
    windows = [("05/01/2026", "06/14/2026"), ("05/06/2026", "06/04/2026"),
               ("05/14/2026", "05/14/2026"), ("04/20/2026", "05/03/2026"),
               ("01/01/2025", "12/01/2026")]
    groups = ["failureHash,market", "osBuild", "market,deviceType",
              "productName,osBuild", "failureName,eventType", "deviceType"]
    filters = ["", "deviceType eq 'server'", "productName eq 'zfs'",
               "market ne 'lab-eu' and productName ne 'nvidia'",
               "osBuild eq '6.12.9-amd64' or market eq 'prod-us'"]
    orders = ["", "&orderby=eventCount%20desc", "&orderby=date%20desc"]
    pages = ["&top=7", "&top=50&skip=13", "&top=10000", "&top=5&skip=100000"]
    shapes = []
    for _ in range(100):
        s0, s1 = rng.choice(windows)
        q = "startDate=%s&endDate=%s&groupby=%s&aggregationLevel=%s%s%s" % (
            s0, s1, rng.choice(groups),
            rng.choice(("day", "week", "month", "all")),
            rng.choice(orders), rng.choice(pages))
        f = rng.choice(filters)
        if f:
            q += "&filter=" + urllib.parse.quote(f)
        shapes.append(q)
    diffs, sizes = [], []
    for q in shapes:
        a, b = ask(cls[0], q), ask(cls[1], q)
        sizes.append(len(a[1] or ()))
        if a != b or a[0] != 200:
            diffs.append((q, a[0], b[0], a[2], b[2]))
    result("vendor seek: %d random vendor failurehits answer as with the "
           "scope joined on every row (BUGCHECK_QUERY_SEEK=off), row for row"
           % len(shapes), not diffs and sum(1 for n in sizes if n) > 40,
           (diffs[:5], sizes))
    for p, _ in procs:
        stop(p)


def dimsagg():
    """failurehits on per-report dimensions only from monthly_dims
    (store_dimsagg.c; migration 13 of SQLite, 16 of PostgreSQL) answers exactly as the SQL path
    (BUGCHECK_QUERY_DIMSAGG=off) and as daily joined with dims
    (BUGCHECK_QUERY_PLAN=full) on random data: one and two grouped
    dimensions, filters (eq, ne, and, or), day, week, month and all,
    every order, paging, windows cutting weeks and months, late crashes,
    retention; its migration fills it, and the server reads it."""
    import random
    db, procs, cls = plan_rig(
        "dimsagg",
        (("--reports", "5000", "--buckets", "300", "--days", "45",
           "--end-date", "06/14/2026", "--seed", "31"),
         ("--reports", "600", "--buckets", "300", "--days", "20",
           "--end-date", "05/12/2026", "--seed", "32")),
        "BUGCHECK_QUERY_DIMSAGG")
    tok = token_in(db, "admin")

    def ask(cl, q):
        return hits_rows(cl, tok, q)

    rng = random.Random(17)
    windows = [("05/01/2026", "06/14/2026"), ("05/06/2026", "06/04/2026"),
               ("05/14/2026", "05/14/2026"), ("04/20/2026", "05/03/2026"),
               ("05/31/2026", "06/02/2026"), ("12/01/2025", "12/01/2026")]
    groups = ["market", "osBuild", "deviceType", "market,deviceType",
              "osBuild,eventType", "fileName,applicationVersion"]
    filters = ["", "deviceType eq 'server'", "market ne 'lab-eu'",
               "deviceType eq 'server' and eventType eq 'oops'",
               "market eq 'prod-us' or osBuild eq '6.12.9-amd64'",
               "deviceType eq 'nothing'"]
    orders = ["", "&orderby=eventCount%20desc", "&orderby=eventCount%20asc",
              "&orderby=date%20desc,eventCount%20asc"]
    pages = ["&top=7", "&top=50&skip=13", "&top=10000", "&top=5&skip=100000"]

    def shape():
        s0, s1 = rng.choice(windows)
        g = rng.choice(groups)
        o = rng.choice(orders + ["&orderby=%s%%20desc" % g.split(",")[0]])
        q = "startDate=%s&endDate=%s&groupby=%s&aggregationLevel=%s%s%s" % (
            s0, s1, g, rng.choice(("day", "week", "month", "all")), o,
            rng.choice(pages))
        f = rng.choice(filters)
        if f:
            q += "&filter=" + urllib.parse.quote(f)
        return q

    shapes = [shape() for _ in range(120)]
    stop(procs[0][0])
    if PG_DIR:
        sql(db, "DELETE FROM monthly_dims; DELETE FROM bugcheck_schema"
            " WHERE version >= 16")
    else:
        sql(db, "DELETE FROM monthly_dims; PRAGMA user_version = 12")
    procs[0] = start(*PLAN_COMMON, db=db)
    cls[0] = Client(procs[0][1])
    result("monthly_dims: its migration fills it from daily_dims",
           dims_drift(db) == 0, dims_drift(db))
    for phase in ("", " after old days are dropped"):
        diffs, full, sizes = plan_diffs(cls, ask,
                                        [(q,) for q in shapes])
        result("monthly_dims: %d random failurehits on per-report "
               "dimensions (filters, day, week, month, all, orders, paging) "
               "answer as the SQL path, row for row%s" % (len(shapes), phase),
               not diffs and sum(1 for n in sizes if n) > 30,
               (diffs[:5], sizes))
        result("monthly_dims: whole answers equal daily joined with dims "
               "(BUGCHECK_QUERY_PLAN=full)%s" % phase, not full, full[:5])
        result("monthly_dims: in step with daily_dims after ingest and late "
               "crashes%s" % phase, dims_drift(db) == 0, dims_drift(db))
        for t in ("daily", "daily_bucket", "daily_dims", "daily_bdim"):
            sql(db, "DELETE FROM %s WHERE day < %d" % (t, 20594))
    q = ("startDate=05/01/2026&endDate=06/14/2026&groupby=market"
         "&filter=deviceType%20eq%20%27server%27&top=100")
    sql(db, "UPDATE monthly_dims SET days = array_replace(days, 1::bigint,"
        " 3::bigint)" if PG_DIR else
        "UPDATE monthly_dims SET days = replace(days, '000000000001',"
        " '000000000003')")
    a, b = ask(cls[0], q), ask(cls[1], q)
    result("monthly_dims: market with a deviceType filter reads monthly_dims "
           "(a skewed copy shows), BUGCHECK_QUERY_DIMSAGG=off does not",
           a[0] == b[0] == 200 and a != b, (a[2], b[2]))
    sql(db, "UPDATE monthly_dims SET days = days[1:1]" if PG_DIR else
        "UPDATE monthly_dims SET days = 'x' || substr(days, 2)")
    a, b = ask(cls[0], q), ask(cls[1], q)
    result("monthly_dims: a malformed row sends the query to the SQL path "
           "(same answer)", a == b and a[0] == 200, (a[2], b[2]))
    for p, _ in procs:
        stop(p)


def daytop():
    """failurehits grouped by failureHash and one per-report dimension by
    day (store_daytop.c: each day's buckets walked by hits until the page
    is decided, daily_bdim_days for the counts) answers exactly as the SQL
    path (BUGCHECK_QUERY_DAYTOP=off) and as daily joined with dims
    (BUGCHECK_QUERY_PLAN=full) on random data: many tied counts, paging
    across days, windows cutting the data's edges, late crashes, every
    dimension (fileName and applicationVersion order before the hash),
    shapes it must leave to SQL (vendor scope, filters, other orders),
    retention."""
    import random
    # many buckets with few hits a day (ties everywhere), a few heavy
    # ones; then late crashes into earlier days
    db, procs, cls = plan_rig(
        "daytop",
        (("--reports", "6000", "--buckets", "900", "--days", "20",
           "--end-date", "06/14/2026", "--seed", "21"),
         ("--reports", "700", "--buckets", "900", "--days", "25",
           "--end-date", "06/01/2026", "--seed", "22")),
        "BUGCHECK_QUERY_DAYTOP")
    tok = {"admin": token_in(db, "admin"),
           "vendor": token_in(db, "vendor", "nvidia", "zfs")}

    def ask(cl, who, q):
        return hits_rows(cl, tok[who], q)

    rng = random.Random(16)
    windows = [("05/01/2026", "06/14/2026"), ("05/26/2026", "06/03/2026"),
               ("06/14/2026", "06/14/2026"), ("05/07/2026", "05/25/2026"),
               ("06/10/2026", "06/20/2026"), ("01/01/2020", "01/01/2020")]
    dims = ["market", "deviceType", "osBuild", "fileName",
            "applicationVersion", "eventType", "osRelease"]
    pages = ["&top=7", "&top=50&skip=13", "&top=10000", "&top=5&skip=100000",
             "&top=100&skip=299", "&top=1", "&top=400&skip=1000"]

    def shape(plain):
        s0, s1 = rng.choice(windows)
        d = rng.choice(dims)
        g = rng.choice(("failureHash,%s" % d, "%s,failureHash" % d))
        q = "startDate=%s&endDate=%s&groupby=%s%s" % (
            s0, s1, g, rng.choice(pages))
        if plain:
            return "admin", q
        # shapes the SQL path keeps
        f = rng.random()
        if f < 0.3:
            return "vendor", q
        if f < 0.5:
            return "admin", q + "&filter=" + urllib.parse.quote(
                "deviceType eq 'server'")
        if f < 0.7:
            return "admin", q + "&orderby=eventCount%20desc"
        return "admin", q + "&aggregationLevel=" + rng.choice(
            ("week", "month", "all"))

    shapes = [shape(True) for _ in range(90)] + \
        [shape(False) for _ in range(20)]
    # the migration fills daily_bdim_days from the daily_bdim already there
    stop(procs[0][0])
    if PG_DIR:
        sql(db, "DROP TABLE daily_bdim_days; DELETE FROM bugcheck_schema"
            " WHERE version >= 14")
    else:
        sql(db, "DROP TABLE daily_bdim_days; PRAGMA user_version = 12")
    procs[0] = start(*PLAN_COMMON, db=db)
    cls[0] = Client(procs[0][1])
    result("daily_bdim_days: its migration fills it from daily_bdim",
           bdim_days_drift(db) == 0, bdim_days_drift(db))
    for phase in ("", " after old days are dropped"):
        diffs, full, sizes = plan_diffs(cls, ask, shapes)
        result("daytop: %d random failurehits by failureHash and one "
               "dimension by day (paging, windows, every dimension; and "
               "vendor, filter, order and period shapes) answer as the SQL "
               "path, row for row%s" % (len(shapes), phase),
               not diffs and sum(1 for n in sizes if n) > 40,
               (diffs[:5], sizes))
        result("daytop: whole answers equal daily joined with dims "
               "(BUGCHECK_QUERY_PLAN=full)%s" % phase, not full, full[:5])
        result("daily_bdim_days: in step with daily_bdim after ingest and "
               "late crashes%s" % phase, bdim_days_drift(db) == 0,
               bdim_days_drift(db))
        for t in ("daily", "daily_bucket", "daily_dims", "daily_bdim"):
            sql(db, "DELETE FROM %s WHERE day < %d" % (t, 20600))
    # the data has ties: (day, bucket, market) rows of equal hits
    out = sql(db, "SELECT max(c) FROM (SELECT count(*) c FROM daily_bdim"
              " WHERE kind = 7 GROUP BY day, hits) x").strip()
    result("daytop: the data has tied counts within a day",
           out.isdigit() and int(out) > 50, out)
    # the server really reads daily_bdim_days: skew it and look
    q = ("startDate=05/01/2026&endDate=06/14/2026&groupby=failureHash,market"
         "&top=10")
    sql(db, "UPDATE daily_bdim_days SET n = n + 5 WHERE kind = 7")
    a, b = ask(cls[0], "admin", q), ask(cls[1], "admin", q)
    result("daytop: failureHash,market by day counts from daily_bdim_days (a "
           "skewed count shows), BUGCHECK_QUERY_DAYTOP=off does not",
           a[0] == b[0] == 200 and a[2] != b[2] and a[1] == b[1],
           (a[2], b[2]))
    for p, _ in procs:
        stop(p)


def blocks():
    """failurehits by failureHash from monthly_bucket.days (store_blocks.c)
    answers
    exactly as the SQL paths (BUGCHECK_QUERY_BLOCKS=off: same tie order) and
    as daily joined with dims (BUGCHECK_QUERY_PLAN=full) on random data:
    more buckets than the week/month limit, many tied counts, paging, late
    crashes, windows cutting weeks and months, vendor scope, retention."""
    import random
    # 1,400 buckets, most with 1-3 hits (ties everywhere, also at the
    # 1,000th bucket); then late crashes into the first days and the end
    # of April (a 30-day month: its row's 31st slot stays 0)
    db, procs, cls = plan_rig(
        "blocks",
        (("--reports", "5000", "--buckets", "1400", "--days", "45",
           "--end-date", "06/14/2026", "--seed", "11"),
         ("--reports", "800", "--buckets", "1400", "--days", "20",
           "--end-date", "05/12/2026", "--seed", "12")),
        "BUGCHECK_QUERY_BLOCKS")
    tok = {"admin": token_in(db, "admin"),
           "vendor": token_in(db, "vendor", "nvidia", "zfs")}

    def ask(cl, who, q):
        return hits_rows(cl, tok[who], q)

    st, body = cls[0].json("GET", "/api/v1/failurehits?startDate=05/01/2026"
                           "&endDate=06/14/2026&groupby=failureHash"
                           "&top=10000", tok["admin"])
    hits = collections.Counter()
    for r in body.get("Value", []):
        hits[r["failureHash"]] += r["eventCount"]
    hashes = sorted(hits)
    counts = collections.Counter(hits.values())
    rng = random.Random(15)
    windows = [("05/01/2026", "06/14/2026"), ("05/06/2026", "06/04/2026"),
               ("05/14/2026", "05/14/2026"), ("04/20/2026", "05/03/2026"),
               ("05/31/2026", "06/02/2026"), ("12/01/2025", "12/01/2026"),
               ("01/01/2025", "12/01/2026")]  # the last: SQL (> 400 days)
    orders = ["", "&orderby=eventCount%20desc", "&orderby=eventCount%20asc",
              "&orderby=date%20desc,eventCount%20asc",
              "&orderby=eventCount%20desc,date%20desc"]
    groups = ["failureHash", "failureHash,productName",
              "failureName,failureHash,symbol"]
    pages = ["&top=7", "&top=50&skip=13", "&top=10000", "&top=5&skip=100000",
             "&top=1000&skip=999"]

    def shape():
        who = rng.choice(("admin", "admin", "vendor"))
        s0, s1 = rng.choice(windows)
        q = "startDate=%s&endDate=%s&groupby=%s&aggregationLevel=%s%s%s" % (
            s0, s1, rng.choice(groups),
            rng.choice(("day", "week", "month", "all")), rng.choice(orders),
            rng.choice(pages))
        f = rng.random()
        if f < 0.2:
            q += "&filter=" + urllib.parse.quote("productName eq 'nvidia'")
        elif f < 0.35 and hashes:
            q += "&filter=" + urllib.parse.quote(
                " or ".join("failureHash eq '%s'" % h
                            for h in rng.sample(hashes, 3)))
        return who, q

    shapes = [shape() for _ in range(140)]
    # the migration fills the days from the daily_bucket already there
    # (late crashes at the end of April included: a 30-day month's row
    # must not take May 1st in its 31st slot)
    stop(procs[0][0])
    if PG_DIR:
        sql(db, "UPDATE monthly_bucket SET days = array_fill(0::bigint,"
            " ARRAY[31]); DELETE FROM bugcheck_schema WHERE version >= 13")
    else:
        sql(db, "UPDATE monthly_bucket SET days = substr(days, 1, 10);"
            " PRAGMA user_version = 11")
    procs[0] = start(*PLAN_COMMON, db=db)
    cls[0] = Client(procs[0][1])
    diffs = [(who, q) for who, q in shapes
             if ask(cls[0], who, q) != ask(cls[1], who, q)]
    result("monthly_bucket.days: its migration fills it from daily_bucket (same "
           "answers, in step)", not diffs and block_drift(db) == 0,
           (diffs[:5], block_drift(db)))
    for phase in ("", " after old days are dropped"):
        diffs, full, sizes = plan_diffs(cls, ask, shapes)
        result("monthly_bucket.days: %d random failurehits by failureHash (day, "
               "week, month, all; orders, paging, filters, vendor scope) "
               "answer as the SQL paths, row for row%s"
               % (len(shapes), phase),
               not diffs and sum(1 for n in sizes if n) > 40,
               (diffs[:5], sizes))
        result("monthly_bucket.days: whole answers equal daily joined with dims "
               "(BUGCHECK_QUERY_PLAN=full)%s" % phase, not full, full[:5])
        result("monthly_bucket.days: in step with daily_bucket after ingest and "
               "late crashes%s" % phase, block_drift(db) == 0,
               block_drift(db))
        # retention as cmd_retention does it, on the rollups
        for t in ("daily", "daily_bucket", "daily_dims", "daily_bdim"):
            sql(db, "DELETE FROM %s WHERE day < %d" % (t, 20594))
    result("monthly_bucket.days: the data has ties and more buckets than the "
           "week/month limit", len(hashes) > 1000
           and max(counts.values(), default=0) > 50, (len(hashes), counts))
    # the server really reads monthly_bucket.days: skew it and look
    who, q = "admin", ("startDate=05/01/2026&endDate=06/14/2026&groupby="
                       "failureHash&aggregationLevel=month&top=10000")
    sql(db, "UPDATE monthly_bucket SET days = array_replace(days, 1::bigint,"
        " 3::bigint)" if PG_DIR else
        "UPDATE monthly_bucket SET days = replace(days, '000000000001',"
        " '000000000003')")
    a, b = ask(cls[0], who, q), ask(cls[1], who, q)
    result("monthly_bucket.days: failureHash by month reads monthly_bucket.days (a skewed "
           "copy shows), BUGCHECK_QUERY_BLOCKS=off does not",
           a[0] == b[0] == 200 and a != b, (a[2], b[2]))
    # a malformed block (a value that did not fit) falls back to SQL
    sql(db, "UPDATE monthly_bucket SET days = %s WHERE bucket_id ="
        " (SELECT min(bucket_id) FROM monthly_bucket)"
        % ("days[1:1]" if PG_DIR else "'x' || substr(days, 2)"))
    who, q = "admin", ("startDate=05/01/2026&endDate=06/14/2026&groupby="
                       "failureHash&aggregationLevel=week&top=10000")
    a, b = ask(cls[0], who, q), ask(cls[1], who, q)
    result("monthly_bucket.days: a malformed block sends the query to the SQL "
           "path (same answer)", a == b and a[0] == 200, (a[2], b[2]))
    for p, _ in procs:
        stop(p)


def machines():
    """failurehits machines=true: distinct machines within the filter."""
    db = new_db("machines")
    tok = {r: token_in(db, r) for r in ("agent", "admin")}
    tok["vendor"] = token_in(db, "vendor", "e1000e")
    common = ("--window-days", "36500", "--rate", "0")
    proc, port = start(*common, db=db)
    api = Client(port)
    reps = []
    for i in range(150):
        r = report(("e1000e", "nvidia", "vmlinux")[i % 3],
                   "2026-06-%02d" % (1 + (i * 11) % 29), 17000 + i,
                   machine=(i * 7) % 41,
                   market=("lab-eu", "prod-us", "")[i % 3 if i % 5 else 1],
                   device=("vm", "server", "laptop")[i % 3 if i % 4 else 2],
                   kernel=("6.1.0-56-amd64", "6.12.9-amd64")[(i // 3) % 2],
                   event=("oops", "warning")[(i // 2) % 2])
        r["weight"] = 1 + i % 3  # hits are weighted, machines are not
        reps.append(r)
    for k in range(0, len(reps), 50):
        api.json("POST", "/api/v1/reports", tok["agent"],
                 {"reports": reps[k:k + 50]})
    # duplicates change nothing
    api.json("POST", "/api/v1/reports", tok["agent"], {"reports": reps[:20]})
    start_d = datetime.date(2026, 6, 1)

    def model(group, agg, pred, who):
        m = collections.defaultdict(set)
        for r in reps:
            row = fields_of(r)
            if pred and not pred(row):
                continue
            if who == "vendor" and row["productName"] != "e1000e":
                continue
            d = datetime.date.fromisoformat(r["crash_time"][:10])
            p = start_d if agg == "all" else period_start(d, agg)
            m[(p.isoformat(),) + tuple(row[g] for g in group)].add(
                r["machine_id"])
        return {k: len(v) for k, v in m.items()}

    shapes = [  # (who, groupby, aggregationLevel, filter, predicate)
        ("admin", "failureHash", "all", None, None),
        ("admin", "failureHash", "day", None, None),
        ("admin", "failureHash,failureName,symbol,productName", "month",
         None, None),
        ("admin", "failureHash", "all", "market eq 'lab-eu'",
         lambda r: r["market"] == "lab-eu"),
        ("admin", "failureHash", "week", "osBuild eq '6.12.9-amd64'",
         lambda r: r["osBuild"] == "6.12.9-amd64"),
        ("admin", "failureHash", "all",
         "deviceType eq 'laptop' and eventType eq 'oops'",
         lambda r: r["deviceType"] == "laptop" and r["eventType"] == "oops"),
        ("admin", "failureHash,osBuild", "all", "productName ne 'nvidia'",
         lambda r: r["productName"] != "nvidia"),
        ("admin", "market", "all", None, None),
        ("admin", "deviceType,eventType", "week", None, None),
        ("admin", "date", "all", None, None),
        ("vendor", "failureHash", "all", "market ne 'prod-us'",
         lambda r: r["market"] != "prod-us"),
        ("vendor", "osBuild", "month", None, None),
    ]
    bad = []
    for who, group, agg, filt, pred in shapes:
        g = [f for f in group.split(",") if f != "date"]
        params = {"startDate": "06/01/2026", "endDate": "06/30/2026",
                  "groupby": group, "aggregationLevel": agg,
                  "machines": "true"}
        if filt:
            params["filter"] = filt
        st, body = api.hits(tok[who], **params)
        got = {(r["date"],) + tuple(r[f] for f in g): r.get("machineCount")
               for r in body.get("Value", [])} if st == 200 else None
        exp = model(g, agg, pred, who)
        if got != exp:
            bad.append((who, group, agg, filt, st,
                        sorted(set((got or {}).items()) ^ set(exp.items()))
                        [:4]))
    result("failurehits machines=true: machineCount is the exact number of "
           "distinct machines in each row for %d shapes (filters on none, "
           "one and two report fields, bucket fields, vendor scope; day, "
           "week, month, all)" % len(shapes), not bad, bad)
    st, body = api.hits(tok["admin"], startDate="06/01/2026",
                        endDate="06/30/2026", groupby="failureHash")
    result("failurehits without machines=true has no machineCount",
           st == 200 and body["Value"]
           and all("machineCount" not in r for r in body["Value"]), body)
    st, body = api.hits(tok["admin"], machines="yes")
    result("failurehits machines=yes -> 400", st == 400, body)
    # Past the sparse form (255 entries a row): 600 machines on one day
    # and bucket, sent in batches, so rows turn dense while they merge.
    big = [report("vmlinux", "2026-06-30", 18000 + i, machine=1000 + i)
           for i in range(600)]
    for k in range(0, len(big), 50):
        api.json("POST", "/api/v1/reports", tok["agent"],
                 {"reports": big[k:k + 50]})
    got = {}
    for filt in ("failureHash eq '%s'" % BUCKETS["vmlinux"][4],
                 "failureHash eq '%s' and market eq 'lab-eu'"
                 % BUCKETS["vmlinux"][4],
                 "failureHash eq '%s' and market eq 'lab-eu' and "
                 "deviceType eq 'vm'" % BUCKETS["vmlinux"][4]):
        st, body = api.hits(tok["admin"], startDate="06/30/2026",
                            endDate="06/30/2026", groupby="failureHash",
                            aggregationLevel="all", machines="true",
                            filter=filt)
        got[filt] = [r["machineCount"] for r in body.get("Value", [])] \
            if st == 200 else st
    exp = len({r["machine_id"] for r in big + reps
               if r["crash_time"].startswith("2026-06-30")
               and r["classification"]["image"] == ""})
    vals = list(got.values())
    result("failurehits machines=true: %d machines in one row (dense "
           "sketches) within 3 standard errors (9.75%%), the same from "
           "each rollup" % exp,
           all(v == vals[0] for v in vals) and len(vals[0]) == 1
           and abs(vals[0][0] - exp) <= 0.0975 * exp, (got, exp))
    stop(proc)
    # Rows counted before the sketches existed: back to version 8, then
    # open it again; their machines are unknown (null), and stay so.
    if PG_DIR:
        sql(db, "DROP TABLE daily_hll; DROP TABLE daily_bucket_hll;"
            " DELETE FROM bugcheck_schema WHERE version >= 9")
    else:
        sql(db, "DROP TABLE daily_hll; DROP TABLE daily_bucket_hll;"
            " PRAGMA user_version = 8")
    proc, port = start(*common, db=db)
    api = Client(port)
    api.json("POST", "/api/v1/reports", tok["agent"], {"reports": [
        report("e1000e", "2026-06-02", 17999, machine=99),
        report("e1000e", "2026-07-01", 17998, machine=99)]})
    st, body = api.hits(tok["admin"], startDate="06/01/2026",
                        endDate="07/01/2026", groupby="failureHash",
                        aggregationLevel="day", machines="true",
                        filter="productName eq 'e1000e'")
    by_day = {r["date"]: r.get("machineCount")
              for r in body.get("Value", [])} if st == 200 else {}
    result("migration 9: rows counted before it have machineCount null "
           "(also after a later report on the same day); new rows count",
           st == 200 and by_day.get("2026-06-02", 0) is None
           and by_day.get("2026-07-01") == 1
           and all(v is None for d, v in by_day.items()
                   if d != "2026-07-01"), by_day)
    stop(proc)


def pg_batches():
    """Concurrent batches over the same buckets in other orders: every
    report counted once, and no deadlock in the PostgreSQL log."""
    import random
    import threading
    db = new_db("batches")
    agent = token_in(db, "agent")
    admin = token_in(db, "admin")
    proc, port = start("--window-days", "36500", "--rate", "0", "--quota",
                       "0", "--threads", "8", db=db)
    api = Client(port)
    keys = ("e1000e", "nvidia", "vmlinux")
    markets, devices = ("lab-eu", "prod-us"), ("vm", "server")
    # Every dims tuple once first: the storm then only adds to rows.
    warm = [report(k, "2026-06-%02d" % (1 + d), 16000 + 10 * d + i,
                   market=m, device=v)
            for d in range(6) for i, (k, m, v) in enumerate(
                (k, m, v) for k in keys for m in markets for v in devices)]
    st_w, _ = api.json("POST", "/api/v1/reports", agent, {"reports": warm})
    rng = random.Random(7)
    batches = []
    for t in range(8):
        for b in range(5):
            batch = [report(keys[rng.randrange(3)],
                            "2026-06-%02d" % (1 + rng.randrange(6)),
                            17000 + 1000 * t + 100 * b + i,
                            market=markets[rng.randrange(2)],
                            device=devices[rng.randrange(2)])
                     for i in range(20)]
            batches.append(batch)
    log = os.path.join(PG_DIR, "server.log")

    def deadlocks():
        with open(log, errors="replace") as f:
            return f.read().count("deadlock detected")

    before = deadlocks()
    answers = []

    def post(chunk):
        for batch in chunk:
            answers.append(api.json("POST", "/api/v1/reports", agent,
                                    {"reports": batch})[0])

    threads = [threading.Thread(target=post, args=(batches[t::8],))
               for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    after = deadlocks()
    st, top = api.json("GET", "/api/v1/top?limit=10", admin)
    total = top.get("TotalHits") if st == 200 else None
    stop(proc)
    result("PostgreSQL: 40 batches of 20 from 8 connections, the same "
           "buckets and days in other orders: all counted once, no "
           "deadlock (rows locked in one order)",
           st_w == 200 and answers == [200] * 40
           and total == len(warm) + 800 and after == before,
           (st_w, collections.Counter(answers), total,
            after - before))


def group_quota():
    """Group commit (issue 15): a call refused over its token's quota
    while other calls share its transaction fails alone; the others are
    all stored."""
    import threading
    db = new_db("gquota")
    tokens = [token_in(db, "agent") for _ in range(8)]
    admin = token_in(db, "admin")
    proc, port = start("--window-days", "36500", "--rate", "0", "--quota",
                       "5", "--threads", "8", db=db)
    api = Client(port)
    keys = ("e1000e", "nvidia", "vmlinux")
    codes = {}

    def post(t):
        out = []
        for i in range(5):
            if t == 0:
                # six reports a batch: one more than the day's quota
                body = {"reports": [
                    report(keys[j % 3], "2026-08-%02d" % (1 + j), 42000
                           + 10 * i + j, machine=j) for j in range(6)]}
            else:
                body = report(keys[i % 3], "2026-08-%02d" % (1 + i),
                              43000 + 10 * t + i, machine=t)
            out.append(api.json("POST", "/api/v1/reports", tokens[t],
                                body)[0])
        codes[t] = out

    threads = [threading.Thread(target=post, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    st, top = api.json("GET", "/api/v1/top?limit=10", admin)
    total = top.get("TotalHits") if st == 200 else None
    stop(proc)
    result("group commit: a batch over its token's quota is refused (429, "
           "5 times) while 7 other tokens post 5 reports each at the same "
           "moments: all 35 stored, nothing of the refused ones",
           codes.get(0) == [429] * 5
           and all(codes.get(t) == [200] * 5 for t in range(1, 8))
           and total == 35, (codes, total))


def acked_durable():
    """Group commit: concurrent posts of one report id count it once, and
    every acknowledged report survives a kill -9 of the server."""
    import threading
    db = new_db("durable")
    agent = token_in(db, "agent")
    proc, port = start("--window-days", "36500", "--rate", "0", "--quota",
                       "0", "--threads", "8", db=db)
    api = Client(port)
    keys = ("e1000e", "nvidia", "vmlinux")
    # 1. Idempotency: 30 reports, each posted by 8 threads at once (in
    # other orders), all in shared groups: exactly one post of each is new.
    shared = [report(keys[i % 3], "2026-07-%02d" % (1 + i % 9), 30000 + i,
                     machine=i) for i in range(30)]
    answers = collections.defaultdict(list)

    def post_shared(t):
        for i in range(len(shared)):
            r = shared[(i * 7 + t * 11) % len(shared)]
            st, body = api.json("POST", "/api/v1/reports", agent, r)
            answers[r["report_id"]].append(
                (st, body["results"][0]["duplicate"] if st == 200 else None))

    threads = [threading.Thread(target=post_shared, args=(t,))
               for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    new = [answers[r["report_id"]].count((200, False)) for r in shared]
    dups = [answers[r["report_id"]].count((200, True)) for r in shared]
    hits = sql(db, "select sum(hits) from buckets").strip()
    result("group commit: 30 reports each posted by 8 connections at once: "
           "one post of each is new, 7 are duplicates, hits counted once",
           new == [1] * 30 and dups == [7] * 30 and hits == "30",
           (new, dups, hits))

    # 2. Acknowledged means stored: 8 connections post new reports until
    # the server is killed with SIGKILL mid-stream; every report it
    # answered 200 (not a duplicate) must be in the database afterwards.
    acked, stop_flag = [], threading.Event()

    def post_new(t):
        n = 0
        while not stop_flag.is_set():
            r = report(keys[n % 3], "2026-08-%02d" % (1 + n % 20),
                       40000 + 1000 * t + n, machine=n % 50)
            n += 1
            try:
                st, body = api.json("POST", "/api/v1/reports", agent, r)
            except Exception:
                return  # the server is gone
            if st == 200 and body["results"][0]["duplicate"] is False:
                acked.append(r["report_id"])

    threads = [threading.Thread(target=post_new, args=(t,))
               for t in range(8)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stop_flag.set()
    for t in threads:
        t.join()
    stored = set(sql(db, "select report_id from reports").split())
    missing = [i for i in acked if i not in stored]
    # SQLite rolls its rollups up after the commit (deferred rollups): the
    # reports the kill left queued are rolled when a server opens the
    # database again, before it answers.
    queued = sql(db, "select count(*) from roll_queue").strip()
    proc, port = start("--window-days", "36500", db=db)
    stop(proc)
    sums = sql(db, "select (select sum(hits) from buckets),"
               " (select count(*) from reports),"
               " (select sum(hits) from daily_bucket)").strip()
    result("group commit: every report acknowledged before a kill -9 is "
           "stored (%d acknowledged), and the counts match the reports "
           "stored" % len(acked),
           len(acked) > 50 and not missing
           and len(set(sums.replace("|", " ").split())) == 1,
           (len(acked), missing[:5], sums))
    drift = rollup_drift(db)
    result("deferred rollups: after a kill -9 (%s reports left queued) and "
           "a restart, every rollup equals a recount from the reports"
           % queued, drift == 0, drift)


def rollup_drift(db):
    """Rows where the rollups (daily, daily_bucket, daily_dims,
    bucket_kernels, the period tables) disagree with a recount from the
    raw reports, plus the reports still queued; 0 when all agree."""
    pairs = [
        ("SELECT day, bucket_id, dim_id, sum(weighted) FROM reports"
         " GROUP BY 1, 2, 3", "SELECT day, bucket_id, dim_id, hits FROM daily"),
        ("SELECT day, bucket_id, sum(weighted) FROM reports GROUP BY 1, 2",
         "SELECT day, bucket_id, hits FROM daily_bucket"),
        ("SELECT day, dim_id, sum(weighted) FROM reports GROUP BY 1, 2",
         "SELECT day, dim_id, hits FROM daily_dims"),
        ("SELECT bucket_id, kernel_release, sum(weighted) FROM reports"
         " GROUP BY 1, 2", "SELECT bucket_id, kernel_release, hits"
         " FROM bucket_kernels"),
    ]
    q = " + ".join("(SELECT count(*) FROM (%s EXCEPT %s) x%d)"
                   " + (SELECT count(*) FROM (%s EXCEPT %s) y%d)"
                   % (a, b, i, b, a, i) for i, (a, b) in enumerate(pairs))
    out = sql(db, "SELECT " + q + " + (SELECT count(*) FROM roll_queue)")
    out = out.strip()
    drift = int(out) if out.isdigit() else out
    return drift if drift else period_drift(db)


def roller():
    """Deferred rollups: read-your-writes, two servers on one database,
    and a backlog at start-up."""
    db = new_db("roller")
    agent, admin = token_in(db, "agent"), token_in(db, "admin")
    common = ("--window-days", "36500", "--rate", "0", "--quota", "0")
    (pa, port_a), (pb, port_b) = start(*common, db=db), start(*common, db=db)
    a, b = Client(port_a), Client(port_b)
    keys = ("e1000e", "nvidia", "vmlinux")
    q = {"startDate": "09/01/2026", "endDate": "09/30/2026",
         "groupby": "failureHash"}
    seen = []
    for i in range(12):
        reps = [report(keys[(i + j) % 3], "2026-09-%02d" % (1 + j % 28),
                       60000 + 100 * i + j, machine=j)
                for j in range(1 + i)]
        st, _ = a.json("POST", "/api/v1/reports", agent, {"reports": reps})
        # at once, from the other server as well as from this one
        hits = [api.hits(admin, **q) for api in (b, a)]
        seen.append((st, [(h[0], sum(r["eventCount"] for r in h[1]["Value"])
                           if h[0] == 200 else None) for h in hits]))
    want = [(200, [(200, n), (200, n)])
            for n in (sum(range(1, i + 2)) for i in range(12))]
    result("deferred rollups: every query, on this server or another on "
           "the same database, counts every report acknowledged before it",
           seen == want, seen)

    # Both servers ingest at once, so both rollers take from one queue:
    # none may roll a report the other rolled.
    def post_to(api, base):
        for i in range(15):
            api.json("POST", "/api/v1/reports", agent, {"reports": [
                report(keys[(i + j) % 3], "2026-09-%02d" % (1 + j % 28),
                       base + 100 * i + j, machine=j) for j in range(8)]})
            api.hits(admin, **q)
    import threading
    threads = [threading.Thread(target=post_to, args=(api, base))
               for api, base in ((a, 70000), (b, 90000))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop(pa)
    stop(pb)
    drift = rollup_drift(db)
    result("deferred rollups: two servers ingesting and rolling at once on "
           "one database: every rollup equals a recount from the reports",
           drift == 0, drift)
    # A backlog at start-up: reports queued but not rolled (the state a
    # kill -9 leaves) are rolled before the first answer counts them.
    rows = sql(db, "SELECT count(*) FROM reports").strip()
    sql(db, "INSERT INTO roll_queue(day, bucket_id, dim_id, hits, machine,"
        " kernel, has_module, mod_name, mod_file, mod_version,"
        " mod_srcversion) SELECT day, bucket_id, dim_id, weighted, 7,"
        " kernel_release, %s, '', '', '', '' FROM reports;"
        " UPDATE reports SET weighted = weighted * 2;"
        " UPDATE buckets SET hits = hits * 2;"
        % ("false" if PG_DIR else "0"))
    proc, port = start(*common, db=db)
    st, body = Client(port).hits(admin, **q)
    total = sum(r["eventCount"] for r in body["Value"]) if st == 200 else None
    result("deferred rollups: a backlog queued at start-up (%s reports) is "
           "rolled before the first query, and rollups equal a recount"
           % rows, st == 200 and total == 2 * (78 + 240)
           and rollup_drift(db) == 0,
           (st, total, rollup_drift(db)))
    stop(proc)


def token_in(db, role, *mods):
    args = ["token", "create", "--role", role, "--db", db]
    for m in mods:
        args += ["--module", m]
    rc, out, err = cli(*args)
    assert rc == 0, err
    return out.strip()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a crash in the driver must not look green
        import traceback
        traceback.print_exc()
        result("test driver ran to completion", False, repr(e))
    finally:
        for p in PROCS:
            if p.poll() is None:
                p.kill()
                p.wait()
        import shutil
        shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(1 if FAILS else 0)
