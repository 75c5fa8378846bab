//! The command-line contract: JSON keys, exit codes, errors without partial output.

use std::path::PathBuf;
use std::process::{Command, Output};

fn optimod(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_optimod")).args(args).output().expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("optimod-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn prove_42_json_has_the_contract_keys() {
    let dir = scratch("json");
    let out_file = dir.join("42.json");
    let out = optimod(&["prove", "42", "--json", "--out", out_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "exactly one JSON object: {text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["modulus"], 42);
    assert_eq!(v["generators"], serde_json::json!([2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41]));
    assert_eq!(v["objective"], "worst-case");
    assert_eq!(v["status"], "proved");
    assert_eq!(v["worst_case_calls"], 2);
    assert_eq!(v["lower_bound"], 2);
    assert_eq!(v["upper_bound"], 2);
    assert_eq!(v["certificate"], out_file.to_str().unwrap());
    let verify = optimod(&["verify", out_file.to_str().unwrap()]);
    assert_eq!(verify.status.code(), Some(0));
    assert!(stdout(&verify).contains("trust level elementary"), "{}", stdout(&verify));
}

#[test]
fn prove_42_in_words() {
    let out = optimod(&["prove", "42"]);
    let text = stdout(&out);
    assert!(text.contains("the 13 primes below 42"), "{text}");
    assert!(text.contains("answer: 2 calls in the worst case, optimal"), "{text}");
    assert!(text.contains("call 41"), "{text}");
    assert!(text.contains("r in 0..=20: with s uniform in 0..2 (as below), output r + 21*s"), "{text}");
    assert!(text.contains("reach at least 1/41 > 1/42"), "{text}");
}

#[test]
fn explicit_generators_and_impossible_specs() {
    let out = optimod(&["prove", "6", "--generators", "2,3", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!((v["status"].as_str(), v["worst_case_calls"].as_u64()), (Some("proved"), Some(2)));
    let out = optimod(&["prove", "43", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["status"], "impossible");
    assert!(v["worst_case_calls"].is_null());
    assert!(v["reason"].as_str().unwrap().contains("43 divides 43 but no generator size"));
}

#[test]
fn a_depth_limit_below_bounds_that_meet_gives_the_answer() {
    // Bound and construction meet at 3, so the limit 2 stops no search: the answer is known.
    let out = optimod(&["prove", "30", "--max-depth", "2", "--json", "--engines", "z3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["status"], "proved");
    assert_eq!((v["lower_bound"].as_u64(), v["upper_bound"].as_u64()), (Some(3), Some(3)));
    assert!(v["reason"].as_str().unwrap().contains("exceeds --max-depth 2"), "{v}");
}

#[test]
fn invalid_input_exits_2_and_writes_nothing() {
    let dir = scratch("invalid");
    let target = dir.join("never.json");
    let bad_toml = dir.join("bad.toml");
    std::fs::write(&bad_toml, "modulus = 42\ngenerators = [2, 3\n").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["prove", "1"], "modulus must be between 2"),
        (vec!["prove", "6", "--generators", "1,2"], "generator sizes must be between 2"),
        (vec!["prove", "6", "--generators", ""], "is not a size"),
        (vec!["prove", "2"], "the generator set is empty"),
        (vec!["prove", bad_toml.to_str().unwrap()], "line 2"),
        (vec!["prove", "no/such/spec.toml"], "no/such/spec.toml"),
    ];
    for (mut args, needle) in cases {
        args.extend(["--out", target.to_str().unwrap()]);
        let out = optimod(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "no partial output for {args:?}");
        assert!(!target.exists(), "no certificate for {args:?}");
    }
}

/// 42's certificate with its witness spelt out as an explicit tree and one leaf relabelled
/// (the first child of the root, a call of 2, outputs 0 twice instead of 0 and 21).
fn relabel_42(text: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    let record: optimod_cert::WitnessRecord = serde_json::from_value(v["claim"]["witness"].clone()).unwrap();
    let tree = optimod_emit::witness_from_record(&record).unwrap().to_tree(1000).unwrap().to_string();
    assert!(tree.starts_with("41(2(0 21) "), "{tree}");
    v["claim"]["witness"]["tree"] = serde_json::json!({ "explicit": tree.replacen("2(0 21)", "2(0 0)", 1) });
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn verify_names_the_file_and_the_failed_check() {
    let dir = scratch("verify");
    let good = dir.join("42.json");
    assert_eq!(optimod(&["prove", "42", "--out", good.to_str().unwrap()]).status.code(), Some(0));
    let text = std::fs::read_to_string(&good).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, relabel_42(&text)).unwrap();
    let out = optimod(&["verify", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(err.contains("bad.json: FAILED"), "{err}");
    assert!(err.contains("output 0 has probability"), "{err}");
    assert!(stdout(&out).contains("42.json: ok"), "{}", stdout(&out));
    // --json: one object per file, the failed check named by kind.
    let out = optimod(&["verify", "--json", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4));
    let lines: Vec<serde_json::Value> =
        stdout(&out).lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect();
    assert_eq!(lines.len(), 2, "{}", stdout(&out));
    assert_eq!((lines[0]["status"].as_str(), lines[0]["trust"].as_str()), (Some("ok"), Some("elementary")));
    assert_eq!(lines[0]["modulus"], 42);
    assert_eq!((lines[1]["status"].as_str(), lines[1]["failure"].as_str()), (Some("failed"), Some("inexact")));
    assert!(lines[1]["message"].as_str().unwrap().contains("output 0 has probability"), "{}", lines[1]);
}

#[test]
fn a_solver_backed_certificate_needs_its_replay_script() {
    let dir = scratch("replay");
    // 20 from 6 and 15 is now settled by enumeration: no script, trust elementary.
    let cert = dir.join("20.json");
    let out = optimod(&["prove", "20", "--generators", "6,15", "--out", cert.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!dir.join("20.depth2.smt2").exists(), "no solver step, no script");
    let ok = optimod(&["verify", cert.to_str().unwrap()]);
    assert!(stdout(&ok).contains("trust level elementary"), "{}", stdout(&ok));
    // The same question with the solver's step (the fixture): its script must sit beside it.
    std::fs::write(&cert, committed_proof("solver/d6-d15-20.json")).unwrap();
    let script = dir.join("20.depth2.smt2");
    std::fs::write(&script, committed_proof("solver/d6-d15-20.depth2.smt2")).unwrap();
    let ok = optimod(&["verify", cert.to_str().unwrap()]);
    assert!(stdout(&ok).contains("trust level solver (z3 unsat, replay script pinned)"), "{}", stdout(&ok));
    std::fs::remove_file(&script).unwrap();
    let missing = optimod(&["verify", cert.to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(4));
    assert!(stderr(&missing).contains("20.depth2.smt2"), "{}", stderr(&missing));
}

#[test]
fn sample_42_is_uniform_with_exactly_two_calls() {
    let out = optimod(&["sample", "42", "--count", "200000", "--seed", "1", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["histogram"].as_array().unwrap().len(), 42);
    assert_eq!(v["mean_calls"], 2.0);
    assert_eq!(v["max_calls"], 2);
    assert_eq!(v["expected_calls"], "2");
    assert!(v["p_value"].as_f64().unwrap() > 1e-4, "{v}");
    // Seeded runs reproduce.
    let again = optimod(&["sample", "42", "--count", "200000", "--seed", "1", "--json"]);
    assert_eq!(stdout(&out), stdout(&again));
    let words = stdout(&optimod(&["sample", "42", "--count", "1000"]));
    assert!(words.contains("chi-square") && words.contains("p-value"), "{words}");
}

#[test]
fn sample_refuses_a_tampered_certificate() {
    let dir = scratch("sample");
    let good = dir.join("42.json");
    assert_eq!(optimod(&["prove", "42", "--out", good.to_str().unwrap()]).status.code(), Some(0));
    let bad = dir.join("bad.json");
    std::fs::write(&bad, relabel_42(&std::fs::read_to_string(&good).unwrap())).unwrap();
    let out = optimod(&["sample", bad.to_str().unwrap(), "--count", "10"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(stdout(&out).is_empty());
    let out = optimod(&["codegen", bad.to_str().unwrap(), "--lang", "c"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(stdout(&out).is_empty());
}

/// `-` is standard input wherever a certificate or a strategy is read, and a grade's tree
/// may be given inline.
#[test]
fn dash_reads_standard_input_and_a_tree_may_be_inline() {
    use std::io::Write;
    let with_stdin = |args: &[&str], input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_optimod"))
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = with_stdin(&["verify", "-"], &committed_proof("42.json"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("-: ok: D(42) = 2"), "{}", stdout(&out));
    let out = with_stdin(&["verify", "-"], &relabel_42(&committed_proof("42.json")));
    assert_eq!(out.status.code(), Some(4));
    let out = with_stdin(&["show", "-"], &committed_proof("42.json"));
    assert!(stdout(&out).contains("call 41"), "{}", stdout(&out));
    let out = with_stdin(&["grade", "6", "-", "--generators", "2,3"], "2(3(0 1 2) 3(3 4 4))");
    assert_eq!(out.status.code(), Some(4), "{}", stdout(&out));
    let out = optimod(&["grade", "6", "2(3(0 1 2) 3(3 4 5))", "--generators", "2,3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("verdict: optimal"), "{}", stdout(&out));
}

#[test]
fn every_subcommand_help_has_examples_and_exit_codes() {
    for sub in
        ["prove", "verify", "show", "sample", "codegen", "export", "grade", "puzzles", "table", "completions", "man"]
    {
        let out = optimod(&[sub, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{sub}");
        let help = stdout(&out);
        assert!(help.contains("Examples:\n  optimod "), "{sub}: {help}");
        assert!(help.contains("Exit codes: 0 "), "{sub}: {help}");
    }
}

#[test]
fn completions_and_the_manual_come_from_the_same_help() {
    let bash = optimod(&["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    assert!(stdout(&bash).contains("_optimod()") && stdout(&bash).contains("verify"), "{}", stdout(&bash));
    assert_eq!(optimod(&["completions", "tcsh"]).status.code(), Some(2));
    let man = optimod(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    let page = stdout(&man);
    assert!(page.contains(".TH optimod 1") && page.contains("Provably optimal exact random generators"), "{page}");
}

#[test]
fn quiet_drops_the_report_but_not_the_exit_code_or_the_errors() {
    let out = optimod(&["prove", "42", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "{}", stdout(&out));
    let dir = scratch("quiet");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, relabel_42(&committed_proof("42.json"))).unwrap();
    let out = optimod(&["verify", "-q", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4));
    assert!(out.stdout.is_empty() && stderr(&out).contains("FAILED"), "{}", stderr(&out));
    // A certificate on standard output is the product, not a report.
    let out = optimod(&["prove", "42", "--quiet", "--out", "-"]);
    assert!(stdout(&out).contains("\"format\": \"optimod-certificate\""), "{}", stdout(&out));
}

#[test]
fn show_formats() {
    let dir = scratch("show");
    let cert = dir.join("42.json");
    assert_eq!(optimod(&["prove", "42", "--out", cert.to_str().unwrap()]).status.code(), Some(0));
    let dot = stdout(&optimod(&["show", cert.to_str().unwrap(), "--format", "dot"]));
    assert!(dot.starts_with("digraph strategy {") && dot.contains("r = 0..20"), "{dot}");
    let json = stdout(&optimod(&["show", cert.to_str().unwrap(), "--format", "json"]));
    assert_eq!(json, std::fs::read_to_string(&cert).unwrap());
    let text = stdout(&optimod(&["show", cert.to_str().unwrap()]));
    assert!(text.contains("call 41"), "{text}");
    // scripts/setup.sh installs Graphviz, so the picture renders.
    let svg = optimod(&["show", cert.to_str().unwrap(), "--format", "svg"]);
    assert_eq!(svg.status.code(), Some(0), "{}", stderr(&svg));
    assert!(stdout(&svg).contains("<svg"), "{}", stdout(&svg));
}

#[test]
fn codegen_names_the_function_and_the_certificate() {
    let dir = scratch("codegen");
    let cert = dir.join("42.json");
    assert_eq!(optimod(&["prove", "42", "--out", cert.to_str().unwrap()]).status.code(), Some(0));
    let rust = stdout(&optimod(&["codegen", cert.to_str().unwrap(), "--lang", "rust"]));
    assert!(rust.contains("pub fn mod42(mut rng: impl FnMut(u32) -> u32) -> u32"), "{rust}");
    assert!(rust.contains("certificate SHA-256"), "{rust}");
    let bad = optimod(&["codegen", cert.to_str().unwrap(), "--lang", "c", "--name", "1x"]);
    assert_eq!(bad.status.code(), Some(2));
    // A name the language reserves, or a generated table's, would not compile: refused, with
    // nothing on stdout.
    for (lang, name, why) in [
        ("rust", "fn", "is a Rust keyword"),
        ("c", "int", "is a C keyword"),
        ("python", "def", "is a Python keyword"),
        ("rust", "SIZE", "the name of a generated table"),
        ("python", "_ROOT", "the name of a generated table"),
    ] {
        let out = optimod(&["codegen", cert.to_str().unwrap(), "--lang", lang, "--name", name]);
        assert_eq!(out.status.code(), Some(2), "{lang} {name}");
        assert!(stdout(&out).is_empty() && stderr(&out).contains(why), "{lang} {name}: {}", stderr(&out));
    }
}

#[test]
fn table_lists_every_modulus_in_order() {
    let out = optimod(&["table", "--range", "4..10", "--format", "csv", "--no-timings"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "n,status,worst-case calls,lower,upper,expected calls (witness),trust,note");
    assert_eq!(lines.len(), 8);
    assert!(lines[1].starts_with("4,proved,2,"), "{text}");
    assert!(lines[2].starts_with("5,impossible,"), "{text}");
    assert!(lines[5].starts_with("8,proved,3,"), "{text}");
    let bad = optimod(&["table", "--range", "10..4"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stdout(&bad).is_empty());
}

#[test]
fn a_table_row_that_times_out_is_unknown_and_the_table_completes() {
    let out = optimod(&[
        "table",
        "--range",
        "19..21",
        "--generators",
        "6,15",
        "--timeout",
        "0",
        "--format",
        "json",
        "--no-timings",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["status"], "impossible"); // 19
    let twenty = &rows[1];
    assert_eq!((twenty["modulus"].as_u64(), twenty["status"].as_str()), (Some(20), Some("unknown")));
    assert_eq!((twenty["lower_bound"].as_u64(), twenty["upper_bound"].as_u64()), (Some(2), Some(3)));
    assert!(twenty["worst_case_calls"].is_null());
    assert_eq!(rows[2]["status"], "impossible"); // 21 = 3 * 7
}

/// Needs the test-only flag: `cargo test -p optimod-cli --features fault-injection` (just test).
#[cfg(feature = "fault-injection")]
#[test]
fn engines_that_disagree_fail_loudly_with_both_verdicts() {
    // A deliberately wrong ILP model (test-only flag) says no depth-2 tree exists for 6.
    let out = optimod(&["prove", "6", "--fault-ilp", "two-roots", "--json"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(stdout(&out).is_empty(), "no answer is printed: {}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("ENGINES DISAGREE"), "{err}");
    assert!(err.contains("cbc says no exact tree of depth <= 2"), "{err}");
    assert!(err.contains("witness with that root is verified exact"), "{err}");
}

#[test]
fn both_engines_agree_on_42() {
    let out = optimod(&["prove", "42", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let verdicts: Vec<(String, u64, String)> = v["engines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (e["engine"].as_str().unwrap().into(), e["depth"].as_u64().unwrap(), e["verdict"].as_str().unwrap().into())
        })
        .collect();
    for engine in ["z3", "cbc"] {
        assert!(verdicts.contains(&(engine.into(), 1, "no-tree".into())), "{verdicts:?}");
    }
    // The witness is the construction's; CBC finds a depth-2 tree from its own model.
    assert!(verdicts.contains(&("cbc".into(), 2, "tree".into())), "{verdicts:?}");
    let quick = optimod(&["prove", "42", "--engines", "z3", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&quick)).unwrap();
    assert_eq!(v["engines"], serde_json::json!([]));
    assert_eq!(optimod(&["prove", "42", "--engines", "cplex"]).status.code(), Some(2));
}

#[test]
fn expected_objective_for_42_is_exactly_two_and_says_its_scope() {
    let out = optimod(&["prove", "42", "--objective", "expected", "--max-depth", "3", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["objective"], "expected-calls");
    assert_eq!(v["status"], "proved");
    assert_eq!(v["expected_calls"], "2");
    assert_eq!(v["expected_calls_decimal"], "2.000000000");
    assert_eq!(v["max_depth"], 3);
    assert_eq!(v["trust"], "elementary");
    assert!(v["engines"].is_array());
    assert_eq!(v["scope"], "among exact trees of depth <= 3, not among all strategies");
    let words = stdout(&optimod(&["prove", "42", "--objective", "expected", "--max-depth", "2"]));
    assert!(words.contains("optimal among exact trees of depth <= 2, not among all strategies"), "{words}");
}

#[test]
fn expected_objective_with_a_die_is_settled_by_enumeration_and_cbc_agrees() {
    let out = optimod(&["prove", "4", "--generators", "6", "--objective", "expected", "--max-depth", "3", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["expected_calls"], "4/3");
    // The levels bound is 7/6; every tree of depth <= 3 enumerated closes the gap.
    assert_eq!(v["trust"], "elementary");
    let verdicts: Vec<(&str, &str)> = v["engines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["engine"].as_str().unwrap(), e["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(verdicts, vec![("cbc", "optimum")]);
}

#[test]
fn expected_objective_refusals_and_no_tree_within_the_limit() {
    // A depth limit of 0 is not a question.
    let out = optimod(&["prove", "42", "--objective", "expected", "--max-depth", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    // 30 needs 3 calls: no tree of depth <= 2 to compare.
    let out = optimod(&["prove", "30", "--objective", "expected", "--max-depth", "2", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["status"], "impossible");
    assert!(v["reason"].as_str().unwrap().contains("at least 3 calls"), "{v}");
}

#[cfg(feature = "fault-injection")]
#[test]
fn expected_objective_engines_that_disagree_fail_loudly() {
    let dir = scratch("expected-disagree");
    let out_file = dir.join("4.json");
    let out = optimod(&[
        "prove",
        "4",
        "--generators",
        "6",
        "--objective",
        "expected",
        "--max-depth",
        "3",
        "--fault-ilp",
        "two-roots",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(4));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("ENGINES DISAGREE") && err.contains("cbc finds no exact tree of depth <= 3"), "{err}");
    assert!(!out_file.exists(), "no certificate is written");
}

fn expected_all(args: &[&str]) -> serde_json::Value {
    let mut full = vec!["prove"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--objective", "expected", "--json"]);
    let out = optimod(&full);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn expected_over_all_strategies_proved_where_the_bound_is_met() {
    let v = expected_all(&["42"]);
    assert_eq!(
        (v["status"].as_str(), v["expected_calls"].as_str(), v["lower_bound"].as_str()),
        (Some("proved"), Some("2"), Some("2"))
    );
    assert_eq!(v["scope"], "all exact strategies, loops included");
    for (n, value) in [("3", "8/3"), ("5", "18/5")] {
        let v = expected_all(&[n, "--generators", "2"]);
        assert_eq!((v["status"].as_str(), v["expected_calls"].as_str()), (Some("proved"), Some(value)), "{v}");
        assert_eq!(v["lower_bound"].as_str(), Some(value));
        assert_eq!(v["gap"], "0");
    }
}

#[test]
fn expected_over_all_strategies_bounded_is_never_called_optimal() {
    use num_rational::BigRational;
    let fraction = |s: &serde_json::Value| -> BigRational { s.as_str().unwrap().parse().unwrap() };
    // The symmetric baselines of docs/model.md §7 are the ceilings; for 30 fact 5's asymmetric
    // blocks must get below 2.0013.
    for (n, ceiling) in [("8", "49/24"), ("30", "20013/10000"), ("43", "18513/9245")] {
        let v = expected_all(&[n]);
        assert_eq!(v["status"], "bounded", "{v}");
        let value = fraction(&v["expected_calls"]);
        assert!(value <= ceiling.parse().unwrap(), "n = {n}: {value} above {ceiling}");
        assert!(fraction(&v["lower_bound"]) < value, "n = {n}: the bound must be below the value when bounded");
        let words = stdout(&optimod(&["prove", n, "--objective", "expected"]));
        assert!(words.contains("NOT proved optimal") && !words.contains(", optimal"), "{words}");
    }
}

#[test]
fn sampling_a_pool_automaton_matches_its_exact_mean() {
    let dir = scratch("pool-sample");
    let cert = dir.join("5.json");
    let out = optimod(&["prove", "5", "--generators", "2", "--objective", "expected", "--out", cert.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = optimod(&["sample", cert.to_str().unwrap(), "--count", "200000", "--seed", "7", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mean = v["mean_calls"].as_f64().unwrap();
    // Calls per value have standard deviation below 3 here, so 200000 draws put the mean
    // within 0.03 of 18/5 with overwhelming probability (and the seed fixes the run).
    assert!((mean - 3.6).abs() < 0.03, "mean {mean}");
    assert!(v["p_value"].as_f64().unwrap() > 1e-4, "{v}");
    assert!(v["worst_case_calls"].is_null());
}

#[test]
fn sampling_an_asymmetric_block_matches_its_exact_mean() {
    let dir = scratch("block-sample");
    let cert = dir.join("30.json");
    let out = optimod(&["prove", "30", "--objective", "expected", "--out", cert.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&cert).unwrap()).unwrap();
    assert_eq!(saved["claim"]["strategy"]["family"], "asymmetric-block");
    let out = optimod(&["sample", cert.to_str().unwrap(), "--count", "400000", "--seed", "3", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mean = v["mean_calls"].as_f64().unwrap();
    // Two calls, and rarely (about 1 in 841) a few more: the standard deviation of the calls
    // is below 0.1, so 400000 draws put the mean within 0.001 of the exact value.
    let exact: num_rational::BigRational = saved["claim"]["expected_calls"].as_str().unwrap().parse().unwrap();
    let exact = num_traits::ToPrimitive::to_f64(&exact).unwrap();
    assert!((mean - exact).abs() < 0.001, "mean {mean}, exact {exact}");
    assert!(v["p_value"].as_f64().unwrap() > 1e-4, "{v}");
    // And an engineer gets it as code (tests/codegen.rs runs such code against the automaton).
    let out = optimod(&["codegen", cert.to_str().unwrap(), "--lang", "python"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let code = stdout(&out);
    assert!(code.contains("def mod30(rng):") && code.contains("_CSIZE = ("), "{code}");
    // There is no finite tree to draw, and the refusal says why (not "no strategy exists").
    let out = optimod(&["show", cert.to_str().unwrap(), "--format", "dot"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("loops, it is not a finite tree"), "{}", stderr(&out));
}

#[test]
fn a_million_is_proved_by_arithmetic_and_verified() {
    let dir = scratch("million");
    let cert = dir.join("1000000.json");
    let out = optimod(&["prove", "1000000", "--json", "--out", cert.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    // 10^6 = 2^6 5^6: six calls cannot give a 2-adic valuation of 6 and a path product of
    // 10^6 together, and a construction of depth 7 exists.
    assert_eq!(
        (v["status"].as_str(), v["worst_case_calls"].as_u64(), v["trust"].as_str()),
        (Some("proved"), Some(7), Some("elementary"))
    );
    // The cross-check models are counted, found too large, and not built.
    let engines = v["engines"].as_array().unwrap();
    assert!(engines.iter().all(|e| e["verdict"] == "not-applicable"), "{engines:?}");
    let saved = std::fs::read_to_string(&cert).unwrap();
    assert!(saved.len() < 20_000, "a compact certificate, not {} bytes", saved.len());
    assert!(saved.contains("skipped: ") && saved.contains("counted before building"), "{saved}");
    let verify = optimod(&["verify", cert.to_str().unwrap()]);
    assert!(stdout(&verify).contains("D(1000000) = 7, trust level elementary"), "{}", stdout(&verify));
    // Its strategy is sampled and turned into code without expanding the tree.
    let out = optimod(&["sample", cert.to_str().unwrap(), "--count", "20000", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v["max_calls"].as_u64().unwrap() <= 7, "{v}");
    let code = stdout(&optimod(&["codegen", cert.to_str().unwrap(), "--lang", "rust"]));
    assert!(code.contains("const STRIDE: [u32;") && code.len() < 10_000, "{code}");
    let words = stdout(&optimod(&["show", cert.to_str().unwrap()]));
    assert!(words.contains("uniform in 0..1000000: call "), "{words}");
}

#[test]
fn prove_5040_runs_within_a_one_gigabyte_address_space() {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(env!("CARGO_BIN_EXE_optimod"));
    command.args(["prove", "5040", "--json"]);
    // SAFETY: setrlimit is async-signal-safe; the closure runs in the child before exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: 1 << 30, rlim_max: 1 << 30 };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let out = command.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!((v["status"].as_str(), v["worst_case_calls"].as_u64()), (Some("proved"), Some(5)));
}

#[test]
fn a_table_keeps_every_certificate_and_verify_rechecks_the_file() {
    let dir = scratch("table-certs");
    let file = dir.join("rows.jsonl");
    let out = optimod(&[
        "table",
        "--range",
        "4..300",
        "--format",
        "csv",
        "--no-timings",
        "--certificates",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 298, "a header and one row per modulus");
    let text = std::fs::read_to_string(&file).unwrap();
    let moduli: Vec<u64> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["spec"]["modulus"].as_u64().unwrap())
        .collect();
    assert_eq!(moduli, (4..=300).collect::<Vec<_>>(), "one line per modulus, in order");
    let verify = optimod(&["verify", file.to_str().unwrap()]);
    assert_eq!(verify.status.code(), Some(0), "{}", stderr(&verify));
    assert!(stdout(&verify).contains("ok: 297 certificates"), "{}", stdout(&verify));
    // One damaged line fails the file, and names the line.
    let damaged = text.replacen("\"worst_case_calls\":2", "\"worst_case_calls\":1", 1);
    std::fs::write(&file, damaged).unwrap();
    let verify = optimod(&["verify", file.to_str().unwrap()]);
    assert_eq!(verify.status.code(), Some(4));
    assert!(stderr(&verify).contains("rows.jsonl line 1: FAILED"), "{}", stderr(&verify));
    // Bad requests are refused before any work.
    assert_eq!(optimod(&["table", "--range", "4..10", "--jobs", "0"]).status.code(), Some(2));
    assert_eq!(optimod(&["table", "--range", "4..10", "--certificates", dir.to_str().unwrap()]).status.code(), Some(2));
}

#[test]
fn a_compressed_file_of_certificates_holds_the_same_lines_and_verify_names_a_damaged_one() {
    use std::io::{Read, Write};
    let dir = scratch("table-gz");
    let (plain, packed) = (dir.join("rows.jsonl"), dir.join("rows.jsonl.gz"));
    for file in [&plain, &packed] {
        let out = optimod(&["table", "--range", "4..300", "--format", "csv", "--certificates", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&packed).unwrap()).read_to_string(&mut text).unwrap();
    assert_eq!(text, std::fs::read_to_string(&plain).unwrap(), "the same certificates, byte for byte");
    let packed_size = std::fs::metadata(&packed).unwrap().len();
    assert!(packed_size * 5 < text.len() as u64, "{packed_size} bytes for {} uncompressed", text.len());
    for jobs in ["1", "2"] {
        let verify = optimod(&["verify", "--jobs", jobs, packed.to_str().unwrap()]);
        assert_eq!(verify.status.code(), Some(0), "{}", stderr(&verify));
        assert!(stdout(&verify).contains("ok: 297 certificates"), "{}", stdout(&verify));
    }
    // Line 200 (n = 203) and line 250 damaged: the first is named, whatever the threads.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for i in [199, 249] {
        lines[i] = lines[i].replacen("\"worst_case_calls\":", "\"worst_case_calls\":1", 1);
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all((lines.join("\n") + "\n").as_bytes()).unwrap();
    std::fs::write(&packed, encoder.finish().unwrap()).unwrap();
    for jobs in ["1", "2"] {
        let verify = optimod(&["verify", "--jobs", jobs, packed.to_str().unwrap()]);
        assert_eq!(verify.status.code(), Some(4), "{}", stderr(&verify));
        assert!(stderr(&verify).contains("rows.jsonl.gz line 200: FAILED"), "{}", stderr(&verify));
    }
    // A file cut short is unreadable (exit 2), not half-checked.
    let bytes = std::fs::read(&packed).unwrap();
    std::fs::write(&packed, &bytes[..bytes.len() / 2]).unwrap();
    let verify = optimod(&["verify", packed.to_str().unwrap()]);
    assert_eq!(verify.status.code(), Some(2), "{}", stderr(&verify));
    assert!(stderr(&verify).contains("cannot read"), "{}", stderr(&verify));
}

/// A file in proofs/, or with the prefix `solver/` in tests/fixtures/solver/ (certificates
/// resting on a solver step, made with the enumeration off: proofs/ has none).
fn committed_proof(name: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
    let path = match name.strip_prefix("solver/") {
        Some(fixture) => format!("{root}tests/fixtures/solver/{fixture}"),
        None => format!("{root}proofs/{name}"),
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The forgery of the adversarial review: a certificate for 10 from sizes 6 and 15 claiming
/// 3 calls (false: 2 suffice), a depth-3 exact witness, and the solver record of the committed
/// modulus-20 certificate; cross-checks emptied. Written to `dir/NAME.json`, no script yet.
fn forge_ten_in_three(dir: &std::path::Path, name: &str) -> PathBuf {
    let ten = dir.join("ten.json");
    assert_eq!(
        optimod(&["prove", "10", "--generators", "6,15", "--out", ten.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&ten).unwrap()).unwrap();
    let twenty: serde_json::Value = serde_json::from_str(&committed_proof("solver/d6-d15-20.json")).unwrap();
    // A depth-3 exact tree: the depth-2 witness with a depth-2 leaf replaced by a call of 6
    // whose six outcomes give the same output.
    let record: optimod_cert::WitnessRecord = serde_json::from_value(v["claim"]["witness"].clone()).unwrap();
    let tree = optimod_emit::witness_from_record(&record).unwrap().to_tree(1000).unwrap().to_string();
    assert!(tree.contains(" 6(0 5 "), "{tree}");
    let deeper = tree.replacen(" 6(0 5 ", " 6(6(0 0 0 0 0 0) 5 ", 1);
    let spec = optimod_spec::Spec::new(10, &[6, 15], optimod_spec::Objective::WorstCase).unwrap();
    let eval = optimod_spec::Tree::parse(&deeper).unwrap().evaluate(&spec).unwrap();
    assert!(eval.is_exact() && eval.depth == 3);
    v["claim"]["witness"] = serde_json::json!({
        "depth": 3, "leaves": eval.leaves.to_string(), "expected_calls": eval.expected_calls.to_string(),
        "found_by": twenty["claim"]["witness"]["found_by"].clone(), "tree": { "explicit": deeper },
    });
    v["claim"]["worst_case_calls"] = 3.into();
    v["claim"]["trust"] = "solver".into();
    v["claim"]["lower_bound"]["excluded_depth"] = 2.into();
    v["claim"]["lower_bound"]["solver"] = twenty["claim"]["lower_bound"]["solver"].clone();
    v["cross_checks"] = serde_json::json!([]);
    let forged = dir.join(format!("{name}.json"));
    std::fs::write(&forged, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    forged
}

/// Pins `script` in the certificate at `cert` (its hash and case count) and writes it beside.
fn pin_script(cert: &std::path::Path, suffix: &str, script: &str) {
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(cert).unwrap()).unwrap();
    let solver = if v["claim"]["lower_bound"]["solver"].is_object() {
        &mut v["claim"]["lower_bound"]["solver"]
    } else {
        &mut v["claim"]["solver"]
    };
    solver["replay"]["sha256"] = optimod_check::sha256_hex(script.as_bytes()).into();
    solver["replay"]["checks"] = script.matches("(check-sat)").count().into();
    std::fs::write(cert, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    std::fs::write(cert.with_extension(suffix), script).unwrap();
}

/// The true depth-2 script of the modulus-20 spec, unchanged (hash and case count match):
/// `verify` re-encodes the question and refuses it.
#[test]
fn a_solver_script_about_another_problem_is_refused() {
    let dir = scratch("forged-script");
    let forged = forge_ten_in_three(&dir, "forged");
    std::fs::write(dir.join("forged.depth2.smt2"), committed_proof("solver/d6-d15-20.depth2.smt2")).unwrap();
    let out = optimod(&["verify", forged.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("not the encoding of this certificate's question (modulus 10"), "{}", stderr(&out));
    // The genuine certificate with its own script still verifies, its solver step re-run.
    let genuine = dir.join("20.json");
    std::fs::write(&genuine, committed_proof("solver/d6-d15-20.json")).unwrap();
    std::fs::write(dir.join("20.depth2.smt2"), committed_proof("solver/d6-d15-20.depth2.smt2")).unwrap();
    let ok = optimod(&["verify", genuine.to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("; solver step re-run: "), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("answered unsat to all 2 case(s)"), "{}", stdout(&ok));
}

/// The faithful encoding of the false question "no tree of depth 2 for 10 from {6, 15}",
/// pinned and bound: only running it shows it false, and `verify` runs it.
#[test]
fn a_faithful_script_of_a_false_question_fails_when_re_run() {
    let dir = scratch("forged-faithful");
    let forged = forge_ten_in_three(&dir, "forged");
    let spec = optimod_spec::Spec::new(10, &[6, 15], optimod_spec::Objective::WorstCase).unwrap();
    let cases = [(Some(15), optimod_smt::ProofEncoding::General), (Some(6), optimod_smt::ProofEncoding::General)];
    let script = optimod_smt::replay_script(&spec, 2, &cases, 20_000).unwrap();
    pin_script(&forged, "depth2.smt2", &script);
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&forged).unwrap()).unwrap();
    v["claim"]["lower_bound"]["solver"]["provenance"]["encoding"] =
        "multiset-flow/per-output-leaves/v1, split on the root call".into();
    std::fs::write(&forged, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let out = optimod(&["verify", forged.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("answered \"sat\" to case") || stderr(&out).contains("answered sat to case"),
        "{}",
        stderr(&out)
    );
    // --no-solver passes the binding and says the step was not re-run.
    let skipped = optimod(&["verify", "--no-solver", forged.to_str().unwrap()]);
    assert_eq!(skipped.status.code(), Some(0), "{}", stderr(&skipped));
    assert!(stdout(&skipped).contains("solver step not re-run (--no-solver)"), "{}", stdout(&skipped));
    // Every other command that reads a certificate refuses it as well.
    for args in [vec!["show"], vec!["sample", "--count", "10"], vec!["grade", "10"]] {
        let mut args: Vec<&str> = args;
        let at = if args[0] == "sample" { 1 } else { args.len() };
        args.insert(at, forged.to_str().unwrap());
        let out = optimod(&args);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {}{}", stdout(&out), stderr(&out));
    }
}

/// A case in the symmetric encoding (its unsat proves nothing about asymmetric trees) is
/// refused by name, whatever its script says; so is a script whose let-names were changed.
#[test]
fn a_solver_step_must_use_a_proof_encoding_and_the_exact_bytes() {
    let dir = scratch("forged-encoding");
    let genuine = committed_proof("solver/d6-d15-20.depth2.smt2");
    let symmetric = genuine
        .replace("encoding multiset-flow/per-output-leaves/v1", "encoding multiset-flow/symmetric-outputs/v1")
        .replace("encoding multiset-flow/one-output-relaxation/v1", "encoding multiset-flow/symmetric-outputs/v1");
    let renamed = genuine.replacen("?x", "?v", 1);
    assert_ne!(renamed, genuine, "the script has let-bound names");
    for (name, script, needle) in [
        ("symmetric", symmetric, "whose unsat is no proof"),
        ("renamed", renamed, "not the encoding of this certificate's question"),
    ] {
        let cert = dir.join(format!("{name}.json"));
        std::fs::write(&cert, committed_proof("solver/d6-d15-20.json")).unwrap();
        pin_script(&cert, "depth2.smt2", &script);
        let out = optimod(&["verify", "--no-solver", cert.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(4), "{name}: {}{}", stdout(&out), stderr(&out));
        assert!(stderr(&out).contains(needle), "{name}: {}", stderr(&out));
    }
}

/// A `.jsonl` line resting on a solver step has no script beside it: refused, not passed.
#[test]
fn a_solver_claim_on_a_jsonl_line_is_refused() {
    let dir = scratch("jsonl-solver");
    let lines = dir.join("rows.jsonl");
    let cert: serde_json::Value = serde_json::from_str(&committed_proof("solver/d6-d15-20.json")).unwrap();
    let elementary: serde_json::Value = serde_json::from_str(&committed_proof("42.json")).unwrap();
    std::fs::write(&lines, format!("{elementary}\n{cert}\n")).unwrap();
    std::fs::write(dir.join("rows.depth2.smt2"), committed_proof("solver/d6-d15-20.depth2.smt2")).unwrap();
    let out = optimod(&["verify", lines.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("rows.jsonl line 2: FAILED"), "{}", stderr(&out));
    assert!(stderr(&out).contains("no replay script beside it"), "{}", stderr(&out));
}

/// The second forgery: 4 from a d6 with a worse optimum (3/2 instead of 4/3) and a witness
/// that costs 3/2, resting on the true script "nothing below 4/3", cross-checks emptied.
#[test]
fn an_expected_calls_script_for_another_bound_is_refused() {
    let dir = scratch("forged-expected");
    let mut v: serde_json::Value = serde_json::from_str(&committed_proof("solver/d6-4-expected.json")).unwrap();
    let worse = "6(6(3 3 3 3 3 3) 6(3 3 3 0 0 0) 6(1 1 1 2 2 2) 0 1 2)";
    let spec = optimod_spec::Spec::new(4, &[6], optimod_spec::Objective::WorstCase).unwrap();
    let eval = optimod_spec::Tree::parse(worse).unwrap().evaluate(&spec).unwrap();
    assert!(eval.is_exact());
    assert_eq!(eval.expected_calls.to_string(), "3/2");
    v["claim"]["witness"]["tree"] = serde_json::json!({ "explicit": worse });
    v["claim"]["witness"]["leaves"] = eval.leaves.to_string().into();
    v["claim"]["witness"]["depth"] = eval.depth.into();
    v["claim"]["witness"]["expected_calls"] = "3/2".into();
    v["claim"]["expected_calls"] = "3/2".into();
    v["cross_checks"] = serde_json::json!([]);
    let forged = dir.join("forged.json");
    std::fs::write(&forged, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    std::fs::write(
        dir.join("forged.expected-depth3.smt2"),
        committed_proof("solver/d6-4-expected.expected-depth3.smt2"),
    )
    .unwrap();
    let out = optimod(&["verify", forged.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("its claimed optimum): re-encoded, it differs"), "{}", stderr(&out));
    // The faithful script of the false claim ("nothing below 3/2"): bound, but re-run it is sat.
    let (three, two) = (num_bigint::BigUint::from(3u32), num_bigint::BigUint::from(2u32));
    let faithful = optimod_smt::replay_script_cheaper(&spec, 3, &[6], (&three, &two), 20_000).unwrap();
    pin_script(&forged, "expected-depth3.smt2", &faithful);
    let out = optimod(&["verify", forged.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("to case 1, not unsat") || stderr(&out).contains("answered sat"), "{}", stderr(&out));
}

#[test]
fn bad_requests_are_refused_before_any_work_and_leave_nothing() {
    let dir = scratch("bad-requests");
    for (args, needle) in [
        (vec!["prove", "3.5"], "neither a modulus"),
        (vec!["prove", "1e30"], "neither a modulus"),
        (vec!["prove", "18446744073709551616"], "neither a modulus"),
        (vec!["prove", " 42"], "neither a modulus"),
        (vec!["prove", "42", "--max-depth", "1000"], "--max-depth must be at most"),
        (vec!["sample", "42", "--count", "18446744073709551615"], "--count must be between"),
        (vec!["verify", "/dev/zero"], "is a character device, not a regular file"),
        (vec!["verify", dir.to_str().unwrap()], "is a directory"),
    ] {
        let out = optimod(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
    }
    // --out naming a directory: refused before proving, and no temporary or script left.
    let out = optimod(&["prove", "20", "--generators", "6,15", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a directory"), "{}", stderr(&out));
    let parent = dir.parent().unwrap();
    let stem = dir.file_name().unwrap().to_string_lossy().into_owned();
    let leftovers: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.starts_with(&format!("{stem}.")))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_depth_limit_below_a_proved_optimum_says_so() {
    let out = optimod(&["prove", "42", "--max-depth", "1", "--engines", "z3", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!((v["status"].as_str(), v["worst_case_calls"].as_u64()), (Some("proved"), Some(2)));
    assert!(v["reason"].as_str().unwrap().contains("exceeds --max-depth 1"), "{v}");
}

#[test]
fn export_coq_states_the_claim_and_names_the_check_that_proves_each_bound() {
    // The primes rule at any n: the statement names `primes_below n`, and one computable check
    // proves it (the valuation floor of a prime power, the partial fractions, n prime).
    // Explicit sizes: the library's checks over the list, carried over from the unary model.
    let cases = [
        ("42", "Theorem optimal : Optimal 42 (primes_below 42) 2.", "apply (rule_optimal 42 2 witness 2 1)."),
        ("8", "Theorem optimal : Optimal 8 (primes_below 8) 3.", "apply (rule_optimal 8 3 witness 2 3)."),
        ("24", "Theorem optimal : Optimal 24 (primes_below 24) 4.", "apply (rule_optimal 24 4 witness 2 3)."),
        (
            "30",
            "Theorem optimal : Optimal 30 (primes_below 30) 3.",
            "apply (fractions_optimal 30 witness [(2, 1); (3, 1); (5, 1)]%Z).",
        ),
        ("43", "Theorem impossible : Impossible 43 (primes_below 43).", "apply rule_impossible."),
        ("d6-9", "Theorem optimal : Optimal 9 [6; 10] 2.", "apply (padic_sound _ _ 1)."),
        ("coin-5", "Theorem impossible : Impossible 5 [2].", "apply (impossible_sound _ _ 5%Z)."),
    ];
    for (name, theorem, step) in cases {
        let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(format!("proofs/{name}.json"));
        let out = optimod(&["export", "coq", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains(theorem), "{name}: {text}");
        assert!(text.contains(step), "{name}: {text}");
        assert!(text.contains("Print Assumptions"), "{name}: {text}");
    }
}

/// `export coq --table`: a chunk file per range of moduli (its answers in order: 4 -> 2 calls,
/// 5 impossible, ...) and one file joining them; bad requests write nothing.
#[test]
fn export_coq_table_writes_chunks_and_the_whole_range() {
    let dir = scratch("export-table");
    let out = optimod(&["export", "coq", "--table", "4..40", "--chunk", "10", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["Chunk_14_23.v", "Chunk_24_33.v", "Chunk_34_40.v", "Chunk_4_13.v", "Range_4_40.v"]);
    let first = std::fs::read_to_string(dir.join("Chunk_4_13.v")).unwrap();
    assert!(first.contains("[Some 2; None; Some 2; None; Some 3; Some 2; Some 2; None; Some 3; None]"), "{first}");
    assert!(first.contains("Theorem table : forall n, (4 <= n <= 13)%N ->"), "{first}");
    let whole = std::fs::read_to_string(dir.join("Range_4_40.v")).unwrap();
    assert!(whole.contains("From OptimodTable Require Chunk_4_13 Chunk_14_23 Chunk_24_33 Chunk_34_40."), "{whole}");
    assert!(whole.contains("Theorem table : forall n, (4 <= n <= 40)%N ->"), "{whole}");
    for bad in [
        vec!["--table", "4..40"],
        vec!["--table", "4..40", "--chunk", "0", "--out"],
        vec!["--table", "40..4", "--out"],
        vec!["--table", "4..2000000", "--out"],
    ] {
        let empty = scratch("export-table-bad");
        let mut args = vec!["export", "coq"];
        args.extend(bad.iter().copied());
        if args.last() == Some(&"--out") {
            args.push(empty.to_str().unwrap());
        }
        let out = optimod(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0, "{args:?}");
    }
    // --out naming a file that is not a directory: said so, nothing written.
    let file = scratch("export-table-file").join("not-a-directory");
    std::fs::write(&file, "").unwrap();
    let out = optimod(&["export", "coq", "--table", "4..10", "--out", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a file, not a directory"), "{}", stderr(&out));
}

#[test]
fn export_coq_refuses_what_coq_cannot_prove_and_leaves_nothing() {
    let dir = scratch("export");
    let target = dir.join("P.v");
    let target_arg = target.to_str().unwrap();
    let proofs = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("proofs");
    // A solver's verdict and expected-calls claims without a Coq route (within a depth limit; a
    // bounded claim bounded by the enumeration): exit 2, no file.
    let fixtures = proofs.join("../tests/fixtures");
    for (path, why) in [
        (fixtures.join("solver/d6-d15-20.json"), "only elementary claims"),
        (proofs.join("42-expected.json"), "within a depth limit have no Coq export"),
        (proofs.join("expected/7.json"), "only the levels bound where no finite tree is exact"),
    ] {
        let name = path.display();
        let out = optimod(&["export", "coq", path.to_str().unwrap(), "--out", target_arg]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(stderr(&out).contains(why), "{name}: {}", stderr(&out));
        assert!(!target.exists(), "{name}");
    }
    // 5 from {2, 3} (a pool automaton, its lower bound by enumeration): its upper bound alone.
    let five = optimod(&["export", "coq", proofs.join("expected/5.json").to_str().unwrap()]);
    assert_eq!(five.status.code(), Some(0), "{}", stderr(&five));
    assert!(stdout(&five)
        .contains("Theorem upper_bound : exists s, ExactS 5 (primes_below 5) s /\\ ExpectedAtMost s (12 # 5)."));
    // A certificate the checker rejects (the witness's last block doubled): exit 4, no file.
    let forged = committed_proof("42.json").replacen(
        "\"count\": 1\n              }\n            ]",
        "\"count\": 2\n              }\n            ]",
        1,
    );
    assert_ne!(forged, committed_proof("42.json"), "the forgery changed something");
    let forged_path = dir.join("forged.json");
    std::fs::write(&forged_path, forged).unwrap();
    let out = optimod(&["export", "coq", forged_path.to_str().unwrap(), "--out", target_arg]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(!target.exists());
    // coqc cannot load a file whose name is not an identifier.
    let bad = dir.join("42.v");
    let path = proofs.join("42.json");
    let out = optimod(&["export", "coq", path.to_str().unwrap(), "--out", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("identifier"), "{}", stderr(&out));
    assert!(!bad.exists());
}

/// `verify --coq` (and `prove --coq`) raise a checked claim to trust `coq` only when coqc
/// proves its export:
/// with the real coqc (scripts/setup.sh installs it) 42 is proved, in the worst case and in
/// expected calls over all strategies, and a bounded expected-calls claim, which has no export,
/// is not (exit 3); a coqc that refuses the export fails the file (exit
/// 4), and no coqc at all is exit 3.
#[test]
fn verify_coq_says_coq_only_when_coqc_proves_it() {
    let proofs = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("proofs");
    let p42 = proofs.join("42.json");
    let coin5 = proofs.join("coin-5-expected.json");
    let out = optimod(&["verify", "--coq", p42.to_str().unwrap(), coin5.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("D(42) = 2, trust level coq (coqc 8.16"), "{}", stdout(&out));
    assert!(stdout(&out).contains("rests on Coq's kernel and coq/Model.v"), "{}", stdout(&out));
    // Knuth and Yao's optimum for a coin, over every strategy (coq/KnuthYao.v).
    assert!(stdout(&out).contains("over all strategies: proved, 18/5 (about 3.6000000000) (lower bound 18/5"));
    assert!(stdout(&out).contains("coq/Model.v and coq/Strategies.v"), "{}", stdout(&out));
    // prove --coq likewise, for the worst case and expected calls over all strategies.
    let out = optimod(&["prove", "42", "--coq"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("coq: D(42) = 2, trust level coq"), "{}", stdout(&out));
    let out = optimod(&["prove", "42", "--coq", "--objective", "expected"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("coq: expected calls for 42 over all strategies: proved, 2"), "{}", stdout(&out));
    assert!(stdout(&out).contains("coq/Model.v and coq/Strategies.v"), "{}", stdout(&out));
    let out = optimod(&["prove", "42", "--coq", "--objective", "expected", "--max-depth", "3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("within a depth limit have no Coq export"), "{}", stderr(&out));
    // Accepted by the checker but without a Coq route (7), or with its lower bound alone a
    // theorem (13, bounded): trust stays elementary, exit 3.
    let (seven, thirteen) = (proofs.join("expected/7.json"), proofs.join("expected/13.json"));
    let out = optimod(&["verify", "--coq", seven.to_str().unwrap(), thirteen.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("trust level elementary") && lines[0].contains("NOT raised to coq: no Coq export"));
    assert!(lines[1].contains("trust level elementary"), "{}", lines[1]);
    assert!(lines[1].contains("NOT raised to coq: only its lower bound is a Coq theorem"), "{}", lines[1]);

    // A coqc that compiles the library but refuses the certificate's theorem.
    let dir = scratch("fake-coqc");
    let fake = dir.join("coqc");
    std::fs::write(
        &fake,
        "#!/bin/sh\ncase \"$*\" in\n  *--version*) echo 'The Coq Proof Assistant, version 8.16.1';;\n  \
         *Certificate.v*) echo 'Error: refused'; exit 1;;\nesac\n",
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let run_with_path = |path: &str| {
        Command::new(env!("CARGO_BIN_EXE_optimod"))
            .args(["verify", "--coq", p42.to_str().unwrap()])
            .env("PATH", path)
            .output()
            .unwrap()
    };
    let out = run_with_path(dir.to_str().unwrap());
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("coqc refused the exported theorem") && stderr(&out).contains("Error: refused"));
    let out = run_with_path(scratch("no-coqc").to_str().unwrap());
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("coqc is not available"), "{}", stderr(&out));
}

/// Past the search limits (200 003, a prime: no finite tree, and the largest size's pool run
/// is longer than the 100 000 steps whose exact cost is summed) the answer is unknown, with
/// the lower bound, exit 3, and no certificate.
#[test]
fn expected_calls_past_the_search_limits_is_unknown_not_a_fault() {
    let path = scratch("expected-200003").join("200003.json");
    let out = optimod(&["prove", "200003", "--objective", "expected", "--out", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("unknown: no strategy within the search limits"), "{}", stderr(&out));
    assert!(stderr(&out).contains("expected calls are at least"), "{}", stderr(&out));
    assert!(!path.exists());
}

/// Every menu gets a strategy over all strategies, however large n: a coin's (the forced pool
/// automaton, which is Knuth-Yao's optimum, so proved) for 1000 and 20 011, and past the policy
/// iteration's budget (5000 from the primes below it) the largest size's pools, bounded; each
/// certificate checked, and usable by sample.
#[test]
fn every_menu_gets_a_certified_strategy() {
    let dir = scratch("always-a-strategy");
    for (n, sizes, status) in
        [("1000", "2", "optimal"), ("20011", "2", "optimal"), ("5000", "primes-below-modulus", "NOT proved optimal")]
    {
        let path = dir.join(format!("{n}.json"));
        let start = std::time::Instant::now();
        let out =
            optimod(&["prove", n, "--generators", sizes, "--objective", "expected", "--out", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{n}: {}", stderr(&out));
        assert!(stdout(&out).contains(status), "{n}: {}", stdout(&out));
        assert!(start.elapsed() < std::time::Duration::from_secs(30), "{n}: {:?}", start.elapsed());
        let sample = optimod(&["sample", path.to_str().unwrap(), "--count", "2000", "--seed", "3"]);
        assert_eq!(sample.status.code(), Some(0), "{n}: {}", stderr(&sample));
    }
}

/// Outputs never replace a special file, a directory or a link; inputs that are not regular
/// files are refused at once (a FIFO would block for ever); a byte-order mark is read alike.
#[test]
fn outputs_never_clobber_and_special_inputs_are_refused() {
    let dir = scratch("special-files");
    let fifo = dir.join("fifo");
    let _ = std::fs::remove_file(&fifo);
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let link = dir.join("link.json");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(dir.join("target.json"), &link).unwrap();
    let rows = dir.join("rows.jsonl");
    let _ = std::fs::remove_file(&rows);
    let c_rows = std::ffi::CString::new(rows.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_rows.as_ptr(), 0o600) }, 0);
    for (args, needle) in [
        (vec!["prove", "42", "--out", "/dev/null"], "is a character device, not a regular file"),
        (vec!["prove", "42", "--out", fifo.to_str().unwrap()], "is a FIFO, not a regular file"),
        (vec!["prove", "42", "--out", link.to_str().unwrap()], "is a symbolic link"),
        (vec!["table", "--range", "4..6", "--certificates", "/dev/null"], "is a character device"),
        (vec!["verify", fifo.to_str().unwrap()], "is a FIFO, not a regular file"),
        (vec!["show", fifo.to_str().unwrap()], "is a FIFO, not a regular file"),
        (vec!["prove", fifo.to_str().unwrap()], "is a FIFO, not a regular file"),
        (vec!["grade", "42", fifo.to_str().unwrap()], "is a FIFO, not a regular file"),
        (vec!["verify", rows.to_str().unwrap()], "is a FIFO, not a regular file"),
    ] {
        let started = std::time::Instant::now();
        let out = optimod(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}{}", stdout(&out), stderr(&out));
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
        assert!(started.elapsed().as_secs() < 20, "{args:?} took {:?}", started.elapsed());
    }
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()), "the FIFO is still a FIFO");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    // A certificate with a byte-order mark verifies, as a spec with one is read.
    let bom = dir.join("bom.json");
    std::fs::write(&bom, format!("\u{feff}{}", committed_proof("42.json"))).unwrap();
    let out = optimod(&["verify", bom.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Inputs of the review that overflowed the stack (a search one level per output) or ran
/// past `--timeout` (a period of 20010 digits summed a fraction at a time): answered quickly,
/// now each with a certified strategy (the largest size's pool run, summed by Horner's rule;
/// a coin's is the Knuth-Yao optimum) and its lower bound.
#[test]
fn large_expected_calls_questions_answer_without_overflow_or_overrun() {
    for (n, sizes) in [("60013", "2,3"), ("100003", "7,11"), ("20011", "2")] {
        let started = std::time::Instant::now();
        // 100003 from {7, 11} takes about 4 s alone on two cores: the timeout leaves room for
        // a loaded machine, the elapsed-time bound below still catches an overrun.
        let out = optimod(&["prove", n, "--generators", sizes, "--objective", "expected", "--timeout", "30"]);
        assert_eq!(out.status.code(), Some(0), "{n} from {sizes}: {}", stderr(&out));
        assert!(stdout(&out).contains("lower bound: "), "{n}: {}", stdout(&out));
        assert!(started.elapsed().as_secs() < 20, "{n} from {sizes} took {:?}", started.elapsed());
    }
}

/// `--out -` puts the certificate, and only it, on standard output; a run without a
/// certificate says why on standard error; where standard output already carries something
/// else, `-` is refused before any work.
#[test]
fn a_dash_writes_the_certificate_to_standard_output() {
    for target in ["42", "43"] {
        let out = optimod(&["prove", target, "--out", "-"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let checked = optimod_check::check_json(&stdout(&out)).unwrap_or_else(|e| panic!("{target}: {e}"));
        assert_eq!(checked.certificate().spec.modulus.to_string(), target);
    }
    let out =
        optimod(&["prove", "4", "--generators", "6", "--objective", "expected", "--max-depth", "3", "--out", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    optimod_check::check_json(&stdout(&out)).unwrap();
    // Unknown (no time to decide depth 2): nothing on standard output, the reason on stderr.
    let out = optimod(&["prove", "20", "--generators", "6,15", "--timeout", "0", "--out", "-"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(stderr(&out).contains("no certificate") && stderr(&out).contains("unknown"), "{}", stderr(&out));
    // The table prints itself on standard output: its certificates need a file.
    let out = optimod(&["table", "--range", "4..6", "--certificates", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("give a file"), "{}", stderr(&out));
    // export: `-` is where the text goes anyway.
    let proof = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../proofs/42.json"));
    let out = optimod(&["export", "coq", proof.to_str().unwrap(), "--out", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Theorem optimal"), "{}", stdout(&out));
}

/// `--timeout` bounds every objective: the search over all strategies (47 takes seconds)
/// answers unknown once it is spent, with no certificate.
#[test]
fn the_timeout_bounds_the_search_over_all_strategies() {
    let started = std::time::Instant::now();
    let out = optimod(&["prove", "47", "--objective", "expected", "--timeout", "1", "--out", "-"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("did not finish within 1 s"), "{}", stderr(&out));
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
}

/// Every verdict line names what it rests on: the argument re-derived, the model's facts by
/// number for expected calls, and a solver step where there is one.
#[test]
fn verify_names_what_each_claim_rests_on() {
    let proofs = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../proofs"));
    for (name, needle) in [
        ("42.json", "rests on the checker's exact arithmetic, the reach argument re-derived;"),
        ("d6-d15-20.json", "the exhaustive argument re-derived"),
        ("5-expected.json", "facts 1, 9, 10 of docs/model.md §7 (proved in prose)"),
        ("expected/9.json", "rests on the checker's exact arithmetic"),
    ] {
        let out = optimod(&["verify", proofs.join(name).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(stdout(&out).contains(needle), "{name}: {}", stdout(&out));
    }
    let dir = scratch("basis");
    let cert = dir.join("20.json");
    std::fs::write(&cert, committed_proof("solver/d6-d15-20.json")).unwrap();
    std::fs::write(dir.join("20.depth2.smt2"), committed_proof("solver/d6-d15-20.depth2.smt2")).unwrap();
    let out = optimod(&["verify", "--no-solver", cert.to_str().unwrap()]);
    assert!(stdout(&out).contains("a z3 unsat verdict (its replay script pinned)"), "{}", stdout(&out));
}

/// The release binary has no fault-injection flag: clap refuses it as an unknown argument.
#[cfg(not(feature = "fault-injection"))]
#[test]
fn the_release_binary_has_no_fault_injection() {
    let out = optimod(&["prove", "6", "--fault-ilp", "two-roots"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--fault-ilp"), "{}", stderr(&out));
}
