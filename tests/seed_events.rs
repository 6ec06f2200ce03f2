//! End-to-end event measurement on the bundled seed article against the analyst gold in
//! `tests/gold/seed_events.json`.
//!
//! Matching rule: a predicted `events` row matches a gold row when
//! 1. the event types are equal, and
//! 2. at least one gold participant is a predicted participant, or the gold place is the
//!    predicted place (names compared case-insensitively through `people`, `organizations` and
//!    `places`; a name also matches a longer name ending with it: "Biden" ~ "Joe Biden").
//!
//! Rows are paired one to one, greedily: pairs whose `date_value` agrees first, then pairs with
//! more shared names. Reported: recall (matched gold rows / gold rows), spurious rate (unmatched
//! predicted rows / predicted rows), date accuracy (matched dated gold rows with the same
//! `date_value` / dated gold rows) and modality accuracy (matched gold rows with the same
//! modality / gold rows).
//!
//! Targets (issue 5): recall ≥ 90 %, spurious ≤ 10 %, every matched dated gold row has the gold
//! `date_value`, every matched gold row has the gold modality.

mod common;

use std::collections::HashMap;

use common::{project, Workdir};
use serde_json::Value;

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    a == b || a.ends_with(&format!(" {b}")) || b.ends_with(&format!(" {a}"))
}

struct Pred {
    id: String,
    ty: String,
    date: Option<String>,
    modality: String,
    place: Option<String>,
    names: Vec<String>,
}

#[test]
fn seed_events_meet_the_issue_targets() {
    let wd = Workdir::new();
    wd.export_seed("out");

    // entity id → name, per kind
    let mut names: HashMap<(String, String), String> = HashMap::new();
    for (table, kind, id) in [
        ("people", "person", "person_id"),
        ("organizations", "organization", "org_id"),
        ("places", "place", "place_id"),
    ] {
        for r in wd.table("out", table) {
            if let (Some(i), Some(n)) = (s(&r, id), s(&r, "name")) {
                names.insert((kind.to_string(), i), n);
            }
        }
    }
    let mut preds: Vec<Pred> = wd
        .table("out", "events")
        .iter()
        .map(|e| Pred {
            id: s(e, "event_id").unwrap_or_default(),
            ty: s(e, "event_type").unwrap_or_default(),
            date: s(e, "date_value"),
            modality: s(e, "modality").unwrap_or_default(),
            place: s(e, "place_id").and_then(|p| names.get(&("place".into(), p)).cloned()),
            names: Vec::new(),
        })
        .collect();
    for p in wd.table("out", "event_participants") {
        let (Some(eid), Some(kind), Some(id)) =
            (s(&p, "event_id"), s(&p, "entity_kind"), s(&p, "entity_id"))
        else {
            continue;
        };
        if let (Some(ev), Some(n)) = (
            preds.iter_mut().find(|e| e.id == eid),
            names.get(&(kind, id)),
        ) {
            ev.names.push(n.clone());
        }
    }

    let gold_text = std::fs::read_to_string(project().join("tests/gold/seed_events.json")).unwrap();
    let gold: Value = serde_json::from_str(&gold_text).unwrap();
    let gold = gold["events"].as_array().unwrap().clone();

    // candidate pairs: (date agrees, shared names, gold index, pred index)
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let gty = s(g, "type").unwrap_or_default();
        let gplace = s(g, "place");
        let gnames: Vec<String> = g["participants"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        for (pi, p) in preds.iter().enumerate() {
            if p.ty != gty {
                continue;
            }
            let shared = gnames
                .iter()
                .filter(|n| p.names.iter().any(|m| same_name(n, m)))
                .count();
            let place = matches!((&gplace, &p.place), (Some(a), Some(b)) if same_name(a, b));
            if shared == 0 && !place {
                continue;
            }
            let date_ok = s(g, "date_value") == p.date;
            pairs.push((date_ok, shared + place as usize, gi, pi));
        }
    }
    pairs.sort_by(|a, b| {
        (b.0, b.1)
            .cmp(&(a.0, a.1))
            .then((a.2, a.3).cmp(&(b.2, b.3)))
    });
    let mut gold_match: Vec<Option<usize>> = vec![None; gold.len()];
    let mut pred_used = vec![false; preds.len()];
    for (_, _, gi, pi) in pairs {
        if gold_match[gi].is_none() && !pred_used[pi] {
            gold_match[gi] = Some(pi);
            pred_used[pi] = true;
        }
    }

    let matched = gold_match.iter().filter(|m| m.is_some()).count();
    let dated: Vec<usize> = (0..gold.len())
        .filter(|&g| s(&gold[g], "date_value").is_some())
        .collect();
    let mut date_errors = Vec::new();
    let mut date_ok = 0;
    for &g in &dated {
        if let Some(p) = gold_match[g] {
            if s(&gold[g], "date_value") == preds[p].date {
                date_ok += 1;
            } else {
                date_errors.push(format!(
                    "gold {g} ({}): want {:?}, got {:?}",
                    s(&gold[g], "evidence").unwrap_or_default(),
                    s(&gold[g], "date_value"),
                    preds[p].date
                ));
            }
        }
    }
    let mut modality_ok = 0;
    let mut modality_errors = Vec::new();
    for (g, m) in gold_match.iter().enumerate() {
        if let Some(p) = m {
            if s(&gold[g], "modality").as_deref() == Some(preds[*p].modality.as_str()) {
                modality_ok += 1;
            } else {
                modality_errors.push(format!(
                    "gold {g} ({}): want {:?}, got {}",
                    s(&gold[g], "evidence").unwrap_or_default(),
                    s(&gold[g], "modality"),
                    preds[*p].modality
                ));
            }
        }
    }
    let spurious: Vec<&Pred> = preds
        .iter()
        .zip(&pred_used)
        .filter(|(_, u)| !**u)
        .map(|(p, _)| p)
        .collect();
    let recall = matched as f64 / gold.len() as f64;
    let spurious_rate = spurious.len() as f64 / preds.len().max(1) as f64;
    println!(
        "seed events: gold {} predicted {} matched {} | recall {:.3} | spurious {:.3} ({}) | \
         date accuracy {}/{} | modality accuracy {}/{}",
        gold.len(),
        preds.len(),
        matched,
        recall,
        spurious_rate,
        spurious.len(),
        date_ok,
        dated.len(),
        modality_ok,
        gold.len()
    );
    for (g, m) in gold_match.iter().enumerate() {
        if m.is_none() {
            println!(
                "  missed gold {g}: {} {}",
                s(&gold[g], "type").unwrap_or_default(),
                s(&gold[g], "evidence").unwrap_or_default()
            );
        }
    }
    for p in &spurious {
        println!(
            "  spurious {}: {} {:?} {:?} {:?}",
            p.id, p.ty, p.names, p.place, p.date
        );
    }
    for e in date_errors.iter().chain(&modality_errors) {
        println!("  {e}");
    }
    assert!(recall >= 0.9, "recall {recall:.3} < 0.90");
    assert!(
        spurious_rate <= 0.1,
        "spurious rate {spurious_rate:.3} > 0.10"
    );
    assert!(date_errors.is_empty(), "date errors: {date_errors:#?}");
    assert!(
        modality_errors.is_empty(),
        "modality errors: {modality_errors:#?}"
    );
}
