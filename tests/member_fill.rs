//! The territories' maille of a rate given per EPCI is drawn through the territories' members
//! ("maille : EPCI membres des territoires"): every member with a value must show it, filled
//! in its class's colour, on screen and on paper — including the EPT members, which the EPCI
//! layer holds after the EPCI, over the Métropole du Grand Paris (ti-1104 is an EPCI and the EPT
//! Paris Terres d'Envol, 6,6 %, whose part was once left unfilled under the territory's
//! outline; ti-1101 and ti-1105 are one EPT each).

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use common::{dataset, scene, table};
use geo::Rect as GeoRect;
use ti_atlas::carto::{
    Composition, LayerId, MapSettings, MapSpec, MapThematics, Rect, ViewTransform, compose,
};
use ti_atlas::export::{MapExport, View, map_svg};
use ti_atlas::model::{Commune, Generation, LayerKind};

const INDICATOR: &str = "part_emploi_industrie";

/// The industrial share at the territories' maille, as the app and `export map` build it.
fn member_map() -> MapSpec {
    let settings = MapSettings {
        indicator: Some(INDICATOR.into()),
        ..MapSettings::default()
    };
    let thematics = MapThematics::build(&settings, dataset(), table());
    let spec = thematics.spec(&settings, &Arc::new(Vec::new()));
    let legend = &spec.choropleth.as_ref().expect("choropleth").legend;
    assert_eq!(legend.maille_fr(), "EPCI membres des territoires");
    spec
}

/// Every member with a value of every territory drawn in `comp` (or one of its insets) whose
/// place is not shown filled in its class's colour: the last filled feature over each of its
/// communes (its EPCI or EPT — the one drawn last —, or its territory's) must have that colour. One line per member, naming
/// the territory, the member and what is drawn.
fn unfilled_members(comp: &Composition, spec: &MapSpec) -> Vec<String> {
    let ds = dataset();
    let legend = &spec.choropleth.as_ref().expect("choropleth").legend;
    let series = ds
        .tables
        .indicators
        .iter()
        .find(|s| s.id.as_str() == INDICATOR)
        .expect("série");
    let epci_index: HashMap<&str, usize> = ds
        .tables
        .epci
        .iter()
        .enumerate()
        .map(|(i, e)| (e.siren.as_str(), i))
        .collect();
    let communes: HashMap<&str, &Commune> = ds
        .tables
        .communes
        .iter()
        .map(|c| (c.code.as_str(), c))
        .collect();
    let panes: Vec<&Composition> = std::iter::once(comp)
        .chain(comp.insets.iter().map(|i| &i.map))
        .collect();
    let mut out = Vec::new();
    let mut checked = 0;
    for (ti, t) in ds.territories(Generation::Temps2).enumerate() {
        let drawn_in = |pane: &Composition| {
            pane.layer(LayerId::Bundle(LayerKind::Ti2023))
                .is_some_and(|l| l.features.iter().any(|f| f.index == ti))
        };
        let Some(pane) = panes.iter().copied().find(|p| drawn_in(p)) else {
            continue;
        };
        let on_layer: HashSet<&str> = t
            .groupements
            .iter()
            .map(|g| g.siren.as_str())
            .filter(|s| epci_index.contains_key(s))
            .collect();
        let single: HashSet<&str> = t
            .groupements
            .iter()
            .filter_map(|g| g.commune.as_deref())
            .collect();
        for g in &t.groupements {
            let Some(&value) = series.values.get(&g.siren).filter(|v| v.is_finite()) else {
                continue;
            };
            checked += 1;
            let expected = legend
                .classification
                .class_of(value)
                .and_then(|c| legend.colours.get(c).copied());
            // The member's communes: its EPCI's or EPT's; for a member off the EPCI layer, the
            // territory's communes outside its members on the layer and single communes.
            let place: Vec<&Commune> = t
                .communes
                .iter()
                .filter_map(|c| communes.get(c.as_str()).copied())
                .filter(|c| {
                    if on_layer.contains(g.siren.as_str()) {
                        c.epci_layer_units().any(|u| u == g.siren)
                    } else {
                        !c.epci_layer_units().any(|u| on_layer.contains(u))
                            && !single.contains(c.code.as_str())
                    }
                })
                .collect();
            if place.is_empty() {
                out.push(format!(
                    "{} ({}) : {} ({}) n'a aucune commune dans le territoire",
                    t.id, t.name, g.name, g.siren
                ));
                continue;
            }
            for c in place {
                // On the EPCI layer, the last drawn of the commune's units (an EPT over the
                // Métropole du Grand Paris).
                let covering = |id: LayerId, features: &[ti_atlas::carto::FeatureDraw]| {
                    let units: Vec<usize> = match id {
                        LayerId::Bundle(LayerKind::Epci) => c
                            .epci_layer_units()
                            .filter_map(|e| epci_index.get(e).copied())
                            .collect(),
                        LayerId::Bundle(LayerKind::Ti2023) => vec![ti],
                        _ => Vec::new(),
                    };
                    features.iter().rfind(|f| units.contains(&f.index))?.fill
                };
                let top = pane
                    .layers
                    .iter()
                    .filter_map(|l| covering(l.id, &l.features))
                    .next_back()
                    .map(|f| f.rgb);
                if top.is_none() || top != expected {
                    out.push(format!(
                        "{} ({}) : {} ({}, {}\u{a0}%) dessiné {} à la commune {} ({}), attendu {:?}",
                        t.id,
                        t.name,
                        g.name,
                        g.siren,
                        format!("{value}").replace('.', ","),
                        top.map_or_else(|| "sans aplat".to_owned(), |c| format!("{c:?}")),
                        c.name,
                        c.code,
                        expected
                    ));
                    break;
                }
            }
        }
    }
    // Most members have a value: the check is not vacuous.
    assert!(checked > 500, "{checked} membres vérifiés");
    out
}

#[test]
fn every_member_with_a_value_is_drawn_filled_on_screen_and_on_paper() {
    let spec = member_map();
    // The screen's France view (mainland and Corsica).
    let frame = Rect::from_min_max(
        ti_atlas::carto::Pos::new(0.0, 0.0),
        ti_atlas::carto::Pos::new(1280.0, 800.0),
    );
    let view = ViewTransform::fit_lonlat(
        GeoRect::new(
            geo::Coord { x: -5.2, y: 41.3 },
            geo::Coord { x: 9.6, y: 51.1 },
        ),
        frame,
        0.0,
    );
    let screen = compose(scene(), &spec, &view, &[]);
    common::assert_no_violation(unfilled_members(&screen, &spec));
    // The check sees a member left out: without the EPT's features on the EPCI layer, it names
    // the three territories' EPT, and only them.
    let ept: HashSet<usize> = dataset()
        .tables
        .epci
        .iter()
        .enumerate()
        .filter(|(_, e)| e.is_ept())
        .map(|(i, _)| i)
        .collect();
    let mut without = screen.clone();
    for l in &mut without.layers {
        if l.id == LayerId::Bundle(LayerKind::Epci) {
            l.features.retain(|f| !ept.contains(&f.index));
        }
    }
    let v = unfilled_members(&without, &spec);
    let named: HashSet<&str> = v.iter().filter_map(|l| l.split(' ').next()).collect();
    assert_eq!(
        named,
        HashSet::from(["ti-1101", "ti-1104", "ti-1105"]),
        "{v:#?}"
    );
    // Paper: France entière on A4 landscape points, the insets with it.
    let export = MapExport::of_map(842.0, 595.0, View::France, spec, None, "06/12/2026");
    let (_, paper) = export.composition(scene());
    common::assert_no_violation(unfilled_members(&paper, &export.spec));
    // The SVG (and the PDF and PNG made from it) writes ti-1104's EPT Paris Terres d'Envol
    // filled, as a unit of the EPCI layer.
    let svg = map_svg(dataset(), scene(), &export);
    let part = svg
        .find(r#"id="epci-200058097""#)
        .expect("l'EPT Paris Terres d'Envol est écrit");
    let element = &svg[svg[..part].rfind('<').expect("élément")..];
    let element = &element[..element.find('>').expect("fin")];
    assert!(
        element.contains("fill=\"#") && !element.contains("fill=\"none\""),
        "{element}"
    );
    assert_eq!(svg.matches(r#"<path id="ti-1104""#).count(), 1);
}
