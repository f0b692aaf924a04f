//! The 3 × 3 palette of bivariate maps.
//!
//! Joshua Stevens' grey–teal–pink scheme ("pink–blue"), from his guide "Bivariate Choropleth
//! Maps: A How-to Guide" (joshuastevens.net/cartography/make-a-bivariate-choropleth-map/, 2015),
//! also distributed as `stevens.pinkblue` in the R package `pals` (K. Wright) and as "GrPink" in
//! `biscale`. Light grey where both values are low; the first axis (x) goes to teal, the second
//! (y) to pink; dark blue-violet where both are high.

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// `GRID[y][x]`: class `x` (0 = low tercile) on the first axis, `y` on the second.
pub const GRID: [[u32; 3]; 3] = [
    [0xe8e8e8, 0xace4e4, 0x5ac8c8],
    [0xdfb0d6, 0xa5add3, 0x5698b9],
    [0xbe64ac, 0x8c62aa, 0x3b4994],
];

/// The colour of the cell (x, y), classes 0 to 2; None outside the grid.
pub fn colour(x: usize, y: usize) -> Option<Rgb> {
    let hex = *GRID.get(y)?.get(x)?;
    let [_, r, g, b] = hex.to_be_bytes();
    Some([r, g, b])
}

#[cfg(test)]
mod tests {
    use super::super::colour::{delta_e, lightness};
    use super::*;

    #[test]
    fn every_cell_is_distinct_and_darkens_along_both_axes() {
        for y in 0..3 {
            for x in 0..3 {
                let c = colour(x, y).expect("cell");
                if x < 2 {
                    let right = colour(x + 1, y).expect("cell");
                    assert!(delta_e(c, right) > 10.0, "({x},{y})");
                    assert!(lightness(right) < lightness(c), "({x},{y}) → x+1");
                }
                if y < 2 {
                    let up = colour(x, y + 1).expect("cell");
                    assert!(delta_e(c, up) > 10.0, "({x},{y})");
                    assert!(lightness(up) < lightness(c), "({x},{y}) → y+1");
                }
            }
        }
        assert_eq!(colour(0, 0), Some([0xe8, 0xe8, 0xe8]));
        assert_eq!(colour(2, 2), Some([0x3b, 0x49, 0x94]));
        assert_eq!(colour(3, 0), None);
    }
}
