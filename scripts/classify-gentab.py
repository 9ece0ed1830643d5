#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build agent/core/classify_gentab.c, the classifier's generic-code table.

Indexes every function defined in Debian's linux-source-6.1 and, when
given, its linux-source-6.12 (bookworm-backports) (Universal Ctags, C kinds
'f': definitions, static and static inline ones in headers included),
decides for each defining file whether it is generic or blameable code
with the path rules of scripts/classify-generic.tsv, and writes the sorted
list of generic names plus the name-family rules of the same file as C
data (docs/classifier.md, "Generic code").

Two trees: a name that 6.1 defines keeps 6.1's decision (the rules were
written and measured against 6.1's files); a name that only 6.12 defines
takes 6.12's decision, made with the same rules over 6.12's files.

  scripts/classify-gentab.py [--src DIR] [--src2 DIR | --no-src2]
                             [--tags FILE [--tags2 FILE]] [-o OUT]

The 6.1 tree is, in order: --src, $LINUX_SRC, build/linux-source-6.1
(extracted here from /usr/src/linux-source-6.1.tar.xz, Debian's
linux-source-6.1 package, when missing).  The 6.12 tree is --src2, else
what scripts/fetch-linux-source-612.sh prints (it fetches the .deb once
into /var/cache/bugcheck/, checked against its pinned SHA256).
"""
import argparse
import fnmatch
import os
import subprocess
import sys
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "scripts", "classify-generic.tsv")
TARBALL = "/usr/src/linux-source-6.1.tar.xz"
# top-level directories of the tree that hold kernel code (tools/,
# samples/, scripts/ and Documentation/ are not built into the kernel)
CODE_DIRS = ["arch", "block", "certs", "crypto", "drivers", "fs", "include",
             "init", "io_uring", "ipc", "kernel", "lib", "mm", "net",
             "security", "sound", "virt"]


def find_source(arg):
    for d in (arg, os.environ.get("LINUX_SRC"),
              os.path.join(ROOT, "build", "linux-source-6.1")):
        if d and os.path.isdir(os.path.join(d, "kernel")):
            return d
    if not os.path.exists(TARBALL):
        sys.exit("classify-gentab: no kernel source; install Debian's "
                 "linux-source-6.1 package (%s)" % TARBALL)
    out = os.path.join(ROOT, "build")
    os.makedirs(out, exist_ok=True)
    print("classify-gentab: extracting %s into build/" % TARBALL,
          file=sys.stderr)
    with tarfile.open(TARBALL) as t:
        t.extractall(out, filter="data") if hasattr(tarfile, "data_filter") \
            else t.extractall(out)
    d = os.path.join(out, "linux-source-6.1")
    if not os.path.isdir(os.path.join(d, "kernel")):
        sys.exit("classify-gentab: %s has no linux-source-6.1/" % TARBALL)
    return d


def read_rules():
    paths, families = [], []
    with open(DATA) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fld = line.split("\t")
            if fld[0] == "path" and len(fld) == 5 and fld[2] and \
                    fld[3] in ("all", "api", "-") and fld[4] and \
                    (fld[3] == "-") == (fld[2] == "blame"):
                paths.append((fld[1], fld[2], fld[3]))
            elif fld[0] == "family" and len(fld) == 3 and fld[1] and fld[2]:
                families.append(fld[1])
            else:
                sys.exit("%s:%d: bad line" % (DATA, n))
    return paths, families


def path_match(pat, path):
    pp, fp = pat.rstrip("/").split("/"), path.split("/")
    if pat.endswith("/"):
        if len(fp) <= len(pp):
            return False
        fp = fp[:len(pp)]
    elif len(fp) != len(pp):
        return False
    return all(fnmatch.fnmatchcase(f, p) for p, f in zip(pp, fp))


def split_rule(pat):
    """"file.c:glob" -> ("file.c", "glob"); a plain path -> (path, None)."""
    if ":" in pat:
        f, fn = pat.split(":", 1)
        return f, fn
    return pat, None


_FILE_RULES = {}


def file_rules(paths, path):
    """(category, scope) of @path by its path rules, and the rules naming
    functions of @path as (glob, category, scope, rule); memoised."""
    key = (id(paths), path)
    if key not in _FILE_RULES:
        best, cat, fns = -1, ("blame", "-"), []
        for pat, c, scope in paths:
            f, fn = split_rule(pat)
            if fn is not None:
                if path_match(f, path):
                    fns.append((fn, c, scope, pat))
            elif len(pat) > best and path_match(pat, path):
                best, cat = len(pat), (c, scope)
        _FILE_RULES[key] = (cat, fns)
    return _FILE_RULES[key]


def category(paths, path, name=None, used=None):
    """(category, scope) of a function @name defined in file @path;
    ("blame", "-") when no rule matches.  A rule naming functions of a
    file ("file.c:glob") wins over every rule of the file's path; the
    rules that matched are added to @used."""
    if "test" in os.path.basename(path):
        return ("blame", "-")
    cat, fns = file_rules(paths, path)
    for fn, c, scope, pat in fns:
        if name is not None and fnmatch.fnmatchcase(name, fn):
            if used is not None:
                used.add(pat)
            return (c, scope)
    return cat


def public_header(path):
    """include/ or arch/*/include/ header: its inlines are an API."""
    p = path.split("/")
    return path.endswith(".h") and (p[0] == "include" or (
        p[0] == "arch" and len(p) > 2 and p[2] == "include"))


def run_exports(src):
    """Names exported with EXPORT_SYMBOL*() anywhere in the tree."""
    cmd = ["grep", "-rhoE", "--include=*.c", "--include=*.h",
           r"EXPORT_SYMBOL(_GPL)?(_NS|_NS_GPL)?\([A-Za-z0-9_]+"] + \
          [d for d in CODE_DIRS if os.path.isdir(os.path.join(src, d))]
    r = subprocess.run(cmd, cwd=src, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    return {ln.split("(", 1)[1] for ln in
            r.stdout.decode("utf-8", "replace").splitlines()}


def run_ctags(src):
    cmd = ["ctags", "-R", "--languages=C", "--langmap=C:.c.h", "--kinds-C=f",
           "--fields=-kt", "--sort=no", "-f", "-"] + \
          [d for d in CODE_DIRS if os.path.isdir(os.path.join(src, d))]
    r = subprocess.run(cmd, cwd=src, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, check=True)
    return r.stdout.decode("utf-8", "replace")


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def index(paths, tags, exports, used):
    """Per-name categories of one tree: (cats, body, nfunc); @cats from
    every definition, @body from those outside public headers."""
    cats, body = {}, {}
    nfunc = 0
    for line in tags.splitlines():
        if line.startswith("!"):
            continue
        fld = line.split("\t")
        if len(fld) < 2:
            continue
        name, path = fld[0], fld[1]
        if not name or not all(c.isalnum() or c == "_" for c in name):
            continue
        nfunc += 1
        c, scope = category(paths, path, name, used)
        hdr = public_header(path)
        if scope == "api" and name not in exports and not hdr:
            c = "blame"
        cats.setdefault(name, set()).add(c)
        if not hdr:
            body.setdefault(name, set()).add(c)
    return cats, body, nfunc


def read_tree(src, tags_file, exports_file):
    if tags_file:
        with open(tags_file, errors="replace") as f:
            tags = f.read()
    else:
        tags = run_ctags(src)
    if exports_file:
        with open(exports_file) as f:
            exports = set(f.read().split())
    else:
        exports = run_exports(src)
    return tags, exports


def find_source2(arg):
    if arg:
        if not os.path.isdir(os.path.join(arg, "kernel")):
            sys.exit("classify-gentab: %s is no kernel tree" % arg)
        return arg
    r = subprocess.run([os.path.join(ROOT, "scripts",
                                     "fetch-linux-source-612.sh")],
                       stdout=subprocess.PIPE)
    if r.returncode:
        sys.exit("classify-gentab: cannot fetch linux-source-6.12")
    return r.stdout.decode().strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src")
    ap.add_argument("--src2", help="linux-source-6.12 tree")
    ap.add_argument("--no-src2", action="store_true",
                    help="index 6.1 alone (the table before two trees)")
    ap.add_argument("--tags", help="use this ctags output instead of "
                    "running ctags (for tests)")
    ap.add_argument("--tags2", help="ctags output of the second tree "
                    "(for tests; with --tags, no second tree without it)")
    ap.add_argument("--exports", help="file of exported names, one a line, "
                    "instead of grepping the tree (for tests)")
    ap.add_argument("--exports2", help="exported names of the second tree")
    ap.add_argument("-o", default=os.path.join(ROOT, "agent", "core",
                                               "classify_gentab.c"))
    a = ap.parse_args()
    paths, families = read_rules()
    src = None if a.tags and a.exports else find_source(a.src)
    used = set()
    tags, exports = read_tree(src, a.tags, a.exports)
    cats, body, nfunc = index(paths, tags, exports, used)
    generic1 = {n for n, s in cats.items()
                if "blame" not in body.get(n, s)}
    nfunc2, nnew, nnew_gen = 0, 0, 0
    two = not a.no_src2 and (a.tags2 or not a.tags)
    if two:
        src2 = None if a.tags2 and a.exports2 else find_source2(a.src2)
        tags2, exports2 = read_tree(src2, a.tags2, a.exports2)
        cats2, body2, nfunc2 = index(paths, tags2, exports2, used)
        # 6.1 decides for the names it defines; 6.12 adds the others
        for n in cats2:
            if n not in cats:
                nnew += 1
                cats[n], body[n] = cats2[n], body2.get(n, cats2[n])
                if "blame" not in body[n]:
                    nnew_gen += 1
    catnames = sorted({c for _, c, _ in paths if c != "blame"})
    # A public header's inline of a name that a .c file defines is that
    # function's stub for a configuration without it (print_hex_dump and
    # vsnprintf in include/linux/printk.h, !CONFIG_PRINTK) or its inline
    # fast path: the .c definitions decide.
    generic = sorted(n for n, s in cats.items()
                     if "blame" not in body.get(n, s))
    if not a.tags and (nfunc < 100000 or len(generic1) < 1000 or
                       (two and nfunc2 < 100000)):
        sys.exit("classify-gentab: only %d+%d functions, %d generic: is the "
                 "source tree complete?" % (nfunc, nfunc2, len(generic1)))
    # a rule naming functions of a file must name some a tree defines
    unused = [p for p, _, _ in paths
              if split_rule(p)[1] is not None and p not in used]
    if not a.tags and unused:
        sys.exit("classify-gentab: no 6.1 or 6.12 function matches %s"
                 % ", ".join(unused))
    # a name defined in several generic places takes the first category
    out = []
    out.append("// SPDX-License-Identifier: GPL-2.0")
    out.append("/*")
    out.append(" * GENERATED by scripts/classify-gentab.py from Debian's "
               "linux-source-6.1%s" % (" and -6.12" if two else ""))
    out.append(" * and scripts/classify-generic.tsv: do not edit; run "
               "`make classify-gentab`.")
    out.append(" * %d function definitions, %d distinct names, %d generic."
               % (nfunc + nfunc2, len(cats), len(generic)))
    if two:
        out.append(" * 6.12: %d definitions, %d names 6.1 lacks, %d of them "
                   "generic." % (nfunc2, nnew, nnew_gen))
    out.append(" */")
    out.append('#include "classify_gentab.h"')
    out.append("")
    out.append("const char *const bc_gen_categories[] = {")
    for c in catnames:
        out.append("\t%s," % c_string(c))
    out.append("\tNULL,\n};")
    out.append("")
    out.append("/* name-family rules, in file order */")
    out.append("const char *const bc_gen_families[] = {")
    for p in families:
        out.append("\t%s," % c_string(p))
    out.append("\tNULL,\n};")
    out.append("")
    out.append("/* generic names, sorted (strcmp), NUL separated */")
    out.append("const char bc_gen_blob[] =")
    offs, o = [], 0
    for n in generic:
        offs.append(o)
        o += len(n) + 1
        out.append('\t"%s\\0"' % n)
    out.append("\t;")
    out.append("")
    out.append("const uint32_t bc_gen_off[BC_GEN_COUNT] = {")
    for i in range(0, len(offs), 8):
        out.append("\t" + " ".join("%d," % x for x in offs[i:i + 8]))
    out.append("};")
    out.append("")
    out.append("const uint8_t bc_gen_cat[BC_GEN_COUNT] = {")
    cl = [catnames.index(sorted(body.get(n, cats[n]) - {"blame"})[0])
          for n in generic]
    for i in range(0, len(cl), 16):
        out.append("\t" + " ".join("%d," % x for x in cl[i:i + 16]))
    out.append("};")
    out.append("")
    hdr = os.path.join(os.path.dirname(a.o), "classify_gentab_count.h")
    with open(a.o + ".tmp", "w") as f:
        f.write("\n".join(out) + "\n")
    with open(hdr + ".tmp", "w") as f:
        f.write("/* SPDX-License-Identifier: GPL-2.0 */\n"
                "/* GENERATED by scripts/classify-gentab.py: do not edit */\n"
                "#define BC_GEN_COUNT %d\n" % len(generic))
    os.replace(a.o + ".tmp", a.o)
    os.replace(hdr + ".tmp", hdr)
    print("classify-gentab: %d+%d definitions, %d names (%d only in 6.12), "
          "%d generic (%d only in 6.12) -> %s"
          % (nfunc, nfunc2, len(cats), nnew, len(generic), nnew_gen,
             os.path.relpath(a.o, ROOT)), file=sys.stderr)


if __name__ == "__main__":
    main()
