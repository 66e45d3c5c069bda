//! Tone on GDELT's scale: the share of positive minus negative words, in percent, where each
//! lexicon word counts by the strength of its score so mild words weigh less.

use std::collections::HashMap;

use crate::model::Tone;
use crate::text::{Segment, Text, TokenKind};

/// Positive and negative weight and word count, summable across sentences.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    positive: f64,
    negative: f64,
    words: u32,
}

impl Tally {
    pub fn add(&mut self, other: Tally) {
        self.positive += other.positive;
        self.negative += other.negative;
        self.words += other.words;
    }

    pub fn tone(&self) -> Tone {
        if self.words == 0 {
            return Tone::default();
        }
        let per = 100.0 / f64::from(self.words);
        let positive = self.positive * per;
        let negative = self.negative * per;
        Tone {
            tone: positive - negative,
            positive,
            negative,
            polarity: positive + negative,
            word_count: self.words,
        }
    }
}

pub fn tally(lexicon: &HashMap<String, f32>, text: &Text, seg: &Segment) -> Tally {
    let mut t = Tally::default();
    for i in seg.first..seg.end {
        if text.tokens[i].kind == TokenKind::Punct {
            continue;
        }
        t.words += 1;
        if let Some(&score) = lexicon.get(text.low(i)) {
            if score > 0.0 {
                t.positive += f64::from(score);
            } else {
                t.negative -= f64::from(score);
            }
        }
    }
    t
}
