//! Reproducible international-news articles for load runs: each article is a pure function of
//! the seed and its number, so any run can be repeated and workers can generate in any order.

use chrono::{Duration, NaiveDate, NaiveTime};

/// One generated article, before it becomes a submission.
pub struct Article {
    pub title: String,
    pub body: String,
    pub url: String,
    pub source: String,
    pub published_at: String,
    /// Sentences written into the body, plus one for the title (the analyser reads it as a
    /// headline sentence).
    pub sentences: u32,
}

const MIN_SENTENCES: usize = 10;
const MAX_SENTENCES: usize = 30;

/// Name, capital, demonym.
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("Russia", "Moscow", "Russian"),
    ("Ukraine", "Kyiv", "Ukrainian"),
    ("China", "Beijing", "Chinese"),
    ("Japan", "Tokyo", "Japanese"),
    ("India", "New Delhi", "Indian"),
    ("Pakistan", "Islamabad", "Pakistani"),
    ("Iran", "Tehran", "Iranian"),
    ("Turkey", "Ankara", "Turkish"),
    ("Greece", "Athens", "Greek"),
    ("Egypt", "Cairo", "Egyptian"),
    ("Ethiopia", "Addis Ababa", "Ethiopian"),
    ("Germany", "Berlin", "German"),
    ("France", "Paris", "French"),
    ("Brazil", "Brasilia", "Brazilian"),
    ("Argentina", "Buenos Aires", "Argentine"),
    ("Nigeria", "Abuja", "Nigerian"),
    ("Kenya", "Nairobi", "Kenyan"),
    ("South Korea", "Seoul", "South Korean"),
    ("Vietnam", "Hanoi", "Vietnamese"),
    ("the Philippines", "Manila", "Philippine"),
    ("Poland", "Warsaw", "Polish"),
    ("Saudi Arabia", "Riyadh", "Saudi"),
    ("Mexico", "Mexico City", "Mexican"),
    ("Colombia", "Bogota", "Colombian"),
    ("Venezuela", "Caracas", "Venezuelan"),
    ("Armenia", "Yerevan", "Armenian"),
    ("Azerbaijan", "Baku", "Azerbaijani"),
    ("Serbia", "Belgrade", "Serbian"),
    ("Sudan", "Khartoum", "Sudanese"),
    ("the United States", "Washington", "American"),
];

const ORGANISATIONS: &[&str] = &[
    "the United Nations",
    "NATO",
    "the European Union",
    "the African Union",
    "ASEAN",
    "the International Atomic Energy Agency",
    "the World Bank",
    "the Organization of American States",
];

const ROLES: &[&str] = &[
    "Foreign Minister",
    "Defence Minister",
    "Prime Minister",
    "President",
    "Trade Minister",
    "Interior Minister",
];

const FIRST_NAMES: &[&str] = &[
    "Elena", "Tomas", "Amara", "Kenji", "Leila", "Rafael", "Ingrid", "Samuel", "Mira", "Oleg",
    "Nadia", "Farid", "Lucia", "Daniel", "Hana", "Victor", "Aisha", "Marco", "Sofia", "Idris",
];

const SURNAMES: &[&str] = &[
    "Markovic",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Kowalski",
    "Mensah",
    "Ribeiro",
    "Petrenko",
    "Nakamura",
    "Aziz",
    "Castellano",
    "Varga",
    "Osei",
    "Brandt",
    "Kaya",
    "Duarte",
    "Nguyen",
    "Sandoval",
];

const OUTLETS: &[(&str, &str)] = &[
    ("Meridian Wire", "meridian-wire.example"),
    ("Harbor Daily", "harbor-daily.example"),
    ("The Continental Ledger", "continental-ledger.example"),
    ("Northgate Press", "northgate.example"),
    ("Atlas World Service", "atlas-world.example"),
    ("Crossroads Report", "crossroads.example"),
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What the direct quotes say; mixed into quote templates so quotes vary independently.
const QUOTED: &[&str] = &[
    "We will defend every inch of our territory",
    "Dialogue remains the only way forward",
    "Our patience is not unlimited",
    "This agreement shows what cooperation can achieve",
    "No one benefits from a new round of escalation",
    "We expect our neighbours to respect international law",
    "The door to negotiations is still open",
    "Civilians must never be used as bargaining chips",
    "We have nothing to hide and welcome any inspection",
    "These accusations are baseless and irresponsible",
    "Trade should build bridges, not walls",
    "We will respond in a measured but decisive way",
];

/// A kind of story: its headlines, opening sentences, body sentences and one sentence that
/// carries a figure unique to the article.
struct Topic {
    slug: &'static str,
    titles: &'static [&'static str],
    ledes: &'static [&'static str],
    body: &'static [&'static str],
    figure: &'static str,
}

const TOPICS: &[Topic] = &[
    Topic {
        slug: "border-clash",
        titles: &[
            "{a} and {b} trade blame after deadly border clash",
            "{a} accuses {b} of shelling border villages",
        ],
        ledes: &[
            "{a} accused {b} on {day} of shelling villages along their disputed border, killing {n} civilians.",
            "Troops from {a} and {b} exchanged fire overnight along the frontier, officials in {a_capital} said on {day}.",
        ],
        body: &[
            "The {b_dem} defence ministry denied the accusation and said its forces had only returned fire.",
            "{a} recalled its ambassador from {b_capital} for consultations.",
            "Witnesses described heavy artillery fire near the main crossing point.",
            "{c} urged both governments to respect the ceasefire they signed last year.",
            "The border has been closed to civilian traffic since the fighting began.",
            "{b} said {n} of its soldiers were wounded in the exchange.",
        ],
        figure: "Local officials said {figure} people had fled their homes since the fighting began.",
    },
    Topic {
        slug: "trade-deal",
        titles: &[
            "{a} and {b} sign trade agreement after years of talks",
            "{a} and {b} agree to cut tariffs on farm goods",
        ],
        ledes: &[
            "{a} and {b} signed a trade agreement in {c_capital} on {day}, ending {n} years of negotiations.",
            "{a} agreed on {day} to lower tariffs on {b_dem} farm goods in exchange for access to its energy market.",
        ],
        body: &[
            "The agreement removes duties on most industrial goods over the next five years.",
            "{b_dem} exporters welcomed the deal, while farmers in {a} warned of cheaper imports.",
            "Both parliaments still have to ratify the text.",
            "{c} hosted the final round of talks and offered to monitor the implementation.",
            "The deal also covers investment protection and public procurement.",
            "Business groups in {a_capital} called the agreement overdue.",
        ],
        figure: "Trade between the two countries reached ${figure} million last year, according to official figures.",
    },
    Topic {
        slug: "sanctions",
        titles: &[
            "{a} imposes new sanctions on {b}",
            "{b} vows to retaliate against {a_dem} sanctions",
        ],
        ledes: &[
            "{a} imposed sanctions on {b_dem} banks and officials on {day}, accusing {b_capital} of undermining regional security.",
            "{b} threatened on {day} to retaliate after {a} froze the assets of {n} {b_dem} companies.",
        ],
        body: &[
            "The measures include travel bans on senior officials and an export ban on dual-use goods.",
            "{b} called the sanctions illegal and said it would take the matter to {org}.",
            "{c} said it would not join the sanctions but called for restraint.",
            "Economists said the measures could hurt {b_dem} exports of steel and fertiliser.",
            "The {a_dem} treasury said further measures were under consideration.",
            "{b} summoned the {a_dem} ambassador to protest.",
        ],
        figure: "The frozen assets are worth about ${figure} million, the {a_dem} finance ministry said.",
    },
    Topic {
        slug: "military-drills",
        titles: &[
            "{a} launches large military drills near {b}",
            "{b} condemns {a_dem} naval exercises",
        ],
        ledes: &[
            "{a} began large-scale military exercises near its border with {b} on {day}, drawing sharp criticism from {b_capital}.",
            "{b} condemned on {day} a series of {a_dem} naval exercises it said were aimed at intimidating it.",
        ],
        body: &[
            "The drills involve warships, fighter jets and long-range artillery.",
            "{b} placed its forces on heightened alert in response.",
            "{org} said it was following the exercises closely.",
            "{a} insisted the manoeuvres were routine and defensive in nature.",
            "{c} sent observers at the invitation of {a}.",
            "The exercises are scheduled to last {n} days.",
        ],
        figure: "About {figure} troops are taking part in the exercises, according to the {a_dem} general staff.",
    },
    Topic {
        slug: "humanitarian-aid",
        titles: &[
            "{a} sends aid convoy to flood-hit {b}",
            "{org} appeals for aid as crisis deepens in {b}",
        ],
        ledes: &[
            "{a} sent an aid convoy to {b} on {day} after floods left thousands of people homeless.",
            "{org} appealed on {day} for emergency funding as the humanitarian crisis in {b} deepened.",
        ],
        body: &[
            "Aid workers said access to the worst-hit areas remained difficult.",
            "{c} pledged additional funding for shelters and clean water.",
            "The {b_dem} government thanked {a} for its support.",
            "Hospitals in the region reported shortages of medicine and fuel.",
            "{org} warned that the appeal was only a third funded.",
            "Officials said {n} relief flights had landed in {b_capital} since the weekend.",
        ],
        figure: "The convoy carried {figure} tonnes of food, medicine and tents, officials said.",
    },
    Topic {
        slug: "energy-deal",
        titles: &[
            "{a} and {b} agree on gas pipeline project",
            "{a} halts energy exports to {b} amid payment dispute",
        ],
        ledes: &[
            "{a} and {b} agreed on {day} to build a gas pipeline linking their networks, with financing from {org}.",
            "{a} halted energy exports to {b} on {day}, citing unpaid bills worth several hundred million dollars.",
        ],
        body: &[
            "The pipeline is expected to start operating within {n} years.",
            "{b} accused {a} of using energy as a political weapon.",
            "{c} offered to supply additional gas during the winter months.",
            "Energy prices rose sharply in {b_capital} after the announcement.",
            "Engineers from both countries will carry out a feasibility study.",
            "The {a_dem} energy ministry said talks on the debt would continue.",
        ],
        figure: "The project is expected to carry {figure} million cubic metres of gas a year.",
    },
    Topic {
        slug: "maritime-incident",
        titles: &[
            "{a} and {b} coast guards clash in disputed waters",
            "{b} detains {a_dem} fishing boats",
        ],
        ledes: &[
            "Coast guard vessels from {a} and {b} collided in disputed waters on {day}, each side blaming the other.",
            "{b} detained {n} {a_dem} fishing boats on {day}, saying they had entered its territorial waters illegally.",
        ],
        body: &[
            "{a} demanded the immediate release of the crews.",
            "{b} said its coast guard had acted in accordance with international law.",
            "{c} called for a code of conduct to prevent further incidents at sea.",
            "Satellite images showed several vessels near the disputed reef.",
            "{org} urged both sides to settle the dispute through arbitration.",
            "Fishing communities on both sides say the standoff threatens their livelihoods.",
        ],
        figure: "Officials said the boats were carrying about {figure} kilograms of fish when they were stopped.",
    },
    Topic {
        slug: "peace-talks",
        titles: &[
            "{a} and {b} resume peace talks in {c_capital}",
            "{c} brokers prisoner exchange between {a} and {b}",
        ],
        ledes: &[
            "Delegations from {a} and {b} resumed peace talks in {c_capital} on {day}, the first direct meeting in {n} months.",
            "{a} and {b} exchanged prisoners on {day} under a deal brokered by {c}.",
        ],
        body: &[
            "The talks are expected to focus on a permanent ceasefire and the return of displaced people.",
            "{c} said it was ready to host further rounds.",
            "{org} welcomed the talks as a first step towards lasting peace.",
            "Previous rounds collapsed amid mutual accusations of bad faith.",
            "Families of the detained gathered at the crossing point to wait for their relatives.",
            "Both delegations described the atmosphere as constructive.",
        ],
        figure: "Since the conflict began, {figure} people have been registered as missing, according to the Red Cross.",
    },
];

/// Background and reaction sentences that fit any topic.
const SHARED: &[&str] = &[
    "Analysts in {c_capital} said the dispute could weigh on regional trade for months.",
    "The two governments have clashed repeatedly over the past decade.",
    "Diplomats said a follow-up meeting was planned for {month}.",
    "{org} has called on both sides to exercise restraint.",
    "Stock markets in {a_capital} fell {pct} percent on {day} as investors weighed the risks.",
    "Opposition lawmakers in {b} criticised the government's handling of the crisis.",
    "Officials did not say when the measures would take effect.",
    "The {a_dem} embassy in {b_capital} declined to comment.",
    "Neither side provided evidence for its claims, which could not be independently verified.",
    "{a} and {b} restored diplomatic relations in {year} after years of estrangement.",
    "The {b_dem} parliament is expected to debate the matter next week.",
    "Ministers from {n} countries are due to meet in {c_capital} on {day}.",
    "Human rights groups urged both governments to protect civilians.",
    "The issue is expected to come up at the next session of {org}.",
    "Relations between {a} and {c} have improved markedly in recent months.",
    "Public opinion in {b} has hardened, according to a recent survey.",
];

/// Direct, partial and reported speech from the article's officials.
const QUOTES: &[&str] = &[
    "\"{quote},\" {a_official} told reporters in {a_capital}.",
    "\"{quote},\" {b_official} said on {day}.",
    "\"{quote},\" said {c_official}, who has met both delegations.",
    "{b_official} said that {b} would \"not accept any dictate\" from {a_capital}.",
    "{a_surname} warned that further provocations \"would be met with a firm response\".",
    "According to {c_official}, the talks had made \"real progress\" on the core issues.",
    "A spokesperson for {org} said the organisation was \"deeply concerned\" by the situation.",
    "{b_surname} told parliament that {b} remained open to dialogue with {a}.",
    "\"We are ready to talk, but not under pressure,\" {b_surname} said.",
    "{a_official} accused {b} of \"deliberately escalating\" the situation.",
    "\"{quote},\" {a_surname} wrote on social media late on {day}.",
    "{c_official} said {c} was ready to mediate between {a} and {b}.",
];

/// The same seed and number always give the same article.
pub fn article(seed: u64, number: u64) -> Article {
    let mut rng = Rng::new(seed, number);
    let topic = &TOPICS[rng.below(TOPICS.len())];
    let mut slots = Slots::draw(&mut rng, number);

    // The lede opens, the figure sentence makes the text unlike any other of the run, and
    // roughly every fourth sentence is speech.
    let target = MIN_SENTENCES + rng.below(MAX_SENTENCES - MIN_SENTENCES + 1);
    let speech = 2 + (target - 2) / 4;
    let mut quotes = QUOTES.to_vec();
    rng.shuffle(&mut quotes);
    let mut prose: Vec<&str> = topic.body.iter().chain(SHARED).copied().collect();
    rng.shuffle(&mut prose);
    let mut middle: Vec<&str> = quotes.into_iter().take(speech).collect();
    middle.extend(prose.into_iter().take(target - 2 - speech));
    middle.push(topic.figure);
    rng.shuffle(&mut middle);
    let mut sentences = vec![rng.pick(topic.ledes)];
    sentences.extend(middle);

    let body = paragraphs(&mut rng, &sentences, &mut slots);
    let title_template = rng.pick(topic.titles);
    let title = capitalise(&slots.fill(&mut rng, title_template));
    let (outlet, domain) = rng.pick(OUTLETS);
    let published = published_at(&mut rng);
    Article {
        url: format!(
            "https://{domain}/{}/{}-{seed}-{number}",
            published.format("%Y/%m/%d"),
            topic.slug
        ),
        source: outlet.to_owned(),
        published_at: published.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        sentences: sentences.len() as u32 + 1,
        title,
        body,
    }
}

/// Groups the filled sentences into paragraphs of one to four sentences.
fn paragraphs(rng: &mut Rng, sentences: &[&str], slots: &mut Slots) -> String {
    let mut body = String::new();
    let mut left_in_paragraph = 0;
    for template in sentences {
        if left_in_paragraph == 0 {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            left_in_paragraph = 1 + rng.below(4);
        } else {
            body.push(' ');
        }
        body.push_str(&capitalise(&slots.fill(rng, template)));
        left_in_paragraph -= 1;
    }
    body
}

fn published_at(rng: &mut Rng) -> chrono::NaiveDateTime {
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let day = first + Duration::days(rng.below(640) as i64);
    let time =
        NaiveTime::from_hms_opt(rng.below(24) as u32, rng.below(60) as u32, 0).unwrap_or_default();
    day.and_time(time)
}

/// The cast of one article: three countries, their officials and an organisation.
struct Slots {
    countries: [(&'static str, &'static str, &'static str); 3],
    officials: [(String, &'static str); 3],
    /// Whether each official has been named in full yet; a surname alone comes only after.
    introduced: [bool; 3],
    organisation: &'static str,
    figure: String,
}

impl Slots {
    fn draw(rng: &mut Rng, number: u64) -> Slots {
        let mut countries = COUNTRIES.to_vec();
        rng.shuffle(&mut countries);
        let mut official = || {
            let surname = rng.pick(SURNAMES);
            let name = format!("{} {} {surname}", rng.pick(ROLES), rng.pick(FIRST_NAMES));
            (name, surname)
        };
        let officials = [official(), official(), official()];
        // Disjoint ranges per article number, so no two articles of a run share this figure.
        let figure = 1_000 + number * 13 + rng.below(13) as u64;
        Slots {
            countries: [countries[0], countries[1], countries[2]],
            officials,
            introduced: [false; 3],
            organisation: rng.pick(ORGANISATIONS),
            figure: thousands(figure),
        }
    }

    /// Replaces every `{slot}` of the template; numbers and days are drawn afresh each time.
    fn fill(&mut self, rng: &mut Rng, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            self.slot(rng, name, &mut out);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn slot(&mut self, rng: &mut Rng, name: &str, out: &mut String) {
        let (who, what) = name.split_once('_').unwrap_or((name, ""));
        let party = match who {
            "a" => Some(0),
            "b" => Some(1),
            "c" => Some(2),
            _ => None,
        };
        if let Some(index) = party {
            let (country, capital, demonym) = self.countries[index];
            let (official, surname) = &self.officials[index];
            out.push_str(match what {
                "capital" => capital,
                "dem" => demonym,
                "official" | "surname" => {
                    let named = std::mem::replace(&mut self.introduced[index], true);
                    if what == "surname" && named {
                        surname
                    } else {
                        official
                    }
                }
                _ => country,
            });
            return;
        }
        match name {
            "org" => out.push_str(self.organisation),
            "figure" => out.push_str(&self.figure),
            "day" => out.push_str(rng.pick(WEEKDAYS)),
            "month" => out.push_str(rng.pick(MONTHS)),
            "quote" => out.push_str(rng.pick(QUOTED)),
            "year" => out.push_str(&(1992 + rng.below(30)).to_string()),
            "pct" => out.push_str(&format!("{}.{}", rng.below(4), 1 + rng.below(9))),
            _ => out.push_str(&(2 + rng.below(11)).to_string()),
        }
    }
}

/// Uppercases the first letter, looking past an opening quotation mark.
fn capitalise(sentence: &str) -> String {
    let skip = usize::from(sentence.starts_with('"'));
    let (quote, rest) = sentence.split_at(skip);
    let mut chars = rest.chars();
    match chars.next() {
        Some(first) => format!("{quote}{}{}", first.to_uppercase(), chars.as_str()),
        None => sentence.to_owned(),
    }
}

fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// SplitMix64: tiny, fast and fixed forever, so a seed means the same corpus in every release.
struct Rng(u64);

impl Rng {
    /// Hashes the article number in, so neighbouring articles get unrelated sequences.
    fn new(seed: u64, number: u64) -> Rng {
        Rng(mix(seed ^ mix(number.wrapping_add(0x5851_F42D_4C95_7F2D))))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Sentence ends the way a reader counts them: terminal punctuation, maybe a closing
    /// quotation mark, then whitespace or the end; "1.5" and "U.S." inside words don't count.
    fn count_sentences(text: &str) -> usize {
        let chars: Vec<char> = text.chars().collect();
        (0..chars.len())
            .filter(|&i| matches!(chars[i], '.' | '?' | '!'))
            .filter(|&i| {
                let after = if chars.get(i + 1) == Some(&'"') {
                    i + 2
                } else {
                    i + 1
                };
                chars.get(after).is_none_or(|c| c.is_whitespace())
            })
            .count()
    }

    fn folded(text: &str) -> String {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_same_seed_and_number_give_the_same_article() {
        for number in [0, 1, 977, 123_456] {
            let (a, b) = (article(7, number), article(7, number));
            assert_eq!((a.title, a.body, a.url), (b.title, b.body, b.url));
        }
        assert_ne!(article(7, 3).body, article(8, 3).body);
    }

    #[test]
    fn sentence_counts_are_honest_and_within_bounds() {
        let mut lengths = HashSet::new();
        for number in 0..400 {
            let generated = article(11, number);
            let body = count_sentences(&generated.body);
            assert!(
                (MIN_SENTENCES..=MAX_SENTENCES).contains(&body),
                "article {number} has {body} sentences"
            );
            assert_eq!(generated.sentences as usize, body + 1, "article {number}");
            lengths.insert(body);
        }
        assert!(lengths.len() > 15, "lengths vary: {lengths:?}");
    }

    #[test]
    fn no_two_articles_of_a_run_have_the_same_text() {
        let mut texts = HashSet::new();
        let mut urls = HashSet::new();
        for number in 0..2_000 {
            let generated = article(3, number);
            assert!(texts.insert(folded(&generated.body)), "article {number}");
            assert!(urls.insert(generated.url), "article {number}");
        }
    }

    #[test]
    fn articles_name_several_countries_and_quote_people() {
        for number in 0..300 {
            let generated = article(5, number);
            let text = format!("{}\n\n{}", generated.title, generated.body);
            let countries = COUNTRIES
                .iter()
                .filter(|(name, _, _)| text.contains(&capitalise(name)) || text.contains(name))
                .count();
            assert!(countries >= 2, "article {number} names {countries}");
            assert!(
                text.matches('"').count() >= 2,
                "article {number} quotes nobody"
            );
            assert!(
                !text.contains('{'),
                "unfilled slot in article {number}: {text}"
            );
        }
    }

    #[test]
    fn officials_are_named_in_full_before_their_surname_alone() {
        for number in 0..300 {
            let body = article(13, number).body;
            for surname in SURNAMES {
                if let Some(at) = body.find(surname) {
                    let before = &body[..at];
                    assert!(
                        FIRST_NAMES
                            .iter()
                            .any(|first| before.ends_with(&format!("{first} "))),
                        "article {number} names {surname} first without a first name"
                    );
                }
            }
        }
    }

    #[test]
    fn metadata_is_well_formed() {
        for number in 0..100 {
            let generated = article(9, number);
            assert!(brink_proto::time::parse_rfc3339(&generated.published_at).is_ok());
            assert!(generated.url.starts_with("https://"));
            assert!(!generated.source.is_empty());
            assert!(
                generated
                    .title
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            );
        }
    }

    #[test]
    fn figures_group_thousands() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(12_345_678), "12,345,678");
    }
}
