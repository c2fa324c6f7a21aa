#!/bin/sh
# Chromium in kiosk mode on the Pi's touch screen, showing `kiosk serve` (kiosk-serve.service).
# Started by the desktop session (deploy/labwc-autostart); waits for the kiosk to answer first,
# and starts Chromium again if it ever closes.
set -u
URL="${KIOSK_URL:-http://127.0.0.1:8000/}"
BROWSER="$(command -v chromium || command -v chromium-browser)" || {
    echo "kiosk-browser: chromium is not installed (sudo apt install chromium)" >&2
    exit 1
}
while true; do
    # The kiosk service may still be starting at boot: wait until the page answers.
    until curl --silent --fail --output /dev/null "$URL"; do sleep 1; done
    "$BROWSER" --kiosk --app="$URL" \
        --noerrdialogs --disable-infobars --disable-session-crashed-bubble \
        --no-first-run --disable-sync --disable-translate --disable-features=Translate \
        --disable-pinch --overscroll-history-navigation=0 \
        --check-for-update-interval=31536000 \
        --password-store=basic \
        --user-data-dir="${XDG_RUNTIME_DIR:-/tmp}/kiosk-browser"
    sleep 2
done
