#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| mutagen_core::entry::mpeg_info(data));
