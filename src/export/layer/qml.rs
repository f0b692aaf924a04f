//! The QGIS style (.qml) of an exported layer: a rule-based renderer with one rule per class of
//! the first indicator (filter on its class field, label "12,5 – 40,0" as the legend's, fill the
//! class's colour), an ELSE rule in the map's grey for the units without a value (labelled with
//! the legend's "non disponible"), outlines in the colour and width the map gives the layer.
//! Without an indicator, one rule in the layer's own look. Symbol properties are written in both
//! forms QGIS reads (`<prop>` before 3.26, `<Option>` since).

use super::{IndicatorStyle, LayerTable};
use crate::model::indicators::choropleth::Rgb;

/// Text for an XML attribute or element.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Outline width in millimetres for a width in screen points (1 pt = 0.3528 mm).
pub fn outline_mm(points: f32) -> f64 {
    (f64::from(points) * 0.3528 * 100.0).round() / 100.0
}

fn rgba(rgb: Rgb, alpha: u8) -> String {
    format!("{},{},{},{alpha}", rgb[0], rgb[1], rgb[2])
}

fn fill_symbol(name: usize, fill: Option<(Rgb, u8)>, outline: Rgb, width_mm: f64) -> String {
    let (colour, style) = match fill {
        Some((rgb, alpha)) => (rgba(rgb, alpha), "solid"),
        None => ("0,0,0,0".to_owned(), "no"),
    };
    let props = [
        ("color", colour),
        ("outline_color", rgba(outline, 255)),
        ("outline_style", "solid".to_owned()),
        ("outline_width", width_mm.to_string()),
        ("outline_width_unit", "MM".to_owned()),
        ("style", style.to_owned()),
        ("joinstyle", "round".to_owned()),
    ];
    let mut out = format!(
        "      <symbol type=\"fill\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" \
         force_rhr=\"0\">\n        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" \
         pass=\"0\">\n          <Option type=\"Map\">\n"
    );
    for (k, v) in &props {
        out.push_str(&format!(
            "            <Option name=\"{k}\" type=\"QString\" value=\"{}\"/>\n",
            xml_escape(v)
        ));
    }
    out.push_str("          </Option>\n");
    for (k, v) in &props {
        out.push_str(&format!(
            "          <prop k=\"{k}\" v=\"{}\"/>\n",
            xml_escape(v)
        ));
    }
    out.push_str("        </layer>\n      </symbol>\n");
    out
}

/// The .qml text. `style`: the indicator's classes and the name of its class field in this
/// format.
pub fn qml(table: &LayerTable, style: Option<(&IndicatorStyle, &str)>) -> String {
    let look = table.look;
    let width = outline_mm(look.width.min(1.0));
    let mut rules = String::new();
    let mut symbols = String::new();
    match style {
        Some((s, field)) => {
            let field_ref = xml_escape(&format!("\"{}\"", field.replace('"', "\"\"")));
            for (k, (label, colour)) in s.classes().into_iter().enumerate() {
                rules.push_str(&format!(
                    "      <rule key=\"classe{n}\" symbol=\"{k}\" label=\"{}\" filter=\"{field_ref} = {n}\"/>\n",
                    xml_escape(&label),
                    n = k + 1
                ));
                symbols.push_str(&fill_symbol(k, Some((colour, 255)), look.outline, width));
            }
            let k = s.legend.colours.len();
            rules.push_str(&format!(
                "      <rule key=\"sans_valeur\" symbol=\"{k}\" label=\"{}\" filter=\"ELSE\"/>\n",
                s.missing_label()
            ));
            symbols.push_str(&fill_symbol(
                k,
                Some((s.legend.missing_colour, 255)),
                look.outline,
                width,
            ));
        }
        None => {
            rules.push_str(&format!(
                "      <rule key=\"tous\" symbol=\"0\" label=\"{}\"/>\n",
                xml_escape(&table.title)
            ));
            let fill = look
                .fill
                .map(|(rgb, opacity)| (rgb, (opacity * 255.0).round().clamp(0.0, 255.0) as u8));
            symbols.push_str(&fill_symbol(0, fill, look.outline, outline_mm(look.width)));
        }
    }
    let title = match style {
        Some((s, _)) => format!("{} — {} ({})", table.title, s.legend.title, s.legend.method),
        None => table.title.clone(),
    };
    format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n\
         <!-- {comment} : classes et couleurs de la carte ti-atlas -->\n\
         <qgis version=\"3.28.0\" styleCategories=\"Symbology\">\n  \
         <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" \
         forceraster=\"0\" referencescale=\"-1\">\n    <rules key=\"racine\">\n{rules}    \
         </rules>\n    <symbols>\n{symbols}    </symbols>\n  </renderer-v2>\n  \
         <layerGeometryType>2</layerGeometryType>\n</qgis>\n",
        comment = xml_escape(&title).replace("--", "—"),
    )
}
