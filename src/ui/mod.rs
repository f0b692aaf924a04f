//! Panels of the app window; each returns what the user asked for instead of acting itself.

pub mod attribute_table;
pub mod bivariate_legend;
pub mod bivariate_panel;
pub mod class_types_panel;
pub mod comparison_window;
pub mod dynamics_block;
pub mod export_window;
pub mod import_parts;
pub mod import_window;
pub mod indicator_rows;
pub mod layers_panel;
pub mod legend;
pub mod member_table;
pub mod placement;
pub mod plan_projects;
pub mod scatter_view;
pub mod search_box;
pub mod symbols_panel;
pub mod table_view;
pub mod territory_panel;
pub mod typology_panel;
pub mod views_window;

/// Gives a list drawn without a visible label (its chosen value shows) the name screen readers and the UI tests find it by.
pub fn name_widget(response: &egui::Response, name: &str) {
    let enabled = response.enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, enabled, name));
}
