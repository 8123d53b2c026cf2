#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| mutagen_core::entry::id3_frames(data));
