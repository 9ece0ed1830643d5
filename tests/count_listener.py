#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A small HTTP listener for the agent's count updates (tests/suite-agent-
forward.sh, "live counts").  POST /api/v1/reports/{id}/count is answered
logged as one JSON line and, in mode 200, passed on to the real
bugcheck-server given as --upstream, whose answer goes back to the agent
(and into the log); every other request goes there unchanged too.  Writing
404 or 503 into --mode-file makes the listener answer count updates itself
with that status, to inject what the server cannot be made to say; a bad
body is logged and passed on, so the real server's 400 is what the agent
sees.

Usage: count_listener.py --upstream URL --port-file F --log F --mode-file F
"""
import argparse
import os
import http.server
import json
import re
import urllib.error
import urllib.request

COUNT = re.compile(r"^/api/v1/reports/([0-9a-f]{32,64})/count$")


def main():
    ap = argparse.ArgumentParser()
    for a in ("--upstream", "--port-file", "--log", "--mode-file"):
        ap.add_argument(a, required=True)
    args = ap.parse_args()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            pass

        def reply(self, status, obj):
            body = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def body(self):
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def forward(self, method, data):
            req = urllib.request.Request(args.upstream + self.path, data=data, method=method)
            for h in ("Authorization", "Content-Type"):
                if self.headers.get(h):
                    req.add_header(h, self.headers[h])
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    return r.status, r.read()
            except urllib.error.HTTPError as e:
                return e.code, e.read()

        def send_raw(self, status, out):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def upstream(self, method):
            data = self.body() if method == "POST" else None
            self.send_raw(*self.forward(method, data))

        def do_GET(self):
            self.upstream("GET")

        def do_POST(self):
            m = COUNT.match(self.path)
            if not m:
                return self.upstream("POST")
            raw = self.body()
            try:
                with open(args.mode_file) as f:
                    mode = int(f.read().strip() or 200)
            except (OSError, ValueError):
                mode = 200
            entry = {"id": m.group(1), "raw": raw.decode("utf-8", "replace"),
                     "auth": self.headers.get("Authorization", ""), "answer": mode}
            if mode == 200:
                status, out = self.forward("POST", raw)
                entry["answer"] = status
            with open(args.log, "a") as f:
                f.write(json.dumps(entry) + "\n")
            if mode == 200:
                return self.send_raw(status, out)
            if mode == 404:
                return self.reply(404, {"error": {"code": "NotFound",
                                                  "message": "no such report"}})
            return self.reply(mode, {"error": {"code": "Busy", "message": "try again"}})

    srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
