//! Tests of the source layout itself (DESIGN.md, "Layout"): no `src` file has more than 1,000
//! lines before its tests, and the modules import each other without a cycle.
//!
//! Modules are compared as components: a top-level module (`document`, `schema`) or a module one
//! level below a top-level directory (`extract::quotes`, `text::segment`, `ingest::html`), with
//! everything below it. An edge A -> B is a `crate::` path in A's non-test code that names B (or
//! something inside B); a reference between a directory module and one of its own children
//! (`extract` and `extract::quotes`) is not an edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 1000;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The module path of a file: `src/extract/quotes/mod.rs` -> ["extract", "quotes"].
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code before the file's test module (a `#[cfg(test)]` line followed by `mod`).
fn non_test_code(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|w| {
            w[0].trim() == "#[cfg(test)]"
                && (w[1].trim_start().starts_with("mod ")
                    || w[1].trim_start().starts_with("pub mod "))
        })
        .unwrap_or(lines.len());
    lines[..end].to_vec()
}

fn component(path: &[String]) -> Vec<String> {
    path.iter().take(2).cloned().collect()
}

#[test]
fn no_source_file_is_over_the_line_limit() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let n = non_test_code(&text).len();
            (n > MAX_LINES).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines before the tests: {long:#?}"
    );
}

#[test]
fn modules_import_each_other_without_a_cycle() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for f in &files {
        let from = component(&module_of(f));
        if from.is_empty() || f.ends_with("main.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let here = module_of(f);
        // `super::` in `a/b.rs` (module a::b) and in `a/b/mod.rs` (also a::b) names module a
        let parent: Vec<String> = here
            .iter()
            .take(here.len().saturating_sub(1))
            .cloned()
            .collect();
        for line in non_test_code(&text) {
            let code = line.split("//").next().unwrap_or("");
            for path in referenced_paths(code, &parent) {
                // the longest prefix of the path that is a module
                let target = (1..=path.len())
                    .rev()
                    .map(|n| path[..n].to_vec())
                    .find(|p| modules.contains(p));
                let Some(target) = target else { continue };
                let to = component(&target);
                let nested = to.starts_with(&from) || from.starts_with(&to);
                if !nested {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
    }
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

/// The module paths a line of code names with `crate::` or `super::`, with one level of
/// `{a, b::c}` groups expanded; `parent` is what `super` stands for.
fn referenced_paths(code: &str, parent: &[String]) -> Vec<Vec<String>> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent.to_vec())] {
        for (at, _) in code.match_indices(prefix) {
            if prefix == "super::" && code[..at].ends_with("::") {
                continue; // `crate::x::super::` is not written; `super::super::` is rare
            }
            let rest = &code[at + prefix.len()..];
            let head_len = rest
                .find(|c: char| !(ident(c) || c == ':'))
                .unwrap_or(rest.len());
            let head = &rest[..head_len];
            let mut path = base.clone();
            path.extend(
                head.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
            let group = rest[head_len..]
                .strip_prefix('{')
                .filter(|_| head.ends_with("::"));
            match group {
                Some(g) => {
                    let inner = g.split('}').next().unwrap_or("");
                    for item in inner.split(',') {
                        let mut p = path.clone();
                        p.extend(
                            item.trim()
                                .split(|c: char| !(ident(c) || c == ':'))
                                .next()
                                .unwrap_or("")
                                .split("::")
                                .filter(|s| !s.is_empty() && *s != "self")
                                .map(str::to_string),
                        );
                        out.push(p);
                    }
                }
                None => out.push(path),
            }
        }
    }
    out
}

type Graph = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

/// A cycle of the graph, as the module names along it, if there is one.
fn find_cycle(edges: &Graph) -> Option<Vec<String>> {
    let mut state = BTreeMap::new();
    edges
        .keys()
        .find_map(|n| visit(n, edges, &mut state, &mut Vec::new()))
}

/// Depth-first search from `n` for a back edge (state 1 = on the stack, 2 = done).
fn visit(
    n: &Vec<String>,
    edges: &Graph,
    state: &mut BTreeMap<Vec<String>, u8>,
    stack: &mut Vec<Vec<String>>,
) -> Option<Vec<String>> {
    match state.get(n) {
        Some(2) => return None,
        Some(1) => {
            let at = stack.iter().position(|m| m == n).unwrap();
            let mut cycle: Vec<String> = stack[at..].iter().map(|m| m.join("::")).collect();
            cycle.push(n.join("::"));
            return Some(cycle);
        }
        _ => {}
    }
    state.insert(n.clone(), 1);
    stack.push(n.clone());
    for m in edges.get(n).into_iter().flatten() {
        if let Some(c) = visit(m, edges, state, stack) {
            return Some(c);
        }
    }
    stack.pop();
    state.insert(n.clone(), 2);
    None
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let m = |s: &str| vec![s.to_string()];
    let mut edges = Graph::new();
    edges.entry(m("a")).or_default().insert(m("b"));
    edges.entry(m("b")).or_default().insert(m("c"));
    assert_eq!(find_cycle(&edges), None);
    edges.entry(m("c")).or_default().insert(m("a"));
    assert_eq!(
        find_cycle(&edges),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(component(&["x".into(), "y".into(), "z".into()]), ["x", "y"]);
    let parent = vec!["extract".to_string()];
    let paths = referenced_paths(
        "use crate::extract::{coref, entities::Lex}; use super::roles;",
        &parent,
    );
    let want: Vec<Vec<String>> = [
        &["extract", "coref"][..],
        &["extract", "entities", "Lex"],
        &["extract", "roles"],
    ]
    .iter()
    .map(|p| p.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(paths, want);
    let code = "fn f() {}\n#[cfg(test)]\nmod tests {}\n";
    assert_eq!(non_test_code(code), ["fn f() {}"]);
}
