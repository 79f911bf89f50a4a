# make bench: speed and size against the alternatives, measured in one run.
.PHONY: bench
bench: $(B)/krgnet
	tests/bench/run $(B)/krgnet
