# SPDX-License-Identifier: GPL-2.0
# BPF programs (bpf/<stem>.bpf.c) and their skeletons, for the agent's live
# layer (agent/live/).  Included by agent/agent.mk.
#
#   build/bpf/<stem>.bpf.o   clang -target bpf, CO-RE, DWARF stripped
#   build/bpf/<stem>.skel.h  bpftool gen skeleton (never committed)
#
# bpf/vmlinux/x86/vmlinux.h is committed; scripts/gen-vmlinux-h.sh makes it
# again from the newest installed Debian kernel's BTF.

BPF_OUT := $(BUILD)/bpf
BPF_CLANG ?= clang
BPFTOOL ?= $(shell PATH=$$PATH:/usr/sbin:/sbin command -v bpftool)
BPF_ARCH := x86
BPF_STEMS := $(patsubst bpf/%.bpf.c,%,$(wildcard bpf/*.bpf.c))
BPF_SKELS := $(patsubst %,$(BPF_OUT)/%.skel.h,$(BPF_STEMS))

$(BPF_OUT)/%.bpf.o: bpf/%.bpf.c bpf/%.h bpf/vmlinux/$(BPF_ARCH)/vmlinux.h
	$(call bc_quiet,BPF,$@)
	@mkdir -p $(dir $@)
	$(Q)$(BPF_CLANG) -g -O2 -target bpf -D__TARGET_ARCH_$(BPF_ARCH) \
		-Ibpf/vmlinux/$(BPF_ARCH) -Ibpf -Wall -Werror -c $< -o $@
	$(Q)llvm-strip -g $@

$(BPF_OUT)/%.skel.h: $(BPF_OUT)/%.bpf.o
	$(call bc_quiet,GEN,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $*_bpf > $@

.SECONDARY: $(patsubst %,$(BPF_OUT)/%.bpf.o,$(BPF_STEMS))

# The loaders (bpf/<stem>.c) are agent code of the live layer.
$(AGENT_OUT)/obj/bpf/%.o: bpf/%.c $(BPF_SKELS)
	$(call bc_quiet,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(AGENT_CFLAGS) $(AGENT_INC_live) -c -o $@ $<

BPF_LOADER_SRCS := $(filter-out %.bpf.c,$(wildcard bpf/*.c))
$(AGENT_LIB): $(call AGENT_OBJ,$(BPF_LOADER_SRCS))

# The live layer's files include the generated skeleton's directory.
$(call AGENT_OBJ,$(wildcard agent/live/*.c) agent/cli/main.c): $(BPF_SKELS)
