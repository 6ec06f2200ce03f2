//! Typed errors. Every data error names the file (and article) and, where it applies, the line
//! or byte offset.

use std::fmt;
use std::path::Path;

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A path that does not exist.
    NotFound,
    /// A read failure (permissions, I/O).
    Read,
    /// Bytes that are not UTF-8 (offset = first invalid byte).
    InvalidUtf8,
    /// UTF-16 or another encoding detected by its byte-order mark.
    UnsupportedEncoding,
    /// An article with no text after cleaning.
    EmptyArticle,
    /// An article above `--max-article-bytes`.
    TooLarge,
    /// A JSONL line that is not a JSON object.
    MalformedJson,
    /// A required field missing or of the wrong type.
    BadField,
    /// Two articles with the same id.
    DuplicateId,
    /// An id that cannot be used (empty, control characters, too long).
    BadId,
    /// A metadata sidecar that cannot be used.
    BadMetadata,
    /// A compressed stream that is truncated or corrupt.
    Decompress,
    /// Writing the output failed (permissions, disk full).
    Output,
    /// A command-line usage problem.
    Usage,
    /// `check` found differences.
    Stale,
    /// A bug: the program produced a row its own schema rejects.
    Internal,
    /// Interrupted by a signal.
    Interrupted,
}

/// An error with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The file concerned, if any.
    pub path: Option<String>,
    /// 1-based line number (JSONL), if any.
    pub line: Option<u64>,
    /// Byte offset in the file, if any.
    pub offset: Option<u64>,
    pub message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            path: None,
            line: None,
            offset: None,
            message: message.into(),
        }
    }
    pub fn at(kind: ErrorKind, path: &Path, message: impl Into<String>) -> Error {
        Error {
            path: Some(path.display().to_string()),
            ..Error::new(kind, message)
        }
    }
    pub fn line(mut self, line: u64) -> Error {
        self.line = Some(line);
        self
    }
    pub fn offset(mut self, offset: u64) -> Error {
        self.offset = Some(offset);
        self
    }
    pub fn output(path: &Path, message: impl Into<String>) -> Error {
        Error::at(ErrorKind::Output, path, message)
    }
    pub fn internal(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Internal, message)
    }
    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{p}")?;
            if let Some(l) = self.line {
                write!(f, ":{l}")?;
            }
            if let Some(o) = self.offset {
                write!(f, " (byte {o})")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_offset() {
        let e = Error::at(
            ErrorKind::MalformedJson,
            Path::new("in.jsonl"),
            "expected value",
        )
        .line(3);
        assert_eq!(e.to_string(), "in.jsonl:3: expected value");
        let e = Error::at(ErrorKind::InvalidUtf8, Path::new("a.txt"), "invalid UTF-8").offset(17);
        assert_eq!(e.to_string(), "a.txt (byte 17): invalid UTF-8");
    }
}
