//! One annotation of each kind on real places, for the tests of the page and the goldens.

use ti_atlas::carto::annotations::{Annotation, AnnotationId, AnnotationKind, ImageData, Place};
use ti_atlas::model::{LayerKind, UnitRef};

/// A PNG of 40 × 20 pixels (one red row repeated), made here so the test owns its bytes.
pub fn tiny_png() -> Vec<u8> {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#c00"/></svg>"##;
    ti_atlas::export::render::png(svg, 1.0, 96.0).expect("png")
}

pub fn every_kind() -> Vec<Annotation> {
    let colour = [0xb0, 0x1c, 0x2e];
    let kinds = vec![
        AnnotationKind::Texte {
            at: Place::Geo {
                lon: -1.6,
                lat: 47.3,
            },
            text: "Estuaire\nde la Loire".into(),
            size: 14.0,
        },
        AnnotationKind::Bulle {
            target: Place::Geo {
                lon: 4.83,
                lat: 45.76,
            },
            at: Place::Frame { x: 0.62, y: 0.42 },
            text: "Nouvelle usine".into(),
            size: 14.0,
        },
        AnnotationKind::Fleche {
            from: Place::Frame { x: 0.3, y: 0.8 },
            to: Place::Geo {
                lon: 2.35,
                lat: 48.85,
            },
            width: 2.0,
        },
        AnnotationKind::Rectangle {
            from: Place::Geo {
                lon: 5.5,
                lat: 44.0,
            },
            to: Place::Geo {
                lon: 7.5,
                lat: 43.0,
            },
            width: 2.0,
            filled: true,
        },
        AnnotationKind::Ellipse {
            from: Place::Geo {
                lon: -4.8,
                lat: 48.8,
            },
            to: Place::Geo {
                lon: -2.0,
                lat: 47.6,
            },
            width: 2.0,
            filled: false,
        },
        AnnotationKind::Surlignage {
            unit: UnitRef::new(LayerKind::Ti2023, "ti-8402"),
            width: 3.0,
        },
        AnnotationKind::Image {
            at: Place::Frame { x: 0.42, y: 0.86 },
            width: 60.0,
            image: ImageData::new(false, 40, 20, tiny_png()),
        },
    ];
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| Annotation {
            id: AnnotationId(i as u32 + 1),
            colour,
            kind,
        })
        .collect()
}
