//! Touch every value of a parsed result, so a benchmark cannot skip work the parser deferred.
//!
//! The core's results implement `serde::Serialize`; [`touch`] drives that implementation with a
//! serializer that does nothing but look at each value (`black_box`) and count it. Byte
//! sequences (pictures, binary frames) are counted by length without visiting each byte, as a
//! Python caller also gets them as one `bytes` object.

use std::fmt;
use std::hint::black_box;

use serde::ser::{self, Serialize};

/// How many values and string/byte lengths were touched.
#[derive(Debug, Default, Clone, Copy)]
pub struct Touched {
    /// Scalars, strings and byte strings visited.
    pub values: u64,
    /// Total length of the strings and byte strings.
    pub bytes: u64,
}

/// Walk every value of `v`.
pub fn touch<T: Serialize + ?Sized>(v: &T) -> Touched {
    let mut w = Walker::default();
    // The walker never fails; a failure would only mean an unsupported serde shape.
    let _ = v.serialize(&mut w);
    black_box(w.t)
}

#[derive(Default)]
struct Walker {
    t: Touched,
}

/// The walker's error type (never produced by the walker itself).
#[derive(Debug)]
pub struct WalkError(String);

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WalkError {}

impl ser::Error for WalkError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WalkError(msg.to_string())
    }
}

impl Walker {
    fn scalar<T>(&mut self, v: T) {
        black_box(v);
        self.t.values += 1;
    }
}

type R = Result<(), WalkError>;

impl ser::Serializer for &mut Walker {
    type Ok = ();
    type Error = WalkError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> R {
        self.scalar(v);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> R {
        black_box(v);
        self.t.values += 1;
        self.t.bytes += v.len() as u64;
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        black_box(v);
        self.t.values += 1;
        self.t.bytes += v.len() as u64;
        Ok(())
    }
    fn serialize_none(self) -> R {
        self.scalar(());
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> R {
        Ok(())
    }
    fn serialize_unit_variant(self, _n: &'static str, i: u32, _v: &'static str) -> R {
        self.scalar(i);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _n: &'static str, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _n: &'static str,
        i: u32,
        _v: &'static str,
        value: &T,
    ) -> R {
        self.scalar(i);
        value.serialize(self)
    }
    fn collect_seq<I>(self, iter: I) -> R
    where
        I: IntoIterator,
        I::Item: Serialize,
    {
        let iter = iter.into_iter();
        let item = std::any::type_name::<I::Item>();
        if item == "&u8" || item == "u8" {
            // A byte string: taken whole, as a caller of the Python API takes a `bytes`.
            let (lo, hi) = iter.size_hint();
            let n = hi.unwrap_or(lo);
            black_box(&iter);
            self.t.values += 1;
            self.t.bytes += n as u64;
            return Ok(());
        }
        for v in iter {
            v.serialize(&mut *self)?;
        }
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, WalkError> {
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self, WalkError> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _n: &'static str, _len: usize) -> Result<Self, WalkError> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _n: &'static str,
        i: u32,
        _v: &'static str,
        _len: usize,
    ) -> Result<Self, WalkError> {
        self.scalar(i);
        Ok(self)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, WalkError> {
        Ok(self)
    }
    fn serialize_struct(self, _n: &'static str, _len: usize) -> Result<Self, WalkError> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _n: &'static str,
        i: u32,
        _v: &'static str,
        _len: usize,
    ) -> Result<Self, WalkError> {
        self.scalar(i);
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Walker {
    type Ok = ();
    type Error = WalkError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Walker {
    type Ok = ();
    type Error = WalkError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Walker {
    type Ok = ();
    type Error = WalkError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for &mut Walker {
    type Ok = ();
    type Error = WalkError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Walker {
    type Ok = ();
    type Error = WalkError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> R {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Walker {
    type Ok = ();
    type Error = WalkError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, _k: &'static str, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Walker {
    type Ok = ();
    type Error = WalkError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, _k: &'static str, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Tag {
        name: String,
        data: Vec<u8>,
        values: Vec<u32>,
        nested: Option<Box<Tag>>,
    }

    #[test]
    fn touches_every_value_and_takes_bytes_whole() {
        let t = Tag {
            name: "abc".into(),
            data: vec![0; 1000],
            values: vec![1, 2, 3],
            nested: Some(Box::new(Tag {
                name: "x".into(),
                data: vec![],
                values: vec![],
                nested: None,
            })),
        };
        let got = touch(&t);
        // name, data, 3 values; nested: name, data, none.
        assert_eq!(got.values, 8);
        assert_eq!(got.bytes, 3 + 1000 + 1);
    }
}
