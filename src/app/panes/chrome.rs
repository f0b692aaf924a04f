//! The window's chrome, a pane: the menus (Fichier, Affichage, Aide and the search box), the
//! status bar, the keys that work everywhere, the "À propos" and "Premiers pas" windows, the
//! notices and the warning that OpenStreetMap does not answer. It reads the context and asks
//! for everything through commands.

use egui::{Align2, RichText};

use super::super::basemap::Basemap;
use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use super::super::layout::DockTab;
use super::super::places::JUMPS;
use super::super::theme;
use super::project::ProjectPane;
use crate::format::int_fr;
use crate::io::import::ImportKind;
use crate::model::Generation;
use crate::model::views::search::SearchHit;
use crate::ui::export_window::ExportWhat;
use crate::ui::search_box::{SearchBoxState, search_box_ui};

/// The chrome's own state: its two windows and the search box.
#[derive(Default)]
pub struct ChromePane {
    pub show_about: bool,
    /// The "Premiers pas" guide (Aide menu).
    pub show_first_steps: bool,
    pub search: SearchBoxState,
}

impl ChromePane {
    /// Keys that work everywhere: the text size (Ctrl + / Ctrl − / Ctrl 0); Échap closes the
    /// dialogs once no list, popup or field has it.
    pub fn shortcuts(
        &mut self,
        ctx: &egui::Context,
        cx: &PaneContext<'_>,
        file_chooser_open: bool,
        commands: &mut Commands,
    ) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let shortcut = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        let (bigger, smaller, reset) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&shortcut(Key::Plus))
                    || i.consume_shortcut(&shortcut(Key::Equals)),
                i.consume_shortcut(&shortcut(Key::Minus)),
                i.consume_shortcut(&shortcut(Key::Num0)),
            )
        });
        let scale = cx.settings.text_scale;
        let wanted = if reset {
            Some(1.0)
        } else if bigger {
            Some(scale + super::super::layout::TEXT_SCALE_STEP)
        } else if smaller {
            Some(scale - super::super::layout::TEXT_SCALE_STEP)
        } else {
            None
        };
        if let Some(s) = wanted {
            commands.push(Command::SetTextScale(s));
        }
        // Escape: egui closes an open list or popup, a text field gives the keyboard back;
        // otherwise the topmost dialog closes.
        let escape = ctx.input(|i| i.key_pressed(Key::Escape));
        if escape
            && !cx.presenting
            && !egui::Popup::is_any_open(ctx)
            && ctx.memory(|m| m.focused().is_none())
        {
            if file_chooser_open {
                commands.push(Command::CloseFileChooser);
            } else if self.show_about {
                self.show_about = false;
            } else if self.show_first_steps {
                self.show_first_steps = false;
            }
        }
    }

    /// The warning that OpenStreetMap does not answer, at the top of the map; returns its box.
    pub fn osm_warning_ui(
        ui: &egui::Ui,
        map_rect: egui::Rect,
        commands: &mut Commands,
    ) -> Option<egui::Rect> {
        let response = egui::Area::new(egui::Id::unique("osm-injoignable"))
            .fixed_pos(map_rect.center_top() + egui::vec2(0.0, 10.0))
            .pivot(Align2::CENTER_TOP)
            .constrain_to(map_rect)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.colored_label(
                        theme::ERROR_TEXT,
                        "OpenStreetMap ne répond pas (pas de réseau ?) : seules les tuiles en cache s'affichent.",
                    );
                    if ui.button("Revenir au fond hors ligne").clicked() {
                        commands.push(Command::SetOnlineBasemap(false));
                    }
                });
            });
        Some(response.response.rect)
    }

    /// The "Premiers pas" window: the guide's steps, numbered.
    pub fn first_steps_ui(&mut self, ctx: &egui::Context) {
        if !self.show_first_steps {
            return;
        }
        egui::Window::new("Premiers pas")
            .open(&mut self.show_first_steps)
            .default_width(480.0)
            .show(ctx, |ui| {
                for (i, step) in crate::about::FIRST_STEPS.iter().enumerate() {
                    ui.horizontal_top(|ui| {
                        ui.label(RichText::new(format!("{}.", i + 1)).strong());
                        ui.label(*step);
                    });
                    ui.add_space(2.0);
                }
            });
    }

    pub fn about_ui(&mut self, ctx: &egui::Context, cx: &PaneContext<'_>) {
        if !self.show_about {
            return;
        }
        let sources = cx.loaded.map(|l| l.dataset.tables.sources.clone());
        egui::Window::new("À propos")
            .open(&mut self.show_about)
            .default_width(560.0)
            .show(ctx, |ui| {
                ui.label(RichText::new(crate::about::version_line()).strong());
                ui.label("Territoires d'industrie : programme de l'ANCT et de la DGE.");
                let assets = crate::io::assets::assets();
                for section in crate::about::sections(sources.as_deref(), assets) {
                    ui.add_space(4.0);
                    ui.label(RichText::new(section.title).strong());
                    for line in section.lines {
                        ui.label(line);
                    }
                }
            });
    }

    /// Messages for the user, each with a button to dismiss it.
    pub fn notices_ui(ctx: &egui::Context, cx: &PaneContext<'_>, commands: &mut Commands) {
        if cx.notices.is_empty() {
            return;
        }
        let mut dismissed = None;
        egui::Window::new("Avis")
            .anchor(Align2::CENTER_TOP, [0.0, 40.0])
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                for (i, n) in cx.notices.iter().enumerate() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(n);
                        if ui.small_button("OK").clicked() {
                            dismissed = Some(i);
                        }
                    });
                }
            });
        commands.extend(dismissed.map(Command::DismissNotice));
    }

    pub fn menu_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &PaneContext<'_>,
        project: &ProjectPane,
        commands: &mut Commands,
    ) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("Fichier", |ui| {
                project.file_menu_ui(ui, cx, commands);
                ui.separator();
                if ui.button("Importer…").clicked() {
                    commands.push(Command::OpenImport(ImportKind::Auto, None));
                    ui.close();
                }
                if ui.button("Exporter la carte…").clicked() {
                    commands.push(Command::OpenExport(ExportWhat::Map));
                    ui.close();
                }
                if ui.button("Mise en page et annotations…").clicked() {
                    commands.push(Command::OpenPage);
                    ui.close();
                }
                if ui
                    .add_enabled(
                        cx.selected_territory()
                            .is_some_and(|t| t.generation == Generation::Temps2),
                        egui::Button::new("Exporter la fiche du territoire…"),
                    )
                    .clicked()
                {
                    commands.push(Command::OpenExport(ExportWhat::Sheet));
                    ui.close();
                }
                if ui.button("Quitter").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("Édition", |ui| project.edit_menu_ui(ui, commands));
            ui.menu_button("Affichage", |ui| Self::view_menu_ui(ui, cx, commands));
            ui.menu_button("Aide", |ui| {
                if ui.button("Premiers pas").clicked() {
                    self.show_first_steps = true;
                    ui.close();
                }
                if ui.button("À propos et sources").clicked() {
                    self.show_about = true;
                    ui.close();
                }
            });
            ui.separator();
            let index = cx
                .loaded
                .and_then(|l| l.indexes.as_ref())
                .map(|i| &i.search);
            if let Some(hit) = search_box_ui(ui, &mut self.search, index) {
                commands.extend(search_command(&hit, cx));
            }
        });
    }

    /// The Affichage menu: panels and tabs, text size, layout, presentation, quick jumps.
    fn view_menu_ui(ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        let layout = &cx.settings.layout;
        let mut layers = layout.left_open;
        if ui.checkbox(&mut layers, "Panneau des couches").changed() {
            commands.push(Command::ShowLayersPanel(layers));
        }
        let mut table = layout.is_open(DockTab::Table);
        if ui.checkbox(&mut table, "Tableau des valeurs").changed() {
            commands.push(Command::ShowTable(table));
        }
        if ui.button("Temps I et Temps II…").clicked() {
            commands.push(Command::OpenTab(DockTab::Comparison));
            ui.close();
        }
        if ui.button("Vues…").clicked() {
            commands.push(Command::OpenTab(DockTab::Views));
            ui.close();
        }
        if ui.button("Nuage de points…").clicked() {
            commands.push(Command::OpenScatter);
            ui.close();
        }
        if !cx.user.layers.is_empty() {
            ui.menu_button("Attributs d'une couche importée", |ui| {
                let mut chosen = None;
                for layer in &cx.user.layers {
                    if ui.button(&layer.spec.name).clicked() {
                        chosen = Some(layer.spec.name.clone());
                        ui.close();
                    }
                }
                if let Some(name) = chosen {
                    commands.push(Command::OpenAttributes(name));
                }
            });
        }
        ui.separator();
        let scale = cx.settings.text_scale;
        ui.menu_button(
            format!("Taille du texte ({} %)", (scale * 100.0).round()),
            |ui| {
                let ctx = ui.ctx().clone();
                let shortcut = |key| {
                    ctx.format_shortcut(&egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, key))
                };
                let step = super::super::layout::TEXT_SCALE_STEP;
                for (label, key, value) in [
                    ("Agrandir", egui::Key::Plus, scale + step),
                    ("Réduire", egui::Key::Minus, scale - step),
                    ("Taille normale (100 %)", egui::Key::Num0, 1.0),
                ] {
                    if ui
                        .add(egui::Button::new(label).shortcut_text(shortcut(key)))
                        .clicked()
                    {
                        commands.push(Command::SetTextScale(value));
                    }
                }
            },
        );
        if ui
            .button("Réinitialiser la disposition")
            .on_hover_text("Panneaux, tailles et onglets par défaut")
            .clicked()
        {
            commands.push(Command::ResetLayout);
            ui.close();
        }
        ui.separator();
        if ui
            .add(egui::Button::new("Présentation").shortcut_text("F11"))
            .clicked()
        {
            let start = cx
                .current_view
                .or((!cx.settings.bookmarks.is_empty()).then_some(0));
            commands.push(Command::Present { on: true, start });
            ui.close();
        }
        let mut contrast = cx.settings.presentation_high_contrast;
        if ui
            .checkbox(&mut contrast, "Présentation en contraste élevé")
            .changed()
        {
            commands.push(Command::SetHighContrast(contrast));
        }
        ui.separator();
        ui.label("Aller à");
        if ui.button("France entière").clicked() {
            commands.push(Command::Home);
            ui.close();
        }
        for (name, lon, lat, zoom) in JUMPS.into_iter().skip(1) {
            if ui.button(name).clicked() {
                commands.push(Command::Jump { lon, lat, zoom });
                ui.close();
            }
        }
    }

    pub fn status_ui(ui: &mut egui::Ui, cx: &PaneContext<'_>, basemap: &Basemap) {
        ui.horizontal(|ui| {
            match (cx.loaded, cx.load_error) {
                (None, None) => {
                    ui.spinner();
                    ui.label("Chargement des territoires…");
                }
                (None, Some(e)) => {
                    ui.colored_label(theme::ERROR_TEXT, format!("Données indisponibles : {e}"));
                }
                (Some(l), _) => {
                    if cx.more_coming {
                        ui.spinner();
                    }
                    ui.label(format!(
                        "{} territoires 2023-2027 — carte prête en {} ms",
                        l.dataset.territories(Generation::Temps2).count(),
                        int_fr(l.ready_time.as_millis() as u64)
                    ));
                }
            }
            if let Basemap::Unavailable(reason) = basemap {
                ui.separator();
                ui.colored_label(theme::ERROR_TEXT, reason);
            }
            let composition = cx.map_output.composition.as_ref();
            let sources = composition
                .map(crate::carto::Composition::sources_line)
                .unwrap_or_default();
            let short = composition
                .map(|c| crate::carto::short_sources::short_sources_line(&c.sources))
                .unwrap_or_default();
            // The zoom always shows; the sources' producers take the room left, whole, on two
            // lines if need be (the detail is in the tooltip, the À propos window and every
            // export).
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.small(format!(
                    "Zoom\u{a0}{}",
                    crate::format::decimal_fr(cx.map_zoom, 1)
                ));
                ui.separator();
                ui.add(egui::Label::new(egui::RichText::new(&short).small()).wrap())
                    .on_hover_text(&sources);
            });
        });
    }
}

/// What a search result asks for: its unit shown (its layer visible, the map on it, its sheet
/// open), or a word when it has no outline on the map.
fn search_command(hit: &SearchHit, cx: &PaneContext<'_>) -> Option<Command> {
    let Some(unit) = &hit.target else {
        return Some(Command::Notice(format!(
            "{} ({}) n'a pas de contour sur la carte.",
            hit.name, hit.code
        )));
    };
    // Only a unit drawn on the map opens.
    let drawn = cx
        .loaded?
        .scene
        .layer(unit.layer)?
        .position(&unit.code)
        .is_some();
    drawn.then(|| Command::Open(unit.clone()))
}

#[cfg(test)]
mod tests {
    use super::super::fixture::World;
    use super::*;
    use crate::model::views::search::HitKind;
    use crate::model::{LayerKind, UnitRef};
    use egui_kittest::kittest::Queryable as _;

    fn hit(target: Option<UnitRef>) -> SearchHit {
        SearchHit {
            kind: HitKind::Commune,
            code: "35115".into(),
            name: "Fougères".into(),
            context: String::new(),
            target,
            score: 0,
        }
    }

    #[test]
    fn a_search_result_opens_its_unit_or_says_it_has_no_outline() {
        let world = World::default();
        let cx = world.cx();
        assert_eq!(
            search_command(&hit(None), &cx),
            Some(Command::Notice(
                "Fougères (35115) n'a pas de contour sur la carte.".into()
            ))
        );
        let unit = cx
            .unit_of(crate::carto::LayerId::Bundle(LayerKind::Ti2023), 0)
            .expect("a territory");
        assert_eq!(unit.layer, LayerKind::Ti2023);
        assert_eq!(
            search_command(&hit(Some(unit.clone())), &cx),
            Some(Command::Open(UnitRef::new(LayerKind::Ti2023, &unit.code)))
        );
    }

    #[test]
    fn a_notice_dismissed_is_asked_for_by_its_place() {
        let world = World {
            notices: vec!["un".into(), "deux".into()],
            ..Default::default()
        };
        let mut commands = Commands::new();
        let mut harness = egui_kittest::Harness::new_ui(|ui| {
            ChromePane::notices_ui(ui.ctx(), &world.cx(), &mut commands);
        });
        harness.run();
        harness
            .get_all_by_label("OK")
            .nth(1)
            .expect("two buttons")
            .click();
        harness.run();
        drop(harness);
        assert!(commands.contains(&Command::DismissNotice(1)));
    }
}
