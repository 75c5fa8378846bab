//! A compact (divisor-block) tree for people and programs: in words, one line per group of
//! root outcomes, and as code that walks the samplers with arithmetic over five small tables
//! (never a table of every leaf, which for n = 10^6 would not fit in a program).

use crate::Language;
use optimod_spec::BlockTree;
use std::fmt::Write;

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

/// A dependency-free function over the samplers' tables; same signature as `emit_code`.
pub fn emit_block_code(blocks: &BlockTree, name: &str, header: &[String], language: Language) -> String {
    let t = tables(blocks);
    let mut out = String::new();
    let comment = if matches!(language, Language::Python) { "#" } else { "//" };
    for line in header {
        let _ = writeln!(out, "{comment} {line}");
    }
    let list = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
    let (start, leaf) = (t.start, u32::MAX);
    let names = ["ROOT", "FIRST", "WIDTH", "STRIDE", "NEXT"];
    let values = [&t.root, &t.first, &t.width, &t.stride, &t.next];
    let docs = [
        "ROOT[s]: the size sampler s calls.",
        "FIRST[s]: its first block; a block takes WIDTH[b] consecutive outcomes.",
        "WIDTH[b]: outcomes of block b (its copies times STRIDE[b]).",
        "STRIDE[b]: t/e for a block of divisor e in a sampler for t.",
        &format!("NEXT[b]: the sampler for e, or {leaf} when e = 1 (the outcome is a leaf)."),
    ];
    match language {
        Language::Rust => {
            for ((name, v), doc) in names.iter().zip(values).zip(docs) {
                let _ = writeln!(out, "/// {doc}\nconst {name}: [u32; {}] = [{}];", v.len(), list(v));
            }
            let _ = write!(
                out,
                "\n/// One exactly uniform value; `rng(m)` must return a uniform integer in `0..m`.\n\
                 pub fn {name}(mut rng: impl FnMut(u32) -> u32) -> u32 {{\n\
                 \x20   let (mut sampler, mut output, mut scale) = ({start}usize, 0u32, 1u32);\n\
                 \x20   loop {{\n\
                 \x20       let mut outcome = rng(ROOT[sampler]);\n\
                 \x20       assert!(outcome < ROOT[sampler], \"rng({{}}) returned {{}}\", ROOT[sampler], outcome);\n\
                 \x20       let mut block = FIRST[sampler] as usize;\n\
                 \x20       while outcome >= WIDTH[block] {{\n\
                 \x20           outcome -= WIDTH[block];\n\
                 \x20           block += 1;\n\
                 \x20       }}\n\
                 \x20       output += scale * (outcome % STRIDE[block]);\n\
                 \x20       if NEXT[block] == {leaf} {{\n\
                 \x20           return output;\n\
                 \x20       }}\n\
                 \x20       scale *= STRIDE[block];\n\
                 \x20       sampler = NEXT[block] as usize;\n\
                 \x20   }}\n\
                 }}\n"
            );
        }
        Language::C => {
            let upper = name.to_uppercase();
            let _ = writeln!(out, "\n#include <stdint.h>\n");
            for ((table, v), doc) in names.iter().zip(values).zip(docs) {
                let _ =
                    writeln!(out, "/* {doc} */\nstatic const uint32_t {upper}_{table}[{}] = {{{}}};", v.len(), list(v));
            }
            let _ = write!(
                out,
                "\n/* One exactly uniform value. rng(m, state) must return a uniform integer in 0..m-1. */\n\
                 uint32_t {name}(uint32_t (*rng)(uint32_t m, void *state), void *state) {{\n\
                 \x20   uint32_t sampler = {start}, output = 0, scale = 1;\n\
                 \x20   for (;;) {{\n\
                 \x20       uint32_t outcome = rng({upper}_ROOT[sampler], state);\n\
                 \x20       uint32_t block = {upper}_FIRST[sampler];\n\
                 \x20       while (outcome >= {upper}_WIDTH[block]) {{\n\
                 \x20           outcome -= {upper}_WIDTH[block];\n\
                 \x20           block += 1;\n\
                 \x20       }}\n\
                 \x20       output += scale * (outcome % {upper}_STRIDE[block]);\n\
                 \x20       if ({upper}_NEXT[block] == {leaf}u) {{\n\
                 \x20           return output;\n\
                 \x20       }}\n\
                 \x20       scale *= {upper}_STRIDE[block];\n\
                 \x20       sampler = {upper}_NEXT[block];\n\
                 \x20   }}\n\
                 }}\n"
            );
        }
        Language::Python => {
            let _ = writeln!(out);
            for ((table, v), doc) in names.iter().zip(values).zip(docs) {
                let _ = writeln!(out, "# {doc}\n_{table} = ({},)", list(v));
            }
            let _ = write!(
                out,
                "\n\ndef {name}(rng):\n\
                 \x20   \"\"\"One exactly uniform value; rng(m) must return a uniform integer in range(m).\"\"\"\n\
                 \x20   sampler, output, scale = {start}, 0, 1\n\
                 \x20   while True:\n\
                 \x20       outcome = rng(_ROOT[sampler])\n\
                 \x20       if not 0 <= outcome < _ROOT[sampler]:\n\
                 \x20           raise ValueError(f\"rng({{_ROOT[sampler]}}) returned {{outcome}}\")\n\
                 \x20       block = _FIRST[sampler]\n\
                 \x20       while outcome >= _WIDTH[block]:\n\
                 \x20           outcome -= _WIDTH[block]\n\
                 \x20           block += 1\n\
                 \x20       output += scale * (outcome % _STRIDE[block])\n\
                 \x20       if _NEXT[block] == {leaf}:\n\
                 \x20           return output\n\
                 \x20       scale *= _STRIDE[block]\n\
                 \x20       sampler = _NEXT[block]\n"
            );
        }
    }
    out
}
