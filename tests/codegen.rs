//! Generated code runs the certified strategy: the emitted Rust, C and Python are compiled
//! (rustc, gcc -Wall -Werror) or run (python3) and driven over every outcome path; each output
//! must collect exactly 1/n of the probability.

use optimod_emit::{emit_block_code, emit_code, Language};
use optimod_spec::{Tree, Witness};
use optimod_tests::{committed, SplitMix64};
use std::path::{Path, PathBuf};
use std::process::Command;

fn witness_of(name: &str) -> (u64, Witness) {
    let checked = optimod_check::check_json(&committed(name)).unwrap();
    let Some(optimod_emit::CertificateStrategy::Finite(witness)) = optimod_emit::certified_strategy(&checked) else {
        panic!("{name} holds a finite tree")
    };
    (checked.certificate().spec.modulus, witness)
}

/// The least common multiple of the leaves' path products: every reach is a whole number of
/// `1/W`, so the drivers can count in integers.
fn common_denominator(tree: &Tree) -> u128 {
    fn walk(t: &Tree, product: u128, acc: &mut u128) {
        match t {
            Tree::Leaf(_) => *acc = lcm(*acc, product),
            Tree::Call { size, children } => children.iter().for_each(|c| walk(c, product * *size as u128, acc)),
        }
    }
    fn gcd(a: u128, b: u128) -> u128 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    fn lcm(a: u128, b: u128) -> u128 {
        a / gcd(a, b) * b
    }
    let mut acc = 1;
    walk(tree, 1, &mut acc);
    acc
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("optimod-codegen-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Each driver prints one line per output: its probability mass in units of 1/W.
fn assert_uniform(printed: &str, n: u64, w: u128, what: &str) {
    let counts: Vec<u128> = printed.lines().map(|l| l.trim().parse().unwrap()).collect();
    assert_eq!(counts.len() as u64, n, "{what}: one line per output");
    for (j, c) in counts.iter().enumerate() {
        assert_eq!(*c * n as u128, w, "{what}: output {j} has {c}/{w}, not 1/{n}");
    }
}

const RUST_DRIVER: &str = r#"
fn main() {
    let w: u128 = __W__;
    let mut counts = vec![0u128; __N__];
    let mut path: Vec<u32> = Vec::new();
    let mut sizes: Vec<u32> = Vec::new();
    loop {
        sizes.clear();
        let mut depth = 0usize;
        let out = __NAME__(|m| {
            if depth == path.len() { path.push(0); }
            let v = path[depth];
            sizes.push(m);
            depth += 1;
            v
        });
        path.truncate(depth);
        let product: u128 = sizes.iter().map(|&m| m as u128).product();
        counts[out as usize] += w / product;
        while let Some(&last) = path.last() {
            let k = path.len() - 1;
            if last + 1 < sizes[k] { path[k] += 1; break; }
            path.pop();
            sizes.pop();
        }
        if path.is_empty() { break; }
    }
    for c in counts { println!("{c}"); }
}
"#;

const C_DRIVER: &str = r#"
#include <stdio.h>
typedef unsigned __int128 u128;
static uint32_t path[64], sizes[64];
static int path_len = 0, depth = 0;
static uint32_t scripted(uint32_t m, void *state) {
    (void)state;
    if (depth == path_len) { path[path_len++] = 0; }
    sizes[depth] = m;
    return path[depth++];
}
static void print_u128(u128 v) {
    char buf[64]; int i = 63; buf[i] = 0;
    do { buf[--i] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    puts(&buf[i]);
}
int main(void) {
    u128 w = (u128)__W_HI__ * ((u128)1 << 64) + (u128)__W_LO__;
    static u128 counts[__N__];
    for (;;) {
        depth = 0;
        uint32_t out = __NAME__(scripted, NULL);
        path_len = depth;
        u128 product = 1;
        for (int k = 0; k < depth; k++) product *= sizes[k];
        counts[out] += w / product;
        while (path_len > 0) {
            int k = path_len - 1;
            if (path[k] + 1 < sizes[k]) { path[k]++; break; }
            path_len--;
        }
        if (path_len == 0) break;
    }
    for (int j = 0; j < __N__; j++) print_u128(counts[j]);
    return 0;
}
"#;

const PYTHON_DRIVER: &str = r#"
from fractions import Fraction
counts = [Fraction(0)] * __N__
path = []
while True:
    sizes = []
    def rng(m):
        k = len(sizes)
        if k == len(path):
            path.append(0)
        sizes.append(m)
        return path[k]
    out = __NAME__(rng)
    del path[len(sizes):]
    reach = Fraction(1)
    for m in sizes:
        reach /= m
    counts[out] += reach
    while path:
        k = len(path) - 1
        if path[k] + 1 < sizes[k]:
            path[k] += 1
            break
        path.pop()
        sizes.pop()
    if not path:
        break
for c in counts:
    print(c * __W__)
"#;

fn fill(template: &str, n: u64, w: u128, name: &str) -> String {
    template
        .replace("__W_HI__", &((w >> 64) as u64).to_string())
        .replace("__W_LO__", &(w as u64).to_string())
        .replace("__W__", &w.to_string())
        .replace("__N__", &n.to_string())
        .replace("__NAME__", name)
}

fn check_language(cert: &str, language: Language, dir: &Path) {
    let (n, witness) = witness_of(cert);
    // The drivers enumerate every path; the explicit tree only tells them the denominator.
    let w = common_denominator(&witness.to_tree(1_000_000).unwrap());
    let name = format!("mod{n}");
    let code = match &witness {
        Witness::Tree(tree) => emit_code(tree, &name, &["test".to_string()], language),
        // A compact witness becomes arithmetic over its samplers, not a table of leaves.
        Witness::Blocks(blocks) => emit_block_code(blocks, &name, &["test".to_string()], language),
    };
    let what = format!("{cert} in {language:?}");
    match language {
        Language::Rust => {
            let src = dir.join(format!("{cert}.rs"));
            let bin = dir.join(format!("{cert}-rs"));
            std::fs::write(&src, format!("{code}\n{}", fill(RUST_DRIVER, n, w, &name))).unwrap();
            run(Command::new("rustc").args(["-O", "--edition", "2021", "-D", "warnings", "-o"]).arg(&bin).arg(&src));
            assert_uniform(&run(&mut Command::new(&bin)), n, w, &what);
        }
        Language::C => {
            let src = dir.join(format!("{cert}.c"));
            let bin = dir.join(format!("{cert}-c"));
            std::fs::write(&src, format!("{code}\n{}", fill(C_DRIVER, n, w, &name))).unwrap();
            run(Command::new("gcc").args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-o"]).arg(&bin).arg(&src));
            assert_uniform(&run(&mut Command::new(&bin)), n, w, &what);
        }
        Language::Python => {
            let src = dir.join(format!("{cert}.py"));
            std::fs::write(&src, format!("{code}\n{}", fill(PYTHON_DRIVER, n, w, &name))).unwrap();
            assert_uniform(&run(Command::new("python3").arg(&src)), n, w, &what);
        }
    }
}

const CERTIFICATES: [&str; 5] = ["42", "30", "60", "d6-9", "d6-d15-20"];

#[test]
fn generated_rust_is_exhaustively_uniform() {
    let dir = scratch("rust");
    CERTIFICATES.iter().for_each(|c| check_language(c, Language::Rust, &dir));
}

#[test]
fn generated_c_compiles_cleanly_and_is_exhaustively_uniform() {
    let dir = scratch("c");
    CERTIFICATES.iter().for_each(|c| check_language(c, Language::C, &dir));
}

#[test]
fn generated_python_is_exhaustively_uniform() {
    let dir = scratch("python");
    CERTIFICATES.iter().for_each(|c| check_language(c, Language::Python, &dir));
}

#[test]
fn the_drivers_catch_a_biased_tree() {
    // The same harness on a tree with one leaf relabelled must fail.
    let tree = Tree::parse("2(3(0 1 2) 3(3 4 4))").unwrap();
    let dir = scratch("biased");
    let code = emit_code(&tree, "mod6", &[], Language::Python);
    let src = dir.join("biased.py");
    std::fs::write(&src, format!("{code}\n{}", fill(PYTHON_DRIVER, 6, 6, "mod6"))).unwrap();
    let printed = run(Command::new("python3").arg(&src));
    let result = std::panic::catch_unwind(|| assert_uniform(&printed, 6, 6, "biased"));
    assert!(result.is_err(), "a biased tree must not pass: {printed}");
}

/// The generated C checks what `rng` returns, as the Rust and Python do: an answer outside
/// `0..m` aborts with a message instead of walking off a table.
#[test]
fn generated_c_refuses_an_rng_answer_out_of_range() {
    let dir = scratch("rng-range");
    let tree = Tree::parse("2(3(0 1 2) 3(3 4 5))").unwrap();
    let (_, blocks) = witness_of("42");
    let Witness::Blocks(blocks) = blocks else { panic!("42's witness is compact") };
    let cases = [
        ("tree", emit_code(&tree, "mod6", &[], Language::C), "mod6", "rng(2) returned 2"),
        ("blocks", emit_block_code(&blocks, "mod42", &[], Language::C), "mod42", "rng(41) returned 41"),
    ];
    for (tag, code, name, message) in cases {
        let driver = format!(
            "static uint32_t too_big(uint32_t m, void *state) {{ (void)state; return m; }}\n\
             int main(void) {{ printf(\"%u\\n\", (unsigned){name}(too_big, NULL)); return 0; }}\n"
        );
        let src = dir.join(format!("{tag}.c"));
        let bin = dir.join(format!("{tag}-c"));
        std::fs::write(&src, format!("{code}\n{driver}")).unwrap();
        run(Command::new("gcc").args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-o"]).arg(&bin).arg(&src));
        let out = Command::new(&bin).output().unwrap();
        assert!(!out.status.success(), "{tag}: an out-of-range rng answer was used");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{tag}: {stderr}");
    }
}

// Strategies with loops: no finite set of paths to enumerate, so the generated code is run
// against the automaton itself. Every language draws from the same SplitMix64 stream
// (`rng(m) = next() % m`; bias is irrelevant here, equality is the point) and prints the
// output and the number of calls of each draw; the test walks the certified automaton
// (its own interpreter) on the same stream and must see the same lines. The automaton's
// exactness and cost are the checker's business; this shows the code is that automaton.

const DRAWS: usize = 3000;

fn automaton_of(name: &str) -> optimod_recycle::Automaton {
    let checked = optimod_check::check_json(&committed(name)).unwrap();
    let Some(optimod_emit::CertificateStrategy::Automaton(automaton)) = optimod_emit::certified_strategy(&checked)
    else {
        panic!("{name} holds an automaton")
    };
    automaton
}

/// The reference: the automaton walked step by step.
fn reference_lines(automaton: &optimod_recycle::Automaton) -> String {
    use optimod_recycle::State;
    use optimod_spec::LoopLeaf;
    let mut rng = SplitMix64(42);
    let mut lines = String::new();
    for _ in 0..DRAWS {
        let mut calls = 0u64;
        let mut draw = |m: u64| {
            calls += 1;
            rng.next() % m
        };
        let mut state = 0usize;
        let output = 'run: loop {
            match &automaton.states[state] {
                State::Tree(root) => {
                    let mut node = root;
                    loop {
                        match node {
                            Tree::Leaf(LoopLeaf::Output(j)) => break 'run *j,
                            Tree::Leaf(LoopLeaf::Jump(t)) => {
                                state = *t;
                                break;
                            }
                            Tree::Call { size, children } => node = &children[draw(*size) as usize],
                        }
                    }
                }
                State::Chain { steps, loop_to } => {
                    let (mut k, mut value) = (0usize, 0u64);
                    loop {
                        value = value * steps[k].size + draw(steps[k].size);
                        for &(j, count) in &steps[k].emit {
                            if value < count {
                                break 'run j;
                            }
                            value -= count;
                        }
                        k = if k + 1 < steps.len() { k + 1 } else { loop_to.unwrap() };
                    }
                }
                State::Sampler(s) => {
                    // Knuth-Yao by the digits: the k-th digit of w/W in base m is
                    // floor(m * rest / W) with rest = w m^(k-1) mod W.
                    let (m, w) = (s.size as u128, s.denominator as u128);
                    let mut rest: Vec<u128> = s.weights.iter().map(|&(_, x)| x as u128).collect();
                    let mut value = 0u128;
                    loop {
                        value = value * m + draw(s.size) as u128;
                        for (r, &(j, _)) in rest.iter_mut().zip(&s.weights) {
                            let digit = *r * m / w;
                            *r = *r * m % w;
                            if value < digit {
                                break 'run j;
                            }
                            value -= digit;
                        }
                    }
                }
            }
        };
        lines.push_str(&format!("{output} {calls}\n"));
    }
    lines
}

const RUST_STREAM: &str = r#"
fn main() {
    let mut s: u64 = 42;
    for _ in 0..__DRAWS__ {
        let mut calls = 0u64;
        let out = __NAME__(|m| {
            calls += 1;
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) % m as u64) as u32
        });
        println!("{out} {calls}");
    }
}
"#;

const C_STREAM: &str = r#"
#include <stdio.h>
static uint64_t s = 42, calls = 0;
static uint32_t stream(uint32_t m, void *state) {
    (void)state;
    calls++;
    s += 0x9E3779B97F4A7C15ull;
    uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (uint32_t)((z ^ (z >> 31)) % m);
}
int main(void) {
    for (int i = 0; i < __DRAWS__; i++) {
        calls = 0;
        uint32_t out = __NAME__(stream, NULL);
        printf("%u %llu\n", out, (unsigned long long)calls);
    }
    return 0;
}
"#;

const PYTHON_STREAM: &str = r#"
s = 42
MASK = (1 << 64) - 1
calls = 0
def rng(m):
    global s, calls
    calls += 1
    s = (s + 0x9E3779B97F4A7C15) & MASK
    z = s
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return (z ^ (z >> 31)) % m
for _ in range(__DRAWS__):
    calls = 0
    out = __NAME__(rng)
    print(out, calls)
"#;

fn check_automaton_language(cert: &str, language: Language, dir: &Path) {
    let automaton = automaton_of(cert);
    let name = format!("mod{}", automaton.modulus);
    let code = optimod_emit::emit_automaton_code(&automaton, &name, &["test".to_string()], language);
    let fill = |t: &str| t.replace("__DRAWS__", &DRAWS.to_string()).replace("__NAME__", &name);
    let printed = match language {
        Language::Rust => {
            let (src, bin) = (dir.join(format!("{cert}.rs")), dir.join(format!("{cert}-rs")));
            std::fs::write(&src, format!("{code}\n{}", fill(RUST_STREAM))).unwrap();
            run(Command::new("rustc").args(["-O", "--edition", "2021", "-D", "warnings", "-o"]).arg(&bin).arg(&src));
            run(&mut Command::new(&bin))
        }
        Language::C => {
            let (src, bin) = (dir.join(format!("{cert}.c")), dir.join(format!("{cert}-c")));
            std::fs::write(&src, format!("{code}\n{}", fill(C_STREAM))).unwrap();
            run(Command::new("gcc").args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-o"]).arg(&bin).arg(&src));
            run(&mut Command::new(&bin))
        }
        Language::Python => {
            let src = dir.join(format!("{cert}.py"));
            std::fs::write(&src, format!("{code}\n{}", fill(PYTHON_STREAM))).unwrap();
            run(Command::new("python3").arg(&src))
        }
    };
    let expected = reference_lines(&automaton);
    assert!(printed == expected, "{cert} in {language:?}: the generated code and the automaton part ways");
    // The stream does reach the loops: some draw needs more than two calls.
    assert!(expected.lines().any(|l| l.split(' ').nth(1).unwrap().parse::<u64>().unwrap() > 2), "{cert}");
}

#[test]
fn generated_code_for_strategies_with_loops_follows_the_automaton() {
    let dir = scratch("automata");
    for language in [Language::Rust, Language::C, Language::Python] {
        for cert in ["30-expected", "5-expected", "coin-5-expected"] {
            check_automaton_language(cert, language, &dir);
        }
    }
}
