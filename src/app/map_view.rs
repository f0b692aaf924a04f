//! The map in the central panel: walkers with the composition plugin, the hover tooltip, a
//! click's selection, the zoom buttons, and the two synchronised maps of Temps I / Temps II.

use egui::{Align2, Color32};
use walkers::lon_lat;

use super::basemap::Basemap;
use super::command::Command;
use super::{AtlasApp, FRANCE_CENTER, LoadState};
use crate::carto::{LayerId, MapSpec};
use crate::map::painter::carto_rect;
use crate::map::{MapFrameOutput, MapPlugin};
use crate::model::{Generation, LayerKind};

/// The box of a side-by-side map's title ("2018-2022 (Temps I)") at the top of its half: the
/// France fit keeps the units out of it and the names avoid it.
pub(super) fn side_title_rect(half: crate::carto::Rect) -> crate::carto::Rect {
    crate::carto::Rect::from_min_size(
        crate::carto::Pos::new(half.center().x - 130.0, half.min.y),
        260.0,
        46.0,
    )
}

/// Heights kept free above and below the insets' column on screen (the zoom buttons).
pub(super) const INSET_MARGINS: (f64, f64) = (0.0, 48.0);

impl AtlasApp {
    /// Whether the basemap still has tiles on their way, or a level of detail of the map is
    /// being built (the golden images wait for neither).
    pub fn basemap_loading(&mut self) -> bool {
        let second = self
            .map
            .second_basemap
            .as_mut()
            .is_some_and(|b| b.in_progress() > 0);
        let meshes = self.loaded().is_some_and(|l| l.meshes.building());
        self.map.basemap.in_progress() > 0 || second || meshes
    }

    /// Makes what the window shows independent of this machine's speed (the golden images):
    /// the status bar's loading time reads one second.
    pub fn freeze_clock_for_snapshots(&mut self) {
        if let LoadState::Ready(loaded, _) = &mut self.load {
            loaded.ready_time = std::time::Duration::from_secs(1);
        }
    }

    /// The key of the name under a screen position, in what the map drew last frame.
    fn label_at(&self, pos: egui::Pos2) -> Option<String> {
        let comp = self.map.output.composition.as_ref()?;
        let label = comp
            .labels
            .iter()
            .find(|l| crate::map::painter::egui_rect(l.rect).contains(pos))?;
        let (LayerId::Bundle(kind), index) = label.label.owner? else {
            return None;
        };
        let code = &self.loaded()?.scene.layer(kind)?.features.get(index)?.code;
        Some(crate::carto::compose::label_key(kind, code))
    }

    /// Names are moved by dragging them and hidden from their menu (right click).
    fn label_edit_ui(&mut self, ui: &egui::Ui) {
        let (pressed, released, secondary, pos) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.pointer.primary_released(),
                i.pointer.secondary_clicked(),
                i.pointer.interact_pos(),
            )
        });
        let over_map = pos.zip(self.map.rect).is_some_and(|(p, r)| r.contains(p));
        if pressed
            && over_map
            && let Some(p) = pos
            && let Some(key) = self.label_at(p)
        {
            let before = self.settings.map.labels.get(&key).copied();
            self.map.label_drag = Some(super::LabelDrag {
                key,
                origin: p,
                before,
            });
            self.map.label_menu = None;
        }
        if secondary
            && over_map
            && let Some(p) = pos
            && let Some(key) = self.label_at(p)
        {
            self.map.label_menu = Some((key, p));
        }
        if let (Some(drag), Some(p), Some(view)) =
            (self.map.label_drag.clone(), pos, self.map.output.view)
        {
            let lonlat =
                view.lonlat_from_frame(crate::carto::Pos::new(f64::from(p.x), f64::from(p.y)));
            let moved = crate::carto::labels::LabelOverride::Moved {
                lon: lonlat.x(),
                lat: lonlat.y(),
            };
            // A press without a move is a click (it selects): the name stays where it was.
            let dragged = (p - drag.origin).length() > 3.0;
            if released {
                self.map.label_drag = None;
                let change = if dragged { Some(moved) } else { drag.before };
                self.commands.push(Command::SetLabel(drag.key, change));
            } else if dragged {
                // The name follows the pointer while it is dragged.
                self.settings.map.labels.insert(drag.key, moved);
            }
        }
        let Some((key, at)) = self.map.label_menu.clone() else {
            return;
        };
        let mut close = false;
        egui::Area::new(egui::Id::unique("menu-nom"))
            .fixed_pos(at)
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::menu(ui.style()).show(ui, |ui| {
                    if ui.button("Masquer ce nom").clicked() {
                        self.commands.push(Command::SetLabel(
                            key.clone(),
                            Some(crate::carto::labels::LabelOverride::Hidden),
                        ));
                        close = true;
                    }
                    if self.settings.map.labels.contains_key(&key)
                        && ui.button("Remettre ce nom à sa place").clicked()
                    {
                        self.commands.push(Command::SetLabel(key.clone(), None));
                        close = true;
                    }
                    if !self.settings.map.labels.is_empty()
                        && ui.button("Rétablir tous les noms").clicked()
                    {
                        self.commands.push(Command::ResetLabels);
                        close = true;
                    }
                    if ui.button("Fermer").clicked() {
                        close = true;
                    }
                });
            });
        if close || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.map.label_menu = None;
        }
    }

    pub(super) fn map_ui(&mut self, ui: &mut egui::Ui) {
        self.label_edit_ui(ui);
        let spec = self.map_spec();
        let pick_order = self.pick_order();
        let furniture: Vec<crate::carto::Rect> =
            self.map.furniture.iter().map(|r| carto_rect(*r)).collect();
        let mut out = MapFrameOutput::default();
        let center = lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1);
        let response = {
            let mut map = walkers::Map::new(self.map.basemap.tiles(), &mut self.map.memory, center)
                .double_click_to_zoom(true)
                // A desktop map: the wheel zooms (around the pointer), dragging pans — unless
                // a name is being dragged.
                .zoom_with_ctrl(false)
                .panning(self.map.label_drag.is_none());
            if let LoadState::Ready(loaded, _) = &self.load {
                map = map.with_plugin(MapPlugin {
                    scene: &loaded.scene,
                    spec: &spec,
                    meshes: &loaded.meshes,
                    pick_order: &pick_order,
                    furniture: &furniture,
                    inset_margins: INSET_MARGINS,
                    out: &mut out,
                });
            }
            map.show(ui, |_ui, response, _projector, _memory| response.clone())
        };
        self.map.rect = Some(response.response.rect);
        if let Some((id, index)) = out.hovered {
            let label = self.hover_label(id, index);
            response.response.clone().on_hover_ui_at_pointer(|ui| {
                ui.label(label);
            });
        }
        match out.clicked {
            Some(Some((id, index))) => {
                let unit = self.unit_of(id, index);
                self.commands.push(Command::Select(unit));
            }
            Some(None) => self.commands.push(Command::Select(None)),
            None => {}
        }
        self.map.output = out;
    }

    /// Name (and région) of a unit under the pointer.
    fn hover_label(&self, id: LayerId, index: usize) -> String {
        let Some(loaded) = self.loaded() else {
            return String::new();
        };
        let LayerId::Bundle(kind) = id else {
            return String::new();
        };
        let ds = &loaded.dataset;
        let name = loaded
            .scene
            .layer(kind)
            .and_then(|l| l.features.get(index))
            .map(|f| f.name.clone())
            .unwrap_or_default();
        let region = match kind {
            LayerKind::Ti2023 => ds
                .territory_at(Generation::Temps2, index)
                .map(|t| t.region.clone()),
            LayerKind::Ti2018 => ds
                .territory_at(Generation::Temps1, index)
                .map(|t| t.region.clone()),
            LayerKind::Departements => ds.tables.departements.get(index).map(|d| d.region.clone()),
            _ => None,
        };
        match region.as_deref().and_then(|r| ds.region_name(r)) {
            Some(r) => format!("{name}\n{r}"),
            None => name,
        }
    }

    /// Zoom in/out and back to France, at the bottom left of the map; returns their box.
    pub(super) fn zoom_buttons_ui(&mut self, ui: &mut egui::Ui) -> Option<egui::Rect> {
        let mut command = None;
        let response = egui::Area::new(egui::Id::unique("boutons-zoom"))
            .fixed_pos(ui.max_rect().left_bottom() + egui::vec2(10.0, -10.0))
            .pivot(Align2::LEFT_BOTTOM)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if ui.button("+").on_hover_text("Zoom avant").clicked() {
                            command = Some(Command::ZoomIn);
                        }
                        if ui.button("−").on_hover_text("Zoom arrière").clicked() {
                            command = Some(Command::ZoomOut);
                        }
                        if ui
                            .button("France")
                            .on_hover_text("Revenir à la France entière (métropole et outre-mer)")
                            .clicked()
                        {
                            command = Some(Command::Home);
                        }
                    });
                });
            });
        self.commands.extend(command);
        Some(response.response.rect)
    }

    /// Two maps side by side on one memory: moving either moves both.
    pub(super) fn side_by_side_ui(&mut self, ui: &mut egui::Ui) {
        let rect = ui.available_rect_before_wrap();
        let half = rect.width() / 2.0;
        let left = egui::Rect::from_min_size(rect.min, egui::vec2(half - 1.0, rect.height()));
        let right = egui::Rect::from_min_size(
            rect.min + egui::vec2(half + 1.0, 0.0),
            egui::vec2(half - 1.0, rect.height()),
        );
        if self.map.second_basemap.is_none() {
            self.map.second_basemap = Some(Basemap::offline(ui.ctx()));
        }
        let base = self.map_spec();
        let center = lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1);
        for (rect, kind, title) in [
            (left, LayerKind::Ti2018, "2018-2022 (Temps I)"),
            (right, LayerKind::Ti2023, "2023-2027 (Temps II)"),
        ] {
            let spec = MapSpec {
                layers: vec![kind],
                choropleth: None,
                layer_colours: base
                    .layer_colours
                    .iter()
                    .filter(|c| c.layer == kind)
                    .cloned()
                    .collect(),
                labels: kind == LayerKind::Ti2023 && base.labels,
                insets: crate::carto::InsetChoice::Off,
                ..base.clone()
            };
            let order = [LayerId::Bundle(kind)];
            let title_box = [side_title_rect(carto_rect(rect))];
            let mut out = MapFrameOutput::default();
            let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
            let tiles = if kind == LayerKind::Ti2018 {
                self.map.basemap.tiles()
            } else {
                self.map.second_basemap.as_mut().and_then(Basemap::tiles)
            };
            let mut map = walkers::Map::new(tiles, &mut self.map.memory, center)
                .double_click_to_zoom(true)
                .zoom_with_ctrl(false);
            if let LoadState::Ready(loaded, _) = &self.load {
                map = map.with_plugin(MapPlugin {
                    scene: &loaded.scene,
                    spec: &spec,
                    meshes: &loaded.meshes,
                    pick_order: &order,
                    furniture: &title_box,
                    inset_margins: INSET_MARGINS,
                    out: &mut out,
                });
            }
            map.show(&mut child, |_ui, response, _projector, _memory| {
                response.clone()
            });
            if let Some(Some((id, index))) = out.clicked {
                let unit = self.unit_of(id, index);
                self.commands.push(Command::Select(unit));
            }
            if kind == LayerKind::Ti2023 {
                self.map.output = out;
            }
            let painter = ui.painter_at(rect);
            let galley = painter.layout_no_wrap(
                title.to_owned(),
                egui::FontId::proportional(20.0),
                Color32::from_gray(20),
            );
            let pos = rect.center_top() + egui::vec2(-galley.size().x / 2.0, 10.0);
            painter.rect_filled(
                egui::Rect::from_min_size(pos, galley.size()).expand(6.0),
                4.0,
                Color32::from_white_alpha(230),
            );
            painter.galley(pos, galley, Color32::from_gray(20));
        }
        ui.painter().vline(
            rect.center().x,
            rect.y_range(),
            egui::Stroke::new(2.0, Color32::WHITE),
        );
        self.map.rect = Some(right);
    }
}
