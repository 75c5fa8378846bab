//! Source code for a strategy: two flat tables and a loop, in Rust, C or Python.
//!
//! Node 0 is the root. For a call node, `SIZE[i]` is the generator size and its children are
//! the nodes `NEXT[i] .. NEXT[i] + SIZE[i]`, by outcome; for a leaf, `SIZE[i] = 0` and
//! `NEXT[i]` is the output. The loop calls the generator, jumps to the child, and returns at
//! a leaf: no branch per leaf, and the tables are exactly the certified tree.

use optimod_spec::Tree;
use std::collections::VecDeque;
use std::fmt::Write;

/// A target language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Rust,
    C,
    Python,
}

/// Flattens the tree breadth first into `(SIZE, NEXT)`.
fn tables(tree: &Tree) -> (Vec<u64>, Vec<u64>) {
    let mut size = Vec::new();
    let mut next = Vec::new();
    let mut queue: VecDeque<&Tree> = VecDeque::from([tree]);
    let mut allocated = 1u64; // nodes numbered so far (the root is 0)
    while let Some(node) = queue.pop_front() {
        match node {
            Tree::Leaf(output) => {
                size.push(0);
                next.push(*output);
            }
            Tree::Call { size: m, children } => {
                size.push(*m);
                next.push(allocated);
                allocated += *m;
                queue.extend(children.iter());
            }
        }
    }
    (size, next)
}

pub(crate) fn list(values: &[u64], per_line: usize, indent: &str) -> String {
    values
        .chunks(per_line)
        .map(|chunk| {
            let items: Vec<String> = chunk.iter().map(u64::to_string).collect();
            format!("{indent}{},", items.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The function `name(rng)`; `rng(m)` must return a uniform integer in `0..m`. `header` lines
/// go first as comments (what the code implements and how it was certified).
pub fn emit_code(tree: &Tree, name: &str, header: &[String], language: Language) -> String {
    let (size, next) = tables(tree);
    let count = size.len();
    let mut out = String::new();
    let comment = match language {
        Language::Rust | Language::C => "//",
        Language::Python => "#",
    };
    for line in header {
        let _ = writeln!(out, "{comment} {line}");
    }
    match language {
        Language::Rust => {
            let _ = write!(
                out,
                "\n/// `SIZE[i]`: generator size called at node i, 0 at a leaf.\n\
                 const SIZE: [u32; {count}] = [\n{}\n];\n\
                 /// `NEXT[i]`: first child of node i (children by outcome), or the output at a leaf.\n\
                 const NEXT: [u32; {count}] = [\n{}\n];\n\n\
                 /// One exactly uniform value; `rng(m)` must return a uniform integer in `0..m`.\n\
                 pub fn {name}(mut rng: impl FnMut(u32) -> u32) -> u32 {{\n\
                 \x20   let mut node = 0usize;\n\
                 \x20   while SIZE[node] != 0 {{\n\
                 \x20       let outcome = rng(SIZE[node]);\n\
                 \x20       assert!(outcome < SIZE[node], \"rng({{}}) returned {{}}\", SIZE[node], outcome);\n\
                 \x20       node = (NEXT[node] + outcome) as usize;\n\
                 \x20   }}\n\
                 \x20   NEXT[node]\n\
                 }}\n",
                list(&size, 20, "    "),
                list(&next, 16, "    ")
            );
        }
        Language::C => {
            let upper = name.to_uppercase();
            let _ = write!(
                out,
                "{}\
                 /* SIZE[i]: generator size called at node i, 0 at a leaf. */\n\
                 static const uint32_t {upper}_SIZE[{count}] = {{\n{}\n}};\n\
                 /* NEXT[i]: first child of node i (children by outcome), or the output at a leaf. */\n\
                 static const uint32_t {upper}_NEXT[{count}] = {{\n{}\n}};\n\n\
                 /* One exactly uniform value. rng(m, state) must return a uniform integer in 0..m-1. */\n\
                 uint32_t {name}(uint32_t (*rng)(uint32_t m, void *state), void *state) {{\n\
                 \x20   uint32_t node = 0;\n\
                 \x20   while ({upper}_SIZE[node] != 0) {{\n\
                 \x20       node = {upper}_NEXT[node] + {upper}_call(rng, state, {upper}_SIZE[node]);\n\
                 \x20   }}\n\
                 \x20   return {upper}_NEXT[node];\n\
                 }}\n",
                c_prelude(&upper),
                list(&size, 20, "    "),
                list(&next, 16, "    ")
            );
        }
        Language::Python => {
            let _ = write!(
                out,
                "\n# SIZE[i]: generator size called at node i, 0 at a leaf.\n\
                 _SIZE = (\n{}\n)\n\
                 # NEXT[i]: first child of node i (children by outcome), or the output at a leaf.\n\
                 _NEXT = (\n{}\n)\n\n\n\
                 def {name}(rng):\n\
                 \x20   \"\"\"One exactly uniform value; rng(m) must return a uniform integer in range(m).\"\"\"\n\
                 \x20   node = 0\n\
                 \x20   while _SIZE[node]:\n\
                 \x20       outcome = rng(_SIZE[node])\n\
                 \x20       if not 0 <= outcome < _SIZE[node]:\n\
                 \x20           raise ValueError(f\"rng({{_SIZE[node]}}) returned {{outcome}}\")\n\
                 \x20       node = _NEXT[node] + outcome\n\
                 \x20   return _NEXT[node]\n",
                list(&size, 20, "    "),
                list(&next, 16, "    ")
            );
        }
    }
    out
}

/// Why `name` cannot name the generated function in `language`, if it cannot: not an
/// identifier, a keyword of the language, or the name of one of the generated tables.
pub fn name_problem(name: &str, language: Language) -> Option<String> {
    let identifier = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !identifier {
        return Some(format!("{name:?} is not an identifier (letters, digits, _; not first a digit)"));
    }
    let (keywords, which): (&[&str], &str) = match language {
        Language::Rust => (RUST_KEYWORDS, "Rust"),
        Language::C => (C_KEYWORDS, "C"),
        Language::Python => (PYTHON_KEYWORDS, "Python"),
    };
    if keywords.contains(&name) {
        return Some(format!("{name:?} is a {which} keyword"));
    }
    let table = name.trim_start_matches('_');
    if name.chars().all(|c| !c.is_ascii_lowercase()) && GENERATED_TABLES.contains(&table) {
        return Some(format!("{name:?} is the name of a generated table"));
    }
    None
}

/// Rust's strict and reserved keywords (2021 edition), and `self`-like names.
const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "_",
];

/// C17's keywords, and the names the generated C uses itself.
const C_KEYWORDS: &[&str] = &[
    "auto",
    "break",
    "case",
    "char",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extern",
    "float",
    "for",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "register",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "struct",
    "switch",
    "typedef",
    "union",
    "unsigned",
    "void",
    "volatile",
    "while",
    "_Alignas",
    "_Alignof",
    "_Atomic",
    "_Bool",
    "_Complex",
    "_Generic",
    "_Imaginary",
    "_Noreturn",
    "_Static_assert",
    "_Thread_local",
    "rng",
    "state",
    "uint32_t",
    "uint64_t",
    "main",
];

/// Python 3's keywords and soft keywords, and the names the generated Python uses itself.
const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case", "type", "_", "rng",
];

/// The tables the generated code defines (`NAME` in Rust, `_NAME` in Python).
const GENERATED_TABLES: &[&str] = &[
    "SIZE", "NEXT", "ROOT", "FIRST", "WIDTH", "STRIDE", "KIND", "ENTRY", "CSIZE", "CNEXT", "ESTART", "EOUT", "ECOUNT",
    "SSIZE", "SDEN", "SSTART", "SOUT", "SWEIGHT",
];

/// The C includes and `UPPER_call`, which calls `rng` and aborts when its answer is not in
/// `0..m` (the Rust and Python code check it the same way).
pub(crate) fn c_prelude(upper: &str) -> String {
    include_str!("templates/rng_check.c.txt").replace("{{UPPER}}", upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_breadth_first_with_contiguous_children() {
        let tree = Tree::parse("2(3(0 1 2) 5)").unwrap();
        let (size, next) = tables(&tree);
        assert_eq!(size, vec![2, 3, 0, 0, 0, 0]);
        assert_eq!(next, vec![1, 3, 5, 0, 1, 2]);
    }

    #[test]
    fn each_language_names_the_function() {
        let tree = Tree::parse("2(0 1)").unwrap();
        assert!(emit_code(&tree, "mod2", &[], Language::Rust)
            .contains("pub fn mod2(mut rng: impl FnMut(u32) -> u32) -> u32"));
        assert!(emit_code(&tree, "mod2", &[], Language::C)
            .contains("uint32_t mod2(uint32_t (*rng)(uint32_t m, void *state), void *state)"));
        assert!(emit_code(&tree, "mod2", &[], Language::Python).contains("def mod2(rng):"));
    }
}
