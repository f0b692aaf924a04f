//! The map in the central panel: walkers with the composition plugin, the hover tooltip, a
//! click's selection, the zoom buttons, and the two synchronised maps of Temps I / Temps II.

use egui::{Align2, Color32};
use walkers::{MapMemory, lon_lat};

use super::basemap::Basemap;
use super::command::Command;
use super::context::{Commands, PaneContext};
use super::places::FRANCE_CENTER;
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

/// The box a small multiple's title takes, at the top left of its map (the legend, when it
/// is over the maps, goes to a right corner).
pub(super) fn panel_title_rect(cell: crate::carto::Rect) -> crate::carto::Rect {
    crate::carto::Rect::from_min_size(cell.min, 300.0, 40.0)
}

/// Heights kept free above and below the insets' column on screen (the zoom buttons).
pub(super) const INSET_MARGINS: (f64, f64) = (0.0, 48.0);

/// A place to show on the map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fit {
    /// A lon/lat box, with a margin.
    Bbox(geo::Rect<f64>),
    /// France entière: the mainland beside the insets' column.
    France,
}

/// A France-entière fit as it was made: the view it set, and the legend's size and the map's
/// box it was made for.
#[derive(Clone, Copy, Debug)]
pub struct FranceFit {
    pub center: walkers::Position,
    pub zoom: f64,
    pub legend: Option<(f64, f64)>,
    pub map: egui::Rect,
}

/// A name being dragged.
#[derive(Clone, Debug)]
struct LabelDrag {
    key: String,
    origin: egui::Pos2,
    before: Option<crate::carto::labels::LabelOverride>,
}

/// The map pane: the basemaps, where the map was drawn and what floats over it, the fit to
/// make, the name being dragged or whose menu is open, the legend's corner. The map's
/// memory (where it looks) is the app's: the pane moves it when asked.
pub struct MapPane {
    pub basemap: Basemap,
    /// The basemap of the second map, side by side.
    pub second_basemap: Option<Basemap>,
    /// The basemaps of the small multiples after the first (each map has its tiles).
    pub panel_basemaps: Vec<Basemap>,
    /// Where the map was drawn last frame, and the app's boxes over it (names avoid them).
    pub rect: Option<egui::Rect>,
    pub furniture: Vec<egui::Rect>,
    pub osm_unreachable: bool,
    /// What to show once the map's size is known.
    pub pending_fit: Option<Fit>,
    /// A name being dragged (its label key, where the drag began, what it was before), and a
    /// name whose menu is open (key, where).
    label_drag: Option<LabelDrag>,
    label_menu: Option<(String, egui::Pos2)>,
    /// The legend over the map: its corner and its box last frame.
    pub legend_corner: crate::ui::placement::Corner,
    pub legend_rect: Option<egui::Rect>,
    /// The small multiples' legend strip beside their grid (None: no panels, or no legend).
    pub legend_frame: Option<egui::Rect>,
    /// The small multiples' boxes last frame (empty: one map).
    pub panel_cells: Vec<egui::Rect>,
    /// The last France-entière fit, while the user has not moved the map since: the fit is
    /// made again when the legend appears, grows or shrinks (choosing an indicator after the
    /// start must not leave the new legend over the mainland).
    pub france_fit: Option<FranceFit>,
}

/// The key of the name under a screen position, in what the map drew last frame.
fn label_at(cx: &PaneContext<'_>, pos: egui::Pos2) -> Option<String> {
    let comp = cx.map_output.composition.as_ref()?;
    let label = comp
        .labels
        .iter()
        .find(|l| crate::map::painter::egui_rect(l.rect).contains(pos))?;
    let (LayerId::Bundle(kind), index) = label.label.owner? else {
        return None;
    };
    let code = &cx.loaded?.scene.layer(kind)?.features.get(index)?.code;
    Some(crate::carto::compose::label_key(kind, code))
}

impl MapPane {
    /// The pane on a basemap, the France fit to make.
    pub fn new(basemap: Basemap) -> Self {
        MapPane {
            basemap,
            second_basemap: None,
            panel_basemaps: Vec::new(),
            rect: None,
            furniture: Vec::new(),
            osm_unreachable: false,
            // The app opens on France entière.
            pending_fit: Some(Fit::France),
            label_drag: None,
            label_menu: None,
            legend_corner: Default::default(),
            legend_rect: None,
            legend_frame: None,
            panel_cells: Vec::new(),
            france_fit: None,
        }
    }

    /// Whether the basemaps still have tiles on their way (the golden images wait for none).
    pub fn basemap_loading(&mut self) -> bool {
        let second = self
            .second_basemap
            .as_mut()
            .is_some_and(|b| b.in_progress() > 0);
        let panels = self.panel_basemaps.iter_mut().any(|b| b.in_progress() > 0);
        self.basemap.in_progress() > 0 || second || panels
    }

    /// Names are moved by dragging them and hidden from their menu (right click).
    pub fn label_edit_ui(&mut self, ui: &egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        let (pressed, released, secondary, pos) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.pointer.primary_released(),
                i.pointer.secondary_clicked(),
                i.pointer.interact_pos(),
            )
        });
        let over_map = pos.zip(self.rect).is_some_and(|(p, r)| r.contains(p));
        if pressed
            && over_map
            && let Some(p) = pos
            && let Some(key) = label_at(cx, p)
        {
            let before = cx.settings.map.labels.get(&key).copied();
            self.label_drag = Some(LabelDrag {
                key,
                origin: p,
                before,
            });
            self.label_menu = None;
        }
        if secondary
            && over_map
            && let Some(p) = pos
            && let Some(key) = label_at(cx, p)
        {
            self.label_menu = Some((key, p));
        }
        if let (Some(drag), Some(p), Some(view)) =
            (self.label_drag.clone(), pos, cx.map_output.view)
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
                self.label_drag = None;
                let change = if dragged { Some(moved) } else { drag.before };
                commands.push(Command::SetLabel(drag.key, change));
            } else if dragged {
                // The name follows the pointer while it is dragged.
                commands.push(Command::SetLabel(drag.key, Some(moved)));
            }
        }
        let Some((key, at)) = self.label_menu.clone() else {
            return;
        };
        let mut close = false;
        egui::Area::new(egui::Id::unique("menu-nom"))
            .fixed_pos(at)
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::menu(ui.style()).show(ui, |ui| {
                    if ui.button("Masquer ce nom").clicked() {
                        commands.push(Command::SetLabel(
                            key.clone(),
                            Some(crate::carto::labels::LabelOverride::Hidden),
                        ));
                        close = true;
                    }
                    if cx.settings.map.labels.contains_key(&key)
                        && ui.button("Remettre ce nom à sa place").clicked()
                    {
                        commands.push(Command::SetLabel(key.clone(), None));
                        close = true;
                    }
                    if !cx.settings.map.labels.is_empty()
                        && ui.button("Rétablir tous les noms").clicked()
                    {
                        commands.push(Command::ResetLabels);
                        close = true;
                    }
                    if ui.button("Fermer").clicked() {
                        close = true;
                    }
                });
            });
        if close || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.label_menu = None;
        }
    }

    /// The map (walkers with the composition plugin), the hover tooltip, a click's
    /// selection; returns what it drew. (The names' editing, `label_edit_ui`, comes first.)
    pub fn map_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &PaneContext<'_>,
        (spec, pick_order): (&MapSpec, &[LayerId]),
        memory: &mut MapMemory,
        commands: &mut Commands,
    ) -> MapFrameOutput {
        let furniture: Vec<crate::carto::Rect> =
            self.furniture.iter().map(|r| carto_rect(*r)).collect();
        let mut out = MapFrameOutput::default();
        let center = lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1);
        let response = {
            let mut map = walkers::Map::new(self.basemap.tiles(), memory, center)
                .double_click_to_zoom(true)
                // A desktop map: the wheel zooms (around the pointer), dragging pans — unless
                // a name is being dragged.
                .zoom_with_ctrl(false)
                .panning(self.label_drag.is_none());
            if let Some(loaded) = cx.loaded {
                map = map.with_plugin(MapPlugin {
                    scene: &loaded.scene,
                    spec,
                    meshes: &loaded.meshes,
                    pick_order,
                    furniture: &furniture,
                    inset_margins: INSET_MARGINS,
                    out: &mut out,
                });
            }
            map.show(ui, |_ui, response, _projector, _memory| response.clone())
        };
        self.rect = Some(response.response.rect);
        if let Some((id, index)) = out.hovered {
            let label = hover_label(cx, id, index);
            response.response.clone().on_hover_ui_at_pointer(|ui| {
                ui.label(label);
            });
        }
        match out.clicked {
            Some(Some((id, index))) => {
                let unit = cx.unit_of(id, index);
                commands.push(Command::Select(unit));
            }
            Some(None) => commands.push(Command::Select(None)),
            None => {}
        }
        out
    }

    /// Zoom in/out and back to France, at the bottom left of the map; returns their box.
    pub fn zoom_buttons_ui(ui: &mut egui::Ui, commands: &mut Commands) -> Option<egui::Rect> {
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
        commands.extend(command);
        Some(response.response.rect)
    }

    /// Two maps side by side on one memory: moving either moves both.
    /// Two maps side by side on one memory, each with its generation; returns what the right
    /// one (Temps II) drew.
    pub fn side_by_side_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &PaneContext<'_>,
        base: &MapSpec,
        memory: &mut MapMemory,
        commands: &mut Commands,
    ) -> MapFrameOutput {
        let rect = ui.available_rect_before_wrap();
        let half = rect.width() / 2.0;
        let left = egui::Rect::from_min_size(rect.min, egui::vec2(half - 1.0, rect.height()));
        let right = egui::Rect::from_min_size(
            rect.min + egui::vec2(half + 1.0, 0.0),
            egui::vec2(half - 1.0, rect.height()),
        );
        if self.second_basemap.is_none() {
            self.second_basemap = Some(Basemap::offline(ui.ctx()));
        }
        let mut right_out = MapFrameOutput::default();
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
            let tiles = if kind == LayerKind::Ti2018 {
                self.basemap.tiles()
            } else {
                self.second_basemap.as_mut().and_then(Basemap::tiles)
            };
            let (_, out) = one_map_ui(ui, rect, tiles, memory, cx, (&spec, &order, &title_box));
            if let Some(Some((id, index))) = out.clicked {
                let unit = cx.unit_of(id, index);
                commands.push(Command::Select(unit));
            }
            if kind == LayerKind::Ti2023 {
                right_out = out;
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
        self.rect = Some(right);
        right_out
    }

    /// Small multiples: one map per panel in a grid of the map's box, all on the same view
    /// (one pan, one zoom), each with its classes and a small title; hover and click work in
    /// every one, the selection shows in all. Returns what the first map drew.
    pub fn panels_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &PaneContext<'_>,
        (base, panels): (&MapSpec, &crate::carto::panels::PanelsMap),
        memory: &mut MapMemory,
        commands: &mut Commands,
    ) -> MapFrameOutput {
        let rect = ui.available_rect_before_wrap();
        let n = panels.panels.len();
        // The legend has a strip of its own beside the maps: never over a map's units or title.
        let (grid, strip) = self.panels_area(cx, rect);
        self.legend_frame = strip;
        let cells = panel_cells(grid, n);
        self.panel_cells = cells.clone();
        let boxes: Vec<crate::carto::Rect> = cells.iter().map(|c| carto_rect(*c)).collect();
        if !crate::carto::panels::fits(&boxes) {
            // Maps too small to read: the room is asked for rather than the maps drawn.
            let (w, h) = crate::carto::panels::MIN_MAP;
            let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink(40.0)));
            child.vertical_centered(|ui| {
                ui.add_space(rect.height() * 0.3);
                ui.label(format!(
                    "Petits multiples : {n} cartes ne tiennent pas ici (chacune demande au moins \
                     {w:.0} × {h:.0} points). Repliez un panneau, agrandissez la fenêtre ou \
                     choisissez moins de cartes (Couches › Petits multiples)."
                ));
            });
            self.rect = Some(rect);
            return MapFrameOutput::default();
        }
        while self.panel_basemaps.len() + 1 < n {
            self.panel_basemaps.push(Basemap::offline(ui.ctx()));
        }
        let mut first_out = MapFrameOutput::default();
        let mut hovered = None;
        for (i, (panel, &cell)) in panels.panels.iter().zip(&cells).enumerate() {
            // Topmost first, as a single map picks: the coloured maille before the others.
            let order: Vec<LayerId> = panel
                .spec
                .layers
                .iter()
                .rev()
                .map(|k| LayerId::Bundle(*k))
                .collect();
            let spec = MapSpec {
                choropleth: panel.spec.choropleth.clone(),
                layers: panel.spec.layers.clone(),
                insets: crate::carto::InsetChoice::Off,
                ..base.clone()
            };
            let title_box = [panel_title_rect(carto_rect(cell))];
            let tiles = match i {
                0 => self.basemap.tiles(),
                _ => self.panel_basemaps.get_mut(i - 1).and_then(Basemap::tiles),
            };
            let (response, out) =
                one_map_ui(ui, cell, tiles, memory, cx, (&spec, &order, &title_box));
            if let Some((id, index)) = out.hovered {
                hovered = Some((response.response.clone(), id, index));
            }
            match out.clicked {
                Some(Some((id, index))) => commands.push(Command::Select(cx.unit_of(id, index))),
                Some(None) => commands.push(Command::Select(None)),
                None => {}
            }
            let painter = ui.painter_at(cell);
            let galley = painter.layout(
                panel.title.clone(),
                egui::FontId::proportional(16.0),
                Color32::from_gray(20),
                280.0_f32.min(cell.width() - 24.0),
            );
            let pos = cell.left_top() + egui::vec2(12.0, 10.0);
            painter.rect_filled(
                egui::Rect::from_min_size(pos, galley.size()).expand(5.0),
                4.0,
                Color32::from_white_alpha(230),
            );
            painter.galley(pos, galley, Color32::from_gray(20));
            if i == 0 {
                first_out = out;
            }
        }
        // The gaps between the maps.
        for &r in &cells {
            ui.painter().rect_stroke(
                r,
                0.0,
                egui::Stroke::new(1.0, Color32::from_gray(160)),
                egui::StrokeKind::Outside,
            );
        }
        if let Some((response, id, index)) = hovered {
            let label = hover_label(cx, id, index);
            response.on_hover_ui_at_pointer(|ui| {
                ui.label(label);
            });
        }
        self.rect = cells.last().copied().or(Some(rect));
        first_out
    }
}

/// One of several maps sharing a view (Temps side by side, small multiples) in `rect`: the
/// walkers map with the composition's plugin; its response and what it drew.
fn one_map_ui(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    tiles: Option<&mut dyn walkers::Tiles>,
    memory: &mut MapMemory,
    cx: &PaneContext<'_>,
    (spec, order, furniture): (&MapSpec, &[LayerId], &[crate::carto::Rect]),
) -> (egui::InnerResponse<egui::Response>, MapFrameOutput) {
    let mut out = MapFrameOutput::default();
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
    let center = lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1);
    let mut map = walkers::Map::new(tiles, memory, center)
        .double_click_to_zoom(true)
        .zoom_with_ctrl(false);
    if let Some(loaded) = cx.loaded {
        map = map.with_plugin(MapPlugin {
            scene: &loaded.scene,
            spec,
            meshes: &loaded.meshes,
            pick_order: order,
            furniture,
            inset_margins: INSET_MARGINS,
            out: &mut out,
        });
    }
    let response = map.show(&mut child, |_ui, response, _projector, _memory| {
        response.clone()
    });
    (response, out)
}

/// The boxes of `n` small multiples in the map's box: one row up to three maps, two rows
/// beyond, 4 px apart.
impl MapPane {
    /// The small multiples' grid and, when a legend is shown, its strip on the right
    /// (`carto::panels::legend_strip`): as wide as the legend's kept size or its measured
    /// width, whichever is larger, by steps of 20 points. (`rect`, None) without panels.
    pub(super) fn panels_area(
        &self,
        cx: &PaneContext<'_>,
        rect: egui::Rect,
    ) -> (egui::Rect, Option<egui::Rect>) {
        if cx.thematic.panels_map().is_none() {
            return (rect, None);
        }
        let Some((w, _)) = self.legend_reserve(cx, rect) else {
            return (rect, None);
        };
        let measured = self
            .legend_rect
            .map_or(0.0, |r| (f64::from(r.width()) / 20.0).ceil() * 20.0);
        match crate::carto::panels::legend_strip(carto_rect(rect), w.max(measured)) {
            Some((grid, strip)) => (
                crate::map::painter::egui_rect(grid),
                Some(crate::map::painter::egui_rect(strip)),
            ),
            None => (rect, None),
        }
    }
}

pub(super) fn panel_cells(rect: egui::Rect, n: usize) -> Vec<egui::Rect> {
    crate::carto::panels::grid(carto_rect(rect), n)
        .into_iter()
        .map(crate::map::painter::egui_rect)
        .collect()
}

/// Name (and région) of a unit under the pointer.
fn hover_label(cx: &PaneContext<'_>, id: LayerId, index: usize) -> String {
    let Some(loaded) = cx.loaded else {
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
