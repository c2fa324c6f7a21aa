#!/bin/sh
# Copy the kiosk's data dir (ledger, kiosk.toml, exports, print queue) to a backup destination.
#   backup.sh [DEST]   DEST defaults to $KIOSK_BACKUP_DEST:
#     a folder on a mounted USB stick (/media/kiosk-backup): one dated copy a day, unchanged
#       files hard-linked to the day before, so a year of copies costs little more than one;
#     user@host:folder on another machine: rsync over ssh into folder/kiosk-data/.
# Safe while the kiosk runs: ledger files are replaced by rename, so every file copied is whole;
# holding the ledger's lock (shared) during the copy keeps the files consistent with each other.
# Nothing is ever deleted at the destination.
set -eu
SOURCE="${KIOSK_DATA_DIR:-/var/lib/kiosk}"
DEST="${1:-${KIOSK_BACKUP_DEST:-}}"
say() { echo "kiosk backup: $*" >&2; }

[ -n "$DEST" ] || { say "no destination: set KIOSK_BACKUP_DEST or give one"; exit 2; }
[ -d "$SOURCE" ] || { say "$SOURCE does not exist"; exit 2; }
mkdir -p "$SOURCE/ledger"
# The ledger's writers lock the ledger folder itself (no lock file that could be deleted).
LOCK="$SOURCE/ledger"

case "$DEST" in
*:*)
    flock --shared "$LOCK" rsync -a --exclude='.*.tmp' "$SOURCE/" "$DEST/kiosk-data/"
    say "copied $SOURCE to $DEST/kiosk-data/"
    ;;
*)
    # A copy on the same card as the data does not survive the card: refuse it, unless asked.
    if [ "${KIOSK_BACKUP_SAME_DISK:-no}" != "yes" ] &&
        [ "$(stat -c %d "$SOURCE")" = "$(stat -c %d "$DEST" 2>/dev/null || echo none)" ]; then
        say "$DEST is on the same disk as $SOURCE: mount the USB stick there first"
        exit 1
    fi
    [ -d "$DEST" ] && [ -w "$DEST" ] || { say "$DEST is not a writable folder (stick not mounted?)"; exit 1; }
    TODAY="$DEST/kiosk-$(date +%F)"
    PREVIOUS="$(ls -d "$DEST"/kiosk-????-??-?? 2>/dev/null | grep -v "^$TODAY\$" | tail -n 1 || true)"
    flock --shared "$LOCK" rsync -a --exclude='.*.tmp' ${PREVIOUS:+--link-dest="$PREVIOUS"} \
        "$SOURCE/" "$TODAY/"
    sync
    say "copied $SOURCE to $TODAY"
    ;;
esac
