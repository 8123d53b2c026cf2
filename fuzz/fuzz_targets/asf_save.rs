#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| budget::run(data, mutagen_core::entry::asf_save));
