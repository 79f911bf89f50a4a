// SPDX-License-Identifier: GPL-2.0-or-later
// Detection of the historic Kerrighed network scripts (historic.cpp).
#pragma once

namespace krg {

// Warns, one line each, about the historic network scripts found in the
// directory of net.conf (conf, or CONFIG_NETCONF_PATH when nullptr):
// krgboot_helper-pre.d/50net, krgboot_helper-post.d/50net,
// krginit_helper-pre.d/10net, krginit_helper-post.d/20clusterip.
void warn_historic_scripts(const char* conf);

}  // namespace krg
