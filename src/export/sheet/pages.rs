//! Page layout of the A4 sheets: content is a flow of blocks (heading, paragraph lines, table
//! rows whose cells wrap), cut into pages so that a heading never ends a page, a paragraph or
//! table leaves at least two lines before a break and carries at least three after it, a
//! table's header is repeated on the pages it runs onto, and the last page never carries a
//! single line. The footer (every source, the imported files, the date) is sized to its
//! content and drawn in full on every page.

use super::super::A4_PORTRAIT;
use super::super::svg::{Anchor, Paint, Rgb, Svg, TextStyle};

pub const MARGIN: f64 = 36.0;
pub const INK: Rgb = [0x22, 0x22, 0x22];
pub const MUTED: Rgb = [0x5a, 0x5a, 0x5a];
pub const RULE: Rgb = [0xcc, 0xcc, 0xcc];
pub const ACCENT: Rgb = [0x0f, 0x37, 0x50];
const STRIPE: Rgb = [0xf3, 0xf5, 0xf7];
const HEADER_FILL: Rgb = [0xe4, 0xea, 0xef];
const FOOTER: f64 = 7.0;
/// Fewest lines of a paragraph or table left before a page break, and carried after it.
const MIN_BEFORE: usize = 2;
const MIN_AFTER: usize = 3;

/// Something drawn inside a block, relative to the block's top.
#[derive(Clone, Debug, PartialEq)]
enum Op {
    Text {
        x: f64,
        dy: f64,
        text: String,
        style: TextStyle,
    },
    Rect {
        x: f64,
        dy: f64,
        w: f64,
        h: f64,
        fill: Rgb,
    },
    Rule {
        x: f64,
        w: f64,
        dy: f64,
        colour: Rgb,
        width: f64,
    },
    /// A table cell holding the `texts` texts that follow (drawn as nothing: recorded for the
    /// layout check).
    Cell {
        x: f64,
        dy: f64,
        w: f64,
        h: f64,
        texts: usize,
    },
}

/// A piece of the flow that is never cut: one heading, one line, one table row.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub height: f64,
    ops: Vec<Op>,
    /// Blocks of one paragraph or table share a group.
    pub group: usize,
    /// Goes to the next page with the block after it (headings, table headers).
    pub keep_with_next: bool,
    /// A table header drawn again above this block when it starts a page.
    pub repeat: Option<usize>,
}

impl Block {
    fn new(height: f64, group: usize) -> Self {
        Block {
            height,
            ops: Vec::new(),
            group,
            keep_with_next: false,
            repeat: None,
        }
    }

    fn draw(&self, page: &mut Svg, y: f64) {
        for op in &self.ops {
            match op {
                Op::Text { x, dy, text, style } => page.text(*x, y + dy, text, *style),
                Op::Rect { x, dy, w, h, fill } => page.rect(*x, y + dy, *w, *h, Paint::fill(*fill)),
                Op::Rule {
                    x,
                    w,
                    dy,
                    colour,
                    width,
                } => page.line((*x, y + dy), (x + w, y + dy), *colour, *width),
                Op::Cell { x, dy, w, h, texts } => page.cell(*x, y + dy, *w, *h, *texts),
            }
        }
    }
}

/// The content of a sheet after its first-page header, as blocks.
#[derive(Default)]
pub struct Flow {
    pub blocks: Vec<Block>,
    groups: usize,
}

/// The width content may take.
pub fn content_width() -> f64 {
    A4_PORTRAIT.0 - 2.0 * MARGIN
}

impl Flow {
    fn group(&mut self) -> usize {
        self.groups += 1;
        self.groups
    }

    /// A section title with a rule under it; stays with what follows.
    pub fn heading(&mut self, text: &str) {
        let style = TextStyle::new(12.0).bold().colour(ACCENT);
        let group = self.group();
        let lines = style.wrap(text, content_width());
        let n = lines.len().max(1) as f64;
        let mut b = Block::new(8.0 + 16.0 * n + 5.0, group);
        for (k, line) in lines.into_iter().enumerate() {
            b.ops.push(Op::Text {
                x: MARGIN,
                dy: 8.0 + 12.0 + 16.0 * k as f64,
                text: line,
                style,
            });
        }
        b.ops.push(Op::Rule {
            x: MARGIN,
            w: content_width(),
            dy: 8.0 + 16.0 * n,
            colour: ACCENT,
            width: 0.8,
        });
        b.keep_with_next = true;
        self.blocks.push(b);
    }

    /// A paragraph wrapped to the width, one block per line. `keep_with_next` keeps its last
    /// line with what follows (a caption over a table).
    pub fn paragraph(&mut self, text: &str, style: TextStyle, keep_with_next: bool) {
        let group = self.group();
        let lines = style.wrap(text, content_width());
        let n = lines.len();
        for (k, line) in lines.into_iter().enumerate() {
            let mut b = Block::new(style.size * 1.35, group);
            b.ops.push(Op::Text {
                x: MARGIN,
                dy: style.size,
                text: line,
                style,
            });
            b.keep_with_next = keep_with_next && k + 1 == n;
            self.blocks.push(b);
        }
    }

    /// A small figure kept in one block (never cut): filled boxes (x, dy, w, h, fill) and texts
    /// (x, dy of the baseline, text, style), dy from the block's top.
    pub fn drawing(
        &mut self,
        height: f64,
        rects: &[(f64, f64, f64, f64, Rgb)],
        texts: &[(f64, f64, String, TextStyle)],
    ) {
        let group = self.group();
        let mut b = Block::new(height, group);
        for &(x, dy, w, h, fill) in rects {
            b.ops.push(Op::Rect { x, dy, w, h, fill });
        }
        for (x, dy, text, style) in texts {
            b.ops.push(Op::Text {
                x: *x,
                dy: *dy,
                text: text.clone(),
                style: *style,
            });
        }
        self.blocks.push(b);
    }

    /// Vertical space (kept with what follows, dropped nowhere: it is small).
    pub fn space(&mut self, h: f64) {
        let group = self.group();
        let mut b = Block::new(h, group);
        b.keep_with_next = true;
        self.blocks.push(b);
    }

    /// A table: column widths (fractions of the width), right-aligned columns, header, rows.
    /// Cells wrap inside their column; the header is repeated on each page the table runs
    /// onto.
    pub fn table(&mut self, widths: &[f64], right: &[bool], header: &[&str], rows: &[Vec<String>]) {
        let size = 8.5;
        let line_h = size * 1.25;
        let pad = size * 0.5;
        let total = content_width();
        let xs: Vec<f64> = widths
            .iter()
            .scan(MARGIN, |x, w| {
                let here = *x;
                *x += w * total;
                Some(here)
            })
            .collect();
        let group = self.group();
        let row_block = |cells: &[String], style: TextStyle, fill: Option<Rgb>| {
            let wrapped: Vec<Vec<String>> = cells
                .iter()
                .enumerate()
                .map(|(c, text)| {
                    let w = widths.get(c).copied().unwrap_or(0.0) * total - 6.0;
                    style.wrap(text, w.max(10.0))
                })
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let height = lines as f64 * line_h + 2.0 * pad;
            let mut b = Block::new(height, group);
            if let Some(fill) = fill {
                b.ops.push(Op::Rect {
                    x: MARGIN,
                    dy: 0.0,
                    w: total,
                    h: height,
                    fill,
                });
            }
            for (c, cell) in wrapped.into_iter().enumerate() {
                let (Some(&x), Some(&w)) = (xs.get(c), widths.get(c)) else {
                    continue;
                };
                let at_right = right.get(c).copied().unwrap_or(false);
                b.ops.push(Op::Cell {
                    x,
                    dy: 0.0,
                    w: w * total,
                    h: height,
                    texts: cell.len(),
                });
                for (k, line) in cell.into_iter().enumerate() {
                    let dy = pad + size + k as f64 * line_h - 1.0;
                    let (x, style) = if at_right {
                        (x + w * total - 3.0, style.anchor(Anchor::End))
                    } else {
                        (x + 3.0, style)
                    };
                    b.ops.push(Op::Text {
                        x,
                        dy,
                        text: line,
                        style,
                    });
                }
            }
            b
        };
        let header: Vec<String> = header.iter().map(|s| (*s).to_owned()).collect();
        let mut head = row_block(
            &header,
            TextStyle::new(size).bold().colour(INK),
            Some(HEADER_FILL),
        );
        head.keep_with_next = true;
        let head_index = self.blocks.len();
        self.blocks.push(head);
        for (i, row) in rows.iter().enumerate() {
            let fill = (i % 2 == 1).then_some(STRIPE);
            let mut b = row_block(row, TextStyle::new(size).colour(INK), fill);
            b.repeat = Some(head_index);
            self.blocks.push(b);
        }
        // Space after the table, kept with its last row.
        if let Some(last) = self.blocks.last_mut() {
            last.height += 4.0;
        }
    }
}

/// The first and last index of the group of block `i`.
fn group_bounds(blocks: &[Block], i: usize) -> (usize, usize) {
    let g = blocks.get(i).map_or(0, |b| b.group);
    let mut start = i;
    while start > 0 && blocks.get(start - 1).is_some_and(|b| b.group == g) {
        start -= 1;
    }
    let mut end = i;
    while blocks.get(end + 1).is_some_and(|b| b.group == g) {
        end += 1;
    }
    (start, end)
}

/// Where to break before block `i` (which does not fit) on a page that starts at block
/// `page_start`: moved earlier so that no heading ends the page, paragraphs and tables keep
/// two lines before the break and three after it, and the document does not end with fewer
/// than three blocks on a page. `i` itself when the rules cannot all be kept.
fn break_before(blocks: &[Block], page_start: usize, i: usize) -> usize {
    let mut b = i;
    for _ in 0..16 {
        let (start, end) = group_bounds(blocks, b);
        let first_here = start.max(page_start);
        let before = b - first_here;
        let after = end + 1 - b;
        let size = end + 1 - start;
        let mut nb = b;
        if before > 0 && before < MIN_BEFORE {
            nb = first_here;
        } else if before > 0 && after < MIN_AFTER && size > after {
            let want = (MIN_AFTER - after).min(before);
            nb = if before - want >= MIN_BEFORE {
                b - want
            } else {
                first_here
            };
        } else if before == 0 && blocks.len() - b < MIN_AFTER {
            nb = b.saturating_sub(MIN_AFTER - (blocks.len() - b));
        }
        while nb > page_start && blocks.get(nb - 1).is_some_and(|x| x.keep_with_next) {
            nb -= 1;
        }
        if nb >= b {
            break;
        }
        b = nb;
    }
    if b <= page_start { i } else { b }
}

/// Cuts the blocks into pages: the first page's content starts at `first_top`, the others at
/// `top`; content ends at `bottom`. Returns, per page, the blocks and their y (a repeated
/// table header appears on the page it heads).
pub fn paginate(blocks: &[Block], first_top: f64, top: f64, bottom: f64) -> Vec<Vec<(usize, f64)>> {
    let mut pages = Vec::new();
    let mut page: Vec<(usize, f64)> = Vec::new();
    let mut y = first_top;
    let mut page_start = 0;
    let mut i = 0;
    while let Some(block) = blocks.get(i) {
        let placed_here = page.iter().any(|&(k, _)| k >= page_start);
        if y + block.height <= bottom || !placed_here {
            page.push((i, y));
            y += block.height;
            i += 1;
            continue;
        }
        let at = break_before(blocks, page_start, i);
        page.retain(|&(k, _)| k < at);
        pages.push(std::mem::take(&mut page));
        y = top;
        page_start = at;
        i = at;
        if let Some(h) = blocks.get(at).and_then(|b| b.repeat)
            && let Some(head) = blocks.get(h)
        {
            page.push((h, y));
            y += head.height;
        }
    }
    if !page.is_empty() || pages.is_empty() {
        pages.push(page);
    }
    pages
}

/// The footer's lines as they will be drawn (wrapped).
fn footer_lines(footer: &[String]) -> Vec<String> {
    let style = TextStyle::new(FOOTER);
    let (w, _) = A4_PORTRAIT;
    footer
        .iter()
        .flat_map(|l| style.wrap(l, w - 2.0 * MARGIN - 50.0))
        .collect()
}

/// The lowest y the content may reach above a footer of these lines.
pub fn content_bottom(footer: &[String]) -> f64 {
    let n = footer_lines(footer).len() as f64;
    A4_PORTRAIT.1 - MARGIN - n * FOOTER * 1.3 - 10.0
}

/// An A4 page, white.
pub fn blank_page() -> Svg {
    let (w, h) = A4_PORTRAIT;
    let mut page = Svg::new(w, h);
    page.rect(0.0, 0.0, w, h, Paint::fill([255, 255, 255]));
    page
}

/// Top of the content on continuation pages (under the running title).
pub const CONTINUED_TOP: f64 = MARGIN + 22.0;

/// Draws the flow on `first` (whose own header ends at `first_top`) and on as many pages as
/// it needs, each with the running title "… (suite)" and the whole footer.
pub fn render(
    mut first: Svg,
    first_top: f64,
    flow: &Flow,
    running_title: &str,
    footer: &[String],
) -> Vec<Svg> {
    let bottom = content_bottom(footer);
    let layout = paginate(&flow.blocks, first_top, CONTINUED_TOP, bottom);
    let n = layout.len();
    let mut out = Vec::with_capacity(n);
    for (p, placed) in layout.into_iter().enumerate() {
        let mut page = if p == 0 {
            std::mem::replace(&mut first, blank_page())
        } else {
            let mut page = blank_page();
            page.text(
                MARGIN,
                MARGIN + 10.0,
                &format!("{running_title} (suite)"),
                TextStyle::new(10.0).colour(MUTED),
            );
            page
        };
        for (k, y) in placed {
            if let Some(b) = flow.blocks.get(k) {
                b.draw(&mut page, y);
            }
        }
        draw_footer(&mut page, footer, p + 1, n);
        out.push(page);
    }
    out
}

fn draw_footer(page: &mut Svg, footer: &[String], number: usize, pages: usize) {
    let (w, _) = A4_PORTRAIT;
    let style = TextStyle::new(FOOTER).colour(MUTED);
    let top = content_bottom(footer) + 6.0;
    page.line((MARGIN, top), (w - MARGIN, top), RULE, 0.5);
    let mut y = top + 2.0;
    for line in footer_lines(footer) {
        page.text(MARGIN, y + style.size, &line, style);
        y += style.size * 1.3;
    }
    page.text(
        w - MARGIN,
        top + 2.0 + style.size,
        &format!("page {number} / {pages}"),
        style.anchor(Anchor::End),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of height 10: (group, keep_with_next).
    fn blocks(spec: &[(usize, bool)]) -> Vec<Block> {
        spec.iter()
            .map(|&(group, keep)| Block {
                keep_with_next: keep,
                ..Block::new(10.0, group)
            })
            .collect()
    }

    fn starts(pages: &[Vec<(usize, f64)>]) -> Vec<usize> {
        pages
            .iter()
            .filter_map(|p| p.first().map(|x| x.0))
            .collect()
    }

    #[test]
    fn a_heading_never_ends_a_page() {
        // Page holds 5 blocks: 4 paragraph lines, then a heading and its paragraph.
        let b = blocks(&[
            (1, false),
            (1, false),
            (1, false),
            (1, false),
            (2, true),
            (3, false),
            (3, false),
            (3, false),
        ]);
        let pages = paginate(&b, 0.0, 0.0, 50.0);
        assert_eq!(starts(&pages), vec![0, 4]);
    }

    #[test]
    fn no_single_line_left_or_carried() {
        // A 7-line paragraph on pages of 5 lines: 4 + 3, not 5 + 2.
        let b = blocks(&[(1, false); 7]);
        let pages = paginate(&b, 0.0, 0.0, 50.0);
        assert_eq!(starts(&pages), vec![0, 4]);
        // A one-line note after a full page is joined by the lines before it.
        let b = blocks(&[
            (1, false),
            (1, false),
            (1, false),
            (1, false),
            (1, false),
            (2, false),
        ]);
        let pages = paginate(&b, 0.0, 0.0, 50.0);
        assert!(pages.iter().all(|p| p.len() >= 2), "{pages:?}");
        assert!(pages.last().is_some_and(|p| p.len() >= 3), "{pages:?}");
    }

    #[test]
    fn table_headers_repeat_on_continuation_pages() {
        let mut b = blocks(&[
            (1, true),
            (1, false),
            (1, false),
            (1, false),
            (1, false),
            (1, false),
            (1, false),
            (1, false),
        ]);
        for x in b.iter_mut().skip(1) {
            x.repeat = Some(0);
        }
        let pages = paginate(&b, 0.0, 0.0, 50.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].first().map(|x| x.0), Some(0), "header again");
        let rows: usize = pages
            .iter()
            .map(|p| p.iter().filter(|x| x.0 > 0).count())
            .sum();
        assert_eq!(rows, 7, "every row once");
    }

    #[test]
    fn a_block_taller_than_a_page_still_goes_somewhere() {
        let mut b = blocks(&[(1, false), (2, false)]);
        b[1].height = 500.0;
        let pages = paginate(&b, 0.0, 0.0, 50.0);
        let placed: usize = pages.iter().map(Vec::len).sum();
        assert_eq!(placed, 2);
    }
}
