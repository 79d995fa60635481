//! `/refractory`: every stance the article supports, for each diagnosis and flag combination.

mod common;

use std::collections::BTreeSet;

use common::{bin_json, refusal};
use myositis_bot::knowledge::{Diagnosis, Flag, Stance};
use myositis_bot::recommend::refractory::{RefractoryPlan, RefractoryRequest, refractory, split_tried};

fn plan(diagnosis: Diagnosis, flags: &[Flag], tried: &[&str]) -> RefractoryPlan {
    let request = RefractoryRequest {
        diagnosis,
        flags: flags.iter().copied().collect::<BTreeSet<_>>(),
        tried: tried.iter().map(|s| (*s).to_owned()).collect(),
    };
    refractory(&common::core().knowledge.refractory, &request)
}

fn stance(plan: &RefractoryPlan, therapy: &str) -> Stance {
    plan.options.iter().find(|o| o.therapy == therapy).unwrap_or_else(|| panic!("{therapy} missing")).stance
}

#[test]
fn pm_and_dm_without_flags_follow_the_article() {
    for diagnosis in [Diagnosis::Pm, Diagnosis::Dm] {
        let p = plan(diagnosis, &[], &[]);
        assert_eq!(stance(&p, "ivig"), Stance::Consider);
        assert_eq!(stance(&p, "cyclosporine"), Stance::Consider);
        assert_eq!(stance(&p, "tacrolimus"), Stance::Consider);
        assert_eq!(stance(&p, "mycophenolate"), Stance::Uncertain);
        assert_eq!(stance(&p, "cyclophosphamide"), Stance::Reserve);
        assert_eq!(stance(&p, "anti-tnf"), Stance::Uncertain);
        assert_eq!(stance(&p, "rituximab"), Stance::Uncertain);
        assert_eq!(stance(&p, "aza-mtx"), Stance::Consider);
        assert!(!p.options.iter().any(|o| o.stance == Stance::Favored));
        assert!(p.options.iter().all(|o| !o.passages.is_empty() && !o.reason.is_empty()));
        let ranks: Vec<Stance> = p.options.iter().map(|o| o.stance).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "strongest first: {ranks:?}");
    }
}

#[test]
fn ild_favours_the_calcineurin_inhibitors() {
    for diagnosis in [Diagnosis::Pm, Diagnosis::Dm] {
        let p = plan(diagnosis, &[Flag::Ild], &[]);
        assert_eq!(stance(&p, "cyclosporine"), Stance::Favored);
        assert_eq!(stance(&p, "tacrolimus"), Stance::Favored);
        assert_eq!(p.options[0].stance, Stance::Favored);
        assert_eq!(stance(&p, "ivig"), Stance::Consider);
        assert!(p.options.iter().find(|o| o.therapy == "cyclosporine").is_some_and(|o| o.passages == ["mm2008-p6-03"]));
    }
}

#[test]
fn ivig_is_the_sensible_option_during_chemotherapy() {
    let p = plan(Diagnosis::Dm, &[Flag::CancerChemo], &[]);
    assert_eq!(stance(&p, "ivig"), Stance::Favored);
    assert_eq!(p.options[0].therapy, "ivig");
    let ivig = p.options.iter().find(|o| o.therapy == "ivig").expect("ivig");
    assert!(ivig.reason.contains("diminishes"), "the waning benefit is said: {}", ivig.reason);
}

#[test]
fn cyclophosphamide_moves_up_only_after_ivig_and_another_immunosuppressant() {
    assert_eq!(stance(&plan(Diagnosis::Pm, &[], &["ivig"]), "cyclophosphamide"), Stance::Reserve);
    assert_eq!(stance(&plan(Diagnosis::Pm, &[], &["mtx"]), "cyclophosphamide"), Stance::Reserve);
    assert_eq!(stance(&plan(Diagnosis::Pm, &[], &["MTX", "IVIG"]), "cyclophosphamide"), Stance::Consider);
    assert_eq!(stance(&plan(Diagnosis::Dm, &[], &["Prograf", "igiv"]), "cyclophosphamide"), Stance::Consider);
    assert_eq!(stance(&plan(Diagnosis::Dm, &[], &["prednisone", "ivig"]), "cyclophosphamide"), Stance::Reserve);
}

#[test]
fn ibm_has_nothing_favoured_and_ivig_only_for_dysphagia() {
    let p = plan(Diagnosis::Ibm, &[], &[]);
    assert!(p.options.iter().all(|o| o.stance == Stance::NotRecommended), "{:?}", p.options);
    assert!(p.options.iter().all(|o| o.passages.contains(&"mm2008-p6-04".to_owned())));
    let with_dysphagia = plan(Diagnosis::Ibm, &[Flag::Dysphagia], &[]);
    assert_eq!(stance(&with_dysphagia, "ivig"), Stance::Consider);
    assert_eq!(with_dysphagia.options[0].therapy, "ivig");
    assert!(with_dysphagia.options.iter().filter(|o| o.therapy != "ivig").all(|o| o.stance == Stance::NotRecommended));
    for flags in [&[Flag::Ild][..], &[Flag::CancerChemo], &[Flag::Ild, Flag::CancerChemo]] {
        assert!(plan(Diagnosis::Ibm, flags, &[]).options.iter().all(|o| o.stance == Stance::NotRecommended));
    }
    let all = plan(Diagnosis::Ibm, &[Flag::Ild, Flag::Dysphagia, Flag::CancerChemo], &[]);
    assert!(!all.options.iter().any(|o| o.stance == Stance::Favored));
}

#[test]
fn dysphagia_alone_changes_nothing_for_pm_and_dm() {
    assert_eq!(plan(Diagnosis::Dm, &[Flag::Dysphagia], &[]).options, plan(Diagnosis::Dm, &[], &[]).options);
}

#[test]
fn tried_therapies_are_recognised_by_alias_and_listed_last() {
    let p = plan(Diagnosis::Dm, &[], &["CellCept", "Neoral", "rtx", "colchicine"]);
    assert_eq!(p.tried, ["mycophenolate", "cyclosporine", "rituximab"]);
    assert_eq!(p.unrecognised, ["colchicine"]);
    let tail: Vec<&str> = p.options.iter().rev().take(3).map(|o| o.therapy.as_str()).collect();
    assert!(tail.iter().all(|t| p.tried.iter().any(|x| x == t)), "{tail:?}");
    assert!(p.options.iter().filter(|o| o.already_tried).count() == 3);
    assert_eq!(split_tried("MTX, imuran and IVIG;  ; rituximab"), ["MTX", "imuran", "IVIG", "rituximab"]);
}

#[test]
fn the_json_contract_and_refusals() {
    let v = bin_json(&["refractory", "--diagnosis", "dm", "--ild", "--tried", "mtx,aza", "--json"]);
    assert_eq!(v["diagnosis"], "dm");
    let options = v["options"].as_array().expect("options");
    assert!(!options.is_empty());
    for o in options {
        for field in ["therapy", "stance", "reason"] {
            assert!(o[field].as_str().is_some_and(|s| !s.is_empty()), "{field} in {o}");
        }
        assert!(o["passages"].as_array().is_some_and(|p| !p.is_empty()));
    }
    assert_eq!(options[0]["stance"], "favored");
    let ibm = bin_json(&["refractory", "--diagnosis", "ibm", "--dysphagia", "--cancer-chemo", "--json"]);
    assert_eq!(ibm["options"][0]["therapy"], "ivig");
    assert_eq!(ibm["options"][0]["stance"], "consider");
    assert!(refusal("refractory", &[("diagnosis", "ra")]).contains("pm, dm, ibm"));
    assert!(refusal("refractory", &[("diagnosis", "dm"), ("ild", "maybe")]).contains("true or false"));
    assert!(refusal("refractory", &[]).contains("needs `diagnosis`"));
}
