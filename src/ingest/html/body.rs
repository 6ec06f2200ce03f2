//! Choosing the article body: readability-style scoring of containers, sibling merging, and
//! pinning the container from a JSON-LD `articleBody`.

use super::arena::{add_to_parent, Arena, NONE};
use super::classify::{is_heading, tag_bonus};
use super::lines::{collapse_ws, is_truncated, shingles, words};
use std::collections::HashSet;

impl Arena {
    /// Picks the container(s) of the article body and writes their text.
    pub(super) fn main_text(&self, ld_body: Option<&str>, title: Option<&str>) -> String {
        if self.nodes.is_empty() {
            return String::new();
        }
        let paras = self.paragraphs();
        let roots = self.scored_containers(&paras);
        if let Some(ld) = ld_body.filter(|ld| !is_truncated(ld)) {
            if let Some(container) = self.container_from_ld(&paras, ld) {
                // A JSON-LD body that is a fraction of the prose the scorer found around it is
                // a lead-in, not the article: trust the scorer then.
                let good = self.good_text(&paras);
                let scored_good: usize = roots.iter().filter_map(|&r| good.get(r)).sum();
                let partial = roots.iter().any(|&r| self.is_ancestor(r, container))
                    && ld.chars().count() * 2 < scored_good;
                if !partial {
                    return self.render(&[container], title);
                }
            }
        }
        self.render(&roots, title)
    }

    /// The deepest node holding nearly all paragraphs whose text the JSON-LD body contains.
    pub(super) fn container_from_ld(&self, paras: &[(usize, String)], ld: &str) -> Option<usize> {
        let ld_words = words(ld);
        let ld_shingles: HashSet<u64> = shingles(&ld_words).collect();
        if ld_shingles.is_empty() {
            return None;
        }
        let n = self.nodes.len();
        let mut matched = vec![0usize; n];
        let mut total = 0usize;
        for (i, text) in paras {
            let w = words(text);
            if w.len() < 4 {
                continue;
            }
            let all: Vec<u64> = shingles(&w).collect();
            let hit = all.iter().filter(|s| ld_shingles.contains(s)).count();
            if hit * 2 >= all.len() {
                if let Some(m) = matched.get_mut(*i) {
                    *m += w.len();
                }
                total += w.len();
            }
        }
        if total * 2 < ld_words.len() {
            return None;
        }
        for (i, node) in self.nodes.iter().enumerate().rev() {
            add_to_parent(&mut matched, i, node.parent);
        }
        let need = (total as f64 * 0.9).ceil() as usize;
        self.nodes
            .iter()
            .zip(&matched)
            .enumerate()
            .filter(|(_, (node, &m))| m >= need && !node.tag.is_empty())
            .max_by_key(|(_, (node, _))| node.depth)
            .map(|(i, _)| i)
    }

    /// Readability-style scoring: paragraphs feed their ancestors; the best ancestor and its
    /// qualifying siblings form the body.
    #[expect(
        clippy::indexing_slicing,
        reason = "every index is a node id that the Arena invariant keeps below nodes.len() (the \
                  length of `score` and of every per-node vector): `paras` ids come from \
                  own_text, `anc`/`p` are parents compared with NONE first, `i < end = scope + \
                  size[scope] <= nodes.len()` by preorder, and `cands` is checked non-empty"
    )]
    pub(super) fn scored_containers(&self, paras: &[(usize, String)]) -> Vec<usize> {
        let n = self.nodes.len();
        let mut score = vec![f64::NAN; n];
        for (i, text) in paras {
            let i = *i;
            let tag = self.nodes[i].tag.as_str();
            if is_heading(tag) {
                continue;
            }
            let len = text.chars().count();
            if len < 25 {
                continue;
            }
            let ld = self.own_link[i] as f64 / len.max(1) as f64;
            if ld > 0.5 {
                continue;
            }
            let commas = text.matches([',', '،', '，']).count() as f64;
            let base = (1.0 + commas + (len as f64 / 100.0).min(3.0)) * (1.0 - ld);
            // The paragraph itself is a candidate when it is a container (div with text).
            let mut anc = if tag == "p" { self.nodes[i].parent } else { i };
            let mut level = 0usize;
            while anc != NONE && level < 5 {
                if score[anc].is_nan() {
                    let node = &self.nodes[anc];
                    score[anc] = tag_bonus(&node.tag) + node.hint.weight();
                }
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f64 * 3.0,
                };
                score[anc] += base / div;
                anc = self.nodes[anc].parent;
                level += 1;
            }
        }
        let mut cands: Vec<(usize, f64)> = (0..n)
            .filter(|&i| !score[i].is_nan())
            .map(|i| (i, score[i] * (1.0 - self.link_density(i))))
            .collect();
        if cands.is_empty() {
            return self.body_node().into_iter().collect();
        }
        cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let final_score = |i: usize| -> f64 {
            if score[i].is_nan() {
                f64::NAN
            } else {
                score[i] * (1.0 - self.link_density(i))
            }
        };
        let (mut top, top_score) = cands[0];

        // Several near-best candidates under one ancestor: the ancestor is the article.
        let alts: Vec<usize> = cands[1..cands.len().min(5)]
            .iter()
            .filter(|c| c.1 >= top_score * 0.75)
            .map(|c| c.0)
            .collect();
        if alts.len() >= 3 {
            let mut anc = self.nodes[top].parent;
            while anc != NONE && !matches!(self.nodes[anc].tag.as_str(), "body" | "html") {
                let inside = alts.iter().filter(|&&a| self.is_ancestor(anc, a)).count();
                if inside >= 3 {
                    top = anc;
                    break;
                }
                anc = self.nodes[anc].parent;
            }
        }
        // Climb through wrappers that add no text of their own.
        let mut chain = vec![top];
        loop {
            let p = self.nodes[top].parent;
            if p == NONE || matches!(self.nodes[p].tag.as_str(), "body" | "html") {
                break;
            }
            if self.text_len[p] <= self.text_len[top] + 20 {
                top = p;
                chain.push(p);
                continue;
            }
            break;
        }
        // A body split into sections (around figures, ads or pull quotes) repeats the markup of
        // the winning container: collect the other copies that hold prose.
        let good = self.good_text(paras);
        let signatures: Vec<(&str, &str)> = chain
            .iter()
            .filter(|&&c| !self.nodes[c].class.is_empty())
            .map(|&c| (self.nodes[c].tag.as_str(), self.nodes[c].class.as_str()))
            .collect();
        let mut extra = Vec::new();
        if !signatures.is_empty() {
            let (lo, hi) = (top, top + self.subtree_size(top));
            // Only near the winner: inside its grandparent.
            let mut scope = top;
            for _ in 0..2 {
                let p = self.nodes[scope].parent;
                if p == NONE || matches!(self.nodes[p].tag.as_str(), "body" | "html") {
                    break;
                }
                scope = p;
            }
            let mut i = scope;
            let end = scope + self.subtree_size(scope);
            while i < end {
                if i >= lo && i < hi {
                    i = hi;
                    continue;
                }
                let node = &self.nodes[i];
                if i < lo {
                    // An ancestor of the winner (preorder: it starts before and covers it).
                    if i + self.subtree_size(i) > lo {
                        i += 1;
                        continue;
                    }
                }
                if !node.class.is_empty()
                    && signatures.contains(&(node.tag.as_str(), node.class.as_str()))
                    && good[i] >= 50
                    && good[i] * 2 >= self.text_len[i]
                {
                    extra.push(i);
                    i += self.subtree_size(i);
                    continue;
                }
                i += 1;
            }
        }
        let top_score = final_score(top).max(top_score);

        // Siblings that look like more of the same article.
        let parent = self.nodes[top].parent;
        if parent == NONE {
            return vec![top];
        }
        let mut out = self.with_siblings(top, top_score, &final_score);
        for e in extra {
            if !out.iter().any(|&o| self.is_ancestor(o, e)) {
                out.push(e);
            }
        }
        out.sort_unstable();
        out
    }

    /// `top` and those of its siblings that score close to it or read like article paragraphs.
    pub(super) fn with_siblings(
        &self,
        top: usize,
        top_score: f64,
        final_score: &dyn Fn(usize) -> f64,
    ) -> Vec<usize> {
        let Some(parent) = self.nodes.get(top).and_then(|t| self.nodes.get(t.parent)) else {
            return vec![top];
        };
        let threshold = (top_score * 0.2).max(10.0);
        let mut out = Vec::new();
        for &s in &parent.children {
            if s == top {
                out.push(s);
                continue;
            }
            let Some(node) = self.nodes.get(s) else {
                continue;
            };
            if node.tag.is_empty() {
                continue;
            }
            let sc = final_score(s);
            if !sc.is_nan() && sc >= threshold {
                out.push(s);
                continue;
            }
            if node.tag == "p" {
                let text = self
                    .own_text
                    .get(s)
                    .map_or_else(String::new, |t| collapse_ws(t));
                let len = text.chars().count();
                let ld = self.link_density(s);
                if (len > 80 && ld < 0.25)
                    || (len > 0
                        && len <= 80
                        && ld == 0.0
                        && text.ends_with(['.', '!', '?', '"', '”']))
                {
                    out.push(s);
                }
            }
        }
        out
    }

    /// Per subtree, the chars of paragraphs that read like article prose: long enough and
    /// with few links.
    pub(super) fn good_text(&self, paras: &[(usize, String)]) -> Vec<usize> {
        let n = self.nodes.len();
        let mut good = vec![0usize; n];
        for (i, text) in paras {
            let (Some(node), Some(&own_link)) = (self.nodes.get(*i), self.own_link.get(*i)) else {
                continue;
            };
            let len = text.chars().count();
            if is_heading(&node.tag) || len < 25 {
                continue;
            }
            let ld = own_link as f64 / len as f64;
            let prose = len >= 80 || text.ends_with(['.', '!', '?', '"', '”', ':']);
            if prose && ld < 0.3 {
                if let Some(g) = good.get_mut(*i) {
                    *g += len;
                }
            }
        }
        for (i, node) in self.nodes.iter().enumerate().rev() {
            add_to_parent(&mut good, i, node.parent);
        }
        good
    }
}
