//! A small SVG writer: the one drawing every export is made of (the SVG file as is, the PNG
//! rasterised from it, the PDF converted from it).

use std::fmt::Write as _;

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// Font family of every export text (embedded in the binary, see [`super::fonts`]).
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// Horizontal anchor of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A text's look.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    pub size: f64,
    pub bold: bool,
    pub colour: Rgb,
    pub anchor: Anchor,
}

impl TextStyle {
    pub fn new(size: f64) -> Self {
        TextStyle {
            size,
            bold: false,
            colour: [0x22, 0x22, 0x22],
            anchor: Anchor::Start,
        }
    }
    pub fn bold(self) -> Self {
        TextStyle { bold: true, ..self }
    }
    pub fn colour(self, colour: Rgb) -> Self {
        TextStyle { colour, ..self }
    }
    pub fn anchor(self, anchor: Anchor) -> Self {
        TextStyle { anchor, ..self }
    }

    /// Width of `text` in this style (from the embedded font's advances). Used to wrap lines
    /// and size boxes.
    pub fn width_of(&self, text: &str) -> f64 {
        crate::carto::text::text_width(text, self.size, self.bold)
    }

    /// `text` shortened with an ellipsis to fit `width`.
    pub fn truncate(&self, text: &str, width: f64) -> String {
        if self.width_of(text) <= width {
            return text.to_owned();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let candidate: String = chars.iter().collect::<String>().trim_end().to_owned() + "…";
            if self.width_of(&candidate) <= width {
                return candidate;
            }
        }
        "…".into()
    }

    /// `text` cut into lines no wider than `width`, at spaces (never at the no-break spaces
    /// inside French numbers: "1 250 000 €" stays on one line); a word wider than `width` is
    /// cut after its hyphens ("Sud-Seine-Essonne-" / "Sénart"), and a piece still wider
    /// between characters, rather than overflowing.
    pub fn wrap(&self, text: &str, width: f64) -> Vec<String> {
        let breakable =
            |c: char| c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}');
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split(breakable).filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width_of(&candidate) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone, cut after its hyphens if it is wider than a line, and a piece
            // still wider than a line between characters.
            for piece in word.split_inclusive('-') {
                let candidate = format!("{line}{piece}");
                if self.width_of(&candidate) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for ch in piece.chars() {
                    line.push(ch);
                    if self.width_of(&line) > width && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::take(&mut line));
                        line.push(ch);
                    }
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Fill and outline of a shape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Paint {
    pub fill: Option<(Rgb, f64)>,
    pub stroke: Option<(Rgb, f64)>,
}

impl Paint {
    pub fn fill(colour: Rgb) -> Self {
        Paint {
            fill: Some((colour, 1.0)),
            stroke: None,
        }
    }
    pub fn stroke(colour: Rgb, width: f64) -> Self {
        Paint {
            fill: None,
            stroke: Some((colour, width)),
        }
    }
    pub fn with_stroke(self, colour: Rgb, width: f64) -> Self {
        Paint {
            stroke: Some((colour, width)),
            ..self
        }
    }

    fn attributes(&self) -> String {
        let mut a = String::new();
        match self.fill {
            Some((c, o)) => {
                let _ = write!(a, r#" fill="{}""#, hex(c));
                if o < 1.0 {
                    let _ = write!(a, r#" fill-opacity="{o:.3}""#);
                }
            }
            None => a.push_str(r#" fill="none""#),
        }
        if let Some((c, w)) = self.stroke {
            let _ = write!(
                a,
                r#" stroke="{}" stroke-width="{w:.2}" stroke-linejoin="round""#,
                hex(c)
            );
        }
        a
    }
}

pub fn hex([r, g, b]: Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Text escaped for XML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// An SVG document being written; sizes in CSS pixels (1/96 in) or PDF points, as the caller
/// decides (the PDF conversion maps one unit to one point).
pub struct Svg {
    pub width: f64,
    pub height: f64,
    body: String,
    clip_count: usize,
    /// Every text written with [`Svg::text`] (not the map's names, which the composition
    /// lists): what the layout check measures.
    pub texts: Vec<crate::carto::layout_check::TextItem>,
    /// The table cells drawn (see [`Svg::cell`]): what the layout check holds their texts to.
    pub cells: Vec<crate::carto::layout_check::CellBox>,
}

impl Svg {
    pub fn new(width: f64, height: f64) -> Self {
        Svg {
            width,
            height,
            body: String::new(),
            clip_count: 0,
            texts: Vec::new(),
            cells: Vec::new(),
        }
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, paint: Paint) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}"{}/>"#,
            paint.attributes()
        );
    }

    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), colour: Rgb, width: f64) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{}" stroke-width="{width:.2}"/>"#,
            from.0,
            from.1,
            to.0,
            to.1,
            hex(colour)
        );
    }

    /// A path from its `d` attribute; `class` names what it is (tests count territories).
    /// Rings are filled even-odd (holes whatever their direction).
    pub fn path(&mut self, d: &str, paint: Paint, class: Option<&str>) {
        self.path_with_rule(d, paint, class, "evenodd", "");
    }

    /// As [`Svg::path`], with an `id` (a unit's path carries the unit's id).
    pub fn path_with_id(&mut self, d: &str, paint: Paint, class: Option<&str>, id: &str) {
        let attrs = format!(r#" id="{}""#, escape(id));
        self.path_with_rule(d, paint, class, "evenodd", &attrs);
    }

    /// A unit's path on a typology map: its id, and its category in `data-categorie` (none for a
    /// unit without one, whose fill is the "non renseigné" grey).
    pub fn unit_path(
        &mut self,
        d: &str,
        paint: Paint,
        class: Option<&str>,
        id: &str,
        category: Option<&str>,
    ) {
        let mut attrs = format!(r#" id="{}""#, escape(id));
        if let Some(category) = category {
            attrs.push_str(&format!(r#" data-categorie="{}""#, escape(category)));
        }
        self.path_with_rule(d, paint, class, "evenodd", &attrs);
    }

    /// A path whose rings follow the non-zero rule: overlapping pieces (vector tiles and their
    /// buffers) fill once instead of cancelling out.
    pub fn path_nonzero(&mut self, d: &str, paint: Paint, class: Option<&str>) {
        self.path_with_rule(d, paint, class, "nonzero", "");
    }

    fn path_with_rule(
        &mut self,
        d: &str,
        paint: Paint,
        class: Option<&str>,
        rule: &str,
        attrs: &str,
    ) {
        if d.is_empty() {
            return;
        }
        let class = class
            .map(|c| format!(r#" class="{}""#, escape(c)))
            .unwrap_or_default();
        let _ = writeln!(
            self.body,
            r#"<path{attrs}{class} d="{d}" fill-rule="{rule}"{}/>"#,
            paint.attributes()
        );
    }

    /// A proportional symbol (a circle, or a square of side `2 r`) standing for `unit`: its own
    /// element, with the unit's id in `data-unite` and the value in `data-valeur`.
    #[allow(clippy::too_many_arguments)]
    pub fn symbol(
        &mut self,
        cx: f64,
        cy: f64,
        r: f64,
        square: bool,
        paint: Paint,
        unit: &str,
        value: f64,
    ) {
        let unit = escape(unit);
        if square {
            let _ = writeln!(
                self.body,
                r#"<rect id="symbole-{unit}" class="symbole" data-unite="{unit}" data-valeur="{value}" x="{:.3}" y="{:.3}" width="{:.3}" height="{:.3}"{}/>"#,
                cx - r,
                cy - r,
                2.0 * r,
                2.0 * r,
                paint.attributes()
            );
        } else {
            let _ = writeln!(
                self.body,
                r#"<circle id="symbole-{unit}" class="symbole" data-unite="{unit}" data-valeur="{value}" cx="{cx:.3}" cy="{cy:.3}" r="{r:.3}"{}/>"#,
                paint.attributes()
            );
        }
    }

    pub fn ellipse(&mut self, cx: f64, cy: f64, rx: f64, ry: f64, paint: Paint) {
        let _ = writeln!(
            self.body,
            r#"<ellipse cx="{cx:.2}" cy="{cy:.2}" rx="{rx:.2}" ry="{ry:.2}"{}/>"#,
            paint.attributes()
        );
    }

    /// An image embedded in the document (a `data:` URL of its bytes), stretched to its box.
    pub fn image(&mut self, x: f64, y: f64, w: f64, h: f64, mime: &str, bytes: &[u8]) {
        use base64::Engine as _;
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        let _ = writeln!(
            self.body,
            r#"<image x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" preserveAspectRatio="none" href="data:{mime};base64,{data}"/>"#
        );
    }

    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, paint: Paint) {
        let _ = writeln!(
            self.body,
            r#"<circle cx="{cx:.2}" cy="{cy:.2}" r="{r:.2}"{}/>"#,
            paint.attributes()
        );
    }

    /// Records a table cell (nothing is drawn) holding the next `texts` texts written with
    /// [`Svg::text`].
    pub fn cell(&mut self, x: f64, y: f64, w: f64, h: f64, texts: usize) {
        let first = self.texts.len();
        self.cells.push(crate::carto::layout_check::CellBox {
            rect: crate::carto::Rect::from_min_max(
                crate::carto::Pos::new(x, y),
                crate::carto::Pos::new(x + w, y + h),
            ),
            texts: first..first + texts,
        });
    }

    pub fn text(&mut self, x: f64, y: f64, text: &str, style: TextStyle) {
        self.record(x, y, text, style);
        self.text_element(x, y, text, style, "");
    }

    fn record(&mut self, x: f64, y: f64, text: &str, style: TextStyle) {
        let anchor = match style.anchor {
            Anchor::Start => 0.0,
            Anchor::Middle => 0.5,
            Anchor::End => 1.0,
        };
        self.texts
            .push(crate::carto::layout_check::TextItem::at_baseline(
                text, x, y, style.size, style.bold, anchor,
            ));
    }

    /// A text with a white halo under it (names over the map).
    pub fn text_with_halo(&mut self, x: f64, y: f64, text: &str, style: TextStyle, halo: f64) {
        let halo = format!(
            r##" stroke="#ffffff" stroke-width="{halo:.2}" stroke-linejoin="round" paint-order="stroke""##
        );
        self.record(x, y, text, style);
        self.text_element(x, y, text, style, &halo);
    }

    /// A name on the map: text with its halo, class `nom` and the kind of name (`kind`:
    /// `nom-territoire`, `nom-commune`…), and the id of the unit it names.
    #[allow(clippy::too_many_arguments)]
    pub fn label(
        &mut self,
        x: f64,
        y: f64,
        text: &str,
        style: TextStyle,
        halo: f64,
        unit: Option<&str>,
        kind: &str,
    ) {
        let unit = unit
            .map(|u| format!(r#" data-unite="{}""#, escape(u)))
            .unwrap_or_default();
        let extra = format!(
            r##" class="nom {kind}"{unit} stroke="#fafaf7" stroke-opacity="0.9" stroke-width="{halo:.2}" stroke-linejoin="round" paint-order="stroke""##
        );
        self.text_element(x, y, text, style, &extra);
    }

    /// A `<text>` element with `extra` attributes.
    fn text_element(&mut self, x: f64, y: f64, text: &str, style: TextStyle, extra: &str) {
        let anchor = match style.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let weight = if style.bold { "bold" } else { "normal" };
        let _ = writeln!(
            self.body,
            r#"<text x="{x:.2}" y="{y:.2}" font-family="{FONT_FAMILY}" font-size="{:.2}" font-weight="{weight}" text-anchor="{anchor}" fill="{}"{extra}>{}</text>"#,
            style.size,
            hex(style.colour),
            escape(text)
        );
    }

    /// Lines of text from `y` down; returns the y below the last line.
    pub fn text_lines(&mut self, x: f64, y: f64, lines: &[String], style: TextStyle) -> f64 {
        let mut y = y;
        for line in lines {
            self.text(x, y + style.size, line, style);
            y += style.size * 1.3;
        }
        y
    }

    /// Starts a group clipped to a rectangle; close it with [`Svg::end_group`].
    pub fn begin_clip(&mut self, x: f64, y: f64, w: f64, h: f64) {
        self.clip_count += 1;
        let id = format!("clip{}", self.clip_count);
        let _ = writeln!(
            self.body,
            r#"<clipPath id="{id}"><rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}"/></clipPath><g clip-path="url(#{id})">"#
        );
    }

    /// Starts a named group (a layer).
    pub fn begin_group(&mut self, id: &str) {
        let _ = writeln!(self.body, r#"<g id="{}">"#, escape(id));
    }

    /// Starts a group that Inkscape shows as a layer named `label` (Illustrator keeps the id).
    pub fn begin_layer(&mut self, id: &str, label: &str) {
        let _ = writeln!(
            self.body,
            r#"<g id="{}" inkscape:groupmode="layer" inkscape:label="{}">"#,
            escape(id),
            escape(label)
        );
    }

    pub fn end_group(&mut self) {
        self.body.push_str("</g>\n");
    }

    /// A finished drawing (`svg`, from [`Svg::finish`]) set inside a page `width` × `height`
    /// with a `margin` of `background` around it.
    pub fn with_margin(svg: &str, margin: f64, width: f64, height: f64, background: Rgb) -> String {
        let body = svg
            .find("<svg ")
            .and_then(|start| svg[start..].find('>').map(|end| start + end + 1))
            .and_then(|open| svg.rfind("</svg>").map(|close| &svg[open..close]))
            .unwrap_or("");
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" width=\"{width:.2}\" height=\"{height:.2}\" viewBox=\"0 0 {width:.2} {height:.2}\">\n<rect x=\"0\" y=\"0\" width=\"{width:.2}\" height=\"{height:.2}\" fill=\"{}\"/>\n<g id=\"page\" transform=\"translate({margin:.2},{margin:.2})\">{body}</g>\n</svg>\n",
            hex(background)
        )
    }

    pub fn finish(self) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" width=\"{w:.2}\" height=\"{h:.2}\" viewBox=\"0 0 {w:.2} {h:.2}\">\n{}</svg>\n",
            self.body,
            w = self.width,
            h = self.height
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hyphenated_name_wider_than_its_line_is_cut_after_a_hyphen() {
        let style = TextStyle::new(20.0).bold();
        let name = "Grand Paris Sud-Seine-Essonne-Sénart";
        let width = 293.0;
        assert!(style.width_of("Sud-Seine-Essonne-Sénart") > width);
        let lines = style.wrap(name, width);
        assert_eq!(lines, ["Grand Paris", "Sud-Seine-Essonne-", "Sénart"]);
        assert!(lines.iter().all(|l| style.width_of(l) <= width));
    }

    #[test]
    fn text_is_escaped_and_wrapped() {
        assert_eq!(
            escape("A & B <c> \"d\""),
            "A &amp; B &lt;c&gt; &quot;d&quot;"
        );
        let style = TextStyle::new(10.0);
        let lines = style.wrap("Part des emplois dans l'industrie en 2022", 100.0);
        assert!(lines.len() > 1);
        assert!(
            lines
                .iter()
                .all(|l| style.width_of(l) <= 100.0 || !l.contains(' '))
        );
        assert_eq!(lines.join(" "), "Part des emplois dans l'industrie en 2022");
    }

    #[test]
    fn a_document_has_its_size_and_shapes() {
        let mut svg = Svg::new(200.0, 100.0);
        svg.rect(0.0, 0.0, 200.0, 100.0, Paint::fill([255, 255, 255]));
        svg.path(
            "M0 0L10 0L10 10Z",
            Paint::fill([1, 2, 3]),
            Some("territoire"),
        );
        svg.path("", Paint::fill([1, 2, 3]), None);
        let s = svg.finish();
        assert!(s.contains(r#"viewBox="0 0 200.00 100.00""#));
        assert_eq!(s.matches("<path").count(), 1);
        assert!(s.contains(r##"fill="#010203""##));
    }
}
