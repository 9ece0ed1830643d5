/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Logging for bugcheck's user-space programs: one line on stderr, starting
 * with the "<N>" priority prefix journald turns into the line's priority
 * (systemd's sd-daemon.h: SD_ERR is "<3>", SD_WARNING "<4>", SD_NOTICE
 * "<5>", SD_INFO "<6>", SD_DEBUG "<7>"; the numbers are syslog.h's LOG_*).
 *
 * Only top-level code logs (a command, a daemon's loop).  Library code
 * returns 0 or -errno and leaves the wording to its caller.
 *
 * lib/ is shared by agent/ and server/: log.h, conf.h (the one
 * configuration parser), sha256.h and tap.h (the unit-test harness).
 * bugcheck-server uses all four (SHA-256 for its token hashes and claim
 * keys: it links no crypto library).
 */
#ifndef BUGCHECK_LIB_LOG_H
#define BUGCHECK_LIB_LOG_H

#include <syslog.h>

/**
 * bc_log() - write one log line to stderr
 * @prio: LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO or LOG_DEBUG
 * @fmt:  printf format; a missing final newline is added
 */
void bc_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* BUGCHECK_LIB_LOG_H */
