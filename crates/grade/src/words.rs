//! A strategy in a small words format, for people who write one by hand:
//!
//! ```text
//! call 41
//!   0..=20: call 2, output r + 21*s
//!   21..=34: call 3, output (r - 21) + 14*s
//!   35..=40: call 7, output (r - 35) + 6*s
//! ```
//!
//! The outcomes of the calls on a path are named `r`, `s`, `t`, `u`, `v`, `w` in order. A
//! line under a call is `RANGE: ACTION` (a range `a..=b`, `a..b` or one outcome); an action is
//! `output EXPR`, `call M, output EXPR`, or `call M` followed by more-indented lines. The
//! ranges under a call must cover its outcomes exactly once. Expressions use integers, the
//! names, `+ - *` and parentheses.

use optimod_spec::Tree;

const NAMES: &[u8] = b"rstuvw";
/// Most nodes a words file may describe (ranges and `call M, output ...` multiply).
const MAX_NODES: u64 = 4_000_000;

/// Parses the words format; the error names the line.
pub fn parse_words(text: &str) -> Result<Tree, String> {
    let lines: Vec<(usize, usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| (i + 1, l.len() - l.trim_start().len(), l.trim()))
        .collect();
    let Some(&(number, _, first)) = lines.first() else { return Err("no strategy in the file".into()) };
    let mut pos = 1;
    let mut budget = MAX_NODES;
    let tree = action(first, number, &lines, &mut pos, 0, &mut Vec::new(), &mut budget)?;
    if let Some(&(number, _, _)) = lines.get(pos) {
        return Err(format!("line {number}: not under any call"));
    }
    Ok(tree)
}

/// `output EXPR`, `call M, output EXPR`, or `call M` with the block below.
fn action(
    text: &str,
    line: usize,
    lines: &[(usize, usize, &str)],
    pos: &mut usize,
    indent: usize,
    bound: &mut Vec<u64>,
    budget: &mut u64,
) -> Result<Tree, String> {
    let at = |why: String| format!("line {line}: {why}");
    *budget = budget.checked_sub(1).ok_or_else(|| at(format!("the strategy has more than {MAX_NODES} nodes")))?;
    if let Some(expr) = text.strip_prefix("output ") {
        return Ok(Tree::Leaf(evaluate(expr, bound).map_err(at)?));
    }
    let rest = text.strip_prefix("call ").ok_or_else(|| at("expected `call M` or `output EXPR`".into()))?;
    let (size, then) = match rest.split_once([',', ';']) {
        Some((size, then)) => (size.trim(), Some(then.trim())),
        None => (rest.trim(), None),
    };
    let size: u64 = size.parse().map_err(|_| at(format!("{size:?} is not a size")))?;
    if size == 0 || size > 1 << 20 || bound.len() >= NAMES.len() {
        return Err(at(format!("call {size}: sizes are 1..=2^20 and paths at most {} calls", NAMES.len())));
    }
    let mut children = Vec::with_capacity(size as usize);
    if let Some(then) = then {
        for outcome in 0..size {
            bound.push(outcome);
            let child = action(then, line, lines, pos, indent, bound, budget);
            bound.pop();
            children.push(child?);
        }
        return Ok(Tree::Call { size, children });
    }
    let mut slots: Vec<Option<Tree>> = vec![None; size as usize];
    let block = lines.get(*pos).map_or(0, |l| l.1);
    if block <= indent {
        return Err(at(format!("call {size} has no indented lines below it")));
    }
    while let Some(&(number, depth, text)) = lines.get(*pos) {
        if depth < block {
            break;
        }
        if depth > block {
            return Err(format!("line {number}: indented more than the lines above it"));
        }
        *pos += 1;
        let (range, what) = text.split_once(':').ok_or(format!("line {number}: expected `RANGE: ACTION`"))?;
        let (a, b) = outcomes(range.trim(), size).map_err(|why| format!("line {number}: {why}"))?;
        for outcome in a..=b {
            if slots[outcome as usize].is_some() {
                return Err(format!("line {number}: outcome {outcome} of call {size} is covered twice"));
            }
            bound.push(outcome);
            let child = action(what.trim(), number, lines, pos, block, bound, budget);
            bound.pop();
            slots[outcome as usize] = Some(child?);
            if outcome < b {
                // Lines below this one belong to every outcome of the range: parse them again.
                *pos = rewind(lines, *pos, block);
            }
        }
    }
    for (outcome, slot) in slots.into_iter().enumerate() {
        children.push(slot.ok_or_else(|| at(format!("outcome {outcome} of call {size} is not covered")))?);
    }
    Ok(Tree::Call { size, children })
}

/// The first line after `from - 1` that starts the nested block again (the nested lines of a
/// range line are re-read for each outcome of the range).
fn rewind(lines: &[(usize, usize, &str)], after: usize, block: usize) -> usize {
    let mut start = after;
    while start > 0 && lines[start - 1].1 > block {
        start -= 1;
    }
    start
}

fn outcomes(range: &str, size: u64) -> Result<(u64, u64), String> {
    let number = |s: &str| s.trim().parse::<u64>().map_err(|_| format!("{s:?} is not an outcome"));
    let (a, b) = if let Some((a, b)) = range.split_once("..=") {
        (number(a)?, number(b)?)
    } else if let Some((a, b)) = range.split_once("..") {
        let b = number(b)?;
        (number(a)?, b.checked_sub(1).ok_or("an empty range")?)
    } else {
        let a = number(range)?;
        (a, a)
    };
    if a > b || b >= size {
        return Err(format!("outcomes {range} are not within 0..{size}"));
    }
    Ok((a, b))
}

/// Integers, the bound names, `+ - *`, parentheses; the value must be a non-negative integer.
fn evaluate(expr: &str, bound: &[u64]) -> Result<u64, String> {
    let tokens: Vec<char> = expr.chars().filter(|c| !c.is_whitespace()).collect();
    let mut pos = 0;
    let value = sum(&tokens, &mut pos, bound)?;
    if pos != tokens.len() {
        return Err(format!("cannot read {expr:?} past {}", tokens[..pos].iter().collect::<String>()));
    }
    u64::try_from(value).map_err(|_| format!("{expr} is {value}, not an output"))
}

fn sum(t: &[char], pos: &mut usize, bound: &[u64]) -> Result<i128, String> {
    let mut value = product(t, pos, bound)?;
    while let Some(&op) = t.get(*pos).filter(|c| **c == '+' || **c == '-') {
        *pos += 1;
        let rhs = product(t, pos, bound)?;
        value = if op == '+' { value.checked_add(rhs) } else { value.checked_sub(rhs) }.ok_or("overflow")?;
    }
    Ok(value)
}

fn product(t: &[char], pos: &mut usize, bound: &[u64]) -> Result<i128, String> {
    let mut value = atom(t, pos, bound)?;
    while t.get(*pos) == Some(&'*') {
        *pos += 1;
        value = value.checked_mul(atom(t, pos, bound)?).ok_or("overflow")?;
    }
    Ok(value)
}

fn atom(t: &[char], pos: &mut usize, bound: &[u64]) -> Result<i128, String> {
    match t.get(*pos) {
        Some('(') => {
            *pos += 1;
            let value = sum(t, pos, bound)?;
            if t.get(*pos) != Some(&')') {
                return Err("a missing ')'".into());
            }
            *pos += 1;
            Ok(value)
        }
        Some(c) if c.is_ascii_digit() => {
            let start = *pos;
            while t.get(*pos).is_some_and(|c| c.is_ascii_digit()) {
                *pos += 1;
            }
            t[start..*pos].iter().collect::<String>().parse::<i128>().map_err(|_| "a number too large".into())
        }
        Some(c) => {
            let k = NAMES.iter().position(|n| *n as char == *c).ok_or(format!("unknown name {c:?}"))?;
            *pos += 1;
            bound.get(k).map(|&v| v as i128).ok_or(format!("{c} is not bound here (only {} calls above)", bound.len()))
        }
        None => Err("an expression ends too early".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_words;
    use optimod_spec::{Objective, Spec};

    #[test]
    fn the_42_strategy_in_words_is_the_optimum() {
        let text = "call 41\n  0..=20: call 2, output r + 21*s\n  21..=34: call 3, output (r - 21) + 14*s\n  35..=40: call 7, output (r - 35) + 6*s\n";
        let tree = parse_words(text).unwrap();
        let spec = Spec::primes_below(42, Objective::WorstCase).unwrap();
        let eval = tree.evaluate(&spec).unwrap();
        assert!(eval.is_exact());
        assert_eq!(eval.depth, 2);
    }

    #[test]
    fn nested_blocks_and_errors_name_the_line() {
        let text = "call 2\n  0: output 0\n  1: call 2\n    0: output 1\n    1: output 2\n";
        let tree = parse_words(text).unwrap();
        assert_eq!(tree.to_string(), "2(0 2(1 2))");
        let ranged = "call 2\n  0..=1: call 2\n    0: output r\n    1: output 2 + r\n";
        assert_eq!(parse_words(ranged).unwrap().to_string(), "2(2(0 2) 2(1 3))");
        assert!(parse_words("call 3\n  0..=1: output r\n").unwrap_err().contains("outcome 2 of call 3 is not covered"));
        assert!(parse_words("call 2\n  0..=1: output q\n").unwrap_err().starts_with("line 2: unknown name"));
        assert!(parse_words("call 2\n  0: output 0\n  0..=1: output 1\n").unwrap_err().contains("covered twice"));
        let huge = "call 1048576, call 1048576, output 0\n";
        assert!(parse_words(huge).unwrap_err().contains("more than 4000000 nodes"));
    }
}
