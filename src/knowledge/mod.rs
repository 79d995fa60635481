//! The knowledge base: the article as passages plus structured, cited entries, loaded from TOML files and
//! validated as a whole so that every reference resolves before the bot answers anyone.

mod antibodies;
mod article;
mod dosing;
mod ibm;
mod monitor;
mod problems;
mod quiz_bank;
mod reassess;
mod refractory;
mod sources;
mod statement;
mod synonyms;

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

pub use antibodies::{Antibodies, Antibody, AntibodyGroup, Era, name_key};
pub use article::{Article, ArticleSource, Passage, ReferenceMarker, Unavailable};
pub use dosing::{Amount, Dosing, Drug, Gap, MassUnit, Per, Regimen, TaperFailureLevel};
pub use ibm::{Ibm, IbmFeature, LaterCriteria};
pub use monitor::Monitor;
pub use problems::{Problem, Problems};
pub use quiz_bank::{Difficulty, QuizBank, QuizQuestion, Topic, reference_texts};
pub use reassess::{Reassess, Setting};
pub use refractory::{Diagnosis, Flag, Refractory, Rule, Stance, Therapy};
pub use sources::{Source, SourceRegistry};
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
    /// Quiz questions from knowledge/quiz/*.toml.
    pub quiz: QuizBank,
    /// SHA-256 over the knowledge files, so `/about` can say exactly which content is loaded.
    pub checksum: String,
}

impl Knowledge {
    /// Loads and validates every file in `dir`; any problem (parse error, missing reference, evidence
    /// phrase not in its passage, …) fails the load with every problem listed.
    pub fn load(dir: &Path) -> Result<Self, KnowledgeError> {
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
        ) = (article, sources, antibodies, ibm, dosing, refractory, reassess, monitor, synonyms)
        else {
            return Err(invalid(problems));
        };
        article.validate("article.toml", &mut problems);
        let sources = SourceRegistry::build("sources.toml", sources.sources, &mut problems);
        let antibodies = Antibodies::new(antibodies.general, antibodies.antibodies);
        let refs = RefContext { article: &article, sources: &sources };
        antibodies.validate("antibodies.toml", &refs, &mut problems);
        ibm.validate("ibm.toml", &refs, &mut problems);
        dosing.validate("dosing.toml", &refs, &mut problems);
        refractory.validate("refractory.toml", &refs, &mut problems);
        reassess.validate("reassess.toml", &refs, &mut problems);
        monitor.validate("monitor.toml", &refs, &mut problems);
        synonyms.validate("synonyms.toml", &mut problems);
        let mut bank_check = quiz_bank::BankCheck {
            article: &article,
            antibodies: &antibodies,
            ibm: &ibm,
            ids: Default::default(),
            stems: Default::default(),
        };
        let mut quiz = QuizBank::default();
        for (file, questions) in quiz_files {
            bank_check.check(&file, &questions, &mut problems);
            quiz.questions.extend(questions);
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
            quiz,
            checksum: format!("{:x}", hasher.finalize()),
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
