//! The house rules of ARCHITECTURE.md that the type system cannot keep, kept by reading the
//! sources: the checker's dependencies, who prints, glob imports, and function length.

use optimod_tests::root;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn crate_src(name: &str) -> PathBuf {
    match name {
        // The Python package's native module is a crate outside crates/.
        "python" => root().join("python").join("src"),
        _ => root().join("crates").join(name).join("src"),
    }
}

/// The names under `[dependencies]` of a crate's manifest.
fn dependencies(name: &str) -> Vec<String> {
    let manifest = std::fs::read_to_string(root().join("crates").join(name).join("Cargo.toml")).unwrap();
    let section = manifest.split("[dependencies]").nth(1).unwrap_or("");
    let section = section.split("\n[").next().unwrap_or("");
    let mut names: Vec<String> = section
        .lines()
        .filter_map(|l| l.split(['.', '=', ' ']).next())
        .filter(|n| !n.is_empty() && !n.starts_with('#'))
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

#[test]
fn the_checker_depends_on_the_format_and_big_numbers_only() {
    let allowed = ["num-bigint", "num-integer", "num-rational", "num-traits", "optimod-cert", "serde_json", "sha2"];
    for dependency in dependencies("check") {
        assert!(allowed.contains(&dependency.as_str()), "optimod-check depends on {dependency}");
    }
}

/// The lower bounds link no solver: arithmetic first, and a bound that needs no engine to read.
#[test]
fn the_bounds_link_no_solver() {
    let allowed = ["num-bigint", "num-integer", "num-rational", "num-traits", "optimod-spec", "serde"];
    for dependency in dependencies("bounds") {
        assert!(allowed.contains(&dependency.as_str()), "optimod-bounds depends on {dependency}");
    }
}

#[test]
fn only_the_cli_prints() {
    let crates = ["spec", "bounds", "cert", "check", "smt", "ilp", "recycle", "prove", "sample", "emit", "grade"];
    for name in crates {
        for file in sources(&crate_src(name)).into_iter().filter(|f| !f.ends_with("tests.rs")) {
            let text = std::fs::read_to_string(&file).unwrap();
            // Test modules may print what they measured.
            let library = text.split("#[cfg(test)]").next().unwrap_or("");
            for (i, line) in library.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let prints = ["println!", "eprintln!", "print!(", "eprint!(", "process::exit"];
                assert!(!prints.iter().any(|p| code.contains(p)), "{}:{} prints: {line}", file.display(), i + 1);
            }
        }
    }
}

#[test]
fn the_checker_has_no_glob_imports() {
    for file in sources(&crate_src("check")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let glob = line.trim_start().starts_with("use ") && line.contains("::*");
            // `use super::*` in a test module is the one exception: tests see their module.
            let test_module = line.trim() == "use super::*;";
            assert!(!glob || test_module, "{}:{}: {line}", file.display(), i + 1);
        }
    }
}

/// The length in lines of each function in `text`: from its `fn` line to its closing brace,
/// braces counted outside string and character literals and comments.
fn function_lengths(text: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn "].iter().any(|p| t.starts_with(p));
        if !is_fn {
            continue;
        }
        let mut depth = 0i64;
        let mut opened = false;
        for (k, l) in lines.iter().enumerate().skip(start) {
            depth += brace_balance(l);
            opened |= l.contains('{');
            if opened && depth <= 0 {
                found.push((start + 1, t.chars().take(60).collect(), k - start + 1));
                break;
            }
            if !opened && l.trim_end().ends_with(';') {
                break; // a declaration in a trait
            }
        }
    }
    found
}

fn brace_balance(line: &str) -> i64 {
    let (mut balance, mut in_string, mut escaped) = (0, false, false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek() == Some(&'/') => break,
            '\'' => {
                // A character literal ('{') is skipped; a lifetime ('a) is not a literal.
                let rest: String = chars.clone().take(3).collect();
                if rest.chars().nth(1) == Some('\'') || rest.starts_with("\\") {
                    chars.nth(if rest.starts_with('\\') { 2 } else { 1 });
                }
            }
            '{' => balance += 1,
            '}' => balance -= 1,
            _ => {}
        }
    }
    balance
}

#[test]
fn no_function_is_longer_than_a_reader_can_hold() {
    // Known debt (file, function head), each to be split: a listed function that is short now
    // fails too, so the list only shrinks. Empty since issue 24.
    const DEBT: [(&str, &str); 0] = [];
    let mut long = Vec::new();
    let mut paid = Vec::new();
    let crates = [
        "spec", "bounds", "cert", "check", "smt", "ilp", "recycle", "prove", "sample", "emit", "grade", "cli",
        "optimod", "python",
    ];
    for name in crates {
        for file in sources(&crate_src(name)) {
            let text = std::fs::read_to_string(&file).unwrap();
            let path = file.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
            let lengths = function_lengths(&text);
            for (line, head, length) in &lengths {
                let owed = DEBT.iter().any(|(f, h)| *f == path && head.starts_with(h));
                if *length > 80 && !owed {
                    long.push(format!("{}:{line} {head} ({length} lines)", file.display()));
                }
            }
            for (f, h) in DEBT.iter().filter(|(f, _)| *f == path) {
                if !lengths.iter().any(|(_, head, length)| head.starts_with(h) && *length > 80) {
                    paid.push(format!("{f} {h}"));
                }
            }
        }
    }
    assert!(long.is_empty(), "functions over 80 lines:\n{}", long.join("\n"));
    assert!(paid.is_empty(), "no longer over 80 lines, strike from DEBT:\n{}", paid.join("\n"));
}

#[test]
fn the_length_counter_counts() {
    let text = "fn a() {\n    let s = \"}\";\n    let c = '{';\n}\nfn b<'x>(v: &'x str) -> &'x str {\n    v\n}\n";
    let lengths: Vec<usize> = function_lengths(text).into_iter().map(|(_, _, n)| n).collect();
    assert_eq!(lengths, vec![4, 3]);
}

/// Non-blank, non-comment lines of `text` before its test module.
fn code_lines(text: &str) -> usize {
    let library = text.split("#[cfg(test)]").next().unwrap_or("");
    library.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")).count()
}

/// The checker's kernel (crates/check/src/kernel/) settles worst-case and impossible claims
/// alone: it never reaches into the expected-calls layer, and it stays small enough to read in
/// an hour. Raising the cap is a decision, made here.
#[test]
fn the_kernel_stands_alone_and_stays_small() {
    // 1 300 until the typed `Failure` of every check (issue 24) took 45 lines; 1 350 until
    // the whole-domain speed (issue 26): block counts in machine integers before big ones,
    // and the primes rule's sizes answered from their structure (35 lines).
    const KERNEL_CAP: usize = 1_400;
    let mut total = 0;
    for file in sources(&crate_src("check").join("kernel")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            assert!(!code.contains("expected::"), "{}:{} reaches the expected layer: {line}", file.display(), i + 1);
        }
        total += code_lines(&text);
    }
    assert!(total <= KERNEL_CAP, "the kernel has {total} lines of code, over its cap of {KERNEL_CAP}");
}

/// Exact arithmetic only in the checker, and every resource limit in one file with its reason.
#[test]
fn the_checker_has_no_floats_and_one_file_of_limits() {
    for file in sources(&crate_src("check")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let is_limits = file.ends_with("kernel/limits.rs");
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let float = code.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == "f64" || w == "f32");
            assert!(!float, "{}:{} uses floating point: {line}", file.display(), i + 1);
            let constant =
                ["const ", "pub const ", "pub(crate) const "].iter().any(|p| code.trim_start().starts_with(p));
            assert!(
                is_limits || !constant,
                "{}:{} defines a constant outside limits.rs: {line}",
                file.display(),
                i + 1
            );
        }
    }
}

/// ARCHITECTURE.md is the code map: each crate's entry names every source file of the crate
/// (by its path under `src/`, or its file name), so a file added without a word there fails.
#[test]
fn every_source_file_is_on_the_code_map() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let crates = [
        "spec", "bounds", "cert", "check", "smt", "ilp", "recycle", "prove", "sample", "emit", "grade", "cli",
        "optimod",
    ];
    for name in crates {
        let start = map.find(&format!("- `crates/{name}`")).unwrap_or_else(|| panic!("no entry for crates/{name}"));
        let rest = &map[start + 3..];
        let entry = &rest[..rest.find("\n- `").unwrap_or(rest.len())];
        let src = crate_src(name);
        for file in sources(&src) {
            let relative = file.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
            let base = file.file_name().unwrap().to_string_lossy().into_owned();
            if ["lib.rs", "main.rs"].contains(&relative.as_str()) {
                continue;
            }
            assert!(
                entry.contains(&relative) || entry.contains(&base),
                "crates/{name}/src/{relative} is not named in ARCHITECTURE.md's entry for crates/{name}"
            );
        }
    }
}

/// The docs stay true to the command line: every `optimod SUBCOMMAND ... --flag` the README,
/// ARCHITECTURE.md or docs/ show names a subcommand and flags that `optimod SUBCOMMAND --help`
/// lists. (What the commands print is pinned by the CLI tests and the doc-check recipes.)
#[test]
fn every_flag_the_docs_show_exists() {
    let binary = root().join("target/release/optimod");
    if !binary.exists() {
        eprintln!("skipped: {} not built (just test builds it first)", binary.display());
        return;
    }
    let mut docs = vec![root().join("README.md"), root().join("ARCHITECTURE.md")];
    docs.extend(std::fs::read_dir(root().join("docs")).unwrap().map(|e| e.unwrap().path()));
    let mut checked = 0;
    for doc in docs.iter().filter(|d| d.extension().is_some_and(|e| e == "md")) {
        let text = std::fs::read_to_string(doc).unwrap();
        for snippet in text.split('`').skip(1).step_by(2).filter(|s| s.starts_with("optimod ")) {
            let words: Vec<&str> = snippet.split_whitespace().collect();
            let Some(sub) = words.get(1).filter(|w| w.chars().all(|c| c.is_ascii_lowercase())) else { continue };
            let help = std::process::Command::new(&binary).args([sub, "--help"]).output().unwrap();
            assert!(help.status.success(), "{}: `{snippet}`: no subcommand {sub}", doc.display());
            let help = String::from_utf8_lossy(&help.stdout).into_owned();
            for flag in words.iter().map(|w| w.trim_matches(|c| c == '[' || c == ']')).filter(|w| w.starts_with("--")) {
                let flag = flag.split('=').next().unwrap();
                assert!(help.contains(flag), "{}: `{snippet}`: {flag} is not an option of {sub}", doc.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "only {checked} flags found in the docs");
}
