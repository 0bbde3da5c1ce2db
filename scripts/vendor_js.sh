#!/usr/bin/env bash
# Re-vendor the web workbench's JavaScript and CSS from npm releases into
# src/geopol/serve/static/vendor/ (pinned versions; run from the repo root).
# The served pages load only these files: nothing is fetched at run time.
set -euo pipefail
OUT="$(pwd)/src/geopol/serve/static/vendor"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm pack --silent chart.js@4.6.1 cytoscape@3.35.0 vis-timeline@8.5.4 >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
mkdir -p "$OUT/chart.js" "$OUT/cytoscape" "$OUT/vis-timeline"
cp chart.js-4.6.1/package/dist/chart.umd.min.js chart.js-4.6.1/package/LICENSE.md "$OUT/chart.js/"
cp cytoscape-3.35.0/package/dist/cytoscape.min.js cytoscape-3.35.0/package/LICENSE "$OUT/cytoscape/"
cp vis-timeline-8.5.4/package/standalone/umd/vis-timeline-graph2d.min.js \
   vis-timeline-8.5.4/package/styles/vis-timeline-graph2d.min.css \
   vis-timeline-8.5.4/package/LICENSE.Apache-2.0.txt vis-timeline-8.5.4/package/LICENSE.MIT.txt "$OUT/vis-timeline/"
# Drop the source-map comments: the maps are not vendored.
sed -i 's|//# sourceMappingURL=.*$||; s|/\*# sourceMappingURL=.*\*/||' "$OUT"/*/*.min.js "$OUT"/*/*.min.css
