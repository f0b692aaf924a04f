//! The map as a walkers plugin: the pointer picks a feature (hover, click), the composition is
//! built for this frame's view, and the painter draws it.

use egui::{Response, Ui};

use super::mesh_cache::MeshStore;
use super::painter::{carto_rect, paint};
use crate::carto::insets::left_column;
use crate::carto::{
    Composition, LayerId, MapFrames, MapScene, MapSpec, Rect, ViewTransform, compose_frames,
};

/// What one frame of the map saw: the view, the unit under the pointer, a click.
#[derive(Clone, Debug, Default)]
pub struct MapFrameOutput {
    pub view: Option<ViewTransform>,
    /// The main view and the insets drawn.
    pub frames: Option<MapFrames>,
    pub hovered: Option<(LayerId, usize)>,
    /// A click on a feature (layer, index), or on no feature (`Some(None)`).
    pub clicked: Option<Option<(LayerId, usize)>>,
    /// The composition drawn (for tests and for the exports of this view).
    pub composition: Option<Composition>,
}

/// Everything a frame of the map reads, and where it writes what it saw.
pub struct MapPlugin<'a> {
    pub scene: &'a MapScene,
    pub spec: &'a MapSpec,
    pub meshes: &'a MeshStore,
    /// Layers in the order a click picks them (topmost first).
    pub pick_order: &'a [LayerId],
    /// Boxes over the map that names must not cover (legend, buttons).
    pub furniture: &'a [Rect],
    /// Heights kept free above and below the insets' column (buttons over the map).
    pub inset_margins: (f64, f64),
    pub out: &'a mut MapFrameOutput,
}

/// The view of a walkers map this frame (walkers' default Web-Mercator projection).
pub fn view_of(projector: &walkers::Projector<'_>) -> ViewTransform {
    let rect = projector.clip_rect();
    let centre = projector.unproject(rect.center().to_vec2());
    ViewTransform::new(centre, projector.zoom(), carto_rect(rect))
}

impl walkers::Plugin for MapPlugin<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &walkers::Projector<'_>,
        _map_memory: &walkers::MapMemory,
    ) {
        let this = *self;
        let view = view_of(projector);
        let areas = this.spec.insets.areas().len();
        let (top, bottom) = this.inset_margins;
        let column = left_column(view.frame(), top, bottom, areas, this.spec.scale);
        let frames = this.spec.frames(view, column);
        // A point of an inset is picked through the inset's view.
        let pick = |pos: egui::Pos2| {
            let p = crate::carto::Pos::new(f64::from(pos.x), f64::from(pos.y));
            let lonlat = frames.view_at(p)?.lonlat_from_frame(p);
            this.meshes.pick(this.pick_order, lonlat)
        };
        let hovered = response.hover_pos().and_then(pick);
        if response.clicked() {
            this.out.clicked = Some(response.interact_pointer_pos().and_then(pick));
        }
        let mut spec = this.spec.clone();
        spec.hovered = hovered;
        let composition = compose_frames(this.scene, &spec, &frames, this.furniture);
        let painter = ui.painter().with_clip_rect(response.rect);
        paint(&painter, &composition, this.meshes);
        super::annotation_paint::paint_annotations(&painter, &composition, this.meshes);
        this.out.view = Some(view);
        this.out.frames = Some(frames);
        this.out.hovered = hovered;
        this.out.composition = Some(composition);
    }
}
