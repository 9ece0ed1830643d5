# SPDX-License-Identifier: GPL-2.0
# User-space agent: build/bugcheck, its unit tests and fuzz targets.
#
# Every agent/*.c that is not main.c, a *_test.c or a fuzz_*.c is part of
# build/libbugcheck.a, which the command, the tests and the fuzzers link.
#   agent/main.c          -> build/bugcheck
#   agent/<x>_test.c      -> build/tests/<x>_test   (make agent-tests)
#   agent/fuzz_<x>.c      -> build/fuzz/fuzz_<x>    (make fuzz; clang libFuzzer
#                                                    with ASan and UBSan)
# SAN=1 builds everything with ASan and UBSan into build/san/.

AGENT_PKGS := libnl-genl-3.0 libnl-3.0 liblz4 json-c libcurl libsystemd
AGENT_PKG_CFLAGS = $(shell pkg-config --cflags $(AGENT_PKGS) 2>/dev/null)
AGENT_PKG_LIBS = $(shell pkg-config --libs $(AGENT_PKGS) 2>/dev/null)

ifeq ($(SAN),1)
AGENT_OUT := $(BUILD)/san
AGENT_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
AGENT_OUT := $(BUILD)
AGENT_SAN :=
endif

AGENT_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-D_GNU_SOURCE -Iinclude -Iagent -Ikmod $(AGENT_SAN)
AGENT_LDFLAGS := $(AGENT_SAN)

# kmod/record.c and kmod/slots.c are the pure record logic the module runs
# on the crash path; the agent links the very same code to decode.
AGENT_SHARED_SRCS := kmod/record.c kmod/slots.c
AGENT_LIB_SRCS := $(filter-out agent/main.c agent/%_test.c agent/fuzz_%.c,$(wildcard agent/*.c)) \
	$(AGENT_SHARED_SRCS)
AGENT_LIB_OBJS := $(patsubst %.c,$(AGENT_OUT)/obj/%.o,$(AGENT_LIB_SRCS))
AGENT_TEST_SRCS := $(wildcard agent/*_test.c)
AGENT_TESTS := $(patsubst agent/%.c,$(AGENT_OUT)/tests/%,$(AGENT_TEST_SRCS))
AGENT_FUZZ_SRCS := $(wildcard agent/fuzz_*.c)
AGENT_FUZZERS := $(patsubst agent/%.c,$(BUILD)/fuzz/%,$(AGENT_FUZZ_SRCS))
AGENT_LIB := $(AGENT_OUT)/libbugcheck.a

USER_TARGETS += $(AGENT_OUT)/bugcheck

$(AGENT_OUT)/obj/kmod/%.o: kmod/%.c kmod/record.h kmod/slots.h include/uapi/bugcheck.h
	@mkdir -p $(dir $@)
	$(CC) $(AGENT_CFLAGS) -c -o $@ $<

$(AGENT_OUT)/obj/agent/%.o: agent/%.c $(wildcard agent/*.h) include/uapi/bugcheck.h $(wildcard kmod/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(AGENT_CFLAGS) $(AGENT_PKG_CFLAGS) -c -o $@ $<

$(AGENT_LIB): $(AGENT_LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(AGENT_OUT)/bugcheck: $(AGENT_OUT)/obj/agent/main.o $(AGENT_LIB)
	$(CC) $(AGENT_LDFLAGS) -o $@ $^ $(AGENT_PKG_LIBS) -lm

$(AGENT_OUT)/tests/%: agent/%.c $(AGENT_LIB) $(wildcard agent/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(AGENT_CFLAGS) $(AGENT_PKG_CFLAGS) -o $@ $< $(AGENT_LIB) $(AGENT_PKG_LIBS) -lm

# Fuzzers always build with clang's libFuzzer plus ASan and UBSan, from the
# sources, so they do not depend on how the library was built.
$(BUILD)/fuzz/%: agent/%.c $(AGENT_LIB_SRCS) $(wildcard agent/*.h)
	@mkdir -p $(dir $@)
	clang -std=gnu11 -g -O1 -D_GNU_SOURCE -Iinclude -Iagent -Ikmod $(AGENT_PKG_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(AGENT_LIB_SRCS) $(AGENT_PKG_LIBS) -lm

# The classifier's generic-code table (agent/classify_gentab.c) is committed;
# this rebuilds it from Debian's linux-source-6.1 with Universal Ctags.
.PHONY: classify-gentab
classify-gentab:
	python3 scripts/classify-gentab.py

.PHONY: agent-tests fuzz
agent-tests: $(AGENT_TESTS)
fuzz: $(AGENT_FUZZERS)
