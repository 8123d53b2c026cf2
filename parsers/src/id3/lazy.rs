//! The `lazy` variant's frame store: the tag body and the boundaries of its frames are kept
//! from the first pass, and frames are decoded when first asked for.
//!
//! [`defer`] walks the frames once, recording where each one is and what its class is. Two
//! things keep the result identical to the eager reader's:
//!
//! - frames whose reading can fail the whole tag (a short `RVA2` volume, embedded `CHAP`/`CTOC`
//!   frames) are read during the first pass, so the tag fails where the eager reader fails;
//! - a tag with a compressed frame is decoded at once, because compressed frames share one
//!   inflate budget in file order.
//!
//! [`LazyFrames::get`] then decodes every frame, merges the ID3v1 tag and upgrades to v2.4,
//! exactly as the eager reader, and caches the dictionary. [`LazyFrames::quick`] answers a
//! plain text frame (title, artist, album, ...) by decoding only the frames with its ID.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::frames::{self, read_frame, walk, RawFrame};
use super::specs::{Family, FrameClass};
use super::tags::{Frame, Tags};
use super::{merge_v1, Header};
use crate::error::Result;
use crate::util::strings::{reset_scratch, with_scratch};

/// Where one frame is in the kept body.
#[derive(Debug, Clone)]
struct Entry {
    /// Offset of its header in the body.
    offset: usize,
    /// Length of its data (after the header).
    len: usize,
    /// Its class, as the walk resolved it.
    class: Option<&'static FrameClass>,
    /// Its flags.
    flags: u16,
}

/// What the first pass keeps of a tag for later decoding.
#[derive(Debug, Clone)]
struct Deferred {
    /// Major version.
    major: u8,
    /// Header flags.
    flags: u8,
    /// The tag body, tag-level unsynchronisation undone for v2.2/2.3.
    body: Vec<u8>,
    /// Every walked frame, in file order.
    index: Vec<Entry>,
    /// The frames of the ID3v1 tag at the end of the file.
    v1: Option<Vec<Frame>>,
}

impl Drop for Deferred {
    /// The kept body serves the next large read of the dropping thread, as the eager reader's
    /// read buffer does.
    fn drop(&mut self) {
        crate::source::recycle(std::mem::take(&mut self.body));
    }
}

impl Deferred {
    fn raw(&self, e: &Entry) -> Option<RawFrame<'_>> {
        let header_len = if self.major >= 3 { 10 } else { 6 };
        let header = self.body.get(e.offset..e.offset + header_len)?;
        let data_start = e.offset + header_len;
        Some(RawFrame {
            offset: e.offset,
            header,
            name: &header[..if self.major >= 3 { 4 } else { 3 }],
            class: e.class,
            flags: e.flags,
            data: self.body.get(data_start..data_start + e.len)?,
        })
    }

    /// Decode the frames `keep` selects, in file order; frames kept raw go to `unknown`.
    fn decode(
        &self,
        keep: impl Fn(&RawFrame<'_>) -> bool,
        mut unknown: Option<&mut Vec<Vec<u8>>>,
    ) -> Tags {
        let budget = frames::Budget::new(self.body.len());
        let mut tags = Tags::new();
        tags.unknown_version = self.major;
        with_scratch(|scratch| {
            let h = Header {
                major: self.major,
                flags: self.flags,
                budget: &budget,
                scratch,
                known: None,
                shared: None,
            };
            for raw in self.index.iter().filter_map(|e| self.raw(e)) {
                if !keep(&raw) {
                    continue;
                }
                // The first pass read every frame whose reading can fail, without failing.
                if let Ok(Some(frame)) = read_frame(h, raw, 0, unknown.as_deref_mut()) {
                    tags.add(frame, false);
                }
            }
        });
        reset_scratch();
        tags
    }

    /// The whole dictionary, as the eager reader builds it.
    fn decode_all(&self) -> Tags {
        let mut unknown = Vec::new();
        let mut tags = self.decode(|_| true, Some(&mut unknown));
        tags.unknown_frames = unknown;
        if let Some(v1) = &self.v1 {
            merge_v1(&mut tags, v1.iter().cloned());
        }
        tags.update_to_v24();
        tags
    }
}

/// The frames of a tag, decoded on first access (the `lazy` variant).
#[derive(Debug, Clone, Default)]
pub struct LazyFrames {
    /// The kept body; `None` when the frames were decoded during the first pass.
    deferred: Option<Box<Deferred>>,
    /// The decoded dictionary, once asked for.
    decoded: OnceLock<Tags>,
}

/// Keep the body of a tag (`major`, header `flags`, the bytes after the header and any
/// extended header) for later decoding, with the frames of its ID3v1 tag. Gives the frames and
/// the padding (the bytes of the body left after the last frame).
pub(super) fn defer(
    major: u8,
    flags: u8,
    data: Cow<'_, [u8]>,
    v1: Option<Vec<Frame>>,
) -> Result<(LazyFrames, usize)> {
    // The body is kept: the read buffer itself where it is owned and not much larger than the
    // tag (no copy), else a copy of the tag's bytes.
    let body = match unsynchronised(major, flags, &data) {
        Some(decoded) => {
            if let Cow::Owned(buffer) = data {
                crate::source::recycle(buffer);
            }
            decoded
        }
        None => match data {
            Cow::Owned(buffer) if buffer.capacity() <= 2 * buffer.len() + 4096 => buffer,
            Cow::Owned(buffer) => {
                let body = buffer.clone();
                crate::source::recycle(buffer);
                body
            }
            Cow::Borrowed(bytes) => bytes.to_vec(),
        },
    };
    let budget = frames::Budget::new(body.len());
    let mut index = Vec::new();
    let mut compressed = false;
    let walked = with_scratch(|scratch| {
        let h = Header {
            major,
            flags,
            budget: &budget,
            scratch,
            known: None,
            shared: None,
        };
        walk(major, &body, |raw| {
            h.budget.frame()?;
            compressed |= raw.compressed(major);
            if raw.class.is_some_and(frames::may_fail) {
                read_frame(h, raw, 0, None)?;
            }
            index.push(Entry {
                offset: raw.offset,
                len: raw.data.len(),
                class: raw.class,
                flags: raw.flags,
            });
            Ok::<(), crate::Error>(())
        })
    });
    reset_scratch();
    let padding = walked?;
    let deferred = Deferred {
        major,
        flags,
        body,
        index,
        v1,
    };
    if compressed {
        let decoded = OnceLock::from(deferred.decode_all());
        let frames = LazyFrames {
            deferred: None,
            decoded,
        };
        return Ok((frames, padding));
    }
    let frames = LazyFrames {
        deferred: Some(Box::new(deferred)),
        decoded: OnceLock::new(),
    };
    Ok((frames, padding))
}

/// The body with tag-level unsynchronisation undone, where the tag has it (ID3v2.2/2.3) and
/// undoing it succeeds (as [`frames::tag_body`]).
fn unsynchronised(major: u8, flags: u8, data: &[u8]) -> Option<Vec<u8>> {
    if major < 4 && flags & 0x80 != 0 {
        super::unsynch_decode(data)
    } else {
        None
    }
}

/// Whether the frame at key `id` depends only on the frames with that ID (and the ID3v1 tag):
/// a plain text frame, keyed by its ID, that the v2.4 upgrade leaves alone.
fn stands_alone(id: &str) -> bool {
    let Some(class) = super::specs::by_name(id) else {
        return false;
    };
    matches!(
        class.family,
        Family::Text | Family::NumericText | Family::NumericPartText
    ) && !matches!(id, "TYER" | "TDAT" | "TIME" | "TORY" | "TRDA" | "TSIZ")
}

impl LazyFrames {
    /// Frames already decoded.
    pub(super) fn ready(tags: Tags) -> Self {
        LazyFrames {
            deferred: None,
            decoded: OnceLock::from(tags),
        }
    }

    /// The frame dictionary, decoded on the first call.
    pub fn get(&self) -> &Tags {
        self.decoded.get_or_init(|| {
            self.deferred
                .as_deref()
                .map(Deferred::decode_all)
                .unwrap_or_default()
        })
    }

    /// The frame dictionary, mutable (decoded first).
    pub fn get_mut(&mut self) -> &mut Tags {
        if self.decoded.get().is_none() {
            let tags = self
                .deferred
                .as_deref()
                .map(Deferred::decode_all)
                .unwrap_or_default();
            self.decoded = OnceLock::from(tags);
        }
        self.deferred = None;
        match self.decoded.get_mut() {
            Some(tags) => tags,
            None => unreachable!("decoded just above"),
        }
    }

    /// The frame dictionary, by value.
    pub fn into_tags(mut self) -> Tags {
        match self.decoded.take() {
            Some(tags) => tags,
            None => self
                .deferred
                .as_deref()
                .map(Deferred::decode_all)
                .unwrap_or_default(),
        }
    }

    /// The frame at key `id`. A plain text frame is read from the frames with its ID alone
    /// while the dictionary is not decoded yet; anything else decodes the dictionary.
    pub fn quick(&self, id: &str) -> Option<Cow<'_, Frame>> {
        let deferred = match (&self.deferred, self.decoded.get()) {
            (Some(d), None) if stands_alone(id) => d,
            _ => return self.get().get(id).map(Cow::Borrowed),
        };
        let mut tags = deferred.decode(|raw| raw.final_id() == Some(id), None);
        if let Some(v1) = &deferred.v1 {
            merge_v1(&mut tags, v1.iter().filter(|f| f.id() == id).cloned());
        }
        tags.pop(id).map(Cow::Owned)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for LazyFrames {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}
