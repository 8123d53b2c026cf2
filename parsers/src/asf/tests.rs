#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;
use crate::error::limits;
use crate::source::SliceSource;

/// A header object holding `objects` (each `(guid, payload)`).
fn header(objects: &[([u8; 16], Vec<u8>)]) -> Vec<u8> {
    let body: Vec<u8> = objects
        .iter()
        .flat_map(|(guid, payload)| {
            let mut out = guid.to_vec();
            out.extend((payload.len() as u64 + 24).to_le_bytes());
            out.extend(payload);
            out
        })
        .collect();
    let mut out = HEADER.to_vec();
    out.extend((body.len() as u64 + 30).to_le_bytes());
    out.extend((objects.len() as u32).to_le_bytes());
    out.extend([1, 2]);
    out.extend(body);
    out
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16()
        .flat_map(u16::to_le_bytes)
        .chain([0, 0])
        .collect()
}

fn read_bytes(data: &[u8]) -> Result<AsfFile> {
    read(&SliceSource::new(data))
}

#[test]
fn content_description_and_extended_attributes_in_mutagens_order() {
    let title = utf16("Hi");
    let mut cd = Vec::new();
    for len in [title.len() as u16, 0, 0, 0, 0] {
        cd.extend(len.to_le_bytes());
    }
    cd.extend(&title);
    let name = utf16("WM/Track");
    let mut ext = 1u16.to_le_bytes().to_vec();
    ext.extend((name.len() as u16).to_le_bytes());
    ext.extend(&name);
    ext.extend(3u16.to_le_bytes());
    ext.extend(4u16.to_le_bytes());
    ext.extend(7u32.to_le_bytes());
    let file = header(&[
        (EXTENDED_CONTENT_DESCRIPTION, ext),
        (CONTENT_DESCRIPTION, cd),
    ]);
    let asf = read_bytes(&file).unwrap();
    let names: Vec<_> = asf.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Title", "WM/Track"]);
    assert_eq!(asf.attributes[0].value, Value::Unicode("Hi".into()));
    assert_eq!(asf.attributes[1].value, Value::DWord(7));
    assert_eq!(asf.objects.len(), 2);
}

#[test]
fn errors_of_mutagens_classes() {
    let kind = |data: &[u8]| read_bytes(data).unwrap_err().kind();
    assert_eq!(kind(b"nothing"), ErrorKind::AsfHeader);
    let mut file = header(&[(FILE_PROPERTIES, vec![0; 10])]);
    assert_eq!(kind(&file), ErrorKind::Asf);
    file.truncate(file.len() - 1);
    assert_eq!(kind(&file), ErrorKind::AsfHeader);
    // An unknown attribute type escapes mutagen as KeyError.
    let mut ext = 1u16.to_le_bytes().to_vec();
    ext.extend([0, 0, 9, 0, 0, 0]);
    assert_eq!(
        kind(&header(&[(EXTENDED_CONTENT_DESCRIPTION, ext)])),
        ErrorKind::BuiltinKeyError
    );
    // A DWORD of three bytes is a struct.error, turned into ASFHeaderError.
    let mut ext = 1u16.to_le_bytes().to_vec();
    ext.extend([0, 0, 3, 0, 3, 0, 1, 2, 3]);
    assert_eq!(
        kind(&header(&[(EXTENDED_CONTENT_DESCRIPTION, ext)])),
        ErrorKind::AsfHeader
    );
    assert_eq!(
        kind(&header(&[(HEADER, vec![])])),
        ErrorKind::BuiltinNotImplementedError
    );
    // The invalid header of mutagen's test: seven objects declared, none there.
    let data = b"0&\xb2u\x8ef\xcf\x11\xa6\xd9\x00\xaa\x00b\xcel\x19\xbf\x01\x00\x00\x00\x00\x00\x07\x00\x00\x00\x01\x02";
    assert_eq!(kind(data), ErrorKind::AsfHeader);
}

/// A header holding header extensions nested `depth` deep.
fn nested(depth: usize) -> Vec<u8> {
    let mut payload = [0u8; 22].to_vec();
    for _ in 1..depth {
        let mut child = HEADER_EXTENSION.to_vec();
        child.extend((payload.len() as u64 + 24).to_le_bytes());
        child.extend(&payload);
        payload = [0u8; 18].to_vec();
        payload.extend((child.len() as u32).to_le_bytes());
        payload.extend(child);
    }
    header(&[(HEADER_EXTENSION, payload)])
}

#[test]
fn nested_header_extensions_stop_where_python_recursion_would() {
    // On a thread with the default 2 MiB stack, as the batch readers use.
    std::thread::spawn(|| {
        let asf = read_bytes(&nested(limits::MAX_ASF_DEPTH)).unwrap();
        assert_eq!(asf.objects[0].children.len(), 1);
        let err = read_bytes(&nested(limits::MAX_ASF_DEPTH + 1)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BuiltinRecursionError);
        assert!(err.is_limit());
    })
    .join()
    .unwrap();
}

#[test]
fn utf16_errors_as_python() {
    assert_eq!(
        decode_utf16le(b"a").unwrap_err(),
        "'utf-16-le' codec can't decode byte 0x61 in position 0: truncated data"
    );
    assert_eq!(
        decode_utf16le(b"\x00\xd8a\x00").unwrap_err(),
        "'utf-16-le' codec can't decode bytes in position 0-1: illegal UTF-16 surrogate"
    );
    assert_eq!(
        decode_utf16le(b"\x00\xdca\x00").unwrap_err(),
        "'utf-16-le' codec can't decode bytes in position 0-1: illegal encoding"
    );
    assert_eq!(
        decode_utf16le(b"\x00\xd8\x00").unwrap_err(),
        "'utf-16-le' codec can't decode bytes in position 0-2: unexpected end of data"
    );
    assert_eq!(decode_utf16le(b"=\xd8\x00\xde").unwrap(), "\u{1f600}");
}

/// Every text of up to three units drawn from ASCII, the BMP, each surrogate range and the
/// borders between them, with and without a stray trailing byte: the decoder succeeds exactly
/// where the standard library's UTF-16 decoding does, with its text, and otherwise gives a
/// message naming a position inside the input.
#[test]
fn utf16_decodes_exactly_the_well_formed_texts() {
    let units: [u16; 10] = [
        0x41, 0xE9, 0x4E2D, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFFFF,
    ];
    let mut texts: Vec<Vec<u16>> = vec![vec![]];
    for _ in 0..3 {
        let longer: Vec<Vec<u16>> = texts
            .iter()
            .flat_map(|t| {
                units.iter().map(move |&u| {
                    let mut t = t.clone();
                    t.push(u);
                    t
                })
            })
            .collect();
        texts.extend(longer);
    }
    texts.dedup();
    for text in &texts {
        let bytes: Vec<u8> = text.iter().flat_map(|u| u.to_le_bytes()).collect();
        let expected: Option<String> = char::decode_utf16(text.iter().copied())
            .collect::<std::result::Result<_, _>>()
            .ok();
        match (decode_utf16le(&bytes), expected) {
            (Ok(got), Some(want)) => assert_eq!(got, want, "{text:x?}"),
            (Err(message), None) => assert!(
                message.starts_with("'utf-16-le' codec can't decode"),
                "{text:x?}: {message}"
            ),
            (got, want) => panic!("{text:x?}: {got:?}, expected {want:?}"),
        }
        let mut odd = bytes.clone();
        odd.push(b'a');
        let message = decode_utf16le(&odd).unwrap_err();
        assert!(message.contains("in position"), "{text:x?}: {message}");
    }
}

#[test]
fn codec_names() {
    assert_eq!(codec_name(0x0161), "Windows Media Audio 9 Standard");
    assert_eq!(codec_name(0x1234), "");
}

#[test]
fn real_files_read_without_panicking() {
    for path in crate::testfiles::sample_files() {
        let data = std::fs::read(&path).unwrap();
        let result = read_bytes(&data);
        if path.extension().is_some_and(|e| e == "wma") {
            result.unwrap();
        }
    }
}
