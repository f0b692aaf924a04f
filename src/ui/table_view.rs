//! "Tableau des valeurs": every unit of the current maille with the current indicator, sortable
//! by any column, filterable, navigable with the keyboard (↑ ↓ Page↑ Page↓ Début Fin, Entrée
//! opens the unit on the map). The accessible alternative to the map.

use egui::{Color32, Key, RichText};

use crate::model::indicators::Value;
use crate::model::indicators::table_sort::{SortState, sorted_order};
use crate::model::indicators::value_table::{COLUMNS, ValueRow, column_is_numeric};
use crate::model::text::fold;

/// Two lines of text: a name or a région too long for its column wraps onto the second line
/// (between words), never cut.
const ROW_HEIGHT: f32 = 36.0;
const HEADER_HEIGHT: f32 = 20.0;
/// Preferred widths of the columns (see [`COLUMNS`]); the name and région columns give way
/// first when the dock is narrow, so the values are never cut.
const WIDTHS: [f32; 7] = [44.0, 230.0, 84.0, 150.0, 130.0, 54.0, 130.0];
/// Narrowest the name and région columns get (beyond, the table scrolls sideways).
const MIN_NAME: f32 = 150.0;
const MIN_REGION: f32 = 70.0;

/// The columns' widths for `available` points: the preferred ones when they fit, else the
/// name and région columns narrowed (never below their minimum), the others kept whole.
pub fn column_widths(available: f32, spacing: f32, second: bool) -> [f32; 7] {
    let mut w = WIDTHS;
    if !second {
        w[6] = 0.0;
    }
    let columns = if second { 7.0 } else { 6.0 };
    let total: f32 = w.iter().sum::<f32>() + spacing * columns;
    let excess = total - available;
    if excess > 0.0 {
        let room = (w[1] - MIN_NAME) + (w[3] - MIN_REGION);
        let cut = excess.min(room);
        let share = (w[1] - MIN_NAME) / room.max(1.0);
        w[1] -= cut * share;
        w[3] -= cut * (1.0 - share);
    }
    w
}

/// What the table shows.
pub struct TableViewInput<'a> {
    pub title: &'a str,
    pub unit: &'a str,
    pub rows: &'a [ValueRow],
    /// The second indicator of a bivariate map (label, unit): a "Valeur 2" column.
    pub second: Option<(&'a str, &'a str)>,
    /// Class colours of the map (empty without a map).
    pub colours: &'a [Color32],
    pub missing_colour: Color32,
    /// Changes whenever `rows` change (maille, indicator, classes): invalidates the cached order.
    pub generation: u64,
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum TableAction {
    None,
    /// The highlighted row changed (unit index in the layer).
    Highlight(usize),
    /// Enter or double click: show this unit on the map and open its sheet.
    Open(usize),
}

/// Kept between frames.
pub struct TableViewState {
    pub sort: SortState,
    pub filter: String,
    /// Highlighted unit (layer index).
    pub highlighted: Option<usize>,
    cache: Option<(u64, SortState, String, Vec<usize>)>,
    scroll_to_highlight: bool,
    /// The table takes the arrow keys (after a click in it, until a text field has focus).
    keyboard: bool,
}

impl Default for TableViewState {
    fn default() -> Self {
        TableViewState {
            sort: SortState {
                column: 0,
                descending: false,
            },
            filter: String::new(),
            highlighted: None,
            cache: None,
            scroll_to_highlight: false,
            keyboard: false,
        }
    }
}

impl TableViewState {
    /// Whether the table takes the arrow keys (the map then leaves them).
    pub fn takes_keys(&self) -> bool {
        self.keyboard
    }

    /// Row indices in display order (sorted, filtered), recomputed only when something changed.
    /// `generation` changes whenever `rows` change.
    pub fn order(&mut self, rows: &[ValueRow], generation: u64) -> &[usize] {
        let fresh = matches!(&self.cache, Some((g, s, f, _))
            if *g == generation && *s == self.sort && *f == self.filter);
        if !fresh {
            let cells: Vec<_> = rows.iter().map(ValueRow::sort_cells).collect();
            let needle = fold(self.filter.trim());
            let order = sorted_order(&cells, self.sort)
                .into_iter()
                .filter(|&i| {
                    needle.is_empty()
                        || rows.get(i).is_some_and(|r| {
                            fold(&r.name).contains(&needle)
                                || fold(&r.code).contains(&needle)
                                || fold(&r.region).contains(&needle)
                        })
                })
                .collect();
            self.cache = Some((generation, self.sort, self.filter.clone(), order));
        }
        self.cache.as_ref().map_or(&[], |c| c.3.as_slice())
    }
}

fn value_text(v: &Value, unit: &str) -> (String, Option<String>) {
    (
        crate::sheet::value_text(v, unit),
        crate::sheet::text::value_reason(v).map(str::to_owned),
    )
}

/// Draws the table.
pub fn table_view_ui(
    ui: &mut egui::Ui,
    input: &TableViewInput<'_>,
    state: &mut TableViewState,
) -> TableAction {
    let mut action = TableAction::None;
    ui.horizontal_wrapped(|ui| {
        if input.second.is_some() {
            ui.small("Valeur :");
        }
        ui.strong(input.title);
        ui.small(input.unit);
        if let Some((title, unit)) = input.second {
            ui.small("— Valeur 2 :");
            ui.strong(title);
            ui.small(unit);
        }
    });
    let second = input.second.is_some();
    let widths = column_widths(ui.available_width(), ui.spacing().item_spacing.x, second);
    ui.horizontal(|ui| {
        ui.label("Filtrer :");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("nom, code ou région")
                .desired_width(220.0),
        );
    });
    // What ranks are out of: the units with a value.
    let ranked = input.rows.iter().filter(|r| r.rank.is_some()).count();
    // Header: a click sorts by the column (again: reverses).
    let shown_columns = if second {
        COLUMNS.len()
    } else {
        COLUMNS.len() - 1
    };
    ui.horizontal(|ui| {
        for (c, name) in COLUMNS.iter().enumerate().take(shown_columns) {
            let arrow = match (state.sort.column == c, state.sort.descending) {
                (true, true) => " ▼",
                (true, false) => " ▲",
                _ => "",
            };
            let w = widths.get(c).copied().unwrap_or(80.0);
            // The arrows are in the monospace font (the proportional one has no ▲ ▼).
            let mut job = egui::text::LayoutJob::default();
            let style = ui.style();
            RichText::new(*name).small().append_to(
                &mut job,
                style,
                egui::FontSelection::Default,
                egui::Align::Center,
            );
            RichText::new(arrow).small().monospace().append_to(
                &mut job,
                style,
                egui::FontSelection::Default,
                egui::Align::Center,
            );
            let hover = if c == 0 {
                format!("Rang sur {ranked} (1 = la plus forte valeur) — trier par cette colonne")
            } else {
                "Trier par cette colonne".to_owned()
            };
            if ui
                .add_sized([w, HEADER_HEIGHT], egui::Button::new(job))
                .on_hover_text(hover)
                .clicked()
            {
                state.sort = state.sort.clicked(c, column_is_numeric(c));
            }
        }
    });
    let order: Vec<usize> = state.order(input.rows, input.generation).to_vec();
    let position = state.highlighted.and_then(|u| {
        order
            .iter()
            .position(|&i| input.rows.get(i).is_some_and(|r| r.unit == u))
    });

    // Keyboard: once a row was clicked (until a click elsewhere or a text field takes the keys),
    // or while the body has the focus (Tab reaches it); the arrows then move the highlight.
    let body_id = ui.make_persistent_id("tableau-valeurs-corps");
    let clicked_elsewhere = ui.input(|i| {
        i.pointer.any_pressed()
            && i.pointer
                .interact_pos()
                .is_some_and(|p| !ui.clip_rect().contains(p))
    });
    let focused = ui.memory(|m| m.has_focus(body_id));
    if clicked_elsewhere || (ui.ctx().egui_wants_keyboard_input() && !focused) {
        state.keyboard = false;
    }
    if focused {
        state.keyboard = true;
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                body_id,
                egui::EventFilter {
                    vertical_arrows: true,
                    ..Default::default()
                },
            )
        });
    }
    if state.keyboard && !order.is_empty() {
        let page = 15usize;
        let last = order.len() - 1;
        let current = position.unwrap_or(0);
        let next = ui.input(|i| {
            if i.key_pressed(Key::ArrowDown) {
                Some(if position.is_none() {
                    0
                } else {
                    (current + 1).min(last)
                })
            } else if i.key_pressed(Key::ArrowUp) {
                Some(current.saturating_sub(1))
            } else if i.key_pressed(Key::PageDown) {
                Some((current + page).min(last))
            } else if i.key_pressed(Key::PageUp) {
                Some(current.saturating_sub(page))
            } else if i.key_pressed(Key::Home) {
                Some(0)
            } else if i.key_pressed(Key::End) {
                Some(last)
            } else {
                None
            }
        });
        if let Some(p) = next
            && let Some(row) = order.get(p).and_then(|&i| input.rows.get(i))
        {
            state.highlighted = Some(row.unit);
            state.scroll_to_highlight = true;
            action = TableAction::Highlight(row.unit);
        }
        if ui.input(|i| i.key_pressed(Key::Enter))
            && let Some(u) = state.highlighted
        {
            action = TableAction::Open(u);
        }
    }
    let position = state.highlighted.and_then(|u| {
        order
            .iter()
            .position(|&i| input.rows.get(i).is_some_and(|r| r.unit == u))
    });

    let missing = input
        .rows
        .iter()
        .filter(|r| r.value.as_f64().is_none())
        .count();
    let footer_height = 22.0;
    let mut scroll = egui::ScrollArea::vertical()
        .max_height((ui.available_height() - footer_height).max(ROW_HEIGHT * 3.0))
        .auto_shrink([false, false]);
    if state.scroll_to_highlight
        && let Some(p) = position
    {
        scroll = scroll.vertical_scroll_offset((p as f32 - 5.0).max(0.0) * (ROW_HEIGHT + 2.0));
        state.scroll_to_highlight = false;
    }
    let spacing = ui.spacing().item_spacing.y;
    let body = scroll.show_rows(ui, ROW_HEIGHT, order.len(), |ui, range| {
        for p in range {
            let Some(row) = order.get(p).and_then(|&i| input.rows.get(i)) else {
                continue;
            };
            let selected = state.highlighted == Some(row.unit);
            let frame = egui::Frame::NONE.fill(if selected {
                ui.visuals().selection.bg_fill
            } else {
                Color32::TRANSPARENT
            });
            let inner = frame.show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.set_height(ROW_HEIGHT - spacing);
                    // Left-aligned, centred in the row's height, wrapped between words (a
                    // sized widget would stretch the text to the cell's width).
                    let cell = |ui: &mut egui::Ui, c: usize, text: String| {
                        let w = widths.get(c).copied().unwrap_or(80.0);
                        ui.allocate_ui_with_layout(
                            egui::vec2(w, ROW_HEIGHT - spacing),
                            egui::Layout::left_to_right(egui::Align::Center),
                            |ui| {
                                ui.set_width(w);
                                ui.add(egui::Label::new(text).wrap())
                            },
                        )
                        .inner
                    };
                    cell(ui, 0, row.rank.map(|r| r.to_string()).unwrap_or_default());
                    cell(ui, 1, row.name.clone());
                    cell(ui, 2, row.code.clone());
                    cell(ui, 3, row.region.clone());
                    let (text, why) = value_text(&row.value, input.unit);
                    let r = cell(ui, 4, text);
                    if let Some(why) = why {
                        r.on_hover_text(why);
                    }
                    // The class column keeps its width, so that "Valeur 2" lines up.
                    let class_start = ui.cursor().min.x;
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(16.0, 12.0), egui::Sense::hover());
                    let colour = row
                        .class
                        .and_then(|c| input.colours.get(c).copied())
                        .unwrap_or(input.missing_colour);
                    if !input.colours.is_empty() {
                        ui.painter().rect_filled(rect, 2.0, colour);
                        ui.label(
                            RichText::new(
                                row.class.map(|c| (c + 1).to_string()).unwrap_or_default(),
                            )
                            .small(),
                        );
                    }
                    let used = ui.cursor().min.x - class_start;
                    let class_w = widths.get(5).copied().unwrap_or(54.0);
                    ui.add_space((class_w - used).max(0.0));
                    if let (Some(v), Some((_, unit))) = (&row.second, input.second) {
                        let (text, why) = value_text(v, unit);
                        let r = cell(ui, 6, text);
                        if let Some(why) = why {
                            r.on_hover_text(why);
                        }
                    }
                });
            });
            let response = ui.interact(
                inner.response.rect,
                body_id.with(row.unit),
                // Clickable but not focusable (the body is the table's focusable widget).
                egui::Sense::CLICK,
            );
            if response.clicked() {
                state.highlighted = Some(row.unit);
                action = TableAction::Highlight(row.unit);
                state.keyboard = true;
            }
            if response.double_clicked() {
                action = TableAction::Open(row.unit);
            }
        }
    });
    // For screen readers: what the table is, and the highlighted row.
    let focus = ui.interact(body.inner_rect, body_id, egui::Sense::FOCUSABLE);
    let highlighted = position
        .and_then(|p| {
            order
                .get(p)
                .and_then(|&i| input.rows.get(i))
                .map(|r| (p, r))
        })
        .map(|(p, r)| {
            format!(
                " ; ligne {} : {}, {}",
                p + 1,
                r.name,
                value_text(&r.value, input.unit).0
            )
        })
        .unwrap_or_default();
    let label = format!(
        "Tableau : {}, {} lignes{highlighted}",
        input.title,
        order.len()
    );
    focus.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Table, true, &label));
    if focus.has_focus() || state.keyboard {
        ui.painter().rect_stroke(
            body.inner_rect,
            0.0,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Inside,
        );
    }
    ui.small(format!(
        "{} lignes affichées sur {} — {} sans valeur — rangs sur {ranked}",
        order.len(),
        input.rows.len(),
        missing
    ));
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_column_keeps_its_width_in_a_narrow_dock() {
        let wide = column_widths(1400.0, 8.0, false);
        assert_eq!(wide[1], WIDTHS[1]);
        // 620 points: the name and région columns give way, the value column does not.
        let narrow = column_widths(620.0, 8.0, false);
        assert_eq!(narrow[4], WIDTHS[4]);
        assert!(narrow[1] < WIDTHS[1] && narrow[1] >= MIN_NAME);
        let total: f32 = narrow.iter().sum::<f32>() + 8.0 * 6.0;
        assert!(total <= 620.0 + 0.5, "{total}");
        // A bivariate map adds the second value, whole.
        let pair = column_widths(700.0, 8.0, true);
        assert_eq!(pair[6], WIDTHS[6]);
    }
}
