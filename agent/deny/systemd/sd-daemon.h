/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shadows the system <systemd/sd-daemon.h> for the agent layers that must not use it
 * (agent/agent.mk puts agent/deny/ on their include path).  Only
 * agent/forward/ and agent/cli/ may include it.
 */
#error "<systemd/sd-daemon.h> is outside this layer: see the layer table in agent/agent.mk"
