//! The page the user lays out and the annotations, on real data: moved, resized and hidden
//! furniture where the user put it (and the automatic layout's promises kept for the rest),
//! margins, the user's texts, each kind of annotation in the SVG with its id and in PNG and
//! PDF, names kept off the annotations, the command line's `--page`, `--annotations` and
//! `--logo` carried by a project and drawn again from it, bad files refused in French.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use ti_atlas::carto::annotations::{Annotation, AnnotationId, AnnotationShape};
use ti_atlas::carto::layout_check::check;
use ti_atlas::carto::page_layout::{FracRect, PageElement, PageLayout};
use ti_atlas::carto::{MapScene, MapSpec, Rect};
use ti_atlas::export::{MapExport, View, map_page};

fn export(annotations: Vec<Annotation>, page: PageLayout) -> MapExport {
    let spec = MapSpec {
        annotations: Arc::new(annotations),
        ..MapSpec::default()
    };
    MapExport::of_map(1280.0, 800.0, View::France, spec, None, "06/12/2026").with_page(&page)
}

fn scene() -> &'static MapScene {
    common::scene()
}

#[test]
fn every_kind_of_annotation_is_in_the_svg_with_its_id_and_renders() {
    let e = export(common::annotations::every_kind(), PageLayout::default());
    let (svg, facts) = map_page(common::dataset(), scene(), &e);
    for id in 1..=7 {
        let group = format!(r#"<g id="annotation-{id}">"#);
        let at = svg
            .find(&group)
            .unwrap_or_else(|| panic!("{group} missing"));
        let body = &svg[at..at + svg[at..].find("</g>").expect("closed")];
        let drawn = ["<text", "<path", "<line", "<rect", "<ellipse", "<image"]
            .iter()
            .any(|t| body.contains(t));
        assert!(drawn, "annotation {id} draws nothing: {body}");
    }
    assert!(svg.contains(">Estuaire</text>") && svg.contains(">de la Loire</text>"));
    assert!(svg.contains(">Nouvelle usine</text>"));
    assert!(svg.contains("data:image/png;base64,"));
    assert_eq!(facts.composition.annotations.len(), 7, "all resolved");
    // The highlighted territory is outlined in the annotation's colour.
    let at = svg.find(r#"<g id="annotation-6">"#).unwrap();
    assert!(svg[at..].split("</g>").next().unwrap().contains("#b01c2e"));
    // The map's names keep off the texts, the callout and the image.
    let kept: Vec<Rect> = facts
        .composition
        .annotations
        .iter()
        .filter_map(|a| a.keep_free())
        .collect();
    assert_eq!(kept.len(), 3, "the text, the callout and the image");
    for l in &facts.composition.labels {
        for k in &kept {
            assert!(
                !k.intersects(&l.rect.expand(-1.0)),
                "the name « {} » is under an annotation",
                l.label.text
            );
        }
    }
    // PNG and PDF draw them (the PDF keeps the texts as text).
    let png = ti_atlas::export::map_bytes(
        common::dataset(),
        scene(),
        &e,
        ti_atlas::export::Format::Png { dpi: 96.0 },
    )
    .expect("png");
    assert!(png.starts_with(b"\x89PNG"));
    let pdf = ti_atlas::export::map_bytes(
        common::dataset(),
        scene(),
        &MapExport {
            width: 841.89,
            height: 595.28,
            ..e.clone()
        },
        ti_atlas::export::Format::Pdf,
    )
    .expect("pdf");
    let text: String = pdf_extract::extract_text_from_mem(&pdf)
        .expect("text")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("Nouvelleusine"), "{text}");
}

#[test]
fn an_annotation_on_the_ground_follows_the_view_and_one_on_the_frame_stays() {
    let a = common::annotations::every_kind();
    let france = export(a.clone(), PageLayout::default());
    let closer = MapExport {
        view: View::Fit([-3.0, 45.0, 7.0, 50.0]),
        ..france.clone()
    };
    let (_, f1) = map_page(common::dataset(), scene(), &france);
    let (_, f2) = map_page(common::dataset(), scene(), &closer);
    let place = |f: &ti_atlas::carto::layout_check::LayoutFacts, id: u32| {
        f.composition
            .annotations
            .iter()
            .find(|d| d.id == AnnotationId(id))
            .and_then(|d| d.bounds())
            .expect("drawn")
    };
    // The callout's box is on the frame; its target on the ground.
    let (c1, c2) = (place(&f1, 2), place(&f2, 2));
    let AnnotationShape::Callout { leader: l1, .. } = &f1.composition.annotations[1].shape else {
        panic!("a callout")
    };
    let AnnotationShape::Callout { leader: l2, .. } = &f2.composition.annotations[1].shape else {
        panic!("a callout")
    };
    assert!(
        l1.1.distance(l2.1) > 20.0,
        "the target moved with the ground"
    );
    assert!(c1.width() > 0.0 && c2.width() > 0.0);
    // Lyon is where the target points, in both views.
    for f in [&f1, &f2] {
        let lyon = f
            .composition
            .view
            .frame_from_lonlat(geo::Point::new(4.83, 45.76));
        let AnnotationShape::Callout { leader, .. } = &f.composition.annotations[1].shape else {
            panic!("a callout")
        };
        assert!(leader.1.distance(lyon) < 1e-6);
    }
}

#[test]
fn moved_resized_and_hidden_furniture_is_where_the_user_put_it() {
    let mut page = PageLayout::default();
    let legend = FracRect {
        x: 0.66,
        y: 0.5,
        w: 0.3,
        h: 0.42,
    };
    page.moved.insert(PageElement::Legende, legend);
    let title = FracRect {
        x: 0.55,
        y: 0.03,
        w: 0.4,
        h: 0.1,
    };
    page.moved.insert(PageElement::Titre, title);
    page.hidden.insert(PageElement::Nord);
    page.subtitle = Some(String::new());
    page.legend_title = Some("Part de l'industrie (mon titre)".into());
    page.note = Some("Données provisoires".into());
    let mut e = export(Vec::new(), page);
    e.spec = ti_atlas::carto::MapSpec {
        choropleth: common_choropleth(),
        ..e.spec.clone()
    };
    let (svg, facts) = map_page(common::dataset(), scene(), &e);
    let find = |el: PageElement| {
        facts
            .furniture
            .iter()
            .find(|i| i.element == Some(el))
            .cloned()
    };
    let size = (e.width, e.height);
    let l = find(PageElement::Legende).expect("legend drawn");
    // Its place and width the user's, as tall as its classes.
    let asked = legend.rect(size);
    assert_eq!((l.rect.min, l.rect.width()), (asked.min, asked.width()));
    assert!(
        l.rect.height() > 50.0 && l.rect.height() <= asked.height(),
        "{:?}",
        l.rect
    );
    assert!(l.user);
    let t = find(PageElement::Titre).expect("title drawn");
    assert_eq!(t.rect.min, title.rect(size).min);
    assert!(
        t.rect.width() <= title.rect(size).width() + 1e-6,
        "wrapped at its width"
    );
    assert!(
        find(PageElement::Nord).is_none(),
        "the north arrow is hidden"
    );
    assert!(!svg.contains(r#"class="nord""#));
    // The map takes the legend's column: the frame spans the page.
    let frame = find(PageElement::Carte).map_or(facts.composition.view.frame(), |i| i.rect);
    assert!((frame.width() - e.width).abs() < 1e-6, "{frame:?}");
    assert!(
        svg.contains("Part de l&apos;industrie (mon titre)")
            || svg.contains("Part de l'industrie (mon titre)")
    );
    assert!(svg.contains("Données provisoires."));
    // What was not moved keeps its promises; the user's places are the user's.
    let broken = check("page", &facts, common::dataset(), scene());
    let about_auto: Vec<&String> = broken
        .iter()
        .filter(|m| !m.contains("la légende") && !m.contains("le titre"))
        .collect();
    assert!(about_auto.is_empty(), "{about_auto:#?}");
}

#[test]
fn margins_frame_the_content_at_any_resolution() {
    let page = PageLayout {
        margin_mm: 10.0,
        ..PageLayout::default()
    };
    let e = MapExport {
        width: 841.89,
        height: 595.28,
        ..export(Vec::new(), page.clone())
    };
    let (svg, mut facts) = map_page(common::dataset(), scene(), &e);
    // An A4 page in points: its least text is 7 points.
    facts.min_text = ti_atlas::carto::layout_check::MIN_PAPER_TEXT_PT;
    let m = page.margin((e.width, e.height));
    assert!((m - 10.0 / 210.0 * 595.28).abs() < 1e-9);
    assert!(svg.contains(&format!(r#"transform="translate({m:.2},{m:.2})""#)));
    assert!(svg.contains(r#"width="841.89" height="595.28""#));
    assert!((facts.page.width() - (e.width - 2.0 * m)).abs() < 1e-9);
    let broken = check("marges", &facts, common::dataset(), scene());
    assert!(broken.is_empty(), "{broken:#?}");
    // Twice the drawing, twice the margin: the same share of the page.
    assert!((page.margin((2.0 * e.width, 2.0 * e.height)) - 2.0 * m).abs() < 1e-9);
}

fn common_choropleth() -> Option<ti_atlas::carto::Choropleth> {
    let settings = ti_atlas::carto::MapSettings {
        indicator: Some(ti_atlas::model::IndicatorId::new("population")),
        ..ti_atlas::carto::MapSettings::default()
    };
    let built = ti_atlas::carto::MapThematics::build_with(
        &settings,
        common::dataset(),
        common::table(),
        &ti_atlas::model::imports::Imports::default(),
    );
    built.choropleth.clone().ok().flatten()
}

// ---- the command line ----

/// `ti-atlas export …`.
fn run(args: &[&str]) -> Output {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    common::cli::ti_atlas(&all)
}

fn scratch(name: &str) -> PathBuf {
    common::cli::scratch("page", name)
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn ok(out: &Output) {
    assert!(out.status.success(), "{}", common::cli::stderr(out));
}

#[test]
fn the_command_line_page_annotations_and_logo_travel_in_a_project() {
    let dir = scratch("projet");
    let annotations = dir.join("annotations.json");
    std::fs::write(
        &annotations,
        r#"[{"id": 1, "colour": [176, 28, 46], "type": "bulle", "text": "Nouvelle usine",
             "target": {"geo": {"lon": 4.83, "lat": 45.76}}, "at": {"frame": {"x": 0.6, "y": 0.15}}, "size": 14},
            {"id": 2, "colour": [0, 0, 0], "type": "fleche", "from": {"frame": {"x": 0.2, "y": 0.8}},
             "to": {"geo": {"lon": 2.35, "lat": 48.85}}, "width": 2},
            {"id": 3, "colour": [33, 102, 172], "type": "surlignage", "unit": {"layer": "Ti2023", "code": "ti-8402"}, "width": 3}]"#,
    )
    .unwrap();
    let page = dir.join("page.json");
    std::fs::write(
        &page,
        r#"{"format": "a4-portrait", "margin_mm": 8, "hidden": ["nord"], "note": "Données provisoires",
            "moved": {"legende": {"x": 0.62, "y": 0.05, "w": 0.34, "h": 0.3}}, "subtitle": "Maille EPCI"}"#,
    )
    .unwrap();
    let logo = dir.join("logo.png");
    std::fs::write(&logo, common::annotations::tiny_png()).unwrap();
    let (first, project) = (dir.join("carte.svg"), dir.join("carte.tiatlas"));
    ok(&run(&[
        "map",
        "--indicator",
        "population",
        "--annotations",
        &s(&annotations),
        "--page",
        &s(&page),
        "--logo",
        &s(&logo),
        "--out",
        &s(&first),
        "--save-project",
        &s(&project),
    ]));
    let a = std::fs::read_to_string(&first).unwrap();
    // The page's format gives the size when none is asked: A4 portrait at 150 dpi.
    assert!(
        a.contains(r#"width="1240.00" height="1754.00""#),
        "{}",
        &a[..300]
    );
    for id in 1..=4 {
        assert!(
            a.contains(&format!(r#"<g id="annotation-{id}">"#)),
            "annotation {id}"
        );
    }
    assert!(a.contains("Maille EPCI") && a.contains("Données provisoires."));
    assert!(!a.contains(r#"class="nord""#), "hidden");
    assert!(
        a.contains(r#"<g id="page" transform="translate("#),
        "margins"
    );
    for f in [&annotations, &page, &logo] {
        std::fs::remove_file(f).unwrap();
    }
    let again = dir.join("carte-du-projet.svg");
    ok(&run(&[
        "map",
        "--project",
        &s(&project),
        "--out",
        &s(&again),
    ]));
    assert_eq!(a, std::fs::read_to_string(&again).unwrap(), "the same page");
    // The output never lands on an input.
    std::fs::write(&annotations, "[]").unwrap();
    let out = run(&[
        "map",
        "--annotations",
        &s(&annotations),
        "--out",
        &s(&annotations),
    ]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&annotations).unwrap(), "[]");
}

#[test]
fn bad_page_and_annotation_files_are_refused_in_french_and_nothing_is_written() {
    let dir = scratch("refus");
    let out_svg = dir.join("carte.svg");
    let cases = [
        (
            "annotations",
            "casse.json",
            "[{\"id\": 1,\n \"type\": \"cercle\"}]",
            "casse.json, ligne 2",
        ),
        (
            "annotations",
            "double.json",
            r#"[{"id":1,"colour":[0,0,0],"type":"texte","at":{"frame":{"x":0.1,"y":0.1}},"text":"a","size":14},
                {"id":1,"colour":[0,0,0],"type":"texte","at":{"frame":{"x":0.2,"y":0.1}},"text":"b","size":14}]"#,
            "reprend l'identifiant 1",
        ),
        (
            "page",
            "page.json",
            r#"{"moved": {"titre": {"x": 0, "y": 0, "w": -1, "h": 0.2}}}"#,
            "Titre et sous-titre",
        ),
        ("logo", "logo.gif", "GIF89a", "ni PNG ni SVG"),
    ];
    for (flag, name, body, expected) in cases {
        let file = dir.join(name);
        std::fs::write(&file, body).unwrap();
        let out = run(&[
            "map",
            &format!("--{flag}"),
            &s(&file),
            "--out",
            &s(&out_svg),
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name} accepted");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(!out_svg.exists(), "{name}: something was written");
    }
}
