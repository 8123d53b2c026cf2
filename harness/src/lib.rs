//! The mutagen-rs driver's library: the Rust benchmark subjects and the value walker, shared by
//! the `harness` binary and the `harness-alloc` allocation counter.

pub mod subjects;
pub mod walk;
