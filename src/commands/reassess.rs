//! `/reassess`: the article's "Is this IIM?" list: when to question the diagnosis again.

use crate::answer::Visibility;
use serde_json::json;

use super::CommandError;
use super::args::Args;
use super::render_util::quote_evidence;
use super::spec::CommandSpec;
use crate::Core;
use crate::answer::{Answer, Line};

/// `/reassess`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "reassess",
    description: "\"Is this IIM?\": the three settings in which to question the diagnosis again",
    example: "/reassess",
    visibility: Visibility::Public,
    interactive: false,
    subcommands: &[],
    options: &[],
};

/// Lists the three settings with their points and the closing advice.
pub fn run(core: &Core, _: &Args) -> Result<Answer, CommandError> {
    let knowledge = &core.knowledge;
    let r = &knowledge.reassess;
    let mut answer =
        Answer::clinical("Is this IIM? When to reassess the diagnosis").block(None, vec![Line::from(&r.intro)]);
    for setting in &r.settings {
        let mut lines = vec![Line::cited(setting.title.clone(), &setting.passages)];
        lines.extend(setting.points.iter().map(Line::from));
        answer = answer.block(Some(&format!("Setting {}", setting.number)), lines);
    }
    answer = answer.block(Some("Always"), r.closing.iter().map(Line::from).collect());
    let statements = std::iter::once(&r.intro).chain(r.settings.iter().flat_map(|s| s.points.iter())).chain(&r.closing);
    for s in statements {
        if let Some(evidence) = &s.evidence {
            answer = quote_evidence(answer, knowledge, &s.passages, evidence);
        }
    }
    answer.data = json!({ "intro": r.intro, "settings": r.settings, "closing": r.closing });
    Ok(answer)
}
