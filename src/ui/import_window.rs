//! The "Importer" window: a file (typed or chosen), what it is, the XLSX sheet; the report of
//! the last import; the files already imported, each removable.

use std::path::PathBuf;

use crate::model::imports::file_parts::FileParts;
use crate::model::imports::report::{ImportKind, ImportReport};

/// The window's fields.
pub struct ImportWindowState {
    pub path: String,
    /// Where the expected file comes from (shown above the fields).
    pub help: Option<&'static str>,
    pub kind: ImportKind,
    pub sheet: String,
    pub report: Option<ImportReport>,
    pub error: Option<String>,
    /// An import is running.
    pub busy: bool,
    /// The "Colonnes" step: the file's headers once read (or why not), and the header chosen
    /// for each field of the template (field id → header).
    pub headers: Option<Result<Vec<String>, String>>,
    /// The file's first rows under those headers (a preview).
    pub preview: Vec<Vec<String>>,
    pub headers_reading: bool,
    pub mapping: std::collections::BTreeMap<&'static str, String>,
    /// The choices were taken from the last import of a file with the same headers.
    pub mapping_remembered: bool,
    /// The codes chosen for the rows "à vérifier" of the last join by names (file line → code).
    pub name_choices: std::collections::BTreeMap<usize, String>,
    /// The sheets or layers of the file named by `parts_path` (or why they could not be read).
    pub parts: Option<Result<FileParts, String>>,
    /// The path whose parts are listed (or being read).
    pub parts_path: String,
    pub parts_reading: bool,
}

impl Default for ImportWindowState {
    fn default() -> Self {
        ImportWindowState {
            path: String::new(),
            help: None,
            kind: ImportKind::Auto,
            sheet: String::new(),
            report: None,
            error: None,
            busy: false,
            headers: None,
            preview: Vec::new(),
            headers_reading: false,
            mapping: std::collections::BTreeMap::new(),
            mapping_remembered: false,
            name_choices: std::collections::BTreeMap::new(),
            parts: None,
            parts_path: String::new(),
            parts_reading: false,
        }
    }
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportCommand {
    None,
    /// Open the system's file dialog.
    Browse,
    Import {
        path: PathBuf,
        kind: ImportKind,
        sheet: Option<String>,
        /// The user's headers tied to the template's fields (field, header).
        columns: Vec<(String, String)>,
    },
    /// Read the last file again with the codes chosen for its rows "à vérifier".
    ReimportNames(crate::model::imports::name_match::NameChoices),
    /// Read the file's headers for the "Colonnes" step.
    ReadHeaders {
        path: PathBuf,
        sheet: Option<String>,
    },
    Remove(ImportKind),
    /// Forget a remembered file that was missing at start.
    Forget(PathBuf),
    /// Save the report's rejected rows and warnings as CSV.
    SaveReport,
}

/// Draws the window's body. `loaded`: (kind, file name) of the files in use; `absent`: the
/// remembered files missing at start (each with its own "Retirer"); `template`: where the
/// action-plan template is.
pub fn import_window_ui(
    ui: &mut egui::Ui,
    state: &mut ImportWindowState,
    loaded: &[(ImportKind, String)],
    absent: &[PathBuf],
    template: &str,
) -> ImportCommand {
    let mut command = ImportCommand::None;
    if let Some(help) = state.help {
        ui.label(egui::RichText::new(help).strong());
        ui.separator();
    }
    ui.label(crate::format::stick_punctuation(&format!("Plan d'actions (CSV, XLSX, ODS ou XLS, modèle : {template}), liste DGE « Plan de relance – Projets industriels » (CSV), tout tableau avec une colonne de code (CODGEO, SIREN, id_territoire, dep) — par exemple la base INSEE « base-cc-emploi-pop-active » —, ou une couche GeoJSON, shapefile ou GeoPackage (Lambert-93 accepté).")));
    ui.horizontal(|ui| {
        ui.label("Fichier :");
        if ui.button("Parcourir…").clicked() {
            command = ImportCommand::Browse;
        }
        // The rest of the line: a path is seldom cut (and whole on hover when it is).
        let field = ui.add(
            egui::TextEdit::singleline(&mut state.path)
                .hint_text("/chemin/vers/plan.xlsx")
                .desired_width(ui.available_width().max(320.0)),
        );
        if !state.path.is_empty() {
            field.on_hover_text(state.path.as_str());
        }
    });
    ui.horizontal(|ui| {
        ui.label("Contenu :");
        ui.radio_value(&mut state.kind, ImportKind::Auto, "reconnaître");
        ui.radio_value(&mut state.kind, ImportKind::Plan, "plan d'actions");
        ui.radio_value(&mut state.kind, ImportKind::Projects, "projets financés");
        ui.radio_value(&mut state.kind, ImportKind::Table, "tableau par code");
        ui.radio_value(&mut state.kind, ImportKind::Layer, "couche");
    });
    let parts = state.parts.as_ref().and_then(|p| p.as_ref().ok());
    super::import_parts::parts_ui(ui, parts, state.parts_reading, &mut state.sheet);
    if let Some(Err(e)) = &state.parts {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    if let Some(asked) = columns_ui(ui, state) {
        command = asked;
    }
    ui.horizontal(|ui| {
        let ready = !state.path.trim().is_empty() && !state.busy;
        if ui
            .add_enabled(ready, egui::Button::new("Importer"))
            .clicked()
        {
            command = ImportCommand::Import {
                path: PathBuf::from(state.path.trim()),
                kind: state.kind,
                sheet: Some(state.sheet.trim().to_owned()).filter(|s| !s.is_empty()),
                columns: chosen_columns(state),
            };
        }
        if state.busy {
            ui.spinner();
            ui.label("Lecture…");
        }
    });
    if let Some(e) = &state.error {
        ui.separator();
        ui.colored_label(ui.visuals().error_fg_color, e);
        ui.small("Rien de ce qui était déjà chargé n'a été perdu.");
    }
    if let Some(r) = &state.report {
        ui.separator();
        egui::ScrollArea::vertical()
            .max_height(220.0)
            .id_salt("rapport-import")
            .show(ui, |ui| {
                for (i, line) in r.lines_fr().iter().enumerate() {
                    if i == 0 {
                        ui.strong(line);
                    } else {
                        ui.label(line);
                    }
                }
            });
        if (!r.rejected.is_empty() || !r.warnings.is_empty())
            && ui.button("Enregistrer le rapport (CSV)…").clicked()
        {
            command = ImportCommand::SaveReport;
        }
        if let Some(names) = &r.name_join
            && let Some(asked) = names_review_ui(ui, &mut state.name_choices, names)
        {
            command = asked;
        }
    }
    if !loaded.is_empty() {
        ui.separator();
        ui.strong("Fichiers chargés");
        for (kind, name) in loaded {
            ui.horizontal(|ui| {
                ui.label(match kind {
                    ImportKind::Plan => "Plan d'actions :",
                    ImportKind::Projects => "Projets financés :",
                    ImportKind::Table => "Tableaux :",
                    ImportKind::Layer => "Couches :",
                    ImportKind::Auto => "",
                });
                ui.label(name);
                if ui.small_button("Retirer").clicked() {
                    command = ImportCommand::Remove(*kind);
                }
            });
        }
    }
    if !absent.is_empty() {
        ui.separator();
        ui.strong("Fichiers absents");
        ui.label(
            "Introuvables au démarrage (déplacés, supprimés ou sur un support débranché) : ils \
             restent mémorisés et sont recherchés à chaque démarrage jusqu'à ce que vous les \
             retiriez.",
        );
        for path in absent {
            ui.horizontal(|ui| {
                ui.label(format!("{} (absent)", path.display()));
                if ui.small_button("Retirer").clicked() {
                    command = ImportCommand::Forget(path.clone());
                }
            });
        }
    }
    command
}

/// The template's fields for what the file is said to be (none for a layer, or before the
/// content is chosen).
fn fields_of(kind: ImportKind) -> Vec<&'static str> {
    use crate::model::imports::column_map::{FIELDS, Schema};
    let schema = match kind {
        ImportKind::Plan => Schema::Plan,
        ImportKind::Projects => Schema::Projects,
        ImportKind::Table => Schema::Table,
        ImportKind::Auto | ImportKind::Layer => return Vec::new(),
    };
    FIELDS
        .iter()
        .filter(|f| f.schemas.contains(&schema))
        .map(|f| f.id)
        .collect()
}

/// The pairs (field, header) the user chose for the fields of the file's kind.
pub fn chosen_columns(state: &ImportWindowState) -> Vec<(String, String)> {
    fields_of(state.kind)
        .into_iter()
        .filter_map(|f| {
            let header = state.mapping.get(f)?;
            (!header.is_empty()).then(|| (f.to_owned(), header.clone()))
        })
        .collect()
}

/// The "Colonnes" step, folded: when the file's headers are not the template's, the user reads
/// them and ties each field to one ("deviner": the atlas guesses from names and contents, as
/// it does without this step).
fn columns_ui(ui: &mut egui::Ui, state: &mut ImportWindowState) -> Option<ImportCommand> {
    let mut command = None;
    egui::CollapsingHeader::new("Colonnes : associer vos en-têtes aux champs du modèle")
        .id_salt("import-colonnes")
        .show(ui, |ui| {
            let fields = fields_of(state.kind);
            if fields.is_empty() {
                ui.label(
                    "Choisissez d'abord le contenu (plan d'actions, projets financés ou tableau \
                     par code) : ses champs s'affichent ici.",
                );
                return;
            }
            ui.horizontal(|ui| {
                let ready = !state.path.trim().is_empty() && !state.headers_reading;
                if ui
                    .add_enabled(ready, egui::Button::new("Lire les en-têtes du fichier"))
                    .clicked()
                {
                    command = Some(ImportCommand::ReadHeaders {
                        path: PathBuf::from(state.path.trim()),
                        sheet: Some(state.sheet.trim().to_owned()).filter(|s| !s.is_empty()),
                    });
                }
                if state.headers_reading {
                    ui.spinner();
                }
            });
            let headers = match &state.headers {
                None => {
                    ui.small("Les en-têtes lus, chaque champ se choisit dans une liste.");
                    return;
                }
                Some(Err(e)) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                    return;
                }
                Some(Ok(headers)) => headers.clone(),
            };
            egui::Grid::new("import-colonnes-grille")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for field in fields {
                        ui.label(field);
                        let chosen = state.mapping.entry(field).or_default();
                        let shown = if chosen.is_empty() {
                            "(deviner)".to_owned()
                        } else {
                            chosen.clone()
                        };
                        let combo = egui::ComboBox::from_id_salt(("import-colonne", field))
                            .selected_text(shown)
                            .width(260.0)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(chosen, String::new(), "(deviner)");
                                for h in &headers {
                                    ui.selectable_value(chosen, h.clone(), h.as_str());
                                }
                            });
                        super::name_widget(&combo.response, &format!("Colonne du champ {field}"));
                        ui.end_row();
                    }
                });
            preview_ui(ui, &headers, &state.preview);
            if state.mapping_remembered {
                ui.small(
                    "Choix repris de la dernière importation d'un fichier aux mêmes en-têtes.",
                );
            }
            ui.small(
                "« deviner » : l'atlas reconnaît les noms usuels et le contenu des colonnes ; \
                 le rapport dit quel en-tête a été pris pour chaque champ.",
            );
        });
    command
}

/// The rows "à vérifier" of a join by names: each with its candidates, the user picks the right
/// code (or leaves it unjoined) and reads the file again with those choices.
fn names_review_ui(
    ui: &mut egui::Ui,
    choices: &mut std::collections::BTreeMap<usize, String>,
    names: &crate::model::imports::name_match::NameJoinReport,
) -> Option<ImportCommand> {
    if names.to_verify.is_empty() {
        return None;
    }
    ui.separator();
    ui.strong(format!(
        "{} ligne(s) à vérifier : choisissez le bon code, ou laissez « ne pas joindre »",
        names.to_verify.len()
    ));
    let label = |c: &crate::model::imports::name_match::Candidate| match &c.departement {
        Some(d) => format!("{} {} ({d})", c.code, c.name),
        None => format!("{} {}", c.code, c.name),
    };
    let row_height = ui.spacing().interact_size.y + 4.0;
    egui::ScrollArea::vertical()
        .id_salt("noms-a-verifier")
        .max_height(220.0)
        .show_rows(ui, row_height, names.to_verify.len(), |ui, range| {
            for row in names.to_verify.get(range).unwrap_or_default() {
                ui.horizontal(|ui| {
                    let dep = row
                        .departement
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default();
                    ui.label(format!("ligne {} : « {} »{dep}", row.row, row.written))
                        .on_hover_text(&row.reason);
                    let current = choices.get(&row.row).cloned();
                    let shown = current
                        .as_ref()
                        .and_then(|code| row.candidates.iter().find(|c| &c.code == code))
                        .map_or_else(|| "ne pas joindre".to_owned(), label);
                    let combo = egui::ComboBox::from_id_salt(("nom-a-verifier", row.row))
                        .selected_text(shown)
                        .width(260.0)
                        .show_ui(ui, |ui| {
                            if ui
                                .selectable_label(current.is_none(), "ne pas joindre")
                                .clicked()
                            {
                                choices.remove(&row.row);
                            }
                            for c in &row.candidates {
                                let on = current.as_deref() == Some(c.code.as_str());
                                if ui.selectable_label(on, label(c)).clicked() {
                                    choices.insert(row.row, c.code.clone());
                                }
                            }
                        });
                    super::name_widget(
                        &combo.response,
                        &format!("Code choisi pour la ligne {}", row.row),
                    );
                });
            }
        });
    let ready = !choices.is_empty();
    ui.add_enabled(ready, egui::Button::new("Réimporter avec ces choix"))
        .clicked()
        .then(|| {
            ImportCommand::ReimportNames(crate::model::imports::name_match::NameChoices {
                column: names.name_column.clone(),
                rows: choices.iter().map(|(r, c)| (*r, c.clone())).collect(),
            })
        })
}

/// The file's first rows under its headers, scrolled sideways when wide (nothing cut).
fn preview_ui(ui: &mut egui::Ui, headers: &[String], rows: &[Vec<String>]) {
    if rows.is_empty() {
        return;
    }
    ui.label(format!("Aperçu des {} premières lignes :", rows.len()));
    egui::ScrollArea::horizontal()
        .id_salt("import-apercu")
        .show(ui, |ui| {
            egui::Grid::new("import-apercu-grille")
                .striped(true)
                .show(ui, |ui| {
                    for h in headers {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for row in rows {
                        for cell in row {
                            ui.label(cell);
                        }
                        ui.end_row();
                    }
                });
        });
}
