# SPDX-License-Identifier: GPL-2.0-or-later
# The body of tests/bench/failover, sourced after tests/host/lib.sh (its
# namespaces, cleanup and krg helper).
# shellcheck shell=bash
source tests/host/cluster_lib.sh
build_cluster_driver || { fail "cannot build cluster_driver"; exit 1; }
cluster_client 128
NODES=1,2,5,9
CL="krg.clusterip=$CIP/18 krg.clustermac=$CMAC krg.nodes=$NODES"
declare -A WATCH

now_ms() { echo $(($(date +%s%N) / 1000000)); }

start_watch() {
    local id=$1 cl=${2:-$CL}
    (exec nsenter --net="/run/netns/${PFX}n$id" -- "$KRGNET" watch --conf /dev/null \
        --state-dir "$TMP/state$id" --cmdline "$(base_cmdline "$id") $cl") 2>>"$TMP/watch$id" &
    WATCH[$id]=$!
    SERVERS+=($!)
    for _ in $(seq 100); do grep -q "watch: node $id" "$TMP/watch$id" 2>/dev/null && return 0; sleep 0.1; done
    fail "watch of node $id did not start"
}

for id in 1 2 5 9; do
    mk_node "$id"
    EXTRA="$CL" krg "$id" up 2>/dev/null || fail "node $id up"
    ip netns exec "${PFX}k$id" "$CDRV" serve "$CIP" "$PORT" "$id" >/dev/null 2>&1 &
    SERVERS+=($!)
    start_watch "$id"
done
sleep 1
# shellcheck disable=SC2086
ip netns exec "$CLIENT" "$CDRV" stream "$CIP" "$PORT" 20 $CLIENT_ADDRS > "$TMP/stream" &
STREAM=$!
# shellcheck disable=SC2086
"$CDRV" owner "$NODES" $CLIENT_ADDRS > "$TMP/owner"
# settle: wait until every source has its one owner
settle() {
    local t
    for t in $(seq 100); do
        sleep 0.1
        [ "$(awk 'NR==FNR { want[$1] = $2; next } { got[$2] = $3 } END { n = 0; for (s in want) if (got[s] != want[s]) n++; print n }' \
            "$TMP/owner.now" "$TMP/stream")" = 0 ] && return 0
    done
    echo "    (not settled after 10 s)"
}
cp "$TMP/owner" "$TMP/owner.now"
settle
: > "$TMP/events"
for _ in $(seq "$ROUNDS"); do
    t=$(now_ms); echo "stop $t" >> "$TMP/events"
    kill "${WATCH[5]}"; wait "${WATCH[5]}" 2>/dev/null
    ip -n "${PFX}k5" link set krg0 down
    # shellcheck disable=SC2086
    "$CDRV" owner-live "$NODES" 1,2,9 $CLIENT_ADDRS > "$TMP/owner.now"; settle; sleep 1
    t=$(now_ms); echo "back $t" >> "$TMP/events"
    ip -n "${PFX}k5" link set krg0 up
    start_watch 5
    cp "$TMP/owner" "$TMP/owner.now"; settle; sleep 1
    t=$(now_ms); echo "flush $t" >> "$TMP/events"
    ip netns exec "${PFX}k2" nft flush ruleset
    settle; sleep 1
    echo "end $(now_ms)" >> "$TMP/events"
done
kill "$STREAM"; wait "$STREAM" 2>/dev/null
# BENCH_KEEP=DIR keeps the raw stream, events and owners for a closer look
[ -z "${BENCH_KEEP:-}" ] || cp "$TMP/stream" "$TMP/events" "$TMP/owner" "$BENCH_KEEP/"

# The figures from the stream's changes: "T SRC IDS" lines.
awk -v rounds="$ROUNDS" '
    function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                   return n ? a[int((n + 1) / 2)] : "-" }
    function mx(a, n,   i, m) { m = 0; for (i = 1; i <= n; i++) if (a[i] > m) m = a[i]; return n ? m : "-" }
    FILENAME ~ /owner$/ { owner[$1] = $2; next }
    FILENAME ~ /events$/ { ev[++ne] = $1; et[ne] = $2; next }
    { t[++nl] = $1; src[nl] = $2; ids[nl] = $3 }
    END {
        # every event window: [et[e], et[e+1])
        for (e = 1; e < ne; e++) {
            delete done
            for (l = 1; l <= nl; l++) {
                if (t[l] < et[e] || t[l] >= et[e + 1]) continue
                s = src[l]
                if (ev[e] == "stop" && owner[s] == 5 && ids[l] != "-" && ids[l] !~ /(^|,)5(,|$)/ && !(s in done)) {
                    done[s] = 1; fo[++nfo] = t[l] - et[e]
                }
                if (ev[e] == "back" && owner[s] == 5 && ids[l] == "5" && !(s in done)) { done[s] = 1; rt[++nrt] = t[l] - et[e] }
                if (ev[e] == "flush") last[s] = ids[l] "@" t[l]
            }
            if (ev[e] == "flush") {
                # restored: the last change of any source to its single owner
                m = 0
                for (s in last) { split(last[s], p, "@"); if (p[1] !~ /,/ && p[2] - et[e] > m) m = p[2] - et[e] }
                ft[++nft] = m; delete last
            }
        }
        # live nodes moved: a source of 1, 2 or 9 answered by other nodes but
        # not its owner, counted in the window of the event before it (once a
        # source); and how often such a source had a period without answer
        # (a reply later than the 20 ms period on a loaded machine)
        moved = 0
        for (l = 1; l <= nl; l++) {
            s = src[l]
            if (t[l] < et[1] || t[l] >= et[ne]) continue  # the measured rounds only
            if (owner[s] != 5 && ids[l] == "-") silent_periods++
            if (owner[s] != 5 && ids[l] != "-" && ("," ids[l] ",") !~ ("," owner[s] ",") && !(s in lost)) {
                lost[s] = 1; moved++
                w = "before the first event"
                for (e = 1; e <= ne; e++) if (t[l] >= et[e]) w = ev[e]
                why[w]++
            }
        }
        # after the last event: receivers per flow (the last IDS of each source)
        for (l = 1; l <= nl; l++) final[src[l]] = ids[l]
        zero = 0; two = 0; one = 0
        for (s in final) { n = split(final[s], p, ","); if (final[s] == "-") zero++; else if (n > 1) two++; else one++ }
        printf "failover (node 5 stopped), %d sources x %d rounds: median %s ms, max %s ms\n", nfo / rounds, rounds, med(fo, nfo), mx(fo, nfo)
        printf "return (node 5 back), %d sources x %d rounds: median %s ms, max %s ms\n", nrt / rounds, rounds, med(rt, nrt), mx(rt, nrt)
        printf "restore (nft flush ruleset on node 2), %d rounds: median %s ms, max %s ms (last source back to one receiver)\n", nft, med(ft, nft), mx(ft, nft)
        printf "after convergence: %d flows with one receiver, %d with none, %d with two or more\n", one, zero, two
        printf "flows of live nodes (1, 2, 9) that ever lost their owner: %d", moved
        sep = " ("; for (w in why) { printf "%s%d after %s", sep, why[w], w; sep = ", " }
        printf "%s\n", moved ? ")" : ""
        printf "periods of 20 ms in which a source of 1, 2 or 9 got no answer: %d\n", silent_periods
    }' "$TMP/owner" "$TMP/events" "$TMP/stream"

cluster_stop_servers
for id in 1 2 5 9; do
    EXTRA="$CL" krg "$id" down 2>/dev/null
    ip netns del "${PFX}n$id" 2>/dev/null; ip -n "$BR" link del "p$id" 2>/dev/null
done

# watch's cost on a 16-node cluster: CPU time over 20 s and RSS, per watch.
CL16="krg.clusterip=$CIP/18 krg.clustermac=$CMAC krg.nodes=1-16"
for id in $(seq 16); do
    mk_node "$id"
    EXTRA="$CL16" krg "$id" up 2>/dev/null || fail "node $id up (16)"
done
for id in $(seq 16); do start_watch "$id" "$CL16"; done
sleep 2
ticks=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
declare -A C0
for id in $(seq 16); do C0[$id]=$(cpu "${WATCH[$id]}"); done
sleep 20
max_cpu=0 max_rss=0
for id in $(seq 16); do
    c=$(( ($(cpu "${WATCH[$id]}") - C0[$id]) * 100000 / ticks / 20 ))  # thousandths of a percent... of one core
    r=$(awk '/VmRSS/ { print $2 }' "/proc/${WATCH[$id]}/status")
    [ "$c" -gt "$max_cpu" ] && max_cpu=$c
    [ "$r" -gt "$max_rss" ] && max_rss=$r
done
printf 'watch at 16 nodes (16 watches, 20 s): max CPU %d.%03d %% of one core, max RSS %d KiB\n' \
    $((max_cpu / 1000)) $((max_cpu % 1000)) "$max_rss"
cluster_stop_servers
for id in $(seq 16); do
    EXTRA="$CL16" krg "$id" down 2>/dev/null
    ip netns del "${PFX}n$id" 2>/dev/null; ip -n "$BR" link del "p$id" 2>/dev/null
done
