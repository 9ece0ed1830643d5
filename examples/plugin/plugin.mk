# SPDX-License-Identifier: GPL-2.0
# Runtime exception modules (agent plug-ins, include/bugcheck/plugin.h).
#
#   examples/plugin/sample_plugin.c -> build/plugins/bugcheck-sample.so
#                                      (part of `make`, and `make plugins`)
#   tests/plugins/<x>.c             -> build/tests/plugins/<x>.so
#                                      (misbehaving plug-ins for
#                                      tests/suite-plugins.sh; part of
#                                      `make agent-tests`)
#
# Plug-ins are built the way a vendor would build one: only the public
# header, position independent, everything hidden but the four symbols.
# They are never built with sanitizers: the agent loads them in a child
# process, whatever the agent itself was built with.

PLUGIN_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-fPIC -fvisibility=hidden -Iinclude
PLUGIN_SAMPLE := $(BUILD)/plugins/bugcheck-sample.so
PLUGIN_TEST_SRCS := $(wildcard tests/plugins/*.c)
PLUGIN_TEST_SOS := $(patsubst tests/plugins/%.c,$(BUILD)/tests/plugins/%.so,$(PLUGIN_TEST_SRCS))

USER_TARGETS += $(PLUGIN_SAMPLE)

$(PLUGIN_SAMPLE): examples/plugin/sample_plugin.c include/bugcheck/plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) -shared -o $@ $<

$(BUILD)/tests/plugins/%.so: tests/plugins/%.c include/bugcheck/plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) -shared -o $@ $<

.PHONY: plugins
plugins: $(PLUGIN_SAMPLE)
agent-tests: $(PLUGIN_SAMPLE) $(PLUGIN_TEST_SOS)
