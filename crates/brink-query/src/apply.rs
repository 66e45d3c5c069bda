//! Applies one analysis record: derives every index entry from it, then writes them all, the
//! raised alerts and the next offset in one transaction.
//!
//! Each stored article view carries the revision of its analysis. A record whose revision the
//! store already holds, or a later one, only advances the offset, so re-delivery, or the same
//! article from another analysis service, changes nothing. A higher revision (a re-analysis)
//! replaces the article's analysis in place: the entries derived from the stored analysis are
//! derived again and taken out, and the new ones put in, in that same transaction, so counts
//! end as if the article had only ever had its new analysis. Alerts raised on the old analysis
//! stay in the alert log.

use std::collections::{BTreeMap, BTreeSet};

use brink_proto::v1::{Alert, Analysis, AnalysisRecord, Article, ArticleView, EventHit};
use prost::Message;
use sled::Transactional;

use crate::actors::{self, ActorCounts, MAX_PAIRED_ACTORS};
use crate::alerts::{self, Candidate};
use crate::config::AlertConfig;
use crate::day::Day;
use crate::dedup::{self, Reports, View};
use crate::error::Error;
use crate::events::{self, actor_key, event_value, pair_key, summary_value};
use crate::packed::{Packed, Writes};
use crate::quotes;
use crate::store::{Store, decode_u64};
use crate::summary::Fields;
use crate::tension::{self, Counters, dyad_code};

/// Everything one analysis adds to the store, computed before the transaction so a retried
/// transaction only redoes the writes.
#[derive(Default)]
struct Derived {
    article_id: String,
    events: Vec<(Vec<u8>, Vec<u8>)>,
    /// Index key → summary of the event.
    by_actor: Vec<(Vec<u8>, Vec<u8>)>,
    by_pair: Vec<(Vec<u8>, Vec<u8>)>,
    distinct: Reports,
    daily: Reports,
    outlet: String,
    tension: BTreeMap<Vec<u8>, Counters>,
    candidates: Vec<Candidate>,
    quotes: Vec<(Vec<u8>, Vec<u8>)>,
    actor_days: BTreeMap<Vec<u8>, ActorCounts>,
    pairs: BTreeSet<Vec<u8>>,
}

/// What a record does to the store.
enum Change {
    /// The article is stored at this revision or a later one: only the offset moves.
    Redelivery,
    New,
    /// A later revision of a stored article: what its stored analysis derived goes.
    Replace(Box<Derived>),
}

fn derive(article: &Article, analysis: &Analysis) -> Derived {
    let article_day = Day::of_article(article);
    let mut derived = Derived {
        article_id: article.id.clone(),
        outlet: article.source.clone(),
        distinct: dedup::reports(View::Mentions, article, analysis),
        daily: dedup::reports(View::Daily, article, analysis),
        ..Derived::default()
    };
    let mut candidates: BTreeMap<(String, String, Day), Vec<EventHit>> = BTreeMap::new();
    for event in &analysis.events {
        let (day, hit) = events::hit(article, analysis, event);
        let primary = events::event_key(day, &event.id);
        let source = event.source.as_ref().map_or("", |a| a.code.as_str());
        let target = event.target.as_ref().map_or("", |a| a.code.as_str());
        let codes: BTreeSet<&str> = [source, target].into_iter().filter_map(dyad_code).collect();
        let summary = summary_value(&Fields::of(event));
        derived.by_actor.extend(
            codes
                .iter()
                .map(|code| (actor_key(code, &primary), summary.clone())),
        );
        if let Some(key) = pair_key(source, target, &primary) {
            derived.by_pair.push((key, summary));
        }
        derived.events.push((primary, event_value(&hit)));
        // Negated events did not happen: they feed no counters.
        if event.negated {
            continue;
        }
        let conflict = matches!(event.quad_class, 3 | 4);
        for code in [source, target].into_iter().filter(|c| !c.is_empty()) {
            let counts = derived
                .actor_days
                .entry(actors::key(day, code))
                .or_default();
            counts.events += 1;
            counts.conflict_events += u64::from(conflict);
        }
        let (Some(a), Some(b)) = (dyad_code(source), dyad_code(target)) else {
            continue;
        };
        if a == b {
            continue;
        }
        derived
            .tension
            .entry(tension::key(a, b, day))
            .or_default()
            .add_event(event.quad_class, event.goldstein, event.tone);
        if conflict {
            let (a, b) = if a < b { (a, b) } else { (b, a) };
            candidates
                .entry((a.to_owned(), b.to_owned(), day))
                .or_default()
                .push(hit);
        }
    }
    derived.candidates = candidates
        .into_iter()
        .map(|((a, b, day), events)| Candidate { a, b, day, events })
        .collect();
    for (ordinal, hit) in quotes::hits(article, analysis, article_day)
        .iter()
        .enumerate()
    {
        derived.quotes.push((
            quotes::key(article_day, &article.id, ordinal),
            hit.encode_to_vec(),
        ));
    }
    let mut coded: BTreeSet<&str> = BTreeSet::new();
    for actor in analysis.actors.iter().filter(|a| !a.code.is_empty()) {
        let counts = derived
            .actor_days
            .entry(actors::key(article_day, &actor.code))
            .or_default();
        counts.mentions += actor.mentions.len().max(1) as u64;
        counts.name.clone_from(&actor.name);
        coded.insert(&actor.code);
    }
    let coded: Vec<&str> = coded.into_iter().take(MAX_PAIRED_ACTORS).collect();
    for (i, a) in coded.iter().enumerate() {
        for b in &coded[i + 1..] {
            derived.pairs.insert(actors::pair_key(article_day, a, b));
        }
    }
    derived
}

/// The writes that take `old` entries (those of a replaced analysis, if any) out of a packed
/// index and put `new` ones in.
fn plan_entries(
    index: &Packed,
    old: Option<&[(Vec<u8>, Vec<u8>)]>,
    new: &[(Vec<u8>, Vec<u8>)],
) -> Result<Writes, Error> {
    let mut plan = index.plan();
    for (key, _) in old.unwrap_or_default() {
        plan.remove(key)?;
    }
    for (key, value) in new {
        plan.insert(key, value)?;
    }
    Ok(plan.finish())
}

/// How `record` changes the store, given what it holds of the article.
fn change(store: &Store, record: &AnalysisRecord, article_id: &str) -> Result<Change, Error> {
    if article_id.is_empty() {
        return Ok(Change::Redelivery);
    }
    let Some(stored) = store.articles.get(article_id)? else {
        return Ok(Change::New);
    };
    let stored = ArticleView::decode(stored.as_ref())?;
    if record.revision <= stored.revision {
        return Ok(Change::Redelivery);
    }
    let article = stored.article.unwrap_or_default();
    let analysis = stored.analysis.unwrap_or_default();
    Ok(Change::Replace(Box::new(derive(&article, &analysis))))
}

/// Applies `record`, read from the analysis log at `upstream`, durably (transaction, then
/// flush) and returns the alerts it raised.
pub async fn apply(
    store: &Store,
    config: &AlertConfig,
    upstream: &str,
    record: &AnalysisRecord,
) -> Result<Vec<Alert>, Error> {
    let article = record.article.clone().unwrap_or_default();
    let analysis = record.analysis.clone().unwrap_or_default();
    let new = derive(&article, &analysis);
    let view = ArticleView {
        article: Some(article),
        analysis: Some(analysis),
        revision: record.revision,
    }
    .encode_to_vec();
    let offset_key = Store::offset_key(upstream);
    let next = (record.offset + 1).to_be_bytes();
    let _turn = store.applying.lock().await;
    // Checked and planned in this turn, outside the transaction, as packed indexes need
    // range reads; no other writer can store the article or change a run before it commits.
    let change = change(store, record, &new.article_id)?;
    let old = match &change {
        Change::Replace(old) => Some(old.as_ref()),
        Change::Redelivery | Change::New => None,
    };
    let [
        by_actor_writes,
        by_pair_writes,
        distinct_writes,
        daily_writes,
    ] = if matches!(change, Change::Redelivery) {
        Default::default()
    } else {
        [
            plan_entries(
                &store.by_actor,
                old.map(|o| o.by_actor.as_slice()),
                &new.by_actor,
            )?,
            plan_entries(
                &store.by_pair,
                old.map(|o| o.by_pair.as_slice()),
                &new.by_pair,
            )?,
            dedup::plan(
                store,
                &store.distinct,
                View::Mentions,
                old.map(|o| &o.distinct),
                &new.distinct,
                &new.outlet,
            )?,
            dedup::plan(
                store,
                &store.daily,
                View::Daily,
                old.map(|o| &o.daily),
                &new.daily,
                &new.outlet,
            )?,
        ]
    };
    let alert_head = store.alerts.head();
    let fed = (store.feed_head()? + 1).to_be_bytes();
    let trees = (
        &store.meta,
        &store.articles,
        &store.search_feed,
        &store.events,
        store.by_actor.tree(),
        store.by_pair.tree(),
        store.distinct.tree(),
        store.daily.tree(),
        &store.tension,
        &store.quotes,
        &store.actor_days,
        &store.pairs,
        store.alerts.tree(),
    );
    let raised = trees.transaction(
        |(
            meta,
            articles,
            search_feed,
            events,
            by_actor,
            by_pair,
            distinct,
            daily,
            tension_tree,
            quotes,
            actor_days,
            pairs,
            log,
        )| {
            meta.insert(offset_key.as_slice(), &next)?;
            match change {
                Change::Redelivery => return Ok(Vec::new()),
                Change::New => {
                    let records = meta
                        .get(Store::records_key())?
                        .map_or(0, |v| decode_u64(&v));
                    meta.insert(Store::records_key(), &(records + 1).to_be_bytes())?;
                }
                Change::Replace(_) => {}
            }
            search_feed.insert(&fed, new.article_id.as_bytes())?;
            articles.insert(new.article_id.as_bytes(), view.as_slice())?;
            if let Some(old) = old {
                for (key, _) in &old.events {
                    events.remove(key.as_slice())?;
                }
                for (key, delta) in &old.tension {
                    tension::remove(tension_tree, key, delta)?;
                }
                for (key, _) in &old.quotes {
                    quotes.remove(key.as_slice())?;
                }
                for (key, delta) in &old.actor_days {
                    actors::remove(actor_days, key, delta)?;
                }
                for key in &old.pairs {
                    actors::remove_pair(pairs, key)?;
                }
            }
            for (key, value) in &new.events {
                events.insert(key.as_slice(), value.as_slice())?;
            }
            by_actor_writes.apply(by_actor)?;
            by_pair_writes.apply(by_pair)?;
            distinct_writes.apply(distinct)?;
            daily_writes.apply(daily)?;
            for (key, delta) in &new.tension {
                tension::add(tension_tree, key, delta)?;
            }
            for (key, value) in &new.quotes {
                quotes.insert(key.as_slice(), value.as_slice())?;
            }
            for (key, delta) in &new.actor_days {
                actors::add(actor_days, key, delta)?;
            }
            for key in &new.pairs {
                actors::add_pair(pairs, key)?;
            }
            alerts::evaluate(tension_tree, meta, log, config, &new.candidates, alert_head)
        },
    )?;
    store.flush().await?;
    store.applied.notify_one();
    if let Some(last) = raised.last() {
        store.alerts.publish(last.offset + 1);
    }
    Ok(raised)
}

#[cfg(test)]
mod tests {
    use brink_proto::v1::{Actor, ActorRef, Event, Quote};
    use sled::IVec;

    use super::*;
    use crate::events::EventFilter;

    /// (source, target, CAMEO code, quad class).
    type Ev = (&'static str, &'static str, &'static str, i32);

    fn record(
        id: &str,
        outlet: &str,
        revision: u64,
        events: &[Ev],
        quoted: bool,
    ) -> AnalysisRecord {
        let published = brink_proto::time::parse_rfc3339("2024-03-01T12:00:00Z").expect("day");
        let side = |code: &str| {
            Some(ActorRef {
                actor_id: code.to_owned(),
                code: code.to_owned(),
                name: code.to_owned(),
                country: code[..3].to_owned(),
            })
        };
        let mut codes: Vec<&str> = events.iter().flat_map(|e| [e.0, e.1]).collect();
        codes.sort_unstable();
        codes.dedup();
        AnalysisRecord {
            offset: 0,
            article: Some(Article {
                id: id.to_owned(),
                source: outlet.to_owned(),
                published_at: Some(brink_proto::time::to_timestamp(published)),
                ..Article::default()
            }),
            analysis: Some(Analysis {
                article_id: id.to_owned(),
                events: events
                    .iter()
                    .enumerate()
                    .map(|(i, &(source, target, cameo, quad))| Event {
                        id: format!("{id}/{i}"),
                        source: side(source),
                        target: side(target),
                        cameo_code: cameo.to_owned(),
                        cameo_root: cameo[..2].to_owned(),
                        quad_class: quad,
                        goldstein: -2.0 * f64::from(quad),
                        tone: -1.0,
                        ..Event::default()
                    })
                    .collect(),
                actors: codes
                    .iter()
                    .map(|code| Actor {
                        id: (*code).to_owned(),
                        code: (*code).to_owned(),
                        name: format!("name of {code}"),
                        ..Actor::default()
                    })
                    .collect(),
                quotes: quoted
                    .then(|| Quote {
                        text: "We will respond".to_owned(),
                        speaker: side(codes[0]),
                        ..Quote::default()
                    })
                    .into_iter()
                    .collect(),
                ..Analysis::default()
            }),
            revision,
            ..AnalysisRecord::default()
        }
    }

    const X_OLD: &[Ev] = &[
        ("USAGOV", "PRKGOV", "138", 4),
        ("RUSMIL", "UKRMIL", "190", 4),
        ("USAGOV", "PRKGOV", "172", 4),
    ];
    const X_NEW: &[Ev] = &[
        ("USAGOV", "PRKGOV", "138", 4),
        ("CHNGOV", "JPNGOV", "111", 3),
    ];

    async fn applied(records: &[AnalysisRecord]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path(), 8).expect("store");
        for (offset, record) in records.iter().enumerate() {
            let record = AnalysisRecord {
                offset: offset as u64,
                ..record.clone()
            };
            apply(&store, &AlertConfig::default(), "http://analysis", &record)
                .await
                .expect("apply");
        }
        (dir, store)
    }

    /// Everything derived from the records, merged events compared by their counts and members;
    /// not the search feed, which lists a replaced article again.
    fn contents(store: &Store) -> Vec<String> {
        let mut out = Vec::new();
        let trees = [
            ("articles", &store.articles),
            ("events", &store.events),
            ("tension", &store.tension),
            ("quotes", &store.quotes),
            ("actor_days", &store.actor_days),
            ("pairs", &store.pairs),
        ];
        for (name, tree) in trees {
            let entries: Vec<(IVec, IVec)> = tree.iter().map(|e| e.expect("entry")).collect();
            out.push(format!("{name}: {entries:?}"));
        }
        for (name, index) in [("by_actor", &store.by_actor), ("by_pair", &store.by_pair)] {
            let entries: Vec<(IVec, IVec)> = index
                .range(b"", &[0xff])
                .expect("range")
                .map(|e| e.expect("entry"))
                .collect();
            out.push(format!("{name}: {entries:?}"));
        }
        let filter = EventFilter::from_proto(&Default::default()).expect("filter");
        for (name, index) in [("distinct", &store.distinct), ("daily", &store.daily)] {
            let merged = dedup::search(store, index, &filter, None, 100).expect("search");
            for mut event in merged.items {
                event.sources.sort();
                event.article_ids.sort();
                let first = event.first.take().expect("first report");
                let first = first.event.expect("event").id;
                out.push(format!("{name}: first {first} {event:?}"));
            }
        }
        out.push(format!("records: {}", store.records().expect("records")));
        out
    }

    #[tokio::test]
    async fn a_later_revision_ends_as_if_it_had_been_the_only_one() {
        let y = record("art-y", "Wire", 0, &[("USAGOV", "PRKGOV", "172", 4)], false);
        let z = record(
            "art-z",
            "Daily",
            0,
            &[("RUSMIL", "UKRMIL", "190", 4)],
            false,
        );
        let x_new = record("art-x", "Wire", 1, X_NEW, false);
        let (_fresh_dir, fresh) = applied(&[x_new.clone(), y.clone(), z.clone()]).await;
        let x_old = record("art-x", "Wire", 0, X_OLD, true);
        let (_dir, replaced) = applied(&[x_old, y, z, x_new]).await;
        assert_eq!(contents(&replaced), contents(&fresh));

        let fed = |store: &Store| -> Vec<IVec> {
            store
                .search_feed
                .iter()
                .values()
                .map(|v| v.expect("id"))
                .collect()
        };
        assert_eq!(
            fed(&fresh),
            [&b"art-x"[..], b"art-y", b"art-z"].map(IVec::from)
        );
        assert_eq!(
            fed(&replaced),
            [&b"art-x"[..], b"art-y", b"art-z", b"art-x"].map(IVec::from),
            "the replaced article is fed to the search index again"
        );

        let view = replaced.article("art-x").expect("view");
        assert_eq!(view.revision, 1);
        let events = view.analysis.expect("analysis").events;
        assert_eq!(events.len(), 2, "the new analysis, alone");
    }

    #[tokio::test]
    async fn the_same_revision_again_or_an_earlier_one_changes_nothing() {
        let x_old = record("art-x", "Wire", 0, X_OLD, true);
        let x_new = record("art-x", "Wire", 1, X_NEW, false);
        let y = record("art-y", "Wire", 0, &[("USAGOV", "PRKGOV", "172", 4)], false);
        let (_dir, once) = applied(&[x_old.clone(), y.clone()]).await;
        let (_dir2, again) = applied(&[x_old.clone(), y.clone(), x_old.clone()]).await;
        assert_eq!(contents(&again), contents(&once));
        assert_eq!(again.feed_head().expect("feed"), 2, "nothing fed again");
        assert_eq!(again.next_offset("http://analysis").expect("offset"), 3);

        let (_dir3, newer) = applied(&[x_old.clone(), y.clone(), x_new.clone()]).await;
        let (_dir4, late) = applied(&[x_old.clone(), y, x_new, x_old]).await;
        assert_eq!(contents(&late), contents(&newer));
        assert_eq!(late.feed_head().expect("feed"), 3);
    }
}
