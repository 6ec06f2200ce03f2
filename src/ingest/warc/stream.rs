//! The bytes of a WARC file as the record parser sees them: plain, or decompressed one gzip
//! member at a time, through a bounded window.
//!
//! [`Stream`] hides the compression but not the member boundaries: the window ends at the end of
//! each gzip member ([`Stream::ended`]), and the parser decides whether to go on into the
//! next member ([`Stream::next_member`]). CC-NEWS writes one member per record, so a record that
//! ends with its member before its `Content-Length` is cut short, while a file compressed
//! whole, or in blocks that cut through records, reads on across the boundary.
//!
//! Offsets: [`Stream::position`] gives, for a plain file, the offset of the next byte in the
//! file; for a gzip file, the compressed offset where the current member starts (the offset a
//! CDX index gives for a record) and the decompressed offset inside the member. A damaged member
//! is abandoned ([`Stream::recover`]): the input is scanned for the next gzip header.

use std::io::{self, BufRead, Read};

/// The bytes a gzip member starts with: magic and the deflate method.
const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// Size of the raw input buffer.
const RAW_BUF: usize = 1 << 16;

/// Size of the decompressed window (the parser never needs more than a line of it at once, and
/// copies longer runs out in pieces).
const WINDOW: usize = 1 << 16;

/// The raw input with its own buffer and an exact count of the bytes consumed.
pub(super) struct Raw<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    consumed: u64,
}

impl<R: Read> Raw<R> {
    fn new(inner: R) -> Raw<R> {
        Raw {
            inner,
            buf: vec![0; RAW_BUF],
            pos: 0,
            end: 0,
            consumed: 0,
        }
    }

    /// The offset in the input of the next unconsumed byte.
    fn offset(&self) -> u64 {
        self.consumed
    }

    fn buffered(&self) -> &[u8] {
        self.buf.get(self.pos..self.end).unwrap_or_default()
    }

    /// Makes at least `n` bytes available (fewer only at the end of the input); returns how many
    /// are.
    fn fill_to(&mut self, n: usize) -> io::Result<usize> {
        let n = n.min(self.buf.len());
        if self.end - self.pos >= n {
            return Ok(self.end - self.pos);
        }
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        while self.end < n {
            let Some(free) = self.buf.get_mut(self.end..) else {
                break;
            };
            match self.inner.read(free) {
                Ok(0) => break,
                Ok(k) => self.end += k.min(free.len()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(self.end - self.pos)
    }

    /// Consumes input up to the next gzip header; false when the input ends first.
    fn skip_to_gzip_header(&mut self) -> io::Result<bool> {
        loop {
            if self.fill_to(GZIP_MAGIC.len())? < GZIP_MAGIC.len() {
                let rest = self.end - self.pos;
                self.consume(rest);
                return Ok(false);
            }
            let data = self.buffered();
            match data.iter().position(|&b| b == GZIP_MAGIC[0]) {
                Some(i) if data.get(i..).is_some_and(|d| d.starts_with(&GZIP_MAGIC)) => {
                    self.consume(i);
                    return Ok(true);
                }
                // too close to the end of the buffer to tell: keep it, read more
                Some(i) if i + GZIP_MAGIC.len() > data.len() => self.consume(i),
                Some(i) => self.consume(i + 1),
                None => {
                    let all = data.len();
                    self.consume(all);
                }
            }
        }
    }
}

impl<R: Read> Read for Raw<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let data = self.fill_buf()?;
        let n = data.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), data.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Raw<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.end {
            self.fill_to(1)?;
        }
        Ok(self.buffered())
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.pos);
        self.pos += n;
        self.consumed += n as u64;
    }
}

/// Where the reading is (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Position {
    /// The compressed offset where the current gzip member starts; `None` for a plain file.
    pub member: Option<u64>,
    /// Plain file: the offset in the file. Gzip: the decompressed offset in the member.
    pub offset: u64,
}

/// A failure of the input itself (not of its WARC content).
#[derive(Debug)]
pub(super) enum StreamError {
    /// Reading failed (I/O), or a gzip member is damaged (`member` = its compressed offset).
    Io {
        /// The compressed offset of the member, `None` for a plain file.
        member: Option<u64>,
        /// The error.
        error: io::Error,
    },
    /// Data after a gzip member that is not another gzip member.
    NotGzip {
        /// Its offset in the file.
        at: u64,
    },
}

enum Layer<R> {
    Plain(Raw<R>),
    Gzip(flate2::bufread::GzDecoder<Raw<R>>),
    /// Between two members, or after a damaged one.
    Idle(Raw<R>),
    /// Only while a layer is being replaced.
    Gone,
}

/// The decompressed bytes, through a window (see the module documentation).
pub(super) struct Stream<R> {
    layer: Layer<R>,
    window: Vec<u8>,
    pos: usize,
    end: usize,
    /// The current member (or the plain input) has no more bytes.
    done: bool,
    /// Gzip: compressed offset of the current member's start.
    member_start: u64,
    /// Bytes consumed from the window since the member (or the input) started.
    within: u64,
}

impl<R: Read> Stream<R> {
    /// A stream over `input`, which is taken as gzip when it starts with a gzip header.
    pub fn new(input: R) -> Result<Stream<R>, StreamError> {
        let mut raw = Raw::new(input);
        let n = raw
            .fill_to(GZIP_MAGIC.len())
            .map_err(|error| StreamError::Io {
                member: None,
                error,
            })?;
        let gzip = raw
            .buffered()
            .get(..n)
            .is_some_and(|b| b.starts_with(&GZIP_MAGIC));
        let layer = if gzip {
            Layer::Gzip(flate2::bufread::GzDecoder::new(raw))
        } else {
            Layer::Plain(raw)
        };
        Ok(Stream {
            layer,
            window: vec![0; WINDOW],
            pos: 0,
            end: 0,
            done: false,
            member_start: 0,
            within: 0,
        })
    }

    /// Is the input gzip-compressed?
    pub fn is_gzip(&self) -> bool {
        !matches!(self.layer, Layer::Plain(_))
    }

    /// The bytes available in the window.
    pub fn data(&self) -> &[u8] {
        self.window.get(self.pos..self.end).unwrap_or_default()
    }

    /// Consumes `n` bytes of the window.
    pub fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.pos);
        self.pos += n;
        self.within += n as u64;
    }

    /// Where the next byte comes from.
    pub fn position(&self) -> Position {
        Position {
            member: self.is_gzip().then_some(self.member_start),
            offset: self.within,
        }
    }

    /// Has the current member (or the plain input) ended? What it gave may still be in the
    /// window.
    pub fn ended(&self) -> bool {
        self.done
    }

    /// Makes at least `n` bytes (at most the window size) available, fewer only at the end of
    /// the member; returns how many are.
    pub fn fill(&mut self, n: usize) -> Result<usize, StreamError> {
        let n = n.min(self.window.len());
        if self.end - self.pos >= n || self.done {
            return Ok(self.end - self.pos);
        }
        if self.pos > 0 {
            self.window.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        while self.end < n && !self.done {
            let Some(free) = self.window.get_mut(self.end..) else {
                break;
            };
            let got = match &mut self.layer {
                Layer::Plain(r) => r.read(free).map_err(|error| StreamError::Io {
                    member: None,
                    error,
                }),
                Layer::Gzip(d) => d.read(free).map_err(|error| StreamError::Io {
                    member: Some(self.member_start),
                    error,
                }),
                Layer::Idle(_) | Layer::Gone => Ok(0),
            };
            match got {
                Ok(0) => self.done = true,
                Ok(k) => self.end += k.min(free.len()),
                Err(StreamError::Io { error, .. })
                    if error.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    // a damaged member yields nothing more; `recover` moves on
                    self.done = true;
                    self.idle();
                    return Err(e);
                }
            }
        }
        Ok(self.end - self.pos)
    }

    /// Drops the decoder, keeping the raw input.
    fn idle(&mut self) {
        self.layer = match std::mem::replace(&mut self.layer, Layer::Gone) {
            Layer::Gzip(d) => Layer::Idle(d.into_inner()),
            other => other,
        };
    }

    /// After the end of a member (see [`Stream::ended`]), starts the next one: `Ok(true)` when
    /// there is one, `Ok(false)` at the end of the input (always, for a plain file). Bytes of
    /// the ended member still in the window stay there, before the new member's (a line cut
    /// by a member boundary reads as one). Data after a member that is not a gzip member is an
    /// error; call [`Stream::recover`] then.
    pub fn next_member(&mut self) -> Result<bool, StreamError> {
        if !self.done {
            return Ok(true);
        }
        self.idle();
        let Layer::Idle(raw) = &mut self.layer else {
            return Ok(false);
        };
        let io = |error| StreamError::Io {
            member: None,
            error,
        };
        let n = raw.fill_to(GZIP_MAGIC.len()).map_err(io)?;
        if n == 0 {
            return Ok(false);
        }
        if !raw.buffered().starts_with(&GZIP_MAGIC) {
            return Err(StreamError::NotGzip { at: raw.offset() });
        }
        self.start_member();
        Ok(true)
    }

    /// Starts a gzip member at the current raw position (which holds a gzip header), keeping
    /// what is left in the window.
    fn start_member(&mut self) {
        if let Layer::Idle(raw) = std::mem::replace(&mut self.layer, Layer::Gone) {
            self.member_start = raw.offset();
            self.layer = Layer::Gzip(flate2::bufread::GzDecoder::new(raw));
        }
        self.window.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        self.done = false;
        self.within = 0;
    }

    /// After a [`StreamError`] in a gzip file: skips to the next gzip member and starts it;
    /// false when none is left. A plain file has nothing to recover (the parser resynchronizes
    /// on the next `WARC/` line) and gives false after an I/O error.
    pub fn recover(&mut self) -> Result<bool, StreamError> {
        self.pos = 0;
        self.end = 0;
        self.done = true;
        self.idle();
        let Layer::Idle(raw) = &mut self.layer else {
            return Ok(false);
        };
        // never the same header again
        if raw.offset() <= self.member_start {
            raw.consume(1);
        }
        let io = |error| StreamError::Io {
            member: None,
            error,
        };
        if !raw.skip_to_gzip_header().map_err(io)? {
            return Ok(false);
        }
        self.start_member();
        Ok(true)
    }

    /// The offset in the input file of the next raw byte (the end of the data read so far).
    pub fn raw_offset(&self) -> u64 {
        match &self.layer {
            Layer::Plain(r) | Layer::Idle(r) => r.offset(),
            Layer::Gzip(d) => d.get_ref().offset(),
            Layer::Gone => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ingest::warc::tests::gz;

    /// Reads the stream member by member: (member offset, text) pairs, with "!" for errors.
    fn members(input: &[u8]) -> Vec<(Option<u64>, String)> {
        let mut s = Stream::new(input).unwrap();
        let mut out = Vec::new();
        loop {
            let at = s.position().member;
            let mut text = Vec::new();
            let mut failed = false;
            loop {
                match s.fill(5) {
                    Ok(0) => break,
                    Ok(n) => {
                        text.extend_from_slice(&s.data()[..n]);
                        s.consume(n);
                    }
                    Err(_) => {
                        failed = true;
                        break;
                    }
                }
            }
            out.push((at, String::from_utf8_lossy(&text).into_owned()));
            let more = if failed {
                out.push((at, "!".into()));
                s.recover().unwrap()
            } else {
                match s.next_member() {
                    Ok(m) => m,
                    Err(_) => {
                        out.push((at, "!".into()));
                        s.recover().unwrap()
                    }
                }
            };
            if !more {
                break;
            }
        }
        out
    }

    #[test]
    fn plain_input_is_one_member() {
        assert_eq!(members(b"WARC/1.0\r\n"), [(None, "WARC/1.0\r\n".into())]);
        assert_eq!(members(b""), [(None, String::new())]);
    }

    #[test]
    fn gzip_members_are_read_one_at_a_time_with_their_offsets() {
        let (a, b) = (gz(b"first member"), gz(b"second"));
        let mut input = a.clone();
        input.extend_from_slice(&b);
        assert_eq!(
            members(&input),
            [
                (Some(0), "first member".into()),
                (Some(a.len() as u64), "second".into())
            ]
        );
    }

    #[test]
    fn a_damaged_member_is_skipped_to_the_next_header() {
        let (a, b, c) = (gz(b"one"), gz(b"two two"), gz(b"three"));
        let mut bad = b.clone();
        let mid = bad.len() / 2;
        bad[mid] ^= 0xff; // damages the deflate data or the CRC
        let mut input = a.clone();
        input.extend_from_slice(&bad);
        input.extend_from_slice(b"garbage between members");
        input.extend_from_slice(&c);
        let got = members(&input);
        let first = (Some(0), "one".to_string());
        assert_eq!(got.first(), Some(&first));
        assert!(got.iter().any(|(_, t)| t == "!"), "{got:?}");
        let c_at = (a.len() + bad.len() + 23) as u64;
        assert_eq!(
            got.last(),
            Some(&(Some(c_at), "three".to_string())),
            "{got:?}"
        );
    }

    #[test]
    fn trailing_garbage_and_truncation_end_cleanly() {
        let mut input = gz(b"one");
        input.extend_from_slice(b"\x1f\x8b");
        let got = members(&input);
        assert_eq!(got.first(), Some(&(Some(0), "one".to_string())));
        let mut cut = gz(b"a longer member that will be cut");
        cut.truncate(cut.len() - 6);
        let got = members(&cut);
        assert!(got.iter().any(|(_, t)| t == "!"), "{got:?}");
    }
}
