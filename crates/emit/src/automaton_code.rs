//! Source code for a strategy with loops (an automaton: tree states with jumps, Knuth–Yao
//! chain states), as flat tables and two loops, in Rust, C or Python.
//!
//! Tables: state s is a tree when `KIND[s] == 0` (its root is node `ENTRY[s]`) and a chain
//! when `KIND[s] == 1` (its first step is `ENTRY[s]`). Tree nodes as in `code.rs` (`SIZE`,
//! `NEXT`; at a leaf `NEXT` is the output, or `n + t` for a jump to state t). Chain step k
//! calls `CSIZE[k]`: the value `v = v * CSIZE[k] + outcome` is emitted as output `EOUT[e]`
//! while it is below `ECOUNT[e]` (e from `ESTART[k]` to `ESTART[k + 1]`, subtracting as it
//! goes), and otherwise continues at step `CNEXT[k]`.

use crate::code::{list, Language};
use optimod_recycle::{Automaton, State};
use optimod_spec::{LoopLeaf, LoopTree, Tree};

struct Tables {
    kind: Vec<u64>,
    entry: Vec<u64>,
    size: Vec<u64>,
    next: Vec<u64>,
    csize: Vec<u64>,
    cnext: Vec<u64>,
    estart: Vec<u64>,
    eout: Vec<u64>,
    ecount: Vec<u64>,
    ssize: Vec<u64>,
    sden: Vec<u64>,
    sstart: Vec<u64>,
    sout: Vec<u64>,
    sweight: Vec<u64>,
}

fn tables(automaton: &Automaton) -> Tables {
    let n = automaton.modulus;
    let mut t = Tables {
        kind: vec![],
        entry: vec![],
        size: vec![],
        next: vec![],
        csize: vec![],
        cnext: vec![],
        estart: vec![0],
        eout: vec![],
        ecount: vec![],
        ssize: vec![],
        sden: vec![],
        sstart: vec![0],
        sout: vec![],
        sweight: vec![],
    };
    for state in &automaton.states {
        match state {
            State::Tree(root) => {
                t.kind.push(0);
                t.entry.push(t.size.len() as u64);
                // Breadth first, children contiguous (as for finite trees).
                let mut queue: std::collections::VecDeque<&LoopTree> = std::collections::VecDeque::from([root]);
                let mut allocated = t.size.len() as u64 + 1;
                while let Some(node) = queue.pop_front() {
                    match node {
                        Tree::Leaf(LoopLeaf::Output(j)) => {
                            t.size.push(0);
                            t.next.push(*j);
                        }
                        Tree::Leaf(LoopLeaf::Jump(target)) => {
                            t.size.push(0);
                            t.next.push(n + *target as u64);
                        }
                        Tree::Call { size, children } => {
                            t.size.push(*size);
                            t.next.push(allocated);
                            allocated += *size;
                            queue.extend(children.iter());
                        }
                    }
                }
            }
            State::Chain { steps, loop_to } => {
                let first = t.csize.len() as u64;
                t.kind.push(1);
                t.entry.push(first);
                for (k, step) in steps.iter().enumerate() {
                    t.csize.push(step.size);
                    let following = if k + 1 < steps.len() { Some(k + 1) } else { *loop_to };
                    // Without a following step the last call emits every value and CNEXT is
                    // never read; the step itself keeps the table in range.
                    t.cnext.push(first + following.unwrap_or(k) as u64);
                    for &(j, count) in &step.emit {
                        t.eout.push(j);
                        t.ecount.push(count);
                    }
                    t.estart.push(t.eout.len() as u64);
                }
            }
            State::Sampler(s) => {
                t.kind.push(2);
                t.entry.push(t.ssize.len() as u64);
                t.ssize.push(s.size);
                t.sden.push(s.denominator);
                for &(j, w) in &s.weights {
                    t.sout.push(j);
                    t.sweight.push(w);
                }
                t.sstart.push(t.sout.len() as u64);
            }
        }
    }
    t
}

/// Most outputs one sampler state weighs (the scratch array of the generated C).
fn sampler_width(t: &Tables) -> u64 {
    t.sstart.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0).max(1)
}

/// The three runners, each a plain program over the tables above with `{{NAME}}`, `{{N}}`,
/// `{{UPPER}}` (C's prefix) and `{{WIDTH}}` (C's scratch array) to fill in.
const RUST_RUNNER: &str = include_str!("templates/automaton.rs.txt");
const C_RUNNER: &str = include_str!("templates/automaton.c.txt");
const PYTHON_RUNNER: &str = include_str!("templates/automaton.py.txt");

/// The function `name(rng)` running the automaton; `rng(m)` must return a uniform integer in
/// `0..m`. `header` lines go first as comments.
pub fn emit_automaton_code(automaton: &Automaton, name: &str, header: &[String], language: Language) -> String {
    let t = tables(automaton);
    let comment = if language == Language::Python { "#" } else { "//" };
    let mut out: String = header.iter().map(|line| format!("{comment} {line}\n")).collect();
    let upper = name.to_uppercase();
    let runner = match language {
        Language::Rust => RUST_RUNNER,
        Language::C => {
            out.push_str(&crate::code::c_prelude(&upper));
            C_RUNNER
        }
        Language::Python => PYTHON_RUNNER,
    };
    for (array, values, what) in named_tables(&t) {
        out.push_str(&table_text(language, &upper, array, values, what));
    }
    out + &runner
        .replace("{{NAME}}", name)
        .replace("{{UPPER}}", &upper)
        .replace("{{N}}", &automaton.modulus.to_string())
        .replace("{{WIDTH}}", &sampler_width(&t).to_string())
}

/// The tables in the order the runners read them, with what each holds.
fn named_tables(t: &Tables) -> [(&'static str, &Vec<u64>, &'static str); 14] {
    [
        ("KIND", &t.kind, "state kind: 0 tree, 1 Knuth-Yao chain, 2 Knuth-Yao sampler by its distribution"),
        ("ENTRY", &t.entry, "a tree state's root node, a chain state's first step, a sampler's index"),
        ("SIZE", &t.size, "size called at tree node i, 0 at a leaf"),
        ("NEXT", &t.next, "first child of node i; at a leaf the output, or n + state for a jump"),
        ("CSIZE", &t.csize, "size called at chain step k"),
        ("CNEXT", &t.cnext, "the step after step k (its pool is what was not emitted)"),
        ("ESTART", &t.estart, "step k emits entries ESTART[k] .. ESTART[k + 1]"),
        ("EOUT", &t.eout, "output of emission entry e"),
        ("ECOUNT", &t.ecount, "how many values of the step go to that output"),
        ("SSIZE", &t.ssize, "size called at every level of sampler i"),
        ("SDEN", &t.sden, "denominator W of sampler i's probabilities (below 2^63)"),
        ("SSTART", &t.sstart, "sampler i weighs entries SSTART[i] .. SSTART[i + 1]"),
        ("SOUT", &t.sout, "output of weight entry e"),
        ("SWEIGHT", &t.sweight, "its probability is SWEIGHT[e] / W"),
    ]
}

/// One table as a constant of the language (C, which has no empty arrays, gets a placeholder
/// entry that is never read).
fn table_text(language: Language, upper: &str, array: &str, values: &[u64], what: &str) -> String {
    match language {
        Language::Rust => {
            format!("\n/// {what}.\nconst {array}: [u64; {}] = [\n{}\n];", values.len(), list(values, 16, "    "))
        }
        Language::C => {
            let body = if values.is_empty() { "    0,".to_string() } else { list(values, 16, "    ") };
            format!("\n/* {what}. */\nstatic const uint64_t {upper}_{array}[{}] = {{\n{body}\n}};", values.len().max(1))
        }
        Language::Python => format!("\n# {what}.\n_{array} = (\n{}\n)", list(values, 16, "    ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimod_recycle::ChainStep;

    #[test]
    fn tables_join_trees_and_chains() {
        // n = 3 with a coin: a tree that jumps to a chain (1/3 by Knuth-Yao).
        let chain = State::Chain {
            steps: vec![
                ChainStep { pool: 1, size: 2, emit: vec![] },
                ChainStep { pool: 2, size: 2, emit: vec![(0, 1), (1, 1), (2, 1)] },
            ],
            loop_to: Some(0),
        };
        let a = Automaton { modulus: 3, states: vec![State::Tree(LoopTree::parse_loop("2(@1 @1)").unwrap()), chain] };
        let t = tables(&a);
        assert_eq!((t.kind, t.entry), (vec![0, 1], vec![0, 0]));
        assert_eq!((t.size, t.next), (vec![2, 0, 0], vec![1, 4, 4]));
        assert_eq!((t.csize, t.cnext, t.estart), (vec![2, 2], vec![1, 0], vec![0, 0, 3]));
        assert_eq!((t.eout, t.ecount), (vec![0, 1, 2], vec![1, 1, 1]));
        assert!(emit_automaton_code(&a, "mod3", &[], Language::Python).contains("def mod3(rng):"));
    }
}
