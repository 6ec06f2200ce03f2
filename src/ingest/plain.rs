//! Plain-text articles: `<name>.txt` with optional metadata in `<name>.meta.json` beside it.
//!
//! Sidecar fields (all optional): `id`, `title`, `source`, `original_source`, `authors` (array),
//! `url`, `published` (ISO date), `language`, read by [`super::fields`] like a JSONL line's. An
//! unknown field (a typo, or `text`) is a warning naming the sidecar, the line and the field;
//! the article is still read. Without `id`, the file name without `.txt` is the article id.

use std::path::Path;

use super::fields::{self, key_line, ArticleFields, FieldError, Format, Parsed};
use super::{check_id, decode, RawArticle, TextKind};
use crate::document::{ArticleId, Origin};
use crate::error::{Error, ErrorKind, SizeUnit};

/// The sidecar path of a `.txt` article.
pub fn sidecar_path(txt: &Path) -> std::path::PathBuf {
    let name = txt.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name
        .strip_suffix(".txt")
        .or_else(|| name.strip_suffix(".TXT"))
        .unwrap_or(name);
    txt.with_file_name(format!("{stem}.meta.json"))
}

/// Metadata sidecars larger than this are rejected (they hold a few short fields).
const SIDECAR_MAX_BYTES: usize = 1 << 20;

/// Reads at most `limit + 1` bytes of `path` (so the caller can tell "too large" apart).
fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| {
        let kind = if e.kind() == std::io::ErrorKind::NotFound {
            ErrorKind::NotFound
        } else {
            ErrorKind::Read
        };
        Error::io(kind, path, "cannot read", e)
    })?;
    let mut bytes = Vec::new();
    if let Err(e) = f.take(limit as u64 + 1).read_to_end(&mut bytes) {
        let at = bytes.len() as u64;
        return Err(Error::io(ErrorKind::Read, path, "cannot read", e).with_offset(at));
    }
    Ok(bytes)
}

/// Reads one article and its sidecar, with the warnings the sidecar gives (unknown fields).
pub fn read(path: &Path, max_bytes: usize) -> Result<(RawArticle, Vec<Error>), Error> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let limit = max_bytes as u64;
    if size > limit {
        return Err(Error::too_large(path, SizeUnit::Article, Some(size), limit));
    }
    // read at most max_bytes + 1: the size above can lie (a symlink to a device, a growing file)
    let bytes = read_limited(path, max_bytes)?;
    if bytes.len() > max_bytes {
        return Err(Error::too_large(path, SizeUnit::Article, None, limit));
    }
    let text = decode(path, bytes)?;
    let side = sidecar_path(path);
    let side_text = match read_limited(&side, SIDECAR_MAX_BYTES) {
        Ok(b) if b.len() > SIDECAR_MAX_BYTES => {
            return Err(Error::at(
                ErrorKind::BadMetadata,
                &side,
                format!("metadata file is above {SIDECAR_MAX_BYTES} bytes"),
            ))
        }
        Ok(b) => decode(&side, b)?,
        Err(e) if *e.kind() == ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let mut fields = if side_text.is_empty() {
        ArticleFields::default()
    } else {
        match fields::parse(&side_text) {
            Ok(Parsed::Object(f)) => f,
            Ok(Parsed::NotObject) => {
                return Err(Error::at(
                    ErrorKind::BadMetadata,
                    &side,
                    "invalid metadata: expected a JSON object",
                ))
            }
            Err(e) => {
                let line = e.line() as u64;
                return Err(Error::at(
                    ErrorKind::BadMetadata,
                    &side,
                    format!("invalid metadata: {e}"),
                )
                .with_line(line)
                .with_source(e));
            }
        }
    };
    let bad = |e: FieldError| {
        let err = Error::at(ErrorKind::BadField { field: e.field }, &side, e.to_string());
        match key_line(&side_text, e.field) {
            Some(l) => err.with_line(l),
            None => err,
        }
    };
    // a sidecar holds newsfacts' own metadata fields; others (a news-please `maintext`) are
    // unknown
    fields.restrict(Format::Native);
    let mut warnings = Vec::new();
    let text_field = fields.has_text().then_some("text");
    for name in fields.unknown.iter().map(|n| n.as_ref()).chain(text_field) {
        let kind = ErrorKind::UnknownField {
            field: name.to_string(),
            more_lines: 0,
        };
        let w = Error::at(kind, &side, "");
        warnings.push(match key_line(&side_text, name) {
            Some(l) => w.with_line(l),
            None => w,
        });
    }
    let stem = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("article");
    let stem = stem
        .strip_suffix(".txt")
        .or_else(|| stem.strip_suffix(".TXT"))
        .unwrap_or(stem);
    let id = fields
        .take_id()
        .map_err(bad)?
        .unwrap_or_else(|| stem.to_string());
    check_id(&id).map_err(|why| Error::at(ErrorKind::BadId(why), path, ""))?;
    let mut meta = fields
        .into_meta(Format::Native, String::new(), Origin::new(path, None))
        .map_err(bad)?;
    meta.id = ArticleId::new(id);
    let raw = RawArticle {
        meta,
        text,
        kind: TextKind::Plain,
    };
    Ok((raw, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_unknown_fields_warn_and_the_article_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("a.txt");
        std::fs::write(&txt, "Some text.").unwrap();
        std::fs::write(
            dir.path().join("a.meta.json"),
            "{\n  \"title\": \"T\",\n  \"titel\": \"typo\",\n  \"text\": \"x\",\n  \"id\": 5\n}\n",
        )
        .unwrap();
        let (raw, warnings) = read(&txt, 1 << 20).unwrap();
        assert_eq!(raw.meta.id, "5");
        assert_eq!(raw.meta.title.as_deref(), Some("T"));
        assert_eq!(raw.meta.origin, Origin::new(&txt, None));
        let shown: Vec<String> = warnings
            .iter()
            .map(|w| w.to_string().rsplit('/').next().unwrap().to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "a.meta.json:3: unknown field `titel` ignored",
                "a.meta.json:4: unknown field `text` ignored"
            ]
        );
    }

    #[test]
    fn sidecar_field_errors_name_the_field_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("b.txt");
        std::fs::write(&txt, "Some text.").unwrap();
        let side = dir.path().join("b.meta.json");
        std::fs::write(&side, "{\"id\": \"b\",\n \"published\": \"soon\"}").unwrap();
        let e = read(&txt, 1 << 20).unwrap_err();
        assert_eq!(*e.kind(), ErrorKind::BadField { field: "published" });
        assert_eq!(
            e.to_string(),
            format!(
                "{}:2: `published` is not an ISO date: \"soon\"",
                side.display()
            )
        );
        std::fs::write(&side, "[]").unwrap();
        let e = read(&txt, 1 << 20).unwrap_err();
        assert_eq!(*e.kind(), ErrorKind::BadMetadata);
    }
}
