//! A strategy in words: indented lines, runs of outcomes that do the same thing collapsed,
//! and an affine rule ("output 2*r + s") where the outputs follow one.

use optimod_spec::Tree;

/// The strategy as indented lines, at most `max_lines` of them (then a note of how many were
/// left out). Runs of consecutive outcomes that do the same thing are collapsed.
pub fn describe_tree(tree: &Tree, max_lines: usize) -> Vec<String> {
    let mut lines = Vec::new();
    describe_node(tree, 0, 0, &mut lines);
    if lines.len() > max_lines {
        let hidden = lines.len() - max_lines;
        lines.truncate(max_lines);
        lines.push(format!("... ({hidden} more lines: `optimod show` prints them all)"));
    }
    lines
}

/// The name of the outcome of a call `level` calls deep: r, s, t, u, v, w, then r7, r8, ...
/// (a nested call's outcome never shares its parent's name).
pub(crate) fn outcome_name(level: usize) -> String {
    const NAMES: [&str; 6] = ["r", "s", "t", "u", "v", "w"];
    NAMES.get(level).map_or_else(|| format!("r{}", level + 1), |name| name.to_string())
}

fn describe_node(tree: &Tree, level: usize, indent: usize, lines: &mut Vec<String>) {
    let pad = "  ".repeat(indent);
    let r = outcome_name(level);
    let (size, children) = match tree {
        Tree::Leaf(j) => {
            lines.push(format!("{pad}output {j}"));
            return;
        }
        Tree::Call { size, children } => (size, children),
    };
    lines.push(format!("{pad}call {size}; by its outcome {r}:"));
    for (start, end) in runs(children) {
        let run = &children[start..=end];
        let range = if start == end { format!("{r} = {start}") } else { format!("{r} in {start}..={end}") };
        match affine_outputs(run, start, level) {
            Some(text) => lines.push(format!("{pad}  {range}: {text}")),
            None if all_leaves(run) => lines.push(format!("{pad}  {range}: outputs {}", outputs(run))),
            None => {
                for (offset, child) in run.iter().enumerate() {
                    let value = start + offset;
                    match child {
                        Tree::Call { size, children } if all_leaves(children) => lines.push(format!(
                            "{pad}  {r} = {value}: call {size}, then by its outcome outputs {}",
                            outputs(children)
                        )),
                        _ => {
                            lines.push(format!("{pad}  {r} = {value}:"));
                            describe_node(child, level + 1, indent + 2, lines);
                        }
                    }
                }
            }
        }
    }
}

/// Maximal runs `(first, last)` of consecutive children that do the same kind of thing.
pub(crate) fn runs(children: &[Tree]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < children.len() {
        let mut end = start;
        while end + 1 < children.len() && same_kind(&children[start], &children[end + 1]) {
            end += 1;
        }
        out.push((start, end));
        start = end + 1;
    }
    out
}

/// Two siblings do "the same kind of thing": both leaves, or both call the same size and have
/// only leaves below.
pub(crate) fn same_kind(a: &Tree, b: &Tree) -> bool {
    match (a, b) {
        (Tree::Leaf(_), Tree::Leaf(_)) => true,
        (Tree::Call { size: x, children: cx }, Tree::Call { size: y, children: cy }) => {
            x == y && all_leaves(cx) && all_leaves(cy)
        }
        _ => false,
    }
}

pub(crate) fn outputs(leaves: &[Tree]) -> String {
    let list: Vec<String> = leaves.iter().map(|l| l.to_string()).collect();
    list.join(" ")
}

pub(crate) fn all_leaves(children: &[Tree]) -> bool {
    children.iter().all(|c| matches!(c, Tree::Leaf(_)))
}

/// "output 2*(r - a) + s" style text when a run's outputs follow one affine rule, where r is
/// the outcome here (`level` calls deep) and s the outcome of the call below.
pub(crate) fn affine_outputs(run: &[Tree], start: usize, level: usize) -> Option<String> {
    let (r, s) = (outcome_name(level), outcome_name(level + 1));
    let table: Vec<Vec<u64>> = run
        .iter()
        .map(|c| match c {
            Tree::Leaf(j) => Some(vec![*j]),
            Tree::Call { children, .. } => {
                children.iter().map(|g| if let Tree::Leaf(j) = g { Some(*j) } else { None }).collect()
            }
        })
        .collect::<Option<_>>()?;
    let base = table[0][0] as i64;
    let step_r = if table.len() > 1 { table[1][0] as i64 - base } else { 0 };
    let step_s = if table[0].len() > 1 { table[0][1] as i64 - base } else { 0 };
    let fits = table
        .iter()
        .enumerate()
        .all(|(r, row)| row.iter().enumerate().all(|(s, &j)| j as i64 == base + step_r * r as i64 + step_s * s as i64));
    if !fits || (table.len() > 1 && step_r == 0) {
        return None;
    }
    let mut terms = Vec::new();
    if table.len() > 1 {
        let r = if start == 0 { r } else { format!("({r} - {start})") };
        terms.push(scaled(step_r, &r));
    }
    if table[0].len() > 1 && step_s != 0 {
        terms.push(scaled(step_s, &s));
    }
    if base != 0 || terms.is_empty() {
        terms.push(base.to_string());
    }
    let formula = terms.join(" + ");
    match &run[0] {
        Tree::Leaf(_) => Some(format!("output {formula}")),
        Tree::Call { size, .. } => Some(format!("call {size}, then on its outcome {s} output {formula}")),
    }
}

fn scaled(k: i64, what: &str) -> String {
    if k == 1 {
        what.to_string()
    } else if what.len() > 1 && !what.starts_with('(') {
        format!("{k}*({what})")
    } else {
        format!("{k}*{what}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_with_an_affine_rule_collapse_to_one_line() {
        let tree = Tree::parse("3(2(0 1) 2(2 3) 2(4 5))").unwrap();
        assert_eq!(
            describe_tree(&tree, 10),
            vec!["call 3; by its outcome r:", "  r in 0..=2: call 2, then on its outcome s output 2*r + s"]
        );
    }

    #[test]
    fn nested_outcomes_have_their_own_names() {
        let tree = Tree::parse("2(0 3(2(1 2) 2(3 4) 2(5 6)))").unwrap();
        let lines = describe_tree(&tree, 10);
        assert_eq!(lines[2], "  r = 1:");
        assert_eq!(lines[3], "    call 3; by its outcome s:");
        assert_eq!(lines[4], "      s in 0..=2: call 2, then on its outcome t output 2*s + t + 1");
        assert_eq!(outcome_name(6), "r7");
    }

    #[test]
    fn irregular_runs_are_listed() {
        let tree = Tree::parse("3(1 0 2)").unwrap();
        assert_eq!(describe_tree(&tree, 10)[1], "  r in 0..=2: outputs 1 0 2");
        let tree = Tree::parse("2(2(1 0) 2(0 1))").unwrap();
        let lines = describe_tree(&tree, 10);
        assert_eq!(lines[1], "  r = 0: call 2, then by its outcome outputs 1 0");
        assert_eq!(describe_tree(&tree, 1).last().unwrap(), "... (2 more lines: `optimod show` prints them all)");
    }
}
