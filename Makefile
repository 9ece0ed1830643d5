# SPDX-License-Identifier: GPL-2.0
#
# bugcheck top-level build.
#
#   make            build kmod/*.ko (copied to build/) and build/bugcheck,
#                   build/bugcheck-server
#   make demo       install what is needed, then crash a QEMU guest, collect,
#                   classify and bucket its crash record end to end
#   make check      install what is needed, then run every test suite and
#                   print "N passed, N failed"
#   make bench      print the benchmark figures
#   make setup      only install the Debian packages (scripts/setup.sh)
#   make install    install the user-space parts, units and headers under
#                   DESTDIR (the module goes through DKMS, see README)
#
# KDIR=/path/to/kernel/build overrides the kernel tree the modules build
# against.  The default is the newest Debian linux-headers-*-amd64 tree,
# because the host's own `uname -r` usually has no headers.

KDIR ?= $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
BUILD := build
CC ?= cc
V ?= 0

export KDIR

# Quiet unless V=1: recipes print "  CC  build/obj/..." instead of the
# command.  Fragments use $(Q) before a command and $(call bc_quiet,TAG,$@).
ifeq ($(V),1)
Q :=
bc_quiet =
else
Q := @
bc_quiet = @printf '  %-5s %s\n' '$(1)' '$(2)'
endif

# A recipe that fails leaves no half-written target behind.
.DELETE_ON_ERROR:

.PHONY: all kmod user setup demo check bench clean lint install
.DEFAULT_GOAL := all

all: kmod user

setup:
	@bash scripts/setup.sh

kmod:
	@if [ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ]; then \
		echo "error: no kernel build tree (KDIR='$(KDIR)'); run 'make setup' or pass KDIR=" >&2; exit 2; fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) V=$(V) modules
	@# The crash lab's test build (kmod/lab/Kbuild): build/lab/bugcheck.ko.
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod/lab V=$(V) modules
	@mkdir -p $(BUILD)/lab
	@cp kmod/lab/bugcheck.ko $(BUILD)/lab/
	@cp kmod/bugcheck.ko kmod/crashtest/bugcheck_crashtest.ko kmod/crashtest/bugcheck_initcrash.ko \
		kmod/bench/bugcheck_bench.ko \
		examples/vendor/bugcheck_sample_vendor.ko $(BUILD)/

# User-space parts: each area owns a fragment that adds to USER_TARGETS.
USER_TARGETS :=
include agent/agent.mk
include server/server.mk
-include examples/plugin/plugin.mk

user: $(USER_TARGETS)

# Paths the systemd units name: binaries in /usr/sbin.
DESTDIR ?=
SBINDIR ?= /usr/sbin
UNITDIR ?= /lib/systemd/system
install: user
	install -D -m 0755 $(BUILD)/bugcheck $(DESTDIR)$(SBINDIR)/bugcheck
	install -D -m 0755 $(BUILD)/bugcheck-server $(DESTDIR)$(SBINDIR)/bugcheck-server
	install -D -m 0644 systemd/bugcheck-collect.service $(DESTDIR)$(UNITDIR)/bugcheck-collect.service
	install -D -m 0644 systemd/bugcheck-forward.service $(DESTDIR)$(UNITDIR)/bugcheck-forward.service
	install -D -m 0644 systemd/bugcheck-watch.service $(DESTDIR)$(UNITDIR)/bugcheck-watch.service
	install -D -m 0644 server/bugcheck-server.service $(DESTDIR)$(UNITDIR)/bugcheck-server.service
	install -D -m 0644 systemd/bugcheck-tmpfiles.conf $(DESTDIR)/usr/lib/tmpfiles.d/bugcheck.conf
	install -D -m 0644 include/bugcheck/vendor.h $(DESTDIR)/usr/include/bugcheck/vendor.h
	install -D -m 0644 include/bugcheck/plugin.h $(DESTDIR)/usr/include/bugcheck/plugin.h
	install -D -m 0644 include/uapi/bugcheck.h $(DESTDIR)/usr/include/bugcheck/uapi/bugcheck.h
	install -d -m 0755 $(DESTDIR)/etc/bugcheck/plugins.d $(DESTDIR)/usr/lib/bugcheck/plugins
	@# never overwrite an administrator's configuration
	[ -e $(DESTDIR)/etc/bugcheck/agent.conf ] || \
		install -m 0644 etc/agent.conf $(DESTDIR)/etc/bugcheck/agent.conf
	install -d -m 0755 $(DESTDIR)/usr/share/doc/bugcheck
	install -m 0644 README.md docs/*.md $(DESTDIR)/usr/share/doc/bugcheck/

demo: setup
	@$(MAKE) --no-print-directory all
	@bash scripts/demo.sh

check: setup
	@$(MAKE) --no-print-directory all
	@bash tests/run.sh

bench: setup
	@$(MAKE) --no-print-directory all
	@bash tests/bench.sh

lint:
	@bash scripts/lint.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod/lab clean 2>/dev/null
	rm -rf $(BUILD)

# Debian packages (debian/, scripts/mkdeb.sh): build/deb/*.deb.
.PHONY: deb man-lint
deb:
	@bash scripts/mkdeb.sh

# Man pages (man/): mandoc's lint must be silent.
man-lint:
	mandoc -Tlint -Wwarning man/*.[0-9]
