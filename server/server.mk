# SPDX-License-Identifier: GPL-2.0
# Bucketing service: build/bugcheck-server.  (Owned by server/.)
