// SPDX-License-Identifier: GPL-2.0-or-later
// Cluster-IP hash buckets: which of the 16 buckets each declared node serves.
// Every node computes this alike from the same declared set, so the nodes
// agree without talking (DESIGN.md, Cluster IP):
//
//   bucket b (1..16) belongs to node b when b is declared; the buckets of the
//   undeclared ids, in ascending order, go round-robin to the declared nodes
//   in ascending order (the k-th of them, k from 0, to the (k mod D)-th
//   declared node, D = number of declared ids in 1..16).
//
//   declared 1-4:  node 1 -> 1,5,9,13   node 2 -> 2,6,10,14 ...
//   declared 1,3:  node 1 -> 1,2,5,7,9,11,13,15   node 3 -> 3,4,6,8,...
//
// A node joining later takes its own bucket back and never another declared
// node's own bucket; the undeclared buckets are dealt out again, so most of
// them change hands (12 of 16 when node 5 joins 1-4; docs/cluster-ip.md).
//
// Failover (buckets_live): a bucket stays with its owner above while that
// node is live; the buckets of the declared nodes that are not live, in
// ascending order, go round-robin to the live declared ids in ascending order
// (the k-th orphaned bucket, k from 0, to the (k mod L)-th live node, L =
// number of live declared ids in 1..16).  A live node's buckets never move,
// and a node that comes back gets exactly its own buckets back.
//
//   declared 1,2,5,9, node 5 silent (5 owns 5,6,11,15):
//     live 1,2,9:  5 -> 1, 6 -> 2, 11 -> 9, 15 -> 1
#pragma once

#include <cstdint>

#include "base/text.h"
#include "base/limits.h"
#include "cluster/nodeset.h"

namespace krg {

// Bit b-1 set for each bucket b that `node` serves; 0 when node is not a
// declared id in 1..16 (or no id in 1..16 is declared).
uint16_t buckets_of(const NodeSet& declared, int node);
// What `node` serves when only the declared ids in `live` answer: 0 when
// node is not live; buckets_of() when every declared node is.
uint16_t buckets_live(const NodeSet& declared, const NodeSet& live, int node);
// "1,5,9,13" (ascending); "" for no bucket.
void format_buckets(Writer& w, uint16_t buckets);

}  // namespace krg
