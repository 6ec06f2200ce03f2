//! Page metadata: JSON-LD `NewsArticle`, Open Graph, `<meta>`, `<link rel=canonical>`,
//! `<time>`, `<html lang>`, and the normalizing of dates, authors and titles.
//!
//! The publication date is the article object's `datePublished`; failing that, the
//! `datePublished` of any other JSON-LD object that carries one (`ClaimReview`, `WebPage`,
//! `BlogPosting`, `VideoObject`, …, top-level, in `@graph` arrays or as `mainEntity`, in page
//! order); then the `<meta>` dates; then the first `<time datetime>`.

use super::lines::{collapse_ws, decode_entities};
use scraper::{Html, Node};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Metadata

#[derive(Default)]
pub(super) struct Meta {
    /// `(key, content)` of `<meta>` tags; key is the lower-cased `property`, `name` or `itemprop`.
    pub(super) metas: Vec<(String, String)>,
    pub(super) title_tag: Option<String>,
    pub(super) canonical: Option<String>,
    pub(super) lang: Option<String>,
    pub(super) time_datetime: Option<String>,
    /// The JSON-LD object describing the article, if any.
    pub(super) ld: Option<Value>,
    /// The `datePublished` of every JSON-LD object that has one, in page order.
    pub(super) ld_dates: Vec<String>,
}

impl Meta {
    pub(super) fn collect(doc: &Html) -> Meta {
        let mut m = Meta::default();
        let mut ld_objects: Vec<Value> = Vec::new();
        for node in doc.tree.root().descendants() {
            let Node::Element(e) = node.value() else {
                continue;
            };
            match e.name() {
                "html" if m.lang.is_none() => {
                    m.lang = e.attr("lang").or(e.attr("xml:lang")).map(str::to_string);
                }
                "meta" => {
                    let key = e.attr("property").or(e.attr("name")).or(e.attr("itemprop"));
                    if let (Some(k), Some(c)) = (key, e.attr("content")) {
                        let c = collapse_ws(c);
                        if !c.is_empty() {
                            m.metas.push((k.trim().to_ascii_lowercase(), c));
                        }
                    }
                }
                "title" if m.title_tag.is_none() => {
                    let t: String = node
                        .children()
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect();
                    let t = collapse_ws(&t);
                    if !t.is_empty() {
                        m.title_tag = Some(t);
                    }
                }
                "link" => {
                    let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
                    if m.canonical.is_none() && rel.split_whitespace().any(|r| r == "canonical") {
                        m.canonical = e
                            .attr("href")
                            .map(|h| h.trim().to_string())
                            .filter(|h| !h.is_empty());
                    }
                }
                "time" if m.time_datetime.is_none() => {
                    m.time_datetime = e.attr("datetime").map(str::to_string);
                }
                "script" => {
                    let ty = e.attr("type").unwrap_or("").to_ascii_lowercase();
                    if ty.contains("ld+json") {
                        let raw: String = node
                            .children()
                            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                            .collect();
                        if let Some(v) = parse_json_loose(&raw) {
                            ld_objects.push(v);
                        }
                    }
                }
                _ => {}
            }
        }
        m.ld_dates = dates_published(&ld_objects);
        m.ld = find_article_object(ld_objects);
        m
    }

    pub(super) fn meta(&self, keys: &[&str]) -> Option<String> {
        for k in keys {
            if let Some((_, v)) = self.metas.iter().find(|(key, _)| key == k) {
                return Some(v.clone());
            }
        }
        None
    }

    pub(super) fn ld_str(&self, key: &str) -> Option<String> {
        let v = self.ld.as_ref()?.get(key)?;
        value_text(v)
            .map(|s| collapse_ws_keep_lines(&s))
            .filter(|s| !s.is_empty())
    }

    pub(super) fn publisher(&self) -> Option<String> {
        self.ld
            .as_ref()
            .and_then(|ld| ld.get("publisher"))
            .and_then(|p| match p {
                Value::Array(a) => a.first().and_then(name_of),
                other => name_of(other),
            })
            .or_else(|| self.meta(&["og:site_name"]))
    }

    pub(super) fn title(&self) -> Option<String> {
        let raw = self
            .ld_str("headline")
            .map(|s| collapse_ws(&s))
            .or_else(|| self.meta(&["og:title", "twitter:title"]))
            .or_else(|| self.title_tag.clone())?;
        let raw = decode_entities(&raw);
        let sites: Vec<String> = [self.meta(&["og:site_name"]), self.publisher()]
            .into_iter()
            .flatten()
            .map(|s| alnum_key(&s))
            .filter(|s| !s.is_empty())
            .collect();
        Some(trim_site_suffix(&raw, &sites))
    }

    pub(super) fn published(&self) -> Option<String> {
        let other_ld = self.ld_dates.iter().find_map(|d| normalize_date(d));
        let candidates = [
            self.ld_str("datePublished"),
            other_ld,
            self.meta(&["article:published_time", "og:published_time"]),
            self.meta(&[
                "date",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "published_time",
                "article.published",
                "article_date_original",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
                "cxenseparse:recs:publishtime",
                "datepublished",
                "original-publish-date",
            ]),
            self.time_datetime.clone(),
        ];
        candidates
            .into_iter()
            .flatten()
            .find_map(|d| normalize_date(&d))
    }

    pub(super) fn authors(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |name: String| {
            let name = clean_author(&name);
            if !name.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
                out.push(name);
            }
        };
        let ld_author = self.ld.as_ref().and_then(|ld| ld.get("author"));
        let has_ld = ld_author.is_some_and(|a| match a {
            Value::Array(items) => items.iter().any(|i| name_of(i).is_some()),
            other => name_of(other).is_some(),
        });
        if let Some(a) = ld_author {
            match a {
                Value::Array(items) => items.iter().filter_map(name_of).for_each(&mut push),
                other => {
                    if let Some(n) = name_of(other) {
                        push(n)
                    }
                }
            }
        }
        if !has_ld {
            for (k, v) in &self.metas {
                if matches!(
                    k.as_str(),
                    "author"
                        | "article:author"
                        | "dc.creator"
                        | "sailthru.author"
                        | "byl"
                        | "parsely-author"
                ) && !v.starts_with("http")
                {
                    push(v.clone());
                }
            }
        }
        out
    }

    pub(super) fn url(&self) -> Option<String> {
        self.canonical
            .clone()
            .or_else(|| self.meta(&["og:url"]))
            .or_else(|| self.ld_str("url"))
    }

    pub(super) fn language(&self) -> Option<String> {
        let lang = self.lang.as_deref()?.trim();
        let primary: String = lang.split(['-', '_']).next()?.to_ascii_lowercase();
        if primary.is_empty()
            || primary.len() > 8
            || !primary.chars().all(|c| c.is_ascii_alphabetic())
        {
            return None;
        }
        Some(primary)
    }
}

/// serde_json with the slack real pages need (comments, trailing semicolons, CDATA).
pub(super) fn parse_json_loose(raw: &str) -> Option<Value> {
    let mut s = raw.trim();
    for junk in ["<!--", "//<![CDATA[", "<![CDATA["] {
        s = s.strip_prefix(junk).unwrap_or(s).trim();
    }
    for junk in ["-->", "//]]>", "]]>", ";"] {
        s = s.strip_suffix(junk).unwrap_or(s).trim();
    }
    serde_json::from_str(s).ok().or_else(|| {
        // Raw control characters inside strings are a common publisher error.
        let cleaned: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&cleaned).ok()
    })
}

/// The `datePublished` values of the JSON-LD objects in `roots` and in their `@graph` arrays
/// and `mainEntity` objects (the places `find_article_object` looks), in page order.
pub(super) fn dates_published(roots: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = roots.iter().rev().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                if let Some(d) = map.get("datePublished").and_then(value_text) {
                    out.push(d);
                }
                // pushed in reverse, so that @graph items come before mainEntity, as written
                if let Some(main) = map.get("mainEntity") {
                    stack.push(main);
                }
                if let Some(Value::Array(g)) = map.get("@graph") {
                    stack.extend(g.iter().rev());
                }
            }
            _ => {}
        }
    }
    out
}

/// The first JSON-LD object typed as a news article, else any article-like object.
pub(super) fn find_article_object(roots: Vec<Value>) -> Option<Value> {
    let mut best: Option<(u8, Value)> = None;
    let mut stack: Vec<Value> = roots.into_iter().rev().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.into_iter().rev()),
            Value::Object(map) => {
                let rank = map.get("@type").map(type_rank).unwrap_or(0);
                if let Some(Value::Array(g)) = map.get("@graph") {
                    stack.extend(g.iter().rev().cloned());
                }
                if let Some(main) = map.get("mainEntity") {
                    stack.push(main.clone());
                }
                if rank > 0 && best.as_ref().is_none_or(|(r, _)| rank > *r) {
                    best = Some((rank, Value::Object(map)));
                }
            }
            _ => {}
        }
    }
    best.map(|(_, v)| v)
}

pub(super) fn type_rank(t: &Value) -> u8 {
    let names: Vec<&str> = match t {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    names
        .iter()
        .map(|n| {
            if n.contains("NewsArticle") || *n == "ReportageNewsArticle" {
                3
            } else if n.contains("Article") || n.contains("BlogPosting") || *n == "Report" {
                2
            } else {
                0
            }
        })
        .max()
        .unwrap_or(0)
}

pub(super) fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.first().and_then(value_text),
        Value::Object(o) => o
            .get("@value")
            .or(o.get("name"))
            .or(o.get("@id"))
            .and_then(value_text),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(super) fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("name").and_then(value_text),
        _ => None,
    }
    .map(|s| collapse_ws(&decode_entities(&s)))
    .filter(|s| !s.is_empty())
}

/// "By Jane Roe, AP Staff Writer" → "Jane Roe"; "Jane Roe | Example Media" → "Jane Roe".
pub(super) fn clean_author(s: &str) -> String {
    let s = collapse_ws(s);
    let lower = s.to_lowercase();
    let mut s = if lower.starts_with("by ") {
        &s[3..]
    } else {
        &s[..]
    };
    if let Some(pos) = s.find(" | ") {
        s = &s[..pos];
    }
    if let Some(pos) = s.find(", ") {
        let role = s[pos + 2..].to_lowercase();
        const ROLES: [&str; 7] = [
            "writer",
            "reporter",
            "correspondent",
            "editor",
            "staff",
            ".com",
            "contributor",
        ];
        if ROLES.iter().any(|r| role.contains(r)) {
            s = &s[..pos];
        }
    }
    s.trim().to_string()
}

pub(super) fn collapse_ws_keep_lines(s: &str) -> String {
    s.lines()
        .map(collapse_ws)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn alnum_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// "Headline - Site Name" → "Headline" when the part after the separator names the site.
pub(super) fn trim_site_suffix(title: &str, sites: &[String]) -> String {
    const SEPS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];
    let mut t = title.trim().to_string();
    for _ in 0..2 {
        let mut changed = false;
        for sep in SEPS {
            if let Some(pos) = t.rfind(sep) {
                let tail = alnum_key(&t[pos + sep.len()..]);
                if !tail.is_empty()
                    && sites
                        .iter()
                        .any(|s| *s == tail || s.contains(&tail) || tail.contains(s.as_str()))
                    && pos > 0
                {
                    t.truncate(pos);
                    t = t.trim().to_string();
                    changed = true;
                    break;
                }
            }
            if let Some(pos) = t.find(sep) {
                let head = alnum_key(&t[..pos]);
                if !head.is_empty() && sites.contains(&head) && pos + sep.len() < t.len() {
                    t = t[pos + sep.len()..].trim().to_string();
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            break;
        }
    }
    t
}

/// Turns the common date spellings of page metadata into `YYYY-MM-DD`.
pub(super) fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let valid = |y: u32, m: u32, d: u32| {
        (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
    };
    // ISO 8601 and its slash/dot/compact forms.
    if b.len() >= 8 {
        if let Some(y) = digits(0..4) {
            let sep = b.get(4).filter(|c| matches!(c, b'-' | b'/' | b'.'));
            if b.len() >= 10 && sep.is_some() && b.get(7) == sep {
                if let (Some(m), Some(d)) = (digits(5..7), digits(8..10)) {
                    if valid(y, m, d) {
                        return Some(format!("{y:04}-{m:02}-{d:02}"));
                    }
                }
            }
            if let (Some(m), Some(d)) = (digits(4..6), digits(6..8)) {
                if !b.get(8).is_some_and(u8::is_ascii_digit) && valid(y, m, d) {
                    return Some(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
    }
    // Month names: "November 19, 2019", "19 Nov 2019", "Tue, 19 Nov 2019 10:00:00 GMT".
    let toks: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let mut year = None;
    let mut month = None;
    let mut day = None;
    for t in &toks {
        let lower = t.to_ascii_lowercase();
        if month.is_none() && lower.len() >= 3 && lower.chars().all(|c| c.is_ascii_alphabetic()) {
            // the one month list (`time_words.tsv`); unloadable knowledge reads no month names
            let builtin = crate::knowledge::Knowledge::builtin().ok();
            if let Some(m) = builtin.and_then(|k| k.time.month_by_prefix(&lower)) {
                month = Some(m);
                continue;
            }
        }
        if t.len() == 4 && year.is_none() {
            year = t.parse::<u32>().ok().filter(|y| (1900..=2100).contains(y));
        } else if t.len() <= 2 && day.is_none() && year.is_none() {
            day = t.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
        }
    }
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        _ => None,
    }
}
