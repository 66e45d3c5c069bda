//! Applies one analysis record: derives every index entry from it, then writes them all, the
//! raised alerts and the next offset in one transaction. A record whose article is already
//! stored only advances the offset, so re-delivery, or the same article from another analysis
//! service, changes nothing.

use std::collections::{BTreeMap, BTreeSet};

use brink_proto::v1::{Alert, AnalysisRecord, ArticleView, EventHit};
use prost::Message;
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use crate::actors::{self, ActorCounts, MAX_PAIRED_ACTORS};
use crate::alerts::{self, Candidate};
use crate::config::AlertConfig;
use crate::day::Day;
use crate::dedup::{self, Report, View};
use crate::error::Error;
use crate::events::{actor_key, event_day, event_key, event_value, pair_key, summary_value};
use crate::packed::{Packed, Writes};
use crate::quotes;
use crate::store::{Store, decode_u64};
use crate::summary::Fields;
use crate::tension::{self, Counters, dyad_code};

/// Everything one record adds to the store, computed before the transaction so a retried
/// transaction only redoes the writes.
#[derive(Default)]
struct Derived {
    article_id: String,
    view: Vec<u8>,
    events: Vec<(Vec<u8>, Vec<u8>)>,
    /// Index key → summary of the event.
    by_actor: Vec<(Vec<u8>, Vec<u8>)>,
    by_pair: Vec<(Vec<u8>, Vec<u8>)>,
    /// Merge key → (first report in this article, reports in this article).
    distinct: BTreeMap<Vec<u8>, (Report, u64)>,
    daily: BTreeMap<Vec<u8>, (Report, u64)>,
    outlet: String,
    tension: BTreeMap<Vec<u8>, Counters>,
    candidates: Vec<Candidate>,
    quotes: Vec<(Vec<u8>, Vec<u8>)>,
    actor_days: BTreeMap<Vec<u8>, ActorCounts>,
    pairs: BTreeSet<Vec<u8>>,
}

fn derive(record: &AnalysisRecord) -> Derived {
    let article = record.article.clone().unwrap_or_default();
    let analysis = record.analysis.clone().unwrap_or_default();
    let article_day = Day::of_article(&article);
    let mut derived = Derived {
        article_id: article.id.clone(),
        outlet: article.source.clone(),
        ..Derived::default()
    };
    let mut candidates: BTreeMap<(String, String, Day), Vec<EventHit>> = BTreeMap::new();
    for event in &analysis.events {
        let day = event_day(event, &article);
        let hit = EventHit {
            event: Some(event.clone()),
            article_id: article.id.clone(),
            article_title: article.title.clone(),
            article_url: article.url.clone(),
            article_source: article.source.clone(),
            date: day.format(),
        };
        let primary = event_key(day, &event.id);
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
            derived.by_pair.push((key, summary.clone()));
        }
        for (view, merged) in [
            (View::Mentions, &mut derived.distinct),
            (View::Daily, &mut derived.daily),
        ] {
            merged
                .entry(dedup::key(view, day, &hit))
                .or_insert_with(|| {
                    let report = Report {
                        primary: primary.clone(),
                        summary: summary.clone(),
                        article_id: article.id.clone(),
                    };
                    (report, 0)
                })
                .1 += 1;
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
    for (ordinal, hit) in quotes::hits(&article, &analysis, article_day)
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
    derived.view = ArticleView {
        article: Some(article),
        analysis: Some(analysis),
    }
    .encode_to_vec();
    derived
}

fn add_counts(
    tree: &TransactionalTree,
    key: &[u8],
    delta: &ActorCounts,
) -> Result<(), ConflictableTransactionError<Error>> {
    let mut counts = tree
        .get(key)?
        .map(|v| ActorCounts::decode(&v))
        .unwrap_or_default();
    counts.merge(delta);
    tree.insert(key, counts.encode())?;
    Ok(())
}

fn plan_merges(
    index: &Packed,
    entries: &BTreeMap<Vec<u8>, (Report, u64)>,
    outlet: &str,
) -> Result<Writes, Error> {
    let mut plan = index.plan();
    for (key, (report, mentions)) in entries {
        plan.update(key, |existing| {
            dedup::merge(existing, report, *mentions, outlet)
        })?;
    }
    Ok(plan.finish())
}

fn plan_inserts(index: &Packed, entries: &[(Vec<u8>, Vec<u8>)]) -> Result<Writes, Error> {
    let mut plan = index.plan();
    for (key, value) in entries {
        plan.insert(key, value)?;
    }
    Ok(plan.finish())
}

/// Applies `record`, read from the analysis log at `upstream`, durably (transaction, then
/// flush) and returns the alerts it raised.
pub async fn apply(
    store: &Store,
    config: &AlertConfig,
    upstream: &str,
    record: &AnalysisRecord,
) -> Result<Vec<Alert>, Error> {
    let derived = derive(record);
    let offset_key = Store::offset_key(upstream);
    let next = (record.offset + 1).to_be_bytes();
    let _turn = store.applying.lock().await;
    // Checked and planned in this turn, outside the transaction, as packed indexes need
    // range reads; no other writer can store the article or change a run before it commits.
    let already_stored =
        derived.article_id.is_empty() || store.articles.contains_key(&derived.article_id)?;
    let [
        by_actor_writes,
        by_pair_writes,
        distinct_writes,
        daily_writes,
    ] = if already_stored {
        Default::default()
    } else {
        [
            plan_inserts(&store.by_actor, &derived.by_actor)?,
            plan_inserts(&store.by_pair, &derived.by_pair)?,
            plan_merges(&store.distinct, &derived.distinct, &derived.outlet)?,
            plan_merges(&store.daily, &derived.daily, &derived.outlet)?,
        ]
    };
    let alert_head = store.alerts.head();
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
            if already_stored {
                return Ok(Vec::new());
            }
            articles.insert(derived.article_id.as_bytes(), derived.view.as_slice())?;
            let records = meta
                .get(Store::records_key())?
                .map_or(0, |v| decode_u64(&v));
            meta.insert(Store::records_key(), &(records + 1).to_be_bytes())?;
            search_feed.insert(&(records + 1).to_be_bytes(), derived.article_id.as_bytes())?;
            for (key, value) in &derived.events {
                events.insert(key.as_slice(), value.as_slice())?;
            }
            by_actor_writes.apply(by_actor)?;
            by_pair_writes.apply(by_pair)?;
            distinct_writes.apply(distinct)?;
            daily_writes.apply(daily)?;
            for (key, delta) in &derived.tension {
                let mut counters = tension_tree
                    .get(key)?
                    .map(|v| Counters::decode(&v))
                    .unwrap_or_default();
                counters.merge(delta);
                tension_tree.insert(key.as_slice(), counters.encode().to_vec())?;
            }
            for (key, value) in &derived.quotes {
                quotes.insert(key.as_slice(), value.as_slice())?;
            }
            for (key, delta) in &derived.actor_days {
                add_counts(actor_days, key, delta)?;
            }
            for key in &derived.pairs {
                let weight = pairs.get(key)?.map_or(0, |v| decode_u64(&v));
                pairs.insert(key.as_slice(), &(weight + 1).to_be_bytes())?;
            }
            alerts::evaluate(
                tension_tree,
                meta,
                log,
                config,
                &derived.candidates,
                alert_head,
            )
        },
    )?;
    store.flush().await?;
    store.applied.notify_one();
    if let Some(last) = raised.last() {
        store.alerts.publish(last.offset + 1);
    }
    Ok(raised)
}
