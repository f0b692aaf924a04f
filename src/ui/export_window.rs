//! The "Exporter" window: the current map (PNG at a chosen size and resolution, SVG, PDF on
//! A4 or A3), the selected territory's A4 sheet, its région's batch of sheets, or the table of
//! values as CSV. The file is written on a background thread.

use std::path::PathBuf;

pub use crate::carto::paper::Paper;

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportWhat {
    Map,
    Sheet,
    Region,
    Table,
    /// The Temps I / Temps II comparison table (CSV).
    Comparison,
    /// The map's maille as a layer for a GIS (GeoPackage, GeoJSON, shapefile) with its style.
    Layer,
}

/// File format of a layer export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerFormatChoice {
    GeoPackage,
    GeoJson,
    Shapefile,
}

impl LayerFormatChoice {
    pub fn extension(self) -> &'static str {
        match self {
            LayerFormatChoice::GeoPackage => "gpkg",
            LayerFormatChoice::GeoJson => "geojson",
            LayerFormatChoice::Shapefile => "shp",
        }
    }
}

/// Coordinate system of a layer export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerCrsChoice {
    Wgs84,
    Lambert93,
    /// IGN's systems of the overseas départements (only the units of their area are written).
    Antilles,
    Guyane,
    Reunion,
    Mayotte,
}

impl LayerCrsChoice {
    const ALL: [LayerCrsChoice; 6] = [
        LayerCrsChoice::Wgs84,
        LayerCrsChoice::Lambert93,
        LayerCrsChoice::Antilles,
        LayerCrsChoice::Guyane,
        LayerCrsChoice::Reunion,
        LayerCrsChoice::Mayotte,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LayerCrsChoice::Wgs84 => "WGS84 (EPSG:4326)",
            LayerCrsChoice::Lambert93 => "Lambert-93 (EPSG:2154)",
            LayerCrsChoice::Antilles => "Antilles : UTM 20N (EPSG:5490)",
            LayerCrsChoice::Guyane => "Guyane : UTM 22N (EPSG:2972)",
            LayerCrsChoice::Reunion => "La Réunion : UTM 40S (EPSG:2975)",
            LayerCrsChoice::Mayotte => "Mayotte : UTM 38S (EPSG:4471)",
        }
    }
}

/// File format of a map export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapFormat {
    Png,
    Svg,
    Pdf,
}

impl MapFormat {
    pub fn extension(self) -> &'static str {
        match self {
            MapFormat::Png => "png",
            MapFormat::Svg => "svg",
            MapFormat::Pdf => "pdf",
        }
    }
}

/// The form, kept between frames.
#[derive(Clone, Debug)]
pub struct ExportWindowState {
    pub what: ExportWhat,
    pub format: MapFormat,
    pub width_px: u32,
    pub height_px: u32,
    pub dpi: u32,
    pub paper: Paper,
    /// Empty: the indicator's name.
    pub title: String,
    pub basemap: bool,
    pub layer_format: LayerFormatChoice,
    pub layer_crs: LayerCrsChoice,
    /// The layer export writes the communes (their own outlines) instead of the map's maille.
    pub layer_communes: bool,
    /// The layer export keeps only the selected territory's units.
    pub layer_only_territory: bool,
    pub path: String,
    pub busy: bool,
    /// The last export: the file written, or why it failed.
    pub outcome: Option<Result<PathBuf, String>>,
}

impl Default for ExportWindowState {
    fn default() -> Self {
        ExportWindowState {
            what: ExportWhat::Map,
            format: MapFormat::Png,
            width_px: 1600,
            height_px: 1200,
            dpi: 150,
            paper: Paper::A4Landscape,
            title: String::new(),
            basemap: true,
            layer_format: LayerFormatChoice::GeoPackage,
            layer_crs: LayerCrsChoice::Lambert93,
            layer_communes: false,
            layer_only_territory: false,
            path: String::new(),
            busy: false,
            outcome: None,
        }
    }
}

/// What the window knows about the app's state.
pub struct ExportContext<'a> {
    /// The selected 2023-2027 territory (id, name) and its région (code, name).
    pub territory: Option<(&'a str, &'a str)>,
    pub region: Option<(&'a str, &'a str)>,
    /// An indicator colours the map (the table export needs one).
    pub has_indicator: bool,
    /// Title used when the field is empty.
    pub default_title: &'a str,
    /// The file name (without extension) of the map's maille as a layer.
    pub layer_name: &'a str,
}

/// What the user asked for this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportCommand {
    None,
    Browse,
    Export,
}

/// Where files go by default: the documents folder, else the home folder.
pub fn default_dir() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|d| {
            d.document_dir()
                .map(PathBuf::from)
                .or(Some(d.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A default file name for an export.
pub fn default_file_name(
    what: ExportWhat,
    format: MapFormat,
    context: &ExportContext<'_>,
) -> String {
    match what {
        ExportWhat::Map => format!("carte-territoires-industrie.{}", format.extension()),
        ExportWhat::Sheet => format!(
            "fiche-{}.pdf",
            context.territory.map_or("territoire", |t| t.0)
        ),
        ExportWhat::Region => format!(
            "recueil-region-{}.pdf",
            context.region.map_or("00", |r| r.0)
        ),
        ExportWhat::Table => "tableau-des-valeurs.csv".into(),
        ExportWhat::Comparison => "temps-1-temps-2.csv".into(),
        ExportWhat::Layer => String::new(),
    }
}

/// The path field keeps its folder; its file name follows the choice.
fn renamed(path: &str, name: &str) -> String {
    let p = PathBuf::from(path);
    let dir = match p.parent() {
        Some(d) if !path.trim().is_empty() => d.to_path_buf(),
        _ => default_dir(),
    };
    dir.join(name).display().to_string()
}

pub fn export_window_ui(
    ui: &mut egui::Ui,
    state: &mut ExportWindowState,
    context: &ExportContext<'_>,
) -> ExportCommand {
    let mut command = ExportCommand::None;
    let before = (
        state.what,
        state.format,
        state.layer_format,
        state.layer_communes,
    );
    ui.horizontal_wrapped(|ui| {
        ui.label("Exporter :");
        let territory = context.territory.is_some();
        for (what, enabled, label) in [
            (ExportWhat::Map, true, "la carte"),
            (ExportWhat::Sheet, territory, "la fiche du territoire"),
            (ExportWhat::Region, territory, "le recueil de sa région"),
            (
                ExportWhat::Table,
                context.has_indicator,
                "le tableau des valeurs (CSV)",
            ),
            (ExportWhat::Layer, true, "la couche pour un SIG"),
        ] {
            if ui
                .add_enabled(enabled, egui::RadioButton::new(state.what == what, label))
                .clicked()
            {
                state.what = what;
            }
        }
    });
    match state.what {
        ExportWhat::Map => {
            ui.horizontal(|ui| {
                ui.label("Format :");
                ui.radio_value(&mut state.format, MapFormat::Png, "PNG");
                ui.radio_value(&mut state.format, MapFormat::Svg, "SVG");
                ui.radio_value(&mut state.format, MapFormat::Pdf, "PDF");
            });
            match state.format {
                MapFormat::Pdf => {
                    ui.horizontal(|ui| {
                        ui.label("Papier :");
                        ui.radio_value(&mut state.paper, Paper::A4Landscape, "A4 paysage");
                        ui.radio_value(&mut state.paper, Paper::A3Landscape, "A3 paysage");
                        ui.radio_value(&mut state.paper, Paper::A4Portrait, "A4 portrait");
                        ui.radio_value(&mut state.paper, Paper::A3Portrait, "A3 portrait");
                    });
                }
                MapFormat::Png | MapFormat::Svg => {
                    ui.horizontal(|ui| {
                        ui.label("Taille (pixels) :");
                        ui.add(egui::DragValue::new(&mut state.width_px).range(200..=12000));
                        ui.label("×");
                        ui.add(egui::DragValue::new(&mut state.height_px).range(200..=12000));
                        if state.format == MapFormat::Png {
                            ui.label("Résolution :");
                            ui.add(
                                egui::DragValue::new(&mut state.dpi)
                                    .range(72..=600)
                                    .suffix(" ppp"),
                            );
                        }
                    });
                }
            }
            ui.horizontal(|ui| {
                ui.label("Titre :");
                ui.add(
                    egui::TextEdit::singleline(&mut state.title)
                        .hint_text(context.default_title)
                        .desired_width(340.0),
                );
            });
            ui.checkbox(
                &mut state.basemap,
                "Fond de carte hors ligne (mer, terres, limites) ; sinon fond blanc",
            );
            ui.small("La vue exportée est celle de l'écran, avec les mêmes classes et couleurs ; légende, échelle, nord, sources et date sont ajoutés.");
        }
        ExportWhat::Sheet => {
            if let Some((id, name)) = context.territory {
                ui.label(format!("Fiche A4 (PDF) de {name} ({id}) : chiffres clés comparés à la région et à la France, EPCI membres, plan d'actions et projets s'ils ont été importés, sources."));
            }
        }
        ExportWhat::Region => {
            if let Some((code, name)) = context.region {
                ui.label(format!("Un PDF : page de garde (carte de la région {name} ({code}) et tableau des territoires), puis la fiche de chaque territoire."));
            }
        }
        ExportWhat::Table => {
            ui.label("Le tableau des valeurs tel qu'il est affiché (tri et filtre compris) : UTF-8 avec BOM et « ; », pour Excel.");
        }
        ExportWhat::Layer => {
            ui.horizontal(|ui| {
                ui.label("Format :");
                ui.radio_value(
                    &mut state.layer_format,
                    LayerFormatChoice::GeoPackage,
                    "GeoPackage",
                );
                ui.radio_value(
                    &mut state.layer_format,
                    LayerFormatChoice::GeoJson,
                    "GeoJSON",
                );
                ui.radio_value(
                    &mut state.layer_format,
                    LayerFormatChoice::Shapefile,
                    "shapefile",
                );
            });
            // GeoJSON is WGS84 (RFC 7946).
            if state.layer_format == LayerFormatChoice::GeoJson {
                state.layer_crs = LayerCrsChoice::Wgs84;
            }
            ui.horizontal(|ui| {
                ui.label("Système :");
                let combo = egui::ComboBox::from_id_salt("couche-systeme")
                    .selected_text(state.layer_crs.label())
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        for choice in LayerCrsChoice::ALL {
                            let allowed = choice == LayerCrsChoice::Wgs84
                                || state.layer_format != LayerFormatChoice::GeoJson;
                            ui.add_enabled_ui(allowed, |ui| {
                                ui.selectable_value(&mut state.layer_crs, choice, choice.label());
                            });
                        }
                    });
                super::name_widget(&combo.response, "Système de coordonnées de la couche");
            });
            if state.layer_format == LayerFormatChoice::GeoJson {
                ui.small("Le GeoJSON s'écrit toujours en WGS84 (RFC 7946).");
            }
            if !matches!(
                state.layer_crs,
                LayerCrsChoice::Wgs84 | LayerCrsChoice::Lambert93
            ) {
                ui.small(
                    "Système d'outre-mer : seuls les objets de sa zone sont écrits (les autres \
                     y seraient lointains et déformés).",
                );
            }
            ui.horizontal(|ui| {
                ui.label("Couche :");
                ui.radio_value(&mut state.layer_communes, false, "la maille de la carte");
                ui.radio_value(&mut state.layer_communes, true, "les communes");
            });
            match context.territory {
                Some((id, name)) => {
                    ui.checkbox(
                        &mut state.layer_only_territory,
                        format!("Seulement le territoire sélectionné ({id}, {name})"),
                    );
                }
                None => {
                    state.layer_only_territory = false;
                    ui.add_enabled(
                        false,
                        egui::Checkbox::new(
                            &mut false,
                            "Seulement le territoire sélectionné (aucun n'est sélectionné)",
                        ),
                    );
                }
            }
            if state.layer_communes {
                ui.label("Les communes du COG 2024 à pleine précision, avec leur code INSEE, nom, département, région, EPCI, territoires 2023-2027 et 2018-2022, population et superficie (sans indicateur : ils se calculent aux mailles territoires, EPCI et départements).");
            } else {
                ui.label("La maille de la carte à pleine précision, avec ses codes, noms, région et population et, si un indicateur ou une typologie colore la carte, sa valeur, son statut (exacte, non calculable, non disponible et pourquoi), sa classe, sa couleur et son rang, ou sa catégorie ; à côté, un style QGIS (.qml) et un SLD avec les mêmes classes et couleurs.");
            }
        }
        ExportWhat::Comparison => {
            ui.label("Les 183 territoires 2023-2027 et les 149 de 2018-2022 : statut (nouveau, reconduit, plus labellisé), population, superficie, territoires recouverts ; UTF-8 avec BOM et « ; », pour Excel.");
        }
    }
    if (
        state.what,
        state.format,
        state.layer_format,
        state.layer_communes,
    ) != before
        || state.path.trim().is_empty()
    {
        let name = match state.what {
            ExportWhat::Layer => {
                format!(
                    "{}.{}",
                    if state.layer_communes {
                        "communes"
                    } else {
                        context.layer_name
                    },
                    state.layer_format.extension()
                )
            }
            what => default_file_name(what, state.format, context),
        };
        state.path = renamed(&state.path, &name);
    }
    ui.horizontal(|ui| {
        ui.label("Fichier :");
        ui.add(egui::TextEdit::singleline(&mut state.path).desired_width(360.0));
        if ui.button("Choisir…").clicked() {
            command = ExportCommand::Browse;
        }
    });
    ui.horizontal(|ui| {
        let ready = !state.busy && !state.path.trim().is_empty();
        if ui
            .add_enabled(ready, egui::Button::new("Exporter"))
            .clicked()
        {
            command = ExportCommand::Export;
        }
        if state.busy {
            ui.spinner();
            ui.label("export en cours…");
        }
    });
    match &state.outcome {
        Some(Ok(path)) => {
            ui.label(format!("Fichier écrit : {}", path.display()));
        }
        Some(Err(e)) => {
            ui.colored_label(egui::Color32::from_rgb(180, 30, 30), e);
        }
        None => {}
    }
    command
}
