#!/usr/bin/env bash
# Install what the browser tests and chart exports need, from Debian's own packages:
#   chromium         headless browser driven by Playwright (tests/browser/)
#   fonts-noto-cjk   Chinese glyphs in the browser and in PNG/SVG chart exports
# Idempotent: installs only what is missing; never downloads a browser from elsewhere
# (no `playwright install`). Run as root, or with sudo available.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
if ! compgen -G "/usr/share/fonts/opentype/noto/NotoSansCJK*" >/dev/null \
   && ! { command -v fc-list >/dev/null && fc-list 2>/dev/null | grep -q "Noto Sans CJK"; }; then
    need+=(fonts-noto-cjk)
fi

if [ ${#need[@]} -eq 0 ]; then
    echo "install_browser: chromium and the CJK fonts are already installed"
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo=(sudo); else
        echo "install_browser: need root (or sudo) to apt-get install ${need[*]}" >&2
        exit 1
    fi
fi
echo "install_browser: apt-get install ${need[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
