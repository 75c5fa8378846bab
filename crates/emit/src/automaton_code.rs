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
use std::fmt::Write;

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

/// The function `name(rng)` running the automaton; `rng(m)` must return a uniform integer in
/// `0..m`. `header` lines go first as comments.
pub fn emit_automaton_code(automaton: &Automaton, name: &str, header: &[String], language: Language) -> String {
    let t = tables(automaton);
    let n = automaton.modulus;
    let mut out = String::new();
    let comment = if language == Language::Python { "#" } else { "//" };
    for line in header {
        let _ = writeln!(out, "{comment} {line}");
    }
    let width = sampler_width(&t);
    let arrays: [(&str, &Vec<u64>, &str); 14] = [
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
    ];
    match language {
        Language::Rust => {
            for (array, values, what) in arrays {
                let _ = write!(
                    out,
                    "\n/// {what}.\nconst {array}: [u64; {}] = [\n{}\n];",
                    values.len(),
                    list(values, 16, "    ")
                );
            }
            let _ = write!(
                out,
                "\n\n/// One exactly uniform value in 0..{n}; `rng(m)` must return a uniform integer in `0..m`.\n\
                 pub fn {name}(mut rng: impl FnMut(u32) -> u32) -> u32 {{\n\
                 \x20   let mut draw = |m: u64| -> u64 {{\n\
                 \x20       let outcome = rng(m as u32) as u64;\n\
                 \x20       assert!(outcome < m, \"rng({{}}) returned {{}}\", m, outcome);\n\
                 \x20       outcome\n\
                 \x20   }};\n\
                 \x20   let mut state = 0usize;\n\
                 \x20   loop {{\n\
                 \x20       if KIND[state] == 0 {{\n\
                 \x20           let mut node = ENTRY[state] as usize;\n\
                 \x20           while SIZE[node] != 0 {{\n\
                 \x20               node = (NEXT[node] + draw(SIZE[node])) as usize;\n\
                 \x20           }}\n\
                 \x20           if NEXT[node] < {n} {{\n\
                 \x20               return NEXT[node] as u32;\n\
                 \x20           }}\n\
                 \x20           state = (NEXT[node] - {n}) as usize;\n\
                 \x20       }} else if KIND[state] == 1 {{\n\
                 \x20           let (mut step, mut value) = (ENTRY[state] as usize, 0u64);\n\
                 \x20           loop {{\n\
                 \x20               value = value * CSIZE[step] + draw(CSIZE[step]);\n\
                 \x20               for e in ESTART[step] as usize..ESTART[step + 1] as usize {{\n\
                 \x20                   if value < ECOUNT[e] {{\n\
                 \x20                       return EOUT[e] as u32;\n\
                 \x20                   }}\n\
                 \x20                   value -= ECOUNT[e];\n\
                 \x20               }}\n\
                 \x20               step = CNEXT[step] as usize;\n\
                 \x20           }}\n\
                 \x20       }} else {{\n\
                 \x20           // Knuth-Yao by the digits: rest[e] = SWEIGHT[e] * m^level mod W.\n\
                 \x20           let i = ENTRY[state] as usize;\n\
                 \x20           let (m, w) = (SSIZE[i], SDEN[i] as u128);\n\
                 \x20           let mut rest: Vec<u128> = SWEIGHT[SSTART[i] as usize..SSTART[i + 1] as usize].iter().map(|&x| x as u128).collect();\n\
                 \x20           let mut value = 0u128;\n\
                 \x20           loop {{\n\
                 \x20               value = value * m as u128 + draw(m) as u128;\n\
                 \x20               for (e, r) in rest.iter_mut().enumerate() {{\n\
                 \x20                   let digit = *r * m as u128 / w;\n\
                 \x20                   *r = *r * m as u128 % w;\n\
                 \x20                   if value < digit {{\n\
                 \x20                       return SOUT[SSTART[i] as usize + e] as u32;\n\
                 \x20                   }}\n\
                 \x20                   value -= digit;\n\
                 \x20               }}\n\
                 \x20           }}\n\
                 \x20       }}\n\
                 \x20   }}\n\
                 }}\n"
            );
        }
        Language::C => {
            let upper = name.to_uppercase();
            let _ = write!(out, "\n#include <stdint.h>\n");
            for (array, values, what) in arrays {
                // C has no empty arrays: a placeholder entry that is never read.
                let body = if values.is_empty() { "    0,".to_string() } else { list(values, 16, "    ") };
                let _ = write!(
                    out,
                    "\n/* {what}. */\nstatic const uint64_t {upper}_{array}[{}] = {{\n{body}\n}};",
                    values.len().max(1)
                );
            }
            let _ = write!(
                out,
                "\n\n/* One exactly uniform value in 0..{n}. rng(m, state) must return a uniform integer in 0..m-1. */\n\
                 uint32_t {name}(uint32_t (*rng)(uint32_t m, void *state), void *state) {{\n\
                 \x20   uint64_t s = 0;\n\
                 \x20   for (;;) {{\n\
                 \x20       if ({upper}_KIND[s] == 0) {{\n\
                 \x20           uint64_t node = {upper}_ENTRY[s];\n\
                 \x20           while ({upper}_SIZE[node] != 0) {{\n\
                 \x20               node = {upper}_NEXT[node] + rng((uint32_t){upper}_SIZE[node], state);\n\
                 \x20           }}\n\
                 \x20           if ({upper}_NEXT[node] < {n}u) {{\n\
                 \x20               return (uint32_t){upper}_NEXT[node];\n\
                 \x20           }}\n\
                 \x20           s = {upper}_NEXT[node] - {n}u;\n\
                 \x20       }} else if ({upper}_KIND[s] == 1) {{\n\
                 \x20           uint64_t step = {upper}_ENTRY[s], value = 0;\n\
                 \x20           for (;;) {{\n\
                 \x20               value = value * {upper}_CSIZE[step] + rng((uint32_t){upper}_CSIZE[step], state);\n\
                 \x20               for (uint64_t e = {upper}_ESTART[step]; e < {upper}_ESTART[step + 1]; e++) {{\n\
                 \x20                   if (value < {upper}_ECOUNT[e]) {{\n\
                 \x20                       return (uint32_t){upper}_EOUT[e];\n\
                 \x20                   }}\n\
                 \x20                   value -= {upper}_ECOUNT[e];\n\
                 \x20               }}\n\
                 \x20               step = {upper}_CNEXT[step];\n\
                 \x20           }}\n\
                 \x20       }} else {{\n\
                 \x20           /* Knuth-Yao by the digits: rest[e] = weight * m^level mod W, W < 2^63. */\n\
                 \x20           uint64_t i = {upper}_ENTRY[s], m = {upper}_SSIZE[i], w = {upper}_SDEN[i];\n\
                 \x20           uint64_t first = {upper}_SSTART[i], count = {upper}_SSTART[i + 1] - first, value = 0;\n\
                 \x20           uint64_t rest[{width}];\n\
                 \x20           for (uint64_t e = 0; e < count; e++) rest[e] = {upper}_SWEIGHT[first + e];\n\
                 \x20           for (;;) {{\n\
                 \x20               value = value * m + rng((uint32_t)m, state);\n\
                 \x20               for (uint64_t e = 0; e < count; e++) {{\n\
                 \x20                   uint64_t digit = 0, next = 0;\n\
                 \x20                   for (uint64_t k = 0; k < m; k++) {{ /* rest * m = digit * w + next, without overflow */\n\
                 \x20                       next += rest[e];\n\
                 \x20                       while (next >= w) {{ next -= w; digit++; }}\n\
                 \x20                   }}\n\
                 \x20                   rest[e] = next;\n\
                 \x20                   if (value < digit) {{\n\
                 \x20                       return (uint32_t){upper}_SOUT[first + e];\n\
                 \x20                   }}\n\
                 \x20                   value -= digit;\n\
                 \x20               }}\n\
                 \x20           }}\n\
                 \x20       }}\n\
                 \x20   }}\n\
                 }}\n"
            );
        }
        Language::Python => {
            for (array, values, what) in arrays {
                let _ = write!(out, "\n# {what}.\n_{array} = (\n{}\n)", list(values, 16, "    "));
            }
            let _ = write!(
                out,
                "\n\n\ndef {name}(rng):\n\
                 \x20   \"\"\"One exactly uniform value in range({n}); rng(m) must return a uniform integer in range(m).\"\"\"\n\
                 \x20   def draw(m):\n\
                 \x20       outcome = rng(m)\n\
                 \x20       if not 0 <= outcome < m:\n\
                 \x20           raise ValueError(f\"rng({{m}}) returned {{outcome}}\")\n\
                 \x20       return outcome\n\
                 \x20   state = 0\n\
                 \x20   while True:\n\
                 \x20       if _KIND[state] == 0:\n\
                 \x20           node = _ENTRY[state]\n\
                 \x20           while _SIZE[node]:\n\
                 \x20               node = _NEXT[node] + draw(_SIZE[node])\n\
                 \x20           if _NEXT[node] < {n}:\n\
                 \x20               return _NEXT[node]\n\
                 \x20           state = _NEXT[node] - {n}\n\
                 \x20       elif _KIND[state] == 1:\n\
                 \x20           step, value = _ENTRY[state], 0\n\
                 \x20           while True:\n\
                 \x20               value = value * _CSIZE[step] + draw(_CSIZE[step])\n\
                 \x20               for e in range(_ESTART[step], _ESTART[step + 1]):\n\
                 \x20                   if value < _ECOUNT[e]:\n\
                 \x20                       return _EOUT[e]\n\
                 \x20                   value -= _ECOUNT[e]\n\
                 \x20               step = _CNEXT[step]\n\
                 \x20       else:\n\
                 \x20           # Knuth-Yao by the digits: rest[e] = weight * m**level mod W.\n\
                 \x20           i = _ENTRY[state]\n\
                 \x20           m, w, first = _SSIZE[i], _SDEN[i], _SSTART[i]\n\
                 \x20           rest = list(_SWEIGHT[first:_SSTART[i + 1]])\n\
                 \x20           value = 0\n\
                 \x20           while True:\n\
                 \x20               value = value * m + draw(m)\n\
                 \x20               for e in range(len(rest)):\n\
                 \x20                   digit, rest[e] = divmod(rest[e] * m, w)\n\
                 \x20                   if value < digit:\n\
                 \x20                       return _SOUT[first + e]\n\
                 \x20                   value -= digit\n"
            );
        }
    }
    out
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
