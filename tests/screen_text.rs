//! Every text egui paints on screen, measured: the real app under egui_kittest at 1280×800 and
//! 1920×1080, with no panel, the sheet, the dock, both, the layers with both, the Temps I / II
//! tab, the presentation (normal and high contrast), a sheet holding the fixtures' imported
//! plan, the EPCI table, a typology's categories editor, the Fichier and Affichage menus, the
//! "À propos" and "Premiers pas" windows and the export, import and views tabs. For each frame every text shape of `FullOutput.shapes` is walked and must be at least
//! 11 px high, not elided (no "…" the source string does not hold), whole inside its clip rect
//! (nothing cut at a panel's edge), clear of every other text, with no "…" but in a command's
//! label, and wrapped between words only (never inside a figure nor between it and its unit).
//! The layout is also still: the map's box, the dock and the view stay the same frame after frame
//! with nothing done (no panel growing and put back in turn).
//! A violation names its case and the text.

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::epaint::{ClippedShape, Galley, Shape};
use egui::{Pos2, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT as _, Queryable as _};
use ti_atlas::app::AtlasApp;
use ti_atlas::app::layout::DockTab;
use ti_atlas::app::settings::Settings;
use ti_atlas::model::{LayerKind, UnitRef};

mod common;

/// The smallest text allowed on screen, in pixels.
const MIN_TEXT_PX: f32 = 11.0;

/// What follows a figure on the same line: a break before one of these cuts the figure.
const NUMBER_UNITS: [&str; 6] = ["%", "‰", "km²", "hab.", "€", "pts"];

/// The window sizes checked.
const SIZES: [[f32; 2]; 2] = [[1280.0, 800.0], [1920.0, 1080.0]];

/// What is open on screen.
#[derive(Clone, Copy, Debug)]
enum Case {
    NoPanel,
    Sheet,
    Dock,
    SheetDock,
    LayersSheetDock,
    TempsTab,
    Presentation,
    PresentationContrast,
    SheetWithPlan,
    EpciTable,
    TypologyEditor,
    FileMenu,
    ViewMenu,
    About,
    FirstSteps,
    ExportTab,
    ImportTab,
    ViewsTab,
    ExportLayerTab,
    PageWindow,
}

const CASES: [Case; 20] = [
    Case::NoPanel,
    Case::Sheet,
    Case::Dock,
    Case::SheetDock,
    Case::LayersSheetDock,
    Case::TempsTab,
    Case::Presentation,
    Case::PresentationContrast,
    Case::SheetWithPlan,
    Case::EpciTable,
    Case::TypologyEditor,
    Case::FileMenu,
    Case::ViewMenu,
    Case::About,
    Case::FirstSteps,
    Case::ExportTab,
    Case::ImportTab,
    Case::ViewsTab,
    Case::ExportLayerTab,
    Case::PageWindow,
];

impl Case {
    fn name(self) -> &'static str {
        match self {
            Case::NoPanel => "sans panneau",
            Case::Sheet => "fiche",
            Case::Dock => "tableau en bas",
            Case::SheetDock => "fiche + tableau",
            Case::LayersSheetDock => "couches + fiche + tableau",
            Case::TempsTab => "onglet Temps I / II",
            Case::Presentation => "présentation",
            Case::PresentationContrast => "présentation contrastée",
            Case::SheetWithPlan => "fiche avec plan importé",
            Case::EpciTable => "tableau des EPCI (part de l'industrie)",
            Case::TypologyEditor => "couches : catégories d'une typologie",
            Case::FileMenu => "menu Fichier",
            Case::ViewMenu => "menu Affichage",
            Case::About => "fenêtre À propos",
            Case::FirstSteps => "fenêtre Premiers pas",
            Case::ExportTab => "onglet Export",
            Case::ImportTab => "onglet Import",
            Case::ViewsTab => "onglet Vues",
            Case::ExportLayerTab => "onglet Export : couche pour un SIG",
            Case::PageWindow => "fenêtre Mise en page, avec annotations",
        }
    }
}

/// The app at `size`, loaded, with the density map and the panels `case` opens.
fn harness_for(case: Case, size: [f32; 2]) -> Harness<'static, AtlasApp> {
    let mut settings = Settings::default();
    settings.map.indicator = Some("densite".into());
    settings.layout.left_open = matches!(
        case,
        Case::LayersSheetDock | Case::TempsTab | Case::SheetWithPlan | Case::TypologyEditor
    );
    match case {
        Case::EpciTable => {
            settings.map.maille = ti_atlas::model::Level::Epci;
            settings.map.indicator = Some("part_emploi_industrie".into());
        }
        Case::PageWindow => {
            use ti_atlas::carto::annotations::{Annotation, AnnotationId, AnnotationKind, Place};
            settings.map.annotations = vec![
                Annotation {
                    id: AnnotationId(1),
                    colour: [0xb0, 0x1c, 0x2e],
                    kind: AnnotationKind::Texte {
                        at: Place::Geo {
                            lon: -1.9,
                            lat: 47.0,
                        },
                        text: "Estuaire\nde la Loire".into(),
                        size: 14.0,
                    },
                },
                Annotation {
                    id: AnnotationId(2),
                    colour: [0xb0, 0x1c, 0x2e],
                    kind: AnnotationKind::Bulle {
                        target: Place::Geo {
                            lon: 4.83,
                            lat: 45.76,
                        },
                        at: Place::Frame { x: 0.62, y: 0.3 },
                        text: "Nouvelle usine".into(),
                        size: 14.0,
                    },
                },
            ];
        }
        Case::TypologyEditor => {
            settings.map.maille = ti_atlas::model::Level::Territoire;
            settings.map.typology = Some(ti_atlas::model::typology::TypologyChoice::new(
                "statut_temps",
            ));
        }
        _ => {}
    }
    let mut harness = Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| AtlasApp::with_settings(cc, settings.clone()));
    let start = Instant::now();
    while !harness.state().probe().all_layers_loaded() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "bundle never loaded"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(3);
    let ctx = harness.ctx.clone();
    let vitre = UnitRef::new(LayerKind::Ti2023, "ti-5305");
    match case {
        Case::NoPanel => {}
        Case::Sheet => harness.state_mut().driver().set_selection(Some(vitre)),
        Case::Dock => harness.state_mut().driver().set_table_open(true),
        Case::SheetDock | Case::LayersSheetDock => {
            harness.state_mut().driver().set_selection(Some(vitre));
            harness.state_mut().driver().set_table_open(true);
        }
        Case::TempsTab => {
            harness.get_by_label("Affichage").click();
            harness.run_steps(2);
            harness.get_by_label("Temps I et Temps II…").click();
            harness.run_steps(3);
            assert!(
                harness.state().probe().settings().layout.tabs == [DockTab::Comparison],
                "the Temps I / II tab is open"
            );
        }
        Case::Presentation | Case::PresentationContrast => {
            harness
                .state_mut()
                .driver()
                .settings_mut()
                .presentation_high_contrast = matches!(case, Case::PresentationContrast);
            harness
                .state_mut()
                .driver()
                .set_presenting(true, None, &ctx);
            harness
                .state_mut()
                .driver()
                .apply(ti_atlas::app::Command::Home, &ctx);
        }
        Case::SheetWithPlan => {
            let dir =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
            harness.state_mut().driver().start_import(
                ti_atlas::app::imports::ImportedFile {
                    path: dir.join("plan-actions.xlsx"),
                    kind: ti_atlas::io::import::ImportKind::Auto,
                    sheet: Some("actions".to_owned()),
                    columns: Vec::new(),
                    names: None,
                },
                false,
                &ctx,
            );
            let start = Instant::now();
            harness.run_steps(2);
            while harness.state().probe().importing() {
                assert!(
                    start.elapsed() < Duration::from_secs(60),
                    "import never ended"
                );
                harness.step();
                std::thread::sleep(Duration::from_millis(20));
            }
            assert_eq!(harness.state().probe().import_error(), None);
            assert!(
                harness.state().probe().imports().plan.is_some(),
                "plan imported"
            );
            harness.state_mut().driver().set_selection(Some(vitre));
        }
        Case::EpciTable => harness.state_mut().driver().set_table_open(true),
        Case::TypologyEditor => {
            harness
                .get_by_label("Catégories : couleurs, noms, ordre, fusions")
                .click();
        }
        Case::FileMenu | Case::ViewMenu => {
            let menu = if matches!(case, Case::FileMenu) {
                "Fichier"
            } else {
                "Affichage"
            };
            harness.get_by_label(menu).click();
        }
        Case::About | Case::FirstSteps => {
            harness.get_by_label("Aide").click();
            harness.run_steps(2);
            let entry = if matches!(case, Case::About) {
                "À propos et sources"
            } else {
                "Premiers pas"
            };
            harness.get_by_label(entry).click();
        }
        Case::PageWindow => {
            harness
                .state_mut()
                .driver()
                .apply(ti_atlas::app::Command::OpenPage, &ctx);
            harness.run_steps(2);
            let start = Instant::now();
            while harness.state().probe().page().drawing()
                || harness.state().probe().page().furniture().is_empty()
            {
                assert!(
                    start.elapsed() < Duration::from_secs(60),
                    "page never drawn"
                );
                harness.step();
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Case::ExportTab | Case::ImportTab | Case::ViewsTab | Case::ExportLayerTab => {
            if matches!(case, Case::ExportLayerTab) {
                // A territory selected, an overseas system: every line the form can show.
                harness
                    .state_mut()
                    .driver()
                    .set_selection(Some(vitre.clone()));
                let window = harness.state_mut().driver().export_window_mut();
                window.what = ti_atlas::ui::export_window::ExportWhat::Layer;
                window.layer_crs = ti_atlas::ui::export_window::LayerCrsChoice::Reunion;
                window.layer_only_territory = true;
            }
            let tab = match case {
                Case::ExportTab | Case::ExportLayerTab => DockTab::Export,
                Case::ImportTab => DockTab::Import,
                _ => DockTab::Views,
            };
            harness
                .state_mut()
                .driver()
                .apply(ti_atlas::app::Command::OpenTab(tab), &ctx);
            if matches!(case, Case::ImportTab) {
                // A workbook typed: its sheets listed (read on a thread) in the sheet's row.
                harness.state_mut().driver().import_window_mut().path =
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("tests/fixtures/import/plan-actions.xlsx")
                        .display()
                        .to_string();
                let start = Instant::now();
                while harness
                    .state_mut()
                    .driver()
                    .import_window_mut()
                    .parts
                    .is_none()
                {
                    assert!(
                        start.elapsed() < Duration::from_secs(30),
                        "sheets never listed"
                    );
                    harness.step();
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
        }
    }
    // The pointer away from everything: no hover outline, no tooltip.
    harness.hover_at(egui::pos2(size[0] - 2.0, size[1] - 2.0));
    harness.run_steps(6);
    harness
}

/// One text as painted: its galley, where, and the clip rect it was painted in.
struct Painted {
    galley: Arc<Galley>,
    pos: Pos2,
    clip: Rect,
    /// Its place in the paint order.
    order: usize,
}

/// What a frame paints that the checks read: the texts, and the opaque boxes (a window's or a
/// menu's background) with their place in the paint order — a text under a box painted after
/// it is hidden, not overlapped.
#[derive(Default)]
struct Frame {
    texts: Vec<Painted>,
    covers: Vec<(usize, Rect)>,
    next: usize,
}

impl Frame {
    /// Whether `area` is hidden by a box painted after `below` and before `above`.
    fn covered(&self, area: Rect, below: usize, above: usize) -> bool {
        self.covers
            .iter()
            .any(|(k, r)| *k > below && *k < above && r.contains_rect(area))
    }
}

impl Painted {
    fn text(&self) -> &str {
        &self.galley.job.text
    }

    /// The ink of each row, on screen.
    fn row_inks(&self) -> impl Iterator<Item = Rect> + '_ {
        self.galley.rows.iter().filter_map(|r| {
            let ink = r.row.visuals.mesh_bounds;
            (ink.is_positive()).then(|| ink.translate(self.pos.to_vec2() + r.pos.to_vec2()))
        })
    }

    fn ink(&self) -> Rect {
        self.galley.mesh_bounds.translate(self.pos.to_vec2())
    }
}

fn collect(shape: &Shape, clip: Rect, out: &mut Frame) {
    out.next += 1;
    let order = out.next;
    match shape {
        Shape::Vec(shapes) => {
            for s in shapes {
                collect(s, clip, out);
            }
        }
        Shape::Text(t) if t.angle == 0.0 && !t.galley.job.text.trim().is_empty() => {
            // A halo paints the same galley a few times around the text: one text.
            out.texts.retain(|p| !Arc::ptr_eq(&p.galley, &t.galley));
            out.texts.push(Painted {
                galley: t.galley.clone(),
                pos: t.pos,
                clip,
                order,
            });
        }
        Shape::Rect(r) if r.fill.a() == 255 => {
            let shown = r.rect.intersect(clip);
            if shown.is_positive() {
                out.covers.push((order, shown));
            }
        }
        _ => {}
    }
}

/// The texts painted in the last frame that show (at least partly inside their clip rect), and
/// the opaque boxes.
fn painted(shapes: &[ClippedShape]) -> Frame {
    let mut out = Frame::default();
    for s in shapes {
        collect(&s.shape, s.clip_rect, &mut out);
    }
    out.texts.retain(|p| p.ink().intersects(p.clip));
    out
}

/// A command's label ("Exporter…", "Ouvrir un projet… Ctrl+O", a list's "Fusionner avec…")
/// ends with "…" by convention: the app's own strings only.
fn is_command_label(harness: &Harness<'static, AtlasApp>, text: &str) -> bool {
    use egui::accesskit::Role;
    harness.query_all(By::new()).any(|n| {
        n.accesskit_node()
            .label()
            .is_some_and(|l| l.starts_with(text))
            && matches!(
                n.accesskit_node().role(),
                Role::Button
                    | Role::MenuItem
                    | Role::CheckBox
                    | Role::RadioButton
                    | Role::Tab
                    | Role::ComboBox
            )
    })
}

/// Whether `text` holds a "…" anywhere that is not the end of a menu entry it names as a
/// path ("par Fichier > Importer… ;", "(Affichage > Vues…)").
fn cut_by_ellipsis(text: &str) -> bool {
    text.match_indices('…').any(|(at, _)| {
        let before = text.get(..at).unwrap_or("");
        let entry = before.rsplit_once(" > ").map(|(_, e)| e);
        !entry.is_some_and(|e| {
            !e.is_empty() && e.chars().count() <= 40 && !e.contains(['.', ',', ';', '\n'])
        })
    })
}

/// Every violation of the frame last painted, with `case` in front.
fn check_frame(harness: &Harness<'static, AtlasApp>, case: &str) -> Vec<String> {
    let ppp = harness.ctx.pixels_per_point();
    let frame = painted(&harness.output().shapes);
    let texts = &frame.texts;
    assert!(
        texts.len() > 20,
        "{case}: only {} texts painted",
        texts.len()
    );
    let mut out = Vec::new();
    let mut say = |what: String| {
        if !out.contains(&what) {
            out.push(what);
        }
    };
    for p in texts {
        let text = p.text();
        let quoted = text.replace('\n', " ⏎ ");
        // Size: every section holding a visible character.
        for section in &p.galley.job.sections {
            let range = section.byte_range.start.0..section.byte_range.end.0;
            let part = text.get(range).unwrap_or("");
            let px = section.format.font_id.size * ppp;
            if !part.trim().is_empty() && px < MIN_TEXT_PX - 0.01 {
                say(format!("{case} : texte de {px:.1} px : « {quoted} »"));
                break;
            }
        }
        // Elision.
        if p.galley.elided {
            say(format!("{case} : texte élidé : « {quoted} »"));
        } else if cut_by_ellipsis(text) && !is_command_label(harness, text) {
            say(format!("{case} : texte coupé par « … » : « {quoted} »"));
        }
        // Cut at the side of its clip rect (half a pixel of anti-aliasing allowed). A row
        // half shown at the top or bottom of a list is scrolling, not a cut: not counted.
        let ink = p.ink();
        let clip = p.clip.expand(0.5);
        if ink.left() < clip.left() || ink.right() > clip.right() {
            say(format!(
                "{case} : texte coupé à gauche ou à droite ({:.0}–{:.0} dans {:.0}–{:.0}) : « {quoted} »",
                ink.left(),
                ink.right(),
                p.clip.left(),
                p.clip.right()
            ));
        }
        // Wrapped between words only.
        for pair in p.galley.rows.windows(2) {
            let [a, b] = pair else { continue };
            if a.ends_with_newline {
                continue;
            }
            let last = a.row.glyphs.last().map(|g| g.chr);
            let first = b.row.glyphs.first().map(|g| g.chr);
            // egui breaks at a narrow no-break space (U+202F) as at a space: inside
            // "67 214" or before "%", that is a cut figure too.
            let no_break = |c: char| matches!(c, '\u{a0}' | '\u{202f}');
            if let (Some(last), Some(first)) = (last, first)
                && (no_break(last)
                    || no_break(first)
                    || (!last.is_whitespace()
                        && !matches!(last, '-' | '–' | '—')
                        && !first.is_whitespace()))
            {
                say(format!(
                    "{case} : retour à la ligne au milieu d'un mot (« {last} » | « {first} ») : « {quoted} »"
                ));
            }
            // French punctuation stays with its word: no line starts with "»", ":", ";", "!",
            // "?" or "%", none ends with "«".
            let next = b
                .row
                .glyphs
                .iter()
                .find(|g| !g.chr.is_whitespace())
                .map(|g| g.chr);
            let previous = a
                .row
                .glyphs
                .iter()
                .rev()
                .find(|g| !g.chr.is_whitespace())
                .map(|g| g.chr);
            if matches!(next, Some('»' | ':' | ';' | '!' | '?' | '%')) || previous == Some('«') {
                say(format!(
                    "{case} : ponctuation séparée de son mot par un retour à la ligne : « {quoted} »"
                ));
            }
            // A figure kept whole with its unit: no break between "67" and "214", nor
            // before "%", "km²" or "hab." (even at an ordinary space).
            let before = previous;
            let after: String = b.row.glyphs.iter().map(|g| g.chr).take(4).collect();
            if before.is_some_and(|c| c.is_ascii_digit())
                && (after.starts_with(|c: char| c.is_ascii_digit())
                    || NUMBER_UNITS.iter().any(|u| after.starts_with(u)))
            {
                say(format!(
                    "{case} : nombre coupé de son unité ou de ses chiffres (« {} » | « {after} ») : « {quoted} »",
                    before.unwrap_or(' ')
                ));
            }
        }
    }
    // No text over another: the ink of their rows, inside what each shows.
    for (i, a) in texts.iter().enumerate() {
        for b in texts.iter().skip(i + 1) {
            let (below, above) = (a.order.min(b.order), a.order.max(b.order));
            let hit = a.row_inks().any(|ra| {
                let ra = ra.intersect(a.clip);
                b.row_inks().any(|rb| {
                    let o = ra.intersect(rb.intersect(b.clip));
                    o.width() > 1.0 && o.height() > 1.0 && !frame.covered(o, below, above)
                })
            });
            if hit {
                say(format!(
                    "{case} : texte sur un autre : « {} » et « {} »",
                    a.text().replace('\n', " ⏎ "),
                    b.text().replace('\n', " ⏎ ")
                ));
            }
        }
    }
    out
}

/// How many frames in a row the layout must stay the same once the panels are open.
const STILL_FRAMES: usize = 8;

/// The layout a frame settled on: the map's box, the dock's height and the map's view.
fn layout_state(harness: &Harness<'static, AtlasApp>) -> String {
    let p = harness.state().probe();
    let center = p.memory().detached();
    format!(
        "carte {:?}, tableau en bas {:?}, zoom {:.3}, centre {:?}",
        p.map_rect(),
        p.settings().layout.dock_height,
        p.memory().zoom(),
        center.map(|c| (c.x(), c.y()))
    )
}

/// The layout is still: the same map box, dock and view frame after frame with nothing done
/// (a panel whose content is taller than its room would grow, be put back, grow again…, and
/// the map's fit would follow it).
fn check_still(harness: &mut Harness<'static, AtlasApp>, case: &str) -> Vec<String> {
    let first = layout_state(harness);
    let mut seen = vec![first.clone()];
    for _ in 0..STILL_FRAMES {
        harness.step();
        seen.push(layout_state(harness));
    }
    let changes = seen.windows(2).filter(|w| w[0] != w[1]).count();
    seen.sort();
    seen.dedup();
    if seen.len() == 1 {
        Vec::new()
    } else {
        vec![format!(
            "{case} : la mise en page change {changes} fois en {STILL_FRAMES} images sans rien faire, entre {} états : {}",
            seen.len(),
            seen.join(" / ")
        )]
    }
}

#[test]
fn every_text_on_screen_is_whole_readable_and_apart() {
    let mut out = Vec::new();
    let mut cases = 0;
    for size in SIZES {
        for case in CASES {
            let mut harness = harness_for(case, size);
            let name = format!("{}×{} {}", size[0], size[1], case.name());
            out.extend(check_frame(&harness, &name));
            out.extend(check_still(&mut harness, &name));
            cases += 1;
        }
    }
    assert_eq!(cases, 40);
    common::assert_no_violation(out);
}
