# SPDX-License-Identifier: GPL-2.0-or-later
# make bench: speed and size against the alternatives, measured in one run.
.PHONY: bench
bench: $(B)/krgnet $(B)/krgnet-server
	tests/bench/run $(B)/krgnet
