//! The page (Mise en page), a window of the export pane: the exported page itself, drawn on a
//! background thread by the export's own code (what is shown is what is written), with the
//! furniture and the annotations to drag, resize, hide and edit, the page's format, margins
//! and texts. Every change is a new map setting (`Command::SetMap`): undone with Ctrl+Z, kept
//! in views and projects.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use super::super::file_chooser::FilePurpose;
use crate::carto::annotations::{
    Annotation, AnnotationDraw, AnnotationId, AnnotationKind, AnnotationShape, DEFAULT_COLOUR,
    DEFAULT_LINE_WIDTH, DEFAULT_TEXT_SIZE, ImageData, Place, next_id,
};
use crate::carto::layout_check::Item;
use crate::carto::page_layout::{FracRect, PageElement, PageFormat, snapped_move, snapped_resize};
use crate::carto::{MapScene, MapSettings, Pos, Rect, ViewTransform};
use crate::export::MapExport;
use crate::model::Dataset;
use crate::ui::export_window::{ExportWindowState, MapFormat};

/// The preview's largest side, in pixels.
const PREVIEW_PX: f64 = 1100.0;

/// What a preview was drawn from: drawn again when any of it changes.
#[derive(Clone, Debug, PartialEq)]
struct Made {
    map: MapSettings,
    title: String,
    size: (f64, f64),
    basemap: bool,
    view: Option<ViewTransform>,
    pdf: bool,
}

/// A page drawn by the export code, and what it says of itself.
pub struct PreviewData {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
    /// The drawing's size, and its margin (the content starts there).
    page: (f64, f64),
    margin: f64,
    furniture: Vec<Item>,
    annotations: Vec<AnnotationDraw>,
    view: ViewTransform,
    /// What the layout check says of the page (the user's places included: a legend over an
    /// inset, a text cut…), in French.
    warnings: Vec<String>,
}

struct Preview {
    texture: egui::TextureHandle,
    data: PreviewData,
}

/// What a drag holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Target {
    Element {
        element: PageElement,
        resize: bool,
    },
    Annotation(AnnotationId),
    /// A callout's target (its leader's end on the map).
    CalloutPoint(AnnotationId),
}

#[derive(Clone, Copy, Debug)]
struct Drag {
    target: Target,
    /// The box dragged, in content units.
    start: Rect,
    /// How far the pointer went, in content units.
    delta: (f64, f64),
}

/// The Mise en page window.
#[derive(Default)]
pub struct PagePane {
    pub open: bool,
    preview: Option<Preview>,
    job: Option<Receiver<Result<PreviewData, String>>>,
    made: Option<Made>,
    error: Option<String>,
    drag: Option<Drag>,
    pub selected: Option<AnnotationId>,
    /// An image being read for a new annotation.
    image_job: Option<Receiver<Result<crate::io::image_file::ImageFile, String>>>,
    /// Where the page was shown last frame: its box on screen, screen points per drawing unit,
    /// the margin (tests turn a place of the page into a place on screen).
    shown: Option<(egui::Rect, f64, f64)>,
}

/// The page's drawing size as the export tab will write it.
pub fn page_size(form: &ExportWindowState) -> (f64, f64) {
    match form.format {
        MapFormat::Pdf => form.paper.size_pt(),
        MapFormat::Png | MapFormat::Svg => (f64::from(form.width_px), f64::from(form.height_px)),
    }
}

/// Sets the export form's size to a page format: the paper for a PDF, pixels at the form's
/// resolution for a PNG or an SVG (the slide: 1920 × 1080).
pub fn apply_format(form: &mut ExportWindowState, format: PageFormat) {
    use crate::carto::paper::Paper;
    let paper = match format {
        PageFormat::A4Paysage => Some(Paper::A4Landscape),
        PageFormat::A4Portrait => Some(Paper::A4Portrait),
        PageFormat::A3Paysage => Some(Paper::A3Landscape),
        PageFormat::A3Portrait => Some(Paper::A3Portrait),
        PageFormat::Diapositive | PageFormat::Libre { .. } => None,
    };
    match (form.format, paper) {
        (MapFormat::Pdf, Some(p)) => form.paper = p,
        (MapFormat::Pdf, None) => {
            // A slide or a free size has no paper: written as pixels.
            form.format = MapFormat::Png;
            set_pixels(form, format);
        }
        _ => set_pixels(form, format),
    }
}

/// The page format the export form will write: its paper, or a format of the same pixels,
/// else a free size.
pub fn format_of(form: &ExportWindowState) -> PageFormat {
    use crate::carto::paper::Paper;
    match form.format {
        MapFormat::Pdf => match form.paper {
            Paper::A4Landscape => PageFormat::A4Paysage,
            Paper::A4Portrait => PageFormat::A4Portrait,
            Paper::A3Landscape => PageFormat::A3Paysage,
            Paper::A3Portrait => PageFormat::A3Portrait,
        },
        MapFormat::Png | MapFormat::Svg => {
            let size = (f64::from(form.width_px), f64::from(form.height_px));
            PageFormat::CHOICES
                .into_iter()
                .find(|f| f.drawing_size(Some(f64::from(form.dpi))) == size)
                .unwrap_or(PageFormat::Libre {
                    largeur: size.0,
                    hauteur: size.1,
                })
        }
    }
}

fn set_pixels(form: &mut ExportWindowState, format: PageFormat) {
    let (w, h) = format.drawing_size(Some(f64::from(form.dpi)));
    form.width_px = w as u32;
    form.height_px = h as u32;
}

impl PagePane {
    /// Takes a finished preview or image.
    pub fn poll(&mut self, ctx: &egui::Context, commands: &mut Commands, map: &MapSettings) {
        if let Some(rx) = &self.job {
            match rx.try_recv() {
                Ok(Ok(data)) => {
                    let image = egui::ColorImage::from_rgba_premultiplied(
                        [data.width as usize, data.height as usize],
                        &data.rgba,
                    );
                    let texture =
                        ctx.load_texture("mise-en-page", image, egui::TextureOptions::LINEAR);
                    self.preview = Some(Preview {
                        texture,
                        data: PreviewData {
                            rgba: Vec::new(),
                            ..data
                        },
                    });
                    self.error = None;
                    self.job = None;
                }
                Ok(Err(e)) => {
                    self.error = Some(e);
                    self.job = None;
                }
                Err(TryRecvError::Disconnected) => {
                    self.error = Some("l'aperçu de la page s'est interrompu".into());
                    self.job = None;
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some(rx) = &self.image_job {
            match rx.try_recv() {
                Ok(Ok(file)) => {
                    let mut m = map.clone();
                    let id = next_id(&m.annotations);
                    m.annotations.push(Annotation {
                        id,
                        colour: DEFAULT_COLOUR,
                        kind: AnnotationKind::Image {
                            at: Place::Frame { x: 0.78, y: 0.74 },
                            width: 90.0,
                            image: ImageData::new(file.svg, file.width, file.height, file.bytes),
                        },
                    });
                    self.selected = Some(id);
                    commands.push(Command::SetMap(Box::new(m)));
                    self.image_job = None;
                }
                Ok(Err(e)) => {
                    commands.push(Command::Notice(format!("Image non ajoutée : {e}")));
                    self.image_job = None;
                }
                Err(TryRecvError::Disconnected) => self.image_job = None,
                Err(TryRecvError::Empty) => {}
            }
        }
    }

    /// Reads an image the user chose, on a thread.
    pub fn add_image(&mut self, path: std::path::PathBuf, ctx: &egui::Context) {
        if let Ok(rx) = super::super::jobs::spawn_job("image", ctx, move || {
            crate::io::image_file::read_image(&path)
        }) {
            self.image_job = Some(rx);
        }
    }

    /// Whether the preview is being drawn (tests wait for it).
    pub fn drawing(&self) -> bool {
        self.job.is_some()
    }

    /// The page's furniture as the last preview drew it (tests).
    pub fn furniture(&self) -> Vec<(PageElement, Rect, bool)> {
        self.preview
            .iter()
            .flat_map(|p| &p.data.furniture)
            .filter_map(|i| i.element.map(|e| (e, i.rect, i.user)))
            .collect()
    }

    /// A point of the page's content (drawing units) on screen, where the page was last shown.
    pub fn screen_pos(&self, p: Pos) -> Option<egui::Pos2> {
        let (rect, k, m) = self.shown?;
        Some(rect.min + egui::vec2(((p.x + m) * k) as f32, ((p.y + m) * k) as f32))
    }

    /// What the layout check says of the page shown (tests).
    pub fn warnings(&self) -> &[String] {
        self.preview.as_ref().map_or(&[], |p| &p.data.warnings)
    }

    /// The annotations as the last preview drew them (tests).
    pub fn drawn_annotations(&self) -> Vec<AnnotationDraw> {
        self.preview
            .as_ref()
            .map(|p| p.data.annotations.clone())
            .unwrap_or_default()
    }

    /// Starts drawing the page again when what it shows changed (one drawing at a time; the
    /// newest wins).
    fn refresh(
        &mut self,
        cx: &PaneContext<'_>,
        form: &ExportWindowState,
        map: impl FnOnce() -> crate::carto::MapSpec,
        ctx: &egui::Context,
    ) {
        let Some(loaded) = cx.loaded else {
            return;
        };
        let made = Made {
            map: cx.settings.map.clone(),
            title: form.title.clone(),
            size: page_size(form),
            basemap: form.basemap,
            view: cx.map_output.view,
            pdf: form.format == MapFormat::Pdf,
        };
        if self.job.is_some() || self.made.as_ref() == Some(&made) {
            return;
        }
        let (w, h) = made.size;
        let export =
            super::screen_export::map_export(cx, map(), w, h, form.title.trim(), form.basemap)
                .with_page(&cx.settings.map.page);
        let scene = loaded.scene.clone();
        let dataset = Arc::clone(&loaded.dataset);
        let pdf = form.format == MapFormat::Pdf;
        if let Ok(rx) = super::super::jobs::spawn_job("mise-en-page", ctx, move || {
            draw_page(&dataset, &scene, &export, pdf)
        }) {
            self.job = Some(rx);
            self.made = Some(made);
        }
    }

    /// The window, when open.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        cx: &PaneContext<'_>,
        form: &mut ExportWindowState,
        map: impl FnOnce() -> crate::carto::MapSpec,
        commands: &mut Commands,
    ) {
        self.poll(ctx, commands, &cx.settings.map);
        if !self.open {
            return;
        }
        self.refresh(cx, form, map, ctx);
        let mut open = self.open;
        egui::Window::new("Mise en page")
            .id(egui::Id::unique("mise-en-page"))
            .open(&mut open)
            // The page as large as the window allows: most of the screen.
            .default_size({
                let screen = ctx.content_rect();
                [
                    (screen.width() * 0.85).max(900.0),
                    (screen.height() * 0.85).max(600.0),
                ]
            })
            .resizable(true)
            .show(ctx, |ui| {
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(310.0);
                        egui::ScrollArea::vertical()
                            .id_salt("mise-en-page-reglages")
                            .show(ui, |ui| self.controls(ui, cx, form, commands));
                    });
                    ui.separator();
                    self.canvas(ui, cx, commands);
                });
            });
        self.open = open;
    }

    /// Format, margins, grid, the elements, the texts and the annotations.
    fn controls(
        &mut self,
        ui: &mut egui::Ui,
        cx: &PaneContext<'_>,
        form: &mut ExportWindowState,
        commands: &mut Commands,
    ) {
        let current = &cx.settings.map;
        let mut map = current.clone();
        ui.strong("Page");
        let shown = format_of(form);
        let mut picked = shown;
        let format = egui::ComboBox::from_id_salt("format-page")
            .selected_text(shown.label_fr())
            .show_ui(ui, |ui| {
                for f in PageFormat::CHOICES {
                    ui.selectable_value(&mut picked, f, f.label_fr());
                }
            });
        crate::ui::name_widget(&format.response, "Format de la page");
        if picked != shown {
            apply_format(form, picked);
            map.page.format = picked;
        }
        ui.horizontal(|ui| {
            ui.label("Marges :");
            ui.add(
                egui::DragValue::new(&mut map.page.margin_mm)
                    .range(0.0..=30.0)
                    .speed(0.5)
                    .fixed_decimals(0)
                    .suffix("\u{a0}mm"),
            );
        });
        let mut grid = map.page.grid > 0.0;
        if ui
            .checkbox(&mut grid, "Aligner sur une grille et sur les bords")
            .changed()
        {
            map.page.grid = if grid { 10.0 } else { 0.0 };
        }
        ui.add_space(6.0);
        ui.strong("Éléments");
        ui.label(
            egui::RichText::new(
                "Glissez un élément sur la page ; son coin bas-droit le redimensionne.",
            )
            .small(),
        );
        for element in PageElement::ALL {
            ui.horizontal(|ui| {
                let mut shown = map.page.shows(element);
                let check = ui.add_enabled(
                    element.can_hide(),
                    egui::Checkbox::new(&mut shown, element.label_fr()),
                );
                let check = if element.can_hide() {
                    check
                } else {
                    check.on_disabled_hover_text(
                        "Toujours sur la page : chaque chiffre porte sa source, et la carte est l'objet de la page.",
                    )
                };
                if check.changed() {
                    if shown {
                        map.page.hidden.remove(&element);
                    } else {
                        map.page.hidden.insert(element);
                    }
                }
                if map.page.moved.contains_key(&element)
                    && ui
                        .small_button("Place automatique")
                        .on_hover_text("Remettre l'élément où la mise en page automatique le met")
                        .clicked()
                {
                    map.page.moved.remove(&element);
                }
            });
        }
        if !map.page.moved.is_empty() && ui.button("Tout remettre en place automatique").clicked() {
            map.page.moved.clear();
        }
        ui.add_space(6.0);
        ui.strong("Textes");
        ui.label("Titre");
        ui.add(
            egui::TextEdit::singleline(&mut form.title)
                .hint_text("le titre de l'indicateur")
                .desired_width(290.0),
        );
        text_field(ui, "Sous-titre", &mut map.page.subtitle, "la maille");
        text_field(
            ui,
            "Titre de la légende",
            &mut map.page.legend_title,
            "le nom de l'indicateur",
        );
        text_field(ui, "Note avant les sources", &mut map.page.note, "aucune");
        ui.add_space(6.0);
        self.annotations_ui(ui, cx, &mut map, commands);
        if map != *current {
            commands.push(Command::SetMap(Box::new(map)));
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if let Some(p) = &self.preview
            && !p.data.warnings.is_empty()
        {
            ui.add_space(6.0);
            ui.strong("À vérifier sur la page");
            for w in p.data.warnings.iter().take(8) {
                ui.colored_label(ui.visuals().warn_fg_color, w);
            }
            if p.data.warnings.len() > 8 {
                ui.label(format!("… et {} autres", p.data.warnings.len() - 8));
            }
        }
    }

    /// The annotations: add one of each kind, edit, delete.
    fn annotations_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &PaneContext<'_>,
        map: &mut MapSettings,
        commands: &mut Commands,
    ) {
        ui.strong("Annotations");
        let view = self.preview.as_ref().map(|p| p.data.view);
        let centre = view.map(|v| v.center_lonlat());
        // Each new one a little aside from the last, so that none lands on another.
        let step = (map.annotations.len() % 6) as f64 * 0.035;
        let geo = |dx: f64, dy: f64| match (centre, view) {
            (Some(c), Some(v)) => {
                let f = v.frame();
                Place::Geo {
                    lon: c.x() + (dx + step) * f.width() * v.degrees_per_unit(),
                    lat: c.y() + (dy - step) * f.height() * v.degrees_per_unit() * 0.7,
                }
            }
            _ => Place::Frame {
                x: 0.5 + dx + step,
                y: 0.5 - dy + step,
            },
        };
        let mut added: Option<AnnotationKind> = None;
        ui.horizontal_wrapped(|ui| {
            if ui.button("Texte").clicked() {
                added = Some(AnnotationKind::Texte {
                    at: geo(-0.05, 0.05),
                    text: "Texte".into(),
                    size: DEFAULT_TEXT_SIZE,
                });
            }
            if ui.button("Bulle").clicked() {
                added = Some(AnnotationKind::Bulle {
                    target: geo(0.0, 0.0),
                    at: Place::Frame { x: 0.62, y: 0.2 },
                    text: "Bulle".into(),
                    size: DEFAULT_TEXT_SIZE,
                });
            }
            if ui.button("Flèche").clicked() {
                added = Some(AnnotationKind::Fleche {
                    from: geo(-0.12, 0.1),
                    to: geo(0.0, 0.0),
                    width: DEFAULT_LINE_WIDTH,
                });
            }
            if ui.button("Rectangle").clicked() {
                added = Some(AnnotationKind::Rectangle {
                    from: geo(-0.08, 0.06),
                    to: geo(0.08, -0.06),
                    width: DEFAULT_LINE_WIDTH,
                    filled: false,
                });
            }
            if ui.button("Ellipse").clicked() {
                added = Some(AnnotationKind::Ellipse {
                    from: geo(-0.08, 0.06),
                    to: geo(0.08, -0.06),
                    width: DEFAULT_LINE_WIDTH,
                    filled: false,
                });
            }
            let selected = cx.selection.map(|s| s.unit.clone());
            if ui
                .add_enabled(
                    selected.is_some(),
                    egui::Button::new("Surligner la sélection"),
                )
                .on_disabled_hover_text("Choisissez d'abord une unité sur la carte")
                .clicked()
                && let Some(unit) = selected
            {
                added = Some(AnnotationKind::Surlignage { unit, width: 3.0 });
            }
            if ui.button("Image…").clicked() {
                commands.push(Command::ChooseFile(FilePurpose::AnnotationImage));
            }
        });
        if let Some(kind) = added {
            let id = next_id(&map.annotations);
            map.annotations.push(Annotation {
                id,
                colour: DEFAULT_COLOUR,
                kind,
            });
            self.selected = Some(id);
        }
        let mut remove = None;
        for a in &mut map.annotations {
            let selected = self.selected == Some(a.id);
            egui::Frame::group(ui.style())
                .stroke(if selected {
                    ui.visuals().selection.stroke
                } else {
                    ui.visuals().widgets.noninteractive.bg_stroke
                })
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if ui
                            .selectable_label(selected, format!("{} n° {}", a.kind_fr(), a.id.0))
                            .clicked()
                        {
                            self.selected = Some(a.id);
                        }
                        let mut colour = a.colour;
                        if ui.color_edit_button_srgb(&mut colour).changed() {
                            a.colour = colour;
                        }
                        if ui.small_button("Supprimer").clicked() {
                            remove = Some(a.id);
                        }
                    });
                    edit_kind(ui, &mut a.kind);
                });
        }
        if let Some(id) = remove {
            map.annotations.retain(|a| a.id != id);
            if self.selected == Some(id) {
                self.selected = None;
            }
        }
    }

    /// The page as the export draws it, with its furniture and annotations to drag.
    fn canvas(&mut self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        let Some(preview) = &self.preview else {
            ui.label(if self.job.is_some() {
                "Dessin de la page…"
            } else {
                "La page s'affiche quand les données sont chargées."
            });
            return;
        };
        let data = &preview.data;
        let avail = ui.available_size();
        let k = (f64::from(avail.x) / data.page.0)
            .min(f64::from(avail.y.max(200.0)) / data.page.1)
            .max(0.05);
        let size = egui::vec2((data.page.0 * k) as f32, (data.page.1 * k) as f32);
        let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click_and_drag());
        self.shown = Some((rect, k, data.margin));
        let painter = ui.painter_at(rect);
        painter.image(
            preview.texture.id(),
            rect,
            egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
            egui::Color32::WHITE,
        );
        let m = data.margin;
        let to_screen = |r: Rect| {
            egui::Rect::from_min_max(
                rect.min + egui::vec2(((r.min.x + m) * k) as f32, ((r.min.y + m) * k) as f32),
                rect.min + egui::vec2(((r.max.x + m) * k) as f32, ((r.max.y + m) * k) as f32),
            )
        };
        let to_content = |p: egui::Pos2| {
            Pos::new(
                f64::from(p.x - rect.min.x) / k - m,
                f64::from(p.y - rect.min.y) / k - m,
            )
        };
        let content = (data.page.0 - 2.0 * m, data.page.1 - 2.0 * m);
        // What is under the pointer: an annotation first (topmost), then the furniture.
        let pick = |p: Pos| -> Option<(Target, Rect)> {
            for a in data.annotations.iter().rev() {
                if let AnnotationShape::Callout { leader, .. } = &a.shape
                    && leader.1.distance(p) < 8.0 / k
                {
                    let r = Rect::from_center_size(leader.1, 0.0, 0.0);
                    return Some((Target::CalloutPoint(a.id), r));
                }
                if let Some(b) = a.bounds()
                    && b.expand(4.0 / k).contains(p)
                {
                    return Some((Target::Annotation(a.id), b));
                }
            }
            data.furniture
                .iter()
                .filter_map(|i| i.element.map(|e| (e, i.rect)))
                // The map's frame last: everything else sits on it.
                .filter(|(e, r)| *e != PageElement::Carte && r.expand(2.0 / k).contains(p))
                .chain(
                    data.furniture
                        .iter()
                        .filter_map(|i| i.element.map(|e| (e, i.rect)))
                        .filter(|(e, r)| *e == PageElement::Carte && r.contains(p)),
                )
                .next()
                .map(|(e, r)| {
                    let corner = Pos::new(r.max.x, r.max.y).distance(p) < 10.0 / k;
                    (
                        Target::Element {
                            element: e,
                            resize: corner && e.resizable(),
                        },
                        r,
                    )
                })
        };
        // What the press was on (the drag starts once the pointer has moved a little).
        let pressed_at = ui
            .input(|i| i.pointer.press_origin())
            .or_else(|| response.interact_pointer_pos());
        if response.drag_started()
            && let Some(p) = pressed_at
            && let Some((target, start)) = pick(to_content(p))
        {
            self.drag = Some(Drag {
                target,
                start,
                delta: (0.0, 0.0),
            });
            if let Target::Annotation(id) | Target::CalloutPoint(id) = target {
                self.selected = Some(id);
            }
        }
        if response.clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            self.selected = match pick(to_content(p)) {
                Some((Target::Annotation(id) | Target::CalloutPoint(id), _)) => Some(id),
                _ => None,
            };
        }
        if let Some(drag) = &mut self.drag {
            let d = response.drag_delta();
            drag.delta.0 += f64::from(d.x) / k;
            drag.delta.1 += f64::from(d.y) / k;
        }
        // The boxes: the furniture dashed, the annotations' when selected, the one dragged.
        let thin = egui::Stroke::new(1.0, egui::Color32::from_rgb(0x2b, 0x6c, 0xb0));
        let hover = response.hover_pos().map(to_content).and_then(pick);
        for item in &data.furniture {
            let Some(e) = item.element else { continue };
            let hovered =
                matches!(hover, Some((Target::Element { element, .. }, _)) if element == e);
            if hovered {
                painter.rect_stroke(to_screen(item.rect), 0.0, thin, egui::StrokeKind::Outside);
                if e.resizable() {
                    let c = to_screen(item.rect).max;
                    painter.rect_filled(
                        egui::Rect::from_center_size(c, egui::vec2(8.0, 8.0)),
                        0.0,
                        thin.color,
                    );
                }
            }
        }
        for a in &data.annotations {
            if Some(a.id) == self.selected
                && let Some(b) = a.bounds()
            {
                painter.rect_stroke(to_screen(b), 0.0, thin, egui::StrokeKind::Outside);
            }
        }
        if let Some(drag) = self.drag {
            let moved = dragged_rect(&drag, content, cx.settings.map.page.grid);
            painter.rect_stroke(
                to_screen(moved),
                0.0,
                egui::Stroke::new(2.0, thin.color),
                egui::StrokeKind::Outside,
            );
        }
        if response.drag_stopped()
            && let Some(drag) = self.drag.take()
        {
            let mut map = cx.settings.map.clone();
            apply_drag(&mut map, &drag, content, data.view);
            if map != cx.settings.map {
                commands.push(Command::SetMap(Box::new(map)));
            }
        }
    }
}

/// Where a dragged box lands (content units), snapped for the furniture.
fn dragged_rect(drag: &Drag, content: (f64, f64), grid: f64) -> Rect {
    let (dx, dy) = drag.delta;
    match drag.target {
        Target::Element {
            resize: true,
            element,
        } => snapped_resize(drag.start, dx, dy, content, grid, min_size(element)),
        Target::Element { .. } => snapped_move(drag.start, dx, dy, content, grid),
        Target::Annotation(_) | Target::CalloutPoint(_) => drag.start.translate(dx, dy),
    }
}

/// The least size of a resized element (content units).
fn min_size(element: PageElement) -> f64 {
    match element {
        PageElement::Carte => 120.0,
        _ => 40.0,
    }
}

/// A finished drag as a change of the map's settings.
fn apply_drag(map: &mut MapSettings, drag: &Drag, content: (f64, f64), view: ViewTransform) {
    let (dx, dy) = drag.delta;
    match drag.target {
        Target::Element { element, .. } => {
            let r = dragged_rect(drag, content, map.page.grid);
            map.page.moved.insert(element, FracRect::of(r, content));
        }
        Target::Annotation(id) => {
            if let Some(a) = map.annotations.iter_mut().find(|a| a.id == id) {
                *a = a.moved_by(dx, dy, &view, false);
            }
        }
        Target::CalloutPoint(id) => {
            if let Some(a) = map.annotations.iter_mut().find(|a| a.id == id)
                && let AnnotationKind::Bulle { target, .. } = &mut a.kind
            {
                let at = target.resolve(&view);
                *target = target.moved_to(Pos::new(at.x + dx, at.y + dy), &view);
            }
        }
    }
}

/// An optional text: the user's, or the automatic one (shown as the hint) when empty.
fn text_field(ui: &mut egui::Ui, label: &str, value: &mut Option<String>, automatic: &str) {
    ui.label(label);
    let mut text = value.clone().unwrap_or_default();
    let edit = ui.add(
        egui::TextEdit::singleline(&mut text)
            .hint_text(automatic)
            .desired_width(290.0),
    );
    if edit.changed() {
        *value = (!text.is_empty()).then_some(text);
    }
}

/// The fields of one annotation: its text, its size, its line, its fill.
fn edit_kind(ui: &mut egui::Ui, kind: &mut AnnotationKind) {
    match kind {
        AnnotationKind::Texte { text, size, .. } | AnnotationKind::Bulle { text, size, .. } => {
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(2)
                    .desired_width(280.0),
            );
            ui.horizontal(|ui| {
                ui.label("Taille :");
                ui.add(egui::DragValue::new(size).range(8.0..=72.0).speed(0.5));
            });
        }
        AnnotationKind::Fleche { width, .. } | AnnotationKind::Surlignage { width, .. } => {
            ui.horizontal(|ui| {
                ui.label("Épaisseur :");
                ui.add(egui::DragValue::new(width).range(0.5..=12.0).speed(0.1));
            });
        }
        AnnotationKind::Rectangle { width, filled, .. }
        | AnnotationKind::Ellipse { width, filled, .. } => {
            ui.horizontal(|ui| {
                ui.label("Épaisseur :");
                ui.add(egui::DragValue::new(width).range(0.5..=12.0).speed(0.1));
                ui.checkbox(filled, "Fond léger");
            });
        }
        AnnotationKind::Image { width, .. } => {
            ui.horizontal(|ui| {
                ui.label("Largeur :");
                ui.add(egui::DragValue::new(width).range(20.0..=600.0).speed(1.0));
            });
        }
    }
}

/// Draws the page with the export's code and reads back what it says of itself.
fn draw_page(
    dataset: &Dataset,
    scene: &MapScene,
    export: &MapExport,
    pdf: bool,
) -> Result<PreviewData, String> {
    super::super::jobs::catch_panic(|| {
        let (svg, mut facts) = crate::export::map_page(dataset, scene, export);
        // Checked as the exported page will be: a PDF in points, a PNG or an SVG in pixels.
        if pdf {
            facts.min_text = crate::carto::layout_check::MIN_PAPER_TEXT_PT;
        }
        let warnings = crate::carto::layout_check::check("page", &facts, dataset, scene)
            .into_iter()
            .map(|m| m.trim_start_matches("page : ").to_owned())
            .collect();
        let page = (export.width, export.height);
        let scale = (PREVIEW_PX / page.0.max(page.1)) as f32;
        let (width, height, rgba) =
            crate::export::render::pixels(&svg, scale).map_err(|e| e.to_string())?;
        Ok(PreviewData {
            width,
            height,
            rgba,
            page,
            margin: export.page.margin(page),
            furniture: facts.furniture,
            annotations: facts.composition.annotations.clone(),
            view: facts.composition.view,
            warnings,
        })
    })
    .and_then(|r| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_format_picked_sets_the_export_and_reads_back_as_itself() {
        let mut form = ExportWindowState::default();
        assert_eq!(
            format_of(&form),
            PageFormat::Libre {
                largeur: 1600.0,
                hauteur: 1200.0
            },
            "the export tab's default size is a free page"
        );
        for f in PageFormat::CHOICES {
            apply_format(&mut form, f);
            assert_eq!(format_of(&form), f, "{}", f.label_fr());
        }
        // A PDF takes the paper; a slide has none: it is written as pixels.
        form.format = MapFormat::Pdf;
        apply_format(&mut form, PageFormat::A3Portrait);
        assert_eq!(form.paper, crate::carto::paper::Paper::A3Portrait);
        apply_format(&mut form, PageFormat::Diapositive);
        assert_eq!(form.format, MapFormat::Png);
        assert_eq!((form.width_px, form.height_px), (1920, 1080));
    }

    #[test]
    fn a_dropped_element_is_the_users_and_a_callout_point_moves_alone() {
        let view = ViewTransform::new(
            geo::Point::new(2.0, 46.5),
            5.0,
            Rect::from_min_size(Pos::new(0.0, 0.0), 800.0, 600.0),
        );
        let content = (800.0, 600.0);
        let mut map = MapSettings::default();
        let start = Rect::from_min_size(Pos::new(100.0, 100.0), 200.0, 80.0);
        let drag = Drag {
            target: Target::Element {
                element: PageElement::Legende,
                resize: false,
            },
            start,
            delta: (52.0, 21.0),
        };
        apply_drag(&mut map, &drag, content, view);
        let placed = map.page.moved[&PageElement::Legende].rect(content);
        // Snapped to the 10-point grid.
        assert_eq!(placed.min, Pos::new(150.0, 120.0));
        map.annotations.push(Annotation {
            id: AnnotationId(1),
            colour: DEFAULT_COLOUR,
            kind: AnnotationKind::Bulle {
                target: Place::Geo {
                    lon: 2.0,
                    lat: 46.5,
                },
                at: Place::Frame { x: 0.1, y: 0.1 },
                text: "ici".into(),
                size: 14.0,
            },
        });
        let point = Drag {
            target: Target::CalloutPoint(AnnotationId(1)),
            start: Rect::from_center_size(Pos::new(400.0, 300.0), 0.0, 0.0),
            delta: (40.0, 0.0),
        };
        apply_drag(&mut map, &point, content, view);
        let AnnotationKind::Bulle { target, at, .. } = &map.annotations[0].kind else {
            panic!("a callout");
        };
        assert!((target.resolve(&view).x - 440.0).abs() < 1e-6);
        assert_eq!(*at, Place::Frame { x: 0.1, y: 0.1 }, "its box stays");
    }
}
