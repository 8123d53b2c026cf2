//! Entry points over arbitrary bytes, one per reader: what the fuzz targets call and what the
//! regression tests replay. Each reads `data` as a whole file (or block) and ignores the result;
//! none may panic, hang or allocate beyond what the input allows.

use crate::detect::Kind;
use crate::source::SliceSource;
use crate::{apev2, monkeysaudio, musepack, optimfrog, tak, trueaudio, wavpack};
use crate::{asf, file, flac, mp3, mp4, mpeg, ogg, vorbis};

/// File names the detection entry point picks from with the first byte, so that extension
/// scoring is exercised too.
const NAMES: [&str; 22] = [
    "x", "x.mp3", "x.flac", "x.ogg", "x.m4a", "x.opus", "x.id3", "x.mp4", "x.aif", "x.wav",
    "x.dsf", "x.dff", "x.ac3", "x.aac", "x.mid", "x.ape", "x.mpc", "x.tak", "x.tta", "x.ofr",
    "x.ofs", "x.wma",
];

/// Detection, then whichever reader wins (`mutagen.File`).
pub fn detect_and_read(data: &[u8]) {
    let name = NAMES[usize::from(data.first().copied().unwrap_or(0)) % NAMES.len()];
    if let Ok(file::Detected::Read(_, audio)) = file::read(name, &SliceSource::new(data)) {
        // Everything a reader may have deferred (the `lazy` feature): the three common text
        // values first, then every value.
        let _ = crate::summary::title_artist_album(&audio);
        let _ = crate::summary::summarize(audio);
    }
}

/// The MP3 reader: ID3 tags and MPEG stream info.
pub fn mp3(data: &[u8]) {
    let _ = mp3::read(&SliceSource::new(data));
}

/// The MPEG stream info reader alone, from the start of the data.
pub fn mpeg_info(data: &[u8]) {
    let _ = mpeg::MpegInfo::read(&SliceSource::new(data), None);
}

/// The ID3 reader (ID3v2 at the start, ID3v1 at the end).
pub fn id3(data: &[u8]) {
    if let Ok(tag) = crate::id3::read(&SliceSource::new(data)) {
        // With the `lazy` feature these decode what the first pass left: one text frame read
        // alone, then the whole dictionary.
        let _ = tag.frame("TIT2");
        let _ = tag.frames().len();
    }
}

/// The ID3v2 frame decoder alone, over a tag body; version and header flags from the first
/// byte.
pub fn id3_frames(data: &[u8]) {
    if let Some((&b, body)) = data.split_first() {
        let _ = crate::id3::decode_frames(2 + (b & 3) % 3, b & 0xF0, body);
    }
}

/// The FLAC reader.
pub fn flac(data: &[u8]) {
    let _ = flac::read(&SliceSource::new(data));
}

/// One FLAC metadata block body, its type taken from the first byte.
pub fn flac_block(data: &[u8]) {
    if let Some((&code, body)) = data.split_first() {
        let _ = flac::parse_block(code & 0x7F, body);
    }
}

/// The Vorbis comment reader, with and without a framing bit.
pub fn vorbis_comment(data: &[u8]) {
    let _ = vorbis::parse(data, true);
    let _ = vorbis::parse(data, false);
}

/// The Ogg reader, as the codec the first byte picks.
pub fn ogg(data: &[u8]) {
    let kinds = [
        Kind::OggVorbis,
        Kind::OggOpus,
        Kind::OggFlac,
        Kind::OggSpeex,
        Kind::OggTheora,
    ];
    let kind = kinds[usize::from(data.first().copied().unwrap_or(0)) % kinds.len()];
    if let Some(codec) = ogg::Codec::from_class_name(kind.class_name()) {
        let _ = ogg::read(&SliceSource::new(data), codec);
    }
}

/// The MP4 reader.
pub fn mp4(data: &[u8]) {
    if let Ok(file) = mp4::read(&SliceSource::new(data)) {
        // With the `lazy` feature these decode what the first pass left: the items of one key,
        // then every item.
        if let Some(tags) = file.tags {
            let _ = tags.value("\u{a9}nam");
            let _ = tags.items().len();
        }
    }
}

/// The MP4 atom walker alone.
pub fn mp4_atoms(data: &[u8]) {
    let _ = mp4::atom::read_tree(&SliceSource::new(data));
}

/// The AIFF reader.
pub fn aiff(data: &[u8]) {
    let _ = crate::iff::aiff::read(&SliceSource::new(data));
}

/// The WAVE reader.
pub fn wave(data: &[u8]) {
    let _ = crate::iff::wave::read(&SliceSource::new(data));
}

/// The DSF reader.
pub fn dsf(data: &[u8]) {
    let _ = crate::iff::dsf::read(&SliceSource::new(data));
}

/// The DSDIFF reader.
pub fn dsdiff(data: &[u8]) {
    let _ = crate::iff::dsdiff::read(&SliceSource::new(data));
}

/// The AC-3 reader.
pub fn ac3(data: &[u8]) {
    let _ = crate::ac3::read(&SliceSource::new(data));
}

/// The AAC reader.
pub fn aac(data: &[u8]) {
    let _ = crate::aac::read(&SliceSource::new(data));
}

/// The Standard MIDI file reader.
pub fn smf(data: &[u8]) {
    let _ = crate::smf::read(&SliceSource::new(data));
}

/// The APEv2 tag reader (footer at the end, or header at the start).
pub fn apev2(data: &[u8]) {
    let _ = apev2::read(&SliceSource::new(data));
}

/// The WavPack reader: block headers and the APEv2 tag.
pub fn wavpack(data: &[u8]) {
    let _ = wavpack::read(&SliceSource::new(data));
}

/// The Monkey's Audio reader.
pub fn monkeysaudio(data: &[u8]) {
    let _ = monkeysaudio::read(&SliceSource::new(data));
}

/// The Musepack reader (SV4 to SV8).
pub fn musepack(data: &[u8]) {
    let _ = musepack::read(&SliceSource::new(data));
}

/// The TAK reader.
pub fn tak(data: &[u8]) {
    let _ = tak::read(&SliceSource::new(data));
}

/// The OptimFROG reader.
pub fn optimfrog(data: &[u8]) {
    let _ = optimfrog::read(&SliceSource::new(data));
}

/// The True Audio reader: ID3 tag, then the TTA header.
pub fn trueaudio(data: &[u8]) {
    let _ = trueaudio::read(&SliceSource::new(data));
}

/// The ASF reader.
pub fn asf(data: &[u8]) {
    let _ = asf::read(&SliceSource::new(data));
}

/// The ID3 remover (`mutagen.id3.delete`) on the input as a file, the flags from its first
/// byte: what is left must be a run of the input, cut only at its two ends.
///
/// # Panics
/// When what is left is not such a run (a bug the fuzzer reports).
pub fn id3_delete(data: &[u8]) {
    let flags = data.first().copied().unwrap_or(3);
    let (v1, v2) = (flags & 1 != 0, flags & 2 != 0);
    let mut file = data.to_vec();
    let ok = crate::id3::write::delete(&mut file, v1, v2).is_ok();
    let kept = file.is_empty() || data.windows(file.len()).any(|w| w == file.as_slice());
    assert!(
        kept,
        "id3 delete left bytes that were not a run of the file"
    );
    if ok && !v1 && !v2 {
        assert_eq!(file, data);
    }
}

/// The ID3 writer (`ID3.save`'s core) on the input as a file: the old ID3v2 tag (if the input
/// starts with one) is replaced by itself with more or less padding, taken with the ID3v1 mode
/// from the last byte. The saved file must be the new tag, the input's bytes after the old tag
/// (the audio) unchanged, and then the new ID3v1 tag where one is written, in place of the old.
///
/// # Panics
/// When the saved file is not so (a bug the fuzzer reports).
pub fn id3_save(data: &[u8]) {
    use crate::id3::write::{save, V1};
    let last = data.last().copied().unwrap_or(0);
    let v1 = [V1::Remove, V1::Update, V1::Create][usize::from(last % 3)];
    let extra = usize::from(last / 3) * 7;
    let old_size = match data {
        [b'I', b'D', b'3', _, _, _, a, b, c, d, ..] => {
            crate::id3::syncsafe([*a, *b, *c, *d]) as usize + 10
        }
        _ => 0,
    };
    let body = data.get(10..old_size.min(data.len())).unwrap_or(&[]);
    let new_len = body.len() + extra;
    let Ok(room) = u32::try_from(new_len) else {
        return;
    };
    if room >= 1 << 28 {
        return;
    }
    let mut tag = b"ID3\x04\x00\x00".to_vec();
    tag.extend(crate::id3::write::to_syncsafe(room));
    tag.extend_from_slice(body);
    tag.resize(10 + new_len, 0);
    let new_v1 = {
        let mut t = [b'v'; 128];
        t[..3].copy_from_slice(b"TAG");
        t
    };
    let mut file = data.to_vec();
    let mut asked = false;
    let mut make = || {
        asked = true;
        Ok(new_v1)
    };
    if save(&mut file, old_size as u64, &tag, v1, &mut make).is_err() {
        assert!(
            old_size > data.len(),
            "an ID3 save of a tag that fits failed"
        );
        assert_eq!(file, data, "a refused ID3 save changed the file");
        return;
    }
    // The file after the ID3v2 step, and the ID3v1 tag the writer then finds in it.
    let mut want = [tag.as_slice(), &data[old_size..]].concat();
    let n = want.len().min(crate::id3::ID3V1_SEARCH_LEN);
    let tail = &want[want.len() - n..];
    let found = crate::id3::locate_id3v1(tail)
        .filter(|&i| crate::id3::parse_id3v1(&tail[i..], 4).is_some())
        .map(|i| want.len() - n + i);
    assert_eq!(
        asked,
        v1 == V1::Create || (v1 == V1::Update && found.is_some()),
        "the ID3v1 tag was asked for when it should not be, or not when it should"
    );
    want.truncate(found.unwrap_or(want.len()));
    if asked {
        want.extend_from_slice(&new_v1);
    }
    if found.is_some_and(|at| at < tag.len()) {
        // A "TAG" in the last bytes of a short file, inside the new ID3v2 tag: the cut reaches
        // into it, as mutagen's does.
        return;
    }
    assert_eq!(
        file, want,
        "the saved file is not the new tag, the audio and the ID3v1 tag"
    );
}

/// Whether the children of `atom` end within it, and theirs within them. (Children that run
/// past their parent are walked as mutagen walks them, and a save keeps them running past: the
/// file may then walk differently, for mutagen too, so [`mp4_save`] checks only files whose
/// atoms nest.)
fn nests(atom: &mp4::atom::Atom) -> bool {
    let end = atom.offset.saturating_add(atom.length);
    atom.children
        .as_deref()
        .unwrap_or_default()
        .iter()
        .all(|c| c.offset.saturating_add(c.length) <= end && nests(c))
}

/// The MP4 writer (`MP4Tags.save`'s core) on the input as a file: when the input reads as
/// MP4, its items are rendered again ([`mp4::write::render_ilst`], when the last byte is
/// even and they can be) or its own `ilst` atom is kept (an empty one when it has none), and
/// saved back with a padding taken from its last byte. The saved file must read with the
/// same items and stream information, and the same payloads in its `mdat` atoms.
///
/// # Panics
/// When the saved file does not read back so (a bug the fuzzer reports).
pub fn mp4_save(data: &[u8]) {
    let src = SliceSource::new(data);
    let Ok(before) = mp4::read(&src) else {
        return;
    };
    let Ok(atoms) = mp4::atom::top_level(&src, &[b"moov"]) else {
        return;
    };
    let moov = atoms.iter().find(|a| &a.name == b"moov");
    if !moov.is_some_and(nests) {
        return;
    }
    // A `moov` of size 0 runs to the end of the file: a save gives it a size (as mutagen's
    // does), and what followed the edit inside it is then read at the top level.
    let sized = |a: &mp4::atom::Atom| {
        usize::try_from(a.offset)
            .ok()
            .and_then(|at| data.get(at..at + 4))
            .is_some_and(|b| b != [0, 0, 0, 0])
    };
    if !moov.is_some_and(sized) {
        return;
    }
    let old = moov.and_then(|moov| moov.path(&[b"udta", b"meta", b"ilst"]));
    let items = |f: &mp4::Mp4File| {
        let mut items = f
            .tags
            .as_ref()
            .map(|t| t.items().to_vec())
            .unwrap_or_default();
        // A cover of another format reads as JPEG, marked as the substitute; written again,
        // it is plain JPEG.
        for (_, value) in &mut items {
            if let mp4::Value::List(list) = value {
                for item in list {
                    if let mp4::Item::Cover { default_format, .. } = item {
                        *default_format = false;
                    }
                }
            }
        }
        items
    };
    let rendered = if data.last().is_some_and(|b| b % 2 == 0) {
        mp4::write::render_ilst(&items(&before))
    } else {
        None
    };
    let ilst = match (rendered, old) {
        (Some(ilst), _) => ilst,
        (None, Some(a)) => {
            let range = usize::try_from(a.offset)
                .ok()
                .zip(usize::try_from(a.offset.saturating_add(a.length)).ok());
            match range.and_then(|(start, end)| data.get(start..end)) {
                Some(bytes) => bytes.to_vec(),
                None => return,
            }
        }
        (None, None) => mp4::write::render_atom(b"ilst", b""),
    };
    let padding = i64::from(data.last().copied().unwrap_or(0)) * 13 - 200;
    let mdats = |d: &[u8]| -> Vec<Vec<u8>> {
        mp4::atom::top_level(&SliceSource::new(d), &[])
            .map(|atoms| {
                atoms
                    .iter()
                    .filter(|a| &a.name == b"mdat")
                    .map(|a| {
                        let start = usize::try_from(a.data_offset).unwrap_or(usize::MAX);
                        let end = usize::try_from(a.offset.saturating_add(a.length))
                            .unwrap_or(usize::MAX);
                        d.get(start..end.min(d.len())).unwrap_or_default().to_vec()
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut file = data.to_vec();
    if mp4::write::save(&mut file, &ilst, &mut |_, _| Ok(padding)).is_err() {
        // A chunk offset table that does not fit its atom, or an offset out of its range:
        // mutagen fails there too, part-way.
        return;
    }
    // The same atom in three parts, split where the input's second-to-last byte says, must
    // save as the same bytes.
    let k = usize::from(data.len().checked_sub(2).map_or(0, |i| data[i]));
    let cut = ilst.len() * k / 255;
    let cut2 = (cut + k).min(ilst.len());
    let mut split = data.to_vec();
    let parts = [&ilst[..cut], &ilst[cut..cut2], &ilst[cut2..]];
    let saved = mp4::write::save_parts(&mut split, &parts, &mut |_, _| Ok(padding));
    assert!(saved.is_ok(), "an MP4 save in parts failed: {saved:?}");
    assert!(split == file, "an MP4 save in parts wrote other bytes");
    let after = mp4::read(&SliceSource::new(&file));
    assert!(after.is_ok(), "a saved MP4 file does not read: {after:?}");
    let Ok(after) = after else {
        return;
    };
    assert!(
        items(&before) == items(&after),
        "the saved MP4 items differ"
    );
    assert!(
        before.info == after.info,
        "the saved MP4 stream info differs"
    );
    assert!(mdats(data) == mdats(&file), "the saved MP4 audio differs");
}

/// The FLAC writer (`FLAC.save`) on the input as a file: when the input reads as FLAC, its
/// blocks are saved back with a padding and an ID3-removal flag taken from its last byte; the
/// result must read with the same blocks (padding aside) and the same audio.
///
/// # Panics
/// When the saved file does not read back so (a bug the fuzzer reports).
pub fn flac_save(data: &[u8]) {
    let Ok(before) = flac::read(&SliceSource::new(data)) else {
        return;
    };
    let last = data.last().copied().unwrap_or(0);
    let (deleteid3, padding) = (last & 1 != 0, usize::from(last >> 1) * 33);
    let mut file = data.to_vec();
    let saved = flac::write::save(&mut file, deleteid3, |_| {
        flac::write::render_metadata(&before.blocks, padding)
    });
    if saved.is_ok() {
        // The same metadata in three parts, split where the input's second-to-last byte
        // says, must save as the same bytes.
        let mut split = data.to_vec();
        let layout = flac::write::layout(&mut split, 0, deleteid3);
        let rendered = flac::write::render_metadata(&before.blocks, padding);
        if let (Ok(layout), Ok(rendered)) = (layout, rendered) {
            let k = usize::from(data.len().checked_sub(2).map_or(0, |i| data[i]));
            let cut = rendered.len() * k / 255;
            let cut2 = (cut + k).min(rendered.len());
            let parts = [&rendered[..cut], &rendered[cut..cut2], &rendered[cut2..]];
            let applied = flac::write::apply_parts(&mut split, &layout, &parts, deleteid3);
            assert!(applied.is_ok(), "a FLAC save in parts failed: {applied:?}");
            assert!(split == file, "a FLAC save in parts wrote other bytes");
        }
    }
    let Ok(()) = saved else {
        // Only the rendering may refuse a file that reads (a body too long for its header);
        // nothing was written then.
        assert_eq!(file, data, "a failed FLAC save changed the file");
        return;
    };
    let at = usize::try_from(before.audio_offset).unwrap_or(usize::MAX);
    let mut audio = data.get(at..).unwrap_or(&[]);
    if deleteid3 {
        if audio.len() < 128 {
            // The ID3v1 check then looks into the metadata, as mutagen's does: nothing to
            // compare.
            return;
        }
        if audio[audio.len() - 128..].starts_with(b"TAG") {
            audio = &audio[..audio.len() - 128];
        }
    }
    let after = flac::read(&SliceSource::new(&file));
    assert!(after.is_ok(), "a saved FLAC file does not read: {after:?}");
    let Ok(after) = after else {
        return;
    };
    let kept = |f: &flac::Flac| -> Vec<flac::MetadataBlock> {
        f.blocks
            .iter()
            .filter(|b| !matches!(b.data, flac::BlockData::Padding(_)))
            .cloned()
            .map(|mut b| {
                if let flac::BlockData::VorbisComment(vc) = &mut b.data {
                    vc.size = 0; // dropped comments make the rendered block shorter
                }
                b
            })
            .collect()
    };
    assert!(
        kept(&after) == kept(&before),
        "a FLAC save changed the blocks"
    );
    assert!(
        file.get(usize::try_from(after.audio_offset).unwrap_or(usize::MAX)..) == Some(audio),
        "a FLAC save changed the audio"
    );
}

/// The APEv2 writer (`APEv2.save`, `APEv2.delete`) on the input as a file: its tag (when it
/// reads) is saved back item by item, and must be the tag `render` gives, read back with the
/// same items, with every byte outside the old tag kept; a delete must cut out exactly the old
/// tag.
///
/// # Panics
/// When a save or delete does not do so (a bug the fuzzer reports).
pub fn apev2_save(data: &[u8]) {
    let src = SliceSource::new(data);
    let Ok(span) = apev2::locate(&src) else {
        return;
    };
    let before = apev2::read(&src).ok();
    let items: Vec<apev2::write::Item<'_>> = before
        .iter()
        .flat_map(|tag| tag.items.iter())
        .map(|item| apev2::write::Item {
            key: item.key.as_bytes(),
            kind: item.value.kind(),
            value: item.value.as_bytes(),
        })
        .collect();
    let Ok(tag) = apev2::write::render(&items) else {
        return;
    };
    let len = data.len() as u64;
    let fits = span.is_none_or(|s| !s.at_start || s.end <= len);
    let range = |a: u64, b: u64| {
        data.get(usize::try_from(a).unwrap_or(usize::MAX)..usize::try_from(b).unwrap_or(usize::MAX))
            .unwrap_or(&[])
    };
    // Saved: what is kept of the old file, then the new tag.
    let mut file = data.to_vec();
    let saved = apev2::write::save_items(&mut file, &items);
    if !fits {
        assert!(
            saved.is_err() && file == data,
            "a save over a tag past the end wrote"
        );
        return;
    }
    assert!(saved.is_ok(), "an APEv2 save failed: {saved:?}");
    let kept = match span {
        None => data.to_vec(),
        Some(s) if s.at_start => [range(0, s.start), range(s.end, len)].concat(),
        Some(s) => range(0, s.start).to_vec(),
    };
    assert!(
        file.len() == kept.len() + tag.len() && file.starts_with(&kept) && file.ends_with(&tag),
        "an APEv2 save changed bytes outside the tag"
    );
    // (A tag without items reads as no tag, in mutagen as here: nothing to compare.)
    if let Some(before) = before.filter(|tag| !tag.items.is_empty()) {
        let after = apev2::read(&SliceSource::new(&file));
        let sorted = |tag: &apev2::ApeTag| {
            let mut items = tag.items.clone();
            items.sort_by(|a, b| a.key.cmp(&b.key));
            items
        };
        assert!(
            after
                .as_ref()
                .is_ok_and(|after| sorted(after) == sorted(&before)),
            "a saved APEv2 tag reads back differently: {after:?}"
        );
    }
    // Deleted: exactly the old tag is cut out.
    let mut file = data.to_vec();
    let deleted = apev2::write::delete(&mut file);
    match span {
        Some(s) if s.end <= len => {
            assert!(deleted.is_ok_and(|found| found), "an APEv2 delete failed");
            assert!(
                file == [range(0, s.start), range(s.end, len)].concat(),
                "an APEv2 delete cut more than the tag"
            );
        }
        _ => assert!(file == data, "an APEv2 delete changed a file it refused"),
    }
}

/// The ID3-chunk writer of AIFF, WAVE and DSDIFF (`IffID3.save`, the modules' `delete`) on
/// the input as a file of the format its last byte picks: a tag of a length the last byte
/// picks is saved; every byte before the tag chunk (the root's size field aside) and after it
/// must be kept, and the chunk must hold the tag; a delete must cut out exactly the chunk.
///
/// # Panics
/// When a save or delete does not do so (a bug the fuzzer reports).
pub fn iff_save(data: &[u8]) {
    use crate::iff::write::{delete_id3, save_id3, Format};
    let last = data.last().copied().unwrap_or(0);
    let format = [Format::Aiff, Format::Wave, Format::Dsdiff][usize::from(last % 3)];
    let layout = format.layout();
    let hs = layout.header_size();
    let field = usize::try_from(hs - 4).unwrap_or(8);
    let Ok((root, chunks)) = format.walk(&SliceSource::new(data)) else {
        let mut file = data.to_vec();
        let saved = save_id3(&mut file, format, &mut |_, _| Ok(Vec::<Vec<u8>>::new()));
        assert!(
            saved.is_err() && file == data,
            "a save of a file that does not walk wrote"
        );
        return;
    };
    let old = format.tag_chunk(&chunks).cloned();
    let len = data.len() as u64;
    let at_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX).min(data.len());
    // The old region: the tag chunk's header and the data the file holds, or nothing at the
    // end of the root's data.
    let (at, old_end) = if let Some(c) = &old {
        let room =
            (c.data_size.saturating_add(c.data_size % 2)).min(len.saturating_sub(c.data_offset));
        (c.offset, c.data_offset + room)
    } else {
        let room = (root.data_size.saturating_add(root.data_size % 2))
            .min(len.saturating_sub(root.data_offset));
        let end = root.data_offset + room;
        (end, end)
    };
    let tag: Vec<u8> = (0..usize::from(last / 3) * 7).map(|i| i as u8).collect();
    let mut file = data.to_vec();
    let saved = save_id3(&mut file, format, &mut |_, _| Ok(vec![&tag[..]]));
    if let Ok(()) = saved {
        let new_end = at_usize(at) + usize::try_from(hs).unwrap_or(12) + tag.len() + tag.len() % 2;
        let size_at = usize::try_from(root.offset + 4).unwrap_or(4);
        let kept_prefix = |f: &[u8]| {
            let head = f.get(..at_usize(at)).unwrap_or(&[]).to_vec();
            [
                head.get(..size_at).unwrap_or(&head),
                head.get(size_at + field..).unwrap_or(&[]),
            ]
            .concat()
        };
        assert!(
            kept_prefix(&file) == kept_prefix(data),
            "an IFF save changed bytes before the tag"
        );
        assert!(
            file.get(new_end..) == data.get(at_usize(old_end)..),
            "an IFF save changed bytes after the tag"
        );
        let chunk_data = file
            .get(at_usize(at) + usize::try_from(hs).unwrap_or(12)..)
            .unwrap_or(&[]);
        assert!(
            chunk_data.starts_with(&tag),
            "an IFF save did not write the tag"
        );
    } else {
        assert!(file == data, "a failed IFF save wrote");
    }
    let mut file = data.to_vec();
    let deleted = delete_id3(&mut file, format);
    if let (Ok(true), Some(c)) = (&deleted, &old) {
        let size_at = usize::try_from(root.offset + 4).unwrap_or(4);
        let mut want = data.to_vec();
        want.drain(at_usize(c.offset)..at_usize(c.offset.saturating_add(c.size)));
        let (a, b) = (size_at, size_at + field);
        assert!(
            file.get(..a) == want.get(..a) && file.get(b..) == want.get(b..),
            "an IFF delete cut more than the tag chunk"
        );
    } else {
        assert!(file == data, "an IFF delete that removed nothing wrote");
        assert!(
            deleted.is_err() || (matches!(deleted, Ok(false)) && old.is_none()),
            "an IFF delete answered {deleted:?} for {old:?}"
        );
    }
}

/// The ASF writer (`ASF.save`) on the input as a file: a title and an attribute in each of
/// the other three objects are saved with a padding the last byte picks. The data after the header must be kept, and a
/// file that read before must read after, with the same stream info and the title saved.
///
/// # Panics
/// When a save does not do so (a bug the fuzzer reports).
pub fn asf_save(data: &[u8]) {
    let before = asf::read(&SliceSource::new(data));
    let utf16 = |s: &str| {
        s.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
    };
    let title = utf16("fuzzed\0");
    let value = utf16("v\0");
    let record = |name, kind, value, language, stream| asf::write::Record {
        name,
        kind,
        value,
        language,
        stream,
    };
    let tags = asf::write::Tags {
        content: [&title, &[], &[], &[], &[]],
        extended: vec![record("WM/Fuzz", 0, &value, 0, 0)],
        metadata: vec![record("WM/Stream", 3, &[1, 0, 0, 0], 0, 1)],
        library: vec![record("WM/Language", 1, &[1, 2, 3], 2, 0)],
    };
    let pad = i64::from(data.last().copied().unwrap_or(0));
    let mut file = data.to_vec();
    let saved = asf::write::save(&mut file, &tags, &mut |_, _| Ok(pad));
    if saved.is_err() {
        assert!(file == data, "a failed ASF save wrote");
        return;
    }
    let size_at = |f: &[u8]| {
        f.get(16..24)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    };
    let old_end = usize::try_from(size_at(data)).unwrap_or(usize::MAX);
    let new_end = usize::try_from(size_at(&file)).unwrap_or(usize::MAX);
    assert!(
        file.get(new_end..) == data.get(old_end..),
        "an ASF save changed the data after the header"
    );
    if let Ok(before) = before {
        let after = asf::read(&SliceSource::new(&file));
        assert!(
            after.as_ref().is_ok_and(|after| after.info == before.info
                && ["Title", "WM/Fuzz", "WM/Stream", "WM/Language"]
                    .iter()
                    .all(|n| after.attributes.iter().any(|a| a.name == *n))),
            "a saved ASF file reads back differently: {after:?}"
        );
    }
}

/// Save an Ogg input in memory as the Ogg file type of a codec chosen by its last byte does
/// (its comments rendered back with some padding), then read it again: the comments and the
/// stream info read from the headers must be the same (the length and the Opus bitrate depend
/// on where the file's end is).
///
/// # Panics
/// When the saved file does not read back so (a bug the fuzzer reports).
pub fn ogg_save(data: &[u8]) {
    let last = data.last().copied().unwrap_or(0);
    let codecs = [
        ogg::Codec::Vorbis,
        ogg::Codec::Opus,
        ogg::Codec::Flac,
        ogg::Codec::Speex,
        ogg::Codec::Theora,
    ];
    let codec = codecs[usize::from(last) % codecs.len()];
    let padding = usize::from(last / 5) * 61;
    let Ok(before) = ogg::read_file(&SliceSource::new(data), codec) else {
        return;
    };
    let mut file = data.to_vec();
    // The package's path: one walk, its pages handed from the first step to the second.
    let Ok(prepared) = ogg::write::prepare(&mut file, codec) else {
        return;
    };
    let head = prepared.layout.head.clone();
    let pages_end = usize::try_from(prepared.pages_end()).unwrap_or(usize::MAX);
    let Ok(packet) =
        ogg::write::render_comment_packet(codec, &before.tags, &head, padding, &before.preserved)
    else {
        return;
    };
    if ogg::write::apply_prepared(&mut file, prepared, &packet).is_err() {
        // A page after the comment that does not read stops the renumbering, as in mutagen.
        return;
    }
    if codec == ogg::Codec::Flac && head == b"\x7F" {
        // The stream's page 1 is its header page: mutagen's Ogg FLAC save puts the comments
        // in place of the header packet, and the file no longer reads, for mutagen either.
        return;
    }
    let after = ogg::read_file(&SliceSource::new(&file), codec);
    if matches!(
        after,
        Err(crate::Error::Malformed(
            _,
            "unable to find final Ogg header"
        ))
    ) {
        // The search for the stream's last page looks for "OggS" in the file's last
        // `FIND_LAST_TAIL` bytes only. When every "OggS" it found there before the save was in
        // the comment pages the save rewrote (their headers, or comments holding those bytes),
        // the saved file can hold none there, and mutagen's saved file fails to read the same
        // way. The bytes after the comment pages must still be the same.
        let window = data.len().saturating_sub(ogg::FIND_LAST_TAIL);
        let last_marker =
            memchr::memmem::rfind(data.get(window..).unwrap_or(&[]), b"OggS").map(|i| window + i);
        let kept = data.get(pages_end..).unwrap_or(&[]);
        assert!(
            last_marker.is_some_and(|at| at < pages_end) && file.ends_with(kept),
            "a saved Ogg file does not read: {after:?}"
        );
        return;
    }
    assert!(after.is_ok(), "a saved Ogg file does not read: {after:?}");
    let Ok(after) = after else {
        return;
    };
    let tags = |f: &ogg::OggFile| (f.tags.vendor.clone(), f.tags.comments.clone());
    assert!(
        tags(&after) == tags(&before),
        "an Ogg save changed the comments"
    );
    // The length (and the Opus bitrate) come from the last page as `find_last` finds it, in a
    // window of the file's end whose place moves with the file's size: in a file with stray
    // bytes that window can hold another page after a save, for mutagen too.
    let info = |f: &ogg::OggFile| {
        let mut i = f.info.clone();
        match &mut i {
            ogg::Info::Vorbis(v) => v.length = 0.0,
            ogg::Info::Opus(v) => (v.length, v.bitrate) = (0.0, 0),
            ogg::Info::Flac(v) => v.length = 0.0,
            ogg::Info::Speex(v) => v.length = 0.0,
            ogg::Info::Theora(v) => v.length = 0.0,
        }
        format!("{i:?}")
    };
    assert_eq!(
        info(&after),
        info(&before),
        "an Ogg save changed the stream info"
    );
}

/// Bytes an entry point may hold allocated at once for every byte of its input.
pub const ALLOC_PER_INPUT_BYTE: usize = 64;

/// Bytes an entry point may hold allocated at once whatever its input (the fixed caps of
/// [`crate::error::limits`], such as the bytes compressed ID3 frames may inflate to beyond
/// their tag, fit in it).
pub const ALLOC_BASE: usize = 16 << 20;

/// The allocation budget of an entry point on an input of `len` bytes: the most it may hold
/// allocated at once. The fuzz targets fail past it, and the regression tests replay their
/// inputs under it.
#[must_use]
pub const fn alloc_budget(len: usize) -> usize {
    len.saturating_mul(ALLOC_PER_INPUT_BYTE)
        .saturating_add(ALLOC_BASE)
}

/// An entry point: reads arbitrary bytes, ignores the result.
pub type Entry = fn(&[u8]);

/// Every entry point, by name (the fuzz target names).
pub const ALL: &[(&str, Entry)] = &[
    ("detect_and_read", detect_and_read),
    ("mp3", mp3),
    ("mpeg_info", mpeg_info),
    ("id3", id3),
    ("id3_frames", id3_frames),
    ("flac", flac),
    ("flac_block", flac_block),
    ("vorbis_comment", vorbis_comment),
    ("ogg", ogg),
    ("mp4", mp4),
    ("mp4_atoms", mp4_atoms),
    ("aiff", aiff),
    ("wave", wave),
    ("dsf", dsf),
    ("dsdiff", dsdiff),
    ("ac3", ac3),
    ("aac", aac),
    ("smf", smf),
    ("apev2", apev2),
    ("wavpack", wavpack),
    ("monkeysaudio", monkeysaudio),
    ("musepack", musepack),
    ("tak", tak),
    ("optimfrog", optimfrog),
    ("trueaudio", trueaudio),
    ("asf", asf),
    ("id3_delete", id3_delete),
    ("id3_save", id3_save),
    ("mp4_save", mp4_save),
    ("flac_save", flac_save),
    ("ogg_save", ogg_save),
    ("apev2_save", apev2_save),
    ("iff_save", iff_save),
    ("asf_save", asf_save),
];
