//! Language detection mapped to ISO 639-1, for articles submitted without a language.

/// Characters looked at; enough for a stable guess, cheap on long bodies.
const SAMPLE_CHARS: usize = 2000;

/// The ISO 639-1 code of the text's language, or `None` when it cannot be told.
pub fn detect(text: &str) -> Option<&'static str> {
    let end = text
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let info = whatlang::detect(&text[..end])?;
    iso_639_1(info.lang().code())
}

/// Maps whatlang's ISO 639-3 codes to ISO 639-1.
fn iso_639_1(code: &str) -> Option<&'static str> {
    Some(match code {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages() {
        let cases = [
            (
                "en",
                "The foreign ministers met in Geneva on Tuesday to discuss the ceasefire and the exchange of prisoners.",
            ),
            (
                "fr",
                "Les ministres des affaires étrangères se sont réunis mardi à Genève pour discuter du cessez-le-feu.",
            ),
            (
                "de",
                "Die Außenminister trafen sich am Dienstag in Genf, um über den Waffenstillstand zu beraten.",
            ),
            (
                "ru",
                "Министры иностранных дел встретились во вторник в Женеве, чтобы обсудить прекращение огня.",
            ),
            (
                "es",
                "Los ministros de asuntos exteriores se reunieron el martes en Ginebra para hablar del alto el fuego.",
            ),
        ];
        for (expected, text) in cases {
            assert_eq!(detect(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn every_detectable_language_maps_to_two_letters() {
        for lang in whatlang::Lang::all() {
            let code = iso_639_1(lang.code()).unwrap_or_else(|| panic!("{lang:?} unmapped"));
            assert!(code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()));
        }
        assert_eq!(detect("1234 5678"), None);
    }
}
