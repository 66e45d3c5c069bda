//! The verb dictionary: synsets (`&NAME` and `+member` lines), synonym blocks
//! (`--- NAME [code] ---`) with their verbs, and the `- … * … [code]` patterns of each block.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::text::{Lines, ends_consonant_y, is_consonant, notice, plural_phrase, words};
use super::{Codes, Item, Notice, Origin, Verb, VerbBlock, VerbDictionary, VerbPattern};

/// Reads a PETRARCH (or TABARI-style) verb dictionary. Synsets are expanded into the patterns
/// that use them; `~` transformation lines are reported and left out.
pub fn read_verbs(file: &str, text: &str, notices: &mut Vec<Notice>) -> VerbDictionary {
    let mut reader = Reader {
        file: Arc::from(file),
        notices,
        dict: VerbDictionary::default(),
        synsets: HashMap::new(),
        longest_label: 0,
        open: None,
        budget: text.len().saturating_mul(64).saturating_add(1 << 20),
    };
    let mut lines = Lines::new(text);
    for line in lines.by_ref() {
        reader.line(line.number, line.text.trim());
    }
    reader.close_synset();
    lines.finish(&reader.file, reader.notices);
    reader.dict
}

/// A synset whose `+member` lines are being read.
struct OpenSynset {
    /// `None` when the label was bad: the members are read and dropped.
    key: Option<String>,
    plurals: bool,
    members: Vec<Vec<String>>,
    seen: HashSet<Vec<String>>,
}

impl OpenSynset {
    fn add(&mut self, member: Vec<String>) {
        if !member.is_empty() && self.seen.insert(member.clone()) {
            self.members.push(member);
        }
    }
}

struct Reader<'n> {
    file: Arc<str>,
    notices: &'n mut Vec<Notice>,
    dict: VerbDictionary,
    /// Members by label: uppercase, without `&` or a trailing `_`.
    synsets: HashMap<String, Vec<Vec<String>>>,
    /// The most `_`-separated parts of any label, so `&LABEL_WORD` is split in bounded time.
    longest_label: usize,
    open: Option<OpenSynset>,
    /// Words that may still be copied out of synsets (into patterns and other synsets), in
    /// proportion to the input, so nested or much-used synsets cannot blow the output up.
    budget: usize,
}

impl Reader<'_> {
    fn notice(&mut self, line: usize, problem: impl Into<String>) {
        notice(self.notices, &self.file, line, problem);
    }

    fn origin(&self, line: usize) -> Origin {
        Origin {
            file: self.file.clone(),
            line,
        }
    }

    fn line(&mut self, n: usize, t: &str) {
        if let Some(member) = t.strip_prefix('+')
            && self.open.is_some()
        {
            return self.member(n, member.trim());
        }
        self.close_synset();
        if let Some(label) = t.strip_prefix('&') {
            self.open_synset(n, label);
        } else if let Some(header) = t.strip_prefix("---") {
            self.block(n, header);
        } else if let Some(pattern) = t.strip_prefix('-') {
            let Some(block) = self.dict.blocks.len().checked_sub(1) else {
                return self.notice(n, "pattern before the first '--- NAME [code] ---' block");
            };
            match self.pattern(n, block, pattern) {
                Ok(pattern) => self.dict.patterns.push(pattern),
                Err(problem) => self.notice(n, format!("{problem}; pattern skipped")),
            }
        } else if t.starts_with('~') {
            self.notice(
                n,
                "verb transformations ('~' lines) are not supported; line ignored",
            );
        } else {
            let Some(block) = self.dict.blocks.len().checked_sub(1) else {
                return self.notice(n, "verb before the first '--- NAME [code] ---' block");
            };
            match self.verb(n, block, t) {
                Ok(verbs) => self.dict.verbs.extend(verbs),
                Err(problem) => self.notice(n, format!("{problem}; verb skipped")),
            }
        }
    }

    // ---- synsets ----

    fn open_synset(&mut self, n: usize, label: &str) {
        let label = label.trim();
        let mut key = None;
        if label.is_empty() || label.contains(char::is_whitespace) || label.contains('&') {
            self.notice(
                n,
                format!("bad synset label &{label:?}; its members are ignored"),
            );
        } else {
            let name = label.trim_end_matches('_').to_uppercase();
            if self.synsets.contains_key(&name) {
                self.notice(
                    n,
                    format!("synset &{name} defined again; the new members replace it"),
                );
            }
            key = Some(name);
        }
        self.open = Some(OpenSynset {
            key,
            plurals: !label.ends_with('_'),
            members: Vec::new(),
            seen: HashSet::new(),
        });
    }

    fn member(&mut self, n: usize, member: &str) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if let Some(label) = member.strip_prefix('&') {
            let key = label.trim_end_matches('_').to_uppercase();
            let problem = match self.synsets.get(&key) {
                Some(_) if label.contains(char::is_whitespace) => {
                    format!("synset member +&{label} mixes a synset with words")
                }
                Some(members) if !spend(&mut self.budget, members) => {
                    format!("synset &{key} makes the dictionary too large")
                }
                Some(members) => {
                    for m in members {
                        open.add(m.clone());
                    }
                    return;
                }
                None => format!("synset &{key} is not defined above"),
            };
            return self.notice(n, format!("{problem}; member skipped"));
        }
        if member.contains(['&', '*', '$', '%', '^', '+', '[', ']', '{', '}', '(', ')']) {
            return self.notice(
                n,
                format!("synset member {member:?} is not plain words; member skipped"),
            );
        }
        let words = words(member);
        if words.is_empty() {
            return self.notice(n, "empty synset member");
        }
        let plural = (open.plurals && !member.ends_with('_'))
            .then(|| plural_phrase(&words))
            .flatten();
        open.add(words);
        open.add(plural.unwrap_or_default());
    }

    fn close_synset(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        if let Some(key) = open.key {
            self.longest_label = self.longest_label.max(key.split('_').count());
            self.synsets.insert(key, open.members);
        }
    }

    // ---- blocks ----

    fn block(&mut self, n: usize, header: &str) {
        let header = header.trim();
        let header = header.strip_suffix("---").unwrap_or(header);
        let (name, mut groups) = header.split_at(header.find('[').unwrap_or(header.len()));
        let mut codes = Codes::default();
        let mut first = true;
        loop {
            // `---  DISGRACE   [110]---  ---` in CAMEO: dashes after the code are the frame.
            groups = groups.trim().trim_matches('-').trim();
            if groups.is_empty() {
                break;
            }
            let group = groups
                .strip_prefix('[')
                .and_then(|g| g.find(']').map(|end| (&g[..end], &g[end + 1..])));
            let Some((inner, rest)) = group else {
                self.notice(n, format!("block header text {groups:?} ignored"));
                break;
            };
            groups = rest;
            if !first {
                self.notice(n, format!("second block code [{inner}] ignored"));
                continue;
            }
            first = false;
            match parse_codes(inner) {
                Ok(c) => codes = c,
                Err(problem) => self.notice(n, format!("{problem}; the block has the null code")),
            }
        }
        let origin = self.origin(n);
        self.dict.blocks.push(VerbBlock {
            name: name.trim().to_string(),
            codes,
            origin,
        });
    }

    // ---- verbs ----

    /// `VERB`, `+HEAD_WORD`, `WORD_+HEAD`, each with optional `{FORMS}` and `[CODE]`.
    fn verb(&mut self, n: usize, block: usize, line: &str) -> Result<Vec<Verb>, String> {
        let (main, group) = line.split_at(line.find('[').unwrap_or(line.len()));
        let codes = match group {
            "" => None,
            group => {
                let end = group.find(']').ok_or("'[' without ']'")?;
                if !group[end + 1..].trim().is_empty() {
                    return Err(format!("text after the code in {line:?}"));
                }
                Some(parse_codes(&group[1..end])?)
            }
        };
        let (head, listed) = match main.find('{') {
            Some(open) => {
                let close = main[open..].find('}').ok_or("'{' without '}'")? + open;
                if !main[close + 1..].trim().is_empty() {
                    return Err(format!("text after the '{{…}}' forms in {line:?}"));
                }
                (&main[..open], Some(&main[open + 1..close]))
            }
            None if main.contains('}') => return Err(format!("stray '}}' in {line:?}")),
            None => (main, None),
        };
        let head = head.trim();
        if head.contains(char::is_whitespace) {
            return Err(format!(
                "{head:?} has several words: join them with '_' and mark the verb with '+'"
            ));
        }
        let (before, lemma, after) = split_verb(head)?;
        let Some(listed) = listed else {
            let forms = regular_forms(&lemma);
            return Ok(vec![self.make_verb(n, block, forms, before, after, codes)]);
        };
        // Forms are grouped by the words around them: `+WIRE_TAP {+WIRE_TAPS …}` (CAMEO) marks
        // "wire" as the verb, so each form is "wire" followed by another word.
        let mut groups = vec![(before, after, vec![lemma])];
        for form in listed.split(|c: char| c.is_whitespace() || c == ',') {
            if form.is_empty() {
                continue;
            }
            match split_verb(form) {
                // A lone word is a form of the verb, whatever stands around it.
                Ok((_, word, _)) if !form.contains('_') => groups[0].2.push(word),
                Ok((b, word, a)) => match groups.iter_mut().find(|g| g.0 == b && g.1 == a) {
                    Some(group) => group.2.push(word),
                    None => groups.push((b, a, vec![word])),
                },
                Err(problem) => self.notice(n, format!("{problem}; form skipped")),
            }
        }
        Ok(groups
            .into_iter()
            .map(|(b, a, forms)| self.make_verb(n, block, forms, b, a, codes.clone()))
            .collect())
    }

    fn make_verb(
        &self,
        n: usize,
        block: usize,
        mut forms: Vec<String>,
        before: Vec<String>,
        after: Vec<String>,
        codes: Option<Codes>,
    ) -> Verb {
        let mut seen = HashSet::new();
        forms.retain(|f| seen.insert(f.clone()));
        Verb {
            block,
            forms,
            before,
            after,
            codes,
            origin: self.origin(n),
        }
    }

    // ---- patterns ----

    /// `PRE WORDS * POST WORDS [CODE]` (after the leading `-`).
    fn pattern(&mut self, n: usize, block: usize, line: &str) -> Result<VerbPattern, String> {
        let open = line.rfind('[').ok_or("no [code]")?;
        let end = line[open..].find(']').ok_or("'[' without ']'")? + open;
        if !line[end + 1..].trim().is_empty() {
            return Err(format!("text after the code {:?}", line[end + 1..].trim()));
        }
        let codes = parse_codes(&line[open + 1..end])?;
        let body = &line[..open];
        if body.contains(['[', ']']) {
            return Err("several [codes]".to_string());
        }

        let mut items = Vec::new();
        let mut joined = Vec::new();
        // Open `(` and `{`: a `{noun phrase}` may stand inside a `(prepositional phrase)`.
        let mut groups: Vec<char> = Vec::new();
        let mut verbs = 0;
        for token in body.split_whitespace() {
            let mut core = token;
            while let Some(c) = core.chars().next().filter(|c| matches!(c, '(' | '{')) {
                if groups.contains(&c) || (c == '(' && !groups.is_empty()) {
                    return Err(format!("nested brackets at {token:?}"));
                }
                groups.push(c);
                core = &core[1..];
            }
            let words_end = core.trim_end_matches([')', '}']).len();
            let closers = &core[words_end..];
            core = &core[..words_end];
            if core.contains(['(', ')', '{', '}']) {
                return Err(format!("misplaced bracket in {token:?}"));
            }
            let pieces: Vec<&str> = core.split('_').collect();
            let mut in_token = false;
            let mut i = 0;
            while i < pieces.len() {
                let piece = pieces[i];
                let mut used = 1;
                let item = match piece {
                    "" => {
                        i += 1;
                        continue;
                    }
                    "*" if !groups.is_empty() => {
                        return Err("the verb '*' inside ( ) or { }".to_string());
                    }
                    "*" => {
                        verbs += 1;
                        Item::Verb
                    }
                    "$" => Item::Source,
                    "+" => Item::Target,
                    "%" => Item::Compound,
                    "^" => Item::Skip,
                    _ if piece.contains('*') => return Err(format!("unknown token {piece:?}")),
                    _ if piece.starts_with('&') => {
                        let (members, n) = self.synset(&pieces[i..])?;
                        used = n;
                        Item::Words(members)
                    }
                    _ => Item::Words(vec![vec![piece.to_lowercase()]]),
                };
                if !items.is_empty() {
                    joined.push(in_token);
                }
                items.push(item);
                in_token = true;
                i += used;
            }
            for c in closers.chars() {
                let opener = if c == ')' { '(' } else { '{' };
                if groups.pop() != Some(opener) {
                    return Err(format!("unmatched '{c}' at {token:?}"));
                }
            }
        }
        if !groups.is_empty() {
            return Err("unclosed '(' or '{'".to_string());
        }
        match verbs {
            0 => Err("no '*' for the verb".to_string()),
            1 => Ok(VerbPattern {
                block,
                items,
                joined,
                codes,
                origin: self.origin(n),
            }),
            _ => Err("several '*'".to_string()),
        }
    }

    /// The synset named by the longest run of `pieces` (`&TIE_TYPES_RELATIONS` may be synset
    /// `TIE_TYPES` joined to "relations"), and how many pieces it took.
    fn synset(&mut self, pieces: &[&str]) -> Result<(Vec<Vec<String>>, usize), String> {
        let first = pieces.first().map_or("", |p| p.trim_start_matches('&'));
        let mut label = first.to_uppercase();
        let mut labels = vec![label.clone()];
        for piece in pieces.iter().take(self.longest_label).skip(1) {
            label.push('_');
            label.push_str(&piece.to_uppercase());
            labels.push(label.clone());
        }
        for (taken, label) in labels.iter().enumerate().rev() {
            if let Some(members) = self.synsets.get(label.trim_end_matches('_')) {
                if members.is_empty() {
                    return Err(format!("synset &{label} has no members"));
                }
                if !spend(&mut self.budget, members) {
                    return Err(format!("synset &{label} makes the dictionary too large"));
                }
                return Ok((members.clone(), taken + 1));
            }
        }
        Err(format!("synset &{first} is not defined above"))
    }
}

/// Takes the words of `members` from `budget`; `false` (and nothing taken) when too few are left.
fn spend(budget: &mut usize, members: &[Vec<String>]) -> bool {
    let cost = members.iter().map(|m| m.len()).sum::<usize>();
    match budget.checked_sub(cost) {
        Some(left) => {
            *budget = left;
            true
        }
        None => false,
    }
}

/// `[CODE]`, `[CODE:PAIRED]`, `[:PAIRED]`, with `---` (or nothing) for the null code.
fn parse_codes(inner: &str) -> Result<Codes, String> {
    fn one(code: &str) -> Result<Option<String>, String> {
        let code = code.trim();
        if code.is_empty() || code == "---" {
            Ok(None)
        } else if code.chars().all(|c| c.is_ascii_alphanumeric()) {
            Ok(Some(code.to_string()))
        } else {
            Err(format!("invalid event code {code:?}"))
        }
    }
    let inner = inner.trim();
    if inner.is_empty() {
        return Err("empty [] code".to_string());
    }
    let (code, paired) = match inner.split_once(':') {
        Some((code, paired)) => (code, Some(paired)),
        None => (inner, None),
    };
    if paired.is_some_and(|p| p.contains(':')) {
        return Err(format!("invalid event code {inner:?}"));
    }
    Ok(Codes {
        code: one(code)?,
        paired: paired.map(one).transpose()?.flatten(),
    })
}

/// `WORD`, `+HEAD_AFTER…` or `BEFORE…_+HEAD(_AFTER…)`: the words before the verb, the verb,
/// the words after it, all lowercase.
fn split_verb(phrase: &str) -> Result<(Vec<String>, String, Vec<String>), String> {
    let pieces: Vec<&str> = phrase.split('_').filter(|p| !p.is_empty()).collect();
    let marked: Vec<usize> = (0..pieces.len())
        .filter(|&i| pieces[i].starts_with('+'))
        .collect();
    let head = match (marked.as_slice(), pieces.len()) {
        ([], 1) => 0,
        ([], 0) => return Err("no verb".to_string()),
        ([], _) => return Err(format!("multi-word verb {phrase:?} has no '+' on its verb")),
        ([head], _) => *head,
        _ => return Err(format!("several '+' in {phrase:?}")),
    };
    let lower = |p: &[&str]| p.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>();
    let verb = pieces[head][1.min(marked.len())..].to_lowercase();
    if verb.is_empty() || verb.contains(['+', '*', '&', '$', '%', '^']) {
        return Err(format!("bad verb in {phrase:?}"));
    }
    Ok((lower(&pieces[..head]), verb, lower(&pieces[head + 1..])))
}

/// Does the final consonant double before `-ed`/`-ing`?
#[derive(PartialEq)]
enum Doubling {
    No,
    Yes,
    /// Unsure (stress unknown, or British `-ll-`): make both forms.
    Both,
}

fn doubling(w: &str) -> Doubling {
    let c: Vec<char> = w.chars().collect();
    let &[.., before, vowel, last] = c.as_slice() else {
        return Doubling::No;
    };
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    // "qu" counts as a consonant: quit → quitting.
    let before_consonant =
        is_consonant(before) || (before == 'u' && c.len() >= 4 && c[c.len() - 4] == 'q');
    if !is_consonant(last) || matches!(last, 'w' | 'x' | 'y') || !is_vowel(vowel) {
        return Doubling::No;
    }
    if !before_consonant {
        return Doubling::No;
    }
    let mut syllables = 0;
    let mut previous_vowel = false;
    for (i, &ch) in c.iter().enumerate() {
        let v = is_vowel(ch) && !(ch == 'u' && i > 0 && c[i - 1] == 'q');
        if v && !previous_vowel {
            syllables += 1;
        }
        previous_vowel = v;
    }
    // Endings of common verbs stressed on the last syllable (admit, refer, occur, regret).
    const STRESSED: [&str; 7] = ["mit", "fer", "cur", "gret", "quip", "drop", "set"];
    if syllables <= 1 {
        Doubling::Yes
    } else if last == 'l' || (STRESSED.iter().any(|e| w.ends_with(e)) && !w.ends_with("ffer")) {
        Doubling::Both
    } else {
        Doubling::No
    }
}

/// The British spellings of a verb's American forms, which news outside the US writes:
/// `-ise` for `-ize` ("mobilised"), and a final `l` doubled after a single vowel
/// ("cancelled", "refuelling", "fuelled"; not "appealed", "sailed").
pub(crate) fn british_forms(lemma: &str, forms: &[String]) -> Vec<String> {
    let doubles = match lemma.chars().rev().take(3).collect::<Vec<_>>()[..] {
        ['l', vowel, before] => {
            matches!(vowel, 'a' | 'e' | 'i' | 'o' | 'u')
                && (is_consonant(before) || (before, vowel) == ('u', 'e'))
        }
        _ => false,
    };
    let doubled = ["ed", "ing"]
        .into_iter()
        .filter(|_| doubles)
        .map(|ending| format!("{lemma}l{ending}"));
    forms
        .iter()
        .filter_map(|f| british_spelling(f))
        .chain(doubled)
        .filter(|f| !forms.contains(f))
        .collect()
}

/// The British spelling of an American `-ize`/`-yze` form ("mobilized" → "mobilised",
/// "paralyzing" → "paralysing").
fn british_spelling(form: &str) -> Option<String> {
    [
        "ize", "izes", "ized", "izing", "yze", "yzes", "yzed", "yzing",
    ]
    .iter()
    .find(|ending| form.ends_with(*ending) && form.len() > ending.len() + 1)
    .map(|ending| {
        let stem = &form[..form.len() - ending.len()];
        let british = ending.replacen('z', "s", 1);
        format!("{stem}{british}")
    })
}

/// The lemma and its regular forms: third person `-s`, past `-ed`, participle `-ing`.
pub(crate) fn regular_forms(lemma: &str) -> Vec<String> {
    let w = lemma;
    let mut forms = vec![w.to_string()];
    let stem = |n: usize| &w[..w.len() - n];
    let ends_consonant_o = {
        let mut rev = w.chars().rev();
        rev.next() == Some('o') && rev.next().is_some_and(is_consonant)
    };
    forms.push(
        if ["s", "x", "z", "ch", "sh"].iter().any(|e| w.ends_with(e)) || ends_consonant_o {
            format!("{w}es")
        } else if ends_consonant_y(w) {
            format!("{}ies", stem(1))
        } else {
            format!("{w}s")
        },
    );
    let last = w.chars().last().unwrap_or(' ');
    let double = doubling(w);
    let many = w.chars().count() > 2;
    if w.ends_with('e') {
        forms.push(format!("{w}d"));
    } else if ends_consonant_y(w) {
        forms.push(format!("{}ied", stem(1)));
    } else if w.ends_with("ic") && many {
        forms.push(format!("{w}ked"));
    } else {
        if double != Doubling::Yes {
            forms.push(format!("{w}ed"));
        }
        if double != Doubling::No {
            forms.push(format!("{w}{last}ed"));
        }
    }
    if w.ends_with("ie") && many {
        forms.push(format!("{}ying", stem(2)));
    } else if ["ee", "ye", "oe"].iter().any(|e| w.ends_with(e)) || !many {
        forms.push(format!("{w}ing"));
    } else if w.ends_with('e') {
        forms.push(format!("{}ing", stem(1)));
    } else if w.ends_with("ic") {
        forms.push(format!("{w}king"));
    } else {
        if double != Doubling::Yes {
            forms.push(format!("{w}ing"));
        }
        if double != Doubling::No {
            forms.push(format!("{w}{last}ing"));
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::petrarch::shared_dictionary as real;

    #[test]
    fn british_spelling_of_ize_and_yze_forms() {
        assert_eq!(british_spelling("mobilized").as_deref(), Some("mobilised"));
        assert_eq!(
            british_spelling("paralyzing").as_deref(),
            Some("paralysing")
        );
        assert_eq!(
            british_spelling("criticizes").as_deref(),
            Some("criticises")
        );
        assert_eq!(british_spelling("attacked"), None);
        assert_eq!(british_spelling("ize"), None);
    }

    #[test]
    fn british_forms_double_a_final_l_after_one_vowel() {
        // A dictionary's American forms ("REFUEL {REFUELS REFUELED REFUELING}").
        let american = ["refuel", "refuels", "refueled", "refueling"].map(String::from);
        assert_eq!(
            british_forms("refuel", &american),
            ["refuelled", "refuelling"]
        );
        let forms = |lemma: &str| british_forms(lemma, &regular_forms(lemma));
        assert_eq!(forms("fuel"), ["fuelled", "fuelling"]);
        // Forms the regular rules already double are not repeated.
        assert!(forms("cancel").is_empty(), "{:?}", forms("cancel"));
        assert!(forms("appeal").is_empty());
        assert!(forms("file").is_empty());
        assert!(forms("expel").is_empty(), "{:?}", forms("expel"));
        assert_eq!(
            forms("mobilize"),
            ["mobilise", "mobilises", "mobilised", "mobilising"]
        );
    }

    fn read(text: &str) -> (VerbDictionary, Vec<Notice>) {
        let mut notices = Vec::new();
        let dict = read_verbs("test.verbs.txt", text, &mut notices);
        (dict, notices)
    }

    fn w(word: &str) -> Item {
        Item::Words(vec![vec![word.to_string()]])
    }

    fn alts(alternatives: &[&str]) -> Item {
        Item::Words(
            alternatives
                .iter()
                .map(|a| a.split(' ').map(str::to_string).collect())
                .collect(),
        )
    }

    fn codes(code: Option<&str>, paired: Option<&str>) -> Codes {
        Codes {
            code: code.map(str::to_string),
            paired: paired.map(str::to_string),
        }
    }

    #[test]
    fn regular_verb_forms() {
        let cases: [(&str, &[&str]); 16] = [
            ("accuse", &["accuse", "accuses", "accused", "accusing"]),
            ("rally", &["rally", "rallies", "rallied", "rallying"]),
            ("stop", &["stop", "stops", "stopped", "stopping"]),
            ("ban", &["ban", "bans", "banned", "banning"]),
            ("quit", &["quit", "quits", "quitted", "quitting"]),
            ("veto", &["veto", "vetoes", "vetoed", "vetoing"]),
            ("push", &["push", "pushes", "pushed", "pushing"]),
            ("obey", &["obey", "obeys", "obeyed", "obeying"]),
            ("agree", &["agree", "agrees", "agreed", "agreeing"]),
            ("tie", &["tie", "ties", "tied", "tying"]),
            ("visit", &["visit", "visits", "visited", "visiting"]),
            ("fix", &["fix", "fixes", "fixed", "fixing"]),
            ("mimic", &["mimic", "mimics", "mimicked", "mimicking"]),
            (
                "cancel",
                &[
                    "cancel",
                    "cancels",
                    "canceled",
                    "cancelled",
                    "canceling",
                    "cancelling",
                ],
            ),
            (
                "admit",
                &[
                    "admit",
                    "admits",
                    "admited",
                    "admitted",
                    "admiting",
                    "admitting",
                ],
            ),
            ("rain", &["rain", "rains", "rained", "raining"]),
        ];
        for (lemma, forms) in cases {
            assert_eq!(regular_forms(lemma), forms, "{lemma}");
        }
        for odd in ["", "a", "e", "ie", "y", "é", "éé", "ñic", "+"] {
            let _ = regular_forms(odd);
        }
    }

    #[test]
    fn blocks_verbs_and_codes() {
        let (d, n) = read(
            "####### VERBS #######\n---  PARLEY   [---]  ---\nPARLEY\nNEGOTIATE [031]\n\
             CONFER {CONFERS CONFERRED CONFERRING} # comment\nHAGGLE {} [---]\n\
             ---  ACCOST [172:173]---  ---\nACCOST\nSEEK {SOUGHT , SEEKING};tabari\n\
             --- NAMELESS ---\nMUTTER\n",
        );
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(d.blocks.len(), 3);
        assert_eq!(d.blocks[0].name, "PARLEY");
        assert_eq!(d.blocks[0].codes, codes(None, None));
        assert_eq!(d.blocks[0].origin.line, 2);
        assert_eq!(d.blocks[1].codes, codes(Some("172"), Some("173")));
        assert_eq!(d.blocks[2].name, "NAMELESS");
        assert_eq!(d.blocks[2].codes, codes(None, None));
        assert_eq!(d.verbs.len(), 7);
        let v = &d.verbs;
        assert_eq!(v[0].forms, ["parley", "parleys", "parleyed", "parleying"]);
        assert_eq!(v[0].codes, None);
        assert_eq!(v[0].block, 0);
        assert_eq!(v[0].origin.line, 3);
        assert_eq!(v[1].codes, Some(codes(Some("031"), None)));
        assert_eq!(v[2].forms, ["confer", "confers", "conferred", "conferring"]);
        assert_eq!(v[3].forms, ["haggle"]);
        assert_eq!(v[3].codes, Some(codes(None, None)));
        assert_eq!(v[4].block, 1);
        assert_eq!(v[5].forms, ["seek", "sought", "seeking"]);
        assert_eq!(v[6].block, 2);
        assert!(v.iter().all(|v| v.before.is_empty() && v.after.is_empty()));
    }

    #[test]
    fn multi_word_verbs() {
        let (d, n) = read(
            "--- SEAL [---] ---\n+FENCE_OFF\n+HEM_IN {+HEMS_IN +HEMMED_IN +HEMMING_IN} [172]\n\
             DOUBLE_+CROSS {DOUBLE_+CROSSES, DOUBLE_+CROSSED DOUBLE_+CROSSING}\n\
             RE_+SEAL_UP_\n+CLOSE_IN {+CLOSED_OUT CLOSING}\n",
        );
        assert!(n.is_empty(), "{n:?}");
        let v = &d.verbs;
        assert_eq!(v.len(), 6);
        assert_eq!(v[0].forms, ["fence", "fences", "fenced", "fencing"]);
        assert_eq!(
            (v[0].before.len(), v[0].after.as_slice()),
            (0, &["off".to_string()][..])
        );
        assert_eq!(v[1].forms, ["hem", "hems", "hemmed", "hemming"]);
        assert_eq!(v[1].after, ["in"]);
        assert_eq!(v[1].codes, Some(codes(Some("172"), None)));
        assert_eq!(v[2].forms, ["cross", "crosses", "crossed", "crossing"]);
        assert_eq!(v[2].before, ["double"]);
        assert!(v[2].after.is_empty());
        assert_eq!(v[3].before, ["re"]);
        assert_eq!(v[3].forms[0], "seal");
        assert_eq!(v[3].after, ["up"]);
        // Forms with other words around the verb make verbs of their own.
        assert_eq!(v[4].forms, ["close", "closing"]);
        assert_eq!(v[4].after, ["in"]);
        assert_eq!(v[5].forms, ["closed"]);
        assert_eq!(v[5].after, ["out"]);
        assert_eq!((v[4].origin.line, v[5].origin.line), (6, 6));
    }

    #[test]
    fn synsets_with_plurals_and_nesting() {
        let (d, n) = read(
            "&ARMY\n+BATTALION\n+MILITIA\n+ARMORED_DIVISION\n+INFANTRY_\n+CORPS_\n\n\
             &MOVES_\n+MARCH\n+ADVANCE FAST\n&FORCE\n+&ARMY\n+POLICE_\n+&MOVES\n\
             --- DEPLOY [---] ---\nDEPLOY\n- * &ARMY [182]\n- * &FORCE [183]\n",
        );
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(d.patterns.len(), 2);
        let army = alts(&[
            "battalion",
            "battalions",
            "militia",
            "militias",
            "armored division",
            "armored divisions",
            "infantry",
            "corps",
        ]);
        assert_eq!(d.patterns[0].items, [Item::Verb, army.clone()]);
        let Item::Words(army) = army else {
            unreachable!()
        };
        let mut force = army;
        force.extend([vec!["police".to_string()]]);
        force.extend([vec!["march".into()], vec!["advance".into(), "fast".into()]]);
        assert_eq!(d.patterns[1].items, [Item::Verb, Item::Words(force)]);
    }

    #[test]
    fn pattern_tokens_and_joins() {
        let (d, n) = read(
            "&TIE\n+TRADE\n&TIE_BREAK_\n+DRAW\n--- MEET [040] ---\nMEET\n\
             - $ * + (IN ^) [043] # talks\n- % * {PEACE TALKS} (WITH {RIVAL &TIE}) [044:044]\n\
             - FAILED_TO_* [---]\n- IN_AND_*_OUT_AGAIN NOW [:046]\n- SUGGESTED_+ * [045]\n\
             - KNOWN_ * IN_ $ [046]\n- * NEW_&TIE_LINKS [047]\n- * &TIE_BREAK [048]\n\
             - * {AIR_STRIKE} (TO) [049]\n",
        );
        assert!(n.is_empty(), "{n:?}");
        let p = &d.patterns;
        assert_eq!(p.len(), 9);
        assert!(
            p.iter()
                .all(|p| p.block == 0 && p.joined.len() + 1 == p.items.len())
        );
        let tie = alts(&["trade", "trades"]);

        assert_eq!(
            p[0].items,
            [Item::Source, Item::Verb, Item::Target, w("in"), Item::Skip]
        );
        assert_eq!(p[0].joined, [false; 4]);
        assert_eq!(p[0].codes, codes(Some("043"), None));
        assert_eq!(p[0].origin.line, 7);

        assert_eq!(
            p[1].items,
            [
                Item::Compound,
                Item::Verb,
                w("peace"),
                w("talks"),
                w("with"),
                w("rival"),
                tie.clone()
            ]
        );
        assert_eq!(p[1].codes, codes(Some("044"), Some("044")));

        assert_eq!(p[2].items, [w("failed"), w("to"), Item::Verb]);
        assert_eq!(p[2].joined, [true, true]);
        assert_eq!(p[2].codes, codes(None, None));

        assert_eq!(
            p[3].items,
            [
                w("in"),
                w("and"),
                Item::Verb,
                w("out"),
                w("again"),
                w("now")
            ]
        );
        assert_eq!(p[3].joined, [true, true, true, true, false]);
        assert_eq!(p[3].codes, codes(None, Some("046")));

        assert_eq!(p[4].items, [w("suggested"), Item::Target, Item::Verb]);
        assert_eq!(p[4].joined, [true, false]);

        // A trailing `_` marks an exact word; it joins nothing across the blank.
        assert_eq!(p[5].items, [w("known"), Item::Verb, w("in"), Item::Source]);
        assert_eq!(p[5].joined, [false, false, false]);

        // `&TIE_LINKS`: no synset of that name, so synset TIE joined to "links".
        assert_eq!(p[6].items, [Item::Verb, w("new"), tie, w("links")]);
        assert_eq!(p[6].joined, [false, true, true]);

        // The longest label wins.
        assert_eq!(p[7].items, [Item::Verb, alts(&["draw"])]);

        assert_eq!(p[8].items, [Item::Verb, w("air"), w("strike"), w("to")]);
        assert_eq!(p[8].joined, [false, true, false]);
    }

    #[test]
    fn problems_are_noticed() {
        let text = "PREFACE\n- * EARLY [010]\n&EMPTY\n--- TALK [010] [020] ---\nTALK\n\
                    - * &UNKNOWN [011]\n- * NOTHING\n- NO VERB [012]\n- * * [013]\n\
                    - * (OPEN [014]\n- * CLOSE) [015]\n- * {(X)} [016]\n- * [01!]\n\
                    ~ a (a b SAY) TALK = a b 010\n- * X [017] Y\nLASH OUT\nSPEAK_UP\n\
                    +A_+B\nCHAT {CHATS\n--- BAD [+++] ---\nBAD\n- * &EMPTY [018]\n\
                    - * ( * ) [019]\n- * {A (B)} [020]\n- * [A:B:C]\n- * [ ]\n- (*) [021]\n";
        let (d, n) = read(text);
        let lines: Vec<usize> = n.iter().map(|n| n.origin.line).collect();
        assert_eq!(
            lines,
            (1..=27)
                .filter(|l| ![3, 5, 21].contains(l))
                .collect::<Vec<_>>(),
            "{n:#?}"
        );
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.blocks[0].codes, codes(Some("010"), None));
        assert_eq!(d.blocks[1].codes, codes(None, None));
        assert_eq!(d.verbs.len(), 2);
        assert!(d.patterns.is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "-",
            "---",
            "--- [",
            "--- ]",
            "&",
            "&_",
            "+",
            "- *",
            "- [",
            "- ]",
            "- *[",
            "~",
            "--- X ---\n- *_",
            "--- X ---\n- &",
            "--- X ---\n- &_&",
            "--- X ---\n+",
            "--- X ---\n_",
            "--- X ---\n+_",
            "--- X ---\n{}",
            "--- X ---\né {é} [é]",
            "--- X ---\n- (* [1]",
            "--- X ---\n- {( * [1]",
            "--- X ---\n- ) * [1]",
            "&A\n+&A\n--- X ---\n- * &A_ [1]",
            "--- X ---\n- * ((((([1]",
            "--- X ---\n- * [:]",
            "--- X ---\n- *_(_ [1]",
        ] {
            let _ = read(text);
        }
    }

    #[test]
    fn synset_expansion_is_bounded() {
        // A synset of 3,000 members (6,000 with plurals) in 3,000 patterns would copy out
        // 18 million words; the reader stops at 64 words a byte of input.
        let mut text = String::from("&BIG\n");
        for i in 0..3_000 {
            text.push_str(&format!("+W{i}\n"));
        }
        text.push_str("--- X ---\nX\n");
        for _ in 0..3_000 {
            text.push_str("- * &BIG [010]\n");
        }
        let (d, n) = read(&text);
        assert!(!n.is_empty());
        let words: usize = (d.patterns.iter())
            .flat_map(|p| &p.items)
            .map(|i| match i {
                Item::Words(w) => w.iter().map(Vec::len).sum(),
                _ => 0,
            })
            .sum();
        assert!(words <= text.len() * 64 + (1 << 20));
    }

    #[test]
    fn long_tokens_stay_linear() {
        let mut text = String::from("&A_B_C\n+X\n--- X ---\nX\n- * ");
        text.push_str(&"&A_".repeat(20_000));
        text.push_str(" [010]\n");
        let (d, _) = read(&text);
        assert_eq!(d.patterns.len(), 0);
    }

    fn summary(name: &str, d: &VerbDictionary, notices: &[Notice]) {
        let count =
            |f: &dyn Fn(&Item) -> bool| d.patterns.iter().filter(|p| p.items.iter().any(f)).count();
        eprintln!(
            "{name}: {} blocks, {} verbs, {} patterns ($ {}, + {}, % {}, ^ {}, joined {}), \
             {} notices",
            d.blocks.len(),
            d.verbs.len(),
            d.patterns.len(),
            count(&|i| *i == Item::Source),
            count(&|i| *i == Item::Target),
            count(&|i| *i == Item::Compound),
            count(&|i| *i == Item::Skip),
            d.patterns
                .iter()
                .filter(|p| p.joined.contains(&true))
                .count(),
            notices.len()
        );
        for n in notices {
            eprintln!("  {n}");
        }
    }

    #[test]
    fn real_cameo() {
        let name = "CAMEO.2.0.txt";
        let Some(text) = real(name) else { return };
        let mut notices = Vec::new();
        let d = read_verbs(name, &text, &mut notices);
        summary(name, &d, &notices);
        assert!(d.blocks.len() > 300, "{} blocks", d.blocks.len());
        assert!(d.verbs.len() > 1_500, "{} verbs", d.verbs.len());
        assert!(d.patterns.len() > 4_000, "{} patterns", d.patterns.len());
        assert!(notices.len() < 30, "{} notices", notices.len());
        for p in &d.patterns {
            assert_eq!(p.joined.len() + 1, p.items.len());
            assert_eq!(p.items.iter().filter(|i| **i == Item::Verb).count(), 1);
            assert!(p.block < d.blocks.len());
        }
        for v in &d.verbs {
            assert!(!v.forms.is_empty() && v.block < d.blocks.len());
        }
    }

    #[test]
    fn real_validate_verbs() {
        let name = "PETR.Validate.verbs.txt";
        let Some(text) = real(name) else { return };
        let mut notices = Vec::new();
        let d = read_verbs(name, &text, &mut notices);
        summary(name, &d, &notices);
        assert!(d.blocks.len() > 100);
        assert!(d.patterns.len() > 300);
        assert!(notices.len() < 20, "{} notices", notices.len());
    }
}
