//! From counts back to a tree. Types are processed from the root down; within a type, the
//! first nodes call the smallest sizes and the remaining ones are leaves, labelled in output
//! order. Any counts satisfying the flow constraints fit exactly.

use crate::model::Counts;
use crate::multisets::Types;
use optimod_spec::Tree;

enum Slot {
    Leaf(u64),
    Call(u64, Vec<usize>),
    Pending,
}

pub fn tree_from_counts(types: &Types, counts: &Counts) -> Tree {
    let mut arena: Vec<Slot> = vec![Slot::Pending];
    let mut waiting: Vec<Vec<usize>> = vec![vec![]; types.len()];
    waiting[0].push(0);
    for s in 0..types.len() {
        let mut nodes = std::mem::take(&mut waiting[s]).into_iter();
        for &(m, count) in &counts.calls[s] {
            let child_type = types.child(s, m).expect("calls only below full depth");
            for _ in 0..count {
                let node = nodes.next().expect("flow gives every call a node");
                let children: Vec<usize> = (0..m)
                    .map(|_| {
                        arena.push(Slot::Pending);
                        arena.len() - 1
                    })
                    .collect();
                waiting[child_type].extend(children.iter().copied());
                arena[node] = Slot::Call(m, children);
            }
        }
        for &(output, count) in &counts.leaves[s] {
            for _ in 0..count {
                let node = nodes.next().expect("flow gives every leaf a node");
                arena[node] = Slot::Leaf(output);
            }
        }
        assert!(nodes.next().is_none(), "every node of a type is a call or a leaf");
    }
    to_tree(&arena, 0)
}

fn to_tree(arena: &[Slot], node: usize) -> Tree {
    match &arena[node] {
        Slot::Leaf(output) => Tree::Leaf(*output),
        Slot::Call(size, children) => {
            Tree::Call { size: *size, children: children.iter().map(|&c| to_tree(arena, c)).collect() }
        }
        Slot::Pending => unreachable!("every created node is filled"),
    }
}
