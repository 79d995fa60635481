//! What an `/ask` answer says of page 6's one list, the "Is this IIM?" settings (article.toml `introduces`
//! and `listed_under`): a setting quoted without its introduction is said to be one of them, and the
//! introduction quoted without its settings names them.

use crate::answer::{Answer, Line};
use crate::knowledge::{Article, Passage};
use crate::search::Hit;

/// `answer` with a note for list items shown without their introduction ("MRI can identify ..." is one of
/// the settings in which to ask "Is this IIM?" again: one note per list, counting the items shown), and a
/// block naming the items of an introduction shown without them ("reassess the question in the following
/// settings"), each in page 6's words up to its colon, located.
pub(super) fn with_lists(mut answer: Answer, article: &Article, shown: &[&Hit]) -> Answer {
    let listed_under = |hit: &&Hit| article.passage(&hit.id).and_then(|p| p.listed_under.as_deref());
    let mut intros: Vec<&str> = shown.iter().filter_map(listed_under).collect();
    // Shown by score, a list's items need not be adjacent.
    intros.sort_unstable();
    intros.dedup();
    for intro in intros {
        let items = shown.iter().filter(|h| listed_under(h) == Some(intro)).count();
        if shown.iter().any(|h| h.id == intro) {
            continue;
        }
        if let Some(passage) = article.passage(intro)
            && let Some(what) = &passage.introduces
        {
            let count = ["One", "Two", "Three"].get(items.saturating_sub(1)).copied().unwrap_or("Some");
            answer.notes.push(format!("{count} of page 6's {what} ({}).", passage.place()));
        }
    }
    for intro in shown.iter().filter_map(|h| article.passage(&h.id)).filter(|p| p.introduces.is_some()) {
        let items: Vec<&Passage> =
            article.passages.iter().filter(|p| p.listed_under.as_deref() == Some(intro.id.as_str())).collect();
        if items.iter().any(|item| shown.iter().any(|h| h.id == item.id)) {
            continue;
        }
        let settings: Vec<Line> = items
            .iter()
            .filter_map(|item| {
                let (setting, _) = item.text.split_once(':')?;
                Some(Line::cited(
                    format!("\u{201c}{setting}\u{201d} ({})", item.place()),
                    std::slice::from_ref(&item.id),
                ))
            })
            .collect();
        answer = answer.block(Some(&format!("The settings listed under {}", intro.place())), settings);
    }
    answer
}
