//! LEB128 variable-length integers with zigzag for signed values: the bundle's number encoding.

/// Appends an unsigned LEB128 integer.
pub fn write_u64(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

pub fn write_i64(out: &mut Vec<u8>, v: i64) {
    write_u64(out, ((v << 1) ^ (v >> 63)) as u64);
}

/// A cursor over encoded bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// The encoded bytes end too early or hold an impossible value.
#[derive(Debug, thiserror::Error)]
#[error("données tronquées ou corrompues à l'octet {0}")]
pub struct Truncated(pub usize);

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn is_at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub fn u64(&mut self) -> Result<u64, Truncated> {
        let mut v: u64 = 0;
        let mut shift = 0u32;
        loop {
            let byte = *self.bytes.get(self.pos).ok_or(Truncated(self.pos))?;
            self.pos += 1;
            if shift >= 64 {
                return Err(Truncated(self.pos));
            }
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    pub fn i64(&mut self) -> Result<i64, Truncated> {
        let u = self.u64()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    /// A length, bounded by the bytes left so that corrupt input cannot ask for huge allocations.
    pub fn length(&mut self) -> Result<usize, Truncated> {
        let v = self.u64()?;
        let left = self.bytes.len().saturating_sub(self.pos);
        usize::try_from(v)
            .ok()
            .filter(|&n| n <= left.saturating_mul(8) + 16)
            .ok_or(Truncated(self.pos))
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], Truncated> {
        let end = self.pos.checked_add(n).ok_or(Truncated(self.pos))?;
        let slice = self.bytes.get(self.pos..end).ok_or(Truncated(self.pos))?;
        self.pos = end;
        Ok(slice)
    }

    pub fn f64(&mut self) -> Result<f64, Truncated> {
        let b = self.bytes(8)?;
        let arr: [u8; 8] = b.try_into().map_err(|_| Truncated(self.pos))?;
        Ok(f64::from_le_bytes(arr))
    }

    pub fn string(&mut self) -> Result<String, Truncated> {
        let n = self.length()?;
        let pos = self.pos;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| Truncated(pos))
    }
}

pub fn write_string(out: &mut Vec<u8>, s: &str) {
    write_u64(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_signed_and_unsigned() {
        let mut buf = Vec::new();
        let values = [
            0i64,
            1,
            -1,
            63,
            -64,
            64,
            1 << 40,
            -(1 << 40),
            i64::MAX,
            i64::MIN,
        ];
        for v in values {
            write_i64(&mut buf, v);
        }
        write_u64(&mut buf, u64::MAX);
        write_string(&mut buf, "Vitré");
        let mut r = Reader::new(&buf);
        for v in values {
            assert_eq!(r.i64().expect("value"), v);
        }
        assert_eq!(r.u64().expect("max"), u64::MAX);
        assert_eq!(r.string().expect("string"), "Vitré");
        assert!(r.is_at_end());
        assert!(r.u64().is_err());
    }

    #[test]
    fn small_values_take_one_byte() {
        let mut buf = Vec::new();
        write_i64(&mut buf, -3);
        write_u64(&mut buf, 127);
        assert_eq!(buf.len(), 2);
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        let mut r = Reader::new(&[0x80, 0x80]);
        assert!(r.u64().is_err());
        let mut r = Reader::new(&[0xff; 20]);
        assert!(r.u64().is_err());
        let mut r = Reader::new(&[5, b'a']);
        assert!(r.string().is_err());
    }
}
