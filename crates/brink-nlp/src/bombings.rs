//! Bombs and blasts as the doers of attacks. "A car bomb exploded near the ministry, killing
//! eight people" is a car bombing by no one the text names; "a bomb planted by rebels killed
//! two" is one by the rebels. The actor nearest the verb ("the ministry") did nothing.

use crate::actors::Cast;
use crate::clauses::{Reader, time_adverbial};
use crate::dictionary::Dictionaries;
use crate::lexicon::Lexicon;
use crate::model::ActorId;
use crate::quotes::is_speech_verb;
use crate::text::{Segment, Text, TokenKind};

/// Words before a device that still leave it the head of its phrase: "a powerful car bomb".
const MAX_MODIFIERS: usize = 3;
/// Most words a device's phrase has ("improvised explosive device").
const MAX_PHRASE: usize = 4;
/// Counts and determiners a device's phrase may open with.
const COUNTS: &[&str] = &[
    "a", "an", "the", "two", "three", "four", "five", "several", "twin", "another", "multiple",
    "second", "third",
];
/// Participles after which "by" names who set a device off: "planted by", "set off by".
const SETTERS: &[&str] = &[
    "planted",
    "set",
    "off",
    "detonated",
    "placed",
    "left",
    "thrown",
    "hurled",
    "triggered",
    "laid",
    "hidden",
    "driven",
];
/// Words that open another clause between a device and a verb: "a bomb exploded, and police
/// arrested three men" leaves the arrest to the police.
const BREAKS: &[&str] = &[
    ";", "and", "but", "while", "after", "before", "as", "when", "which", "who", "that", "where",
    "because", "since", "until",
];

/// A bombing a clause reports: its CAMEO code and whoever the text says set the device.
pub struct Bombing<'d> {
    pub code: &'d str,
    pub by: Vec<ActorId>,
}

pub struct Devices<'a> {
    pub dict: &'a Dictionaries,
    pub lexicon: &'a Lexicon,
    pub text: &'a Text<'a>,
    pub cast: &'a Cast,
    /// The dateline's tokens ("KABUL (Wire) -"): the first clause opens after them.
    pub dateline: Option<(usize, usize)>,
}

impl<'a> Devices<'a> {
    /// The longest device phrase starting at token `k`: its code and the token after it.
    fn at(&self, seg: &Segment, k: usize) -> Option<(&'a str, usize)> {
        let text = self.text;
        self.dict
            .devices
            .iter()
            .flat_map(|d| d.phrases.iter().map(move |p| (d.code.as_str(), p)))
            .filter(|(_, p)| {
                k + p.len() <= seg.end && p.iter().enumerate().all(|(i, w)| text.low(k + i) == w)
            })
            .max_by_key(|(_, p)| p.len())
            .map(|(code, p)| (code, k + p.len()))
    }

    /// Whether token `k` ends a device's name of several words ("a roadside bomb"): a noun
    /// there, not the verb "bomb".
    pub fn names_at(&self, seg: &Segment, k: usize) -> bool {
        let text = self.text;
        if !self.dict.device_ends.contains(text.low(k)) {
            return false;
        }
        // "a Hamas bomb maker": after an actor that an article opens, a device is a noun.
        let owned = self.cast.ending_at(k).is_some_and(|m| {
            m.first > seg.first && matches!(text.low(m.first - 1), "a" | "an" | "the")
        });
        owned
            || self.dict.devices.iter().flat_map(|d| &d.phrases).any(|p| {
                p.len() > 1
                    && k + 1 >= seg.first + p.len()
                    && p.iter()
                        .rev()
                        .enumerate()
                        .all(|(i, w)| text.low(k - i) == w)
            })
    }

    /// The device phrase ending before token `past` and heading its noun phrase, starting as
    /// early as it can ("car bomb", not "bomb"): its code and first token. "Bomb disposal
    /// experts": a device before another noun only modifies it.
    fn ending_at(&self, seg: &Segment, past: usize) -> Option<(&'a str, usize)> {
        let text = self.text;
        let word = text.low(past);
        let modifies = past < seg.end
            && text.tokens[past].kind == TokenKind::Word
            && !text.capitalized(past)
            && !self.lexicon.is_verb_form(word)
            && !word.ends_with("ed")
            && !BREAKS.contains(&word)
            && !crate::clauses::PREPOSITIONS.contains(&word);
        if modifies || !self.dict.device_ends.contains(text.low(past - 1)) {
            return None;
        }
        (past.saturating_sub(MAX_PHRASE).max(seg.first)..past).find_map(|k| {
            self.at(seg, k)
                .filter(|&(_, end)| end == past)
                .map(|(c, _)| (c, k))
        })
    }

    /// Whether token `k` may stand before a device in its phrase: "two", "a powerful".
    fn modifier(&self, k: usize) -> bool {
        let text = self.text;
        let word = text.low(k);
        COUNTS.contains(&word)
            || text.tokens[k].kind == TokenKind::Number
            || (text.tokens[k].kind == TokenKind::Word
                && !text.capitalized(k)
                && !self.lexicon.is_verb_form(word)
                && !crate::clauses::PREPOSITIONS.contains(&word))
    }

    /// The device phrase from token `k`, past counts and adjectives ("two powerful bombs").
    fn named_from(&self, seg: &Segment, mut k: usize) -> Option<(&'a str, usize)> {
        for _ in 0..=MAX_MODIFIERS {
            if k >= seg.end {
                return None;
            }
            if let Some((_, past)) = self.at(seg, k) {
                return self.ending_at(seg, past).map(|(code, _)| (code, past));
            }
            if !self.modifier(k) {
                return None;
            }
            k += 1;
        }
        None
    }

    /// Where a sentence's first clause opens: past the dateline and a time adverbial ("On
    /// Thursday,").
    fn opening(&self, seg: &Segment) -> usize {
        let text = self.text;
        let mut k = self
            .dateline
            .filter(|&(first, past)| seg.first <= first && past < seg.end)
            .map_or(seg.first, |(_, past)| past);
        if let Some(past) = time_adverbial(text, k)
            && past < seg.end
            && text.raw(past) == ","
        {
            k = past + 1;
        }
        k
    }

    /// The bombing a violent verb at `head` reports when the nearest device before it in its
    /// clause opens that clause ("A car bomb exploded near the ministry, killing", "after a
    /// suicide bomber killed", "An explosion at a mosque killed").
    pub fn subject(&self, seg: &Segment, head: usize) -> Option<Bombing<'a>> {
        let text = self.text;
        let opening = self.opening(seg);
        let mut found = None;
        for past in (opening + 1..=head).rev() {
            let word = text.low(past - 1);
            if BREAKS.contains(&word) || is_speech_verb(word).is_some() {
                return None;
            }
            if let Some((code, first)) = self.ending_at(seg, past) {
                found = Some((code, first, past));
                break;
            }
        }
        let (code, first, past) = found?;
        let mut k = first;
        while k > opening && first - k < MAX_MODIFIERS && self.modifier(k - 1) {
            k -= 1;
        }
        let opens = k == opening
            || BREAKS.contains(&text.low(k - 1))
            || crate::clauses::SUBORDINATORS.contains(&text.low(k - 1))
            || text.raw(k - 1) == ",";
        if !opens {
            return None;
        }
        let reader = Reader {
            text,
            cast: self.cast,
        };
        let by = (past + 1..head)
            .find(|&k| text.is(k, "by") && SETTERS.contains(&text.low(k - 1)))
            .map(|k| reader.object(seg, k + 1, 5))
            .unwrap_or_default();
        Some(Bombing { code, by })
    }

    /// The device after a passive's "by": "were killed by a roadside bomb".
    pub fn agent(&self, seg: &Segment, by: usize) -> Option<Bombing<'a>> {
        let (code, _) = self.named_from(seg, by + 1)?;
        Some(Bombing {
            code,
            by: Vec::new(),
        })
    }
}
