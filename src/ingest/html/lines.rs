//! Writing the chosen container out one block per line, the line-level boilerplate filters
//! (bylines, time stamps, sign-offs, teaser cuts) and the whitespace and markup text helpers.

use super::arena::Arena;
use super::classify::{hints, is_block_tag};

impl Arena {
    /// Writes the text of `roots` one block per line, skipping boilerplate blocks.
    pub(super) fn render(&self, roots: &[usize], title: Option<&str>) -> String {
        let title_key = title.map(|t| collapse_ws(t).to_lowercase());
        let mut lines: Vec<String> = Vec::new();
        let mut line = Line::default();
        // (node, entering?)
        let mut stack: Vec<(usize, bool)> = Vec::new();
        for &r in roots.iter().rev() {
            stack.push((r, true));
        }
        while let Some((i, enter)) = stack.pop() {
            let Some(node) = self.nodes.get(i) else {
                continue;
            };
            if node.tag.is_empty() {
                line.push(&node.text, node.in_link);
                continue;
            }
            let block = is_block_tag(&node.tag);
            if !enter {
                if block {
                    self.flush(&mut line, &mut lines, title_key.as_deref());
                }
                continue;
            }
            if node.tag == "br" {
                self.flush(&mut line, &mut lines, title_key.as_deref());
                continue;
            }
            if self.skip_in_body(i) {
                continue;
            }
            if matches!(node.tag.as_str(), "td" | "th") {
                line.buf.push(' ');
            }
            if block {
                self.flush(&mut line, &mut lines, title_key.as_deref());
            }
            stack.push((i, false));
            for &c in node.children.iter().rev() {
                stack.push((c, true));
            }
        }
        self.flush(&mut line, &mut lines, title_key.as_deref());
        // Sign-offs after the last paragraph: author contact, newsletter and follow prompts.
        while lines.last().is_some_and(|l| is_sign_off(l)) {
            lines.pop();
        }
        lines.join("\n")
    }

    /// Containers inside the body that are mostly links (related-story lists, tag clouds).
    pub(super) fn skip_in_body(&self, i: usize) -> bool {
        let Some(node) = self.nodes.get(i) else {
            return false;
        };
        if node.tag == "h1" {
            return true;
        }
        if node.in_link
            || !matches!(
                node.tag.as_str(),
                "div" | "section" | "ul" | "ol" | "table" | "dl" | "p" | "li"
            )
        {
            return false;
        }
        if self.text_len.get(i).is_none_or(|&t| t == 0) {
            return false;
        }
        let ld = self.link_density(i);
        ld > 0.5 || (node.hint.prunable() && ld > 0.2 && !self.wraps_quote(i))
    }

    pub(super) fn flush(&self, line: &mut Line, lines: &mut Vec<String>, title: Option<&str>) {
        let text = collapse_ws(&line.buf);
        let total = text.chars().count();
        let link = line.link_chars;
        line.buf.clear();
        line.link_chars = 0;
        if text.is_empty() {
            return;
        }
        if total > 0 && link * 2 > total {
            return;
        }
        if is_boilerplate_line(&text) {
            return;
        }
        let lower = text.to_lowercase();
        if title.is_some_and(|t| t == lower) {
            return;
        }
        if is_byline(&text) || is_timestamp(&text) {
            return;
        }
        if lines.last().is_some_and(|l| *l == text) {
            return;
        }
        lines.push(text);
    }
}

#[derive(Default)]
pub(super) struct Line {
    pub(super) buf: String,
    /// Chars of `buf` that sit inside links.
    pub(super) link_chars: usize,
}

impl Line {
    pub(super) fn push(&mut self, text: &str, in_link: bool) {
        if in_link {
            self.link_chars += collapsed_len(text);
        }
        self.buf.push_str(text);
    }
}

/// A teaser rather than the whole text: publishers cut `articleBody` with an ellipsis.
pub(super) fn is_truncated(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('…') || t.ends_with("...") || t.ends_with("&hellip;") || t.ends_with("[…]")
}

pub(super) fn is_byline(text: &str) -> bool {
    let lower = text.to_lowercase();
    text.chars().count() < 70
        && (lower.starts_with("by ")
            || lower.starts_with("written by")
            || lower.starts_with("reporting by"))
        && !text.ends_with('.')
}

/// A closing line that asks the reader to follow, subscribe or write in.
pub(super) fn is_sign_off(line: &str) -> bool {
    if line.chars().count() >= 300 {
        return false;
    }
    let lower = line.to_lowercase();
    hints().tail.iter().any(|p| lower.contains(p.as_str()))
}

/// A short line that is only a date or time stamp ("Updated at 1:23 p.m.", "August 08, 2018").
pub(super) fn is_timestamp(line: &str) -> bool {
    // "— Name (@handle) November 18, 2019" closes an embedded post: keep it.
    if line.contains('@') || line.starts_with(['—', '–', '-']) {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 8
        || line.ends_with(['.', '!', '?']) && !line.ends_with("m.")
    {
        return false;
    }
    let lower = line.to_lowercase();
    let clock = lower.as_bytes().windows(4).any(|w| {
        matches!(w, [a, b':', c, d] if a.is_ascii_digit() && c.is_ascii_digit() && d.is_ascii_digit())
    }) || lower.as_bytes().windows(5).any(|w| {
        matches!(w, [a, b, b':', c, d]
            if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() && d.is_ascii_digit())
    });
    // the one month list (`time_words.tsv`); unloadable knowledge reads no month names
    let time = crate::knowledge::Knowledge::builtin().ok().map(|k| &k.time);
    let month = time.is_some_and(|t| {
        lower
            .split(|c: char| !c.is_alphabetic())
            .any(|w| t.is_month_name_prefix(w))
    });
    let year = words.iter().any(|w| {
        let d: String = w.chars().filter(char::is_ascii_digit).collect();
        d.len() == 4 && (1990..=2100).contains(&d.parse::<u32>().unwrap_or(0))
    });
    clock || (month && year)
}

pub(super) fn is_boilerplate_line(line: &str) -> bool {
    let h = hints();
    let lower = line.to_lowercase();
    let bare = lower.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    if h.boiler_exact.contains(bare) {
        return true;
    }
    lower.chars().count() < 120
        && h.boiler_prefix
            .iter()
            .any(|p| lower.starts_with(p.as_str()))
}

// ---------------------------------------------------------------------------------------------
// Text helpers

pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}'
}

/// Collapses runs of whitespace to one space and trims.
pub(super) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if is_space(c) {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

/// Length in chars that `s` would have after collapsing whitespace (leading space counted once).
pub(super) fn collapsed_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_space = false;
    for c in s.chars() {
        if is_space(c) {
            if !in_space {
                n += 1;
            }
            in_space = true;
        } else {
            n += 1;
            in_space = false;
        }
    }
    n
}

pub(super) fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

pub(super) fn shingles(words: &[String]) -> impl Iterator<Item = u64> + '_ {
    use std::hash::{Hash, Hasher};
    words.windows(4.min(words.len().max(1))).map(|w| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        w.hash(&mut h);
        h.finish()
    })
}

/// Removes markup from a JSON-LD text field (some publishers put HTML in `articleBody`),
/// turning block ends into line breaks.
pub(super) fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match after.find('>') {
            Some(end) => {
                let tag = after[1..end].trim_start_matches('/').to_ascii_lowercase();
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if name == "br" || is_block_tag(&name) {
                    out.push('\n');
                } else {
                    out.push(' ');
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&hellip;", "…")
        .replace("&mdash;", "—")
        .replace("&ndash;", "–")
        .replace("&rsquo;", "’")
        .replace("&lsquo;", "‘")
        .replace("&ldquo;", "“")
        .replace("&rdquo;", "”")
        .replace("&amp;", "&")
}
