//! Whole-analyser throughput over a generated corpus of international-news articles and, when
//! `../shared/corpora` is there, over real news prose, reported in sentences per second
//! (target: 30,000 per core).

use std::hint::black_box;
use std::time::Duration;

use brink_nlp::Analyzer;
use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const SUBJECTS: &[&str] = &[
    "Russia",
    "China",
    "The United States",
    "North Korea",
    "Iran",
    "Israel",
    "Turkey",
    "Japan",
    "The European Union",
    "NATO",
    "Ukrainian President Volodymyr Zelensky",
    "Moscow",
    "Beijing",
    "The Kremlin",
    "Indian police",
    "Russian experts",
    "The U.N. Security Council",
    "Germany",
    "President Joe Biden",
    "Sergei Lavrov",
    "Pakistani troops",
    "The White House",
];
const OBJECTS: &[&str] = &[
    "Ukraine",
    "Taiwan",
    "South Korea",
    "Iraq",
    "Syria",
    "Poland",
    "Brazil",
    "Japan",
    "Canada",
    "Pyongyang",
    "Tehran",
    "the Philippines",
    "Armenia",
    "Azerbaijan",
    "Saudi Arabia",
    "Egypt",
];
const VERBS: &[&str] = &[
    "condemned",
    "threatened",
    "accused",
    "met with",
    "criticized",
    "imposed new sanctions on",
    "praised",
    "did not attack",
    "could strike",
    "warned",
    "rejected",
    "signed a trade agreement with",
    "held talks with",
    "urged",
    "flew bombers near",
    "plans to invade",
    "visited",
];
const TAILS: &[&str] = &[
    "on Tuesday, officials said.",
    "after a week of rising tensions in the region.",
    "in Geneva earlier this month.",
    "as the crisis deepened.",
    "during a summit next week, according to diplomats.",
    "over the disputed border, a statement said.",
    "in a move analysts described as \"deeply worrying.\"",
    "for the third time since July.",
];
const PLAIN: &[&str] = &[
    "The economy grew by 2.1 percent in the second quarter, the central bank said.",
    "\"We will not accept this,\" the minister told reporters in Brussels.",
    "Markets fell sharply on Monday as investors weighed the risk of escalation.",
    "Anna Berg, a senior fellow at the Nordic Institute of Foreign Affairs, said the talks were fragile.",
    "He added that the peace process could still succeed if both sides showed restraint.",
    "Thousands of protesters marched through the capital on Saturday.",
];

/// Articles of templated sentences, cycling through the lists at different strides so the
/// combinations vary.
fn corpus(articles: usize, sentences: usize) -> Vec<(String, String)> {
    let mut k = 0usize;
    (0..articles)
        .map(|a| {
            let mut body = String::new();
            for s in 0..sentences {
                k += 1;
                let sentence = if s % 3 == 2 {
                    PLAIN[k % PLAIN.len()].to_owned()
                } else {
                    format!(
                        "{} {} {} {}",
                        SUBJECTS[k % SUBJECTS.len()],
                        VERBS[(k * 7) % VERBS.len()],
                        OBJECTS[(k * 3) % OBJECTS.len()],
                        TAILS[(k * 5) % TAILS.len()]
                    )
                };
                body.push_str(&sentence);
                body.push(if s % 4 == 3 { '\n' } else { ' ' });
            }
            (format!("Tensions Rise Over Dispute {a}"), body)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let analyzer = Analyzer::load(None).expect("built-in dictionaries load");
    let published = NaiveDate::from_ymd_opt(2023, 3, 15);
    let articles = corpus(50, 20);
    let sentences: usize = articles
        .iter()
        .map(|(t, b)| analyzer.analyze(t, b, published).sentences.len())
        .sum();
    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Elements(sentences as u64));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for (title, body) in &articles {
                black_box(analyzer.analyze(black_box(title), black_box(body), published));
            }
        })
    });
    // One article at the service's default size limit (1 MiB): the analyser stays linear.
    let (title, body) = &articles[0];
    let mut long = String::with_capacity(1 << 20);
    while long.len() + body.len() < 1 << 20 {
        long.push_str(body);
        long.push('\n');
    }
    let long_sentences = analyzer.analyze(title, &long, published).sentences.len();
    group.throughput(Throughput::Elements(long_sentences as u64));
    group.bench_function("one_mebibyte_article", |b| {
        b.iter(|| black_box(analyzer.analyze(title, black_box(&long), published)))
    });
    if let Some(news) = real_news() {
        let sentences: usize = news
            .iter()
            .map(|(t, b)| analyzer.analyze(t, b, published).sentences.len())
            .sum();
        group.throughput(Throughput::Elements(sentences as u64));
        group.bench_function("real_news", |b| {
            b.iter(|| {
                for (title, body) in &news {
                    black_box(analyzer.analyze(black_box(title), black_box(body), published));
                }
            })
        });
    }
    group.finish();
}

/// The Brown Corpus press reportage beside the checkout, when present: (title, body) pairs.
fn real_news() -> Option<Vec<(String, String)>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/brown-news-1961.jsonl");
    let text = std::fs::read_to_string(path).ok()?;
    let field = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
    Some(
        text.lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .map(|v| (field(&v, "title"), field(&v, "body")))
            .collect(),
    )
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
