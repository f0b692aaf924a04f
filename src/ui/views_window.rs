//! The "Vues" window: the saved views of a presentation, in order; add the current view, go to
//! one, move, rename, delete; write them to a file or read them from one; start presenting.

use crate::model::views::bookmarks::Bookmark;

/// The form, kept between frames.
#[derive(Clone, Debug, Default)]
pub struct ViewsWindowState {
    /// Name of the view to add.
    pub new_name: String,
    /// File to export to / import from.
    pub path: String,
    /// The last file operation: what was done, or why it failed.
    pub message: Option<Result<String, String>>,
}

/// What the user asked for this frame.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum ViewsCommand {
    None,
    Add(String),
    Go(usize),
    Move(usize, bool),
    Delete(usize),
    Rename(usize, String),
    Export,
    Import,
    /// Full screen from this view.
    Present(usize),
}

pub fn views_window_ui(
    ui: &mut egui::Ui,
    state: &mut ViewsWindowState,
    views: &[Bookmark],
    current: Option<usize>,
) -> ViewsCommand {
    let mut command = ViewsCommand::None;
    ui.label("Une vue garde l'emprise de la carte, le territoire ouvert, l'indicateur, la maille, les seuils et les couches. En présentation (F11) : → , Page suivante ou Espace pour la vue suivante ; ← ou Page précédente pour revenir ; Échap pour quitter.");
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut state.new_name)
                .hint_text("nom de la vue")
                .desired_width(240.0),
        );
        if ui.button("Ajouter la vue actuelle").clicked() {
            let name = if state.new_name.trim().is_empty() {
                format!("Vue {}", views.len() + 1)
            } else {
                state.new_name.trim().to_owned()
            };
            command = ViewsCommand::Add(name);
            state.new_name.clear();
        }
    });
    ui.separator();
    if views.is_empty() {
        ui.small("Aucune vue enregistrée.");
    }
    let n = views.len();
    egui::Grid::new("liste-des-vues")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (i, view) in views.iter().enumerate() {
                let label = if current == Some(i) {
                    format!("{}. (en cours)", i + 1)
                } else {
                    format!("{}.", i + 1)
                };
                ui.label(label);
                ui.horizontal(|ui| {
                    let mut name = view.name.clone();
                    if ui
                        .add(egui::TextEdit::singleline(&mut name).desired_width(200.0))
                        .changed()
                    {
                        command = ViewsCommand::Rename(i, name);
                    }
                    if ui.small_button("Aller").clicked() {
                        command = ViewsCommand::Go(i);
                    }
                    if ui
                        .add_enabled(i > 0, egui::Button::new("Monter").small())
                        .clicked()
                    {
                        command = ViewsCommand::Move(i, true);
                    }
                    if ui
                        .add_enabled(i + 1 < n, egui::Button::new("Descendre").small())
                        .clicked()
                    {
                        command = ViewsCommand::Move(i, false);
                    }
                    if ui.small_button("Supprimer").clicked() {
                        command = ViewsCommand::Delete(i);
                    }
                });
                ui.end_row();
            }
        });
    ui.separator();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(n > 0, egui::Button::new("Présenter (plein écran)"))
            .clicked()
        {
            command = ViewsCommand::Present(current.unwrap_or(0).min(n.saturating_sub(1)));
        }
    });
    ui.horizontal(|ui| {
        ui.label("Fichier :");
        ui.add(
            egui::TextEdit::singleline(&mut state.path)
                .hint_text("/chemin/vers/vues.json")
                .desired_width(260.0),
        );
        if ui
            .add_enabled(
                n > 0 && !state.path.trim().is_empty(),
                egui::Button::new("Exporter"),
            )
            .clicked()
        {
            command = ViewsCommand::Export;
        }
        if ui
            .add_enabled(!state.path.trim().is_empty(), egui::Button::new("Importer"))
            .clicked()
        {
            command = ViewsCommand::Import;
        }
    });
    match &state.message {
        Some(Ok(m)) => {
            ui.label(m);
        }
        Some(Err(e)) => {
            ui.colored_label(egui::Color32::from_rgb(180, 30, 30), e);
        }
        None => {}
    }
    command
}
