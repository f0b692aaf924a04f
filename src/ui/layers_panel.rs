//! The "Couches" panel: layer toggles, the thematic map (maille, indicator, classification,
//! palette, colour-vision preview, or a typology) and the basemap choice.

use egui::{Color32, RichText};

use super::symbols_panel::{SymbolsInput, stock_note_ui, symbols_ui};
use super::typology_panel;
use crate::carto::MapSettings;
use crate::model::indicators::classify::MethodChoice;
use crate::model::{IndicatorId, LayerKind, Level};
use crate::palette::{ColourBlindSafety, Deficiency, Palette, Scheme, SchemeKind};

/// What the panel shows: the map's settings, the basemap and the colour-vision preview.
#[derive(Clone, Debug, PartialEq)]
pub struct LayersChoice {
    pub map: MapSettings,
    pub online_basemap: bool,
    pub simulation: Option<Deficiency>,
}

/// What the panel needs besides the choices.
pub struct LayersPanelInput<'a> {
    /// (id, label) of the indicators that can colour each maille, in [`Level::MAPS`] order.
    pub indicators: &'a [Vec<(IndicatorId, String)>; 3],
    /// The group of each of those indicators ("Emploi et industrie"…), listed under it.
    pub indicator_groups: &'a [Vec<&'static str>; 3],
    /// The bounds of the map's current legend, to freeze them.
    pub current_breaks: Option<&'a [f64]>,
    /// The map's current legend (its classes, to name types from them).
    pub current_legend: Option<&'a crate::model::indicators::choropleth::Legend>,
    /// The stocks and imported columns at each maille (for the symbols), in [`Level::MAPS`]
    /// order, and why the symbols are not drawn, if so.
    pub stocks: &'a [Vec<(IndicatorId, String)>; 3],
    pub imported: &'a [Vec<(
        IndicatorId,
        String,
        crate::model::indicators::nature::Nature,
    )>; 3],
    pub symbols_error: Option<&'a str>,
    /// Whether a list of funded projects was imported (else their layer cannot be shown).
    pub projects_imported: bool,
    /// (id, name, maille) of the typologies offered (built-in, then imported columns').
    pub typologies: &'a [(String, String, Level)],
    /// The chosen typology styled as the map draws it (computed only while its categories'
    /// editor is open).
    /// Why the small multiples asked are not drawn, if so.
    pub panels_error: Option<&'a str>,
    pub styled_typology: &'a dyn Fn(
        &crate::model::typology::TypologyChoice,
    ) -> Option<crate::model::typology::StyledTypology>,
}

/// Draws the panel for `current`; returns the new choices when the user changed any.
#[must_use]
pub fn layers_ui(
    ui: &mut egui::Ui,
    current: &LayersChoice,
    input: &LayersPanelInput<'_>,
) -> Option<LayersChoice> {
    let mut choice = current.clone();
    choice_ui(ui, &mut choice, input);
    (choice != *current).then_some(choice)
}

fn choice_ui(ui: &mut egui::Ui, choice: &mut LayersChoice, input: &LayersPanelInput<'_>) {
    let LayersChoice {
        map: settings,
        online_basemap,
        simulation,
    } = choice;
    for kind in LayerKind::ALL {
        ui.checkbox(settings.visible_mut(kind), kind.label_fr());
    }
    ui.checkbox(&mut settings.show_labels, "Noms des territoires");
    ui.add_enabled(
        settings.show_labels,
        egui::Checkbox::new(&mut settings.show_places, "Noms des villes"),
    );
    // Unticked and greyed while no project list is imported; the choice is kept for when one is.
    let mut projects = settings.show_projects && input.projects_imported;
    let toggled = ui
        .add_enabled(
            input.projects_imported,
            egui::Checkbox::new(&mut projects, "Projets financés importés"),
        )
        .on_disabled_hover_text(
            "Aucune liste de projets importée : Fichier > Importer… (CSV « Plan de relance – \
             Projets industriels »)",
        );
    if toggled.changed() {
        settings.show_projects = projects;
    }
    ui.separator();
    thematic_ui(ui, settings, simulation, input);
    ui.separator();
    let slot = Level::MAPS
        .iter()
        .position(|l| *l == settings.maille)
        .unwrap_or(0);
    let symbols = SymbolsInput {
        stocks: input.stocks.get(slot).map_or(&[][..], Vec::as_slice),
        imported: input.imported.get(slot).map_or(&[][..], Vec::as_slice),
        error: input.symbols_error,
    };
    symbols_ui(ui, settings, &symbols);
    ui.separator();
    ui.strong("Fond de carte");
    ui.radio_value(online_basemap, false, "Hors ligne (intégré)");
    ui.radio_value(online_basemap, true, "OpenStreetMap (en ligne, avec cache)");
}

fn thematic_ui(
    ui: &mut egui::Ui,
    settings: &mut MapSettings,
    simulation: &mut Option<Deficiency>,
    input: &LayersPanelInput<'_>,
) {
    ui.strong("Carte thématique");
    ui.horizontal(|ui| {
        ui.label("Maille :");
        for level in Level::MAPS {
            let label = match level {
                Level::Territoire => "Territoires",
                Level::Epci => "EPCI",
                Level::Departement => "Départements",
            };
            ui.radio_value(&mut settings.maille, level, label)
                .on_hover_text(level.maille_fr());
        }
    });
    let slot = Level::MAPS
        .iter()
        .position(|l| *l == settings.maille)
        .unwrap_or(0);
    let indicators = input.indicators.get(slot).map_or(&[][..], Vec::as_slice);
    if super::bivariate_panel::bivariate_ui(ui, settings, indicators) {
        return;
    }
    let typologies = typology_panel::offered(settings, input.typologies);
    let current = typology_panel::chosen_label(settings, &typologies).unwrap_or_else(|| {
        settings
            .indicator
            .as_ref()
            .and_then(|id| indicators.iter().find(|(i, _)| i == id))
            .map_or("Aucun indicateur", |(_, l)| l.as_str())
            .to_owned()
    });
    let combo = egui::ComboBox::from_id_salt("indicateur")
        .selected_text(current)
        .width(300.0)
        .show_ui(ui, |ui| {
            // An indicator picked in the list (the current one too) replaces a typology.
            if ui
                .selectable_value(&mut settings.indicator, None, "Aucun indicateur")
                .clicked()
            {
                settings.typology = None;
            }
            let groups = input
                .indicator_groups
                .get(slot)
                .map_or(&[][..], Vec::as_slice);
            let mut previous = None;
            for (i, (id, label)) in indicators.iter().enumerate() {
                let group = groups.get(i).copied();
                if group.is_some() && group != previous {
                    ui.add_space(4.0);
                    ui.label(RichText::new(group.unwrap_or_default()).strong());
                    previous = group;
                }
                if ui
                    .selectable_value(&mut settings.indicator, Some(id.clone()), label)
                    .clicked()
                {
                    settings.typology = None;
                }
            }
            typology_panel::typology_entries_ui(ui, settings, &typologies);
        });
    crate::ui::name_widget(&combo.response, "Indicateur");
    small_multiples_ui(ui, settings, indicators, input.panels_error);
    if settings.typology.is_some() {
        typology_panel::typology_palette_ui(ui, settings);
        typology_panel::typology_categories_ui(ui, settings, input.styled_typology);
        return;
    }
    if settings.indicator.is_none() {
        return;
    }
    let stocks = input.stocks.get(slot).map_or(&[][..], Vec::as_slice);
    if settings
        .indicator
        .as_ref()
        .is_some_and(|id| stocks.iter().any(|(s, _)| s == id))
    {
        stock_note_ui(ui, settings);
        if settings.indicator.is_none() {
            return;
        }
    }
    ui.add_enabled_ui(settings.frozen_breaks.is_none(), |ui| {
        // The method, and the number of classes under it (a narrow panel stays narrow).
        let combo = egui::ComboBox::from_id_salt("methode")
            .selected_text(settings.method.label_fr())
            .show_ui(ui, |ui| {
                for m in MethodChoice::ALL {
                    ui.selectable_value(&mut settings.method, m, m.label_fr());
                }
            });
        crate::ui::name_widget(&combo.response, "Méthode de classement");
        if settings.method.fixed_classes().is_none() && settings.method != MethodChoice::Manual {
            ui.add(egui::Slider::new(&mut settings.classes, 2..=9).text("classes"));
        }
        if settings.method == MethodChoice::Manual {
            ui.horizontal(|ui| {
                ui.label("Seuils :");
                ui.add(
                    egui::TextEdit::singleline(&mut settings.manual_breaks)
                        .hint_text("ex. 50 ; 100 ; 250")
                        .desired_width(200.0),
                )
                .on_hover_text(
                    "Seuils intérieurs croissants séparés par « ; » (virgule décimale acceptée)",
                );
            });
        }
    });
    let mut frozen = settings.frozen_breaks.is_some();
    let freeze = ui
        .add_enabled(
            frozen || input.current_breaks.is_some(),
            egui::Checkbox::new(&mut frozen, "Figer les seuils"),
        )
        .on_hover_text("Garder les bornes actuelles en changeant d'indicateur ou de maille");
    if freeze.changed() {
        settings.frozen_breaks = if frozen {
            input.current_breaks.map(<[f64]>::to_vec)
        } else {
            None
        };
    }
    palette_ui(ui, settings);
    ui.horizontal(|ui| {
        ui.label("Vision des couleurs :");
        let combo = egui::ComboBox::from_id_salt("simulation")
            .selected_text(simulation.map_or("normale", Deficiency::label_fr))
            .show_ui(ui, |ui| {
                ui.selectable_value(simulation, None, "normale");
                for d in Deficiency::ALL {
                    ui.selectable_value(simulation, Some(d), d.label_fr());
                }
            });
        crate::ui::name_widget(&combo.response, "Aperçu daltonien");
    })
    .response
    .on_hover_text("Simule la carte et la légende telles que les voit une personne daltonienne");
    super::class_types_panel::class_types_ui(ui, settings, input.current_legend);
}

/// Palette choice (with a preview strip), reverse, colour-blind rating.
fn palette_ui(ui: &mut egui::Ui, settings: &mut MapSettings) {
    let k = if settings.method == crate::model::indicators::classify::MethodChoice::Q6 {
        6
    } else {
        settings.classes
    };
    ui.horizontal(|ui| {
        ui.label("Palette :");
        let combo = egui::ComboBox::from_id_salt("palette")
            .selected_text(settings.palette.scheme.label_fr())
            .width(170.0)
            .show_ui(ui, |ui| {
                for kind in [SchemeKind::Sequential, SchemeKind::Diverging] {
                    ui.label(
                        RichText::new(match kind {
                            SchemeKind::Sequential => "Séquentielles",
                            SchemeKind::Diverging => "Divergentes",
                        })
                        .small(),
                    );
                    for scheme in Scheme::ALL.into_iter().filter(|s| s.kind() == kind) {
                        ui.horizontal(|ui| {
                            let p = Palette::new(scheme).with_reversed(settings.palette.reversed);
                            ramp_ui(ui, &p, k);
                            let mut text = scheme.description_fr();
                            if scheme.colour_blind_safety(k) != ColourBlindSafety::Safe {
                                text.push_str(" (daltonisme : déconseillée)");
                            }
                            ui.selectable_value(&mut settings.palette.scheme, scheme, text);
                        });
                    }
                }
            });
        crate::ui::name_widget(&combo.response, "Palette");
        ui.checkbox(&mut settings.palette.reversed, "Inverser");
    });
    ui.horizontal_wrapped(|ui| {
        ramp_ui(ui, &settings.palette, k);
        match settings.palette.colour_blind_safety(k) {
            ColourBlindSafety::Safe => ui.small("lisible par les daltoniens (ColorBrewer)"),
            ColourBlindSafety::Uncertain => ui.small("lisibilité incertaine pour les daltoniens"),
            ColourBlindSafety::NotSafe => ui.small("déconseillée aux daltoniens"),
        };
    });
}

/// A strip of the palette's colours for `k` classes.
fn ramp_ui(ui: &mut egui::Ui, palette: &Palette, k: usize) {
    let colours = palette.colours(k);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(90.0, 12.0), egui::Sense::hover());
    let w = rect.width() / colours.len().max(1) as f32;
    for (i, [r, g, b]) in colours.into_iter().enumerate() {
        let x = rect.left() + w * i as f32;
        let cell =
            egui::Rect::from_min_max(egui::pos2(x, rect.top()), egui::pos2(x + w, rect.bottom()));
        ui.painter()
            .rect_filled(cell, 0.0, Color32::from_rgb(r, g, b));
    }
}

/// Small multiples: 2 to 6 indicators of the maille, one map each side by side on the same
/// view (one indicator over its periods shares its classes and one legend).
fn small_multiples_ui(
    ui: &mut egui::Ui,
    settings: &mut MapSettings,
    indicators: &[(IndicatorId, String)],
    error: Option<&str>,
) {
    let max = crate::carto::panels::MAX_PANELS;
    let title = match settings.panels.len() {
        0 => "Petits multiples (2 à 6 cartes côte à côte)".to_owned(),
        n => format!("Petits multiples : {n} carte(s) choisie(s)"),
    };
    egui::CollapsingHeader::new(title)
        .id_salt("petits-multiples")
        .show(ui, |ui| {
            ui.small(
                "Cochez 2 à 6 indicateurs : une carte chacun, sur la même vue. Les périodes d'un \
                 même indicateur partagent leurs classes et une seule légende. À l'écran, pas \
                 d'encarts d'outre-mer (trop étroits pour leurs noms dans une petite carte) : \
                 l'export de la page les montre dans chaque carte.",
            );
            // A maille without one of the chosen indicators drops it.
            settings
                .panels
                .retain(|id| indicators.iter().any(|(i, _)| i == id));
            for (id, label) in indicators {
                let mut on = settings.panels.contains(id);
                let full = settings.panels.len() >= max && !on;
                if ui
                    .add_enabled(!full, egui::Checkbox::new(&mut on, label.as_str()))
                    .changed()
                {
                    if on {
                        settings.panels.push(id.clone());
                    } else {
                        settings.panels.retain(|p| p != id);
                    }
                }
            }
            if settings.panels.len() == 1 {
                ui.small("Cochez au moins un second indicateur.");
            }
            if let Some(e) = error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            if !settings.panels.is_empty() && ui.button("Revenir à une seule carte").clicked() {
                settings.panels.clear();
            }
        });
}
