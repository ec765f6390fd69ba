#!/usr/bin/env bash
# Copy the dashboard's pinned front-end libraries (package.json / package-lock.json) into
# wirewatch/static/vendor so the dashboard works fully offline: no CDN, no tile server.
# The copies are small (~1 MB, BSD-2 / MIT / ISC licences, kept next to them) and committed, so a
# plain `pip install` works without node; re-run this after changing a pin.
# Usage: bash scripts/vendor_assets.sh        (needs npm; node_modules/ is removed afterwards
#        unless KEEP_NODE_MODULES=1)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "vendor_assets: npm not found (apt-get install -y npm)" >&2; exit 1; }
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
nm=node_modules
out=wirewatch/static/vendor
rm -rf "$out"
mkdir -p "$out/leaflet/images" "$out/markercluster" "$out/world-atlas" "$out/topojson-client" "$out/d3"
cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" "$nm/leaflet/LICENSE" "$out/leaflet/"
cp "$nm"/leaflet/dist/images/*.png "$out/leaflet/images/"
cp "$nm/leaflet.markercluster/dist/leaflet.markercluster.js" "$nm/leaflet.markercluster/dist/MarkerCluster.css" \
   "$nm/leaflet.markercluster/dist/MarkerCluster.Default.css" "$nm/leaflet.markercluster/MIT-LICENCE.txt" \
   "$out/markercluster/"
cp "$nm/world-atlas/countries-110m.json" "$nm/world-atlas/countries-50m.json" "$nm/world-atlas/LICENSE" "$out/world-atlas/"
cp "$nm/topojson-client/dist/topojson-client.min.js" "$nm/topojson-client/LICENSE" "$out/topojson-client/"
for lib in d3-dispatch d3-quadtree d3-timer d3-force; do
  cp "$nm/$lib/dist/$lib.min.js" "$out/d3/"
  cp "$nm/$lib/LICENSE" "$out/d3/$lib.LICENSE"
done
# Record exactly what was vendored (name@version), read back from the installed packages.
node -e '
const deps = require("./package.json").dependencies;
const lines = Object.keys(deps).sort().map(n => n + "@" + require("./node_modules/" + n + "/package.json").version);
require("fs").writeFileSync(process.argv[1], lines.join("\n") + "\n");' "$out/VERSIONS.txt"
[ "${KEEP_NODE_MODULES:-0}" = 1 ] || rm -rf "$nm"
echo "vendored into $out: $(du -sh "$out" | cut -f1)"
