//! The checker under attack: each test damages a committed certificate in one way and expects
//! a rejection whose message names what failed.

use optimod_check::{check_json, CheckError, Failure};
use optimod_tests::committed;
use serde_json::Value;

fn tampered(name: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(&committed(name)).unwrap();
    edit(&mut value);
    serde_json::to_string_pretty(&value).unwrap()
}

/// The committed certificate with its compact witness spelt out as the explicit tree that
/// the expansion rule gives (the checker accepts both forms).
fn explicit(name: &str) -> Value {
    let mut v: Value = serde_json::from_str(&committed(name)).unwrap();
    let record: optimod_cert::WitnessRecord = serde_json::from_value(v["claim"]["witness"].clone()).unwrap();
    let tree = optimod_emit::witness_from_record(&record).unwrap().to_tree(100_000).unwrap();
    v["claim"]["witness"]["tree"] = serde_json::json!({ "explicit": tree.to_string() });
    v
}

/// An edit of the explicit tree of 42: `41(2(0 21) 2(1 22) ... 3(0 14 28) ... 7(5 11 17 23 29 35 41))`.
fn with_tree(name: &str, from: &str, to: &str) -> String {
    let mut v = explicit(name);
    let tree = v["claim"]["witness"]["tree"]["explicit"].as_str().unwrap().to_string();
    assert!(tree.contains(from), "{from} is not in the tree");
    v["claim"]["witness"]["tree"]["explicit"] = Value::String(tree.replacen(from, to, 1));
    serde_json::to_string_pretty(&v).unwrap()
}

/// The certificate is refused, and by the named check (a damaged certificate refused for
/// another reason would hide a check that no longer bites); the message, for its details.
#[track_caller]
fn rejected_as(failure: Failure, text: &str) -> String {
    match check_json(text) {
        Ok(verdict) => panic!("a damaged certificate was accepted: {verdict:?}"),
        Err(error) => {
            assert_eq!(error.failure(), failure, "refused by another check: {error}");
            error.to_string()
        }
    }
}

#[test]
fn the_untouched_certificates_pass() {
    for name in ["42", "30", "24", "8", "43", "d6-4"] {
        check_json(&committed(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn the_explicit_form_of_a_compact_witness_passes() {
    for name in ["42", "30", "24", "60"] {
        check_json(&serde_json::to_string(&explicit(name)).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn a_relabelled_leaf_names_the_output_whose_probability_is_wrong() {
    let message = rejected_as(Failure::Inexact, &with_tree("42", "2(0 21)", "2(0 0)"));
    assert!(message.contains("output 0 has probability 31/861, expected 1/42"), "{message}");
    // Where (the record's path in the certificate) and why (the typed cause).
    assert!(message.starts_with("claim.witness: tree is not exact"), "{message}");
    let error = check_json(&with_tree("42", "2(0 21)", "2(0 0)")).unwrap_err();
    assert!(matches!(error.cause(), CheckError::Inexact { output: 0, .. }), "{error:?}");
    let message = rejected_as(Failure::Shape, &tampered("42", |v| v["cross_checks"][0]["depth"] = 7.into()));
    assert!(message.starts_with("cross_checks[0]: "), "{message}");
}

#[test]
fn a_changed_call_size_is_caught() {
    // The size alone: the arity no longer matches.
    let message = rejected_as(Failure::Tree, &with_tree("42", "2(0 21)", "3(0 21)"));
    assert!(message.contains("calls size 3 but has 2 children"), "{message}");
    // The size and a matching extra leaf: every reach below changes, output 0 is off.
    let message = rejected_as(Failure::Inexact, &with_tree("42", "2(0 21)", "3(0 21 0)"));
    assert!(message.contains("output 0 has probability"), "{message}");
    // A size that is not a generator at all.
    let message = rejected_as(Failure::Tree, &with_tree("42", "2(0 21)", "4(0 21 0 21)"));
    assert!(message.contains("calls size 4, not a generator"), "{message}");
}

#[test]
fn a_dropped_subtree_is_caught() {
    let message = rejected_as(Failure::Tree, &with_tree("42", " 7(5 11 17 23 29 35 41)", ""));
    assert!(message.contains("calls size 41 but has 40 children"), "{message}");
    let message = rejected_as(Failure::Inexact, &with_tree("42", "7(5 11 17 23 29 35 41)", "35"));
    assert!(message.contains("output 5 has probability"), "{message}");
}

#[test]
fn a_wrong_number_in_an_argument_is_caught() {
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("42", |v| v["claim"]["lower_bound"]["elementary"]["argument"]["max_generator"] = 37.into()),
    );
    assert!(message.contains("max_generator is 37, the largest size is 41"), "{message}");
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("8", |v| v["claim"]["lower_bound"]["elementary"]["argument"]["max_valuation"] = 2.into()),
    );
    assert!(message.contains("max_valuation is 2"), "{message}");
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("30", |v| v["claim"]["lower_bound"]["elementary"]["argument"]["roots"] = 9.into()),
    );
    assert!(message.contains("partial fractions examined 9 roots, there are 10 sizes"), "{message}");
    // The partial-fractions argument claimed where it is false: 41/42 = 1/2 + 1/3 + 1/7.
    let message = rejected_as(
        Failure::Witness,
        &tampered("42", |v| {
            v["claim"]["lower_bound"]["elementary"] =
                serde_json::json!({"excluded_depth": 2, "argument": {"kind": "partial-fractions", "roots": 13}});
            v["claim"]["lower_bound"]["excluded_depth"] = 2.into();
            v["claim"]["worst_case_calls"] = 3.into();
        }),
    );
    assert!(message.contains("worst_case_calls is 3 in the certificate but 2 in the tree"), "{message}");
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("24", |v| v["claim"]["lower_bound"]["elementary"]["argument"]["exponent"] = 2.into()),
    );
    assert!(message.contains("is not the exact power"), "{message}");
}

#[test]
fn an_argument_stretched_one_depth_too_far_is_caught() {
    // The reach bound does not exclude depth 2 for 42 (41^2 > 42).
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("42", |v| {
            v["claim"]["lower_bound"]["elementary"]["excluded_depth"] = 2.into();
            v["claim"]["lower_bound"]["excluded_depth"] = 2.into();
        }),
    );
    assert!(message.contains("lower bound"), "{message}");
}

#[test]
fn a_claimed_depth_one_too_small_is_caught() {
    let message = rejected_as(Failure::Witness, &tampered("42", |v| v["claim"]["worst_case_calls"] = 1.into()));
    assert!(message.contains("worst_case_calls is 1 in the certificate but 2 in the tree"), "{message}");
    let message = rejected_as(
        Failure::Witness,
        &tampered("42", |v| {
            v["claim"]["worst_case_calls"] = 1.into();
            v["claim"]["witness"]["depth"] = 1.into();
        }),
    );
    assert!(message.contains("witness: depth is 1"), "{message}");
}

#[test]
fn a_certificate_for_another_spec_is_caught() {
    let other: Value = serde_json::from_str(&committed("30")).unwrap();
    let message = rejected_as(Failure::Tree, &tampered("42", |v| v["spec"] = other["spec"].clone()));
    assert!(message.contains("tree"), "{message}");
    let message =
        rejected_as(Failure::Spec, &tampered("42", |v| v["spec"]["generators"] = serde_json::json!([2, 3, 7, 41])));
    assert!(message.contains("the primes-below-modulus rule fixes the sizes"), "{message}");
    // The same strategy is true for the sizes it uses ([2, 3, 7, 41]), but not without 41.
    let message = rejected_as(
        Failure::Tree,
        &tampered("42", |v| {
            v["spec"]["generators"] = serde_json::json!([2, 3, 5, 7, 11]);
            v["spec"]["generator_rule"] = "explicit".into();
        }),
    );
    assert!(message.contains("calls 41, not a generator"), "{message}");
}

#[test]
fn other_fields_are_checked_too() {
    let message =
        rejected_as(Failure::Witness, &tampered("42", |v| v["claim"]["witness"]["expected_calls"] = "3/2".into()));
    assert!(message.contains("expected_calls is 3/2"), "{message}");
    let message = rejected_as(Failure::Trust, &tampered("42", |v| v["claim"]["trust"] = "solver".into()));
    assert!(message.contains("trust"), "{message}");
    let message = rejected_as(Failure::Impossible, &tampered("43", |v| v["claim"]["missing_prime"] = 2.into()));
    assert!(message.contains("2 is not a prime factor of 43"), "{message}");
    let message = rejected_as(Failure::Json, &tampered("42", |v| v["claim"]["lower_bound"] = Value::Null));
    assert!(message.contains("invalid type: null"), "{message}");
    let message = rejected_as(Failure::Json, &tampered("42", |v| v["claim"]["kind"] = "impossible".into()));
    assert!(message.contains("unknown field"), "{message}");
}

#[test]
fn malformed_or_foreign_input_is_refused_with_its_location() {
    let text = committed("42");
    let message = rejected_as(Failure::Json, &text[..text.len() / 2]);
    assert!(message.contains("line"), "{message}");
    let message =
        rejected_as(Failure::Json, &text.replacen("\"modulus\": 42", "\"modulus\": 100000000000000000000000000", 1));
    assert!(message.starts_with("not a certificate"), "{message}");
    let message = rejected_as(Failure::Tree, &with_tree("42", "2(0 21)", "2(0 100000000000000000000000)"));
    assert!(message.contains("expected a number at byte"), "{message}");
    let message = rejected_as(Failure::Version, &tampered("42", |v| v["version"] = 1.into()));
    assert!(message.contains("version 1"), "{message}");
    let message = rejected_as(Failure::Json, &tampered("42", |v| v["surprise"] = 1.into()));
    assert!(message.contains("unknown field"), "{message}");
    assert!(matches!(check_json("[]"), Err(CheckError::Json(_))));
}

#[test]
fn a_changed_replay_script_is_caught() {
    let certificate = optimod_cert::Certificate::from_json(&committed("solver/d6-d15-20")).unwrap();
    let script = optimod_tests::committed_file("solver/d6-d15-20.depth2.smt2");
    optimod_check::check_replay(&certificate, script.as_bytes()).unwrap();
    let weakened = script.replacen("(assert\n (= N_ 1))", "", 1);
    assert_ne!(weakened, script, "the edit applies");
    let message = optimod_check::check_replay(&certificate, weakened.as_bytes()).unwrap_err().to_string();
    assert!(message.contains("SHA-256"), "{message}");
}

#[test]
fn a_cross_check_that_contradicts_the_claim_is_caught() {
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("42", |v| {
            let first = v["cross_checks"].as_array_mut().unwrap().iter_mut().find(|r| r["depth"] == 1).unwrap();
            first["verdict"] = "tree".into();
        }),
    );
    assert!(message.contains("reports an exact tree of depth 1"), "{message}");
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("42", |v| {
            let last = v["cross_checks"].as_array_mut().unwrap().iter_mut().find(|r| r["depth"] == 2).unwrap();
            last["verdict"] = "no-tree".into();
        }),
    );
    assert!(message.contains("contradicting the witness"), "{message}");
    let message = rejected_as(Failure::Shape, &tampered("42", |v| v["cross_checks"][0]["depth"] = 7.into()));
    assert!(message.contains("is not about this claim"), "{message}");
}

// ---------------------------------------------------------------------------------------
// Expected-calls certificates (optimal among trees of depth <= K).

#[test]
fn the_untouched_expected_certificates_pass() {
    for name in ["42-expected", "d6-4-expected", "8-expected"] {
        check_json(&committed(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn an_expected_certificate_with_a_relabelled_leaf_is_caught() {
    let message = rejected_as(Failure::Inexact, &with_tree("d6-4-expected", "6(1 3 1 3 1 3)", "6(1 3 1 3 1 2)"));
    assert!(message.contains("output 2 has probability 5/18"), "{message}");
}

#[test]
fn an_expected_optimum_that_is_not_the_witness_is_caught() {
    // A lower optimum than the tree has: the record no longer matches the tree.
    let message =
        rejected_as(Failure::Witness, &tampered("d6-4-expected", |v| v["claim"]["expected_calls"] = "7/6".into()));
    assert!(message.contains("claim.expected_calls is 7/6 in the certificate but 4/3 in the tree"), "{message}");
    // Both changed together: the witness's own summary is recomputed from the tree.
    let message = rejected_as(
        Failure::Witness,
        &tampered("d6-4-expected", |v| {
            v["claim"]["expected_calls"] = "7/6".into();
            v["claim"]["witness"]["expected_calls"] = "7/6".into();
        }),
    );
    assert!(message.contains("expected_calls is 7/6 in the certificate but 4/3 in the tree"), "{message}");
}

#[test]
fn an_expected_bound_with_a_wrong_number_is_caught() {
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("solver/d6-4-expected", |v| v["claim"]["elementary_bound"]["value"] = "4/3".into()),
    );
    assert!(message.contains("the elementary bound on expected calls is 7/6, not 4/3"), "{message}");
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("d6-4-expected", |v| v["claim"]["elementary_bound"]["reach_levels"] = 2.into()),
    );
    assert!(message.contains("a leaf can first sit at depth 1, not 2"), "{message}");
}

#[test]
fn an_expected_claim_without_its_solver_step_or_with_a_root_missing_is_caught() {
    let message =
        rejected_as(Failure::LowerBound, &tampered("solver/d6-4-expected", |v| v["claim"]["solver"] = Value::Null));
    assert!(message.contains("no solver verdict closes the gap"), "{message}");
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("solver/d6-4-expected", |v| v["claim"]["solver"]["roots"] = serde_json::json!([])),
    );
    assert!(message.contains("must cover every root call [6]"), "{message}");
}

#[test]
fn a_tampered_enumeration_is_caught() {
    // The worst case: a branch count off by one. (An enumeration claimed at a depth where a
    // tree exists is refused in tests/exhaustive.rs, for every small spec.)
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("d6-d15-20", |v| {
            v["claim"]["lower_bound"]["elementary"]["argument"]["states"] = 3.into();
        }),
    );
    assert!(message.contains("the enumeration has 2 branches, not 3"), "{message}");
    // Expected calls within depth 3: another value, another count, or the record dropped.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("d6-4-expected", |v| v["claim"]["elementary_bound"]["exhaustive"]["value"] = "7/5".into()),
    );
    assert!(message.contains("is 4/3, not 7/5"), "{message}");
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("d6-4-expected", |v| v["claim"]["elementary_bound"]["exhaustive"]["states"] = 720.into()),
    );
    assert!(message.contains("branches, not 720"), "{message}");
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("d6-4-expected", |v| {
            v["claim"]["elementary_bound"].as_object_mut().unwrap().remove("exhaustive");
            v["claim"]["elementary_bound"]["value"] = "7/6".into();
        }),
    );
    assert!(message.contains("no solver verdict closes the gap"), "{message}");
}

#[test]
fn an_expected_claim_beyond_its_depth_limit_or_scope_is_caught() {
    // The witness has depth 2: a limit of 1 excludes it.
    let message = rejected_as(
        Failure::Witness,
        &tampered("d6-4-expected", |v| {
            v["spec"]["max_depth"] = 1.into();
        }),
    );
    assert!(message.contains("depth is at most 1"), "{message}");
    // The claim's kind fixes its scope; a field of another kind is refused, not ignored.
    let message =
        rejected_as(Failure::Json, &tampered("d6-4-expected", |v| v["claim"]["scope"] = "all strategies".into()));
    assert!(message.contains("unknown field `scope`"), "{message}");
    // A cross-check that found another optimum contradicts the claim.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("d6-4-expected", |v| {
            let cbc = v["cross_checks"].as_array_mut().unwrap().iter_mut().find(|r| r["engine"] == "cbc").unwrap();
            cbc["verdict"] = serde_json::json!({"optimum": "7/6"});
        }),
    );
    assert!(message.contains("cbc reports the optimum 7/6, the claim is 4/3"), "{message}");
    // Worst-case and expected records do not mix.
    let message =
        rejected_as(Failure::Spec, &tampered("d6-4-expected", |v| v["spec"]["objective"] = "worst-case".into()));
    assert!(message.contains("the worst-case objective has no depth limit"), "{message}");
    let message = rejected_as(
        Failure::Shape,
        &tampered("d6-4-expected", |v| {
            v["spec"]["objective"] = "worst-case".into();
            v["spec"].as_object_mut().unwrap().remove("max_depth");
        }),
    );
    assert!(message.contains("a claim of kind \"expected-within-depth\" does not fit"), "{message}");
}

#[test]
fn an_expected_bound_with_a_wrong_valuation_level_is_caught() {
    // 8 with depth <= 3: every output needs a leaf 2*2*2; the bound is 3 without a solver.
    check_json(&committed("8-expected")).expect("untouched");
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("8-expected", |v| v["claim"]["elementary_bound"]["valuation_levels"][0]["max_product"] = "56".into()),
    );
    assert!(message.contains("valuation levels"), "{message}");
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("8-expected", |v| v["claim"]["elementary_bound"]["valuation_levels"] = serde_json::json!([])),
    );
    assert!(message.contains("valuation levels"), "{message}");
}

// ---------------------------------------------------------------------------------------
// Expected calls over all strategies (pool automata, loops included).

#[test]
fn the_untouched_all_strategies_certificates_pass() {
    for name in ["30-expected", "5-expected", "coin-5-expected"] {
        check_json(&committed(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn a_pool_automaton_with_a_changed_call_or_value_is_caught() {
    // Pool 2 calling 2 instead of 3: pool 4 follows, which the record does not list.
    let message =
        rejected_as(Failure::Tree, &tampered("5-expected", |v| v["claim"]["strategy"]["pools"][1]["size"] = 2.into()));
    assert!(message.contains("pool automaton"), "{message}");
    let message = rejected_as(Failure::Witness, &tampered("5-expected", |v| v["claim"]["expected_calls"] = "2".into()));
    assert!(message.contains("claim.expected_calls is 2 in the certificate but 12/5"), "{message}");
}

#[test]
fn a_bounded_result_claimed_as_proved_is_caught() {
    let message = rejected_as(Failure::Shape, &five_by_per_output(|v| v["claim"]["status"] = "proved".into()));
    assert!(message.contains("status Proved but the gap is 823/21870"), "{message}");
    let message = rejected_as(
        Failure::LowerBound,
        &five_by_per_output(|v| {
            v["claim"]["lower_bound"]["value"] = "12/5".into();
            v["claim"]["gap"] = "0".into();
            v["claim"]["status"] = "proved".into();
        }),
    );
    assert!(message.contains("the lower bound is 10333/4374, not 12/5"), "{message}");
}

/// 5 from 2 and 3 with the per-output bound (fact 9, 10333/4374) instead of the enumeration
/// the prover certifies: a weaker bound, still true, and bounded.
fn five_by_per_output(edit: impl FnOnce(&mut Value)) -> String {
    tampered("5-expected", |v| {
        v["claim"]["lower_bound"] = serde_json::json!({
            "kind": "per-output", "value": "10333/4374", "depth": 8, "reach_levels": 2,
            "excluded": {"forever": {"missing_prime": 5}}
        });
        v["claim"]["gap"] = "823/21870".into();
        v["claim"]["status"] = "bounded".into();
        edit(v);
    })
}

#[test]
fn the_enumeration_of_every_top_is_re_derived() {
    let original: Value = serde_json::from_str(&committed("5-expected")).unwrap();
    let bound = &original["claim"]["lower_bound"];
    assert_eq!(
        (bound["kind"].as_str(), bound["depth"].as_u64(), bound["states"].as_u64()),
        (Some("enumeration"), Some(4), Some(480))
    );
    assert_eq!(original["claim"]["status"], "proved");
    // One level short: branches stay open. Another horizon: another enumeration (it closes
    // too, through other branches), whose count is not the one recorded.
    let message =
        rejected_as(Failure::LowerBound, &tampered("5-expected", |v| v["claim"]["lower_bound"]["depth"] = 3.into()));
    assert!(message.contains("branches are still open at depth 3"), "{message}");
    let message =
        rejected_as(Failure::LowerBound, &tampered("5-expected", |v| v["claim"]["lower_bound"]["horizon"] = 1.into()));
    assert!(message.contains("branches, not 480"), "{message}");
    // A miscounted enumeration.
    let message =
        rejected_as(Failure::LowerBound, &tampered("5-expected", |v| v["claim"]["lower_bound"]["states"] = 479.into()));
    assert!(message.contains("the enumeration has 480 branches, not 479"), "{message}");
    // Above the optimum the argument cannot close: the rejection branch (2 calls, 1/6 left,
    // a scaled copy) never covers 5/6 of a larger value.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("5-expected", |v| v["claim"]["lower_bound"]["value"] = "241/100".into()),
    );
    assert!(message.contains("still open"), "{message}");
    // Beyond the checker's limits, refused before any work.
    let message =
        rejected_as(Failure::TooLarge, &tampered("5-expected", |v| v["claim"]["lower_bound"]["depth"] = 9.into()));
    assert!(message.contains("a top of depth 9"), "{message}");
}

/// 5 from 2 and 3 with the levels bound raised by its deficit at depth 2 (20/9) instead of
/// the per-output bound the prover certifies: a weaker bound, still true.
fn five_by_deficit(edit: impl FnOnce(&mut Value)) -> String {
    tampered("5-expected", |v| {
        v["claim"]["lower_bound"] = serde_json::json!({
            "kind": "levels", "value": "20/9", "reach_levels": 2,
            "excluded": {"forever": {"missing_prime": 5}},
            "deficits": [{"depth": 2, "capacity": "1/6"}]
        });
        v["claim"]["gap"] = "8/45".into();
        v["claim"]["status"] = "bounded".into();
        edit(v);
    })
}

#[test]
fn the_per_output_bound_is_re_derived() {
    check_json(&five_by_per_output(|_| {})).expect("the per-output bound is true");
    // A shallower depth gives a smaller value than recorded (depth 7 happens to give the
    // same: its tail 1/3^8 + ... equals what depth 8 adds).
    let message =
        rejected_as(Failure::LowerBound, &five_by_per_output(|v| v["claim"]["lower_bound"]["depth"] = 4.into()));
    assert!(message.contains("the lower bound is"), "{message}");
    assert!(message.contains("not 10333/4374"), "{message}");
    let message =
        rejected_as(Failure::LowerBound, &five_by_per_output(|v| v["claim"]["lower_bound"]["depth"] = 0.into()));
    assert!(message.contains("a per-output depth of 0"), "{message}");
    // A finite-tree exclusion where none holds for ever.
    let message = rejected_as(
        Failure::LowerBound,
        &five_by_per_output(|v| {
            v["claim"]["lower_bound"]["excluded"] = serde_json::json!({"forever": {"missing_prime": 3}})
        }),
    );
    assert!(message.contains("3 is not a prime of 5 that divides no generator size"), "{message}");
}

#[test]
fn a_deficit_with_a_wrong_capacity_or_none_to_add_is_caught() {
    check_json(&five_by_deficit(|_| {})).expect("the levels bound with its deficit is true");
    // A smaller capacity would raise the bound further: the checker's own knapsack says 1/6.
    let message = rejected_as(
        Failure::LowerBound,
        &five_by_deficit(|v| {
            v["claim"]["lower_bound"]["deficits"][0]["capacity"] = "1/9".into();
            v["claim"]["lower_bound"]["value"] = "43/18".into();
            v["claim"]["gap"] = "1/90".into();
        }),
    );
    assert!(message.contains("depth <= 2 carry at most 1/6, not 1/9"), "{message}");
    // At depth 3 the capacity is 43/216 and 1 - 5 * 43/216 = 1/216 is below the levels term
    // 1/27: a deficit that raises nothing is refused.
    let message = rejected_as(
        Failure::LowerBound,
        &five_by_deficit(|v| {
            v["claim"]["lower_bound"]["deficits"] = serde_json::json!([{"depth": 3, "capacity": "43/216"}]);
        }),
    );
    assert!(message.contains("the deficit 1/216 at depth 3 does not exceed the bound's term 1/27"), "{message}");
    // Dropping the deficit but keeping the value: the value is re-derived.
    let message = rejected_as(
        Failure::LowerBound,
        &five_by_deficit(|v| {
            v["claim"]["lower_bound"].as_object_mut().unwrap().remove("deficits");
        }),
    );
    assert!(message.contains("the lower bound is 13/6, not 20/9"), "{message}");
    // Depths out of order are refused.
    let message = rejected_as(
        Failure::LowerBound,
        &five_by_deficit(|v| {
            v["claim"]["lower_bound"]["deficits"] =
                serde_json::json!([{"depth": 2, "capacity": "1/6"}, {"depth": 2, "capacity": "1/6"}]);
        }),
    );
    assert!(message.contains("is not above the previous one"), "{message}");
}

/// The 30 certificate's automaton with one edit to state `state`'s record.
fn block(edit: impl FnOnce(&mut Value)) -> String {
    tampered("30-expected", |v| edit(&mut v["claim"]["strategy"]["automaton"]["states"]))
}

#[test]
fn an_asymmetric_block_with_a_relabelled_leaf_or_jump_is_caught() {
    let relabel = |from: &'static str, to: &'static str| {
        block(move |states| {
            let tree = states[0]["tree"].as_str().unwrap().to_string();
            assert!(tree.contains(from), "{from} is not in the tree");
            states[0]["tree"] = Value::String(tree.replacen(from, to, 1));
        })
    };
    // One leaf of output 1 given to output 2.
    let message = rejected_as(Failure::Automaton, &relabel(" 1 ", " 2 "));
    assert!(message.contains("is not exact: output 1 has probability"), "{message}");
    // The pending outcome output directly instead of sampled.
    let message = rejected_as(Failure::Automaton, &relabel("@1", "0"));
    assert!(message.contains("is not exact"), "{message}");
    // A jump to a state that does not exist.
    let message = rejected_as(Failure::Tree, &relabel("@1", "@7"));
    assert!(message.contains("a jump to state 7"), "{message}");
}

/// 12's automaton (a block whose sampler is an explicit chain) with one edit to its states.
fn chain_block(edit: impl FnOnce(&mut Value)) -> String {
    tampered("expected/12", |v| edit(&mut v["claim"]["strategy"]["automaton"]["states"]))
}

#[test]
fn an_asymmetric_block_with_a_changed_sampler_is_caught() {
    let original: Value = serde_json::from_str(&committed("expected/12")).unwrap();
    assert_eq!(original["claim"]["strategy"]["automaton"]["states"][1]["kind"], "chain");
    // One value fewer emitted at the first level that emits: the pools no longer follow.
    let message = rejected_as(
        Failure::Tree,
        &chain_block(|states| {
            let steps = states[1]["steps"].as_array_mut().unwrap();
            let step = steps.iter_mut().find(|s| !s["emit"].as_str().unwrap().is_empty()).unwrap();
            let emit = step["emit"].as_str().unwrap().to_string();
            let (j, k) = emit.split_once(':').unwrap();
            let k: u64 = k.split(' ').next().unwrap().parse().unwrap();
            step["emit"] = Value::String(emit.replacen(&format!("{j}:{k}"), &format!("{j}:{}", k - 1), 1));
        }),
    );
    assert!(message.contains("leaves") && message.contains("the next pool"), "{message}");
    // A level's values given to another output: exactness fails.
    let message = rejected_as(
        Failure::Automaton,
        &chain_block(|states| {
            let steps = states[1]["steps"].as_array_mut().unwrap();
            let step = steps.iter_mut().find(|s| s["emit"].as_str().unwrap().contains(' ')).unwrap();
            let emit = step["emit"].as_str().unwrap().to_string();
            let (first, rest) = emit.split_once(' ').unwrap();
            let (_, k) = first.split_once(':').unwrap();
            let other = if first.starts_with("0:") { "1" } else { "0" };
            step["emit"] = Value::String(format!("{other}:{k} {rest}"));
        }),
    );
    assert!(message.contains("is not exact"), "{message}");
    // A chain that ends its first step with nothing left, then calls on an empty pool.
    let message = rejected_as(
        Failure::Tree,
        &chain_block(|states| {
            states[1] = serde_json::json!({"kind": "chain", "loop_to": null, "steps": [
                {"pool": 1, "size": 11, "emit": "0:11"},
                {"pool": 0, "size": 11, "emit": ""}
            ]});
        }),
    );
    assert!(message.contains("chain step 1 holds an empty pool"), "{message}");
    // The expected calls claimed differ from the automaton's.
    let message =
        rejected_as(Failure::Witness, &tampered("30-expected", |v| v["claim"]["expected_calls"] = "2".into()));
    assert!(message.contains("claim.expected_calls is 2 in the certificate"), "{message}");
}

#[test]
fn a_strategy_that_does_not_stop_is_caught() {
    // The sampler replaced by a state that only ever jumps back to itself.
    let message = rejected_as(
        Failure::Automaton,
        &block(|states| states[1] = serde_json::json!({"kind": "tree", "tree": "2(@1 @1)"})),
    );
    assert!(message.contains("does not stop with probability 1: from state 1"), "{message}");
    // A whole strategy that restarts for ever.
    let message = rejected_as(
        Failure::Automaton,
        &block(|states| {
            *states = serde_json::json!([{"kind": "tree", "tree": "2(@0 3(@0 @0 @0))"}]);
        }),
    );
    assert!(message.contains("does not stop with probability 1: from state 0"), "{message}");
}

#[test]
fn a_loop_that_never_emits_or_an_unfinished_run_is_caught() {
    // n = 5 with a coin: pools 1 -> 2 -> 4 -> (8: emit 5, keep 3) -> 3 -> (6: emit 5, keep 1).
    // A run cut short (pool 4 has no step) is refused. (A loop that never emits cannot be
    // written in this family, pools grow until they reach n; the checker refuses it too.)
    let message = rejected_as(
        Failure::Tree,
        &tampered("coin-5-expected", |v| {
            v["claim"]["strategy"]["pools"] = serde_json::json!([{"pool": 1, "size": 2}, {"pool": 2, "size": 2}]);
        }),
    );
    assert!(message.contains("pool automaton"), "{message}");
    let cert = r#"{"format":"optimod-certificate","version":4,"spec":{"modulus":4,"generators":[2],"generator_rule":"explicit","objective":"expected-calls"},"claim":{"kind":"expected-all-strategies","status":"bounded","strategy":{"family":"pool-automaton","pools":[{"pool":1,"size":2},{"pool":2,"size":2}]},"expected_calls":"2","lower_bound":{"kind":"knuth-yao","value":"2","size":2},"gap":"0"},"cross_checks":[]}"#;
    // This one is a complete run (1 -> 2 -> 4 = n: emit all) and true: accepted as proved, not
    // as bounded.
    let message = rejected_as(Failure::Shape, cert);
    assert!(message.contains("status Bounded but the gap is 0"), "{message}");
    check_json(&cert.replace("\"bounded\"", "\"proved\"")).expect("the coin tree for 4 is exact and optimal");
}

/// 30 with fact 6's count (2 + 1/841 + 1/24389) instead of the single pending node the prover
/// certifies: a weaker bound, still true.
fn thirty_by_counting(edit: impl FnOnce(&mut Value)) -> String {
    tampered("30-expected", |v| {
        v["claim"]["lower_bound"] = serde_json::json!({
            "kind": "counting", "value": "48808/24389", "reach_levels": 2,
            "excluded": {"excluded_depth": 2, "argument": {"kind": "partial-fractions", "roots": 10}},
            "chain": 2
        });
        let value: num_rational::BigRational = v["claim"]["expected_calls"].as_str().unwrap().parse().unwrap();
        let bound: num_rational::BigRational = "48808/24389".parse().unwrap();
        v["claim"]["gap"] = (value - bound).to_string().into();
        edit(v);
    })
}

#[test]
fn a_counting_bound_with_a_longer_chain_or_a_shallow_exclusion_is_caught() {
    check_json(&thirty_by_counting(|_| {})).expect("the count is a true bound");
    // 30: every output needs a leaf below depth 2; 29 + 28 >= 30 deeper leaves need internal
    // nodes at two depths, not three.
    let message =
        rejected_as(Failure::LowerBound, &thirty_by_counting(|v| v["claim"]["lower_bound"]["chain"] = 3.into()));
    assert!(message.contains("need a chain of 2 depths, not 3"), "{message}");
    let message = rejected_as(
        Failure::LowerBound,
        &thirty_by_counting(|v| v["claim"]["lower_bound"]["value"] = "1683/841".into()),
    );
    assert!(message.contains("the lower bound is 48808/24389, not 1683/841"), "{message}");
}

#[test]
fn the_single_pending_node_is_re_derived() {
    let original: Value = serde_json::from_str(&committed("30-expected")).unwrap();
    assert_eq!(original["claim"]["lower_bound"]["kind"], "pending-node");
    assert_eq!(original["claim"]["lower_bound"]["value"], "1415433/707281"); // 2 + 1/841 + 1/24389 + 1/707281
                                                                             // A fifth level claimed as well.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("30-expected", |v| v["claim"]["lower_bound"]["value"] = "41013835834/20511149".into()),
    );
    assert!(message.contains("the lower bound is 1415433/707281, not"), "{message}");
    // Without depth 2 excluded per output the argument has no deep leaves to count.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("30-expected", |v| {
            v["claim"]["lower_bound"]["excluded"] =
                serde_json::json!({"excluded_depth": 1, "argument": {"kind": "reach", "max_generator": 29}})
        }),
    );
    assert!(message.contains("depth 2 must be excluded per output"), "{message}");
    // A false exclusion (a depth-3 tree exists for 30) is caught by the elementary check.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("30-expected", |v| v["claim"]["lower_bound"]["excluded"]["excluded_depth"] = 3.into()),
    );
    assert!(message.starts_with("claim.lower_bound"), "{message}");
}

#[test]
fn a_per_output_bound_with_a_wrong_count_or_value_is_caught() {
    let per_output = |edit: fn(&mut Value)| {
        tampered("30-expected-depth3", |v| edit(&mut v["claim"]["elementary_bound"]["per_output"]))
    };
    // The enumeration is repeated: its count must match.
    let message = rejected_as(
        Failure::LowerBound,
        &per_output(|p| p["multisets"] = (p["multisets"].as_u64().unwrap() - 1).into()),
    );
    assert!(message.contains("leaf multisets, not"), "{message}");
    // A higher value claimed: the optimum's own outputs cost less than that, and the checker finds one.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("30-expected-depth3", |v| {
            v["claim"]["elementary_bound"]["per_output"]["value"] = "1699/841".into();
            v["claim"]["elementary_bound"]["value"] = "1699/841".into();
        }),
    );
    assert!(message.contains("an output can cost less than 1699/841"), "{message}");
    // Without the argument the bound is only 2 + 1/841, below the claim, and no solver step
    // is recorded.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("30-expected-depth3", |v| {
            v["claim"]["elementary_bound"].as_object_mut().unwrap().remove("per_output");
        }),
    );
    assert!(message.contains("not 1698/841"), "{message}");
}

// The compact witness: each sampler's numbers are bound to the claim by arithmetic.

fn sampler_edit(edit: impl FnOnce(&mut Vec<Value>)) -> String {
    tampered("42", |v| {
        let mut samplers = v["claim"]["witness"]["tree"]["blocks"].as_array().unwrap().clone();
        edit(&mut samplers);
        v["claim"]["witness"]["tree"]["blocks"] = Value::Array(samplers);
    })
}

#[test]
fn a_compact_witness_with_a_changed_number_is_caught() {
    // Samplers of 42: [2, 3, 7, 42]; the last calls 41 with blocks (2, 1), (3, 1), (7, 1).
    let message = rejected_as(Failure::Tree, &sampler_edit(|s| s[3]["blocks"][0]["count"] = 2.into()));
    assert!(message.contains("take 62 outcomes, its root 41 has 41"), "{message}");
    let message = rejected_as(Failure::Tree, &sampler_edit(|s| s[3]["root"] = 43.into()));
    assert!(message.contains("calls 43, not a generator"), "{message}");
    // A reach changed: the sampler for 7 calls 5 (a generator) with its one block of 7 leaves.
    let message = rejected_as(Failure::Tree, &sampler_edit(|s| s[2]["root"] = 5.into()));
    assert!(message.contains("the sampler for 7 take 7 outcomes, its root 5 has 5"), "{message}");
    let message = rejected_as(Failure::Tree, &sampler_edit(|s| s[3]["blocks"][2]["divisor"] = 5.into()));
    assert!(message.contains("not a proper divisor"), "{message}");
    let message = rejected_as(
        Failure::Tree,
        &sampler_edit(|s| {
            s.remove(1);
        }),
    );
    assert!(message.contains("uses 3, which has no sampler before it"), "{message}");
    let message = rejected_as(
        Failure::Tree,
        &sampler_edit(|s| {
            s.insert(2, serde_json::json!({"modulus": 6, "root": 2, "blocks": [{"divisor": 3, "count": 1}]}))
        }),
    );
    assert!(message.contains("the sampler for 6 is never used"), "{message}");
    let message = rejected_as(Failure::Tree, &sampler_edit(|s| s.swap(0, 1)));
    assert!(message.contains("above the previous one"), "{message}");
    let message = rejected_as(Failure::Witness, &tampered("42", |v| v["claim"]["witness"]["leaves"] = "127".into()));
    assert!(message.contains("leaves is 127 in the certificate but 126"), "{message}");
    // A witness is one tree: both forms at once do not parse.
    let message =
        rejected_as(Failure::Json, &tampered("42", |v| v["claim"]["witness"]["tree"]["explicit"] = "41".into()));
    assert!(message.contains("not a certificate"), "{message}");
}

#[test]
fn a_compact_witness_moved_to_another_modulus_is_caught() {
    // The samplers of 30 (2, 3, 5 in a row) claimed for 60.
    let other: Value = serde_json::from_str(&committed("30")).unwrap();
    let message = rejected_as(
        Failure::Tree,
        &tampered("60", |v| {
            v["claim"]["witness"]["tree"]["blocks"] = other["claim"]["witness"]["tree"]["blocks"].clone()
        }),
    );
    assert!(message.contains("the last sampler is not the one for 60"), "{message}");
}

#[test]
fn a_renamed_engine_is_refused_not_printed_back() {
    // A cross-check record naming an engine this project does not run.
    let message =
        rejected_as(Failure::Json, &tampered("solver/d6-d15-20", |v| v["cross_checks"][0]["engine"] = "me".into()));
    assert!(message.contains("unknown variant `me`"), "{message}");
    // A solver step claimed for a producer that is not a solver.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("solver/d6-d15-20", |v| {
            v["claim"]["lower_bound"]["solver"]["provenance"]["engine"] = "construction".into()
        }),
    );
    assert!(message.contains("only z3 writes them"), "{message}");
    // The trust level names the solver step only, not the informational cross-checks.
    let checked = check_json(&committed("solver/d6-d15-20")).unwrap();
    assert_eq!(checked.verdict().trust.to_string(), "solver (z3 unsat, replay script pinned)");
}

#[test]
fn huge_depths_and_chains_are_refused_at_once() {
    let message = rejected_as(
        Failure::TooLarge,
        &tampered("24", |v| {
            v["claim"]["lower_bound"]["elementary"]["excluded_depth"] = 4_000_000_000u64.into();
            v["claim"]["lower_bound"]["excluded_depth"] = 4_000_000_000u64.into();
        }),
    );
    assert!(message.contains("a depth of 4000000000"), "{message}");
    let message = rejected_as(
        Failure::TooLarge,
        &tampered("30-expected", |v| v["claim"]["lower_bound"]["excluded"]["excluded_depth"] = 1_000_000.into()),
    );
    assert!(message.contains("a depth of 1000000"), "{message}");
    let message = rejected_as(
        Failure::TooLarge,
        &thirty_by_counting(|v| v["claim"]["lower_bound"]["chain"] = 4_294_967_295u64.into()),
    );
    assert!(message.contains("counting chain of 4294967295"), "{message}");
    let message =
        rejected_as(Failure::Spec, &tampered("42", |v| v["spec"]["modulus"] = 1_000_000_000_000_000u64.into()));
    assert!(message.contains("outside 2..="), "{message}");
}

/// The weights of 30's compact Knuth–Yao state, as (output, weight) pairs, edited and put back.
fn knuth_yao_weights(edit: impl FnOnce(&mut Vec<(u64, u64)>)) -> String {
    block(|states| {
        let text = states[1]["weights"].as_str().unwrap();
        let mut pairs: Vec<(u64, u64)> = text
            .split(' ')
            .map(|p| p.split_once(':').map(|(j, w)| (j.parse().unwrap(), w.parse().unwrap())).unwrap())
            .collect();
        edit(&mut pairs);
        let joined: Vec<String> = pairs.iter().map(|(j, w)| format!("{j}:{w}")).collect();
        states[1]["weights"] = Value::String(joined.join(" "));
    })
}

#[test]
fn a_compact_knuth_yao_state_is_re_derived() {
    let original: Value = serde_json::from_str(&committed("30-expected")).unwrap();
    assert_eq!(original["claim"]["strategy"]["automaton"]["states"][1]["kind"], "knuth-yao");
    assert_eq!(original["claim"]["expected_calls_kind"], "upper-bound");
    check_json(&committed("30-expected")).expect("untouched");
    // One unit of probability moved from output 1 to output 2 (the sum kept): not exact.
    let message = rejected_as(
        Failure::Automaton,
        &knuth_yao_weights(|pairs| {
            pairs[1].1 -= 1;
            pairs[2].1 += 1;
        }),
    );
    assert!(message.contains("is not exact: output 1 has probability"), "{message}");
    // A unit dropped: the weights no longer sum to the denominator.
    let message = rejected_as(Failure::Tree, &knuth_yao_weights(|pairs| pairs[0].1 -= 1));
    assert!(message.contains("do not sum to the denominator"), "{message}");
    // Outputs out of order, or one that does not exist.
    let message = rejected_as(Failure::Tree, &knuth_yao_weights(|pairs| pairs.swap(1, 2)));
    assert!(message.contains("out of order"), "{message}");
    let message = rejected_as(Failure::Tree, &knuth_yao_weights(|pairs| pairs.last_mut().unwrap().0 = 30));
    assert!(message.contains("output < 30"), "{message}");
    // One level fewer summed: the tail bound, hence the claimed value, changes.
    let message = rejected_as(
        Failure::Witness,
        &block(|states| {
            let terms = states[1]["terms"].as_u64().unwrap();
            states[1]["terms"] = (terms - 1).into();
        }),
    );
    assert!(message.contains("claim.expected_calls is"), "{message}");
    // Limits: levels, denominator, sizes.
    let message = rejected_as(Failure::TooLarge, &block(|states| states[1]["terms"] = 5000.into()));
    assert!(message.contains("sums 5000 levels"), "{message}");
    let message = rejected_as(Failure::Tree, &block(|states| states[1]["denominator"] = 9223372036854775808u64.into()));
    assert!(message.contains("denominator 9223372036854775808 is not in 1..2^63"), "{message}");
    // A number written as text (version 3's form) is not read.
    let message = rejected_as(Failure::Json, &block(|states| states[1]["denominator"] = "223092870".into()));
    assert!(message.contains("invalid type: string \"223092870\", expected u64"), "{message}");
    let message = rejected_as(Failure::Tree, &block(|states| states[1]["size"] = 31.into()));
    assert!(message.contains("calls 31, not a generator"), "{message}");
    // The value claimed exact although the tail is only bounded.
    let message = rejected_as(
        Failure::Witness,
        &tampered("30-expected", |v| {
            v["claim"].as_object_mut().unwrap().remove("expected_calls_kind");
        }),
    );
    assert!(message.contains("claim.expected_calls_kind"), "{message}");
}

#[test]
fn a_valuation_path_bound_is_re_derived() {
    let original: Value = serde_json::from_str(&committed("expected/8")).unwrap();
    assert_eq!(original["claim"]["lower_bound"]["kind"], "valuation-path");
    assert_eq!(original["claim"]["lower_bound"]["value"], "85/42"); // 2 + sum_{k >= 2} 1/7^k
                                                                    // One level more than the whole tail claimed.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("expected/8", |v| v["claim"]["lower_bound"]["value"] = "2083/1029".into()),
    );
    assert!(message.contains("the lower bound is 85/42, not 2083/1029"), "{message}");
    // Fractions are read in lowest terms only: one value, one spelling.
    let message =
        rejected_as(Failure::Json, &tampered("expected/8", |v| v["claim"]["lower_bound"]["value"] = "170/84".into()));
    assert!(message.contains("\"170/84\" is not in lowest terms"), "{message}");
    // A false exclusion (8 = 2 x 2 x 2 has a depth-3 tree) is caught by the elementary check.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("expected/8", |v| v["claim"]["lower_bound"]["excluded"]["excluded_depth"] = 3.into()),
    );
    assert!(message.starts_with("claim.lower_bound"), "{message}");
    // 30 is square-free: a carrying leaf's parent need carry nothing, and the argument gives
    // only the levels, 2 + 1/841 + 1/24389 / (1 - 1/29)... not the pending node's figure.
    let message = rejected_as(
        Failure::LowerBound,
        &tampered("30-expected", |v| {
            v["claim"]["lower_bound"] = serde_json::json!({
                "kind": "valuation-path", "value": "1415433/707281",
                "excluded": {"excluded_depth": 2, "argument": {"kind": "partial-fractions", "roots": 10}}
            })
        }),
    );
    assert!(message.contains("the lower bound is 1683/841, not 1415433/707281"), "{message}");
}

#[test]
fn a_deficit_inside_a_counting_chain_is_refused() {
    // 8 from 2, 3, 5, 7: depth 2 excluded, a chain of depths 2 and 3. More nodes pending after
    // two calls (what a deficit there says) can finish every output at depth 3, so a deficit
    // at depth 2 or 3 cannot be added to the chain's terms.
    for depth in [2, 3] {
        let message = rejected_as(
            Failure::LowerBound,
            &tampered("expected/8", |v| {
                v["claim"]["lower_bound"] = serde_json::json!({
                    "kind": "counting", "value": "4859/2401", "reach_levels": 2,
                    "excluded": v["claim"]["lower_bound"]["excluded"].clone(),
                    "chain": 2, "deficits": [{"depth": depth, "capacity": "1/9"}]
                })
            }),
        );
        assert!(message.contains(&format!("a deficit at depth {depth} inside the chain's depths 2..=3")), "{message}");
    }
}

#[test]
fn a_pending_node_bound_needs_every_size_below_n() {
    // 8 from 10, 14, 15, 19: a first call of 19 can end a run (a loop rejecting 3 of its 19
    // outcomes), so "two calls at least" fails; a strategy of 209/180 exists, and the single
    // pending node's 2 + 1/19^2 + ... must be refused on its premise.
    let spec = optimod_spec::Spec::new(8, &[10, 14, 15, 19], optimod_spec::Objective::Expected).unwrap();
    let mut v: Value = serde_json::from_str(&optimod_tests::certificate_json(&spec)).unwrap();
    let excluded = v["claim"]["lower_bound"]["excluded"].clone();
    assert!(excluded.is_object(), "{}", v["claim"]["lower_bound"]);
    v["claim"]["lower_bound"] =
        serde_json::json!({"kind": "pending-node", "value": "261023/130321", "excluded": excluded});
    let message = rejected_as(Failure::LowerBound, &serde_json::to_string(&v).unwrap());
    assert!(message.contains("the largest size 19 is not below 8"), "{message}");
}

/// A pool automaton's exact cost takes work growing as the square of its run: a run past the
/// checker's limit is refused as too large before any of it is summed.
#[test]
fn a_pool_run_past_the_limit_is_too_large() {
    let message = rejected_as(
        Failure::TooLarge,
        &tampered("coin-5-expected", |v| {
            v["spec"]["modulus"] = 200_003.into();
            let pools: Vec<Value> = (1..=100_001u64).map(|pool| serde_json::json!({"pool": pool, "size": 2})).collect();
            v["claim"]["strategy"]["pools"] = Value::Array(pools);
        }),
    );
    assert!(message.contains("a pool automaton of 100001 steps (at most 100000)"), "{message}");
}
