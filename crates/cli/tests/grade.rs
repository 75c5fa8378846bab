//! `optimod grade`: proposed strategies for 42 (primes below 42) graded against the optimum.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Instant;

fn optimod(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_optimod")).args(args).output().expect("the binary runs")
}

fn strategy(name: &str) -> String {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/strategies")).join(name);
    path.to_str().unwrap().to_string()
}

/// `grade 42 FILE --json`: the exit code and the JSON object.
fn grade(file: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let path = strategy(file);
    let mut args = vec!["grade", "42", path.as_str(), "--json"];
    args.extend_from_slice(extra);
    let out = optimod(&args);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let value = serde_json::from_str(&text)
        .unwrap_or_else(|_| panic!("{file}: not JSON: {text:?} {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), value)
}

#[test]
fn the_textbook_answer_is_exact_and_one_call_too_many() {
    let (code, v) = grade("crt.py", &[]);
    assert_eq!(code, 0);
    assert_eq!(v["exact"], true);
    assert_eq!(v["worst_case_calls"], 3);
    assert_eq!(v["expected_calls"], "3");
    assert_eq!(v["optimum"]["worst_case_calls"], 2);
    assert_eq!(v["optimum"]["status"], "proved");
    assert_eq!(v["verdict"], "suboptimal");
    assert!(v["reason"].as_str().unwrap().contains("suboptimal by 1 call"), "{v}");
}

#[test]
fn the_optimum_is_optimal() {
    let (code, v) = grade("best.py", &[]);
    assert_eq!(code, 0);
    assert_eq!((v["exact"].as_bool(), v["worst_case_calls"].as_u64()), (Some(true), Some(2)));
    assert_eq!(v["expected_calls"], "2");
    assert_eq!(v["verdict"], "optimal");
}

#[test]
fn near_misses_are_inexact_with_the_output_and_the_path() {
    let (code, v) = grade("near.py", &[]);
    assert_eq!(code, 4);
    assert_eq!(v["verdict"], "inexact");
    let reason = v["reason"].as_str().unwrap();
    assert!(reason.contains("output 0 has probability 1/41, should be 1/42 (first wrong path: 41 -> 0)"), "{reason}");
    assert!(reason.contains("farthest off: 41 (0)"), "{reason}");
    // 41 outcomes split 21/13/7 (the 3-block lost one): output 0 gets 47/1722.
    let (code, v) = grade("near_split.py", &[]);
    assert_eq!(code, 4);
    let reason = v["reason"].as_str().unwrap();
    assert!(reason.contains("output 0 has probability 47/1722"), "{reason}");
    assert!(reason.contains("first wrong path: 41 -> 0, 2 -> 0"), "{reason}");
}

#[test]
fn a_rejection_loop_is_exact_with_an_unbounded_worst_case_and_an_exact_cost() {
    // 2 * rng(41) + rng(2) is uniform in 0..82; values >= 42 start again: 82/21 calls.
    let (code, v) = grade("reject.py", &[]);
    assert_eq!(code, 0);
    assert_eq!(v["exact"], true);
    assert_eq!(v["worst_case_calls"], serde_json::Value::Null);
    assert_eq!(v["expected_calls"], "82/21");
    assert_eq!(v["verdict"], "suboptimal");
    // The restarts are an inference, and the JSON says so.
    assert!(v["reading"].as_str().unwrap().contains("read as restarts"), "{v}");
}

#[test]
fn misbehaving_strategies_are_invalid_and_say_where() {
    let cases = [
        ("raises.py", "exception after outcomes 40: ValueError: no plan for 40"),
        ("menu.py", "size 42"),
        ("bad_return.py", "returned 42, not an integer in 0..42"),
        ("nondeterministic.py", "called rng(2) before and rng(3) now"),
        ("coin_flip_answer.py", "nondeterministic after outcomes 0: this path returned"),
    ];
    for (file, words) in cases {
        let (code, v) = grade(file, &[]);
        assert_eq!(code, 4, "{file}");
        assert_eq!(v["verdict"], "invalid", "{file}");
        assert!(v["reason"].as_str().unwrap().contains(words), "{file}: {v}");
    }
    let start = Instant::now();
    let (code, v) = grade("forever.py", &["--time-limit", "2"]);
    assert_eq!(code, 4);
    assert!(v["reason"].as_str().unwrap().contains("time limit"), "{v}");
    assert!(start.elapsed().as_secs() < 10, "the time limit holds");
}

#[test]
fn malformed_strategies_are_invalid_input_with_the_location() {
    let out = optimod(&["grade", "42", &strategy("malformed.py")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1"), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = std::env::temp_dir().join(format!("optimod-grade-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let syntax = dir.join("syntax.txt");
    std::fs::write(&syntax, "2(0 1").unwrap();
    let out = optimod(&["grade", "42", syntax.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at byte 5"), "{}", String::from_utf8_lossy(&out.stderr));
    // Nesting past the limit is refused before any parser recurses into it.
    let deep = dir.join("deep.txt");
    std::fs::write(&deep, format!("{}0 1{}", "2(".repeat(100_000), ")".repeat(100_000))).unwrap();
    let out = optimod(&["grade", "2", deep.to_str().unwrap(), "--generators", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nest 100000 deep"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Well-formed notation that is not a strategy over the menu: graded invalid.
    let arity = dir.join("arity.txt");
    std::fs::write(&arity, "41(2(0 21) 2(1 22) 3(0 14 28))").unwrap();
    let out = optimod(&["grade", "42", arity.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stdout).contains("calls size 41 but has 3 children"));
}

#[test]
fn tree_notation_with_restarts_and_certificates_are_graded() {
    let dir = std::env::temp_dir().join(format!("optimod-grade-n-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lp = dir.join("loop.txt");
    std::fs::write(&lp, "3(0 1 @0)").unwrap();
    let out = optimod(&["grade", "2", lp.to_str().unwrap(), "--generators", "3", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["exact"].as_bool(), v["expected_calls"].as_str()), (Some(true), Some("3/2")));
    assert_eq!(v["optimum"]["status"], "impossible");
    let words = dir.join("best.txt");
    std::fs::write(
        &words,
        "call 41\n  0..=20: call 2, output r + 21*s\n  21..=34: call 3, output (r - 21) + 14*s\n  35..=40: call 7, output (r - 35) + 6*s\n",
    )
    .unwrap();
    let out = optimod(&["grade", "42", words.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["verdict"].as_str(), v["worst_case_calls"].as_u64()), (Some("optimal"), Some(2)));
    let uncovered = dir.join("uncovered.txt");
    std::fs::write(&uncovered, "call 41\n  0..=20: call 2, output r + 21*s\n").unwrap();
    let out = optimod(&["grade", "42", uncovered.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outcome 21 of call 41 is not covered"));
    let cert = concat!(env!("CARGO_MANIFEST_DIR"), "/../../proofs/42.json");
    let out = optimod(&["grade", "42", cert, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"], "optimal");
}

#[test]
fn a_hundred_thousand_paths_are_explored() {
    let path = strategy("paths_1e5.py");
    let out = optimod(&["grade", "2", &path, "--generators", "10", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["worst_case_calls"].as_u64(), v["verdict"].as_str()), (Some(5), Some("suboptimal")));
}

/// The committed puzzle set is what the code produces, and every answer is the one `prove`
/// certifies for that modulus.
#[test]
fn the_committed_puzzles_are_current_and_match_prove() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/puzzles-4-200.jsonl")).unwrap();
    let out = optimod(&["puzzles", "--range", "4..200"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), committed, "run `just puzzles-doc` and review the diff");
    for line in committed.lines() {
        let puzzle: serde_json::Value = serde_json::from_str(line).unwrap();
        let n = puzzle["modulus"].as_u64().unwrap().to_string();
        let proved = optimod(&["prove", &n, "--json", "--engines", "z3"]);
        let proved: serde_json::Value = serde_json::from_slice(&proved.stdout).unwrap();
        assert_eq!(puzzle["answer"]["status"], proved["status"], "{n}");
        assert_eq!(puzzle["answer"]["worst_case_calls"], proved["worst_case_calls"], "{n}");
        assert!(puzzle["question"].as_str().unwrap().contains(&format!("0..{n}")), "{n}");
    }
}

#[test]
fn the_expected_objective_judges_average_calls_and_keeps_the_worst_case_beside() {
    let (code, v) = grade("crt.py", &["--objective", "expected"]);
    assert_eq!(code, 0);
    assert_eq!(v["objective"], "expected-calls");
    assert_eq!(v["optimum"]["expected_calls"]["best"], "2");
    assert_eq!(v["verdict"], "suboptimal");
    let reason = v["reason"].as_str().unwrap();
    assert!(reason.contains("suboptimal by 1 ") && reason.contains("worst case: suboptimal"), "{reason}");
    let (_, v) = grade("reject.py", &["--objective", "expected"]);
    assert!(v["reason"].as_str().unwrap().contains("suboptimal by 40/21"), "{v}");
    let (code, v) = grade("best.py", &["--objective", "expected"]);
    assert_eq!((code, v["verdict"].as_str()), (0, Some("optimal")));
}

/// A hostile strategy written to a scratch file and graded for 42: (exit code, stdout, stderr).
fn grade_source(name: &str, source: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("optimod-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.py"));
    std::fs::write(&file, source).unwrap();
    let mut args = vec!["grade", "42", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = optimod(&args);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// The optimum's tree as the explorer reports it (preorder, a call of m is -m).
fn forged_report_of_the_optimum() -> String {
    let mut tree = vec![-41i64];
    for r in 0..41i64 {
        let (size, offset, stride) = match r {
            0..=20 => (2, r, 21),
            21..=34 => (3, r - 21, 14),
            _ => (7, r - 35, 6),
        };
        tree.push(-size);
        tree.extend((0..size).map(|s| offset + stride * s));
    }
    serde_json::json!({ "tree": tree, "evidence": 0 }).to_string()
}

/// The review's forgery and its relatives: a report printed (or written to the private
/// descriptor without its nonce) by the strategy is never believed; an exit is the strategy's
/// fault (exit 4), not invalid input.
#[test]
fn a_strategy_cannot_talk_the_grader_into_a_verdict() {
    let report = forged_report_of_the_optimum();
    let cases = [
        (
            "print_exit",
            format!("import sys\nprint({report:?})\nsys.exit(0)\ndef sample(rng):\n    return rng(41)\n"),
            "sys.exit(0) while loading",
        ),
        (
            "print_os_exit",
            format!("import os\nprint({report:?}, flush=True)\nos._exit(0)\ndef sample(rng):\n    return rng(41)\n"),
            "without the explorer's report",
        ),
        (
            "fd3",
            format!("import os\nos.write(3, {report:?}.encode())\nos._exit(0)\ndef sample(rng):\n    return rng(41)\n"),
            "without the explorer's report",
        ),
        (
            "exit_inside",
            "import sys\ndef sample(rng):\n    sys.exit(rng(41))\n".to_string(),
            "the strategy called sys.exit(",
        ),
        (
            "os_exit_inside",
            "import os\ndef sample(rng):\n    os._exit(3)\n".to_string(),
            "without the explorer's report",
        ),
        ("huge_size", "def sample(rng):\n    return rng(2**70) % 42\n".to_string(), "above the largest size"),
    ];
    for (name, source, words) in cases {
        let (code, out, err) = grade_source(name, &source, &[]);
        assert_eq!(code, 4, "{name}: {out}{err}");
        assert!(out.contains("verdict: invalid"), "{name}: {out}{err}");
        assert!(out.contains(words), "{name}: {out}");
    }
}

/// Noise, a forked descendant and file writes neither stall nor fool the grade.
#[test]
fn a_strategy_runs_boxed_and_drained() {
    let best = std::fs::read_to_string(strategy("best.py")).unwrap();
    // 1 MB of prints on each path and a descendant that sleeps holding every pipe.
    let noisy = format!("import os, time\nif os.fork() == 0:\n    time.sleep(120)\n{best}\n_inner = sample\ndef sample(rng):\n    print('x' * 1000, flush=True)\n    return _inner(rng)\n");
    let start = Instant::now();
    let (code, out, err) = grade_source("noisy", &noisy, &["--time-limit", "60"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("verdict: optimal"), "{out}");
    assert!(out.contains("rests on the strategy leaving the explorer alone"), "the verdict names its basis: {out}");
    assert!(start.elapsed().as_secs() < 30, "a descendant does not hold the grade: {:?}", start.elapsed());
    // No inherited environment (Python sets only its own LC_CTYPE), no file contents written.
    let writer = "import os\ndef sample(rng):\n    assert not set(os.environ) & {'PATH', 'HOME', 'CARGO'}, dict(os.environ)\n    with open('optimod-pwned', 'w') as f:\n        f.write('x')\n    return rng(41)\n";
    let (code, out, _) = grade_source("writer", writer, &[]);
    assert_eq!(code, 4, "{out}");
    assert!(out.contains("OSError") || out.contains("File too large"), "{out}");
}

#[test]
fn grade_refuses_bad_limits_and_rejected_certificates_and_says_too_large() {
    let (code, _, err) = grade_source("zero", "def sample(rng):\n    return rng(41)\n", &["--time-limit", "0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--time-limit must be in 1..=3600"), "{err}");
    // A finite tree too large to explore is not read as a loop that never stops.
    let (code, out, _) = grade_source(
        "deep",
        "def sample(rng):\n    x = 0\n    for i in range(22):\n        x ^= rng(2)\n    return x\n",
        &[],
    );
    assert_eq!(code, 4, "{out}");
    assert!(out.contains("too large to explore (not read as a loop)"), "{out}");
    // A jump to a state tree notation does not have is malformed input, with its location.
    let jump = dir_file("jump.txt", "2(@9 1)");
    let out = optimod(&["grade", "2", jump.to_str().unwrap(), "--generators", "2"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at byte 2: @9"), "{}", String::from_utf8_lossy(&out.stderr));
    // A tampered certificate is refused by the checker before it is graded.
    let dir = std::env::temp_dir().join(format!("optimod-grade-cert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let committed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../proofs/42.json");
    let tampered = std::fs::read_to_string(committed).unwrap().replacen("\"root\": 41", "\"root\": 37", 1);
    let file = dir.join("tampered.json");
    std::fs::write(&file, tampered).unwrap();
    let out = optimod(&["grade", "42", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FAILED"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Writes `text` to a scratch file named `name`.
fn dir_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("optimod-grade-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    file
}
