#!/usr/bin/env bash
# Runs a command inside a fresh network namespace that has only loopback and a veth pair
# (10.77.0.1-2/24). WebRTC clients such as @livekit/rtc-node ignore 127.0.0.1 when gathering ICE
# candidates and would otherwise use the machine's external interface address; in here there is
# no external interface, so no test traffic can leave the machine or touch its real address.
set -euo pipefail

if [ "${REHEARSE_IN_TEST_NETNS:-}" = "1" ]; then
  ip link set lo up
  ip link add rehearse0 type veth peer name rehearse1
  ip addr add 10.77.0.1/24 dev rehearse0
  ip addr add 10.77.0.2/24 dev rehearse1
  ip link set rehearse0 up
  ip link set rehearse1 up
  exec "$@"
fi

command -v unshare >/dev/null && command -v ip >/dev/null || {
  echo "in-test-netns: needs unshare (util-linux) and ip (iproute2)" >&2
  exit 1
}
if [ "$(id -u)" = "0" ]; then
  REHEARSE_IN_TEST_NETNS=1 exec unshare --net -- "$0" "$@"
fi
# Unprivileged: a user namespace grants the network-admin rights inside the new namespace only.
REHEARSE_IN_TEST_NETNS=1 exec unshare --user --map-root-user --net -- "$0" "$@"
