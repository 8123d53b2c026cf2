//! APEv2 tags, as WavPack, Monkey's Audio and Musepack files carry them at their end: a header,
//! the items (text, or binary for cover art), and a footer.

use crate::tags::TagSet;

/// The APEv2 item key for a neutral field name.
#[must_use]
pub fn ape_key(name: &str) -> &str {
    match name {
        "albumartist" => "Album Artist",
        "composer" => "Composer",
        "genre" => "Genre",
        "encodedby" => "EncodedBy",
        "copyright" => "Copyright",
        "bpm" => "BPM",
        "grouping" => "Grouping",
        "conductor" => "Conductor",
        "publisher" => "Label",
        "isrc" => "ISRC",
        other => other,
    }
}

/// The text items for `tags`, in order: (key, value).
#[must_use]
pub fn text_items(tags: &TagSet) -> Vec<(String, String)> {
    let mut items = vec![
        ("Title".to_string(), tags.title.clone()),
        ("Artist".to_string(), tags.artist.clone()),
        ("Album".to_string(), tags.album.clone()),
    ];
    for (name, value) in &tags.extra {
        items.push((ape_key(name).to_string(), value.clone()));
    }
    if let Some((n, t)) = tags.track {
        items.push(("Track".to_string(), format!("{n}/{t}")));
    }
    if let Some((n, t)) = tags.disc {
        items.push(("Disc".to_string(), format!("{n}/{t}")));
    }
    if let Some(y) = tags.year {
        items.push(("Year".to_string(), y.to_string()));
    }
    if let Some(s) = &tags.comment {
        items.push(("Comment".to_string(), s.clone()));
    }
    if let Some(s) = &tags.lyrics {
        items.push(("Lyrics".to_string(), s.clone()));
    }
    for (k, v) in &tags.custom {
        items.push((k.clone(), v.clone()));
    }
    items
}

fn header_or_footer(size: u32, count: u32, header: bool) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[..8].copy_from_slice(b"APETAGEX");
    out[8..12].copy_from_slice(&2000u32.to_le_bytes());
    out[12..16].copy_from_slice(&size.to_le_bytes());
    out[16..20].copy_from_slice(&count.to_le_bytes());
    // Bit 31: the tag has a header; bit 29: this is the header.
    let flags: u32 = if header { 0xA000_0000 } else { 0x8000_0000 };
    out[20..24].copy_from_slice(&flags.to_le_bytes());
    out
}

fn item(out: &mut Vec<u8>, key: &str, kind: u32, value: &[u8]) {
    out.extend_from_slice(&(value.len() as u32).to_le_bytes());
    out.extend_from_slice(&(kind << 1).to_le_bytes());
    out.extend_from_slice(key.as_bytes());
    out.push(0);
    out.extend_from_slice(value);
}

/// A complete APEv2 tag (header, items, footer) for `tags`. Pictures become binary
/// `Cover Art (Front)` / `Cover Art (Back)` items (a file name, a zero byte, the picture).
#[must_use]
pub fn tag(tags: &TagSet) -> Vec<u8> {
    let mut body = Vec::new();
    let mut count = 0u32;
    for (k, v) in text_items(tags) {
        item(&mut body, &k, 0, v.as_bytes());
        count += 1;
    }
    for p in &tags.pictures {
        let (key, name) = if p.kind == 3 {
            ("Cover Art (Front)", "front")
        } else {
            ("Cover Art (Back)", "back")
        };
        let ext = if p.mime == "image/png" { "png" } else { "jpg" };
        let mut value = format!("{name}.{ext}").into_bytes();
        value.push(0);
        value.extend_from_slice(&p.data);
        item(&mut body, key, 1, &value);
        count += 1;
    }
    let size = (body.len() + 32) as u32;
    let mut out = Vec::with_capacity(body.len() + 64);
    out.extend_from_slice(&header_or_footer(size, count, true));
    out.extend(body);
    out.extend_from_slice(&header_or_footer(size, count, false));
    out
}
