//! The flat arena copy of the DOM that the body scorer walks: construction, class-hint pruning
//! and per-node counts (text length, link length, subtree size).

use super::classify::{is_block_tag, is_dropped_tag, is_hidden, ClassHint};
use super::lines::{collapse_ws, collapsed_len};
use scraper::{Html, Node};

// ---------------------------------------------------------------------------------------------
// Arena

pub(super) const NONE: usize = usize::MAX;

pub(super) struct ANode {
    pub(super) parent: usize,
    /// Lower-case tag name; empty for text nodes.
    pub(super) tag: String,
    pub(super) text: String,
    pub(super) children: Vec<usize>,
    pub(super) hint: ClassHint,
    /// The raw class attribute.
    pub(super) class: String,
    /// Nearest block ancestor (the block whose line this node's text joins).
    pub(super) owner: usize,
    pub(super) in_link: bool,
    pub(super) depth: usize,
}

/// A flat copy of the DOM (document order, parents before children) with per-node counts.
///
/// Invariant, established by [`Arena::build`] and kept by [`Arena::pruned`] (the only
/// constructors, both through [`Arena::from_nodes`]): every node id stored anywhere (`parent`,
/// `owner`, `children`, the ids the methods compute and pass around) is [`NONE`] or
/// `< nodes.len()`; ids are in preorder, so `parent < id` and the subtree of `i` is
/// `i..i + size[i]` (within `0..nodes.len()`); every per-node vector has `nodes.len()` entries.
/// Methods that index the arena rely on it and say so with an `expect` of
/// `clippy::indexing_slicing`; [`NONE`] is always compared before it is used as an index.
pub(super) struct Arena {
    pub(super) nodes: Vec<ANode>,
    /// Collapsed text length of each subtree, in chars.
    pub(super) text_len: Vec<usize>,
    /// Part of `text_len` inside links.
    pub(super) link_len: Vec<usize>,
    /// Text owned directly by a block (inline descendants, not nested blocks).
    pub(super) own_text: Vec<String>,
    pub(super) own_link: Vec<usize>,
    /// Subtree sizes in nodes.
    pub(super) size: Vec<usize>,
}

impl Arena {
    /// Copies the DOM, dropping only what can never be article text (see [`is_dropped_tag`])
    /// and what markup hides unconditionally. Class hints are recorded, not applied.
    pub(super) fn build(doc: &Html) -> Arena {
        let mut nodes: Vec<ANode> = Vec::new();
        let mut hint_cache: std::collections::HashMap<String, ClassHint> =
            std::collections::HashMap::new();
        let root = doc.tree.root();
        let mut stack = Vec::new();
        for child in root.children().rev() {
            stack.push((child, NONE));
        }
        while let Some((node, parent)) = stack.pop() {
            // `parent` is NONE (no node) or a node pushed before
            let (pdepth, powner, plink, pblock) = match nodes.get(parent) {
                None => (0, NONE, false, false),
                Some(p) => (p.depth + 1, p.owner, p.in_link, is_block_tag(&p.tag)),
            };
            let owner = if pblock { parent } else { powner };
            match node.value() {
                Node::Text(t) => {
                    if parent == NONE {
                        continue;
                    }
                    let idx = nodes.len();
                    nodes.push(ANode {
                        parent,
                        tag: String::new(),
                        text: t.to_string(),
                        children: Vec::new(),
                        hint: ClassHint::default(),
                        class: String::new(),
                        owner,
                        in_link: plink,
                        depth: pdepth,
                    });
                    if let Some(p) = nodes.get_mut(parent) {
                        p.children.push(idx);
                    }
                }
                Node::Element(e) => {
                    let tag = e.name().to_ascii_lowercase();
                    if is_dropped_tag(&tag) || is_hidden(e) {
                        continue;
                    }
                    let mut class_id = String::new();
                    if let Some(c) = e.attr("class") {
                        class_id.push_str(c);
                    }
                    if let Some(i) = e.attr("id") {
                        class_id.push(' ');
                        class_id.push_str(i);
                    }
                    // Pages repeat the same class strings many times over.
                    let mut hint = match hint_cache.get(&class_id) {
                        Some(h) => *h,
                        None => {
                            let h = ClassHint::of(&class_id);
                            hint_cache.insert(class_id.clone(), h);
                            h
                        }
                    };
                    if let Some(role) = e.attr("role") {
                        let role = role.to_ascii_lowercase();
                        hint.neg |= matches!(
                            role.as_str(),
                            "navigation"
                                | "complementary"
                                | "banner"
                                | "contentinfo"
                                | "dialog"
                                | "alert"
                                | "menu"
                                | "menubar"
                                | "toolbar"
                                | "search"
                        );
                    }
                    hint.aria_hidden = e.attr("aria-hidden") == Some("true");
                    let idx = nodes.len();
                    let in_link = plink || tag == "a";
                    nodes.push(ANode {
                        parent,
                        tag,
                        text: String::new(),
                        children: Vec::new(),
                        hint,
                        class: e.attr("class").unwrap_or("").trim().to_string(),
                        owner,
                        in_link,
                        depth: pdepth,
                    });
                    if let Some(p) = nodes.get_mut(parent) {
                        p.children.push(idx);
                    }
                    for child in node.children().rev() {
                        stack.push((child, idx));
                    }
                }
                Node::Document | Node::Fragment => {
                    for child in node.children().rev() {
                        stack.push((child, parent));
                    }
                }
                _ => {}
            }
        }

        Arena::from_nodes(nodes)
    }

    /// Computes the per-node counts over a finished node list.
    pub(super) fn from_nodes(nodes: Vec<ANode>) -> Arena {
        let n = nodes.len();
        let mut text_len = vec![0usize; n];
        let mut link_len = vec![0usize; n];
        let mut own_text = vec![String::new(); n];
        let mut own_link = vec![0usize; n];
        for ((node, tl), ll) in nodes.iter().zip(&mut text_len).zip(&mut link_len) {
            if node.tag.is_empty() && node.owner != NONE {
                let len = collapsed_len(&node.text);
                if let Some(buf) = own_text.get_mut(node.owner) {
                    buf.push_str(&node.text);
                }
                if node.in_link {
                    if let Some(l) = own_link.get_mut(node.owner) {
                        *l += len;
                    }
                }
                *tl = len;
                if node.in_link {
                    *ll = len;
                }
            } else if matches!(node.tag.as_str(), "br" | "td" | "th") {
                if let Some(buf) = own_text.get_mut(node.owner) {
                    buf.push(' ');
                }
            }
        }
        let mut size = vec![1usize; n];
        // children after parents: summing backwards adds each finished subtree to its parent
        for (i, node) in nodes.iter().enumerate().rev() {
            for v in [&mut text_len, &mut link_len, &mut size] {
                add_to_parent(v, i, node.parent);
            }
        }
        Arena {
            nodes,
            text_len,
            link_len,
            own_text,
            own_link,
            size,
        }
    }

    /// A copy without the subtrees that class/id hints mark as boilerplate. A weak hint
    /// ("header", "widget") is ignored on a node that holds a large share of the page's prose:
    /// such names also appear on page-wide wrappers.
    pub(super) fn pruned(&self) -> Arena {
        let n = self.nodes.len();
        let paras = self.paragraphs();
        let good = self.good_text(&paras);
        let total_good = self
            .nodes
            .iter()
            .zip(&good)
            .filter(|(nd, _)| nd.parent == NONE)
            .map(|(_, &g)| g)
            .sum::<usize>();
        // new id of each kept node; NONE for a dropped one (and its whole subtree)
        let mut remap = vec![NONE; n];
        let mut nodes: Vec<ANode> = Vec::with_capacity(n);
        for (i, node) in self.nodes.iter().enumerate() {
            let p = node.parent;
            // parents come first, so a dropped parent is already NONE in `remap`
            if p != NONE && remap.get(p).is_none_or(|&r| r == NONE) {
                continue;
            }
            let structural = matches!(node.tag.as_str(), "html" | "body" | "main" | "article");
            let h = node.hint;
            let g = good.get(i).copied().unwrap_or(0);
            let big = g * 4 >= total_good && g > 0;
            let prune = !node.tag.is_empty()
                && !structural
                && ((h.strong && !self.wraps_quote(i))
                    || (((h.neg && !h.pos) || h.aria_hidden) && !big));
            if prune {
                continue;
            }
            let idx = nodes.len();
            if let Some(r) = remap.get_mut(i) {
                *r = idx;
            }
            let map = |j: usize| remap.get(j).copied().unwrap_or(NONE);
            nodes.push(ANode {
                parent: map(p),
                tag: node.tag.clone(),
                text: node.text.clone(),
                children: Vec::new(),
                hint: node.hint,
                class: node.class.clone(),
                owner: map(node.owner),
                in_link: node.in_link,
                depth: node.depth,
            });
            if let Some(pn) = nodes.get_mut(map(p)) {
                pn.children.push(idx);
            }
        }
        Arena::from_nodes(nodes)
    }

    /// Embedded posts (tweets and the like) sit in a `<blockquote>` inside a wrapper whose
    /// class names the social network or the embed; the quoted text belongs to the article.
    pub(super) fn wraps_quote(&self, i: usize) -> bool {
        let node = |j: usize| self.nodes.get(j);
        let quote = |j: usize| node(j).is_some_and(|n| n.tag == "blockquote");
        node(i).is_some_and(|n| {
            n.children.iter().any(|&c| {
                quote(c) || node(c).is_some_and(|cn| cn.children.iter().any(|&g| quote(g)))
            })
        })
    }

    pub(super) fn link_density(&self, i: usize) -> f64 {
        match (self.text_len.get(i), self.link_len.get(i)) {
            (Some(&text), Some(&link)) if text > 0 => link as f64 / text as f64,
            _ => 0.0,
        }
    }

    /// Blocks that own at least some text, with their collapsed text.
    pub(super) fn paragraphs(&self) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (i, t) in self.own_text.iter().enumerate() {
            if t.is_empty() {
                continue;
            }
            let text = collapse_ws(t);
            if !text.is_empty() {
                out.push((i, text));
            }
        }
        out
    }

    /// Number of arena nodes in the subtree of `i` (the subtree is `i..i + size` in preorder).
    /// At least 1, so walks that skip subtrees always move on.
    pub(super) fn subtree_size(&self, i: usize) -> usize {
        self.size.get(i).copied().unwrap_or(1)
    }

    pub(super) fn is_ancestor(&self, anc: usize, mut node: usize) -> bool {
        let Some(target_depth) = self.nodes.get(anc).map(|a| a.depth) else {
            return false;
        };
        while let Some(n) = self.nodes.get(node).filter(|n| n.depth > target_depth) {
            node = n.parent;
        }
        node == anc
    }

    pub(super) fn body_node(&self) -> Option<usize> {
        self.nodes
            .iter()
            .position(|n| n.tag == "body")
            .or(if self.nodes.is_empty() { None } else { Some(0) })
    }
}

/// Adds `v[i]` to `v[parent]` (nothing when `parent` is [`NONE`]): the step of a bottom-up sum
/// over an arena walked backwards.
pub(super) fn add_to_parent(v: &mut [usize], i: usize, parent: usize) {
    let x = v.get(i).copied().unwrap_or(0);
    if let Some(p) = v.get_mut(parent) {
        *p += x;
    }
}
