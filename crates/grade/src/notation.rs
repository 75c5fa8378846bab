//! A strategy written as text: tree notation (`41(2(0 21) ...)`), a loop in tree notation
//! (`@0` restarts), or words (`call 41 ...`).

use crate::{Proposal, Read};
use optimod_spec::{LoopTree, Tree};

/// Deepest nesting of parentheses read (the notation parsers and the evaluation recurse once
/// per level; a path of more calls than this is refused, not followed into a stack overflow).
const MAX_NESTING: usize = 256;

/// Refuses text whose parentheses nest deeper than [`MAX_NESTING`].
pub fn shallow(text: &str) -> Result<(), String> {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for byte in text.bytes() {
        match byte {
            b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_NESTING {
        return Err(format!("parentheses nest {deepest} deep, more than the {MAX_NESTING} calls a path may make here"));
    }
    Ok(())
}

/// Tree notation has one state, the start: a jump `@k` other than `@0` is malformed input.
fn only_restarts(text: &str) -> Result<(), String> {
    for (at, _) in text.match_indices('@') {
        let digits: String = text[at + 1..].chars().take_while(char::is_ascii_digit).collect();
        if digits.parse::<u64>().ok() != Some(0) {
            return Err(format!(
                "at byte {at}: @{digits} names a state that tree notation does not have (only @0, the start)"
            ));
        }
    }
    Ok(())
}

/// Reads a strategy written as text for modulus `n`: words, a loop (tree notation with
/// `@0`), or a tree. The error says where the text is malformed.
pub fn read_text(n: u64, text: &str) -> Result<Read, String> {
    shallow(text)?;
    let text = text.trim();
    if text.starts_with("call") || text.starts_with("output") {
        let tree = crate::parse_words(text)?;
        Ok(Read::Graded { proposal: Proposal::Tree(tree), kind: "a tree (words)".into() })
    } else if text.contains('@') {
        let root = LoopTree::parse_loop(text).map_err(|e| e.to_string())?;
        only_restarts(text)?;
        let automaton = optimod_recycle::Automaton { modulus: n, states: vec![optimod_recycle::State::Tree(root)] };
        Ok(Read::Graded { proposal: Proposal::Automaton(automaton), kind: "a loop (tree notation)".into() })
    } else {
        let tree = Tree::parse(text).map_err(|e| e.to_string())?;
        Ok(Read::Graded { proposal: Proposal::Tree(tree), kind: "a tree (tree notation)".into() })
    }
}
