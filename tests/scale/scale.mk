# SPDX-License-Identifier: GPL-2.0-or-later
# The scale test: N nodes run `krgnet up` at the same moment (tests/scale/run).
# bench-scale: the table for N = 1, 16, 64, 254, with the probe-off comparison.
# scale-tests: the short variant in make check (N = 1 and 16, duplicate round
# at 16); it asserts correctness only, the times are printed.
.PHONY: bench-scale scale-tests
bench-scale: $(B)/krgnet
	@tests/scale/run --krgnet $(B)/krgnet --dad0 1 16 64 254
scale-tests: $(B)/krgnet
	@tests/scale/run --krgnet $(B)/krgnet 1 16
