//! A shapefile's records checked before the `shapefile` crate reads them: the crate reserves
//! room for the number of parts and points a record declares, so a few damaged bytes could ask
//! for gigabytes. Each record the index (.shx) points to must hold what its header announces,
//! and its parts must start at points within its count; the check reads each record's header
//! and part indexes, in time linear in the file's size.

use std::io::{Read, Seek, SeekFrom};

use super::VectorError;

/// Bytes of a .shp or .shx file header, and of a record header in the .shp.
const FILE_HEADER: u64 = 100;
const RECORD_HEADER: u64 = 8;

/// What a record's content must hold at least, in bytes, for the counts it declares (X and Y
/// only: Z and M arrays add to it, and are allocated from the same counts).
fn least_content(shape_type: i32, parts: u64, points: u64) -> Option<u64> {
    match shape_type {
        // Polyline, polygon and their Z and M forms: type, box, counts, parts, points.
        3 | 5 | 13 | 15 | 23 | 25 => Some(44 + 4 * parts + 16 * points),
        // Multipatch: a part type besides each part index.
        31 => Some(44 + 8 * parts + 16 * points),
        // Multipoint and its Z and M forms: type, box, count, points.
        8 | 18 | 28 => Some(40 + 16 * points),
        _ => None,
    }
}

/// A file read at chosen places through one buffer: records follow each other, so most moves
/// stay within what was already read.
struct Places<R> {
    reader: std::io::BufReader<R>,
    pos: u64,
}

impl<R: Read + Seek> Places<R> {
    fn read_at(&mut self, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
        let delta = i64::try_from(at).unwrap_or(i64::MAX) - i64::try_from(self.pos).unwrap_or(0);
        self.reader.seek_relative(delta)?;
        self.reader.read_exact(buf)?;
        self.pos = at + buf.len() as u64;
        Ok(())
    }
}

/// Checks every record the index points to.
pub fn check_records(
    file: &str,
    mut shp: impl Read + Seek,
    mut shx: impl Read + Seek,
) -> Result<(), VectorError> {
    let damaged = |record: usize, message: String| VectorError::ShapefileRecord {
        file: file.to_owned(),
        record,
        message,
    };
    let whole = |message: String| VectorError::Shapefile {
        file: file.to_owned(),
        message,
    };
    let io = |e: std::io::Error| {
        whole(format!(
            "lecture impossible : {}",
            crate::io::error_fr::io_error_fr(&e)
        ))
    };
    let shp_len = shp.seek(SeekFrom::End(0)).map_err(io)?;
    shp.rewind().map_err(io)?;
    let mut shp = Places {
        reader: std::io::BufReader::new(shp),
        pos: 0,
    };
    let shx_len = shx.seek(SeekFrom::End(0)).map_err(io)?;
    if shx_len < FILE_HEADER {
        return Err(whole("index .shx tronqué (moins de 100 octets)".into()));
    }
    let count = (shx_len - FILE_HEADER) / 8;
    shx.seek(SeekFrom::Start(FILE_HEADER)).map_err(io)?;
    let mut shx = std::io::BufReader::new(shx);
    for n in 1..=count as usize {
        let mut entry = [0u8; 8];
        shx.read_exact(&mut entry).map_err(io)?;
        let offset = u64::from(u32::from_be_bytes([entry[0], entry[1], entry[2], entry[3]])) * 2;
        let mut head = [0u8; 52];
        if offset < FILE_HEADER || offset + RECORD_HEADER + 4 > shp_len {
            return Err(damaged(
                n,
                format!(
                    "l'index .shx le place à l'octet {offset}, hors du fichier .shp ({shp_len} octets) : fichier abîmé"
                ),
            ));
        }
        let available = usize::try_from((shp_len - offset).min(52)).unwrap_or(52);
        shp.read_at(offset, &mut head[..available]).map_err(io)?;
        let content = u64::from(u32::from_be_bytes([head[4], head[5], head[6], head[7]])) * 2;
        if offset + RECORD_HEADER + content > shp_len {
            return Err(damaged(
                n,
                format!(
                    "l'enregistrement annonce {content} octets, au-delà de la fin du fichier .shp : fichier tronqué ou abîmé"
                ),
            ));
        }
        let shape_type = i32::from_le_bytes([head[8], head[9], head[10], head[11]]);
        let le =
            |at: usize| i32::from_le_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
        // The crate reads a record's counts whatever size its header gives: a record too
        // short to hold them is refused here.
        let (parts, points, header) = match shape_type {
            8 | 18 | 28 => (0, le(44), 40),
            3 | 5 | 13 | 15 | 23 | 25 | 31 => (le(44), le(48), 44),
            _ => continue,
        };
        if content < header {
            return Err(damaged(
                n,
                format!(
                    "enregistrement de {content} octets, trop court pour son type de géométrie ({shape_type}) : fichier abîmé"
                ),
            ));
        }
        let (Ok(parts), Ok(points)) = (u64::try_from(parts), u64::try_from(points)) else {
            return Err(damaged(
                n,
                format!(
                    "nombre de parties ({parts}) ou de points ({points}) négatif : fichier abîmé"
                ),
            ));
        };
        if least_content(shape_type, parts, points).is_some_and(|least| least > content) {
            return Err(damaged(
                n,
                format!(
                    "{parts} partie(s) et {points} point(s) annoncés dans un enregistrement de {content} octets : fichier abîmé"
                ),
            ));
        }
        // Each part's first point: the crate reads a part's points from one index to the
        // next (the last to the count), so they must climb from 0 within the count.
        if parts > 0 {
            let mut indexes = vec![0u8; usize::try_from(parts * 4).unwrap_or(usize::MAX)];
            shp.read_at(offset + 52, &mut indexes).map_err(io)?;
            let mut previous = 0u64;
            for (k, b) in indexes.chunks_exact(4).enumerate() {
                let start = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                let start = u64::try_from(start).unwrap_or(u64::MAX);
                if start < previous || start > points || (k == 0 && start != 0) {
                    return Err(damaged(
                        n,
                        format!(
                            "la partie {} commence au point {start}, hors de 0 à {points} ou avant la précédente : fichier abîmé",
                            k + 1
                        ),
                    ));
                }
                previous = start;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A .shp holding one polygon record whose header declares `parts` and `points`, with
    /// `content` bytes of content, and its .shx.
    fn files(parts: i32, points: i32, content: u32) -> (Vec<u8>, Vec<u8>) {
        files_with(parts, points, content, &[])
    }

    /// The same with the given part indexes after the counts.
    fn files_with(parts: i32, points: i32, content: u32, starts: &[i32]) -> (Vec<u8>, Vec<u8>) {
        let mut shp = vec![0u8; 100];
        shp.extend(1u32.to_be_bytes());
        shp.extend((content / 2).to_be_bytes());
        let mut body = Vec::new();
        body.extend(5i32.to_le_bytes());
        body.extend([0u8; 32]);
        body.extend(parts.to_le_bytes());
        body.extend(points.to_le_bytes());
        for s in starts {
            body.extend(s.to_le_bytes());
        }
        body.resize(content as usize, 0);
        shp.extend(body);
        let mut shx = vec![0u8; 100];
        shx.extend(50u32.to_be_bytes());
        shx.extend((content / 2).to_be_bytes());
        (shp, shx)
    }

    fn check(parts: i32, points: i32, content: u32) -> Result<(), VectorError> {
        let (shp, shx) = files(parts, points, content);
        check_records("communes.shp", Cursor::new(shp), Cursor::new(shx))
    }

    #[test]
    fn a_record_that_holds_its_points_passes() {
        // One part of four points: 44 + 4 + 64 bytes.
        assert!(check(1, 4, 112).is_ok());
    }

    #[test]
    fn counts_beyond_the_record_are_refused_in_french_before_any_allocation() {
        let e = check(1_000_000_000, 4, 112)
            .expect_err("refused")
            .to_string();
        assert!(e.starts_with("communes.shp, objet n° 1 : "), "{e}");
        assert!(e.contains("1000000000 partie(s)"), "{e}");
        let e = check(1, -3, 112).expect_err("refused").to_string();
        assert!(e.contains("négatif"), "{e}");
    }

    #[test]
    fn parts_must_start_within_the_points_and_climb() {
        // Two parts of two points each: 44 + 8 + 64 bytes.
        let ok = files_with(2, 4, 116, &[0, 2]);
        assert!(check_records("c.shp", Cursor::new(ok.0), Cursor::new(ok.1)).is_ok());
        // What the fuzzer found: a part said to start far beyond the record's points (the
        // crate would reserve room for a billion points).
        for starts in [[0, 1_124_000_000], [0, 5], [2, 3], [0, -1]] {
            let (shp, shx) = files_with(2, 4, 116, &starts);
            let e = check_records("c.shp", Cursor::new(shp), Cursor::new(shx))
                .expect_err("refused")
                .to_string();
            assert!(e.contains("la partie"), "{starts:?}: {e}");
        }
        let (shp, shx) = files_with(2, 4, 116, &[0, 4]);
        assert!(
            check_records("c.shp", Cursor::new(shp), Cursor::new(shx)).is_ok(),
            "an empty last part is the crate's to judge"
        );
    }

    #[test]
    fn a_record_too_short_for_its_counts_is_refused() {
        // What the fuzzer found next: a record of 0 bytes whose following bytes say a billion
        // parts (the crate reads them whatever the record's size).
        let (mut shp, shx) = files(1_199_570_944, 320, 112);
        shp[104..108].copy_from_slice(&0u32.to_be_bytes());
        let e = check_records("c.shp", Cursor::new(shp), Cursor::new(shx))
            .expect_err("refused")
            .to_string();
        assert!(e.contains("trop court"), "{e}");
    }

    #[test]
    fn an_index_pointing_outside_the_file_is_refused() {
        let (shp, mut shx) = files(1, 4, 112);
        shx[100..104].copy_from_slice(&1_000_000u32.to_be_bytes());
        let e = check_records("communes.shp", Cursor::new(shp), Cursor::new(shx))
            .expect_err("refused")
            .to_string();
        assert!(e.contains("hors du fichier .shp"), "{e}");
    }
}
