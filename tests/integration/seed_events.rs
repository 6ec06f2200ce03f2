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

use std::collections::HashMap;

use serde::Deserialize;

use crate::harness::{invariants, read_gold, Workdir};

/// `tests/gold/seed_events.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Gold {
    #[serde(rename = "article")]
    _article: String,
    #[serde(rename = "published")]
    _published: String,
    #[serde(rename = "annotator_note")]
    _annotator_note: String,
    events: Vec<GoldEvent>,
}

/// One gold happening.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldEvent {
    #[serde(rename = "type")]
    ty: String,
    evidence: String,
    participants: Vec<String>,
    place: Option<String>,
    date_value: Option<String>,
    modality: String,
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
    wd.export_seed("out", &[]);
    let d = wd.dataset("out");
    invariants::check(&d);

    // (entity kind, id) → name
    let mut names: HashMap<(&str, &str), &str> = HashMap::new();
    for p in &d.people {
        names.insert(("person", &p.person_id), &p.name);
    }
    for o in &d.organizations {
        names.insert(("organization", &o.org_id), &o.name);
    }
    for p in &d.places {
        names.insert(("place", &p.place_id), &p.name);
    }
    let mut preds: Vec<Pred> = d
        .events
        .iter()
        .map(|e| Pred {
            id: e.event_id.clone(),
            ty: e.event_type.clone(),
            date: e.date_value.clone(),
            modality: e.modality.clone(),
            place: e
                .place_id
                .as_deref()
                .and_then(|p| names.get(&("place", p)).map(|n| n.to_string())),
            names: Vec::new(),
        })
        .collect();
    for p in &d.event_participants {
        if let (Some(ev), Some(n)) = (
            preds.iter_mut().find(|e| e.id == p.event_id),
            names.get(&(p.entity_kind.as_str(), p.entity_id.as_str())),
        ) {
            ev.names.push(n.to_string());
        }
    }

    let gold: Gold = read_gold("tests/gold/seed_events.json");
    let gold = gold.events;

    // candidate pairs: (date agrees, shared names, gold index, pred index)
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in preds.iter().enumerate() {
            if p.ty != g.ty {
                continue;
            }
            let shared = g
                .participants
                .iter()
                .filter(|n| p.names.iter().any(|m| same_name(n, m)))
                .count();
            let place = matches!((&g.place, &p.place), (Some(a), Some(b)) if same_name(a, b));
            if shared == 0 && !place {
                continue;
            }
            let date_ok = g.date_value == p.date;
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
        .filter(|&g| gold[g].date_value.is_some())
        .collect();
    let mut date_errors = Vec::new();
    let mut date_ok = 0;
    for &g in &dated {
        if let Some(p) = gold_match[g] {
            if gold[g].date_value == preds[p].date {
                date_ok += 1;
            } else {
                date_errors.push(format!(
                    "gold {g} ({}): want {:?}, got {:?}",
                    gold[g].evidence, gold[g].date_value, preds[p].date
                ));
            }
        }
    }
    let mut modality_ok = 0;
    let mut modality_errors = Vec::new();
    for (g, m) in gold_match.iter().enumerate() {
        if let Some(p) = m {
            if gold[g].modality == preds[*p].modality {
                modality_ok += 1;
            } else {
                modality_errors.push(format!(
                    "gold {g} ({}): want {:?}, got {}",
                    gold[g].evidence, gold[g].modality, preds[*p].modality
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
            println!("  missed gold {g}: {} {}", gold[g].ty, gold[g].evidence);
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
