//! Aspects: what a question asks of its topic (a dose, whether it works, what comes next, whether the
//! diagnosis is right), found from the words that ask for each, so the passages that address it rank
//! higher; and, for aspects that belong to a drug, whether page 6 addresses it for the drugs named at all.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::TextAnalyzer;

use super::analyzer::{analyze, faithful_stems};
use super::drugs::contains;
use super::words::split_words;
use crate::knowledge::{Aspects, PassageAspect};

/// The terms a passage's aspects are indexed by, so that an asked aspect ranks a passage only for the drugs
/// its evidence is about: `trials` where some evidence is about no drug in particular; otherwise
/// `trials@mycophenolate` for each drug its evidence is about, and `trials@` (said only of particular drugs).
/// ¶3's "no controlled trial has been reported" is mycophenolate's: it does not rank ¶3 for an IVIG trial.
pub fn passage_terms<'a>(evidence: impl IntoIterator<Item = &'a PassageAspect>) -> Vec<String> {
    let mut by_aspect: Vec<(&str, Vec<&PassageAspect>)> = Vec::new();
    for e in evidence {
        match by_aspect.iter_mut().find(|(id, _)| *id == e.aspect) {
            Some((_, list)) => list.push(e),
            None => by_aspect.push((&e.aspect, vec![e])),
        }
    }
    let mut terms = Vec::new();
    for (id, list) in by_aspect {
        if list.iter().any(|e| e.about.is_empty()) {
            terms.push(id.to_owned());
            continue;
        }
        terms.push(format!("{id}@"));
        for drug in list.iter().flat_map(|e| &e.about) {
            let term = format!("{id}@{drug}");
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    terms
}

/// The terms an asked aspect is searched by (see [`passage_terms`]): a passage that says it of no drug in
/// particular, and one that says it of a drug the question names; with no drug named, any passage that
/// says it. A passage matches one of them, or one per drug named that its evidence is about.
pub fn query_terms(aspect: &str, drugs: &[&str]) -> Vec<String> {
    let mut terms = vec![aspect.to_owned()];
    if drugs.is_empty() {
        terms.push(format!("{aspect}@"));
    }
    terms.extend(drugs.iter().map(|d| format!("{aspect}@{d}")));
    terms
}

/// One cue: parts that must all occur, each as written or by its stems.
#[derive(Debug, Clone)]
struct Cue {
    parts: Vec<(Vec<String>, Vec<String>)>,
}

/// Whether a cue part occurs in a text (its words as typed and analyzed), as written or by its stems.
fn holds(words: &[String], terms: &[String], (written, stems): &(Vec<String>, Vec<String>)) -> bool {
    contains(words, written) || contains(terms, stems)
}

/// The words that ask for each aspect, and which drugs each scoped aspect is addressed for.
#[derive(Debug, Clone, Default)]
pub struct AspectCues {
    cues: Vec<(String, Vec<Cue>)>,
    /// Each cue (aspect index, cue index) by the first word of its first part, as written and as stemmed: a
    /// question only tries the cues that can hold, since every part of a cue must occur.
    by_first: FxHashMap<String, Vec<(usize, usize)>>,
    /// For each aspect, the aspects it replaces when both are asked.
    overrides: Vec<(String, Vec<String>)>,
    /// Scoped aspects: (aspect id, label, therapy ids page 6 addresses it for).
    scoped: Vec<(String, String, Vec<String>)>,
    /// Aspects page 6 addresses for nothing: (aspect id, label).
    never: Vec<(String, String)>,
    /// Findings: aspects that count as asked wherever the question names them.
    findings: Vec<String>,
    of_the_disease: Vec<String>,
}

/// A scoped aspect asked of a drug page 6 does not address it for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unaddressed {
    /// The aspect's id.
    pub aspect: String,
    /// What it is, in words ("side effects").
    pub label: String,
    /// The therapy id, for an aspect asked of a drug; none for an aspect page 6 addresses for nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub therapy: Option<String>,
}

impl AspectCues {
    /// Whether `id` is a finding (aspects.toml `finding`): it counts as asked wherever the question names
    /// it, and weighs `finding_weight`.
    pub fn is_finding(&self, id: &str) -> bool {
        self.findings.iter().any(|f| f == id)
    }

    /// Whether `id` is asked of the disease itself (aspects.toml `of_the_disease`).
    pub fn is_of_the_disease(&self, id: &str) -> bool {
        self.of_the_disease.iter().any(|a| a == id)
    }

    /// Analyzes every cue once.
    pub fn new(analyzer: &mut TextAnalyzer, aspects: &Aspects) -> Self {
        let cues: Vec<(String, Vec<Cue>)> = aspects
            .aspects
            .iter()
            .map(|aspect| {
                let cues = aspect
                    .asked_by
                    .iter()
                    .map(|cue| Cue {
                        parts: cue
                            .split(" + ")
                            .map(|part| {
                                let words = split_words(part);
                                let stems: Vec<String> = analyze(analyzer, part).into_iter().map(|w| w.term).collect();
                                let faithful = faithful_stems(&words, &stems);
                                (words, if faithful { stems } else { Vec::new() })
                            })
                            .collect(),
                    })
                    .collect();
                (aspect.id.clone(), cues)
            })
            .collect();
        let scoped = aspects
            .aspects
            .iter()
            .filter(|a| a.scoped)
            .map(|a| {
                let about = aspects
                    .passages
                    .iter()
                    .flat_map(|p| &p.aspects)
                    .filter(|pa| pa.aspect == a.id)
                    .flat_map(|pa| pa.about.iter().cloned())
                    .collect();
                (a.id.clone(), a.label.clone(), about)
            })
            .collect();
        let overrides = aspects.aspects.iter().map(|a| (a.id.clone(), a.overrides.clone())).collect();
        let never =
            aspects.aspects.iter().filter(|a| a.never_addressed).map(|a| (a.id.clone(), a.label.clone())).collect();
        let findings = aspects.aspects.iter().filter(|a| a.finding).map(|a| a.id.clone()).collect();
        let of_the_disease = aspects.aspects.iter().filter(|a| a.of_the_disease).map(|a| a.id.clone()).collect();
        Self { by_first: index_by_first(&cues), cues, overrides, scoped, never, findings, of_the_disease }
    }

    /// The aspects a question asks (ids, in file order), each with whether the asked part names it: `words`
    /// as typed (lowercase) and `terms` analyzed, for the whole question and for its asked part.
    pub fn asked(
        &self,
        words: &[String],
        terms: &[String],
        ask_words: &[String],
        ask_terms: &[String],
    ) -> Vec<(String, bool)> {
        let mut candidates: Vec<(usize, usize)> =
            words.iter().chain(terms).filter_map(|w| self.by_first.get(w)).flatten().copied().collect();
        candidates.sort_unstable();
        candidates.dedup();
        // In file order: the candidates are sorted by aspect, then cue.
        let mut asked: Vec<(String, bool)> = Vec::new();
        for group in candidates.chunk_by(|a, b| a.0 == b.0) {
            let Some((id, cues)) = group.first().and_then(|&(aspect, _)| self.cues.get(aspect)) else { continue };
            let held: Vec<&Cue> = group
                .iter()
                .filter_map(|&(_, cue)| cues.get(cue))
                .filter(|cue| cue.parts.iter().all(|p| holds(words, terms, p)))
                .collect();
            if held.is_empty() {
                continue;
            }
            let in_ask = self.findings.contains(id)
                || held.iter().any(|cue| cue.parts.iter().any(|p| holds(ask_words, ask_terms, p)));
            asked.push((id.clone(), in_ask));
        }
        let replaced: Vec<String> = asked
            .iter()
            .flat_map(|(id, _)| {
                self.overrides.iter().filter(move |(a, _)| a == id).flat_map(|(_, o)| o.iter().cloned())
            })
            .collect();
        asked.retain(|(id, _)| !replaced.contains(id));
        asked
    }

    /// What page 6 does not address of what is asked: the aspects its asked part asks that page 6 addresses
    /// for nothing, and the scoped aspects asked (in `asked`) of drugs (therapy ids in `named`) that page 6
    /// does not address them for. A drug page 6 does address the aspect for answers the question, and a
    /// scoped aspect named only before an ask that asks an aspect of its own is the story, not the question
    /// ("keeps choking and coughing at meals ... could the immunoglobulin drip help his swallowing?").
    pub fn unaddressed(&self, asked: &[(String, bool)], named: &[&str]) -> Vec<Unaddressed> {
        let ask_has_aspect = asked.iter().any(|(_, in_ask)| *in_ask);
        let mut out: Vec<Unaddressed> = self
            .never
            .iter()
            .filter(|(id, _)| asked.iter().any(|(a, in_ask)| a == id && *in_ask))
            .map(|(id, label)| Unaddressed { aspect: id.clone(), label: label.clone(), therapy: None })
            .collect();
        let scoped_asked = |id: &String| asked.iter().any(|(a, in_ask)| a == id && (*in_ask || !ask_has_aspect));
        for (id, label, about) in self.scoped.iter().filter(|(id, _, _)| scoped_asked(id)) {
            if named.is_empty() || named.iter().any(|n| about.iter().any(|a| a == n)) {
                continue;
            }
            out.extend(named.iter().map(|n| Unaddressed {
                aspect: id.clone(),
                label: label.clone(),
                therapy: Some((*n).to_owned()),
            }));
        }
        out
    }
}

/// The cues (aspect index, cue index) by the first word, as written and as stemmed, of their first part.
fn index_by_first(cues: &[(String, Vec<Cue>)]) -> FxHashMap<String, Vec<(usize, usize)>> {
    let mut by_first: FxHashMap<String, Vec<(usize, usize)>> = FxHashMap::default();
    for (aspect, (_, list)) in cues.iter().enumerate() {
        for (index, cue) in list.iter().enumerate() {
            let Some((written, stems)) = cue.parts.first() else { continue };
            for first in written.first().into_iter().chain(stems.first()) {
                let entry = by_first.entry(first.clone()).or_default();
                if entry.last() != Some(&(aspect, index)) {
                    entry.push((aspect, index));
                }
            }
        }
    }
    by_first
}

#[cfg(test)]
mod tests {
    use super::{AspectCues, index_by_first, passage_terms, query_terms};
    use crate::knowledge::{Aspect, Aspects, PassageAspect, PassageAspects, Synonyms};
    use crate::search::analyzer::{analyze, medical_analyzer};

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| (*s).to_owned()).collect()
    }

    fn cues() -> AspectCues {
        let cues = vec![
            (
                "next-option".to_owned(),
                vec![super::Cue { parts: vec![(strings(&["what", "else"]), strings(&["els"]))] }],
            ),
            (
                "ck-strength".to_owned(),
                vec![super::Cue {
                    parts: vec![(strings(&["ck"]), strings(&["ck"])), (strings(&["strength"]), strings(&["strength"]))],
                }],
            ),
        ];
        AspectCues {
            by_first: index_by_first(&cues),
            cues,
            overrides: Vec::new(),
            scoped: vec![("toxicity".to_owned(), "side effects".to_owned(), strings(&["methotrexate"]))],
            never: vec![("test-accuracy".to_owned(), "how accurate a test is".to_owned())],
            findings: Vec::new(),
            of_the_disease: Vec::new(),
        }
    }

    #[test]
    fn an_aspect_is_asked_by_its_words_or_all_parts_of_a_cue() {
        let words = strings(&["failed", "pred", "what", "else"]);
        let terms = strings(&["fail", "pred", "els"]);
        let ask = strings(&["what", "else"]);
        assert_eq!(cues().asked(&words, &terms, &ask, &strings(&["els"])), [("next-option".to_owned(), true)]);
        let both = strings(&["ck", "3000", "but", "strength", "normal"]);
        assert_eq!(cues().asked(&both, &both, &[], &[]), [("ck-strength".to_owned(), false)]);
        assert!(cues().asked(&strings(&["ck", "3000"]), &strings(&["ck", "3000"]), &[], &[]).is_empty());
    }

    #[test]
    fn a_finding_counts_as_asked_wherever_the_question_names_it() {
        let words = strings(&["ck", "900", "full", "strength", "escalate"]);
        let ask = strings(&["escalate"]);
        assert_eq!(cues().asked(&words, &words, &ask, &ask), [("ck-strength".to_owned(), false)]);
        let findings = AspectCues { findings: vec!["ck-strength".to_owned()], ..cues() };
        assert_eq!(findings.asked(&words, &words, &ask, &ask), [("ck-strength".to_owned(), true)]);
    }

    #[test]
    fn a_scoped_aspect_is_unaddressed_only_for_drugs_page_6_does_not_cover() {
        let asked = vec![("toxicity".to_owned(), true)];
        let gaps = cues().unaddressed(&asked, &["azathioprine"]);
        assert_eq!(gaps.len(), 1);
        assert_eq!((gaps[0].therapy.as_deref(), gaps[0].label.as_str()), (Some("azathioprine"), "side effects"));
        assert!(cues().unaddressed(&asked, &["methotrexate"]).is_empty());
        assert!(cues().unaddressed(&asked, &[]).is_empty());
        assert!(cues().unaddressed(&[], &["azathioprine"]).is_empty());
        // Named before an ask that asks something of its own, the side effect is the story.
        let story = [("toxicity".to_owned(), false), ("efficacy".to_owned(), true)];
        assert!(cues().unaddressed(&story, &["azathioprine"]).is_empty());
        assert_eq!(cues().unaddressed(&story[..1], &["azathioprine"]).len(), 1);
    }

    #[test]
    fn an_aspect_page_6_never_addresses_is_unaddressed_when_the_ask_asks_it() {
        let asked = vec![("test-accuracy".to_owned(), true)];
        let gaps = cues().unaddressed(&asked, &[]);
        assert_eq!((gaps.len(), gaps[0].therapy.as_deref()), (1, None));
        // Named only in the history or findings, it does not stop the ask.
        assert!(cues().unaddressed(&[("test-accuracy".to_owned(), false)], &[]).is_empty());
    }

    fn aspect(id: &str, asked_by: &[&str]) -> Aspect {
        Aspect {
            id: id.into(),
            label: id.into(),
            asked_by: strings(asked_by),
            scoped: false,
            overrides: Vec::new(),
            never_addressed: false,
            closest: None,
            sentence_weight: None,
            finding: false,
            of_the_disease: false,
        }
    }

    /// Cues read from an aspects file, as the vocabulary reads aspects.toml.
    fn read(aspects: Vec<Aspect>, passages: Vec<PassageAspects>) -> AspectCues {
        let file = Aspects {
            aspect_weight: 2.0,
            finding_weight: None,
            context_weight: 0.5,
            sentence_weight: 0.5,
            setting_share: 1.0,
            aspects,
            passages,
            reminders: Vec::new(),
        };
        AspectCues::new(&mut medical_analyzer(&Synonyms::default()), &file)
    }

    /// The aspects a question asks when the whole of it is the ask, its words analyzed with `synonyms`.
    fn asked_with(cues: &AspectCues, synonyms: &Synonyms, question: &str) -> Vec<String> {
        let words: Vec<String> = crate::search::words::split_words(question);
        let terms: Vec<String> =
            analyze(&mut medical_analyzer(synonyms), question).into_iter().map(|w| w.term).collect();
        cues.asked(&words, &terms, &words, &terms).into_iter().map(|(id, _)| id).collect()
    }

    fn asked_by(cues: &AspectCues, question: &str) -> Vec<String> {
        asked_with(cues, &Synonyms::default(), question)
    }

    fn evidence(aspect: &str, about: &[&str]) -> PassageAspect {
        PassageAspect { aspect: aspect.into(), about: strings(about), evidence: String::new() }
    }

    #[test]
    fn an_aspect_said_of_particular_drugs_ranks_its_passage_only_for_them() {
        let third = [evidence("efficacy", &["mycophenolate"]), evidence("efficacy", &["cyclophosphamide"])];
        let second = [evidence("efficacy", &[]), evidence("trials", &[]), evidence("efficacy", &["ivig"])];
        assert_eq!(passage_terms(&third), ["efficacy@", "efficacy@mycophenolate", "efficacy@cyclophosphamide"]);
        assert_eq!(passage_terms(&second), ["efficacy", "trials"], "said of no drug in particular");
        let matched = |passage: &[String], drugs: &[&str]| {
            query_terms("efficacy", drugs).iter().filter(|t| passage.contains(t)).count()
        };
        let (third, second) = (passage_terms(&third), passage_terms(&second));
        assert_eq!((matched(&third, &["ivig"]), matched(&second, &["ivig"])), (0, 1));
        assert_eq!((matched(&third, &["cyclophosphamide"]), matched(&second, &["cyclophosphamide"])), (1, 1));
        assert_eq!((matched(&third, &[]), matched(&second, &[])), (1, 1), "no drug named: any passage that says it");
    }

    #[test]
    fn a_cue_matches_by_its_stems_only_when_stemming_keeps_it_whole() {
        let cues = read(vec![aspect("steroid", &["steroids"]), aspect("efficacy", &["useful"])], Vec::new());
        assert_eq!(asked_by(&cues, "is the steroid enough"), ["steroid"], "steroids → steroid");
        assert_eq!(asked_by(&cues, "is it useful"), ["efficacy"]);
        assert!(asked_by(&cues, "what was used").is_empty(), "useful → use would match used");
    }

    #[test]
    fn a_cue_of_parts_needs_every_part_anywhere_in_the_question() {
        let cues = read(vec![aspect("ck-strength", &["ck + strength"])], Vec::new());
        assert_eq!(asked_by(&cues, "strength is normal but the ck is 3000"), ["ck-strength"]);
        assert!(asked_by(&cues, "ck is 3000").is_empty());
    }

    #[test]
    fn an_aspect_replaces_the_ones_it_overrides_when_both_are_asked() {
        let untreated = Aspect { overrides: strings(&["next-option"]), ..aspect("untreated", &["untreated"]) };
        let cues = read(vec![aspect("next-option", &["next"]), untreated], Vec::new());
        assert_eq!(asked_by(&cues, "what next for an untreated patient"), ["untreated"]);
        assert_eq!(asked_by(&cues, "what next after ivig"), ["next-option"]);
    }

    #[test]
    fn a_scoped_aspect_is_addressed_for_the_drugs_its_passages_are_about() {
        let toxicity = Aspect { scoped: true, ..aspect("toxicity", &["side effects"]) };
        let passages = vec![PassageAspects {
            id: "p1".into(),
            aspects: vec![PassageAspect {
                aspect: "toxicity".into(),
                about: strings(&["methotrexate"]),
                evidence: "MTX-related pulmonary toxicity".into(),
            }],
            presumes: None,
        }];
        let cues = read(vec![toxicity], passages);
        let asked = vec![("toxicity".to_owned(), true)];
        assert!(cues.unaddressed(&asked, &["methotrexate"]).is_empty());
        let gaps = cues.unaddressed(&asked, &["methotrexate", "rituximab"]);
        assert!(gaps.is_empty(), "one drug page 6 addresses it for answers the question: {gaps:?}");
        assert_eq!(cues.unaddressed(&asked, &["rituximab"]).len(), 1);
    }

    #[test]
    fn the_shipped_aspects_read_untreated_over_next_option() {
        let k = crate::search::testing::knowledge();
        let cues = AspectCues::new(&mut medical_analyzer(&k.synonyms), &k.aspects);
        let asked = asked_with(&cues, &k.synonyms, "what next for a new untreated dm patient");
        assert!(asked.contains(&"untreated".to_owned()) && !asked.contains(&"next-option".to_owned()), "{asked:?}");
        assert!(asked_with(&cues, &k.synonyms, "failed ivig what next").contains(&"next-option".to_owned()));
    }
}
