//! Binary values that either own their bytes or share the buffer they were read in.
//!
//! A large binary value (an ID3 picture) lies inside a tag body that was read whole. Copying it
//! out costs a pass over its bytes; sharing the body costs nothing, at the price of keeping the
//! body alive for as long as the value lives. Only values of at least [`SHARE_MIN`] bytes and at
//! least a quarter of the buffer share it, so a value never keeps alive more than four times its
//! own size (an MP4 cover in a `moov` atom made large by its sample tables is copied).

use std::sync::Arc;

/// Binary values at least this long share the buffer they were read in (see [`Payload::share`]);
/// shorter ones are copied out of it.
pub const SHARE_MIN: usize = 16 * 1024;

/// Bytes of a binary value: owned, or a range of a buffer shared with other values.
///
/// It dereferences to its bytes, which never change while they are shared: there is no
/// mutable access.
#[derive(Clone)]
pub struct Payload(Repr);

#[derive(Clone)]
enum Repr {
    Owned(Vec<u8>),
    Shared {
        buf: Arc<Vec<u8>>,
        start: usize,
        end: usize,
    },
}

impl Payload {
    /// `data` as a value: a range of `buf` when `data` lies inside it, is at least
    /// [`SHARE_MIN`] bytes long and at least a quarter of `buf`; a copy otherwise.
    #[must_use]
    pub fn share(buf: Option<&Arc<Vec<u8>>>, data: &[u8]) -> Payload {
        if data.len() >= SHARE_MIN {
            if let Some(buf) = buf {
                // Addresses compared as integers: `data` lies in `buf` when its range does.
                let base = buf.as_ptr() as usize;
                let at = data.as_ptr() as usize;
                if let Some(start) = at.checked_sub(base) {
                    let end = start + data.len();
                    if end <= buf.len() && data.len() >= buf.len() / 4 {
                        return Payload(Repr::Shared {
                            buf: Arc::clone(buf),
                            start,
                            end,
                        });
                    }
                }
            }
        }
        Payload(Repr::Owned(crate::source::copy_to_vec(data)))
    }

    /// The bytes.
    #[must_use]
    pub fn as_slice(&self) -> &[u8] {
        match &self.0 {
            Repr::Owned(v) => v,
            Repr::Shared { buf, start, end } => buf.get(*start..*end).unwrap_or_default(),
        }
    }

    /// Whether the bytes are a range of a shared buffer.
    #[must_use]
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Repr::Shared { .. })
    }

    /// The bytes as a vector: without a copy when they are owned, or the whole of a buffer
    /// no other value shares.
    #[must_use]
    pub fn into_vec(mut self) -> Vec<u8> {
        match &mut self.0 {
            Repr::Owned(v) => std::mem::take(v),
            Repr::Shared { buf, start, end } => {
                let (start, end) = (*start, *end);
                match Arc::get_mut(buf) {
                    Some(v) if start == 0 && end == v.len() => std::mem::take(v),
                    _ => buf.get(start..end).unwrap_or_default().to_vec(),
                }
            }
        }
    }

    /// The buffer holding the bytes, when no other value holds it any more (the owned
    /// vector, or a shared buffer's last holder): for [`crate::source::recycle`].
    #[must_use]
    pub fn into_buffer(mut self) -> Option<Vec<u8>> {
        self.take_buffer()
    }

    /// [`Payload::into_buffer`] in place: the payload is left empty when it gives its buffer.
    fn take_buffer(&mut self) -> Option<Vec<u8>> {
        match &mut self.0 {
            Repr::Owned(v) => Some(std::mem::take(v)),
            Repr::Shared { buf, .. } => Arc::get_mut(buf).map(std::mem::take),
        }
    }
}

impl Drop for Payload {
    /// The buffer of the last holder goes back to this thread's pool of read buffers
    /// ([`crate::source::recycle`]), so that the next large read reuses its memory.
    fn drop(&mut self) {
        if let Some(buf) = self.take_buffer() {
            crate::source::recycle(buf);
        }
    }
}

impl Payload {
    /// The bytes `buf[start..]`, taking `buf` as it is (a read left where it landed, see
    /// [`crate::source::Source::read_placed`]): owned when they start it, else a range of it
    /// that no other value shares.
    #[must_use]
    pub fn placed(buf: Vec<u8>, start: usize) -> Payload {
        if start == 0 {
            return Payload(Repr::Owned(buf));
        }
        let end = buf.len();
        Payload(Repr::Shared {
            buf: Arc::new(buf),
            start: start.min(end),
            end,
        })
    }
}

impl Default for Payload {
    fn default() -> Self {
        Payload(Repr::Owned(Vec::new()))
    }
}

impl From<Vec<u8>> for Payload {
    fn from(v: Vec<u8>) -> Self {
        Payload(Repr::Owned(v))
    }
}

impl std::ops::Deref for Payload {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl AsRef<[u8]> for Payload {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl PartialEq for Payload {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Payload {}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_slice().fmt(f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Payload {
    /// As a `Vec<u8>` serializes: a sequence of numbers.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_ranges_of_the_buffer_share_it_and_others_are_copied() {
        let buf = Arc::new((0..=255u8).cycle().take(3 * SHARE_MIN).collect::<Vec<u8>>());
        let inside = &buf[10..10 + SHARE_MIN];
        let shared = Payload::share(Some(&buf), inside);
        assert!(shared.is_shared());
        assert_eq!(&shared[..], inside);
        assert_eq!(Arc::strong_count(&buf), 2);

        let small = Payload::share(Some(&buf), &buf[..SHARE_MIN - 1]);
        assert!(!small.is_shared());
        assert_eq!(&small[..], &buf[..SHARE_MIN - 1]);

        // A value under a quarter of a large buffer does not keep it alive.
        let big = Arc::new(vec![3u8; 8 * SHARE_MIN]);
        assert!(!Payload::share(Some(&big), &big[..SHARE_MIN]).is_shared());
        assert!(Payload::share(Some(&big), &big[..2 * SHARE_MIN]).is_shared());

        // Bytes of another buffer, however large, are copied.
        let other = vec![7u8; 2 * SHARE_MIN];
        let copied = Payload::share(Some(&buf), &other);
        assert!(!copied.is_shared());
        assert_eq!(copied, Payload::from(other.clone()));
        assert!(!Payload::share(None, &other).is_shared());

        // The whole buffer comes back from the last holder only.
        let whole = Payload::share(Some(&buf), &buf[..]);
        drop(buf);
        assert!(shared.clone().into_buffer().is_none());
        assert_eq!(shared.into_vec(), inside_copy(10, SHARE_MIN));
        let back = whole.into_vec();
        assert_eq!(back.len(), 3 * SHARE_MIN);
    }

    fn inside_copy(start: usize, len: usize) -> Vec<u8> {
        (0..=255u8).cycle().skip(start).take(len).collect()
    }

    #[test]
    fn the_last_holder_gets_the_buffer() {
        let buf = Arc::new(vec![1u8; 2 * SHARE_MIN]);
        let a = Payload::share(Some(&buf), &buf[..SHARE_MIN]);
        let b = Payload::share(Some(&buf), &buf[SHARE_MIN..]);
        drop(buf);
        assert!(a.into_buffer().is_none());
        assert_eq!(b.into_buffer().map(|v| v.len()), Some(2 * SHARE_MIN));
    }
}
