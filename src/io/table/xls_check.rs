//! An Excel 97-2003 workbook's size once calamine reads it. calamine holds every sheet of an .xls
//! as a dense range from its first to its last value, built when the workbook is opened: one
//! value in IV65536 of a 5 KB file cost 1.1 GB, and a few such sheets more. The workbook stream is
//! found in the OLE container (a minimal reader of its sector chains, every chain bounded) and its
//! cell records scanned for each sheet's extent before calamine opens it.

/// The largest number of sectors followed in one chain (a loop in a damaged file stops there).
const MAX_CHAIN: usize = 1 << 22;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// A compound file's sectors and allocation table.
struct Cfb<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
}

impl Cfb<'_> {
    fn sector(&self, n: u32) -> Option<&[u8]> {
        let start = (n as usize).checked_add(1)?.checked_mul(self.sector)?;
        self.bytes.get(start..start.checked_add(self.sector)?)
    }

    /// The bytes of the chain starting at `start`, at most `limit` of them.
    fn chain(
        &self,
        start: u32,
        table: &[u32],
        limit: usize,
        read: impl Fn(u32) -> Option<Vec<u8>>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let mut n = start;
        for _ in 0..MAX_CHAIN {
            if n >= 0xFFFF_FFFA || out.len() >= limit {
                break;
            }
            match read(n) {
                Some(s) => out.extend_from_slice(&s),
                None => break,
            }
            n = table.get(n as usize).copied().unwrap_or(0xFFFF_FFFE);
        }
        out.truncate(limit);
        out
    }

    fn big_chain(&self, start: u32, limit: usize) -> Vec<u8> {
        self.chain(start, &self.fat, limit, |n| {
            self.sector(n).map(<[u8]>::to_vec)
        })
    }
}

/// The "Workbook" (or "Book") stream of an OLE compound file, None when it cannot be found.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let shift = u16_at(bytes, 0x1E)?;
    if !(7..=16).contains(&shift) {
        return None;
    }
    let sector = 1usize << shift;
    let mini_shift = u16_at(bytes, 0x20)?.min(16);
    // The allocation table's sectors: 109 in the header, then the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .filter(|&s| s < 0xFFFF_FFFA)
        .collect();
    let mut difat = u32_at(bytes, 0x44)?;
    let per_sector = sector / 4;
    for _ in 0..MAX_CHAIN {
        if difat >= 0xFFFF_FFFA {
            break;
        }
        let start = (difat as usize + 1) * sector;
        let Some(s) = bytes.get(start..start + sector) else {
            break;
        };
        fat_sectors.extend(
            (0..per_sector - 1)
                .filter_map(|i| u32_at(s, 4 * i))
                .filter(|&x| x < 0xFFFF_FFFA),
        );
        difat = u32_at(s, sector - 4).unwrap_or(0xFFFF_FFFE);
        if fat_sectors.len() * per_sector > bytes.len() {
            break;
        }
    }
    let mut cfb = Cfb {
        bytes,
        sector,
        fat: Vec::new(),
    };
    let mut fat = Vec::new();
    for s in &fat_sectors {
        let Some(data) = cfb.sector(*s) else {
            break;
        };
        fat.extend((0..per_sector).filter_map(|i| u32_at(data, 4 * i)));
        if fat.len() > bytes.len() {
            break;
        }
    }
    cfb.fat = fat;
    let directory = cfb.big_chain(u32_at(bytes, 0x30)?, bytes.len());
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let root = entries.first()?;
    let name_of = |e: &[u8]| -> String {
        let len = (u16_at(e, 0x40).unwrap_or(0) as usize).min(64);
        let units: Vec<u16> = (0..len / 2)
            .filter_map(|i| u16_at(e, 2 * i))
            .take_while(|&u| u != 0)
            .collect();
        String::from_utf16_lossy(&units)
    };
    let entry = entries
        .iter()
        .find(|e| e.get(0x42) == Some(&2) && matches!(name_of(e).as_str(), "Workbook" | "Book"))?;
    let start = u32_at(entry, 0x74)?;
    let size = (u32_at(entry, 0x78)? as usize).min(bytes.len());
    let cutoff = u32_at(bytes, 0x38).unwrap_or(4096) as usize;
    if size >= cutoff {
        return Some(cfb.big_chain(start, size));
    }
    // A small stream lives in the mini stream (the root's chain), by 64-byte mini sectors.
    let mini_stream = cfb.big_chain(u32_at(root, 0x74)?, bytes.len());
    let mini_fat_bytes = cfb.big_chain(u32_at(bytes, 0x3C)?, bytes.len());
    let mini_fat: Vec<u32> = (0..mini_fat_bytes.len() / 4)
        .filter_map(|i| u32_at(&mini_fat_bytes, 4 * i))
        .collect();
    let mini = 1usize << mini_shift;
    Some(cfb.chain(start, &mini_fat, size, |n| {
        let at = (n as usize).checked_mul(mini)?;
        mini_stream.get(at..at + mini).map(<[u8]>::to_vec)
    }))
}

/// Cells of all the worksheets of an .xls once calamine makes them dense ranges (rows × columns
/// from the first value to the last, each sheet), or None when the stream cannot be found (left
/// to calamine, which says why).
pub fn unfolded_cells(bytes: &[u8]) -> Option<u64> {
    let stream = workbook_stream(bytes)?;
    let mut total = 0u64;
    // Per substream: min row, max row, min column, max column of the values.
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    fn add(b: &mut Option<(u32, u32, u32, u32)>, row: u32, first: u32, last: u32) {
        *b = Some(match *b {
            None => (row, row, first, last),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(first), c1.max(last)),
        });
    }
    let mut pos = 0usize;
    while let (Some(kind), Some(len)) = (u16_at(&stream, pos), u16_at(&stream, pos + 2)) {
        let data = stream.get(pos + 4..pos + 4 + len as usize).unwrap_or(&[]);
        pos += 4 + len as usize;
        match kind {
            // BOF: a new substream.
            0x0809 => bounds = None,
            // EOF: the sheet's dense size.
            0x000A => {
                if let Some((r0, r1, c0, c1)) = bounds.take() {
                    let cells = u64::from(r1 - r0 + 1) * u64::from(c1.saturating_sub(c0) + 1);
                    total = total.saturating_add(cells);
                }
            }
            // Formula, LabelSst, Number, Label, RString, BoolErr, Rk: one cell.
            0x0006 | 0x00FD | 0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    add(&mut bounds, row.into(), col.into(), col.into());
                }
            }
            // MulRk: a row of cells, the last column at the end.
            0x00BD => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                ) {
                    add(
                        &mut bounds,
                        row.into(),
                        first.into(),
                        u32::from(last).max(first.into()),
                    );
                }
            }
            _ => {}
        }
    }
    if let Some((r0, r1, c0, c1)) = bounds {
        total = total.saturating_add(u64::from(r1 - r0 + 1) * u64::from(c1.saturating_sub(c0) + 1));
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extent_of_each_sheet_is_read_from_the_cell_records() {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/");
        // "Notes" is empty; "Données" holds 3 rows × 2 columns.
        let small = std::fs::read(format!("{fixtures}codes-excel97.xls")).expect("xls");
        assert_eq!(unfolded_cells(&small), Some(6));
        // A value in IV65536: 65,536 rows × 256 columns.
        let far = std::fs::read(format!("{fixtures}loin-iv65536.xls")).expect("xls");
        assert_eq!(unfolded_cells(&far), Some(65_536 * 256));
        // Not a compound file, or a truncated one: left to calamine.
        assert_eq!(unfolded_cells(b"pas un classeur"), None);
        assert!(unfolded_cells(small.get(..600).expect("head")).unwrap_or(0) < 6);
    }
}
