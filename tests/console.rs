//! The console and the CLI: the same commands, derived from one description, deterministic output.

mod common;

use common::{bin, core};
use myositis_bot::commands::spec::{OptionKind, Scope};
use myositis_bot::commands::{COMMANDS, Invocation, parse_line};
use myositis_bot::console::respond;

#[test]
fn console_lines_parse_like_slash_commands() {
    let inv = |command: &str, options: &[(&str, &str)]| {
        Invocation::new(command, options.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    };
    assert_eq!(parse_line("/dose weight:70 unit:kg"), Ok(inv("dose", &[("weight", "70"), ("unit", "kg")])));
    assert_eq!(parse_line("/DOSE  weight: 70   unit=LB"), Ok(inv("dose", &[("weight", "70"), ("unit", "LB")])));
    assert_eq!(
        parse_line("/refractory diagnosis:dm ild:true tried:mtx, imuran"),
        Ok(inv("refractory", &[("diagnosis", "dm"), ("ild", "true"), ("tried", "mtx, imuran")]))
    );
    assert_eq!(parse_line("/ask question:\"what: is (this)?\""), Ok(inv("ask", &[("question", "what: is (this)?")])));
    assert_eq!(
        parse_line("/ask why is CK high limit:2"),
        Ok(inv("ask", &[("question", "why is CK high"), ("limit", "2")]))
    );
    assert_eq!(parse_line("imuran dose"), Ok(inv("ask", &[("question", "imuran dose")])));
    assert_eq!(parse_line("/antibody anti-Jo-1"), Ok(inv("antibody", &[("name", "anti-Jo-1")])));
    assert!(parse_line("/frobnicate").is_err_and(|e| e.to_string().contains("/help")));
    assert!(parse_line("/ibm please").is_err_and(|e| e.to_string().contains("does not take free text")));
}

#[test]
fn a_boolean_option_typed_bare_is_true_where_it_cannot_be_text() {
    let inv = |command: &str, sub: Option<&str>, options: &[(&str, &str)]| Invocation {
        subcommand: sub.map(str::to_owned),
        ..Invocation::new(command, options.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    };
    assert_eq!(parse_line("/quiz daily off"), Ok(inv("quiz", Some("daily"), &[("off", "true")])));
    assert_eq!(parse_line("/quiz daily OFF"), Ok(inv("quiz", Some("daily"), &[("off", "true")])));
    assert_eq!(
        parse_line("/refractory diagnosis:dm ild dysphagia tried:mtx, imuran"),
        Ok(inv(
            "refractory",
            None,
            &[("diagnosis", "dm"), ("ild", "true"), ("dysphagia", "true"), ("tried", "mtx, imuran")]
        ))
    );
    // Text stays text: a word inside a text option's value, the first word after `name:`, and the free
    // text of a command that takes it.
    assert_eq!(
        parse_line("/refractory diagnosis:dm tried:mtx ild"),
        Ok(inv("refractory", None, &[("diagnosis", "dm"), ("tried", "mtx ild")]))
    );
    assert_eq!(parse_line("/quiz daily off: false"), Ok(inv("quiz", Some("daily"), &[("off", "false")])));
    assert_eq!(
        parse_line("/ask should this stay private"),
        Ok(inv("ask", None, &[("question", "should this stay private")]))
    );
    assert_eq!(
        parse_line("/ask limit:2 private why is CK high"),
        Ok(inv("ask", None, &[("question", "why is CK high"), ("limit", "2"), ("private", "true")]))
    );
    // After a bare flag, words no option takes are free text, refused where the command takes none.
    assert!(parse_line("/quiz daily off now").is_err_and(|e| e.to_string().contains("does not take free text")));

    // Every boolean option of every command and subcommand, from the description: typed bare where no free
    // text is taken, it reads as true.
    let mut checked = 0;
    for command in &COMMANDS {
        let leaves: Vec<(&myositis_bot::commands::spec::CommandSpec, String)> = if command.spec.subcommands.is_empty() {
            vec![(&command.spec, format!("/{}", command.spec.name))]
        } else {
            command.spec.subcommands.iter().map(|s| (s, format!("/{} {}", command.spec.name, s.name))).collect()
        };
        for (leaf, typed) in leaves {
            for option in leaf.options.iter().filter(|o| o.kind == OptionKind::Boolean) {
                let line = format!("{typed} {}", option.name);
                let parsed = parse_line(&line).expect("parses");
                let value = parsed.options.iter().find(|(name, _)| name == option.name).map(|(_, v)| v.as_str());
                if leaf.positional().is_some() {
                    assert_eq!(value, None, "{line}: the free text of /{} keeps the word", leaf.name);
                } else {
                    assert_eq!(value, Some("true"), "{line}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 4, "refractory's three flags and quiz daily's off: {checked}");
}

#[test]
fn a_console_session_answers_every_line_and_survives_bad_ones() {
    let input = "/help\n/dose weight:70 unit:kg\n/dose weight:-3 unit:kg\n/dose weight:70\n\n/antibody jo1\n/nope\n\
                 cellcept in myositis\n/refractory diagnosis:ibm dysphagia:true\n/reassess\n/monitor\n/ibm\n/about\n/quit\n/ibm\n";
    let out = bin(&["console"], input);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for expected in [
        "/dose — ",
        "Page 6's doses applied to 70 kg",
        "! Cannot give doses: the weight must be more than zero",
        "! /dose needs `unit`",
        "anti-Jo-1",
        "! There is no command /nope",
        "mycophenylate",
        "IVIG (intravenous immunoglobulin) — reported improvement",
        "Treat the patient, not the number!",
        "IMACS core set",
        "ENMC 2011",
        "checksum sha256:",
    ] {
        // The console wraps at a fixed width when piped, so compare with the line breaks undone.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(expected), "missing {expected:?}");
    }
    assert_eq!(text.matches("Inclusion body myositis (IBM)\n===").count(), 1, "input after /quit is not answered");
}

#[tokio::test]
async fn invalid_utf8_on_the_console_gets_a_message() {
    use std::io::Cursor;
    let mut out = Vec::new();
    let input: &[u8] = b"/ibm\n\xff\xfe\n/about\n";
    let (_, posts) = tokio::sync::mpsc::unbounded_channel();
    myositis_bot::console::run(core(), None, posts, Cursor::new(input), &mut out, false).await.expect("console runs");
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("not valid UTF-8"));
    assert!(text.contains("myositis-bot 0."));
}

#[test]
fn the_default_run_without_a_token_opens_the_console_and_says_how_to_connect() {
    let out = bin(&[], "/ibm\n");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("MYOSITIS_BOT__DISCORD__TOKEN"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Inclusion body myositis (IBM)"));
}

#[test]
fn same_input_gives_the_same_bytes() {
    let lines = [
        "/dose weight:81.3 unit:lb",
        "/refractory diagnosis:dm ild:true tried:ivig,mtx",
        "/antibody mda",
        "cellcept ild",
        "/ibm",
        "/about",
    ];
    for line in lines {
        assert_eq!(common::block_on(respond(core(), line)), common::block_on(respond(core(), line)), "{line}");
    }
    for args in [
        vec!["ask", "--json", "imuran dose"],
        vec!["dose", "--weight", "70", "--unit", "kg", "--json"],
        vec!["ibm", "--json"],
    ] {
        let a = bin(&args, "");
        let b = bin(&args, "");
        assert_eq!(a.stdout, b.stdout, "{args:?}");
    }
}

#[test]
fn every_clinical_answer_carries_the_footer() {
    for line in [
        "/ask ivig",
        "/ask colchicine",
        "/dose weight:70 unit:kg",
        "/antibody jo1",
        "/antibody zzz",
        "/ibm",
        "/refractory diagnosis:pm",
        "/reassess",
        "/monitor",
    ] {
        let text = common::block_on(respond(core(), line));
        assert!(
            text.contains("Educational summary of a 2008 article") && text.contains("Not medical advice"),
            "{line}"
        );
    }
}

#[test]
fn structured_answers_cite_every_line_and_quote_verbatim() {
    let article = &core().knowledge.article;
    for line in ["/ibm", "/reassess", "/monitor", "/refractory diagnosis:dm ild:true", "/dose weight:70 unit:kg"] {
        let invocation = parse_line(line).expect("parses");
        let caller = myositis_bot::quiz::Caller::at_console();
        let answer = common::block_on(myositis_bot::commands::dispatch(&common::context(&caller), &invocation))
            .expect("answers");
        for block in &answer.blocks {
            // What page 6 does not give, and notes about what was typed, are not statements of the article.
            if matches!(block.heading.as_deref(), Some("Page 6 does not give" | "About what you entered")) {
                continue;
            }
            for l in &block.lines {
                assert!(!l.passages.is_empty() || !l.sources.is_empty(), "{line}: uncited line {:?}", l.text);
                for id in &l.passages {
                    assert!(article.passage(id).is_some(), "{line}: unknown passage {id}");
                }
            }
        }
        for q in &answer.quotes {
            assert!(article.passage(&q.passage).is_some_and(|p| p.text.contains(&q.text)), "{line}: {}", q.text);
        }
    }
}

#[test]
fn json_for_the_structured_commands_names_passages_or_sources() {
    let ibm = common::bin_json(&["ibm", "--json"]);
    assert!(
        ibm["article"]
            .as_array()
            .is_some_and(|a| a.iter().all(|s| s["passages"].as_array().is_some_and(|p| !p.is_empty())))
    );
    let claims_are_sourced = |claims: &Vec<serde_json::Value>| {
        !claims.is_empty()
            && claims.iter().all(|c| {
                c["sources"].as_array().is_some_and(|s| !s.is_empty())
                    && c["excerpt"].as_array().is_some_and(|e| !e.is_empty())
            })
    };
    let features = ibm["features"].as_array().expect("features");
    assert!(features.iter().all(|f| f["claim"].as_array().is_some_and(claims_are_sourced)));
    let reassess = common::bin_json(&["reassess", "--json"]);
    assert_eq!(reassess["settings"].as_array().map(Vec::len), Some(3));
    let monitor = common::bin_json(&["monitor", "--json"]);
    assert_eq!(monitor["core_set"].as_array().map(Vec::len), Some(3));
}

#[test]
fn command_descriptions_fit_discords_rules() {
    let mut names = std::collections::BTreeSet::new();
    for c in &COMMANDS {
        let s = &c.spec;
        assert!(names.insert(s.name));
        assert!(s.name.len() <= 32 && s.name.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'));
        assert!(!s.description.is_empty() && s.description.chars().count() <= 100, "{}", s.name);
        assert!(s.options.len() <= 25);
        let first_optional = s.options.iter().position(|o| !o.required).unwrap_or(s.options.len());
        assert!(s.options[first_optional..].iter().all(|o| !o.required), "{}: required options first", s.name);
        assert!(parse_line(s.example).is_ok(), "{}: example parses", s.name);
        for o in s.options {
            assert!(o.name.len() <= 32 && o.name.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'));
            assert!(o.description.chars().count() <= 100);
            if let OptionKind::Choice(choices) = o.kind {
                assert!(!choices.is_empty() && choices.len() <= 25);
            }
            if o.scope == Scope::Chat {
                assert!(!o.required);
            }
        }
    }
}
