"""Writes the action-plan import templates: assets/templates/plan-actions.csv (UTF-8 with BOM,
semicolon) and plan-actions.xlsx (sheet "actions" with the header, sheet "lisez-moi" describing
each column). Headers only: the templates carry no data.

    pip install openpyxl==3.1.5 && python3 tools/templates/make_templates.py
"""

import datetime
import pathlib

import openpyxl
from openpyxl.styles import Font

COLUMNS = [
    ("id_territoire", "oui", "Identifiant ANCT du territoire 2023-2027, « ti-RRNN » (ex. ti-5305). Le nom seul est accepté s'il est exact."),
    ("nom_territoire", "non", "Nom du territoire, pour la lecture ; vérifié contre l'identifiant (avertissement si différent)."),
    ("titre_action", "oui", "Intitulé de l'action."),
    ("axe", "oui", "transition écologique et énergétique | innovation | compétences et recrutement | foncier industriel (casse et accents libres)."),
    ("statut", "non", "prévue | en cours | réalisée | abandonnée (tout autre libellé est conservé tel quel)."),
    ("porteur", "non", "Maître d'ouvrage ou porteur de l'action."),
    ("montant_total_eur", "non", "Coût total en euros (1 234 567,89 ou 1234567.89)."),
    ("montant_etat_eur", "non", "Part de l'État en euros."),
    ("date_debut", "non", "AAAA-MM-JJ ou JJ/MM/AAAA."),
    ("date_fin", "non", "AAAA-MM-JJ ou JJ/MM/AAAA."),
    ("description", "non", "Texte libre."),
]

out = pathlib.Path(__file__).resolve().parents[2] / "assets" / "templates"
out.mkdir(parents=True, exist_ok=True)
header = ";".join(c[0] for c in COLUMNS)
(out / "plan-actions.csv").write_bytes(("\ufeff" + header + "\r\n").encode("utf-8"))

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "actions"
ws.append([c[0] for c in COLUMNS])
for cell in ws[1]:
    cell.font = Font(bold=True)
ws.freeze_panes = "A2"
for col, width in zip("ABCDEFGHIJK", [14, 30, 40, 36, 14, 28, 18, 18, 12, 12, 50]):
    ws.column_dimensions[col].width = width
doc = wb.create_sheet("lisez-moi")
doc.append(["colonne", "obligatoire", "contenu"])
for cell in doc[1]:
    cell.font = Font(bold=True)
for c in COLUMNS:
    doc.append(list(c))
doc.column_dimensions["A"].width = 20
doc.column_dimensions["C"].width = 110
# Fixed timestamps: the file is the same bytes at every run.
fixed = datetime.datetime(2026, 1, 1)
wb.properties.created = fixed
wb.properties.modified = fixed
wb.properties.creator = "ti-atlas"
wb.save(out / "plan-actions.xlsx")
print("écrit :", out / "plan-actions.csv", out / "plan-actions.xlsx")
