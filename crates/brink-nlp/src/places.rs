//! Places named in the text, with coordinates from the gazetteer.

use crate::actors::sentence_of;
use crate::dictionary::Dictionaries;
use crate::model::{Place, SentenceKind, Span};
use crate::phrases::{Entry, Hit};
use crate::text::Segment;

pub fn find(dict: &Dictionaries, segments: &[Segment], hits: &[Hit]) -> Vec<Place> {
    hits.iter()
        .filter_map(|hit| {
            let Entry::Place(g) = hit.find(|e| matches!(e, Entry::Place(_)))? else {
                return None;
            };
            let sentence = sentence_of(segments, hit.first);
            if segments[sentence].kind == SentenceKind::Credit {
                return None;
            }
            let g = &dict.gazetteer[g];
            Some(Place {
                name: g.name.clone(),
                country: g.country.clone(),
                kind: g.kind.clone(),
                latitude: g.latitude,
                longitude: g.longitude,
                sentence,
                span: Span::new(hit.start, hit.end),
            })
        })
        .collect()
}
