//! `/dose`: the article's numbers for several weights in both units, and every refusal.

mod common;

use common::{bin, bin_json, refusal, run};
use myositis_bot::answer::Visibility;
use myositis_bot::recommend::dose::{DoseError, KG_PER_LB, WeightUnit, dose};
use serde_json::Value;

fn regimen<'a>(plan: &'a Value, drug: &str) -> &'a Value {
    plan["regimens"].as_array().expect("regimens").iter().find(|r| r["drug"] == drug).expect("drug present")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn seventy_kg_gives_the_articles_numbers() {
    let plan = bin_json(&["dose", "--weight", "70", "--unit", "kg", "--json"]);
    assert_eq!(plan["weight_kg"], 70.0);
    let pred = regimen(&plan, "prednisone");
    assert_eq!((pred["low"].as_f64(), pred["high"].as_f64()), (Some(70.0), Some(70.0)));
    assert_eq!((pred["unit"].as_str(), pred["per"].as_str()), (Some("mg"), Some("day")));
    let mp = regimen(&plan, "methylprednisolone");
    assert_eq!(
        (mp["low"].as_f64(), mp["high"].as_f64(), mp["unit"].as_str(), mp["per"].as_str()),
        (Some(1.0), Some(1.0), Some("g"), Some("pulse"))
    );
    let mtx = regimen(&plan, "methotrexate");
    assert_eq!(
        (mtx["low"].as_f64(), mtx["high"].as_f64(), mtx["unit"].as_str(), mtx["per"].as_str()),
        (Some(25.0), Some(30.0), Some("mg"), Some("week"))
    );
    let aza = regimen(&plan, "azathioprine");
    assert_eq!(
        (aza["low"].as_f64(), aza["high"].as_f64(), aza["per"].as_str()),
        (Some(140.0), Some(140.0), Some("day"))
    );
    assert_eq!(aza["taper_failure"]["low"], 100.0);
    assert_eq!(aza["taper_failure"]["high"], 150.0);
    let ivig = regimen(&plan, "ivig");
    assert_eq!(
        (ivig["low"].as_f64(), ivig["high"].as_f64(), ivig["unit"].as_str(), ivig["per"].as_str()),
        (Some(70.0), Some(140.0), Some("g"), Some("month"))
    );
    for r in plan["regimens"].as_array().expect("regimens") {
        assert!(!r["basis"].as_str().unwrap_or_default().is_empty(), "{r}");
        assert!(r["passages"].as_array().is_some_and(|p| !p.is_empty()), "{r}");
    }
}

#[test]
fn weight_based_doses_scale_and_fixed_ones_do_not() {
    let k = &common::core().knowledge;
    for kg in [30.0, 55.5, 100.0, 300.0] {
        let plan = dose(&k.dosing, kg, WeightUnit::Kg).expect("in range");
        let by = |drug: &str| {
            plan.regimens.iter().find(|r| format!("{:?}", r.drug).eq_ignore_ascii_case(drug)).expect("drug")
        };
        assert!(close(by("prednisone").low, kg));
        assert!(close(by("azathioprine").high, 2.0 * kg));
        assert!(close(by("ivig").low, kg) && close(by("ivig").high, 2.0 * kg));
        assert!(close(by("methotrexate").low, 25.0) && close(by("methotrexate").high, 30.0));
        assert!(close(by("methylprednisolone").low, 1.0));
    }
}

#[test]
fn pounds_are_converted_exactly() {
    let plan = bin_json(&["dose", "--weight", "154", "--unit", "lb", "--json"]);
    // Converted exactly, then to 0.1 kg: every figure is computed from the weight as shown.
    let kg = (154.0 * KG_PER_LB * 10.0).round() / 10.0;
    assert!(close(plan["weight_kg"].as_f64().expect("number"), kg) && close(kg, 69.9));
    assert!(close(regimen(&plan, "prednisone")["low"].as_f64().expect("number"), kg));
    assert!(close(regimen(&plan, "ivig")["high"].as_f64().expect("number"), 2.0 * kg));
    let text = String::from_utf8(bin(&["dose", "--weight", "154", "--unit", "lb"], "").stdout).expect("utf-8");
    assert!(text.contains("154 lb (69.9 kg)"), "{text}");
}

#[test]
fn methotrexate_is_per_week_unmistakably() {
    for (weight, unit) in [("70", "kg"), ("200", "lb")] {
        let answer = run("dose", &[("weight", weight), ("unit", unit)]).expect("answer");
        let text = myositis_bot::render::text::render(&answer);
        let mtx_line = text.lines().find(|l| l.contains("Methotrexate (MTX):")).expect("MTX line");
        assert!(mtx_line.contains("25–30 mg per WEEK"), "{mtx_line}");
        assert!(!mtx_line.contains("per day"), "{mtx_line}");
        assert!(answer.warnings.iter().any(|w| w.contains("per WEEK")));
    }
}

#[test]
fn doses_are_private_and_carry_footer_quotes_and_gaps() {
    let answer = run("dose", &[("weight", "70"), ("unit", "kg")]).expect("answer");
    assert_eq!(answer.visibility, Visibility::Private);
    assert!(answer.footer.as_deref().is_some_and(|f| f.contains("2008") && f.contains("Not medical advice")));
    let article = &common::core().knowledge.article;
    for quote in &answer.quotes {
        let passage = article.passage(&quote.passage).expect("quoted passage exists");
        assert!(passage.text.contains(&quote.text), "quote not verbatim: {}", quote.text);
    }
    let text = myositis_bot::render::text::render(&answer);
    for gap in [
        "starting dose",
        "taper schedule",
        "laboratory monitoring",
        "maximum",
        "juvenile",
        "ideal or adjusted body weight",
    ] {
        assert!(text.to_lowercase().contains(gap), "missing gap {gap}");
    }
}

#[test]
fn impossible_weights_are_refused_with_the_problem_named() {
    let k = &common::core().knowledge;
    assert!(matches!(dose(&k.dosing, f64::NAN, WeightUnit::Kg), Err(DoseError::NotFinite(_))));
    assert!(matches!(dose(&k.dosing, f64::INFINITY, WeightUnit::Kg), Err(DoseError::NotFinite(_))));
    assert!(matches!(dose(&k.dosing, 0.0, WeightUnit::Kg), Err(DoseError::NotPositive(_))));
    assert!(matches!(dose(&k.dosing, -70.0, WeightUnit::Lb), Err(DoseError::NotPositive(_))));
    for (w, unit) in [
        (29.9, WeightUnit::Kg),
        (300.1, WeightUnit::Kg),
        (1e308, WeightUnit::Kg),
        (60.0, WeightUnit::Lb),
        (700.0, WeightUnit::Lb),
    ] {
        assert!(matches!(dose(&k.dosing, w, unit), Err(DoseError::OutOfRange { .. })), "{w} {unit:?}");
    }
    assert!(dose(&k.dosing, 30.0, WeightUnit::Kg).is_ok() && dose(&k.dosing, 300.0, WeightUnit::Kg).is_ok());

    assert!(refusal("dose", &[("weight", "NaN"), ("unit", "kg")]).contains("must be a number"));
    assert!(refusal("dose", &[("weight", "-5"), ("unit", "kg")]).contains("more than zero"));
    assert!(refusal("dose", &[("weight", "0"), ("unit", "kg")]).contains("more than zero"));
    assert!(refusal("dose", &[("weight", "1e400"), ("unit", "kg")]).contains("must be a number"));
    let child = refusal("dose", &[("weight", "12"), ("unit", "kg")]);
    assert!(child.contains("30–300 kg") && child.contains("children"), "{child}");
    let pounds_as_kg = refusal("dose", &[("weight", "350"), ("unit", "kg")]);
    assert!(pounds_as_kg.contains("did you mean 350 lb?"), "{pounds_as_kg}");
    assert!(refusal("dose", &[("weight", "70kg"), ("unit", "kg")]).contains("unit given separately"));
    assert!(refusal("dose", &[("weight", "70,5"), ("unit", "kg")]).contains("dot"));
    assert!(refusal("dose", &[("weight", ""), ("unit", "kg")]).contains("empty"));
    assert!(refusal("dose", &[("weight", "70"), ("unit", "stone")]).contains("kg, lb"));
    assert!(refusal("dose", &[("weight", "70")]).contains("needs `unit`"));
    assert!(refusal("dose", &[("unit", "kg")]).contains("needs `weight`"));
}

#[test]
fn the_cli_refuses_bad_input_on_stderr_with_a_non_zero_exit() {
    for args in [
        vec!["dose", "--weight", "-70", "--unit", "kg", "--json"],
        vec!["dose", "--weight", "70", "--unit", "st", "--json"],
        vec!["dose", "--weight", "nan", "--unit", "lb", "--json"],
        vec!["dose", "--weight", "5000", "--unit", "kg", "--json"],
    ] {
        let out = bin(&args, "");
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("weight")
                || String::from_utf8_lossy(&out.stderr).contains("unit")
        );
    }
    let missing_unit = bin(&["dose", "--weight", "70"], "");
    assert!(!missing_unit.status.success());
}

fn dose_text(weight: &str, unit: &str) -> String {
    myositis_bot::render::text::render(&run("dose", &[("weight", weight), ("unit", unit)]).expect("answer"))
}

fn line<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start_matches(['-', ' ']).starts_with(start))
        .unwrap_or_else(|| panic!("no {start:?} line in\n{text}"))
}

#[test]
fn the_answer_says_for_whom_the_regimens_are() {
    let text = dose_text("70", "kg");
    let whom = line(&text, "These are page 6's regimens");
    assert!(whom.contains("for PM and DM") && whom.contains("IBM is not among them"), "{whom}");
    assert!(whom.contains("no rigorous long-term trial") && whom.contains("dysphagia"), "{whom}");
    assert!(whom.contains("does not say whether its doses apply to children") && !whom.contains("adults"), "{whom}");
}

#[test]
fn every_weight_gets_the_same_form_with_no_threshold_of_the_bots_own() {
    // The article gives no cap and no weight band, so the bot invents none: every accepted weight gets the
    // rate, the exact arithmetic and the rounded figure, under the same two warnings.
    for weight in ["30", "32", "70", "100", "101", "300"] {
        let answer = run("dose", &[("weight", weight), ("unit", "kg")]).expect("answer");
        assert!(
            answer.warnings.iter().any(|w| w.contains("arithmetic, not a prescription") && w.contains("no cap")),
            "{weight}: {:?}",
            answer.warnings
        );
        assert!(
            answer.warnings.iter().any(|w| w.contains("rounded inward to a step (5 mg for Prednisone")),
            "{weight}: {:?}",
            answer.warnings
        );
        let text = dose_text(weight, "kg");
        assert!(!text.contains("usually") && !text.contains("only the rates"), "{weight}: {text}");
        let pred = line(&text, "Prednisone:");
        assert!(pred.contains(&format!("1 mg/kg per day × {weight} kg = {weight} mg, shown as ")), "{weight}: {pred}");
    }
    assert!(refusal("dose", &[("weight", "400"), ("unit", "kg")]).contains("the bot's own input check"));
}

#[test]
fn shown_doses_are_rounded_with_the_exact_formula_beside_them() {
    let text = dose_text("154", "lb");
    let pred = line(&text, "Prednisone:");
    assert!(pred.starts_with("  - Prednisone: 1 mg/kg per day × 69.9 kg = 69.9 mg, shown as 70 mg per day"), "{pred}");
    // An upper level is never rounded up past the article's ceiling.
    let aza = line(&text, "Azathioprine (AZA):");
    assert!(aza.contains("up to 2 mg/kg per day × 69.9 kg = up to 139.8 mg, shown as up to 135 mg per day"), "{aza}");
    let ivig = line(&text, "IVIG");
    assert!(ivig.contains("= 69.9–139.8 g, shown as 70–135 g per month"), "{ivig}");
    assert!(!text.contains("Single-therapy level named for the combination rule"), "{text}");
    let plan = bin_json(&["dose", "--weight", "154", "--unit", "lb", "--json"]);
    let pred = regimen(&plan, "prednisone");
    assert!(close(pred["low"].as_f64().expect("low"), 69.9), "JSON keeps the unrounded product");
    assert_eq!(pred["shown_low"], 70.0);
}

#[test]
fn the_azathioprine_ceiling_and_single_therapy_level_are_reconciled_in_words() {
    let within = line(&dose_text("70", "kg"), "Azathioprine (AZA):").to_owned();
    assert!(within.contains("Page 6 also names 100–150 mg a day as the dose of Azathioprine (AZA) alone at which, if the prednisone taper is not tolerated"), "{within}");
    assert!(within.contains("At 70 kg, the ceiling (140 mg a day) falls within it."), "{within}");
    let below = line(&dose_text("30", "kg"), "Azathioprine (AZA):").to_owned();
    assert!(
        below.contains("At 30 kg, the ceiling (60 mg a day) is below it: 100–150 mg a day would be 3.3–5 mg/kg here"),
        "{below}"
    );
    let above = line(&dose_text("120", "kg"), "Azathioprine (AZA):").to_owned();
    assert!(
        above.contains(
            "At 120 kg, the ceiling (240 mg a day) is above it; page 6 does not say whether to go beyond 150 mg a day"
        ),
        "{above}"
    );
}

#[test]
fn ivig_keeps_its_context_and_methylprednisolone_says_only_what_the_article_says() {
    let text = dose_text("70", "kg");
    let ivig = line(&text, "IVIG");
    assert!(ivig.contains("“Opinions vary considerably regarding the role of IVIG in IIM treatment.”"), "{ivig}");
    assert!(ivig.contains("A controlled clinical trial has demonstrated efficacy in treatment-resistant DM"), "{ivig}");
    assert!(ivig.contains("this effect often diminishes with a prolonged course of infusions"), "{ivig}");
    let pulse = line(&text, "Methylprednisolone pulse:");
    assert!(
        pulse.contains("typically 1 g") && pulse.contains("At the outset, in significantly affected patients."),
        "{pulse}"
    );
    for added in ["single", "not weight-based", "Single"] {
        assert!(!pulse.contains(added), "{added:?} in {pulse}");
    }
}
