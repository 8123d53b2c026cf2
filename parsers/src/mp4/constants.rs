//! Constant tables of the MP4 reader and writer.

/// The data type code (`AtomDataType`) of implicit data: the track and disc pairs.
pub const IMPLICIT: u32 = 0;
/// The data type code of UTF-8 text.
pub const UTF8: u32 = 1;
/// The data type code of a signed big-endian integer (integer items and flags).
pub const INTEGER: u32 = 21;
/// The data type code of a JPEG image (a cover's type when it has none of its own).
pub const JPEG: u32 = 13;
/// The data type code of a PNG image.
pub const PNG: u32 = 14;

/// The names of the MPEG-4 audio object types, indexed by type number (`None` where a
/// number has no name).
pub const AUDIO_OBJECT_TYPES: [Option<&str>; 46] = [
    None,
    Some("AAC MAIN"),
    Some("AAC LC"),
    Some("AAC SSR"),
    Some("AAC LTP"),
    Some("SBR"),
    Some("AAC scalable"),
    Some("TwinVQ"),
    Some("CELP"),
    Some("HVXC"),
    None,
    None,
    Some("TTSI"),
    Some("Main synthetic"),
    Some("Wavetable synthesis"),
    Some("General MIDI"),
    Some("Algorithmic Synthesis and Audio FX"),
    Some("ER AAC LC"),
    None,
    Some("ER AAC LTP"),
    Some("ER AAC scalable"),
    Some("ER Twin VQ"),
    Some("ER BSAC"),
    Some("ER AAC LD"),
    Some("ER CELP"),
    Some("ER HVXC"),
    Some("ER HILN"),
    Some("ER Parametric"),
    Some("SSC"),
    Some("PS"),
    Some("MPEG Surround"),
    None,
    Some("Layer-1"),
    Some("Layer-2"),
    Some("Layer-3"),
    Some("DST"),
    Some("ALS"),
    Some("SLS"),
    Some("SLS non-core"),
    Some("ER AAC ELD"),
    Some("SMR Simple"),
    Some("SMR Main"),
    Some("USAC"),
    Some("SAOC"),
    Some("LD MPEG Surround"),
    Some("USAC"),
];

/// The sampling frequencies of the MPEG-4 audio sampling frequency index.
pub const SAMPLING_FREQUENCIES: [u32; 13] = [
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];

/// AC-3 bit rates in kbit/s by `bit_rate_code`.
pub const AC3_BITRATES: [u32; 19] = [
    32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640,
];

/// AC-3 channel counts by `acmod` (without the LFE channel).
pub const AC3_CHANNELS: [u32; 8] = [2, 1, 2, 3, 3, 4, 4, 5];
