"""Regression corpus of the fuzz targets: the hostile inputs of issue 13, a few KB each, in
fuzz/corpus/<target>/seed-*.  Also writes the small hostile shapefiles of tests/import_layers.rs
(tests/fixtures/layers/hostile-*). Python's standard library only. Run: python3 make_corpus.py"""
import io
import json
import pathlib
import struct
import zipfile

here = pathlib.Path(__file__).parent
layers = here.parent / "tests" / "fixtures" / "layers"


# Files named seed-found-* in corpus/ are inputs the fuzzer found (a crash or an out-of-memory
# since fixed), kept as they were found; this script does not write them.
def seed(target, name, data):
    d = here / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (d / f"seed-{name}").write_bytes(data)


# --- CSV -----------------------------------------------------------------------------------
seed("csv_reader", "header-only.csv", "codgeo;valeur\n")
seed("csv_reader", "utf16le-bom.csv", "\ufeffcodgeo;valeur\r\n35360;12\r\n".encode("utf-16-le"))
seed("csv_reader", "utf16be-bom.csv", "\ufeffcodgeo;valeur\n35360;12\n".encode("utf-16-be"))
seed("csv_reader", "utf16-no-bom.csv", "codgeo;valeur\n35360;12\n".encode("utf-16-le"))
seed("csv_reader", "semicolons.csv", ";" * 20_000 + "\n")
seed("csv_reader", "long-header.csv", "x" * 6_000 + "\n1\n")
seed("csv_reader", "wide.csv", "codgeo;" + ";".join(f"v{i}" for i in range(1500)) + "\n35360;" + ";".join("1" for _ in range(1500)) + "\n")
seed("csv_reader", "ragged-row.csv", "a;b;c\n1;2;3\n" + ";" * 3000 + "\n")
seed("csv_reader", "unclosed-quote.csv", 'a;b\n"1;2\n3;4\n')
seed("csv_reader", "windows-1252.csv", "code;nom\n35360;Vitr\xe9\n".encode("cp1252"))

# --- numbers -------------------------------------------------------------------------------
for i, text in enumerate(["1e400", "-", "1 234,5", "1.234.567,89", "48.85, 2.35", "2.35, 48.85", "0,0", "nan", "1,2,3"]):
    seed("number_parser", f"text-{i}.txt", text)

# --- GeoJSON -------------------------------------------------------------------------------
point = {"type": "Point", "coordinates": [2.35, 48.85]}
seed("geojson_reader", "empty-collection.geojson", '{"type":"FeatureCollection","features":[]}')
seed("geojson_reader", "bom.geojson", "\ufeff" + json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1}, "geometry": point}]}))
for name, crs in [("crs-huge", "EPSG:99999999999999999999"), ("crs-rgf93-name", "RGF93 / Lambert-93"), ("crs-urn", "urn:ogc:def:crs:EPSG::2154")]:
    seed("geojson_reader", f"{name}.geojson", json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs}}, "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [700000, 6600000]}}]}))
seed("geojson_reader", "deep.geojson", "[" * 300 + "]" * 300)
seed("geojson_reader", "truncated.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":')
seed("geojson_reader", "many-keys.geojson", json.dumps({"type": "Feature", "properties": {f"k{i}": i for i in range(2100)}, "geometry": point}, separators=(",", ":")))
seed("geojson_reader", "degenerate.geojson", json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"n": 1}, "geometry": {"type": "MultiPolygon", "coordinates": []}},
    {"type": "Feature", "properties": {"n": 2}, "geometry": {"type": "Polygon", "coordinates": [[[1, 2]]]}},
    {"type": "Feature", "properties": {"n": 3}, "geometry": {"type": "LineString", "coordinates": [[1, 2]]}},
    {"type": "Feature", "properties": {"n": 4}, "geometry": {"type": "Point", "coordinates": [None, 2]}},
    {"type": "Feature", "properties": {"n": 5, "o": {"k": [1, 2]}}, "geometry": point}]}))
seed("geojson_reader", "members-out-of-order.geojson", '{"features":[{"geometry":{"coordinates":[1,2],"type":"Point"},"type":"Feature"}],"type":"FeatureCollection"}')

# --- XLSX ----------------------------------------------------------------------------------
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
           '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def sheet(rows, merges=""):
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="A1:XFD1048576"/><sheetData>{rows}</sheetData>{merges}</worksheet>')


def cell(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(sheet_xml, strings='<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>'):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in [("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("xl/workbook.xml", WB),
                           ("xl/_rels/workbook.xml.rels", WB_RELS), ("xl/worksheets/sheet1.xml", sheet_xml),
                           ("xl/sharedStrings.xml", strings)]:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, body)
    return buf.getvalue()


table = '<row r="1">' + cell("A1", "codgeo") + cell("B1", "valeur") + '</row><row r="2">' + cell("A2", "35360") + cell("B2", "12") + "</row>"
far = sheet(table + '<row r="1048576">' + cell("XFD1048576", "x") + "</row>")
# Whole archives (input starting with PK).
seed("xlsx_reader", "far-cell.xlsx", workbook(far))
seed("xlsx_reader", "far-row-empty-string.xlsx", workbook(sheet(table + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row>')))
seed("xlsx_reader", "huge-unique-count.xlsx", workbook(sheet(table), '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="99999999999999"><si><t>a</t></si></sst>'))
seed("xlsx_reader", "truncated.xlsx", workbook(far)[:700])
seed("xlsx_reader", "not-a-zip.xlsx", b"PK\x03\x04 ceci n'est pas un classeur")
# Issue 19: the other workbooks calamine reads, and a password-protected one (made by
# tests/fixtures/import/make_workbooks.py).
imports = here.parent / "tests" / "fixtures" / "import"
for name in ["codes-excel97.xls", "codes-libreoffice.ods", "protege.xlsx", "loin-iv65536.xls"]:
    seed("xlsx_reader", name, (imports / name).read_bytes())
# An .ods whose repeated rows and cells unfold to 40 million cells (5.7 GB in calamine).
ods_table = ('<table:table table:name="F"><table:table-row table:number-rows-repeated="400000">'
             '<table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>x</text:p>'
             '</table:table-cell></table:table-row></table:table>')
ods_buffer = io.BytesIO()
with zipfile.ZipFile(ods_buffer, "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype", date_time=(2024, 1, 1, 0, 0, 0)), "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr(zipfile.ZipInfo("content.xml", date_time=(2024, 1, 1, 0, 0, 0)),
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
               f'<office:body><office:spreadsheet>{ods_table}</office:spreadsheet></office:body></office:document-content>')
seed("xlsx_reader", "repeated-rows.ods", ods_buffer.getvalue())
# Sheet XML (then a NUL byte and the shared strings), wrapped into a workbook by the target.
seed("xlsx_reader", "far-cell-sheet.xml", far)
seed("xlsx_reader", "beyond-excel-rows.xml", sheet(table + '<row r="99999999999"><c r="A99999999999"><v>1</v></c></row>'))
seed("xlsx_reader", "formula-without-value.xml", sheet(table + '<row r="3">' + cell("A3", "35238") + '<c r="B3"><f>SUM(B1:B2)</f></c></row>'))
seed("xlsx_reader", "shared-formula-huge-index.xml", sheet(table + '<row r="3"><c r="B3"><f t="shared" si="4000000000" ref="B3:B4">A1</f></c></row>'))
seed("xlsx_reader", "merged-key.xml", sheet('<row r="1">' + cell("A1", "id_territoire") + cell("B1", "titre_action") + cell("C1", "axe")
                                             + '</row><row r="2">' + cell("A2", "ti-5305") + cell("B2", "A") + cell("C2", "innovation")
                                             + '</row><row r="3">' + cell("B3", "B") + cell("C3", "foncier") + "</row>",
                                             '<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>'))
# Found by the fuzzer: a dimension whose column letters overflow calamine's u32 (a panic in
# builds with overflow checks; the reader turns it into a French error).
seed("xlsx_reader", "dimension-overflow.xml", sheet(table).replace('A1:XFD1048576', 'A1:XFSCHEMASOPENXMLFORMATSD1048576'))
seed("xlsx_reader", "shared-strings.xml", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>7</v></c></row>').encode() + b"\0"
     + b'<sst uniqueCount="1"><si><t>codgeo</t></si></sst>')
# The shared strings' declared count however its tag is written: calamine reserves room for it
# before reading a string, and 10^11 strings asked 2.4 TB: the allocation failed and aborted the
# process, beyond the reader's panic guard (found by the fuzzer: seed-found-unique-count-*).
SST_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
for name, tag in [("unique-count-tab", f'<sst xmlns="{SST_NS}"\tuniqueCount="99999999999">'),
                  ("unique-count-quotes", f"<sst xmlns='{SST_NS}' uniqueCount='99999999999'>"),
                  ("unique-count-prefix", f'<x:sst xmlns:x="{SST_NS}" uniqueCount="99999999999">'),
                  ("unique-count-after-comment", "<!--" + "x" * 5000 + f'--><sst xmlns="{SST_NS}" uniqueCount="99999999999">')]:
    seed("xlsx_reader", f"{name}.xml", sheet(table).encode() + b"\0" + (tag + "<si><t>a</t></si></sst>").encode())
# The same in a whole archive whose workbook is in another folder than xl/ (calamine reads that
# folder's shared strings).
other = io.BytesIO()
with zipfile.ZipFile(other, "w", zipfile.ZIP_DEFLATED) as z:
    for name, body in [("[Content_Types].xml", CT), ("_rels/.rels", RELS.replace("xl/workbook.xml", "classeur/workbook.xml")),
                       ("classeur/workbook.xml", WB), ("classeur/_rels/workbook.xml.rels", WB_RELS),
                       ("classeur/worksheets/sheet1.xml", sheet(table)),
                       ("classeur/sharedStrings.xml", f'<sst xmlns="{SST_NS}" uniqueCount="99999999999"><si><t>a</t></si></sst>')]:
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, body)
seed("xlsx_reader", "unique-count-other-folder.xlsx", other.getvalue())


# --- Shapefiles ----------------------------------------------------------------------------
def shp_header(length_bytes, shape_type, bbox):
    return (struct.pack(">i", 9994) + b"\0" * 20 + struct.pack(">i", length_bytes // 2)
            + struct.pack("<ii", 1000, shape_type) + struct.pack("<4d", *bbox) + b"\0" * 32)


def shapefile_bytes(shape_type, contents):
    """.shp and .shx bytes for records of the given contents (shape type included)."""
    records, index, offset = b"", b"", 100
    for i, content in enumerate(contents):
        records += struct.pack(">ii", i + 1, len(content) // 2) + content
        index += struct.pack(">ii", offset // 2, len(content) // 2)
        offset += 8 + len(content)
    bbox = (-2.0, 46.0, 3.0, 49.0)
    return (shp_header(100 + len(records), shape_type, bbox) + records,
            shp_header(100 + len(index), shape_type, bbox) + index)


def point(x, y):
    return struct.pack("<i2d", 1, x, y)


def polygon(parts, points):
    xs = [p[0] for p in points] or [0.0]
    ys = [p[1] for p in points] or [0.0]
    return (struct.pack("<i4d", 5, min(xs), min(ys), max(xs), max(ys)) + struct.pack("<ii", len(parts), len(points))
            + b"".join(struct.pack("<i", p) for p in parts) + b"".join(struct.pack("<2d", *p) for p in points))


def dbf_bytes(fields, records):
    """fields: (name, type, length); records: tuples of already formatted text."""
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(f[2] for f in fields)
    out = struct.pack("<B3BIHH20x", 3, 126, 1, 1, len(records), header_len, record_len)
    for name, kind, length in fields:
        out += name.encode().ljust(11, b"\0") + kind.encode() + b"\0" * 4 + bytes([length, 0]) + b"\0" * 14
    out += b"\r"
    for r in records:
        out += b" " + b"".join(v.encode("latin-1").ljust(f[2])[: f[2]] for v, f in zip(r, fields))
    return out + b"\x1a"


square = [(1.0, 47.0), (1.0, 47.1), (1.1, 47.1), (1.1, 47.0), (1.0, 47.0)]
cases = {
    "nan-point": (1, [point(2.35, 48.85), point(float("nan"), 47.0), point(-1.2, 48.1)],
                  [("NOM", "C", 10)], [("Paris",), ("Perdu",), ("Vitre",)]),
    "degenerate": (5, [polygon([0], square), polygon([], []), polygon([0], [(1.0, 47.0)])],
                   [("NOM", "C", 10)], [("carre",), ("vide",), ("unpoint",)]),
    "bad-date": (1, [point(2.35, 48.85)], [("NOM", "C", 10), ("DATE", "D", 8)], [("Paris", "20245501")]),
}
for name, (shape_type, contents, fields, records) in cases.items():
    shp, shx = shapefile_bytes(shape_type, contents)
    dbf = dbf_bytes(fields, records)
    for ext, data in (("shp", shp), ("shx", shx), ("dbf", dbf)):
        (layers / f"hostile-{name}.{ext}").write_bytes(data)
    # The target cuts its input: byte 0 × 4 = .shp length, byte 1 × 4 = .shx length.
    assert len(shp) % 4 == 0 and len(shx) % 4 == 0 and len(shp) <= 1020 and len(shx) <= 1020
    seed("shapefile_reader", f"{name}.bin", bytes([len(shp) // 4, len(shx) // 4]) + shp + shx + dbf)

# --- GeoPackage geometry blobs -----------------------------------------------------------------
def gpkg_blob(wkb, srs_id=2154):
    """GeoPackage header (little-endian, no envelope) then the WKB."""
    return b"GP\x00\x01" + struct.pack("<i", srs_id) + wkb


ring = [(700000.0, 6600000.0), (701000.0, 6600000.0), (701000.0, 6601000.0), (700000.0, 6600000.0)]
wkb_polygon = b"\x01" + struct.pack("<II", 3, 1) + struct.pack("<I", len(ring)) + b"".join(
    struct.pack("<dd", x, y) for x, y in ring)
seed("gpkg_geometry", "polygon.bin", gpkg_blob(wkb_polygon))
seed("gpkg_geometry", "multipolygon.bin",
     gpkg_blob(b"\x01" + struct.pack("<II", 6, 2) + wkb_polygon + wkb_polygon))
# A multipolygon announcing 4 billion parts.
seed("gpkg_geometry", "huge-count.bin", gpkg_blob(b"\x01" + struct.pack("<II", 6, 0xFFFFFFFF)))
print("ok")
