#!/bin/sh
# What `make test` needs beyond Python: Chromium at /usr/bin/chromium (the browser tests), tmux (a
# real terminal), rsync (the backup script) and systemd-analyze (the unit files). Installs what is
# missing with apt-get when it can (as root, or through sudo without a password); otherwise stops
# with one line saying what to type.
set -u

missing_tools() {
    missing=""
    [ -x /usr/bin/chromium ] || missing="$missing chromium"
    command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
    command -v rsync >/dev/null 2>&1 || missing="$missing rsync"
    command -v systemd-analyze >/dev/null 2>&1 || missing="$missing systemd"
}

missing_tools
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
else
    echo "make test needs:$missing; install them with: sudo apt-get install -y$missing" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "make test needs:$missing, and this machine has no apt-get to install them" >&2
    exit 1
fi
echo "make test installs:$missing (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
wanted="$missing"
if ! { $as_root apt-get update -qq >/dev/null && $as_root apt-get install -y -qq $wanted >/dev/null; }
then
    echo "apt-get could not install:$wanted; try: sudo apt-get install -y$wanted" >&2
    exit 1
fi
missing_tools
if [ -n "$missing" ]; then
    echo "still missing after apt-get:$missing; try: sudo apt-get install -y$missing" >&2
    exit 1
fi
