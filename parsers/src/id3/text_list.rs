//! [`TextList`]: the values of a multi-valued ID3 text field, stored compactly.
//!
//! A text frame holds any number of NUL-separated values, and a hostile one holds millions of
//! empty ones. Stored as a `Vec<String>`, each value would cost a string header and usually a
//! heap block of its own, many times the two bytes it took in the file. A `TextList` keeps
//! every value in one string, one after the other, and the end offset of each value but the
//! last: a frame of one value (nearly all of them) costs one allocation, and any frame costs
//! its decoded text plus one offset per value.

use std::fmt;

/// The values of a multi-valued ID3 text field (text frames, CTOC child IDs, time stamps), in
/// order, as `&str`s.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct TextList {
    /// Every value, one after the other.
    text: String,
    /// Where each value but the last ends in `text`.
    ends: Vec<usize>,
    /// How many values there are (`ends.len() + 1`, or 0).
    len: usize,
}

impl TextList {
    /// The empty list, as a constant.
    pub const EMPTY: TextList = TextList {
        text: String::new(),
        ends: Vec::new(),
        len: 0,
    };

    /// An empty list.
    #[must_use]
    pub fn new() -> Self {
        TextList::default()
    }

    /// The number of values.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no values.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Append a value.
    pub fn push(&mut self, value: &str) {
        if self.len > 0 {
            self.ends.push(self.text.len());
        }
        self.text.push_str(value);
        self.len += 1;
    }

    /// Append a value given as an owned string: the first value of a list becomes its text
    /// as it is, without a copy.
    pub fn push_string(&mut self, value: String) {
        if self.len == 0 {
            self.text = value;
            self.len = 1;
        } else {
            self.push(&value);
        }
    }

    /// Where value `i` sits in `text`.
    fn span(&self, i: usize) -> Option<(usize, usize)> {
        if i >= self.len {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        let end = self.ends.get(i).copied().unwrap_or(self.text.len());
        Some((start, end))
    }

    /// Value `i`, if there is one.
    #[must_use]
    pub fn get(&self, i: usize) -> Option<&str> {
        self.span(i).map(|(a, b)| &self.text[a..b])
    }

    /// The first value, if there is one.
    #[must_use]
    pub fn first(&self) -> Option<&str> {
        self.get(0)
    }

    /// The values in order.
    #[must_use]
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            list: self,
            front: 0,
            back: self.len,
        }
    }

    /// Whether `value` is one of the values.
    #[must_use]
    pub fn contains(&self, value: &str) -> bool {
        self.iter().any(|v| v == value)
    }

    /// The values joined with `sep` between them.
    #[must_use]
    pub fn join(&self, sep: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + sep.len() * self.ends.len());
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(v);
        }
        out
    }

    /// The values as owned strings.
    #[must_use]
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

/// The values of a [`TextList`], front to back.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    list: &'a TextList,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.front >= self.back {
            return None;
        }
        let v = self.list.get(self.front);
        self.front += 1;
        v
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.list.get(self.back)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a TextList {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<S: AsRef<str>> FromIterator<S> for TextList {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut list = TextList::new();
        for v in iter {
            list.push(v.as_ref());
        }
        list
    }
}

impl<S: AsRef<str>> Extend<S> for TextList {
    fn extend<I: IntoIterator<Item = S>>(&mut self, iter: I) {
        for v in iter {
            self.push(v.as_ref());
        }
    }
}

impl From<Vec<String>> for TextList {
    fn from(values: Vec<String>) -> Self {
        values.into_iter().collect()
    }
}

impl fmt::Debug for TextList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for TextList {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.len == N && self.iter().zip(other).all(|(a, b)| a == *b)
    }
}

impl PartialEq<[String]> for TextList {
    fn eq(&self, other: &[String]) -> bool {
        self.len == other.len() && self.iter().zip(other).all(|(a, b)| a == b)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TextList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::TextList;

    #[test]
    fn holds_values_in_order() {
        let mut l = TextList::new();
        assert!(l.is_empty());
        assert_eq!(l.first(), None);
        l.push("a");
        l.push("");
        l.push("\u{e9}t\u{e9}");
        l.push("");
        assert_eq!(l.len(), 4);
        assert_eq!(l.iter().collect::<Vec<_>>(), ["a", "", "\u{e9}t\u{e9}", ""]);
        assert_eq!(
            l.iter().rev().collect::<Vec<_>>(),
            ["", "\u{e9}t\u{e9}", "", "a"]
        );
        assert_eq!(l.get(2), Some("\u{e9}t\u{e9}"));
        assert_eq!(l.get(4), None);
        assert_eq!(l.join("/"), "a//\u{e9}t\u{e9}/");
        assert!(l.contains("") && l.contains("a") && !l.contains("b"));
        assert_eq!(l, ["a", "", "\u{e9}t\u{e9}", ""]);
        assert_eq!(format!("{l:?}"), r#"["a", "", "été", ""]"#);
    }

    #[test]
    fn owned_values_make_the_same_list() {
        let mut owned = TextList::new();
        let mut copied = TextList::new();
        for v in ["x", "", "\u{e9}", ""] {
            owned.push_string(v.to_owned());
            copied.push(v);
            assert_eq!(owned, copied);
        }
        let mut one_empty = TextList::new();
        one_empty.push_string(String::new());
        assert_eq!(one_empty.len(), 1);
        assert_eq!(one_empty.first(), Some(""));
    }

    #[test]
    fn one_empty_value_is_not_an_empty_list() {
        let one: TextList = [""].into_iter().collect();
        assert_eq!(one.len(), 1);
        assert_ne!(one, TextList::new());
        assert_eq!(one.first(), Some(""));
    }

    #[test]
    fn many_empty_values_cost_an_offset_each() {
        let mut l = TextList::new();
        for _ in 0..100_000 {
            l.push("");
        }
        assert_eq!(l.len(), 100_000);
        assert!(l.text.is_empty());
        assert_eq!(l.ends.len(), 99_999);
    }
}
