//! Standard MIDI files (`mutagen.smf.SMF`): the length, from the tempo changes and the delta
//! times of the events of each track, the longest track's.

use crate::error::{limits, Error, ErrorKind, Result};
use crate::source::Source;

/// `mutagen.smf.SMFInfo`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct SmfInfo {
    /// Length in seconds.
    pub length: f64,
}

fn smf_error(msg: &'static str) -> Error {
    Error::Malformed(ErrorKind::Smf, msg)
}

/// mutagen's `_var_int`: a variable-length quantity at `off`, and the offset after it.
fn var_int(data: &[u8], mut off: usize) -> Result<(u128, usize)> {
    let mut val: u128 = 0;
    loop {
        let &x = data.get(off).ok_or(smf_error("Not enough data"))?;
        off += 1;
        val = val
            .checked_mul(128)
            .and_then(|v| v.checked_add(u128::from(x & 0x7F)))
            .ok_or(Error::Limit(ErrorKind::Smf, limits::MSG_SMF_TIME))?;
        if x & 0x80 == 0 {
            return Ok((val, off));
        }
    }
}

fn index_error() -> Error {
    Error::Malformed(ErrorKind::BuiltinIndexError, "bytearray index out of range")
}

/// One pass over a track's events (mutagen's `_read_track`): `on_tempo(time, tempo)` for
/// each tempo change, `on_event(time, delta)` for each MIDI event, in file order.
fn walk_track(
    chunk: &[u8],
    mut on_tempo: impl FnMut(u128, u32) -> Result<()>,
    mut on_event: impl FnMut(u128, u128),
) -> Result<()> {
    let mut time: u128 = 0;
    let mut status = 0u8;
    let mut off = 0usize;
    let add = |a: u128, b: u128| {
        a.checked_add(b)
            .ok_or(Error::Limit(ErrorKind::Smf, limits::MSG_SMF_TIME))
    };
    while off < chunk.len() {
        let (delta, next) = var_int(chunk, off)?;
        off = next;
        time = add(time, delta)?;
        let &event = chunk.get(off).ok_or_else(index_error)?;
        off += 1;
        if event == 0xFF {
            let &meta = chunk.get(off).ok_or_else(index_error)?;
            off += 1;
            let (num, next) = var_int(chunk, off)?;
            off = next;
            let num = usize::try_from(num).unwrap_or(usize::MAX);
            if meta == 0x51 {
                let end = off.saturating_add(num).min(chunk.len());
                let data = chunk.get(off.min(end)..end).unwrap_or(&[]);
                let [a, b, c] = data else {
                    return Err(smf_error(""));
                };
                on_tempo(time, u32::from_be_bytes([0, *a, *b, *c]))?;
            }
            off = off.saturating_add(num);
        } else if event == 0xF0 || event == 0xF7 {
            let (val, next) = var_int(chunk, off)?;
            off = next.saturating_add(usize::try_from(val).unwrap_or(usize::MAX));
        } else {
            let mut kind = event;
            if event < 0x80 {
                off += 1;
                kind = status;
            } else if event < 0xF0 {
                off += 2;
                status = event;
            } else {
                return Err(smf_error("invalid event"));
            }
            if matches!(kind >> 4, 0xC | 0xD) {
                off -= 1;
            }
            on_event(time, delta);
        }
    }
    Ok(())
}

/// One chunk header and data (`read_chunk`), or `"truncated"`.
fn read_chunk<'a>(
    src: &'a dyn Source,
    at: &mut u64,
) -> Result<([u8; 4], std::borrow::Cow<'a, [u8]>)> {
    let info = src.read_at(*at, 8)?;
    let Some(info) = info.first_chunk::<8>() else {
        return Err(smf_error("truncated"));
    };
    let id = [info[0], info[1], info[2], info[3]];
    let len = u32::from_be_bytes([info[4], info[5], info[6], info[7]]);
    let data = src.read_at(at.saturating_add(8), len as usize)?;
    if data.len() != len as usize {
        return Err(smf_error("truncated"));
    }
    *at = at.saturating_add(8 + u64::from(len));
    Ok((id, data))
}

/// The duration of one track: its MIDI events' delta times, each span at the tempo in force,
/// the tempo changes `tempos` (sorted by time, then value) applied before the events at their
/// time. The tick division is not 0.
fn track_duration(chunk: &[u8], tempos: &[(u128, u32)], tickdiv: u16) -> Result<f64> {
    let mut duration = 0.0f64;
    let mut tempo = 500_000u32;
    let mut sum: u128 = 0;
    let mut next = 0usize;
    let div = f64::from(tickdiv);
    let part = |sum: u128, tempo: u32, duration: &mut f64| {
        *duration += (sum as f64 / div) * f64::from(tempo);
    };
    walk_track(
        chunk,
        |_, _| Ok(()),
        |time, delta| {
            while let Some(&(t, value)) = tempos.get(next) {
                if t > time {
                    break;
                }
                part(sum, tempo, &mut duration);
                tempo = value;
                sum = 0;
                next += 1;
            }
            sum = sum.saturating_add(delta);
        },
    )?;
    for &(_, value) in tempos.get(next..).unwrap_or(&[]) {
        part(sum, tempo, &mut duration);
        tempo = value;
        sum = 0;
    }
    part(sum, tempo, &mut duration);
    Ok(duration / 1e6)
}

/// Read a Standard MIDI file as `mutagen.smf.SMF(path)` does.
pub fn read(src: &dyn Source) -> Result<SmfInfo> {
    let mut at = 0u64;
    let (id, head) = read_chunk(src, &mut at)?;
    if &id != b"MThd" {
        return Err(smf_error("Not a MIDI file"));
    }
    let Some(head) = head.first_chunk::<6>().filter(|_| head.len() == 6) else {
        return Err(smf_error("truncated"));
    };
    let format = u16::from_be_bytes([head[0], head[1]]);
    let ntracks = u16::from_be_bytes([head[2], head[3]]);
    let tickdiv = u16::from_be_bytes([head[4], head[5]]);
    if format > 1 {
        return Err(Error::detailed(
            ErrorKind::Smf,
            format!("Not supported format {format}"),
        ));
    }
    if tickdiv >> 15 != 0 {
        return Err(smf_error("Not supported timing interval"));
    }
    // Each track's place and tempo changes; in a format 1 file every track takes the first
    // track's that has any (mutagen's `first_tempos`).
    // Each track's duration is found as soon as its tempos are known (its own, or an earlier
    // track's), while its data is at hand; a failure is kept, and raised in track order once
    // every track's tempos are read and the checks mutagen makes before the durations passed.
    let mut durations: Vec<Result<f64>> = Vec::new();
    let mut tempo_lists: Vec<Vec<(u128, u32)>> = Vec::new();
    let mut first: Option<usize> = None;
    let mut total_tempos = 0usize;
    for _ in 0..ntracks {
        let (id, chunk) = read_chunk(src, &mut at)?;
        if &id != b"MTrk" {
            continue;
        }
        let mut tempos = Vec::new();
        walk_track(
            &chunk,
            |time, tempo| {
                total_tempos += 1;
                if total_tempos > limits::MAX_SMF_TEMPOS {
                    return Err(Error::Limit(ErrorKind::Smf, limits::MSG_SMF_TEMPOS));
                }
                tempos.push((time, tempo));
                Ok(())
            },
            |_, _| {},
        )?;
        tempos.sort_unstable();
        let own = tempo_lists.len();
        tempo_lists.push(tempos);
        if first.is_none() && tempo_lists.get(own).is_some_and(|t| !t.is_empty()) {
            first = Some(own);
        }
        let list = if format == 1 {
            first.unwrap_or(own)
        } else {
            own
        };
        let tempos = tempo_lists.get(list).map_or(&[][..], Vec::as_slice);
        durations.push(track_duration(&chunk, tempos, tickdiv));
    }
    if durations.is_empty() {
        return Err(Error::Malformed(
            ErrorKind::BuiltinValueError,
            "max() arg is an empty sequence",
        ));
    }
    if tickdiv == 0 {
        return Err(Error::Malformed(
            ErrorKind::BuiltinZeroDivisionError,
            "float division by zero",
        ));
    }
    let mut longest: Option<f64> = None;
    for d in durations {
        let d = d?;
        if longest.is_none_or(|l| d > l) {
            longest = Some(d);
        }
    }
    Ok(SmfInfo {
        length: longest.unwrap_or(0.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    fn midi(format: u16, tickdiv: u16, tracks: &[&[u8]]) -> Vec<u8> {
        let mut out = b"MThd\0\0\0\x06".to_vec();
        out.extend(format.to_be_bytes());
        out.extend(u16::try_from(tracks.len()).unwrap().to_be_bytes());
        out.extend(tickdiv.to_be_bytes());
        for t in tracks {
            out.extend(b"MTrk");
            out.extend(u32::try_from(t.len()).unwrap().to_be_bytes());
            out.extend(*t);
        }
        out
    }

    #[test]
    fn reads_mutagens_sample() {
        let Some(path) = crate::testfiles::sample_file("sample.mid") else {
            return;
        };
        let data = std::fs::read(path).unwrap();
        let info = read(&SliceSource::new(&data)).unwrap();
        assert_eq!(info.length, 127.997_916_666_666_67);
    }

    #[test]
    fn tempo_changes_apply_from_their_time() {
        // A tempo change of 1 s per quarter at tick 96 applies before the event at tick 96,
        // whose delta (96 ticks) counts at the new tempo, as mutagen sorts them: 2 quarters.
        let track: &[u8] =
            b"\x00\x90\x3c\x40\x60\x80\x3c\x40\x00\xff\x51\x03\x0f\x42\x40\x60\x90\x3c\x40";
        let info = read(&SliceSource::new(&midi(0, 96, &[track]))).unwrap();
        assert_eq!(info.length, 2.0);
    }

    #[test]
    fn broken_files_fail_as_mutagen() {
        let e = read(&SliceSource::new(&midi(0, 96, &[]))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BuiltinValueError);
        let e = read(&SliceSource::new(&midi(0, 0, &[b"\x00\x90\x3c\x40"]))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BuiltinZeroDivisionError);
        let e = read(&SliceSource::new(&midi(0, 96, &[b"\x00"]))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BuiltinIndexError);
        let e = read(&SliceSource::new(&midi(2, 96, &[]))).unwrap_err();
        assert_eq!(e.to_string(), "Not supported format 2");
    }
}
