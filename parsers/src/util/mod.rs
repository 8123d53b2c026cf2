//! Helpers shared by the format readers. Each file is one seam where a variant plugs in:
//! bounds-checked access ([`bytes`]), byte scanning ([`scan`], and `sync` for the `simd` variant), text decoding ([`text`]),
//! string storage ([`strings`]), keys indexed where they are stored ([`key_index`]), binary values that share their read buffer ([`shared`]) and reads at validated offsets ([`unchecked`]).

pub mod bitreader;
pub mod bytes;
pub mod key_index;
pub mod scan;
pub mod shared;
pub mod strings;
#[cfg(feature = "simd")]
pub mod sync;
pub mod text;
pub mod unchecked;
pub mod utf8;
