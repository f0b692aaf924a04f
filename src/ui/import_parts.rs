//! The import window's choice of a workbook's sheet or a GeoPackage's layer: the file's parts,
//! once read (on a thread, by the pane), listed to pick from; typed while they are not known.

use crate::model::imports::file_parts::FileParts;

/// Whether a typed path names a file that may hold several parts (read when it changes).
pub fn may_hold_parts(path: &str) -> bool {
    let lower = path.trim().to_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods", ".gpkg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Whether a typed path names a file of one table or one layer (no sheet or layer to choose).
pub fn holds_one_part(path: &str) -> bool {
    let lower = path.trim().to_lowercase();
    [".csv", ".txt", ".tsv", ".shp", ".geojson", ".json"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// What the sheet or layer row shows for the parts read (`None`: not read, or unreadable).
/// `sheet`: the name chosen (empty: the reader's default).
pub fn parts_ui(ui: &mut egui::Ui, parts: Option<&FileParts>, reading: bool, sheet: &mut String) {
    match parts {
        Some(FileParts::Single) => {
            // One table or one layer: nothing to choose, and nothing typed before is kept.
            sheet.clear();
        }
        Some(FileParts::Sheets(names)) => {
            ui.horizontal(|ui| {
                ui.label(format!("Feuille ({} dans le classeur) :", names.len()));
                let shown = if sheet.is_empty() {
                    "la première non vide".to_owned()
                } else {
                    sheet.clone()
                };
                let combo = egui::ComboBox::from_id_salt("import-feuille")
                    .selected_text(shown)
                    .width(240.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(sheet, String::new(), "la première non vide");
                        for name in names {
                            ui.selectable_value(sheet, name.clone(), name.as_str());
                        }
                    });
                super::name_widget(&combo.response, "Feuille du classeur");
            });
        }
        Some(FileParts::Layers(layers)) => {
            ui.horizontal(|ui| {
                ui.label(format!("Couche ({} dans le GeoPackage) :", layers.len()));
                let shown = layers.iter().find(|l| &l.name == sheet).map_or_else(
                    || "la première de polygones".to_owned(),
                    |l| l.described.clone(),
                );
                let combo = egui::ComboBox::from_id_salt("import-couche")
                    .selected_text(shown)
                    .width(280.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(sheet, String::new(), "la première de polygones");
                        for layer in layers {
                            let text = if layer.importable {
                                layer.described.clone()
                            } else {
                                format!(
                                    "{} : ni polygones ni points, non importable",
                                    layer.described
                                )
                            };
                            ui.add_enabled_ui(layer.importable, |ui| {
                                ui.selectable_value(sheet, layer.name.clone(), text);
                            });
                        }
                    });
                super::name_widget(&combo.response, "Couche du GeoPackage");
            });
        }
        None => {
            ui.horizontal(|ui| {
                ui.label("Feuille (classeur XLSX, ODS, XLS) ou couche (GeoPackage) :");
                ui.add(
                    egui::TextEdit::singleline(sheet)
                        .hint_text("la première non vide")
                        .desired_width(160.0),
                );
                if reading {
                    ui.spinner();
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_workbooks_and_geopackages_are_read_for_parts() {
        assert!(may_hold_parts("/x/plan.XLSX"));
        assert!(may_hold_parts(" admin-express.gpkg "));
        assert!(may_hold_parts("a.ods") && may_hold_parts("a.xls"));
        assert!(!may_hold_parts("plan.csv"));
        assert!(!may_hold_parts("communes.shp"));
        assert!(!may_hold_parts("/x/dossier.gpkg/"));
        assert!(holds_one_part("projets.CSV") && holds_one_part("c.shp"));
        assert!(!holds_one_part("plan.xlsx") && !holds_one_part("sans-extension"));
    }
}
