//! What the engine tests share: one analyser for the whole test binary and lookups by name.

#![allow(dead_code)]

use std::sync::OnceLock;

use brink_nlp::Analyzer;
use brink_nlp::model::{Analysis, Event, Quote, Span};
use chrono::NaiveDate;

pub fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| Analyzer::load(None).expect("built-in dictionaries load"))
}

/// An analysis with the document it indexes into.
pub struct Doc {
    pub text: String,
    pub analysis: Analysis,
}

pub fn analyze(title: &str, body: &str, published: &str) -> Doc {
    let date = NaiveDate::parse_from_str(published, "%Y-%m-%d").expect("test date");
    Doc {
        text: brink_nlp::model::compose(title, body),
        analysis: analyzer().analyze(title, body, Some(date)),
    }
}

impl Doc {
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// The actor with this canonical name.
    pub fn actor(&self, name: &str) -> Option<usize> {
        self.analysis.actors.iter().position(|a| a.name == name)
    }

    pub fn actor_by_code(&self, code: &str) -> Option<usize> {
        self.analysis.actors.iter().position(|a| a.code == code)
    }

    /// Fails unless some actor has each code of `present` and none has a code of `absent`.
    pub fn assert_codes(&self, present: &[&str], absent: &[&str]) {
        for code in present {
            assert!(
                self.actor_by_code(code).is_some(),
                "{code} missing from {:?}",
                self.analysis.actors
            );
        }
        for code in absent {
            assert!(
                self.actor_by_code(code).is_none(),
                "{code} found in {:?}",
                self.analysis.actors
            );
        }
    }

    pub fn code(&self, actor: Option<usize>) -> &str {
        actor.map_or("", |a| self.analysis.actors[a].code.as_str())
    }

    pub fn name(&self, actor: Option<usize>) -> &str {
        actor.map_or("", |a| self.analysis.actors[a].name.as_str())
    }

    /// Events from an actor code to an actor code ("" matches a missing target).
    pub fn events(&self, source: &str, target: &str) -> Vec<&Event> {
        self.analysis
            .events
            .iter()
            .filter(|e| self.code(e.source) == source && self.code(e.target) == target)
            .collect()
    }

    pub fn quote(&self, fragment: &str) -> &Quote {
        self.analysis
            .quotes
            .iter()
            .find(|q| q.text.contains(fragment))
            .unwrap_or_else(|| {
                panic!(
                    "no quote containing {fragment:?}: {:#?}",
                    self.analysis.quotes
                )
            })
    }

    pub fn speaker(&self, fragment: &str) -> &str {
        self.name(self.quote(fragment).speaker)
    }

    /// The CAMEO roots of the events, in order.
    pub fn roots(&self) -> Vec<&str> {
        self.analysis
            .events
            .iter()
            .map(|e| e.root.as_str())
            .collect()
    }

    /// The CAMEO codes of the events, in order.
    pub fn codes(&self) -> Vec<&str> {
        self.analysis
            .events
            .iter()
            .map(|e| e.code.as_str())
            .collect()
    }

    pub fn describe_events(&self) -> String {
        self.analysis
            .events
            .iter()
            .map(|e| {
                format!(
                    "{} {}->{} neg={} hyp={} [{}]\n",
                    e.code,
                    self.code(e.source),
                    self.code(e.target),
                    e.negated,
                    e.hypothetical,
                    self.slice(e.trigger)
                )
            })
            .collect()
    }
}
