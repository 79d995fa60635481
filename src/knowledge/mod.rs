//! The knowledge base: the article as passages plus structured, cited entries, loaded from TOML files and
//! validated as a whole so that every reference resolves before the bot answers anyone.

mod antibodies;
mod article;
mod aspects;
mod claim;
mod dosing;
mod ibm;
mod monitor;
pub mod numbers;
mod problems;
mod quiz_bank;
mod quiz_check;
mod reading;
mod reassess;
mod refractory;
pub mod review;
mod sources;
mod statement;
mod synonyms;

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

pub use antibodies::{ARTICLE_YEAR, Ambiguous, Antibodies, Antibody, AntibodyGroup, Era, Field, FieldClaim, name_key};
pub use article::{
    Article, ArticleSource, Passage, ReferenceMarker, Sentence, Unavailable, split_sentences, with_subject,
};
pub use aspects::{Aspect, Aspects, PassageAspect, PassageAspects, PresumedPatient, Reminder};
pub use claim::Claim;
pub use dosing::{Amount, Dosing, Drug, Gap, MassUnit, Per, Regimen, TaperFailureLevel};
pub use ibm::{Ibm, IbmFeature, LaterCriteria};
pub use monitor::Monitor;
pub use problems::{Problem, Problems};
pub use quiz_bank::{Difficulty, QuizBank, QuizQuestion, Topic, reference_texts};
pub use reading::Reading;
pub use reassess::{Reassess, Setting};
pub use refractory::{Context, Diagnosis, Flag, Refractory, Rule, StanceDef, Therapy, TriedNote, unlicensed};
pub use sources::{Source, SourceKind, SourceRegistry};
pub use statement::{RefContext, Statement};
pub use synonyms::{Describing, Synonyms};

/// Why the knowledge base could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    /// The folder is missing or unreadable.
    #[error("cannot read the knowledge folder {path}: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// One or more files are malformed or reference something that does not exist.
    #[error("{} problem(s) in the knowledge files in {}:\n{problems}", .problems.len(), .dir.display())]
    Invalid {
        /// The folder.
        dir: PathBuf,
        /// Every problem found.
        problems: Problems,
    },
}

/// Everything the bot knows, validated.
#[derive(Debug, Clone)]
pub struct Knowledge {
    /// Where it was loaded from.
    pub dir: PathBuf,
    /// The article as passages.
    pub article: Article,
    /// Outside sources by id.
    pub sources: SourceRegistry,
    /// Autoantibody catalogue.
    pub antibodies: Antibodies,
    /// Inclusion body myositis.
    pub ibm: Ibm,
    /// Dosing rules.
    pub dosing: Dosing,
    /// Refractory pathway.
    pub refractory: Refractory,
    /// "Is this IIM?" reassessment.
    pub reassess: Reassess,
    /// Monitoring.
    pub monitor: Monitor,
    /// Search vocabulary.
    pub synonyms: Synonyms,
    /// How questions are read (history, ask).
    pub reading: Reading,
    /// What each passage addresses, and the words that ask for it.
    pub aspects: Aspects,
    /// Quiz questions from knowledge/quiz/*.toml.
    pub quiz: QuizBank,
    /// When each entry was last reviewed against its sources.
    pub reviews: review::Reviews,
    /// SHA-256 over the knowledge files, so `/about` can say exactly which content is loaded.
    pub checksum: String,
}

/// Whether loading insists that every entry's review is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReviewCheck {
    /// A passage changed since an entry's review, or an entry was never reviewed: that is a problem.
    Enforce,
    /// Load anyway, so `myositis-bot review` can show and record reviews.
    Skip,
}

/// The knowledge shipped with the bot, for unit tests.
#[cfg(test)]
pub(crate) fn shipped() -> Knowledge {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    Knowledge::load(&dir).expect("the shipped knowledge loads")
}

impl Knowledge {
    /// Loads and validates every file in `dir`; any problem (parse error, missing reference, evidence
    /// phrase not in its passage, an entry whose cited passage changed since its review, …) fails the load
    /// with every problem listed.
    pub fn load(dir: &Path) -> Result<Self, KnowledgeError> {
        Self::load_checking(dir, ReviewCheck::Enforce)
    }

    /// Loads and validates like [`Knowledge::load`], except that reviews may be missing or out of date: for
    /// `myositis-bot review`, which shows and records them.
    pub fn load_for_review(dir: &Path) -> Result<Self, KnowledgeError> {
        Self::load_checking(dir, ReviewCheck::Skip)
    }

    fn load_checking(dir: &Path, review_check: ReviewCheck) -> Result<Self, KnowledgeError> {
        fs::read_dir(dir).map_err(|source| KnowledgeError::Folder { path: dir.to_owned(), source })?;
        let mut files = FileLoader { dir, hasher: Sha256::new(), problems: Problems::default() };
        let article: Option<Article> = files.parse("article.toml");
        let sources: Option<sources::SourcesFile> = files.parse("sources.toml");
        let antibodies: Option<antibodies::AntibodiesFile> = files.parse("antibodies.toml");
        let ibm: Option<Ibm> = files.parse("ibm.toml");
        let dosing: Option<Dosing> = files.parse("dosing.toml");
        let refractory: Option<Refractory> = files.parse("refractory.toml");
        let reassess: Option<Reassess> = files.parse("reassess.toml");
        let monitor: Option<Monitor> = files.parse("monitor.toml");
        let synonyms: Option<Synonyms> = files.parse("synonyms.toml");
        let reading: Option<Reading> = files.parse("reading.toml");
        let aspects: Option<Aspects> = files.parse("aspects.toml");
        let reviews: Option<review::Reviews> = match review_check {
            ReviewCheck::Enforce => files.parse(review::FILE),
            ReviewCheck::Skip => Some(files.parse_optional(review::FILE).unwrap_or_default()),
        };
        let quiz_files = files.parse_quiz_folder();
        let FileLoader { hasher, mut problems, .. } = files;
        let invalid = |problems| KnowledgeError::Invalid { dir: dir.to_owned(), problems };

        let (
            Some(article),
            Some(sources),
            Some(antibodies),
            Some(ibm),
            Some(dosing),
            Some(refractory),
            Some(reassess),
            Some(monitor),
            Some(synonyms),
            Some(reading),
            Some(aspects),
            Some(reviews),
        ) = (
            article, sources, antibodies, ibm, dosing, refractory, reassess, monitor, synonyms, reading, aspects,
            reviews,
        )
        else {
            return Err(invalid(problems));
        };
        let mut article = article;
        article.split_sentences();
        article.validate("article.toml", &mut problems);
        let sources = SourceRegistry::build("sources.toml", sources.sources, &mut problems);
        let antibodies = Antibodies::new(antibodies);
        let refs = RefContext { article: &article, sources: &sources };
        antibodies.validate("antibodies.toml", &refs, &mut problems);
        ibm.validate("ibm.toml", &refs, &mut problems);
        dosing.validate("dosing.toml", &refs, &mut problems);
        refractory.validate("refractory.toml", &refs, &mut problems);
        reassess.validate("reassess.toml", &refs, &mut problems);
        monitor.validate("monitor.toml", &refs, &mut problems);
        synonyms.validate("synonyms.toml", &mut problems);
        synonyms.validate_against("synonyms.toml", &refractory, &mut problems);
        reading.validate("reading.toml", &mut problems);
        reading.validate_story_conditions("reading.toml", &synonyms, &mut problems);
        let therapy_ids = refractory.therapies.iter().map(|t| t.id.as_str()).collect();
        aspects.validate("aspects.toml", &refs, &therapy_ids, &mut problems);
        let mut bank_check = quiz_check::BankCheck::new(refs, &antibodies, &ibm);
        let mut quiz = QuizBank::default();
        for (file, questions) in quiz_files {
            bank_check.check(&file, &questions, &mut problems);
            quiz.questions.extend(questions);
        }
        bank_check.finish(&mut problems);
        if review_check == ReviewCheck::Enforce {
            let parts = review::Parts {
                dosing: &dosing,
                refractory: &refractory,
                reassess: &reassess,
                monitor: &monitor,
                ibm: &ibm,
                antibodies: &antibodies,
                quiz: &quiz.questions,
            };
            reviews.validate(&review::reviewables(&parts), &article, &mut problems);
        }
        if !problems.is_empty() {
            return Err(invalid(problems));
        }
        Ok(Self {
            dir: dir.to_owned(),
            article,
            sources,
            antibodies,
            ibm,
            dosing,
            refractory,
            reassess,
            monitor,
            synonyms,
            reading,
            aspects,
            quiz,
            reviews,
            checksum: format!("{:x}", hasher.finalize()),
        })
    }

    /// Every entry that must be reviewed against its sources, with the passages it cites.
    pub fn reviewables(&self) -> Vec<review::Reviewable> {
        review::reviewables(&review::Parts {
            dosing: &self.dosing,
            refractory: &self.refractory,
            reassess: &self.reassess,
            monitor: &self.monitor,
            ibm: &self.ibm,
            antibodies: &self.antibodies,
            quiz: &self.quiz.questions,
        })
    }

    /// A checker for references, for modules (like the quiz bank) that validate their own files.
    pub fn refs(&self) -> RefContext<'_> {
        RefContext { article: &self.article, sources: &self.sources }
    }
}

/// Reads knowledge files one by one, hashing what it reads and recording what it cannot parse.
struct FileLoader<'a> {
    dir: &'a Path,
    hasher: Sha256,
    problems: Problems,
}

impl FileLoader<'_> {
    /// Reads every `quiz/*.toml` in file-name order; no folder means an empty bank.
    fn parse_quiz_folder(&mut self) -> Vec<(String, Vec<quiz_bank::QuizQuestion>)> {
        let Ok(entries) = fs::read_dir(self.dir.join("quiz")) else { return Vec::new() };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .filter_map(|name| {
                let file = format!("quiz/{name}");
                let parsed: Option<quiz_bank::QuizFile> = self.parse(&file);
                parsed.map(|f| (file, f.questions))
            })
            .collect()
    }

    /// Like [`FileLoader::parse`], for a file that may be missing (`None`, no problem recorded).
    fn parse_optional<T: DeserializeOwned>(&mut self, file: &str) -> Option<T> {
        if self.dir.join(file).is_file() { self.parse(file) } else { None }
    }

    /// Reads and parses one file; a parse error names the line and what was expected.
    fn parse<T: DeserializeOwned>(&mut self, file: &str) -> Option<T> {
        let text = match fs::read_to_string(self.dir.join(file)) {
            Ok(text) => text,
            Err(e) => {
                self.problems.push(file, "-", "-", format!("cannot read the file: {e}"));
                return None;
            }
        };
        self.hasher.update(file.as_bytes());
        self.hasher.update([0]);
        self.hasher.update(text.as_bytes());
        match toml::from_str(&text) {
            Ok(value) => Some(value),
            Err(e) => {
                let entry = e
                    .span()
                    .map(|span| format!("line {}", text[..span.start.min(text.len())].lines().count().max(1)))
                    .unwrap_or_else(|| "-".to_owned());
                self.problems.push(file, entry, "-", e.message().to_owned());
                None
            }
        }
    }
}
