#!/usr/bin/env bash
# The shapefile of the import benchmark: the 34,935 COG 2024 commune polygons in Lambert-93,
# written by GDAL (apt-get install gdal-bin). Also times ogr2ogr converting it back to GeoJSON
# in WGS84, the reference the README compares with.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/bench-data
mkdir -p "$out"
rm -f "$out"/communes_l93.*
ogr2ogr -t_srs EPSG:2154 -lco ENCODING=UTF-8 "$out/communes_l93.shp" ../shared/sources/admin/communes_cog2024.geojson
for i in 1 2 3; do
  rm -f "$out/out.geojson"
  /usr/bin/time -f "ogr2ogr shapefile Lambert-93 -> GeoJSON WGS84 : %e s" \
    ogr2ogr -f GeoJSON -t_srs EPSG:4326 "$out/out.geojson" "$out/communes_l93.shp"
done
