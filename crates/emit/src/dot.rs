//! A Graphviz picture of a strategy. Runs of consecutive outcomes that do the same kind of
//! thing are drawn as one node (as in the words), so the 42 tree is four boxes.

use crate::words::{affine_outputs, all_leaves, outputs, runs};
use optimod_spec::Tree;
use std::fmt::Write;

/// The DOT text; `title` labels the graph.
pub fn emit_dot(tree: &Tree, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph strategy {{");
    let _ = writeln!(out, "  label=\"{}\"; labelloc=t; fontname=\"Helvetica\";", escape(title));
    let _ = writeln!(out, "  node [shape=box, style=rounded, fontname=\"Helvetica\"];");
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=10];");
    let mut counter = 0;
    node(tree, &mut counter, &mut out);
    let _ = writeln!(out, "}}");
    out
}

/// Writes `tree` as a node (and its subtree), returning the node's id.
fn node(tree: &Tree, counter: &mut usize, out: &mut String) -> usize {
    let id = *counter;
    *counter += 1;
    let (size, children) = match tree {
        Tree::Leaf(j) => {
            let _ = writeln!(out, "  n{id} [label=\"output {j}\", shape=ellipse];");
            return id;
        }
        Tree::Call { size, children } => (size, children),
    };
    let _ = writeln!(out, "  n{id} [label=\"call {size}\"];");
    for (start, end) in runs(children) {
        let run = &children[start..=end];
        let range = if start == end { format!("r = {start}") } else { format!("r = {start}..{end}") };
        let summary =
            affine_outputs(run, start, 0).or_else(|| all_leaves(run).then(|| format!("outputs {}", outputs(run))));
        match summary {
            Some(text) => {
                let child = *counter;
                *counter += 1;
                let shape = if all_leaves(run) { "ellipse" } else { "box" };
                let _ = writeln!(out, "  n{child} [label=\"{}\", shape={shape}];", escape(&text));
                let _ = writeln!(out, "  n{id} -> n{child} [label=\"{range}\"];");
            }
            None => {
                for (offset, grandchild) in run.iter().enumerate() {
                    let child = node(grandchild, counter, out);
                    let _ = writeln!(out, "  n{id} -> n{child} [label=\"r = {}\"];", start + offset);
                }
            }
        }
    }
    id
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_become_one_node() {
        let dot = emit_dot(&Tree::parse("3(2(0 1) 2(2 3) 2(4 5))").unwrap(), "mod 6");
        assert!(dot.starts_with("digraph strategy {"));
        assert_eq!(dot.matches(" -> ").count(), 1, "{dot}");
        assert!(dot.contains("label=\"r = 0..2\""), "{dot}");
        assert!(dot.contains("output 2*r + s"), "{dot}");
    }
}
