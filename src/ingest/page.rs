//! HTML pages (`.html`, `.html.gz`): [`read`] loads a page on the reading thread; [`extract`]
//! takes out its main text and metadata through [`super::html::extract`], in a worker.

use std::io::Read;
use std::path::Path;

use super::{check_id, decode, parse_date, RawArticle, TextKind};
use crate::document::{ArticleId, ArticleMeta, Origin};
use crate::error::{Error, ErrorKind, SizeUnit};

/// Reads one page. The article id is the file name without `.html`/`.htm`/`.gz`.
pub fn read(path: &Path, gzip: bool, max_bytes: usize) -> Result<RawArticle, Error> {
    let f = std::fs::File::open(path)
        .map_err(|e| Error::io(ErrorKind::Read, path, "cannot read", e))?;
    let mut bytes = Vec::new();
    let limit = max_bytes as u64 + 1;
    let res = if gzip {
        flate2::read::MultiGzDecoder::new(std::io::BufReader::new(f))
            .take(limit)
            .read_to_end(&mut bytes)
    } else {
        std::io::BufReader::new(f)
            .take(limit)
            .read_to_end(&mut bytes)
    };
    if let Err(e) = res {
        let n = bytes.len();
        return Err(if gzip {
            let context =
                format!("truncated or corrupt gzip stream (after {n} decompressed bytes)");
            Error::io(ErrorKind::Decompress, path, &context, e)
        } else {
            Error::io(ErrorKind::Read, path, "read failed", e).with_offset(n as u64)
        });
    }
    if bytes.len() > max_bytes {
        let limit = max_bytes as u64;
        return Err(Error::too_large(path, SizeUnit::Page, None, limit));
    }
    let html = decode(path, bytes)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("page");
    let mut id = name;
    for suffix in [".gz", ".html", ".htm"] {
        id = id.strip_suffix(suffix).unwrap_or(id);
    }
    check_id(id).map_err(|why| Error::at(ErrorKind::BadId(why), path, ""))?;
    Ok(RawArticle {
        meta: ArticleMeta {
            id: ArticleId::new(id),
            origin: Origin::new(path, None),
            ..Default::default()
        },
        text: html,
        kind: TextKind::Html,
    })
}

/// Takes the main text and metadata out of a page read by [`read`] (other kinds pass through).
pub fn extract(raw: RawArticle) -> RawArticle {
    if raw.kind != TextKind::Html {
        return raw;
    }
    let a = super::html::extract(&raw.text);
    RawArticle {
        meta: ArticleMeta {
            title: a.title,
            source: a.publisher,
            original_source: None,
            authors: a.authors,
            // a URL the input gave (a WARC record's target) wins over the page's own
            url: raw.meta.url.clone().or(a.url),
            published: a.published.as_deref().and_then(parse_date),
            declared_language: a.language,
            ..raw.meta
        },
        text: a.body,
        kind: TextKind::Extracted,
    }
}
