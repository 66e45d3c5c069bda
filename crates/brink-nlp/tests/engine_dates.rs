//! Date expressions resolved against the publication date (Friday 2017-09-01 here).

mod engine_common;

use brink_nlp::model::DateGranularity;
use engine_common::analyze;

const FRIDAY: &str = "2017-09-01";

fn dates(body: &str) -> Vec<(String, String, DateGranularity)> {
    let doc = analyze("", body, FRIDAY);
    doc.analysis
        .dates
        .iter()
        .map(|d| {
            (
                doc.slice(d.span).to_owned(),
                d.resolved.to_string(),
                d.granularity,
            )
        })
        .collect()
}

fn one(body: &str) -> (String, DateGranularity) {
    let found = dates(body);
    assert_eq!(found.len(), 1, "{body:?}: {found:?}");
    (found[0].1.clone(), found[0].2)
}

#[test]
fn weekdays_look_back_unless_the_sentence_looks_ahead() {
    assert_eq!(
        one("The talks ended on Friday."),
        ("2017-09-01".into(), DateGranularity::Day)
    );
    assert_eq!(
        one("The talks ended on Tuesday."),
        ("2017-08-29".into(), DateGranularity::Day)
    );
    assert_eq!(
        one("The envoy will arrive on Tuesday."),
        ("2017-09-05".into(), DateGranularity::Day)
    );
    assert_eq!(
        one("They meet again next Friday."),
        ("2017-09-08".into(), DateGranularity::Day)
    );
    assert_eq!(
        one("They last met last Friday."),
        ("2017-08-25".into(), DateGranularity::Day)
    );
}

#[test]
fn relative_periods() {
    assert_eq!(
        one("A summit is planned for next week."),
        ("2017-09-04".into(), DateGranularity::Week)
    );
    assert_eq!(
        one("Prices rose last month."),
        ("2017-08-01".into(), DateGranularity::Month)
    );
    assert_eq!(
        one("Bombers flew near the coast earlier this month."),
        ("2017-09-01".into(), DateGranularity::Month)
    );
    assert_eq!(
        one("Growth slowed this year."),
        ("2017-01-01".into(), DateGranularity::Year)
    );
    assert_eq!(
        one("Exports fell last year."),
        ("2016-01-01".into(), DateGranularity::Year)
    );
    assert_eq!(
        one("The minister resigned yesterday."),
        ("2017-08-31".into(), DateGranularity::Day)
    );
}

#[test]
fn months_and_explicit_dates() {
    assert_eq!(
        one("Two missiles were launched in July."),
        ("2017-07-01".into(), DateGranularity::Month)
    );
    assert_eq!(
        one("Elections took place in November."),
        ("2016-11-01".into(), DateGranularity::Month)
    );
    assert_eq!(
        one("The deal was signed on September 3, 2015."),
        ("2015-09-03".into(), DateGranularity::Day)
    );
    assert_eq!(
        one("The deal was signed on 3 Sept. 2017 in Geneva."),
        ("2017-09-03".into(), DateGranularity::Day)
    );
    assert_eq!(
        one("The report is dated 2017-08-15."),
        ("2017-08-15".into(), DateGranularity::Day)
    );
    assert_eq!(
        one("The vote came on August 5."),
        ("2017-08-05".into(), DateGranularity::Day)
    );
    assert_eq!(
        one("The crisis began in March 2014."),
        ("2014-03-01".into(), DateGranularity::Month)
    );
}

#[test]
fn words_that_only_look_like_dates() {
    for body in [
        "Protesters march on the capital.",
        "We may see more sanctions.",
        "The summit was a success.",
    ] {
        assert!(dates(body).is_empty(), "{body:?}: {:?}", dates(body));
    }
}

#[test]
fn no_publication_date_keeps_only_absolute_dates() {
    let doc = engine_common::analyzer().analyze(
        "",
        "On Friday, after the 2017-08-15 report, talks resumed.",
        None,
    );
    assert_eq!(doc.dates.len(), 1);
    assert_eq!(doc.dates[0].resolved.to_string(), "2017-08-15");
}

#[test]
fn bare_month_follows_the_tense_of_its_sentence() {
    // Published 2017-09-01: a coming event in March is next year's March.
    assert_eq!(
        one("Tensions may rise ahead of the vote in March."),
        ("2018-03-01".to_owned(), DateGranularity::Month)
    );
    assert_eq!(
        one("The summit planned for March will open in Oslo."),
        ("2018-03-01".to_owned(), DateGranularity::Month)
    );
    assert_eq!(
        one("The vote took place in March."),
        ("2017-03-01".to_owned(), DateGranularity::Month)
    );
}

#[test]
fn sentence_full_stop_is_not_part_of_a_month() {
    let found = dates("Elections were held in May. Turnout was low.");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "May");
    let found = dates("The deal was signed in Sept. 2016 in Geneva.");
    assert_eq!(found[0].0, "Sept. 2016");
}

#[test]
fn a_number_opening_the_next_sentence_is_no_day_of_the_month() {
    assert_eq!(
        dates("The siege began in March. 2 soldiers died on Friday."),
        vec![
            ("March".into(), "2017-03-01".into(), DateGranularity::Month),
            ("Friday".into(), "2017-09-01".into(), DateGranularity::Day),
        ]
    );
}
