/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * bugcheck plug-in ABI: runtime exception modules for kernel crashes.
 *
 * The user-space half of the vendor API (the kernel half is
 * include/bugcheck/vendor.h).  It plays the part of Windows' runtime
 * exception modules (WerRegisterRuntimeExceptionModule): a vendor ships a
 * shared object that the bugcheck agent asks, for every crash it collects,
 * whether the crash is the vendor's.  The first plug-in that claims a crash
 * names its event and its signature, and so decides its bucket on the
 * server; with no claim the agent's own classification decides.
 *
 * A plug-in is a shared object that exports exactly these four symbols
 * (C linkage, default visibility):
 *
 *   bugcheck_plugin_abi_version   const uint32_t, BUGCHECK_PLUGIN_ABI_VERSION
 *   bugcheck_plugin_claim         claim the crash or not (WER's
 *                                 OutOfProcessExceptionEventCallback)
 *   bugcheck_plugin_signature     one signature parameter by index (WER's
 *                                 ...EventSignatureCallback)
 *   bugcheck_plugin_debugger      offer a debugger command line or not
 *                                 (WER's ...EventDebuggerLaunchCallback)
 *
 * Contract, for all three functions:
 *
 *  - They run in a child process the agent forks for each crash and each
 *    plug-in, never in the agent itself.  The plug-in is dlopen()ed in that
 *    child, so constructors run there too.  Standard input is /dev/null,
 *    standard output goes to the agent's standard error, and every other
 *    descriptor of the agent is closed.  Do not rely on global state
 *    surviving from one crash to the next.
 *  - Each call has a time limit (2 seconds by default).  A call that takes
 *    longer gets the whole child killed with SIGKILL.  A crash, a time-out,
 *    a negative return value or an answer that breaks the rules below makes
 *    the agent discard everything this plug-in answered for this crash, log
 *    why, and go on with the next plug-in (and finally the default
 *    classification).
 *  - The view and everything it points to are read-only: the memory is
 *    mapped without write permission in the child, so writing to it faults.
 *    Binary block data may contain anything; the strings are NUL terminated
 *    and sanitised (control characters other than TAB and LF, and invalid
 *    UTF-8, are replaced by '?').
 *  - Strings are returned by writing a NUL-terminated string into the
 *    caller's buffer.  The size argument counts the NUL.  Writing past the
 *    size, or not terminating, is an oversized answer and is rejected.
 *  - Event names and parameter names: 1 to BUGCHECK_PLUGIN_NAME_MAX bytes
 *    of [A-Za-z0-9_.-].  Parameter values and the debugger command line:
 *    printable ASCII (0x20..0x7e), values 0 to BUGCHECK_PLUGIN_VALUE_MAX
 *    bytes, the command line 1 to BUGCHECK_PLUGIN_CMDLINE_MAX bytes.  At
 *    most BUGCHECK_PLUGIN_MAX_PARAMS parameters.  Parameter names must be
 *    distinct.
 *  - The signature should be stable for one root cause: the server's bucket
 *    is a hash of the plug-in name, the event name and every (name, value)
 *    pair in order, so a counter or a time stamp in a value makes every
 *    crash a bucket of its own.
 */
#ifndef _BUGCHECK_PLUGIN_H
#define _BUGCHECK_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change of the view or of the functions. */
#define BUGCHECK_PLUGIN_ABI_VERSION 1

/* Longest event name or parameter name, excluding the NUL. */
#define BUGCHECK_PLUGIN_NAME_MAX 64
/* Longest parameter value, excluding the NUL. */
#define BUGCHECK_PLUGIN_VALUE_MAX 256
/* Longest debugger command line, excluding the NUL. */
#define BUGCHECK_PLUGIN_CMDLINE_MAX 512
/* Most signature parameters of one claim. */
#define BUGCHECK_PLUGIN_MAX_PARAMS 16

/* struct bugcheck_plugin_block.flags (the record's item flags) */
#define BUGCHECK_PLUGIN_BLOCK_TRUNCATED 0x0001 /* data was cut to fit */
#define BUGCHECK_PLUGIN_BLOCK_FAULTED 0x0002 /* the producer faulted */

/**
 * struct bugcheck_plugin_frame - one stack frame as the kernel unwound it
 * @symbol: function name, "" when the address did not resolve
 * @module: module name, "" for the kernel image (vmlinux)
 * @offset: offset of the address into @symbol
 * @size:   size of @symbol, 0 when unknown
 */
struct bugcheck_plugin_frame {
	const char *symbol;
	const char *module;
	uint32_t offset;
	uint32_t size;
};

/**
 * struct bugcheck_plugin_module - a module the stack runs through
 * @name:       module name
 * @version:    MODULE_VERSION() string, "" if none
 * @srcversion: srcversion, or the GNU build id in lower-case hex, "" if
 *              the module has neither
 */
struct bugcheck_plugin_module {
	const char *name;
	const char *version;
	const char *srcversion;
};

/**
 * struct bugcheck_plugin_block - a vendor or triage block of the record
 * @uuid:   the tag the kernel module registered, as a lower-case
 *          "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" string
 * @name:   the short name it registered
 * @flags:  BUGCHECK_PLUGIN_BLOCK_*
 * @status: 0; for a triage block that could not be copied, the errno
 * @data:   the bytes the callback wrote (vendor) or the memory copied
 *          (triage); binary, not NUL terminated, NULL when @len is 0
 * @len:    bytes at @data
 *
 * Match your blocks by @uuid, not by @name: names are not unique.
 */
struct bugcheck_plugin_block {
	const char *uuid;
	const char *name;
	uint32_t flags;
	uint32_t status;
	const uint8_t *data;
	uint32_t len;
	uint32_t reserved;
};

/**
 * struct bugcheck_plugin_view - read-only view of one crash
 * @size:           sizeof(struct bugcheck_plugin_view) as the agent built
 *                  it; later ABI revisions only append members
 * @abi_version:    BUGCHECK_PLUGIN_ABI_VERSION of the agent
 * @kernel_release: utsname release of the crashed kernel, "" if unknown
 * @kernel_version: utsname version ("#1 SMP ..."), "" if unknown
 * @machine:        utsname machine ("x86_64"), "" if unknown
 * @reason:         what fired (enum bugcheck_reason of uapi/bugcheck.h)
 * @reason_name:    @reason as text ("oops", "panic", "warn", ...)
 * @record_flags:   BUGCHECK_RF_* of the record
 * @message:        die string or panic message, "" if none
 * @panic_message:  the panic message that followed an oops, "" if none
 * @comm:           name of the task that crashed
 * @pid:            its pid
 * @taint:          kernel taint mask
 * @crash_time_ns:  wall-clock time of the crash, ns since the epoch
 * @classified:     1 when the fields below come from the agent's classifier,
 *                  0 when the crash could not be classified (they are ""
 *                  and 0 then)
 * @failure_class:  class code (enum bugcheck_class of uapi/bugcheck.h)
 * @class_name:     class as text ("NULL_POINTER_DEREFERENCE")
 * @title:          normalised one-line title
 * @image:          blamed module, or "vmlinux"
 * @function:       blamed function, "" if none
 * @failure_name:   the default failure name, "<CLASS>_0x<code>_<image>!<fn>"
 * @failure_hash:   the default bucket key
 * @corrupted:      1 when the report is truncated or has no usable stack
 * @panicked:       1 when the kernel panicked
 * @nframes:        entries in @frames
 * @frames:         the stack, innermost first
 * @nmodules:       entries in @modules
 * @modules:        modules the stack runs through
 * @nvendor:        entries in @vendor
 * @vendor:         secondary-data blocks (bugcheck_register_callback())
 * @ntriage:        entries in @triage
 * @triage:         triage memory blocks (bugcheck_register_triage())
 * @log:            kernel log tail at the crash, sanitised, "" if none
 * @log_len:        bytes of @log
 */
struct bugcheck_plugin_view {
	uint32_t size;
	uint32_t abi_version;
	const char *kernel_release;
	const char *kernel_version;
	const char *machine;
	uint32_t reason;
	uint32_t record_flags;
	const char *reason_name;
	const char *message;
	const char *panic_message;
	const char *comm;
	uint32_t pid;
	uint32_t classified;
	uint64_t taint;
	uint64_t crash_time_ns;
	uint32_t failure_class;
	uint32_t corrupted;
	const char *class_name;
	const char *title;
	const char *image;
	const char *function;
	const char *failure_name;
	const char *failure_hash;
	uint32_t panicked;
	uint32_t nframes;
	const struct bugcheck_plugin_frame *frames;
	uint32_t nmodules;
	uint32_t nvendor;
	const struct bugcheck_plugin_module *modules;
	const struct bugcheck_plugin_block *vendor;
	uint32_t ntriage;
	uint32_t reserved;
	const struct bugcheck_plugin_block *triage;
	const char *log;
	size_t log_len;
};

/*
 * The four symbols are exported even when the plug-in is built with
 * -fvisibility=hidden (recommended, so nothing else leaks out of it).
 */
#define BUGCHECK_PLUGIN_EXPORT __attribute__((visibility("default")))

/*
 * The plug-in's ABI version.  Define it with BUGCHECK_PLUGIN_DEFINE_ABI; a
 * plug-in whose value differs from the agent's is not loaded.
 */
BUGCHECK_PLUGIN_EXPORT extern const uint32_t bugcheck_plugin_abi_version;

#define BUGCHECK_PLUGIN_DEFINE_ABI()                                        \
	BUGCHECK_PLUGIN_EXPORT const uint32_t bugcheck_plugin_abi_version = \
		BUGCHECK_PLUGIN_ABI_VERSION

/**
 * bugcheck_plugin_claim() - is this crash yours?
 * @view:            the crash
 * @event_name:      where to write the event name when claiming
 * @event_name_size: bytes at @event_name (BUGCHECK_PLUGIN_NAME_MAX + 1)
 * @nparams:         where to write the number of signature parameters
 *                   (0 .. BUGCHECK_PLUGIN_MAX_PARAMS) when claiming
 *
 * Called first, for every crash, in the order the configuration lists the
 * plug-ins, until one claims.
 *
 * Return: 1 to claim (then @event_name and @nparams must be set), 0 to
 * decline, a negative errno on failure (treated as a declined claim and
 * logged).
 */
BUGCHECK_PLUGIN_EXPORT int
bugcheck_plugin_claim(const struct bugcheck_plugin_view *view, char *event_name,
		      size_t event_name_size, unsigned int *nparams);

/**
 * bugcheck_plugin_signature() - one signature parameter of a claimed crash
 * @view:       the crash
 * @index:      0 .. nparams - 1, asked in order
 * @name:       where to write the parameter's name
 * @name_size:  bytes at @name (BUGCHECK_PLUGIN_NAME_MAX + 1)
 * @value:      where to write its value
 * @value_size: bytes at @value (BUGCHECK_PLUGIN_VALUE_MAX + 1)
 *
 * Called only after bugcheck_plugin_claim() claimed, once per parameter,
 * in the same process.
 *
 * Return: 0, or a negative errno (the whole claim is then discarded).
 */
BUGCHECK_PLUGIN_EXPORT int
bugcheck_plugin_signature(const struct bugcheck_plugin_view *view,
			  unsigned int index, char *name, size_t name_size,
			  char *value, size_t value_size);

/**
 * bugcheck_plugin_debugger() - offer a debugger for a claimed crash?
 * @view:         the crash
 * @cmdline:      where to write the command line to offer, for example
 *                "crash /usr/lib/debug/vmlinux /var/crash/x/dump.x"
 * @cmdline_size: bytes at @cmdline (BUGCHECK_PLUGIN_CMDLINE_MAX + 1)
 *
 * Called after the signature, only for the plug-in that claimed.  The
 * agent never runs the command itself; it shows it with the report.
 *
 * Return: 1 to offer @cmdline, 0 for no offer, a negative errno (the whole
 * claim is then discarded).
 */
BUGCHECK_PLUGIN_EXPORT int
bugcheck_plugin_debugger(const struct bugcheck_plugin_view *view, char *cmdline,
			 size_t cmdline_size);

#ifdef __cplusplus
}
#endif

#endif /* _BUGCHECK_PLUGIN_H */
