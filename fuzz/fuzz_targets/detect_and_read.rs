#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| mutagen_core::entry::detect_and_read(data));
