# SPDX-License-Identifier: GPL-2.0
# Bucketing service: build/bugcheck-server.  (Owned by server/.)
#
#   server/*.c except main.c, tool_*.c, *_test.c, fuzz_*.c -> build/obj/server/*.o
#   server/main.c              -> build/bugcheck-server
#   server/tool_load.c         -> build/bugcheck-server-load (bench data loader)
#   server/<x>_test.c          -> build/tests/server_<x>_test  (make server-tests)
#   server/fuzz_<x>.c          -> build/fuzz/server_fuzz_<x>   (make server-fuzz;
#                                 clang libFuzzer with ASan and UBSan)
# SAN=1 builds into build/san/ with ASan and UBSan.

SERVER_PKGS := libmicrohttpd json-c sqlite3 libsystemd libcrypto
SERVER_PKG_CFLAGS = $(shell pkg-config --cflags $(SERVER_PKGS) 2>/dev/null)
SERVER_PKG_LIBS = $(shell pkg-config --libs $(SERVER_PKGS) 2>/dev/null) -lpthread -lm

ifeq ($(SAN),1)
SERVER_OUT := $(BUILD)/san
SERVER_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
SERVER_OUT := $(BUILD)
SERVER_SAN :=
endif

# The failure hash is the classifier's published function, linked from the
# agent's core sources (never copied): bc_failure_hash() in
# agent/core/classify_title.c and the shared SHA-256 in lib/sha256.c.  They
# link without the rest of the classifier.
SERVER_HASH_SRCS := agent/core/classify_title.c lib/sha256.c
SERVER_HASH_OBJS := $(patsubst %.c,$(SERVER_OUT)/obj/server/hash/%.o,$(SERVER_HASH_SRCS))

SERVER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
	-Iinclude -Iserver -Iagent/core -Ilib $(SERVER_SAN)
SERVER_VERSION := $(or $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf 2>/dev/null),unknown)
SERVER_LIB_SRCS := $(filter-out server/main.c server/tool_%.c server/%_test.c server/fuzz_%.c,$(wildcard server/*.c))
SERVER_LIB_OBJS := $(patsubst server/%.c,$(SERVER_OUT)/obj/server/%.o,$(SERVER_LIB_SRCS)) \
	$(SERVER_HASH_OBJS)
SERVER_TEST_SRCS := $(wildcard server/*_test.c)
SERVER_TESTS := $(patsubst server/%.c,$(SERVER_OUT)/tests/server_%,$(SERVER_TEST_SRCS))
SERVER_FUZZ_SRCS := $(wildcard server/fuzz_*.c)
SERVER_FUZZERS := $(patsubst server/%.c,$(BUILD)/fuzz/server_%,$(SERVER_FUZZ_SRCS))
SERVER_HDRS := $(wildcard server/*.h)

USER_TARGETS += $(SERVER_OUT)/bugcheck-server $(SERVER_OUT)/bugcheck-server-load $(SERVER_TESTS)

$(SERVER_OUT)/obj/server/%.o: server/%.c $(SERVER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(SERVER_CFLAGS) $(SERVER_PKG_CFLAGS) -c -o $@ $<

$(SERVER_OUT)/obj/server/hash/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) -c -o $@ $<

$(SERVER_OUT)/obj/server/main.o: CPPFLAGS += -DSERVER_VERSION='"$(SERVER_VERSION)"'

$(SERVER_OUT)/bugcheck-server: $(SERVER_OUT)/obj/server/main.o $(SERVER_LIB_OBJS)
	$(CC) $(SERVER_SAN) -o $@ $^ $(SERVER_PKG_LIBS)

$(SERVER_OUT)/bugcheck-server-load: $(SERVER_OUT)/obj/server/tool_load.o $(SERVER_LIB_OBJS)
	$(CC) $(SERVER_SAN) -o $@ $^ $(SERVER_PKG_LIBS)

$(SERVER_OUT)/tests/server_%: server/%.c $(SERVER_LIB_OBJS) $(SERVER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) $(SERVER_PKG_CFLAGS) -o $@ $< $(SERVER_LIB_OBJS) $(SERVER_PKG_LIBS)

# Fuzzers build from the sources with clang, independent of SAN=.
$(BUILD)/fuzz/server_%: server/%.c $(SERVER_LIB_SRCS) $(SERVER_HASH_SRCS) $(SERVER_HDRS)
	@mkdir -p $(dir $@)
	clang -std=gnu11 -g -O1 -D_GNU_SOURCE -Iinclude -Iserver -Iagent/core -Ilib $(SERVER_PKG_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(SERVER_LIB_SRCS) $(SERVER_HASH_SRCS) $(SERVER_PKG_LIBS)

.PHONY: server-tests server-fuzz
server-tests: $(SERVER_TESTS)
server-fuzz: $(SERVER_FUZZERS)
