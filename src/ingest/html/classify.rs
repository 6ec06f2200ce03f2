//! What an element or a class/id says: the boilerplate hint lexicon (`lexicons/html_hints.tsv`),
//! tag classes (dropped, block, heading) and markup that hides a node.

use std::collections::HashSet;
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// Hint lexicon

pub(super) const HINTS_TSV: &str = include_str!("../../../lexicons/html_hints.tsv");

#[derive(Default)]
pub(super) struct Hints {
    pub(super) pos_token: HashSet<String>,
    pub(super) pos_sub: Vec<String>,
    pub(super) neg_token: HashSet<String>,
    pub(super) neg_sub: Vec<String>,
    pub(super) strong_token: HashSet<String>,
    pub(super) strong_sub: Vec<String>,
    pub(super) boiler_prefix: Vec<String>,
    pub(super) boiler_exact: HashSet<String>,
    pub(super) safe: HashSet<String>,
    pub(super) tail: Vec<String>,
}

pub(super) fn hints() -> &'static Hints {
    static HINTS: OnceLock<Hints> = OnceLock::new();
    HINTS.get_or_init(|| {
        let mut h = Hints::default();
        for line in HINTS_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(kind), Some(how), Some(value)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let value = value.trim().to_lowercase();
            match (kind, how) {
                ("pos", "token") => drop(h.pos_token.insert(value)),
                ("pos", _) => h.pos_sub.push(value),
                ("neg", "token") => drop(h.neg_token.insert(value)),
                ("neg", _) => h.neg_sub.push(value),
                ("strong", "token") => drop(h.strong_token.insert(value)),
                ("strong", _) => h.strong_sub.push(value),
                ("safe", _) => drop(h.safe.insert(value)),
                ("tail", _) => h.tail.push(value),
                ("boiler", "exact") => drop(h.boiler_exact.insert(value)),
                ("boiler", _) => h.boiler_prefix.push(value),
                _ => {}
            }
        }
        h
    })
}

/// What the class and id words of an element say about it.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(super) struct ClassHint {
    pub(super) pos: bool,
    pub(super) neg: bool,
    pub(super) strong: bool,
    /// `aria-hidden="true"`: hidden from readers, but pages saved with a modal open mark the
    /// whole article that way, so it is only a pruning hint.
    pub(super) aria_hidden: bool,
}

impl ClassHint {
    pub(super) fn of(class_id: &str) -> ClassHint {
        let h = hints();
        let mut out = ClassHint::default();
        for tok in class_tokens(class_id) {
            if h.safe.contains(&tok) {
                continue;
            }
            let has = |set: &HashSet<String>, subs: &[String]| {
                set.contains(&tok) || subs.iter().any(|s| tok.contains(s.as_str()))
            };
            out.pos |= has(&h.pos_token, &h.pos_sub);
            out.neg |= has(&h.neg_token, &h.neg_sub);
            out.strong |= has(&h.strong_token, &h.strong_sub);
        }
        out
    }

    pub(super) fn weight(self) -> f64 {
        let mut w = 0.0;
        if self.pos {
            w += 25.0;
        }
        if self.neg || self.strong {
            w -= 25.0;
        }
        w
    }

    /// Boilerplate by its name: a strong word, or a weak one with no content word beside it.
    pub(super) fn prunable(self) -> bool {
        self.strong || (self.neg && !self.pos)
    }
}

/// Splits class and id values into lower-case words at non-alphanumerics and camelCase humps.
pub(super) fn class_tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            cur.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
// ---------------------------------------------------------------------------------------------
// Tags

/// Subtrees that never hold article text.
pub(super) fn is_dropped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "label"
            | "nav"
            | "footer"
            | "aside"
            | "figure"
            | "figcaption"
            | "picture"
            | "video"
            | "audio"
            | "source"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "dialog"
            | "header"
            | "menu"
            | "map"
    )
}

/// Elements that start a new line of text.
pub(super) fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "ul"
            | "caption"
            | "legend"
    )
}

pub(super) fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Readability's starting score for a candidate container, by tag.
pub(super) fn tag_bonus(tag: &str) -> f64 {
    match tag {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Hidden by markup (`hidden`, inline `display:none`).
pub(super) fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}
