//! The VBRI header written by the Fraunhofer encoder, 36 bytes into the first frame.

use crate::util::bytes::{u16_be, u32_be};

/// Length of the fixed part of a VBRI header.
pub const VBRI_LEN: usize = 26;

/// A VBRI header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct VbriHeader {
    /// Header version (always 1).
    pub version: u16,
    /// Quality indicator.
    pub quality: u16,
    /// Number of bytes of the stream.
    pub bytes: u32,
    /// Number of frames of the stream.
    pub frames: u32,
    /// Number of seek table entries.
    pub toc_entries: u16,
    /// Scale factor of the seek table entries.
    pub toc_scale_factor: u16,
    /// Size of one seek table entry in bytes.
    pub toc_entry_size: u16,
    /// Frames per seek table entry.
    pub toc_frames: u16,
}

impl VbriHeader {
    /// Parse the fixed 26 bytes. `available_after` is how many bytes of the file follow them:
    /// the seek table must fit there. `None` where mutagen raises `VBRIHeaderError`: no "VBRI"
    /// tag, a version other than 1, a truncated header or table, a table entry size other
    /// than 2 or 4. The seek table itself is not read.
    #[must_use]
    pub fn parse(data: &[u8], available_after: u64) -> Option<Self> {
        if data.len() != VBRI_LEN || !data.starts_with(b"VBRI") {
            return None;
        }
        let h = VbriHeader {
            version: u16_be(data, 4)?,
            quality: u16_be(data, 8)?,
            bytes: u32_be(data, 10)?,
            frames: u32_be(data, 14)?,
            toc_entries: u16_be(data, 18)?,
            toc_scale_factor: u16_be(data, 20)?,
            toc_entry_size: u16_be(data, 22)?,
            toc_frames: u16_be(data, 24)?,
        };
        if h.version != 1 {
            return None;
        }
        let toc_size = u64::from(h.toc_entries) * u64::from(h.toc_entry_size);
        if available_after < toc_size || !matches!(h.toc_entry_size, 2 | 4) {
            return None;
        }
        Some(h)
    }

    /// The seek table, read from the bytes that follow the fixed part: `toc_entries` entries
    /// of `toc_entry_size` (2 or 4) bytes each, big-endian. `None` where `data` is too short.
    #[must_use]
    pub fn toc(&self, data: &[u8]) -> Option<Vec<u32>> {
        let size = usize::from(self.toc_entry_size);
        let total = usize::from(self.toc_entries) * size;
        let table = data.get(..total)?;
        Some(
            table
                .chunks_exact(size.max(1))
                .map(|c| c.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)))
                .collect(),
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn vbri(version: u16, entries: u16, entry_size: u16) -> Vec<u8> {
        let mut d = b"VBRI".to_vec();
        d.extend_from_slice(&version.to_be_bytes());
        d.extend_from_slice(&[0x09, 0x31]); // delay (unused)
        d.extend_from_slice(&100u16.to_be_bytes());
        d.extend_from_slice(&831_541u32.to_be_bytes());
        d.extend_from_slice(&1081u32.to_be_bytes());
        d.extend_from_slice(&entries.to_be_bytes());
        d.extend_from_slice(&1u16.to_be_bytes());
        d.extend_from_slice(&entry_size.to_be_bytes());
        d.extend_from_slice(&8u16.to_be_bytes());
        d
    }

    #[test]
    fn valid() {
        let h = VbriHeader::parse(&vbri(1, 135, 2), 270).unwrap();
        assert_eq!(
            (h.version, h.quality, h.bytes, h.frames),
            (1, 100, 831_541, 1081)
        );
        assert_eq!((h.toc_entries, h.toc_entry_size, h.toc_frames), (135, 2, 8));
        assert!(VbriHeader::parse(&vbri(1, 10, 4), 40).is_some());
        assert!(VbriHeader::parse(&vbri(1, 0, 4), 0).is_some());
        let mut table = vec![0u8; 270];
        table[0] = 1;
        table[269] = 7;
        let toc = h.toc(&table).unwrap();
        assert_eq!((toc.len(), toc[0], toc[134]), (135, 256, 7));
        assert!(h.toc(&table[..269]).is_none());
    }

    #[test]
    fn invalid() {
        assert!(VbriHeader::parse(b"", 100).is_none());
        assert!(VbriHeader::parse(b"VBRI", 100).is_none());
        let mut x = vbri(1, 1, 2);
        x[..4].copy_from_slice(b"Xing");
        assert!(VbriHeader::parse(&x, 100).is_none());
        assert!(VbriHeader::parse(&vbri(2, 1, 2), 100).is_none(), "version");
        assert!(
            VbriHeader::parse(&vbri(1, 135, 2), 269).is_none(),
            "table cut off"
        );
        assert!(
            VbriHeader::parse(&vbri(1, 1, 3), 100).is_none(),
            "entry size"
        );
        assert!(
            VbriHeader::parse(&vbri(1, 0, 0), 100).is_none(),
            "entry size with empty table"
        );
        assert!(VbriHeader::parse(&vbri(1, 65535, 4), u64::from(u32::MAX)).is_some());
    }
}
