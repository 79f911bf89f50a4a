# SPDX-License-Identifier: GPL-2.0-or-later
# make bench: speed and size against the alternatives, measured in one run,
# and the `krgnet nodes` sweep of 254 declared nodes against its goal.
.PHONY: bench
bench: $(B)/krgnet $(B)/krgnet-server
	tests/bench/run $(B)/krgnet
	tests/bench/nodes $(B)/krgnet

# make bench-failover: krgnet watch's failover, return and restore times on
# four nodes in namespaces, and its cost at 16 nodes (tests/bench/failover).
.PHONY: bench-failover
bench-failover: $(B)/krgnet $(B)/krgnet-server
	tests/bench/failover $(B)/krgnet
