#!/usr/bin/env bash
# Install (if missing) what WeasyPrint needs from Debian to render the generated documents:
# Pango with HarfBuzz and a font. `make demo` and `make test` both call this.
set -euo pipefail

wanted=()
have_lib() { ldconfig -p | grep -q "$1"; }
have_lib "libpango-1.0.so.0" || wanted+=(libpango-1.0-0)
have_lib "libpangoft2-1.0.so.0" || wanted+=(libpangoft2-1.0-0)
have_lib "libharfbuzz-subset.so.0" || wanted+=(libharfbuzz-subset0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || wanted+=(fonts-dejavu-core)
[ ${#wanted[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "Missing for PDF documents: ${wanted[*]}. Install them (apt-get install ${wanted[*]}) or run as root." >&2
    exit 1
fi
echo "Installing ${wanted[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
