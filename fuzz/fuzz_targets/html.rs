//! Arbitrary bytes (made UTF-8) through the HTML extractor the ingest service uses: besides not
//! panicking, the text must be tidy paragraphs no longer than the page, and a page without
//! markup or entities must come back as its own text.

#![no_main]

use brink_extract::main_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = String::from_utf8_lossy(data);
    let extracted = main_text(&page);

    // Entities never decode longer than they are written, a paragraph break replaces a tag of at
    // least three bytes, and the title is either `<title>`'s text or a heading's.
    assert!(
        extracted.text.len() <= page.len(),
        "text longer than the page"
    );
    assert!(
        extracted.title.len() <= page.len(),
        "title longer than the page"
    );

    assert!(collapsed(&extracted.title), "title {:?}", extracted.title);
    if !extracted.text.is_empty() {
        for paragraph in extracted.text.split("\n\n") {
            assert!(
                !paragraph.is_empty() && collapsed(paragraph),
                "paragraph {paragraph:?}"
            );
        }
    }
    // A character reference to U+0000 reads as U+FFFD (HTML's rule): a NUL in the text must
    // have been in the page.
    if !page.contains('\0') {
        assert!(!extracted.text.contains('\0') && !extracted.title.contains('\0'));
    }
    if !page.contains(['<', '&']) {
        assert_eq!(
            extracted.text,
            page.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        assert!(extracted.title.is_empty());
    }
});

/// Single spaces between words, none at either end: what the extractor promises of each block.
fn collapsed(text: &str) -> bool {
    text.split_whitespace().collect::<Vec<_>>().join(" ") == text
}
