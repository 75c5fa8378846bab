//! A compact (divisor-block) tree for people and programs: in words, one line per group of
//! root outcomes, and as code that walks the samplers with arithmetic over five small tables
//! (never a table of every leaf, which for n = 10^6 would not fit in a program).

use crate::Language;
use optimod_spec::BlockTree;

/// One paragraph per sampler, the target's first: its root call and what each group of
/// outcomes does.
pub fn describe_blocks(blocks: &BlockTree, max_lines: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for s in blocks.samplers.iter().rev() {
        if s.root == s.modulus && s.blocks.len() == 1 {
            lines.push(format!("uniform in 0..{}: call {} and output its outcome", s.modulus, s.root));
            continue;
        }
        lines.push(format!("uniform in 0..{}: call {}; by its outcome r:", s.modulus, s.root));
        let mut start = 0u64;
        for b in &s.blocks {
            let stride = s.modulus / b.divisor;
            let end = start + b.count * stride - 1;
            let offset = if start == 0 { "r".to_string() } else { format!("(r - {start})") };
            let position = if b.count == 1 { offset } else { format!("{offset} mod {stride}") };
            let action = if b.divisor == 1 {
                format!("output {position}")
            } else {
                format!("with s uniform in 0..{} (as below), output {position} + {stride}*s", b.divisor)
            };
            let groups = if b.count == 1 { String::new() } else { format!(" ({} groups of {stride})", b.count) };
            lines.push(format!("  r in {start}..={end}{groups}: {action}"));
            start = end + 1;
        }
    }
    if lines.len() > max_lines {
        let hidden = lines.len() - max_lines;
        lines.truncate(max_lines);
        lines.push(format!("... ({hidden} more lines: `optimod show` prints them all)"));
    }
    lines
}

/// The five tables the generated code walks, and the starting sampler.
struct Tables {
    root: Vec<u64>,
    first: Vec<u64>,
    width: Vec<u64>,
    stride: Vec<u64>,
    /// Sampler index of the block's divisor, or `u32::MAX` when the outcome is a leaf.
    next: Vec<u64>,
    start: usize,
}

fn tables(blocks: &BlockTree) -> Tables {
    let mut t = Tables { root: vec![], first: vec![], width: vec![], stride: vec![], next: vec![], start: 0 };
    for s in &blocks.samplers {
        t.root.push(s.root);
        t.first.push(t.width.len() as u64);
        for b in &s.blocks {
            let stride = s.modulus / b.divisor;
            t.width.push(b.count * stride);
            t.stride.push(stride);
            let next = blocks.samplers.iter().position(|x| x.modulus == b.divisor);
            t.next.push(next.map_or(u32::MAX as u64, |i| i as u64));
        }
    }
    t.start = blocks.samplers.len() - 1;
    t
}

/// The three runners, plain programs over the samplers' tables with `{{NAME}}`, `{{UPPER}}`
/// (C's prefix), `{{START}}` (the sampler for n) and `{{LEAF}}` (the no-sampler mark) to fill in.
const RUST_RUNNER: &str = include_str!("templates/blocks.rs.txt");
const C_RUNNER: &str = include_str!("templates/blocks.c.txt");
const PYTHON_RUNNER: &str = include_str!("templates/blocks.py.txt");

/// A dependency-free function over the samplers' tables; same signature as `emit_code`.
pub fn emit_block_code(blocks: &BlockTree, name: &str, header: &[String], language: Language) -> String {
    let t = tables(blocks);
    let comment = if matches!(language, Language::Python) { "#" } else { "//" };
    let mut out: String = header.iter().map(|line| format!("{comment} {line}\n")).collect();
    let leaf = u32::MAX;
    let upper = name.to_uppercase();
    let list = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
    let names = ["ROOT", "FIRST", "WIDTH", "STRIDE", "NEXT"];
    let values = [&t.root, &t.first, &t.width, &t.stride, &t.next];
    let docs = [
        "ROOT[s]: the size sampler s calls.",
        "FIRST[s]: its first block; a block takes WIDTH[b] consecutive outcomes.",
        "WIDTH[b]: outcomes of block b (its copies times STRIDE[b]).",
        "STRIDE[b]: t/e for a block of divisor e in a sampler for t.",
        &format!("NEXT[b]: the sampler for e, or {leaf} when e = 1 (the outcome is a leaf)."),
    ];
    let runner = match language {
        Language::Rust => RUST_RUNNER,
        Language::C => {
            out.push_str(&crate::code::c_prelude(&upper));
            C_RUNNER
        }
        Language::Python => {
            out.push('\n');
            PYTHON_RUNNER
        }
    };
    for ((table, v), doc) in names.iter().zip(values).zip(docs) {
        out += &match language {
            Language::Rust => format!("/// {doc}\nconst {table}: [u32; {}] = [{}];\n", v.len(), list(v)),
            Language::C => {
                format!("/* {doc} */\nstatic const uint32_t {upper}_{table}[{}] = {{{}}};\n", v.len(), list(v))
            }
            Language::Python => format!("# {doc}\n_{table} = ({},)\n", list(v)),
        };
    }
    out + &runner
        .replace("{{NAME}}", name)
        .replace("{{UPPER}}", &upper)
        .replace("{{START}}", &t.start.to_string())
        .replace("{{LEAF}}", &leaf.to_string())
}
