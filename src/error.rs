//! Typed errors. Every data error names the file (and article) and, where it applies, the line
//! or byte offset.
//!
//! An [`Error`] is a kind ([`ErrorKind`], which carries the data of the problem where it has
//! any), a location (file, line, byte offset), the article concerned ([`ArticleId`]), a message
//! and, for I/O failures, the underlying error as its [`source`](std::error::Error::source). Its
//! `Display` is the one place that writes all of them out:
//! `FILE[:LINE][ (byte N)]: [article "ID": ]message`. Warnings (an unknown metadata field) are
//! `Error`s of a warning kind ([`ErrorKind::is_warning`]), reported the same way.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::document::{ArticleId, Origin};

/// The file kinds newsfacts reads, as its messages list them: one string literal, so that
/// `concat!` can build messages from it. `ingest::classify` must accept each of them (tested
/// there).
macro_rules! input_extensions {
    () => {
        ".txt, .jsonl[.gz], .ndjson[.gz], .json, .html[.gz], .htm[.gz], .warc[.gz]"
    };
}
pub(crate) use input_extensions;

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
    /// An input above a size limit.
    TooLarge {
        /// What is too large.
        unit: SizeUnit,
        /// Its size in bytes, when known.
        bytes: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// A JSONL line that is not a JSON object.
    MalformedJson,
    /// A metadata field (JSONL or sidecar) missing, of the wrong type or with a bad value.
    BadField {
        /// The field's name.
        field: &'static str,
    },
    /// Two articles with the same id.
    DuplicateId,
    /// An id that cannot be used.
    BadId(BadId),
    /// A metadata sidecar that cannot be used.
    BadMetadata,
    /// A compressed stream that is truncated or corrupt.
    Decompress,
    /// A WARC record, or the HTTP response inside one, that cannot be read.
    MalformedWarc,
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
    /// A warning, not an error: a metadata field that newsfacts does not know was ignored.
    UnknownField {
        /// The field's name, as written.
        field: String,
        /// How many more lines of the same file have it (JSONL; 0 for a sidecar).
        more_lines: u64,
    },
    /// A file that is not text (binary data, or text in another encoding than UTF-8), found in
    /// its first block: the whole file is skipped with this one error.
    NotText {
        /// NUL bytes and bytes of invalid UTF-8 sequences in the block.
        bad: u64,
        /// The size of the block examined.
        of: u64,
    },
    /// Errors of one file past the first [`crate::ingest::MAX_ERRORS_PER_FILE`] (each one a
    /// rejected article or line), counted but not reported one by one (`-v` reports them all).
    Suppressed {
        /// How many errors were not reported.
        count: u64,
    },
    /// A warning: a directory walk skipped files that are not inputs (other extensions,
    /// sidecars without their `.txt`, newsfacts output directories).
    SkippedFiles {
        /// How many.
        count: u64,
    },
    /// A warning (`-v`): one file skipped by a directory walk, and why.
    SkippedFile,
    /// A warning: an article that is not in English, exported without entities, quotes or events.
    NotEnglish {
        /// Its language (`articles.language`).
        language: String,
        /// How the language was decided (`articles.language_basis`).
        basis: crate::vocab::LanguageBasis,
    },
    /// A warning: articles not in English past the first
    /// [`crate::pipeline::MAX_LANGUAGE_WARNINGS`] of a run, counted (`-v` reports each).
    NotEnglishUnreported {
        /// How many.
        count: u64,
    },
    /// A warning: NewsAPI articles whose `content` the API cut at 200 characters (the text of
    /// these articles is incomplete).
    TruncatedContent {
        /// How many articles of the file, counting the one on the warning's line.
        articles: u64,
    },
    /// A warning, not an error: WARC records that gave no article (counted per file), or one
    /// skipped for a content coding newsfacts does not decode.
    Skipped,
}

impl ErrorKind {
    /// True for the kinds that are warnings: reported, but the article is exported and the exit
    /// status does not change.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            ErrorKind::UnknownField { .. }
                | ErrorKind::SkippedFiles { .. }
                | ErrorKind::SkippedFile
                | ErrorKind::NotEnglish { .. }
                | ErrorKind::NotEnglishUnreported { .. }
                | ErrorKind::TruncatedContent { .. }
                | ErrorKind::Skipped
        )
    }

    /// How many rejected articles (or lines) an error of this kind stands for: its `count` for
    /// [`ErrorKind::Suppressed`], 0 for warnings, else 1.
    pub fn rejected(&self) -> u64 {
        match self {
            ErrorKind::Suppressed { count } => *count,
            k if k.is_warning() => 0,
            _ => 1,
        }
    }
}

/// What a [`ErrorKind::TooLarge`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeUnit {
    /// An article's text (a `.txt` file or a JSONL `text`).
    Article,
    /// A whole HTML page.
    Page,
    /// A JSONL line (its limit leaves room for JSON escapes and metadata).
    Line,
    /// A `.json` file, read whole (the same limit as a JSONL line).
    File,
}

/// Why an article id cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadId {
    /// Empty or only whitespace.
    Empty,
    /// Longer than the limit (the length in characters).
    TooLong(usize),
    /// Contains a control character.
    Control,
}

impl fmt::Display for BadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadId::Empty => f.write_str("article id is empty"),
            BadId::TooLong(n) => write!(f, "article id is {n} characters long (at most 256)"),
            BadId::Control => f.write_str("article id contains a control character"),
        }
    }
}

impl std::error::Error for BadId {}

/// The underlying cause kept with an error (an I/O or JSON error).
type Source = Arc<dyn std::error::Error + Send + Sync>;

/// An error (or warning) with its location. One pointer wide, so that `Result<_, Error>` stays
/// small on the paths where nothing fails.
#[derive(Debug, Clone)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug, Clone)]
struct Inner {
    kind: ErrorKind,
    path: Option<PathBuf>,
    line: Option<u64>,
    offset: Option<u64>,
    article: Option<ArticleId>,
    message: String,
    source: Option<Source>,
}

impl Error {
    /// An error of `kind` with no location.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                path: None,
                line: None,
                offset: None,
                article: None,
                message: message.into(),
                source: None,
            }),
        }
    }

    /// An error of `kind` about the file `path`.
    pub fn at(kind: ErrorKind, path: &Path, message: impl Into<String>) -> Error {
        let mut e = Error::new(kind, message);
        e.inner.path = Some(path.to_path_buf());
        e
    }

    /// An I/O failure on `path`: the message is `"{context}: {e}"` and `e` is kept as the
    /// [`source`](std::error::Error::source).
    pub fn io(kind: ErrorKind, path: &Path, context: &str, e: std::io::Error) -> Error {
        Error::at(kind, path, format!("{context}: {e}")).with_source(e)
    }

    /// A size limit exceeded (the message is written from the data).
    pub fn too_large(path: &Path, unit: SizeUnit, bytes: Option<u64>, limit: u64) -> Error {
        Error::at(ErrorKind::TooLarge { unit, bytes, limit }, path, "")
    }

    /// Writing the output to `path` failed.
    pub fn output(path: &Path, message: impl Into<String>) -> Error {
        Error::at(ErrorKind::Output, path, message)
    }

    /// Writing the output to `path` failed with `e`: the message is `e`'s text and `e` is kept
    /// as the [`source`](std::error::Error::source).
    pub fn output_failed(path: &Path, e: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::output(path, e.to_string()).with_source(e)
    }

    /// A bug.
    pub fn internal(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Internal, message)
    }

    /// A command-line usage problem.
    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage, message)
    }

    /// Sets the 1-based line number.
    pub fn with_line(mut self, line: u64) -> Error {
        self.inner.line = Some(line);
        self
    }

    /// Sets the byte offset in the file.
    pub fn with_offset(mut self, offset: u64) -> Error {
        self.inner.offset = Some(offset);
        self
    }

    /// Names the article concerned.
    pub fn with_article(mut self, id: &str) -> Error {
        self.inner.article = Some(ArticleId::new(id));
        self
    }

    /// Keeps the underlying cause.
    pub fn with_source(mut self, e: impl std::error::Error + Send + Sync + 'static) -> Error {
        self.inner.source = Some(Arc::new(e));
        self
    }

    /// Attaches the article's origin (file, and line for JSONL) and id.
    pub fn with_origin(mut self, origin: &Origin, id: &str) -> Error {
        self.inner.path = Some(origin.path.clone());
        self.inner.line = origin.line;
        self.with_article(id)
    }

    /// The same error (kind and source kept) reported at `path`, with no line or offset, and
    /// with `message`: an output error inside the hidden staging directory is reported at the
    /// user's `--out` (`export::Staging::fail`).
    pub fn relocated(mut self, path: &Path, message: impl Into<String>) -> Error {
        self.inner.path = Some(path.to_path_buf());
        self.inner.line = None;
        self.inner.offset = None;
        self.inner.message = message.into();
        self
    }

    /// The same error with `note` added to its message after a `; `.
    pub fn with_note(mut self, note: &str) -> Error {
        self.inner.message = if self.inner.message.is_empty() {
            note.to_string()
        } else {
            format!("{}; {note}", self.inner.message)
        };
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The file concerned, if any.
    pub fn path(&self) -> Option<&Path> {
        self.inner.path.as_deref()
    }

    /// The 1-based line number (JSONL, sidecars), if any.
    pub fn line(&self) -> Option<u64> {
        self.inner.line
    }

    /// The byte offset in the file, if any.
    pub fn offset(&self) -> Option<u64> {
        self.inner.offset
    }

    /// The article concerned, if known.
    pub fn article(&self) -> Option<&ArticleId> {
        self.inner.article.as_ref()
    }

    /// The message, without location or article.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// Writes what the kind's data says (for kinds whose message is derived from it) or the
    /// message, with the article id.
    fn describe(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let article = self.inner.article.as_ref().map(ArticleId::as_str);
        match (&self.inner.kind, article) {
            (ErrorKind::TooLarge { unit, bytes, limit }, _) => {
                let what = match unit {
                    SizeUnit::Line => {
                        return write!(
                            f,
                            "line is longer than {limit} bytes (see --max-article-bytes)"
                        )
                    }
                    SizeUnit::File => {
                        return write!(
                            f,
                            "file is larger than {limit} bytes (a .json file is read whole, with the limit of a JSONL line; see --max-article-bytes, or convert it to JSONL)"
                        )
                    }
                    SizeUnit::Page => "page",
                    SizeUnit::Article => "article",
                };
                write!(f, "{what}")?;
                if let Some(id) = article {
                    write!(f, " {id:?}")?;
                }
                match bytes {
                    Some(b) => write!(f, " is {b} bytes, above --max-article-bytes {limit}"),
                    None => write!(f, " is above --max-article-bytes {limit}"),
                }
            }
            (ErrorKind::BadId(why), _) => write!(f, "{why}"),
            (ErrorKind::UnknownField { field, more_lines }, _) => {
                let shown: String = field
                    .chars()
                    .take(100)
                    .flat_map(char::escape_debug)
                    .collect();
                write!(f, "unknown field `{shown}` ignored")?;
                match more_lines {
                    0 => Ok(()),
                    1 => write!(f, " (here and on 1 more line)"),
                    n => write!(f, " (here and on {n} more lines)"),
                }
            }
            (ErrorKind::NotText { bad, of }, _) => write!(
                f,
                "not a text file: {bad} of the first {of} bytes are NUL or invalid UTF-8 (binary data, or text in another encoding than UTF-8); file skipped"
            ),
            (ErrorKind::Suppressed { count }, _) => write!(
                f,
                "{count} more error{} in this file not shown (-v shows every error)",
                if *count == 1 { "" } else { "s" }
            ),
            (ErrorKind::SkippedFiles { count }, _) => write!(
                f,
                concat!("{} file{} skipped: not an input (", input_extensions!(), ") (-v lists them)"),
                count,
                if *count == 1 { "" } else { "s" }
            ),
            (ErrorKind::NotEnglish { language, basis }, id) => {
                if let Some(id) = id {
                    write!(f, "article {id:?}: ")?;
                }
                write!(
                    f,
                    "language {language} ({basis}): exported without entities, quotes or events (--all-languages extracts them anyway)"
                )
            }
            (ErrorKind::NotEnglishUnreported { count }, _) => write!(
                f,
                "{count} more article{} not in English exported without entities, quotes or events (-v lists each)",
                if *count == 1 { "" } else { "s" }
            ),
            (ErrorKind::TruncatedContent { articles }, _) => {
                let (n, s) = match articles {
                    1 => (String::from("1 article"), ""),
                    n => (format!("{n} articles"), "s"),
                };
                write!(
                    f,
                    "{n} (from this line on) with NewsAPI `content` cut at 200 characters; the `[+N chars]` marker is removed, the rest of the article{s} is missing"
                )
            }
            (_, Some(id)) => write!(f, "article {id:?}: {}", self.inner.message),
            (_, None) => f.write_str(&self.inner.message),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.inner.path {
            write!(f, "{}", p.display())?;
            if let Some(l) = self.inner.line {
                write!(f, ":{l}")?;
            }
            if let Some(o) = self.inner.offset {
                write!(f, " (byte {o})")?;
            }
            write!(f, ": ")?;
        }
        self.describe(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.source {
            Some(s) => Some(&**s),
            None => match &self.inner.kind {
                ErrorKind::BadId(why) => Some(why),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn display_names_file_line_and_offset() {
        let e = Error::at(
            ErrorKind::MalformedJson,
            Path::new("in.jsonl"),
            "expected value",
        )
        .with_line(3);
        assert_eq!(e.to_string(), "in.jsonl:3: expected value");
        let e =
            Error::at(ErrorKind::InvalidUtf8, Path::new("a.txt"), "invalid UTF-8").with_offset(17);
        assert_eq!(e.to_string(), "a.txt (byte 17): invalid UTF-8");
    }

    #[test]
    fn article_and_origin_are_fields_written_once() {
        let origin = Origin::new(Path::new("e.jsonl"), Some(2));
        let e =
            Error::new(ErrorKind::EmptyArticle, "article has no text").with_origin(&origin, "e2");
        assert_eq!(
            e.to_string(),
            "e.jsonl:2: article \"e2\": article has no text"
        );
        assert_eq!(e.article().map(ArticleId::as_str), Some("e2"));
        assert_eq!(e.line(), Some(2));
        assert_eq!(e.message(), "article has no text");
        let e = Error::too_large(Path::new("a.jsonl"), SizeUnit::Article, Some(101), 100)
            .with_line(2)
            .with_article("big");
        assert_eq!(
            e.to_string(),
            "a.jsonl:2: article \"big\" is 101 bytes, above --max-article-bytes 100"
        );
        let e = Error::too_large(Path::new("a.html"), SizeUnit::Page, None, 100);
        assert_eq!(
            e.to_string(),
            "a.html: page is above --max-article-bytes 100"
        );
    }

    #[test]
    fn io_errors_keep_their_source() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let e = Error::io(ErrorKind::Read, Path::new("x.txt"), "cannot read", io);
        assert_eq!(e.to_string(), "x.txt: cannot read: denied");
        let src = e.source().and_then(|s| s.downcast_ref::<std::io::Error>());
        assert_eq!(
            src.map(std::io::Error::kind),
            Some(std::io::ErrorKind::PermissionDenied)
        );
    }

    #[test]
    fn unknown_fields_are_warnings() {
        let kind = ErrorKind::UnknownField {
            field: "outlet".into(),
            more_lines: 48,
        };
        assert!(kind.is_warning());
        let w = Error::at(kind, Path::new("g.jsonl"), "").with_line(1);
        assert_eq!(
            w.to_string(),
            "g.jsonl:1: unknown field `outlet` ignored (here and on 48 more lines)"
        );
        assert!(!ErrorKind::EmptyArticle.is_warning());
    }
}
