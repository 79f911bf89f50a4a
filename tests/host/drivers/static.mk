# SPDX-License-Identifier: GPL-2.0-or-later
# Static musl builds of the host-tier drivers, for the VM tier (the VMs have
# no glibc or ASan runtime).  Included by the Makefile: the root image of
# the VM tier carries cluster_driver (make build/static-drivers/cluster_driver).
# The driver links the same static objects as build/krgnet.
DRIVER_OBJS := $(filter-out $(B)/static/main.o,$(STATIC_OBJS))

$(B)/static-drivers/%: tests/host/drivers/%.cpp $(DRIVER_OBJS)
	@mkdir -p $(@D)
	$(MUSL_CXX) $(MUSL_CXXFLAGS) $(WARN) $(INCS) -c $< -o $@.o
	$(MUSL_CXX) $(MUSL_LDFLAGS) -o $@ $(MUSL_CRT_BEGIN) $@.o $(DRIVER_OBJS) $(MUSL_CRT_END)
	strip --strip-all -R .comment $@
