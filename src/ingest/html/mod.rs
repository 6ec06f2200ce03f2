//! HTML article extraction: one saved news page in, its metadata and main text out.
//!
//! [`extract`] parses a page with `scraper` (html5ever), reads the metadata that publishers
//! declare (JSON-LD `NewsArticle`, Open Graph, `<meta>`, `<link rel=canonical>`, `<time>`,
//! `<html lang>`) and finds the article body with a readability-style scorer:
//!
//! 1. The DOM is copied into a flat arena (document order, parents before children), dropping
//!    subtrees that never hold article text: scripts, styles, navigation, headers, footers,
//!    asides, figures and captions, form controls, hidden nodes.
//! 2. A pruned copy also drops subtrees whose class/id words mark boilerplate
//!    (`lexicons/html_hints.tsv`: share widgets, related links, comments, cookie notices, …).
//!    Weak words ("header", "widget") spare elements holding a large share of the page's prose,
//!    since page-wide wrappers carry them too; if pruning leaves next to nothing, the
//!    unpruned copy is used.
//! 3. Every block that owns text is a paragraph; paragraphs score by length and commas,
//!    discounted by link density, and pass their score to nearby ancestors. The best ancestor
//!    wins, with its siblings that score close to it, plus other copies of its markup nearby
//!    (bodies split into sections around figures or ads).
//! 4. A complete JSON-LD `articleBody` pins the container instead: the deepest element holding
//!    the paragraphs whose text it contains. A truncated one ("…") or a mere lead-in is ignored;
//!    one with no counterpart in the DOM (client-side rendering) becomes the body itself.
//! 5. The container is written out block by block, one paragraph per line (a table row per
//!    line), skipping link-dense blocks, `<h1>`, the title, bylines and short boilerplate lines.
//!
//! Every traversal uses an explicit stack or index order, so deeply nested input cannot
//! overflow the call stack. Nesting deeper than `MAX_NESTING` is flattened before parsing
//! (html5ever's scope checks cost depth × tags), and attributes past `MAX_ATTRIBUTES` on one
//! tag are dropped (its duplicate-attribute check costs attributes²), which keeps the work linear
//! in the page size.
//!
//! The work is split by stage: `sanitize` (the pre-parse tag scan), `arena` (the flat DOM copy
//! and its pruning), `classify` (hint lexicon and tag classes), `body` (container scoring),
//! `lines` (writing the body out, line filters, text helpers) and `meta` (page metadata).

mod arena;
mod body;
mod classify;
mod lines;
mod meta;
mod sanitize;

use scraper::Html;

use arena::Arena;
use lines::{collapse_ws, is_truncated, strip_tags};
use meta::Meta;
use sanitize::{limit_nesting, MAX_NESTING};

/// Metadata and main text of one HTML news page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// JSON-LD headline, else `og:title`, else `<title>` (a trailing " - Site" that names the
    /// publisher is trimmed).
    pub title: Option<String>,
    /// Publication date as `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Author names, in page order, without duplicates.
    pub authors: Vec<String>,
    /// JSON-LD `publisher.name`, else `og:site_name`.
    pub publisher: Option<String>,
    /// Canonical link, else `og:url`, else JSON-LD `url`.
    pub url: Option<String>,
    /// Primary language subtag of `<html lang>`, lower case ("en").
    pub language: Option<String>,
    /// Main text: paragraphs joined by "\n", whitespace collapsed inside each paragraph.
    pub body: String,
}

/// Extracts metadata and main text from an HTML page. Never panics; unknown or broken markup
/// yields empty fields rather than an error.
pub fn extract(html: &str) -> HtmlArticle {
    let html = limit_nesting(html, MAX_NESTING);
    let doc = Html::parse_document(&html);
    let meta = Meta::collect(&doc);
    let title = meta.title();
    let mut article = HtmlArticle {
        published: meta.published(),
        authors: meta.authors(),
        publisher: meta.publisher(),
        url: meta.url(),
        language: meta.language(),
        body: String::new(),
        title,
    };
    let ld_body = meta
        .ld_str("articleBody")
        .map(|b| strip_tags(&b))
        .filter(|b| b.len() > 200);

    let full = Arena::build(&doc);
    let strict = full.pruned();
    let mut body = strict.main_text(ld_body.as_deref(), article.title.as_deref());
    let mut first: Option<String> = None;
    // Retry without class-based pruning when it left (almost) nothing, or much less than the
    // complete JSON-LD body says there is.
    let short_of_ld = ld_body
        .as_deref()
        .is_some_and(|ld| !is_truncated(ld) && body.len() * 2 < ld.len());
    if body.len() < 250 || short_of_ld {
        first = Some(std::mem::replace(
            &mut body,
            full.main_text(ld_body.as_deref(), article.title.as_deref()),
        ));
    }
    if let Some(first) = first {
        // The retry keeps whatever class pruning removed: prefer it when its length is closer
        // to the JSON-LD body's, or, without one, when the first pass found almost nothing.
        let keep_first = match &ld_body {
            Some(ld) => first.len().abs_diff(ld.len()) <= body.len().abs_diff(ld.len()),
            None => first.len() >= body.len(),
        };
        if keep_first {
            body = first;
        }
    }
    if let Some(ld) = &ld_body {
        // Pages that hide the body from the DOM (paywalls, client-side rendering) still
        // declare it in JSON-LD.
        if body.len() * 10 < ld.len() * 3 {
            body = ld
                .lines()
                .map(collapse_ws)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
        }
    }
    article.body = body;
    article
}

#[cfg(test)]
mod tests;
