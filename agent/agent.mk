# SPDX-License-Identifier: GPL-2.0
# User-space agent: build/bugcheck, its unit tests and fuzz targets.
#
# agent/ is split into layers, one folder each.  A layer compiles with only
# the include paths of the layers it may use (AGENT_INC_<layer> below), so
# a core file that includes a spool, forward, netlink or curl header does
# not compile (tests/suite-lint.sh proves it with a probe file).
#
#   agent/core/     pure: record decoder, classifier, report builder
#   agent/config/   agent.conf parser
#   agent/host/     facts about this machine core must not read: names,
#                   os-release, clock, salt and machine id
#   agent/sources/  where crashes come from: genl (module), pstore, kdump
#   agent/spool/    the on-disk report queue
#   agent/forward/  upload to bugcheck-server (libcurl)
#   agent/plugins/  runtime exception modules
#   agent/live/     bugcheck watch: live reports from /dev/kmsg and the
#                   BPF programs of bpf/ (whose loaders build in this layer)
#   agent/collect/  the collect pipeline `bugcheck collect` runs: sources,
#                   classifier, plug-ins, spool (never forward)
#   agent/cli/      main(), one file per sub-command
#   agent/fuzz/     libFuzzer targets
#
# Outputs (SAN=1 puts everything but the fuzzers under build/san/):
#   build/libbugcheck-core.a  agent/core + common/ (record, slots)
#   build/libbugcheck-lib.a   lib/ (shared user-space code)
#   build/libbugcheck.a       the other layers but cli/main.c
#   build/bugcheck            agent/cli/main.c + the three archives
#   build/tests/<x>_test      from agent/*/<x>_test.c  (make agent-tests)
#   build/fuzz/fuzz_<x>       from agent/fuzz/fuzz_<x>.c (make fuzz; clang
#                             libFuzzer with ASan and UBSan)

AGENT_PKGS := libnl-genl-3.0 libnl-3.0 liblz4 libzstd json-c libcurl libsystemd libbpf
AGENT_PKG_LIBS = $(shell pkg-config --libs $(AGENT_PKGS) 2>/dev/null)

ifeq ($(SAN),1)
AGENT_OUT := $(BUILD)/san
AGENT_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
AGENT_OUT := $(BUILD)
AGENT_SAN :=
endif

AGENT_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-D_GNU_SOURCE -MMD -MP $(AGENT_SAN)
AGENT_LDFLAGS := $(AGENT_SAN)
# The caller's flags (a distribution's hardening flags) come last, so they
# win over the defaults above.
AGENT_CFLAGS += $(CPPFLAGS) $(CFLAGS)
AGENT_LDFLAGS += $(LDFLAGS)

# Include paths per layer: a layer sees its own folder, the layers below it,
# common/, lib/ and include/.  System headers of a library a layer must not
# use (curl, systemd) are shadowed by agent/deny/, whose copies are #error;
# libnl's headers are only on the path where its pkg-config flags are.
AGENT_BASE_INC := -Icommon -Ilib -Iinclude
AGENT_DENY := -Iagent/deny
AGENT_INC_core := -Iagent/core $(AGENT_BASE_INC) $(AGENT_DENY)
AGENT_INC_host := -Iagent/host -Iagent/core $(AGENT_BASE_INC) $(AGENT_DENY)
AGENT_INC_config := -Iagent/config $(AGENT_BASE_INC) $(AGENT_DENY)
AGENT_INC_sources := -Iagent/sources -Iagent/core -Iagent/config $(AGENT_BASE_INC) \
	$(AGENT_DENY) $(shell pkg-config --cflags libnl-genl-3.0 libnl-3.0 2>/dev/null)
AGENT_INC_spool := -Iagent/spool -Iagent/core -Iagent/config $(AGENT_BASE_INC) $(AGENT_DENY)
AGENT_INC_plugins := -Iagent/plugins -Iagent/core -Iagent/config $(AGENT_BASE_INC) $(AGENT_DENY)
AGENT_INC_collect := -Iagent/collect -Iagent/plugins -Iagent/spool -Iagent/sources \
	-Iagent/host -Iagent/core -Iagent/config $(AGENT_BASE_INC) $(AGENT_DENY) \
	$(shell pkg-config --cflags libnl-genl-3.0 libnl-3.0 json-c 2>/dev/null)
AGENT_INC_forward := -Iagent/forward -Iagent/spool -Iagent/host -Iagent/core -Iagent/config \
	$(AGENT_BASE_INC) $(shell pkg-config --cflags libcurl libsystemd 2>/dev/null)
AGENT_INC_live := -Iagent/live -Ibpf -I$(BUILD)/bpf -Iagent/spool -Iagent/host \
	-Iagent/core -Iagent/config $(AGENT_BASE_INC) \
	$(shell pkg-config --cflags json-c libsystemd libbpf 2>/dev/null)
# The shell, the tests and the fuzzers see everything.
AGENT_INC_ALL := -Ibpf -I$(BUILD)/bpf $(foreach l,cli live collect plugins forward spool sources host core config,-Iagent/$(l)) \
	$(AGENT_BASE_INC) $(shell pkg-config --cflags $(AGENT_PKGS) 2>/dev/null)
AGENT_INC_cli := $(AGENT_INC_ALL)
AGENT_INC_fuzz := $(AGENT_INC_ALL)

AGENT_IS_PROG = $(filter agent/cli/main.c agent/%_test.c agent/fuzz/%,$(1))
AGENT_CORE_SRCS := $(filter-out %_test.c,$(wildcard agent/core/*.c)) \
	common/record.c common/slots.c
AGENT_SHELL_SRCS := $(filter-out agent/cli/main.c %_test.c, \
	$(wildcard $(foreach l,config host sources spool forward plugins collect live cli,agent/$(l)/*.c)))
LIB_SRCS := $(wildcard lib/*.c)
AGENT_TEST_SRCS := $(wildcard agent/*/*_test.c)
AGENT_TESTS := $(patsubst %.c,$(AGENT_OUT)/tests/%,$(notdir $(AGENT_TEST_SRCS)))
AGENT_FUZZ_SRCS := $(wildcard agent/fuzz/fuzz_*.c)
AGENT_FUZZERS := $(patsubst agent/fuzz/%.c,$(BUILD)/fuzz/%,$(AGENT_FUZZ_SRCS))

AGENT_OBJ = $(patsubst %.c,$(AGENT_OUT)/obj/%.o,$(1))
AGENT_CORE_LIB := $(AGENT_OUT)/libbugcheck-core.a
AGENT_LIB := $(AGENT_OUT)/libbugcheck.a
LIB_LIB := $(AGENT_OUT)/libbugcheck-lib.a
# Link order: shell, then core, then lib (each uses only what follows it).
AGENT_LIBS := $(AGENT_LIB) $(AGENT_CORE_LIB) $(LIB_LIB)

# BPF programs, skeletons and their loaders (bpf/<stem>.c, live layer).
include bpf/bpf.mk

USER_TARGETS += $(AGENT_OUT)/bugcheck

# agent/<layer>/x.c compiles with AGENT_INC_<layer>.
$(AGENT_OUT)/obj/agent/%.o: agent/%.c
	$(call bc_quiet,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(AGENT_CFLAGS) $(AGENT_INC_$(firstword $(subst /, ,$*))) -c -o $@ $<

# common/ is the record and slot code the module runs on the crash path;
# user space builds the very same files.
$(AGENT_OUT)/obj/common/%.o: common/%.c
	$(call bc_quiet,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(AGENT_CFLAGS) -Icommon -Iinclude -c -o $@ $<

$(AGENT_OUT)/obj/lib/%.o: lib/%.c
	$(call bc_quiet,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(AGENT_CFLAGS) -Ilib -c -o $@ $<

$(AGENT_CORE_LIB): $(call AGENT_OBJ,$(AGENT_CORE_SRCS))
$(AGENT_LIB): $(call AGENT_OBJ,$(AGENT_SHELL_SRCS))
$(LIB_LIB): $(call AGENT_OBJ,$(LIB_SRCS))
$(AGENT_CORE_LIB) $(AGENT_LIB) $(LIB_LIB):
	$(call bc_quiet,AR,$@)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(AGENT_OUT)/bugcheck: $(call AGENT_OBJ,agent/cli/main.c) $(AGENT_LIBS)
	$(call bc_quiet,LD,$@)
	$(Q)$(CC) $(AGENT_LDFLAGS) -o $@ $^ $(AGENT_PKG_LIBS) -lm

# Every unit test is built the same way: its object (compiled with every
# include path) linked against the three archives.
define agent_test_rule
$(AGENT_OUT)/tests/$(basename $(notdir $(1))): $(call AGENT_OBJ,$(1)) $$(AGENT_LIBS)
	$$(call bc_quiet,LD,$$@)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(CC) $$(AGENT_LDFLAGS) -o $$@ $$^ $$(AGENT_PKG_LIBS) -lm
endef
$(foreach t,$(AGENT_TEST_SRCS),$(eval $(call agent_test_rule,$(t))))

# Test files compile with every include path, whatever layer they sit in.
$(foreach t,$(AGENT_TEST_SRCS),$(eval $(call AGENT_OBJ,$(t)): AGENT_INC_$(word 2,$(subst /, ,$(t))) = $$(AGENT_INC_ALL)))

# Fuzzers always build with clang's libFuzzer plus ASan and UBSan, from the
# sources, so they do not depend on how the archives were built.
$(BUILD)/fuzz/%: agent/fuzz/%.c $(AGENT_CORE_SRCS) $(AGENT_SHELL_SRCS) $(LIB_SRCS) \
		$(BPF_LOADER_SRCS) $(BPF_SKELS) \
		$(wildcard agent/*/*.h common/*.h lib/*.h include/*/*.h)
	$(call bc_quiet,FUZZ,$@)
	@mkdir -p $(dir $@)
	$(Q)clang -std=gnu11 -g -O1 -D_GNU_SOURCE $(AGENT_INC_ALL) \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(AGENT_CORE_SRCS) $(AGENT_SHELL_SRCS) $(BPF_LOADER_SRCS) $(LIB_SRCS) \
		$(AGENT_PKG_LIBS) -lm

-include $(shell find $(AGENT_OUT)/obj $(AGENT_OUT)/tests -name '*.d' 2>/dev/null)

# The classifier's generic-code table (agent/core/classify_gentab.c) is committed;
# this rebuilds it from Debian's linux-source-6.1 and linux-source-6.12 with
# Universal Ctags.  The 6.12 tree is fetched once (curl, pinned SHA256) into
# /var/cache/bugcheck/linux-source-VERSION/ by scripts/fetch-linux-source-612.sh.
.PHONY: classify-gentab
classify-gentab:
	python3 scripts/classify-gentab.py --src2 "$$(scripts/fetch-linux-source-612.sh)"

.PHONY: agent-tests fuzz
agent-tests: $(AGENT_TESTS)
fuzz: $(AGENT_FUZZERS)

# The compile flags of one layer, for tests/suite-lint.sh's layer probes:
# make -s agent-layer-flags-core
agent-layer-flags-%:
	@echo $(AGENT_CFLAGS) $(AGENT_INC_$*)
