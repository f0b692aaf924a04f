//! The views pane ("vues"), a tab of the bottom dock: the saved views listed, added from the
//! map as it is, reordered, renamed, written to and read from a file; a view shown or
//! presented is asked of the app.

use walkers::{MapMemory, lon_lat};

use super::super::command::Command;
use super::super::context::{Commands, PaneContext};
use super::super::places::FRANCE_CENTER;
use crate::carto::MapSettings;
use crate::model::views::bookmarks::{self, Bookmark};
use crate::model::{Generation, LayerKind, UnitRef};
use crate::ui::views_window::{ViewsCommand, ViewsWindowState, views_window_ui};

/// The tab's form.
#[derive(Default)]
pub struct ViewsPane {
    pub window: ViewsWindowState,
}

/// A change of the saved views (they are the settings').
#[derive(Clone, Debug, PartialEq)]
pub enum ViewEdit {
    /// A view added at the end; it becomes the current one.
    Add(Box<Bookmark>),
    /// Views read from a file, added at the end.
    Extend(Vec<Bookmark>),
    /// One place up (or down).
    Move(usize, bool),
    Delete(usize),
    Rename(usize, String),
}

impl ViewEdit {
    /// Applies the change to the saved views and the current one.
    pub fn apply(self, views: &mut Vec<Bookmark>, current: &mut Option<usize>) {
        match self {
            ViewEdit::Add(view) => {
                views.push(*view);
                *current = Some(views.len() - 1);
            }
            ViewEdit::Extend(more) => views.extend(more),
            ViewEdit::Move(i, up) => {
                let to = bookmarks::move_view(views, i, up);
                if *current == Some(i) {
                    *current = Some(to);
                }
            }
            ViewEdit::Delete(i) => {
                if i < views.len() {
                    views.remove(i);
                    *current = None;
                }
            }
            ViewEdit::Rename(i, name) => {
                if let Some(view) = views.get_mut(i) {
                    view.name = name;
                }
            }
        }
    }
}

/// The current map as a view named `name`.
pub fn capture_view(cx: &PaneContext<'_>, name: &str) -> Bookmark {
    let centre = cx
        .map_centre
        .unwrap_or(lon_lat(FRANCE_CENTER.0, FRANCE_CENTER.1));
    let s = &cx.settings.map;
    Bookmark {
        name: name.to_owned(),
        centre: [centre.x(), centre.y()],
        zoom: cx.map_zoom,
        territory: cx
            .selected_territory()
            .filter(|t| t.generation == Generation::Temps2)
            .map(|t| t.id.clone()),
        maille: s.maille,
        indicator: s.indicator.clone(),
        method: s.method,
        classes: s.classes,
        manual_breaks: s.manual_breaks.clone(),
        palette: s.palette,
        frozen_breaks: s.frozen_breaks.clone(),
        layers: LayerKind::ALL
            .into_iter()
            .filter(|&k| s.visible(k))
            .collect(),
        labels: s.labels.clone(),
        typology: s.typology.clone().filter(|_| !s.bivariate.on),
    }
}

/// Shows a view on the map: extent, layers, indicator and classes; returns the unit to select
/// (the view's territory).
pub fn show_view(view: &Bookmark, s: &mut MapSettings, memory: &mut MapMemory) -> Option<UnitRef> {
    s.maille = view.maille;
    s.indicator = view.indicator.clone();
    s.method = view.method;
    s.classes = view.classes;
    s.manual_breaks = view.manual_breaks.clone();
    s.palette = view.palette;
    s.frozen_breaks = view.frozen_breaks.clone();
    for kind in LayerKind::ALL {
        *s.visible_mut(kind) = view.layers.contains(&kind);
    }
    s.labels = view.labels.clone();
    s.typology = view.typology.clone();
    if s.typology.is_some() {
        s.bivariate.on = false;
    }
    memory.center_at(lon_lat(view.centre[0], view.centre[1]));
    let _ = memory.set_zoom(view.zoom);
    view.territory.as_ref().map(UnitRef::territory)
}

impl ViewsPane {
    /// The views tab of the bottom dock.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &PaneContext<'_>, commands: &mut Commands) {
        let views = &cx.settings.bookmarks;
        let command = views_window_ui(ui, &mut self.window, views, cx.current_view);
        commands.extend(self.command_of(command, cx));
    }

    /// What the app is asked to do for a click of the tab; a file written or read here.
    fn command_of(&mut self, command: ViewsCommand, cx: &PaneContext<'_>) -> Option<Command> {
        let views = &cx.settings.bookmarks;
        match command {
            ViewsCommand::None => None,
            ViewsCommand::Add(name) => Some(Command::EditViews(ViewEdit::Add(Box::new(
                capture_view(cx, &name),
            )))),
            ViewsCommand::Go(i) => Some(Command::GoToView(i)),
            ViewsCommand::Move(i, up) => Some(Command::EditViews(ViewEdit::Move(i, up))),
            ViewsCommand::Delete(i) => Some(Command::EditViews(ViewEdit::Delete(i))),
            ViewsCommand::Rename(i, name) => Some(Command::EditViews(ViewEdit::Rename(i, name))),
            ViewsCommand::Export => {
                let path = std::path::PathBuf::from(self.window.path.trim());
                let text = bookmarks::to_json(views);
                self.window.message = Some(
                    crate::io::output::write(
                        &path,
                        crate::io::output::OutputKind::Json,
                        text.as_bytes(),
                    )
                    .map(|()| format!("{} vue(s) écrite(s) dans {}", views.len(), path.display()))
                    .map_err(|e| e.to_string()),
                );
                None
            }
            ViewsCommand::Import => {
                let path = std::path::PathBuf::from(self.window.path.trim());
                let name = path.display().to_string();
                let result = crate::io::read_file::read_capped(
                    &path,
                    crate::io::read_file::MAX_SMALL_FILE_BYTES * 16,
                )
                .map_err(|e| format!("{name} : {e}"))
                .and_then(|bytes| bookmarks::from_json(&String::from_utf8_lossy(&bytes), &name));
                match result {
                    Ok(read) => {
                        let n = read.len();
                        self.window.message =
                            Some(Ok(format!("{n} vue(s) ajoutée(s) depuis {name}")));
                        Some(Command::EditViews(ViewEdit::Extend(read)))
                    }
                    Err(e) => {
                        self.window.message = Some(Err(e));
                        None
                    }
                }
            }
            ViewsCommand::Present(i) => Some(Command::Present {
                on: true,
                start: Some(i),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::World;
    use super::*;

    fn view(name: &str) -> Bookmark {
        let world = World::default();
        capture_view(&world.cx(), name)
    }

    #[test]
    fn a_captured_view_shows_again_what_was_on_the_map() {
        let mut world = World::default();
        let t = world.select_a_territory();
        world.settings.map.indicator = Some("population".into());
        world.settings.map.show_ti2018 = true;
        let captured = capture_view(&world.cx(), "Ma vue");
        assert_eq!(captured.name, "Ma vue");
        assert_eq!(captured.territory, Some(t.id.clone()));
        let mut settings = MapSettings::default();
        let mut memory = MapMemory::default();
        let unit = show_view(&captured, &mut settings, &mut memory);
        assert_eq!(unit, Some(UnitRef::territory(&t.id)));
        assert_eq!(
            settings
                .indicator
                .as_ref()
                .map(crate::model::IndicatorId::as_str),
            Some("population")
        );
        assert!(settings.show_ti2018);
        assert_eq!(memory.zoom(), captured.zoom);
        // A typology made from classes is kept by the view, and shown again over a bivariate
        // map (which it replaces).
        use crate::model::typology::TypologyChoice;
        use crate::model::typology::from_classes::{ClassTypes, parse_types};
        let types = TypologyChoice::from_classes(ClassTypes {
            types: parse_types("fragile=1-1").expect("types"),
            ..ClassTypes::default()
        });
        world.settings.map.typology = Some(types.clone());
        let captured = capture_view(&world.cx(), "Types");
        settings.bivariate.on = true;
        show_view(&captured, &mut settings, &mut memory);
        assert_eq!(settings.typology, Some(types));
        assert!(!settings.bivariate.on);
    }

    #[test]
    fn edits_keep_the_current_view_on_the_view_it_was() {
        let mut views = vec![view("A"), view("B")];
        let mut current = None;
        ViewEdit::Add(Box::new(view("C"))).apply(&mut views, &mut current);
        assert_eq!(current, Some(2), "the added view is the current one");
        ViewEdit::Move(2, true).apply(&mut views, &mut current);
        assert_eq!(current, Some(1));
        assert_eq!(views[1].name, "C");
        ViewEdit::Rename(0, "Alpha".into()).apply(&mut views, &mut current);
        assert_eq!(views[0].name, "Alpha");
        ViewEdit::Extend(vec![view("D")]).apply(&mut views, &mut current);
        assert_eq!(views.len(), 4);
        assert_eq!(current, Some(1));
        ViewEdit::Delete(9).apply(&mut views, &mut current);
        assert_eq!(
            (views.len(), current),
            (4, Some(1)),
            "no such view: nothing"
        );
        ViewEdit::Delete(0).apply(&mut views, &mut current);
        assert_eq!((views.len(), current), (3, None));
    }

    #[test]
    fn the_tabs_clicks_become_commands_and_a_bad_file_is_named() {
        let world = World::default();
        let mut pane = ViewsPane::default();
        assert_eq!(
            pane.command_of(ViewsCommand::Go(1), &world.cx()),
            Some(Command::GoToView(1))
        );
        assert_eq!(
            pane.command_of(ViewsCommand::Present(0), &world.cx()),
            Some(Command::Present {
                on: true,
                start: Some(0)
            })
        );
        assert!(matches!(
            pane.command_of(ViewsCommand::Add("X".into()), &world.cx()),
            Some(Command::EditViews(ViewEdit::Add(v))) if v.name == "X"
        ));
        pane.window.path = "/nonexistent/vues.json".into();
        assert_eq!(pane.command_of(ViewsCommand::Import, &world.cx()), None);
        let message = pane.window.message.clone().expect("a message");
        assert!(message.is_err_and(|e| e.starts_with("/nonexistent/vues.json")));
    }
}
