//! The allocation budget of the fuzz targets: every target runs its entry point through
//! [`run`], under a global allocator that refuses any allocation past
//! `mutagen_core::entry::alloc_budget` of the input. A refused allocation aborts, which
//! libFuzzer reports as a crash with the input that caused it: an input whose sizes or counts
//! make the reader allocate far more than the input holds fails the target even when it is
//! small.

use std::alloc::System;

use cap::Cap;

#[global_allocator]
static ALLOC: Cap<System> = Cap::new(System, usize::MAX);

/// Run `entry` on `data` with at most `alloc_budget(data.len())` more bytes allocated at once.
pub fn run(data: &[u8], entry: fn(&[u8])) {
    let budget = mutagen_core::entry::alloc_budget(data.len());
    // Setting a limit fails only below what is allocated already, which these never are.
    let _ = ALLOC.set_limit(ALLOC.allocated().saturating_add(budget));
    entry(data);
    let _ = ALLOC.set_limit(usize::MAX);
}
