//! The search field of the top bar: results under it as one types, arrows to move, Enter or a
//! click to choose, Échap to close.

use egui::{Key, RichText};

use crate::model::views::search::{SearchHit, SearchIndex};

/// How many results the list shows.
pub const MAX_RESULTS: usize = 12;

/// What the field keeps between frames.
#[derive(Default)]
pub struct SearchBoxState {
    pub text: String,
    /// The text the results were computed for (results are not recomputed every frame).
    searched: String,
    results: Vec<SearchHit>,
    highlighted: usize,
    open: bool,
}

impl SearchBoxState {
    pub fn results(&self) -> &[SearchHit] {
        &self.results
    }
}

/// Draws the field; returns the hit the user chose, once.
pub fn search_box_ui(
    ui: &mut egui::Ui,
    state: &mut SearchBoxState,
    index: Option<&SearchIndex>,
) -> Option<SearchHit> {
    let response = ui.add(
        egui::TextEdit::singleline(&mut state.text)
            .hint_text("Chercher : territoire, EPCI, commune, code")
            .desired_width(320.0),
    );
    let response = response.on_hover_text(
        "Nom (accents et majuscules indifférents) ou code : INSEE, SIREN, ti-RRNN, département",
    );
    if state.text != state.searched {
        state.results = index
            .map(|i| i.search(&state.text, MAX_RESULTS))
            .unwrap_or_default();
        state.searched = state.text.clone();
        state.highlighted = 0;
        state.open = !state.results.is_empty();
    }
    let mut chosen = None;
    if response.has_focus() || response.lost_focus() {
        let (down, up, enter, escape) = ui.input(|i| {
            (
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Escape),
            )
        });
        let n = state.results.len();
        if down && n > 0 {
            state.highlighted = (state.highlighted + 1).min(n - 1);
            state.open = true;
        }
        if up {
            state.highlighted = state.highlighted.saturating_sub(1);
        }
        if enter && state.open {
            chosen = state.results.get(state.highlighted).cloned();
        }
        if escape {
            state.open = false;
        }
        if enter && chosen.is_none() && n > 0 {
            chosen = state.results.first().cloned();
        }
    }
    if state.open && !state.results.is_empty() && chosen.is_none() {
        let below = response.rect.left_bottom() + egui::vec2(0.0, 2.0);
        egui::Area::new(egui::Id::unique("resultats-recherche"))
            .fixed_pos(below)
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_width(420.0);
                    for (i, hit) in state.results.iter().enumerate() {
                        let selected = i == state.highlighted;
                        let r = ui.add(egui::Button::selectable(
                            selected,
                            RichText::new(&hit.name).strong(),
                        ));
                        ui.label(RichText::new(hit_line(hit)).small());
                        if selected
                            && (ui.input(|i| {
                                i.key_pressed(Key::ArrowDown) || i.key_pressed(Key::ArrowUp)
                            }))
                        {
                            r.scroll_to_me(None);
                        }
                        if r.clicked() {
                            chosen = Some(hit.clone());
                        }
                    }
                });
            });
    }
    if chosen.is_some() {
        state.open = false;
        state.text.clear();
        state.searched.clear();
        state.results.clear();
    }
    chosen
}

/// The line under a result: what it is and its code, a territory's id with its generation
/// ("… — ti-5302 (2023-2027)": the two generations reuse ids).
pub fn hit_line(hit: &crate::model::views::search::SearchHit) -> String {
    use crate::model::Generation;
    use crate::model::views::search::HitKind;
    let code = match hit.kind {
        HitKind::Territory2023 => crate::sheet::id_with_generation(&hit.code, Generation::Temps2),
        HitKind::Territory2018 => crate::sheet::id_with_generation(&hit.code, Generation::Temps1),
        _ => hit.code.clone(),
    };
    format!("{} — {code}", hit.context)
}
