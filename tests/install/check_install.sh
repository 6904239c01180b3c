#!/usr/bin/env bash
# `cmake --install` into a scratch root with a non-default prefix: the programs, config,
# profiles, udev rules and the systemd unit land where docs/daemon.md says, and the unit
# starts the daemon that was installed (not a fixed /usr/bin).
#   check_install.sh BUILD_DIR SCRATCH_DIR
set -euo pipefail
build="$1"
root="$2/root"
prefix=/opt/stridecue-test
rm -rf "$root"
DESTDIR="$root" cmake --install "$build" --prefix "$prefix" >/dev/null
fail() { echo "check_install: $*" >&2; exit 1; }
for f in bin/stridecue bin/stridecued lib/systemd/system/stridecued.service \
  lib/systemd/user/stridecued.service \
  lib/udev/rules.d/70-stridecue.rules share/stridecue/devices share/stridecue/emg_profiles \
  share/stridecue/console/index.html share/stridecue/console/console.js; do
  [[ -e "$root$prefix/$f" ]] || fail "missing $prefix/$f"
done
[[ -e "$root/etc/stridecue/stridecue.toml" ]] || fail "missing /etc/stridecue/stridecue.toml"
unit="$root$prefix/lib/systemd/system/stridecued.service"
grep -qx "ExecStart=$prefix/bin/stridecued --config /etc/stridecue/stridecue.toml" "$unit" ||
  fail "the unit does not start $prefix/bin/stridecued: $(grep ExecStart "$unit")"
grep -q "@" "$unit" && fail "the unit still holds a placeholder: $(grep @ "$unit")"
user_unit="$root$prefix/lib/systemd/user/stridecued.service"
grep -qx "ExecStart=$prefix/bin/stridecued" "$user_unit" ||
  fail "the user unit does not start $prefix/bin/stridecued: $(grep ExecStart "$user_unit")"
grep -q "@" "$user_unit" && fail "the user unit still holds a placeholder: $(grep @ "$user_unit")"
"$root$prefix/bin/stridecue" config check "$root/etc/stridecue/stridecue.toml" >/dev/null ||
  fail "the installed program refuses the installed config"
echo "check_install: $prefix installed under $root, unit starts $prefix/bin/stridecued"
