//! `/ask` as a resident reads it (issue 11): the answering sentence first, located to the sentence, only
//! what is relevant, fit for a phone, safe, and words that are commands treated as commands. Every example
//! the issue names is checked on the rendered text and the JSON.

mod common;

use common::{bin, bin_json, run};
use myositis_bot::answer::{Answer, QuoteKind, Visibility};
use myositis_bot::buttons::ButtonId;
use myositis_bot::commands::press;
use myositis_bot::discord::layout;
use myositis_bot::quiz::Caller;
use myositis_bot::render::text::{FIXED_WIDTH, for_terminal, render};

fn ask(question: &str) -> Answer {
    run("ask", &[("question", question)]).expect("an answer")
}

fn answers(answer: &Answer) -> Vec<(String, String)> {
    answer
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Answer)
        .map(|q| (q.passage.clone(), q.location.clone()))
        .collect()
}

#[test]
fn the_answering_sentence_leads_located_to_the_sentence_with_matched_words_marked() {
    let answer = ask("cellcept in myositis");
    let first = answer.quotes.first().expect("a quote");
    assert_eq!(first.kind, QuoteKind::Answer);
    assert_eq!(first.passage, "mm2008-p6-03");
    assert!(first.location.ends_with("p. 6, ¶3, sentence 2"), "{}", first.location);
    assert!(first.text.starts_with("Early uncontrolled reports using mycophenylate mofetil"), "{}", first.text);
    assert!(first.shown().contains("**mycophenylate mofetil**"), "{}", first.shown());
    // The rendered text shows the sentence before the whole paragraph.
    let text = render(&answer);
    let sentence_at = text.find("Early uncontrolled").expect("sentence");
    let paragraph_at = text.find("In full").expect("paragraph");
    assert!(sentence_at < paragraph_at, "{text}");
    // Only the passage that answers: not the monitoring or the conclusion paragraph.
    let shown: Vec<&str> = answer.quotes.iter().map(|q| q.passage.as_str()).collect();
    assert!(!shown.contains(&"mm2008-p6-06") && !shown.contains(&"mm2008-p6-11"), "{shown:?}");
    let json = bin_json(&["ask", "--json", "cellcept in myositis"]);
    assert_eq!(json["shown"], serde_json::json!(["mm2008-p6-03"]));
    assert!(json["answer"]["quotes"][0]["marked"].as_str().is_some_and(|m| m.contains("**")));
}

#[test]
fn a_sentence_that_names_its_subject_only_before_comes_with_that_sentence() {
    // ¶2 s2's trial is IVIG's, named in s1; s4's benefit that wanes is that of s3's IVIG infusions.
    let trial = ask("is there a controlled trial in resistant DM for IVIG");
    let first = trial.quotes.first().expect("a quote");
    assert!(first.location.ends_with("p. 6, ¶2, sentences 1–2"), "{}", first.location);
    assert!(first.text.starts_with("Opinions vary considerably regarding the role of IVIG"), "{}", first.text);
    let waning = ask("does the IVIG benefit last");
    assert!(waning.quotes[0].location.ends_with("p. 6, ¶2, sentences 3–4"), "{}", waning.quotes[0].location);
    // A sentence that names its own subject is quoted alone.
    let cyclo = ask("when is cyclophosphamide used in myositis");
    assert!(cyclo.quotes[0].location.ends_with("p. 6, ¶3, sentence 3"), "{}", cyclo.quotes[0].location);
}

#[test]
fn a_starting_dose_of_prednisone_leads_with_the_sentence_that_gives_it() {
    for question in [
        "how much prednisone do you start with",
        "starting dose of pred",
        "what dose of prednisone do we start",
        "initial pred dose for DM",
    ] {
        let answer = ask(question);
        let first = answer.quotes.first().expect("a quote");
        assert_eq!(first.kind, QuoteKind::Answer, "{question}");
        // Sentence 2 names no drug: it comes with sentence 1, which says it is prednisone's (`continues`).
        assert!(first.location.ends_with("p. 6, ¶1, sentences 1–2"), "{question}: {}", first.location);
        assert!(first.text.starts_with("Prednisone remains the first-line pharmacologic therapy"), "{question}");
        assert!(
            first.text.ends_with("at the outset in significantly affected patients."),
            "{question}: {}",
            first.text
        );
    }
    // The sentence says prednisone's dose only: asked for methotrexate's, the answer leads with its own.
    let mtx = ask("mtx dose");
    let first = mtx.quotes.first().expect("a quote");
    assert!(first.location.ends_with("p. 6, ¶1, sentence 3"), "{}", first.location);
    let json = bin_json(&["ask", "--json", "how much prednisone do you start with"]);
    assert_eq!(json["results"][0]["lead"][0], 2, "{json}");
}

#[test]
fn reference_entries_appear_only_when_named_and_after_the_article() {
    for question in ["imuran dose when the pred taper fails", "cant get off steroids", "ritux for refractory PM"] {
        let answer = ask(question);
        let text = render(&answer);
        assert!(!text.contains("reference entry"), "{question}: {text}");
        assert!(
            !text.contains("anti-PM/Scl") && !text.contains("anti-HMGCR") && !text.contains("anti-Mi-2"),
            "{question}"
        );
        assert!(answer.citations.is_empty(), "{question}: no outside sources for an article answer");
    }
    let imuran = render(&ask("imuran dose when the pred taper fails"));
    assert!(imuran.lines().count() < 45, "{imuran}");
    // Named, the entry comes after the article's words, under a heading that says it is not the article.
    let named = render(&ask("anti-Jo-1 and ILD treatment"));
    if let Some(entry) = named.find("(reference entry, not the article)") {
        assert!(named.find("Page 6 on your question").is_some_and(|title| title < entry), "{named}");
    }
    let ritux = ask("ritux for refractory PM");
    assert!(render(&ritux).contains("/refractory diagnosis:pm"), "{}", render(&ritux));
    // Naming IBM brings the IBM entry that answers, not every IBM feature that shares a word.
    let dysphagia = bin_json(&["ask", "--json", "IBM with dysphagia, options?"]);
    let ids: Vec<&str> =
        dysphagia["references"].as_array().into_iter().flatten().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["ibm:dysphagia"], "{dysphagia}");
    // Nor a second entry that matches only IBM's name ("inclusions", "IBM" in the biopsy entry).
    let ivig = bin_json(&["ask", "--json", "is IVIG worth trying in IBM?"]);
    let ids: Vec<&str> = ivig["references"].as_array().into_iter().flatten().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["ibm:treatment"], "{ivig}");
}

#[test]
fn a_page_6_drug_in_another_disease_is_outside_the_article_with_no_dose_pointer() {
    for (question, outside) in [
        (
            "methotrexate dose for rheumatoid arthritis",
            "only in myositis; it does not say anything about its use in rheumatoid arthritis.",
        ),
        // Unknown words may name a disease or not ("wine"): the answer says only what is true of both.
        (
            "IVIG for Guillain-Barre",
            "IVIG (intravenous immunoglobulin) only in treating myositis; it does not address the rest",
        ),
        ("can I drink wine on methotrexate", "Methotrexate only in treating myositis; it does not address the rest"),
    ] {
        let answer = ask(question);
        let text = render(&answer);
        assert_eq!(answer.title, "Page 6 does not address this", "{question}: {text}");
        assert!(answer.quotes.is_empty(), "{question}: {text}");
        assert!(text.contains(outside), "{question}: {text}");
        assert!(!text.contains("outside myositis"), "{question}: {text}");
        assert!(!text.contains("/dose"), "{question}: no dose pointer: {text}");
        let json = bin_json(&["ask", "--json", question]);
        assert!(json["pointers"].as_array().is_some_and(|p| p.iter().all(|p| !p.to_string().contains("/dose"))));
        assert!(json["elsewhere"]["therapies"].as_array().is_some_and(|t| !t.is_empty()), "{json}");
    }
    let json = bin_json(&["ask", "--json", "methotrexate dose for rheumatoid arthritis"]);
    assert_eq!(json["elsewhere"]["disease"], "rheumatoid arthritis", "{json}");
    // With a word of myositis it is the article's question, with its pointer.
    let dm = render(&ask("methotrexate dose for DM with arthritis"));
    assert!(dm.contains("p. 6, ¶1") && !dm.contains("only in myositis"), "{dm}");
}

#[test]
fn a_dose_pointer_only_where_a_weight_matters() {
    let ivig = render(&ask("IVIG g/kg/mo for refractory PM or DM?"));
    assert!(ivig.contains("/dose weight:<number> unit:kg"), "{ivig}");
    // Methotrexate is a fixed weekly amount, and an unanswered question gets no dose to apply.
    for question in [
        "how much methotrexate should my mother take daily",
        "pt with CKD, eGFR 35 - do we need to reduce the methotrexate dose for his myositis?",
    ] {
        let text = render(&ask(question));
        assert!(!text.contains("/dose"), "{question}: {text}");
    }
}

#[test]
fn a_dose_page_6_does_not_give_points_to_the_refractory_options_of_the_disease_asked() {
    let text = render(&ask("rituximab for refractory DM - what dose?"));
    assert!(text.contains("/refractory diagnosis:dm (where page 6 places each drug"), "{text}");
    assert_eq!(text.matches("/refractory").count(), 1, "{text}");
}

#[test]
fn methotrexate_named_only_in_the_history_of_another_drugs_dose_question_gets_no_methotrexate_warning() {
    let answer = ask("48F refractory PM, failed pred + MTX + AZA, going for IVIG - what dose and how often?");
    let text = render(&answer);
    assert!(answer.warnings.iter().chain(&answer.notes).all(|w| !w.contains("per WEEK")), "{text}");
    assert!(answers(&answer)[0].1.ends_with("¶2, sentence 3"), "the IVIG dose leads: {text}");
}

#[test]
fn pointers_carry_the_questions_own_values() {
    let glued = render(&ask("what dose of pred for 70kg DM"));
    assert!(glued.contains("/dose weight:70 unit:kg"), "{glued}");
    let spaced = render(&ask("what dose of pred for 70 kg DM"));
    assert!(spaced.contains("/dose weight:70 unit:kg"), "{spaced}");
}

#[test]
fn console_text_wraps_on_words_at_phone_width() {
    let text = render(&run("dose", &[("weight", "70"), ("unit", "kg")]).expect("dose"));
    let narrow = for_terminal(&text, 60, false);
    assert!(narrow.lines().all(|l| l.chars().count() <= 60), "{narrow}");
    assert!(!narrow.contains("W\nEEK") && narrow.contains("per WEEK"), "{narrow}");
    // A dose never breaks inside its units ("1 mg/kg/" then "day").
    let quoted = for_terminal(&render(&ask("initial prednisone dose for dermatomyositis")), 60, false);
    assert!(quoted.contains("mg/kg/day") && !quoted.lines().any(|l| l.trim_end().ends_with('/')), "{quoted}");
    assert!(for_terminal(&text, FIXED_WIDTH, false).lines().all(|l| l.chars().count() <= FIXED_WIDTH));
    // The console itself, piped: fixed width, matched words still marked.
    let out = bin(&["console"], "cellcept in myositis\n");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.lines().all(|l| l.chars().count() <= FIXED_WIDTH), "{shown}");
    assert!(shown.contains("**mycophenylate"), "{shown}");
}

#[test]
fn a_discord_answer_fits_a_phone_screen_with_the_paragraph_on_request() {
    let answer = ask("cellcept in myositis");
    let parts = layout(&answer);
    assert!(
        parts.description.starts_with("> Early uncontrolled reports using **mycophenylate mofetil**"),
        "{}",
        parts.description
    );
    assert!(parts.description.contains("p. 6, ¶3, sentence 2"));
    assert!(parts.fields.is_empty(), "the paragraph waits behind its button: {:?}", parts.fields);
    assert!(parts.total_chars() < 700, "{}", parts.total_chars());
    let button = answer.buttons.first().expect("a Show in full button");
    assert_eq!(ButtonId::decode(&button.custom_id), Ok(ButtonId::Paragraph { passage: "mm2008-p6-03".into() }));
    assert!(button.label.starts_with("Show in full"));
    let me = Caller::at_console();
    let shown = common::block_on(press(&common::context(&me), &button.custom_id)).expect("the paragraph");
    assert_eq!(shown.visibility, Visibility::Private);
    assert!(shown.quotes[0].text.starts_with("Added options in refractory DM and PM"));
    // A paragraph the article no longer has, a button of an older version, or a quiz without its
    // database are each said, never a panic.
    let gone = ButtonId::Paragraph { passage: "mm2008-p6-99".into() }.encode();
    assert!(
        common::block_on(press(&common::context(&me), &gone))
            .is_err_and(|e| e.to_string().contains("not in the bot's text"))
    );
    assert!(
        common::block_on(press(&common::context(&me), "askp:1:mm2008-p6-03"))
            .is_err_and(|e| e.to_string().contains("earlier version"))
    );
    let quiz_button = ButtonId::QuizOption { session: 1, question: 2, option: 3 }.encode();
    assert!(
        common::block_on(press(&common::context(&me), &quiz_button))
            .is_err_and(|e| e.to_string().contains("not available"))
    );
}

#[test]
fn long_input_is_cut_on_a_word_once() {
    let paste = "the patient has myositis and weakness ".repeat(200);
    let answer = ask(&paste);
    let text = render(&answer);
    assert_eq!(answer.warnings.iter().filter(|w| w.contains("longer than")).count(), 1, "{text}");
    assert!(!text.contains("does not use: m."), "{text}");
}

#[test]
fn methotrexate_asked_daily_is_told_once_a_week_on_every_door() {
    let daily = "Methotrexate is dosed per WEEK (a weekly total), never per day: there is no daily methotrexate dose.";
    for question in ["mtx daily dose?", "how much methotrexate should my mother take daily"] {
        let answer = ask(question);
        let warned: Vec<&String> = answer.warnings.iter().filter(|w| w.contains("per WEEK")).collect();
        assert_eq!(warned.len(), 1, "{question}: one warning, not two: {:?}", answer.warnings);
        assert!(warned[0].starts_with(daily), "{question}: {}", warned[0]);
        // With the article's per-week dose in its own words and the sentence it is in.
        assert!(warned[0].contains("up to 25 to 30 mg/week\u{201d} (p. 6, ¶1, sentence 3)"), "{}", warned[0]);
        assert!(warned[0].contains(": up to 25 to 30 mg per WEEK, a weekly total"), "{}", warned[0]);
        // Console text, the Discord embed and the JSON all carry it.
        assert!(render(&answer).contains(daily), "{question}");
        assert!(layout(&answer).description.contains(daily), "{question}");
        let json = bin_json(&["ask", "--json", question]);
        assert!(json["answer"]["warnings"][0].as_str().is_some_and(|w| w.starts_with(daily)), "{json}");
    }
    // Asked per week, the usual warning.
    let weekly = ask("mtx dose per week");
    assert!(
        weekly.warnings.iter().any(|w| w.contains("per WEEK") && !w.contains("no daily methotrexate dose")),
        "{:?}",
        weekly.warnings
    );
}

#[test]
fn identifying_details_make_the_answer_private_and_are_never_echoed() {
    let question = "mrs holloway mrn 00482913 dob 12/03/1961, dm not improving, is ivig an option";
    let answer = ask(question);
    assert_eq!(answer.visibility, Visibility::Private);
    assert_eq!(answer.warnings.iter().filter(|w| w.contains("identify a patient")).count(), 1);
    let everything = format!("{}{}", render(&answer), answer.to_json());
    for detail in ["holloway", "00482913", "12/03/1961"] {
        assert!(!everything.to_lowercase().contains(detail), "{detail} echoed: {everything}");
    }
    assert!(answer.quotes.iter().any(|q| q.passage == "mm2008-p6-02"), "still answered: {:?}", answers(&answer));
    let json = bin_json(&["ask", "--json", question]);
    assert!(json["query"].is_null() && json["reading"].is_null(), "{json}");
    // A name without a title is not recognised as one, but beside a record number it is never echoed
    // either: the words the article did not match are the question's own.
    let json = bin_json(&["ask", "--json", "john smith mrn 00482913 dm not improving, ivig?"]);
    assert_eq!(json["unmatched"], serde_json::json!([]), "{json}");
    assert!(!json.to_string().to_lowercase().contains("smith"), "{json}");
    // Ordinary shorthand stays public.
    assert_eq!(ask("62M DM CK 4000, 70 kg, day 14 of pred 60, ivig?").visibility, Visibility::Public);
}

#[test]
fn a_name_without_a_title_beside_an_age_and_an_admission_date_is_identifying() {
    let question = "John Smith 54 admitted 03/02/2025 with weakness, CK 9000, what next";
    let answer = ask(question);
    assert_eq!(answer.visibility, Visibility::Private);
    let notices: Vec<&String> = answer.warnings.iter().filter(|w| w.contains("identify a patient")).collect();
    assert_eq!(notices.len(), 1, "{:?}", answer.warnings);
    assert!(notices[0].contains("a name") && notices[0].contains("a date of admission or care"), "{}", notices[0]);
    let everything = format!("{}{}", render(&answer), answer.to_json());
    for detail in ["john", "smith", "03/02/2025"] {
        assert!(!everything.to_lowercase().contains(detail), "{detail} echoed: {everything}");
    }
    let json = bin_json(&["ask", "--json", question]);
    assert!(json["query"].is_null() && json["reading"].is_null(), "{json}");
    assert_eq!(json["private_details"], serde_json::json!(["care-date", "name"]), "{json}");
    assert!(!json.to_string().to_lowercase().contains("smith"), "{json}");
    // The same shorthand without a name, and each piece of it alone, stays public.
    for question in [
        "62M admitted 03/02/2025 with weakness, CK 9000, what next",
        "70 kg, CK 4000, day 14 of pred, DM or PM?",
        "mtx and aza for DM, 62M",
    ] {
        assert_eq!(ask(question).visibility, Visibility::Public, "{question}");
    }
}

#[test]
fn words_that_are_commands_and_single_topic_words() {
    for word in ["help", "?", "commands", "HELP"] {
        let answer = ask(word);
        assert!(render(&answer).contains("/dose"), "{word}: {}", render(&answer));
        assert!(answer.quotes.is_empty(), "{word}: help, not an IVIG passage");
    }
    for word in ["myositis", "IBM", "IVIG"] {
        let answer = ask(word);
        assert!(!answer.quotes.is_empty(), "{word}: {}", render(&answer));
        assert_ne!(answer.title, "Page 6 does not cover this", "{word}");
    }
    assert_eq!(answers(&ask("IVIG")).first().map(|(p, _)| p.as_str()), Some("mm2008-p6-02"));
}

#[test]
fn eval_reports_sentence_hits_and_the_share_of_extra_passages() {
    let out = bin(&["eval", "--split", "tune"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("sent@1") && text.contains("more"), "{text}");
    let json = bin_json(&["eval", "--split", "tune", "--json"]);
    assert!(json["overall"][0]["sentence_hit_at_1"].as_f64().is_some_and(|s| s > 0.7), "{json}");
    assert!(json["overall"][0]["more_than_one_passage"].as_f64().is_some_and(|s| s < 0.3));
}

#[test]
fn what_next_for_an_untreated_patient_is_the_first_line_treatment_not_the_refractory_options() {
    for question in ["what next for a new untreated DM patient", "newly diagnosed pm, untreated, what do we start"] {
        let answer = ask(question);
        assert_eq!(
            answers(&answer).first().map(|(p, l)| (p.as_str(), l.ends_with("¶1, sentence 1"))),
            Some(("mm2008-p6-01", true)),
            "{question}: {}",
            render(&answer)
        );
        let shown: Vec<&str> = answer.quotes.iter().map(|q| q.passage.as_str()).collect();
        assert!(!shown.contains(&"mm2008-p6-03"), "{question}: {shown:?}");
        assert!(!render(&answer).contains("/refractory"), "{question}: {}", render(&answer));
    }
    // Treatment that failed still gets the refractory options and the pointer.
    let failed = ask("failed pred and aza, what next?");
    assert_eq!(answers(&failed).first().map(|(p, _)| p.as_str()), Some("mm2008-p6-03"));
    assert!(render(&failed).contains("/refractory"), "{}", render(&failed));
}

#[test]
fn a_taper_schedule_is_said_to_be_missing_with_what_page_6_does_say_about_the_taper() {
    for question in ["how long to taper pred", "pred taper schedule for pm how fast"] {
        let answer = ask(question);
        let text = render(&answer);
        // The title names what page 6 does not address, since the quotes below do bear on the question.
        assert!(answer.title.starts_with("Page 6 does not address a taper schedule"), "{question}: {text}");
        assert!(text.contains("\u{201c}If prednisone taper is not tolerated"), "{question}: {text}");
        assert!(text.contains("(p. 6, ¶1, sentence 4)"), "{question}: {text}");
        // In reading order: the DMARD "while attempting to taper" (sentence 3) before sentence 4.
        let third = text.find("(p. 6, ¶1, sentence 3)").expect("sentence 3 quoted");
        assert!(third < text.find("(p. 6, ¶1, sentence 4)").expect("sentence 4"), "{question}: {text}");
        let json = bin_json(&["ask", "--json", question]);
        assert_eq!(json["covered"], false, "{question}");
        assert_eq!(json["unaddressed"][0]["aspect"], "taper-schedule", "{question}");
    }
}

#[test]
fn an_mri_protocol_is_said_to_be_missing_with_when_page_6_says_mri_helps() {
    let text = render(&ask("CK 3x ULN, no weakness - can MRI thighs w/ STIR tell if active?"));
    assert!(text.starts_with("Page 6 does not address how to do the MRI (sequences, protocol)\n"), "{text}");
    assert!(text.contains("\u{201c}MRI can identify active inflammation"), "{text}");
    assert!(text.contains("(p. 6, ¶7, item 1, sentence 2)"), "{text}");
}

#[test]
fn the_weekly_methotrexate_reminder_follows_the_quotes_unless_methotrexate_is_asked() {
    for question in ["prednisone dose", "azathioprine dose"] {
        let answer = ask(question);
        assert!(answer.warnings.is_empty(), "{question}: {:?}", answer.warnings);
        assert_eq!(answer.notes.iter().filter(|n| n.contains("per WEEK")).count(), 1, "{question}");
        // The answering sentence comes first, the reminder right after the answering quotes.
        let text = render(&answer);
        let (sentence, note) =
            (text.find('\u{201c}').expect("a quote"), text.find("per WEEK (a weekly").expect("note"));
        assert!(sentence < note && note < text.find("In full").expect("paragraph"), "{text}");
        let embed = layout(&answer).description;
        assert!(embed.find("> ").expect("quote") < embed.find("per WEEK (a weekly").expect("note"), "{embed}");
    }
    let asked = ask("mtx dose");
    assert!(asked.warnings.iter().any(|w| w.contains("per WEEK")), "{:?}", asked.warnings);
}

#[test]
fn table_3_is_a_part_of_the_article_the_bot_does_not_hold_not_a_topic_it_lacks() {
    for question in ["what is the table 3", "what does table 3 list?"] {
        let answer = ask(question);
        let text = render(&answer);
        assert!(answer.title.starts_with("The bot does not have this part of the article: Table 3"), "{text}");
        assert!(text.contains("printed as an image"), "{text}");
        assert!(!text.contains("does not use"), "{text}");
    }
}

#[test]
fn a_comparison_of_drugs_quotes_each_and_says_page_6_makes_none() {
    let answer = ask("is mycophenolate better than azathioprine");
    let shown: Vec<&str> = answer.quotes.iter().map(|q| q.passage.as_str()).collect();
    assert!(shown.contains(&"mm2008-p6-03") && shown.contains(&"mm2008-p6-01"), "{shown:?}");
    let note =
        "Page 6 reports no trial comparing Azathioprine with Mycophenolate mofetil: what it says of each is quoted.";
    assert!(answer.notes.iter().any(|n| n == note), "{:?}", answer.notes);
    // Two drugs named without comparing them get no such note.
    let both = ask("can we stack aza and mtx together");
    assert!(both.notes.iter().all(|n| !n.contains("no trial comparing")), "{:?}", both.notes);
}

#[test]
fn an_aspect_page_6_does_not_address_is_the_reason_not_a_list_of_words() {
    let text = render(&ask("how long should she stay on pred"));
    assert!(text.contains("Page 6 does not address how long to continue a treatment"), "{text}");
    assert!(!text.contains("does not use"), "{text}");
}

#[test]
fn a_dose_page_6_does_not_give_quotes_what_it_does_say_and_does_not_point_to_dose() {
    let answer = ask("rituximab dose?");
    let text = render(&answer);
    assert_eq!(answer.title, "Page 6 gives no dose for this", "{text}");
    assert!(text.contains("Page 6 gives no dose for B cell–depleting therapies"), "{text}");
    assert!(
        text.contains("\u{201c}The role of anti–tumor necrosis factor or B cell–depleting therapies in IIM is unknown.\u{201d} (p. 6, ¶5, sentence 1)"),
        "{text}"
    );
    assert!(!text.contains("/dose"), "{text}");
    assert!(!text.contains("/help"), "a dose gap is an answer, not a dead end: {text}");
    assert!(!text.contains("does not hold these parts"), "the parts the bot lacks only when nothing is found: {text}");
    let nothing = render(&ask("what about acupuncture for myositis"));
    assert!(nothing.contains("The bot does not hold these parts of the article: Pages 1-5; Table 3"), "{nothing}");
}

#[test]
fn weaker_on_steroids_and_cushingoid_is_the_setting_of_steroid_myopathy_not_an_outside_topic() {
    let answer = ask(
        "PM on steroids 3 months, CK down from 8000 to 400 but she is getting weaker and looks cushingoid - what is going on?",
    );
    let text = render(&answer);
    assert_eq!(answers(&answer)[0].0, "mm2008-p6-09", "{text}");
    assert!(text.contains("steroid myopathy"), "{text}");
}

#[test]
fn a_vignette_that_asks_of_a_drug_shows_what_page_6_says_of_it() {
    // The findings after the ask ("still weak, CK 3000") rank the "Is this IIM?" settings first; the drug
    // asked about is only in ¶3, whose sentence on it is quoted too.
    let answer =
        ask("Where does cyclophosphamide fit in IIM? 47F has had pred, MTX, aza, tacro and 6 months of IVIG and is \
         still weak, CK 3000, team is split on next step.");
    let leads: Vec<&str> =
        answer.quotes.iter().filter(|q| q.kind == QuoteKind::Answer).map(|q| q.text.as_str()).collect();
    assert!(leads.iter().any(|t| t.starts_with("Because reports of cyclophosphamide efficacy")), "{leads:?}");
}

#[test]
fn reassess_in_the_following_settings_points_to_the_settings() {
    // ¶7 ends "reassess the question in the following settings"; the settings are ¶7's items (/reassess).
    let json = bin_json(&["ask", "--json", "when should we rebiopsy"]);
    assert_eq!(json["shown"], serde_json::json!(["mm2008-p6-07"]));
    let pointers = json["pointers"].as_array().expect("pointers");
    assert!(pointers.iter().any(|p| p.as_str().is_some_and(|p| p.starts_with("/reassess "))), "{pointers:?}");
    let json = bin_json(&["ask", "--json", "cellcept in myositis"]);
    assert!(!json["pointers"].to_string().contains("/reassess"), "only where ¶7 leads");
    // The answer names the settings too, each in page 6's words up to its colon, located.
    let text = render(&ask("should her doctors ever double check it's even the right diagnosis"));
    let block = text.find("The settings listed under p. 6, ¶7").expect("the settings block");
    for setting in [
        "\u{201c}Persistent elevated muscle enzymes despite appropriate treatment and improving symptoms\u{201d} (p. 6, ¶7, item 1)",
        "\u{201c}Persistent or increasing muscle weakness with or without CK change\u{201d} (p. 6, ¶7, item 2)",
        "\u{201c}Evolving symptoms suggestive of IBM in a patient whose muscle biopsy was read as PM\u{201d} (p. 6, ¶7, item 3)",
    ] {
        assert!(text[block..].contains(setting), "{setting}: {text}");
    }
    // An answer led by one of the settings lists none.
    let item = render(&ask("CK high but strength normal, is this still IIM, should we reassess?"));
    assert!(item.contains("[mm2008-p6-08]") && !item.contains("The settings listed under"), "{item}");
}

#[test]
fn an_antibody_page_6_never_names_is_said_to_be_outside_the_article() {
    let answer = ask("is anti-Jo-1 linked to lung disease");
    assert!(
        answer.warnings.iter().any(
            |w| w.starts_with("The bot's text of page 6 does not mention anti-Jo-1 (the bot does not hold Table 3")
        ),
        "{:?}",
        answer.warnings
    );
    // Without an antibody, no such warning.
    assert!(!ask("tacrolimus for lung disease in DM").warnings.iter().any(|w| w.contains("does not mention")));
}

#[test]
fn a_reference_entry_shows_the_claims_closest_to_the_question_each_with_its_sources() {
    let answer = ask("is anti-Jo-1 linked to lung disease");
    let entry = answer
        .blocks
        .iter()
        .find(|b| b.heading.as_deref() == Some("Antibody: anti-Jo-1 (reference entry, not the article)"))
        .expect("the entry");
    let (note, claims) = entry.lines.split_last().expect("lines");
    assert!(note.text.starts_with("(Shown: ") && note.text.contains("claims"), "{}", note.text);
    assert!(claims[0].text.starts_with("Group: myositis-specific. Era: "), "{}", claims[0].text);
    let claims = &claims[1..];
    assert!((1..=2).contains(&claims.len()), "the lead claims only: {claims:?}");
    assert!(claims.iter().all(|c| !c.sources.is_empty()), "each claim cites its own sources");
    assert!(claims.iter().any(|c| c.text.contains("interstitial lung disease")), "{claims:?}");
    // Only the shown claims' sources are listed.
    let mut cited: Vec<&str> = claims.iter().flat_map(|c| &c.sources).map(String::as_str).collect();
    cited.sort_unstable();
    cited.dedup();
    let mut listed: Vec<&str> = answer.citations.iter().map(|c| c.id.as_str()).collect();
    listed.sort_unstable();
    assert_eq!(listed, cited);
}

#[test]
fn a_relative_asking_a_dose_gets_the_article_but_no_dose_for_the_weight() {
    let json = bin_json(&["ask", "--json", "my mum is 60 kg, how much prednisone to start"]);
    assert_eq!(json["shown"], serde_json::json!(["mm2008-p6-01"]));
    assert!(!json["pointers"].to_string().contains("/dose"), "{}", json["pointers"]);
    assert!(json["answer"]["notes"].to_string().contains("set by the patient's own doctor"), "{}", json["answer"]);
    // A resident's vignette with the same weight is offered the worked dose.
    let json = bin_json(&["ask", "--json", "60 kg DM, how much prednisone to start"]);
    assert!(json["pointers"].to_string().contains("/dose weight:60 unit:kg"), "{}", json["pointers"]);
}

#[test]
fn a_lay_name_for_a_drug_is_said_as_read() {
    let answer = ask("do all the specialists agree on using the blood product drip");
    assert_eq!(
        answer.notes.first().map(String::as_str),
        Some("Read “blood product” and “drip” as IVIG (intravenous immunoglobulin).")
    );
    let json = bin_json(&["ask", "--json", "is the transplant drug good for lung disease in DM"]);
    assert_eq!(json["read_as"], serde_json::json!([["transplant drug", ["cyclosporine", "tacrolimus"]]]));
    // A name page 6 never prints is said as read too (a brand; an agent page 6 names only by its class),
    // in the same one line; a name page 6 prints is not.
    assert_eq!(
        ask("cellcept in myositis").notes.first().map(String::as_str),
        Some("Read “cellcept” as Mycophenolate mofetil.")
    );
    let both = ask("is the blood product drip better than rituxan for refractory DM");
    assert_eq!(
        both.notes.first().map(String::as_str),
        Some(
            "Read “blood product” and “drip” as IVIG (intravenous immunoglobulin); “rituxan” as B cell–depleting therapies (page 6 names no agent)."
        )
    );
    assert!(ask("MTX dose in PM").notes.iter().all(|n| !n.starts_with("Read ")));
    // A reading of a drug no shown passage names says nothing of the answer: ¶4 on IBM never names prednisone.
    let ibm = ask("will steroids slow down my IBM?");
    assert!(ibm.quotes.first().is_some_and(|q| q.passage == "mm2008-p6-04"), "{:?}", ibm.quotes);
    assert!(ibm.notes.iter().all(|n| !n.starts_with("Read ")), "{:?}", ibm.notes);
    assert_eq!(
        ask("do steroids help polymyositis").notes.first().map(String::as_str),
        Some("Read “steroids” as Prednisone.")
    );
}

#[test]
fn an_answer_says_when_page_6_names_the_asked_drug_nowhere_else() {
    // ¶3 s2 is page 6's one sentence with mycophenolate (spelt "mycophenylate mofetil", shown as one phrase).
    let answer = ask("cellcept in myositis");
    assert!(answer.quotes.first().is_some_and(|q| q.text.contains("mycophenylate")), "{:?}", answer.quotes);
    assert!(
        answer.notes.iter().any(|n| n
            == "The bot's text of page 6 names “mycophenylate mofetil” only where quoted above; other sentences may \
                still bear on your question."),
        "{:?}",
        answer.notes
    );
    // Words that are not drugs do not count ("ILD" is in other sentences too).
    assert!(
        ask("tacrolimus for ILD")
            .notes
            .iter()
            .any(|n| n.starts_with("The bot's text of page 6 names “tacrolimus” only"))
    );
    // IVIG and azathioprine are in several sentences, and "steroid" is prednisone's alias: page 6 says more
    // of each, so no such note; nor for a word that is not a drug ("cornerstones").
    for question in ["ivig for dermatomyositis", "imuran taper", "steroid myopathy", "cornerstones of therapy"] {
        assert!(ask(question).notes.iter().all(|n| !n.contains("only where quoted")), "{question}");
    }
}

#[test]
fn a_sentence_that_states_the_evidence_of_2008_says_later_trials_are_not_in_it() {
    // ¶5 s1 "is unknown" was the evidence in January 2008 (article.toml `dated`): the answer must not read
    // as today's.
    let ritux = ask("does rituximab work for myositis?");
    assert_eq!(ritux.quotes[0].passage, "mm2008-p6-05");
    let note = ritux.notes.iter().find(|n| n.contains("as it stood in January 2008")).expect("the dated note");
    assert!(note.contains("p. 6, ¶5, sentence 1") && note.contains("trials reported since are not in it"), "{note}");
    assert!(render(&ritux).contains("trials reported since are not in it"));
    // "Opinions vary considerably" is a view, not the evidence: not dated.
    let ivig = ask("is there a controlled trial in resistant DM for IVIG");
    let note = ivig.notes.iter().find(|n| n.contains("as it stood")).expect("the trial is dated");
    assert!(note.contains("¶2, sentence 2") && !note.contains("sentence 1"), "{note}");
    // Every dated sentence quoted, one place per paragraph: "ongoing" trials were ongoing in 2008.
    let ongoing = ask("Any ongoing RCTs of B-cell depletion or TNF blockade in PM/DM?");
    let note = ongoing.notes.iter().find(|n| n.contains("as it stood")).expect("dated");
    assert!(note.contains("(p. 6, ¶5, sentences 1\u{2013}3)"), "{note}");
    // A dose is the authors' advice, not a state of the evidence: no such note.
    let dose = ask("initial pred dose for DM");
    assert!(dose.notes.iter().all(|n| !n.contains("as it stood")), "{:?}", dose.notes);
}

#[test]
fn a_question_that_asks_what_next_also_quotes_the_advice_to_rethink_the_diagnosis() {
    // aspects.toml `[[reminder]]`: page 6's conclusion for a patient who is not responding goes with every
    // "what next" answer, as with /refractory; once, and only when ¶8 is not the answer already.
    let rethink = "If your myositis patient is not responding, rethink the diagnosis";
    let next = ask("what do I do if my DM patient failed pred, MTX and AZA?");
    let evidence: Vec<_> = next.quotes.iter().filter(|q| q.kind == QuoteKind::Evidence).collect();
    assert_eq!(evidence.len(), 1, "{evidence:?}");
    assert!(evidence[0].text.starts_with(rethink) && evidence[0].passage == "mm2008-p6-11");
    assert!(render(&next).contains(rethink));
    assert!(layout(&next).fields.iter().any(|(_, value)| value.contains(rethink)));
    // Not for a dose, and not twice when the conclusion is the answer.
    assert!(!render(&ask("initial pred dose for DM")).contains(rethink));
    let stuck = ask("patient not responding after six months of treatment, what should I reconsider");
    assert_eq!(stuck.quotes[0].passage, "mm2008-p6-11");
    assert!(!stuck.quotes.iter().any(|q| q.kind == QuoteKind::Evidence), "{:?}", stuck.quotes);
}

#[test]
fn a_setting_of_the_is_this_iim_list_says_what_it_is_one_of() {
    // ¶7's items are settings in which to ask "Is this IIM?" again after the diagnosis (article.toml
    // `listed_under`): quoted alone, "MRI can identify ..." must not read as advice for any weak patient.
    let weak = ask("CK normal but weak - is it still PM?");
    let settings =
        "of page 6's settings to “reassess the question” “Is this IIM?” after the initial diagnosis (p. 6, ¶7).";
    let two = format!("Two {settings}");
    assert_eq!(weak.notes.iter().filter(|n| **n == two).count(), 1, "two items shown: {:?}", weak.notes);
    let one = format!("One {settings}");
    assert!(ask("biopsy said PM but now finger flexor weakness").notes.contains(&one));
    // Not when ¶7 itself is shown, nor for a passage outside the list.
    let intro = "page 6's settings";
    let doubt = ask("when in doubt should I re-biopsy");
    assert_eq!(doubt.quotes[0].passage, "mm2008-p6-07");
    assert!(!doubt.notes.iter().any(|n| n.contains(intro)), "{:?}", doubt.notes);
    assert!(!ask("initial pred dose for DM").notes.iter().any(|n| n.contains(intro)));
}

#[test]
fn asked_about_today_the_date_of_the_evidence_comes_first() {
    // reading.toml `present_time`: "does rituximab work now?" must not read ¶5's "is unknown" as today's word.
    let now = ask("does rituximab work now for myositis?");
    assert!(now.warnings.iter().any(|w| w.contains("as it stood in January 2008")), "{:?}", now.warnings);
    let text = render(&now);
    assert!(text.find("January 2008 (p. 6").expect("the date") < text.find("is unknown").expect("the quote"), "{text}");
    // Asked without "now", the date follows the quote as a note.
    let plain = ask("does rituximab work for myositis?");
    assert!(plain.notes.iter().any(|n| n.contains("as it stood in January 2008")), "{:?}", plain.notes);
    assert!(!plain.warnings.iter().any(|w| w.contains("as it stood")), "{:?}", plain.warnings);
}
