//! Plain-text articles: `<name>.txt` with optional metadata in `<name>.meta.json` beside it.
//!
//! Sidecar fields (all optional): `id`, `title`, `source`, `original_source`, `authors` (array),
//! `url`, `published` (ISO date), `language`. Unknown fields are an error, so a typo is not
//! silently ignored. Without `id`, the file name without `.txt` is the article id.

use std::path::Path;

use serde::Deserialize;

use super::{check_id, decode, parse_date, RawArticle, TextKind};
use crate::document::ArticleMeta;
use crate::error::{Error, ErrorKind};

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Sidecar {
    id: Option<String>,
    title: Option<String>,
    source: Option<String>,
    original_source: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    url: Option<String>,
    published: Option<String>,
    language: Option<String>,
    /// Free-form notes about the file (ignored).
    #[serde(rename = "_comment")]
    _comment: Option<String>,
}

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
        Error::at(kind, path, format!("cannot read: {e}"))
    })?;
    let mut bytes = Vec::new();
    if let Err(e) = f.take(limit as u64 + 1).read_to_end(&mut bytes) {
        return Err(
            Error::at(ErrorKind::Read, path, format!("cannot read: {e}"))
                .offset(bytes.len() as u64),
        );
    }
    Ok(bytes)
}

pub fn read(path: &Path, max_bytes: usize) -> Result<RawArticle, Error> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > max_bytes as u64 {
        return Err(Error::at(
            ErrorKind::TooLarge,
            path,
            format!("article is {size} bytes, above --max-article-bytes {max_bytes}"),
        ));
    }
    // read at most max_bytes + 1: the size above can lie (a symlink to a device, a growing file)
    let bytes = read_limited(path, max_bytes)?;
    if bytes.len() > max_bytes {
        return Err(Error::at(
            ErrorKind::TooLarge,
            path,
            format!("article is above --max-article-bytes {max_bytes}"),
        ));
    }
    let text = decode(path, bytes)?;
    let side = sidecar_path(path);
    let meta: Sidecar = match read_limited(&side, SIDECAR_MAX_BYTES) {
        Ok(b) if b.len() > SIDECAR_MAX_BYTES => {
            return Err(Error::at(
                ErrorKind::BadMetadata,
                &side,
                format!("metadata file is above {SIDECAR_MAX_BYTES} bytes"),
            ))
        }
        Ok(b) => {
            let s = decode(&side, b)?;
            serde_json::from_str(&s).map_err(|e| {
                Error::at(
                    ErrorKind::BadMetadata,
                    &side,
                    format!("invalid metadata: {e}"),
                )
                .line(e.line() as u64)
            })?
        }
        Err(e) if e.kind == ErrorKind::NotFound => Sidecar::default(),
        Err(e) => return Err(e),
    };
    let stem = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("article");
    let stem = stem
        .strip_suffix(".txt")
        .or_else(|| stem.strip_suffix(".TXT"))
        .unwrap_or(stem);
    let id = meta.id.clone().unwrap_or_else(|| stem.to_string());
    check_id(&id).map_err(|m| Error::at(ErrorKind::BadId, path, m))?;
    let published = match meta.published.as_deref() {
        Some(p) => Some(parse_date(p).ok_or_else(|| {
            Error::at(
                ErrorKind::BadMetadata,
                &side,
                format!("`published` is not an ISO date: {p:?}"),
            )
        })?),
        None => None,
    };
    Ok(RawArticle {
        meta: ArticleMeta {
            id,
            title: meta.title,
            source: meta.source,
            original_source: meta.original_source,
            authors: meta.authors,
            url: meta.url,
            published,
            language: meta.language.unwrap_or_else(|| "en".into()),
            origin: path.display().to_string(),
        },
        text,
        kind: TextKind::Plain,
    })
}
