//! `/refractory`: the options page 6 names, each with the article's own qualifier, in the article's order;
//! no stance stronger than its sentence; what was tried is not resistance; flags that change nothing say
//! so; every answer says to rethink the diagnosis.

mod common;

use std::collections::BTreeSet;

use common::{bin_json, refusal, run};
use myositis_bot::knowledge::{Diagnosis, Flag};
use myositis_bot::recommend::refractory::{RefractoryPlan, RefractoryRequest, refractory, split_tried};
use myositis_bot::render::text::render;
use myositis_bot::safety::WEEKLY_METHOTREXATE;

fn plan(diagnosis: Diagnosis, flags: &[Flag], tried: &[&str]) -> RefractoryPlan {
    let request = RefractoryRequest {
        diagnosis,
        flags: flags.iter().copied().collect::<BTreeSet<_>>(),
        tried: tried.iter().map(|s| (*s).to_owned()).collect(),
    };
    let k = &common::core().knowledge;
    refractory(&k.refractory, &k.article, &request)
}

fn stance(plan: &RefractoryPlan, therapy: &str) -> String {
    plan.options.iter().find(|o| o.therapy == therapy).unwrap_or_else(|| panic!("{therapy} missing")).stance.clone()
}

fn text(options: &[(&str, &str)]) -> String {
    render(&run("refractory", options).expect("an answer"))
}

const ARTICLE_ORDER: [&str; 8] =
    ["aza-mtx", "ivig", "cyclosporine", "tacrolimus", "mycophenolate", "cyclophosphamide", "anti-tnf", "rituximab"];

#[test]
fn pm_and_dm_get_every_option_in_the_articles_order_with_its_own_words() {
    for diagnosis in [Diagnosis::Pm, Diagnosis::Dm] {
        let p = plan(diagnosis, &[], &[]);
        let order: Vec<&str> = p.options.iter().map(|o| o.therapy.as_str()).collect();
        assert_eq!(order, ARTICLE_ORDER);
        let stances: Vec<String> = ARTICLE_ORDER.iter().map(|t| stance(&p, t)).collect();
        assert_eq!(
            stances,
            [
                "consider",
                "consider",
                "added-option",
                "added-option",
                "mixed-results",
                "reserve",
                "role-unknown",
                "role-unknown"
            ]
        );
        let article = &common::core().knowledge.article;
        for o in &p.options {
            let passage = article.passage(&o.passages[0]).expect("cited passage");
            assert!(passage.text.contains(&o.qualifier), "{}: qualifier not verbatim", o.therapy);
            assert!(o.context.iter().all(|c| passage.text.contains(c.as_str())), "{}: context not verbatim", o.therapy);
        }
    }
    let shown = text(&[("diagnosis", "dm")]);
    for overstated in ["FAVORED", "favored", "NOT-RECOMMENDED", "not recommended", "strongest first"] {
        assert!(!shown.contains(overstated), "{overstated:?} in:\n{shown}");
    }
    assert!(shown.contains("Options page 6 names, in the article's order"), "{shown}");
    assert!(shown.contains("IVIG (intravenous immunoglobulin) — consider (p. 6, ¶2): “In our opinion, monthly IVIG"));
    assert!(shown.contains("“Opinions vary considerably regarding the role of IVIG in IIM treatment.”"), "{shown}");
}

#[test]
fn cancer_with_chemotherapy_makes_ivig_a_sensible_option_not_a_favourite() {
    let p = plan(Diagnosis::Dm, &[Flag::CancerChemo], &[]);
    assert_eq!(stance(&p, "ivig"), "sensible-option");
    let order: Vec<&str> = p.options.iter().map(|o| o.therapy.as_str()).collect();
    assert_eq!(order, ARTICLE_ORDER, "the flag reorders nothing");
    let shown = text(&[("diagnosis", "dm"), ("cancer_chemo", "true")]);
    assert!(shown.contains("— sensible option (p. 6, ¶2): “In cancer-associated myositis, when chemotherapy is used"));
    assert!(shown.contains("this effect often diminishes with a prolonged course of infusions"), "{shown}");
}

#[test]
fn the_calcineurin_sentence_always_carries_the_articles_ild_qualifier() {
    // The article's only word on ILD is inside the sentence that names cyclosporine and tacrolimus, so the
    // sentence is quoted whole with or without the flag, and the flag changes neither options nor order.
    let with = plan(Diagnosis::Pm, &[Flag::Ild], &[]);
    let without = plan(Diagnosis::Pm, &[], &[]);
    assert_eq!(with.options, without.options);
    for t in ["cyclosporine", "tacrolimus"] {
        let o = without.options.iter().find(|o| o.therapy == t).expect("option");
        assert_eq!(o.stance, "added-option");
        assert!(o.qualifier.ends_with("particularly if there is co-existing interstitial lung disease."), "{t}");
    }
    assert!(text(&[("diagnosis", "pm"), ("ild", "true")]).contains("`ild` changes nothing here"));
    // For PM, the article's warning that IBM-like evolution after a PM biopsy probably is IBM.
    assert!(text(&[("diagnosis", "pm")]).contains("this probably is IBM"));
}

#[test]
fn ibm_gets_the_articles_ibm_statements_and_no_verdict_on_any_drug() {
    let p = plan(Diagnosis::Ibm, &[], &[]);
    assert!(p.options.is_empty());
    let shown = text(&[("diagnosis", "ibm")]);
    assert!(
        shown.contains("What page 6 reports for inclusion body myositis (IBM) (it names no refractory option)"),
        "{shown}"
    );
    assert!(shown.contains("no therapy substantially affects the progression of IBM"), "{shown}");
    assert!(shown.contains("No rigorous long-term trial had been reported (as of the article)."), "{shown}");
    assert!(shown.contains("not for IBM"), "{shown}");
    // Without the flag, the one IBM finding on IVIG is still said, so "no option" never reads as "nothing".
    assert!(
        shown.contains("Significant improvement in dysphagia symptoms following IVIG has been reported."),
        "{shown}"
    );
    assert!(!shown.to_lowercase().contains("not recommended") && !shown.contains("NOT-RECOMMENDED"));
    let with_dysphagia = plan(Diagnosis::Ibm, &[Flag::Dysphagia], &[]);
    assert_eq!(with_dysphagia.options.len(), 1);
    assert_eq!(stance(&with_dysphagia, "ivig"), "reported-improvement");
    assert!(with_dysphagia.inert_flags.is_empty());
    let shown = text(&[("diagnosis", "ibm"), ("dysphagia", "true")]);
    assert!(shown.contains("— reported improvement (p. 6, ¶4): “Significant improvement in dysphagia symptoms"));
}

#[test]
fn flags_that_change_nothing_say_so() {
    assert_eq!(plan(Diagnosis::Ibm, &[Flag::Ild], &[]).inert_flags, [Flag::Ild]);
    assert_eq!(plan(Diagnosis::Pm, &[Flag::Dysphagia], &[]).inert_flags, [Flag::Dysphagia]);
    assert_eq!(plan(Diagnosis::Dm, &[Flag::Dysphagia], &[]).options, plan(Diagnosis::Dm, &[], &[]).options);
    let shown = text(&[("diagnosis", "ibm"), ("ild", "true")]);
    assert!(
        shown.contains("`ild` changes nothing here: page 6 gives the same options for inclusion body myositis (IBM), in the same words, without it.")
    );
    let shown = text(&[("diagnosis", "pm"), ("dysphagia", "true")]);
    assert!(shown.contains("`dysphagia` changes nothing here"), "{shown}");
}

#[test]
fn having_tried_a_drug_is_not_resistance() {
    for tried in [&["mtx", "ivig"][..], &["MTX", "IVIG", "imuran"], &["Prograf", "igiv"], &["ivig"]] {
        assert_eq!(stance(&plan(Diagnosis::Pm, &[], tried), "cyclophosphamide"), "reserve", "{tried:?}");
    }
    let p = plan(Diagnosis::Pm, &[], &["mtx", "ivig"]);
    assert_eq!(p.tried_notes.len(), 1);
    let shown = text(&[("diagnosis", "pm"), ("tried", "mtx, ivig")]);
    assert!(shown.contains("Having tried them is not the same as resistance to them"), "{shown}");
    assert!(shown.contains("having tried a therapy is not the same as resistance to it"), "{shown}");
    assert!(shown.contains("IVIG (intravenous immunoglobulin) (already tried)"), "{shown}");
    assert!(plan(Diagnosis::Pm, &[], &["mtx"]).tried_notes.is_empty());
}

#[test]
fn every_answer_says_to_rethink_the_diagnosis_and_points_to_reassess() {
    for diagnosis in ["pm", "dm", "ibm"] {
        let shown = text(&[("diagnosis", diagnosis)]);
        assert!(shown.contains("If the patient is not responding"), "{diagnosis}");
        assert!(shown.contains("rethink the diagnosis and consider appropriate consultations"), "{diagnosis}");
        assert!(shown.contains("When in doubt, re-biopsy") && shown.contains("/reassess"), "{diagnosis}");
    }
}

#[test]
fn the_combination_rules_methotrexate_dose_carries_the_weekly_warning() {
    let answer = run("refractory", &[("diagnosis", "pm")]).expect("answer");
    assert!(answer.warnings.iter().any(|w| w == WEEKLY_METHOTREXATE));
}

#[test]
fn tried_therapies_are_recognised_by_alias() {
    let p = plan(Diagnosis::Dm, &[], &["CellCept", "Neoral", "rtx", "colchicine"]);
    assert_eq!(p.tried, ["mycophenolate", "cyclosporine", "rituximab"]);
    assert_eq!(p.unrecognised, ["colchicine"]);
    assert_eq!(p.options.iter().filter(|o| o.already_tried).count(), 3);
    assert_eq!(split_tried("MTX, imuran and IVIG;  ; rituximab"), ["MTX", "imuran", "IVIG", "rituximab"]);
}

#[test]
fn the_json_contract_and_refusals() {
    let v = bin_json(&["refractory", "--diagnosis", "dm", "--ild", "--tried", "mtx,aza", "--json"]);
    assert_eq!(v["diagnosis"], "dm");
    let options = v["options"].as_array().expect("options");
    assert_eq!(options.len(), ARTICLE_ORDER.len());
    for o in options {
        for field in ["therapy", "stance", "stance_label", "qualifier"] {
            assert!(o[field].as_str().is_some_and(|s| !s.is_empty()), "{field} in {o}");
        }
        assert!(o["passages"].as_array().is_some_and(|p| !p.is_empty()));
    }
    assert_eq!(options[0]["therapy"], "aza-mtx");
    let ibm = bin_json(&["refractory", "--diagnosis", "ibm", "--dysphagia", "--cancer-chemo", "--json"]);
    assert_eq!(ibm["options"][0]["therapy"], "ivig");
    assert_eq!(ibm["inert_flags"], serde_json::json!(["cancer_chemo"]));
    assert!(refusal("refractory", &[("diagnosis", "ra")]).contains("pm, dm, ibm"));
    assert!(refusal("refractory", &[("diagnosis", "dm"), ("ild", "maybe")]).contains("true or false"));
    assert!(refusal("refractory", &[]).contains("needs `diagnosis`"));
}

#[test]
fn stances_that_rest_on_the_evidence_of_2008_say_later_trials_are_not_in_it() {
    // "role unknown", "no controlled trial has been reported" (article.toml `dated`): the note names the
    // paragraphs, once; the title calls only what page 6 names refractory and further options.
    let shown = text(&[("diagnosis", "dm")]);
    assert!(shown.starts_with("Refractory and further options page 6 names: dermatomyositis (DM)"), "{shown}");
    let notes: Vec<&str> = shown.lines().filter(|l| l.contains("as it stood in January 2008")).collect();
    assert_eq!(notes.len(), 1, "{shown}");
    assert!(notes[0].contains("p. 6, ¶5") && notes[0].contains("trials reported since are not in it"), "{}", notes[0]);
}
