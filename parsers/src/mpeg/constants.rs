//! Lookup tables of the MPEG audio frame header.

/// Bitrates in kbit/s of MPEG-1 Layer I, by the 4-bit bitrate index (index 15 is invalid).
pub const BITRATES_V1_L1: [u32; 15] = [
    0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
];

/// Bitrates in kbit/s of MPEG-1 Layer II.
pub const BITRATES_V1_L2: [u32; 15] = [
    0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
];

/// Bitrates in kbit/s of MPEG-1 Layer III.
pub const BITRATES_V1_L3: [u32; 15] = [
    0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
];

/// Bitrates in kbit/s of MPEG-2 and MPEG-2.5 Layer I.
pub const BITRATES_V2_L1: [u32; 15] = [
    0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
];

/// Bitrates in kbit/s of MPEG-2 and MPEG-2.5 Layers II and III.
pub const BITRATES_V2_L23: [u32; 15] =
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/// Sample rates in Hz of MPEG-1, by the 2-bit sample rate index (index 3 is invalid).
pub const SAMPLE_RATES_V1: [u32; 3] = [44100, 48000, 32000];

/// Sample rates in Hz of MPEG-2.
pub const SAMPLE_RATES_V2: [u32; 3] = [22050, 24000, 16000];

/// Sample rates in Hz of MPEG-2.5.
pub const SAMPLE_RATES_V25: [u32; 3] = [11025, 12000, 8000];

/// Channel mode: stereo.
pub const STEREO: u8 = 0;
/// Channel mode: joint stereo.
pub const JOINTSTEREO: u8 = 1;
/// Channel mode: dual channel.
pub const DUALCHANNEL: u8 = 2;
/// Channel mode: single channel.
pub const MONO: u8 = 3;

/// How many bytes after the ID3v2 skip mutagen scans for a frame sync (1 MiB).
pub const MAX_SYNC_READ: u64 = 1024 * 1024;

/// mutagen gives up at this many sync candidates (it examines one fewer).
pub const MAX_SYNCS: u32 = 1500;

/// Frames in a row that make a sync trusted.
pub const ENOUGH_FRAMES: usize = 4;

/// Frames in a row kept as a fallback when nothing better is found.
pub const MIN_FRAMES: usize = 2;

/// Offset of a VBRI header from the start of its frame.
pub const VBRI_OFFSET: u64 = 36;
