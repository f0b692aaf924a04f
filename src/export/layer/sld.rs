//! The SLD (OGC Symbology Encoding 1.1) of an exported layer, for QGIS ("Charger le style") and
//! other GIS: the same rules as the .qml ([`super::qml`]), one per class of the first indicator
//! (filter on its class field, the class's colour) and an else rule for the units without a
//! value, in the map's grey.

use super::qml::{outline_mm, xml_escape};
use super::{IndicatorStyle, LayerTable, hex};
use crate::model::indicators::choropleth::Rgb;

fn rule(
    name: &str,
    title: &str,
    filter: Option<(&str, usize)>,
    fill: Option<(Rgb, f32)>,
    outline: Rgb,
    width_mm: f64,
) -> String {
    let filter = match filter {
        Some((field, n)) => format!(
            "        <ogc:Filter>\n          <ogc:PropertyIsEqualTo>\n            \
             <ogc:PropertyName>{}</ogc:PropertyName>\n            <ogc:Literal>{n}</ogc:Literal>\n          \
             </ogc:PropertyIsEqualTo>\n        </ogc:Filter>\n",
            xml_escape(field)
        ),
        None => "        <se:ElseFilter/>\n".to_owned(),
    };
    let fill = match fill {
        Some((rgb, opacity)) => format!(
            "          <se:Fill>\n            <se:SvgParameter name=\"fill\">{}</se:SvgParameter>\n            \
             <se:SvgParameter name=\"fill-opacity\">{}</se:SvgParameter>\n          </se:Fill>\n",
            hex(rgb),
            (f64::from(opacity) * 100.0).round() / 100.0
        ),
        None => String::new(),
    };
    // SE widths are in pixels of 0.28 mm.
    let width_px = (width_mm / 0.28 * 100.0).round() / 100.0;
    format!(
        "      <se:Rule>\n        <se:Name>{}</se:Name>\n        <se:Description>\n          \
         <se:Title>{}</se:Title>\n        </se:Description>\n{filter}        <se:PolygonSymbolizer>\n{fill}          \
         <se:Stroke>\n            <se:SvgParameter name=\"stroke\">{}</se:SvgParameter>\n            \
         <se:SvgParameter name=\"stroke-width\">{width_px}</se:SvgParameter>\n            \
         <se:SvgParameter name=\"stroke-linejoin\">round</se:SvgParameter>\n          </se:Stroke>\n        \
         </se:PolygonSymbolizer>\n      </se:Rule>\n",
        xml_escape(name),
        xml_escape(title),
        hex(outline)
    )
}

/// The .sld text (see [`super::qml::qml`] for `style`).
pub fn sld(table: &LayerTable, style: Option<(&IndicatorStyle, &str)>) -> String {
    let look = table.look;
    let mut rules = String::new();
    match style {
        Some((s, field)) => {
            let width = outline_mm(look.width.min(1.0));
            for (k, (label, colour)) in s.classes().into_iter().enumerate() {
                rules.push_str(&rule(
                    &format!("classe {}", k + 1),
                    &label,
                    Some((field, k + 1)),
                    Some((colour, 1.0)),
                    look.outline,
                    width,
                ));
            }
            rules.push_str(&rule(
                "sans valeur",
                s.missing_label(),
                None,
                Some((s.legend.missing_colour, 1.0)),
                look.outline,
                width,
            ));
        }
        None => rules.push_str(&rule(
            "tous",
            &table.title,
            None,
            look.fill,
            look.outline,
            outline_mm(look.width),
        )),
    }
    let title = match style {
        Some((s, _)) => format!("{} — {}", table.title, s.legend.title),
        None => table.title.clone(),
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<StyledLayerDescriptor version=\"1.1.0\" \
         xmlns=\"http://www.opengis.net/sld\" xmlns:ogc=\"http://www.opengis.net/ogc\" \
         xmlns:se=\"http://www.opengis.net/se\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.opengis.net/sld \
         http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n  <NamedLayer>\n    \
         <se:Name>{}</se:Name>\n    <UserStyle>\n      <se:Name>{}</se:Name>\n      \
         <se:FeatureTypeStyle>\n{rules}      </se:FeatureTypeStyle>\n    </UserStyle>\n  \
         </NamedLayer>\n</StyledLayerDescriptor>\n",
        xml_escape(&table.name),
        xml_escape(&title)
    )
}
