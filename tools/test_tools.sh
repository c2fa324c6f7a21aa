#!/bin/sh
# What `make test` needs beyond Python: Chromium (browser tests), tmux (a real terminal), rsync
# (the backup script) and systemd-analyze (the unit files). Installs what is missing with apt-get
# when it can (as root, or through sudo without a password); otherwise stops with one line.
set -u
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
command -v rsync >/dev/null 2>&1 || missing="$missing rsync"
command -v systemd-analyze >/dev/null 2>&1 || missing="$missing systemd"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo"
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
$as_root apt-get update -qq >/dev/null &&
    $as_root apt-get install -y -qq $missing >/dev/null || {
    echo "apt-get could not install:$missing; try: sudo apt-get install -y$missing" >&2
    exit 1
}
