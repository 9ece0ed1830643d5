# SPDX-License-Identifier: GPL-2.0
# Bucketing service: build/bugcheck-server.  (Owned by server/.)
#
#   server/*.c except main.c, tool_*.c, *_test.c, fuzz_*.c -> build/obj/server/*.o
#   server/main.c              -> build/bugcheck-server
#   server/tool_load.c         -> build/bugcheck-server-load (bench data loader)
#   server/<x>_test.c          -> build/tests/server_<x>_test  (make server-tests)
#   server/fuzz_<x>.c          -> build/fuzz/server_fuzz_<x>   (make server-fuzz;
#                                 clang libFuzzer with ASan and UBSan)
# SAN=1 builds into build/san/ with ASan and UBSan.  Quiet unless V=1;
# header dependencies from -MMD -MP; .DELETE_ON_ERROR is in the Makefile.

SERVER_PKGS := libmicrohttpd json-c sqlite3 libpq libsystemd
SERVER_PKG_CFLAGS = $(shell pkg-config --cflags $(SERVER_PKGS) 2>/dev/null)
SERVER_PKG_LIBS = $(shell pkg-config --libs $(SERVER_PKGS) 2>/dev/null) -lpthread -lm

# SAN=1: the output folder and sanitizer flags agent.mk chose (lib's
# archive is built there too).
SERVER_OUT := $(AGENT_OUT)
SERVER_SAN := $(AGENT_SAN)

# The failure hash is the classifier's published function, linked from the
# agent's core source (never copied): bc_failure_hash() in
# agent/core/classify_title.c.  It links without the rest of the classifier.
# lib/ (logging, the config parser, SHA-256, the test harness) is the
# archive agent.mk builds, $(LIB_LIB), the same objects for both programs.
SERVER_HASH_SRCS := agent/core/classify_title.c
SERVER_HASH_OBJS := $(patsubst %.c,$(SERVER_OUT)/obj/server/hash/%.o,$(SERVER_HASH_SRCS))

SERVER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -MMD -MP \
	-Iinclude -Iserver -Iagent/core -Ilib $(SERVER_SAN)
# The caller's CFLAGS/LDFLAGS come last (CPPFLAGS is on the compile lines).
SERVER_CFLAGS += $(CFLAGS)
SERVER_LDFLAGS := $(SERVER_SAN) $(LDFLAGS)
SERVER_VERSION := $(or $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf 2>/dev/null),unknown)
SERVER_LIB_SRCS := $(filter-out server/main.c server/tool_%.c server/%_test.c server/fuzz_%.c,$(wildcard server/*.c))
SERVER_LIB_OBJS := $(patsubst server/%.c,$(SERVER_OUT)/obj/server/%.o,$(SERVER_LIB_SRCS)) \
	$(SERVER_HASH_OBJS) $(SERVER_OUT)/obj/server/web_assets.o
# The dashboard (server/web/) is embedded with .incbin (web_assets.S).
SERVER_WEB_FILES := $(wildcard server/web/*)
SERVER_LIBS := $(SERVER_LIB_OBJS) $(LIB_LIB)
SERVER_TEST_SRCS := $(wildcard server/*_test.c)
SERVER_TESTS := $(patsubst server/%.c,$(SERVER_OUT)/tests/server_%,$(SERVER_TEST_SRCS))
SERVER_FUZZ_SRCS := $(wildcard server/fuzz_*.c)
SERVER_FUZZERS := $(patsubst server/%.c,$(BUILD)/fuzz/server_%,$(SERVER_FUZZ_SRCS))

USER_TARGETS += $(SERVER_OUT)/bugcheck-server $(SERVER_OUT)/bugcheck-server-load $(SERVER_TESTS)

# Header dependencies come from -MMD -MP (the .d files included below).
$(SERVER_OUT)/obj/server/%.o: server/%.c
	$(call bc_quiet,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(SERVER_CFLAGS) $(SERVER_PKG_CFLAGS) -c -o $@ $<

$(SERVER_OUT)/obj/server/web_assets.o: server/web_assets.S $(SERVER_WEB_FILES)
	$(call bc_quiet,AS,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(SERVER_SAN) -c -o $@ $<

$(SERVER_OUT)/obj/server/hash/%.o: %.c
	$(call bc_quiet,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(SERVER_CFLAGS) -c -o $@ $<

$(SERVER_OUT)/obj/server/main.o: CPPFLAGS += -DSERVER_VERSION='"$(SERVER_VERSION)"'

$(SERVER_OUT)/bugcheck-server: $(SERVER_OUT)/obj/server/main.o $(SERVER_LIBS)
	$(call bc_quiet,LD,$@)
	$(Q)$(CC) $(SERVER_LDFLAGS) -o $@ $^ $(SERVER_PKG_LIBS)

$(SERVER_OUT)/bugcheck-server-load: $(SERVER_OUT)/obj/server/tool_load.o $(SERVER_LIBS)
	$(call bc_quiet,LD,$@)
	$(Q)$(CC) $(SERVER_LDFLAGS) -o $@ $^ $(SERVER_PKG_LIBS)

# Unit tests are built like the agent's: the test's object linked against
# the server objects and lib/.
$(SERVER_OUT)/tests/server_%: $(SERVER_OUT)/obj/server/%.o $(SERVER_LIBS)
	$(call bc_quiet,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(SERVER_LDFLAGS) -o $@ $^ $(SERVER_PKG_LIBS)

# Keep the test objects: make would delete them as intermediate files.
.SECONDARY: $(patsubst server/%.c,$(SERVER_OUT)/obj/server/%.o,$(SERVER_TEST_SRCS))

# Fuzzers build from the sources with clang, independent of SAN=.
$(BUILD)/fuzz/server_%: server/%.c $(SERVER_LIB_SRCS) $(SERVER_HASH_SRCS) $(LIB_SRCS) \
		server/web_assets.S $(SERVER_WEB_FILES) \
		$(wildcard server/*.h lib/*.h agent/core/*.h include/*/*.h)
	$(call bc_quiet,FUZZ,$@)
	@mkdir -p $(dir $@)
	$(Q)clang -std=gnu11 -g -O1 -D_GNU_SOURCE -Iinclude -Iserver -Iagent/core -Ilib $(SERVER_PKG_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(SERVER_LIB_SRCS) $(SERVER_HASH_SRCS) server/web_assets.S $(LIB_SRCS) $(SERVER_PKG_LIBS)

-include $(shell find $(SERVER_OUT)/obj/server -name '*.d' 2>/dev/null)

.PHONY: server-tests server-fuzz
server-tests: $(SERVER_TESTS)
server-fuzz: $(SERVER_FUZZERS)
