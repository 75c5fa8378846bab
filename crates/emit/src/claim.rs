//! A checked certificate in words: what it claims, its strategy, its lower bound and the
//! engines' records, for `prove`, `show`, `verify` and the headers of generated code. The one
//! place the CLI's prose about certificates comes from; one dispatch on the kind of claim.

use crate::explain::describe_argument;
use crate::records::{automaton_from_record, witness_from_record};
use crate::{describe_blocks, describe_tree};
use num_rational::BigRational;
use num_traits::ToPrimitive;
use optimod_cert::AllStrategiesStatus;
use optimod_cert::{
    AllStrategiesBoundRecord, AllStrategiesClaim, AutomatonRecord, Certificate, Claim, DeficitRecord,
    EngineCheckRecord, EngineVerdict, ExpectedWithinDepthClaim, Fraction, LevelsExclusion, PerOutputBoundRecord,
    PoolStepRecord, RuleRecord, SpecRecord, StrategyRecord, ValueKind, WitnessRecord, WorstCaseClaim,
};
use optimod_check::{Checked, Established, TrustLevel, Verdict};
use optimod_recycle::State;
use optimod_spec::Witness;
use optimod_spec::{LoopLeaf, LoopTree, Tree};

/// The claim of a checked certificate in lines of text (`max_lines` bounds a strategy's
/// description, not the whole).
pub fn claim_lines(checked: &Checked, max_lines: usize) -> Vec<String> {
    let certificate = checked.certificate();
    let mut lines = match &certificate.claim {
        Claim::WorstCase(claim) => worst_case_lines(&certificate.spec, claim, max_lines),
        Claim::Impossible(claim) => vec![format!(
            "answer: impossible, no finite exact strategy: {p} divides {} but no generator size, and every finite \
             sum of reaches has a denominator free of {p}",
            certificate.spec.modulus,
            p = claim.missing_prime
        )],
        Claim::ExpectedWithinDepth(claim) => {
            let max_depth = certificate.spec.max_depth.unwrap_or_default();
            expected_lines(claim, max_depth, max_lines)
        }
        Claim::ExpectedAllStrategies(claim) => all_strategies_lines(certificate.spec.modulus, claim, max_lines),
    };
    lines.extend(certificate.cross_checks.iter().map(cross_check_line));
    lines
}

/// One engine's record in words.
pub fn cross_check_line(record: &EngineCheckRecord) -> String {
    let verdict = match &record.verdict {
        EngineVerdict::Optimum(value) => format!("optimum {value}"),
        other => other.word().to_string(),
    };
    format!("cross-check: {} at depth {}: {verdict} ({})", record.engine.name(), record.depth, record.detail)
}

/// What a checked certificate establishes, in one line (`optimod verify`).
pub fn verdict_line(verdict: &Verdict) -> String {
    let n = verdict.modulus;
    let claim = match &verdict.established {
        Established::WorstCase { calls } => format!("D({n}) = {calls}"),
        Established::Impossible { .. } => format!("no finite exact tree for {n}"),
        Established::ExpectedWithinDepth { max_depth, expected_calls } => {
            format!(
                "fewest expected calls for {n} among trees of depth <= {max_depth} = {}",
                with_decimal(expected_calls)
            )
        }
        Established::AllStrategies(all) => {
            let status = if all.status == AllStrategiesStatus::Proved { "proved" } else { "bounded" };
            let at_most = if all.expected_calls_kind == ValueKind::UpperBound { "at most " } else { "" };
            format!(
                "expected calls for {n} over all strategies: {status}, {at_most}{} (lower bound {})",
                with_decimal(&all.expected_calls),
                with_decimal(&all.lower_bound)
            )
        }
    };
    let trust = match &verdict.trust {
        TrustLevel::Elementary => "elementary".to_string(),
        other => other.to_string(),
    };
    let trust = match &verdict.trust {
        TrustLevel::Coq { .. } => {
            let model = match verdict.established {
                Established::AllStrategies(_) => "coq/Model.v and coq/Strategies.v",
                _ => "coq/Model.v",
            };
            format!("{trust}; rests on Coq's kernel and {model} (and the Rust checker agreed: {})", verdict.basis)
        }
        _ => format!("{trust}; rests on {}", verdict.basis),
    };
    if verdict.cross_checked_by.is_empty() {
        return format!("{claim}, trust level {trust}");
    }
    let what = match verdict.established {
        Established::ExpectedWithinDepth { .. } => "the optimum",
        _ => "no tree one depth below",
    };
    let engines: Vec<&str> = verdict.cross_checked_by.iter().map(|e| e.name()).collect();
    format!(
        "{claim}, trust level {trust}; recorded cross-checks (informational, not re-run by the checker): {what} by {}",
        engines.join(", ")
    )
}

/// "uniform mod 42 from generators the primes below 42: 2 calls in the worst case, optimal",
/// for picture titles and code headers.
pub fn title(certificate: &Certificate) -> String {
    let calls = match &certificate.claim {
        Claim::WorstCase(claim) => format!("{} calls in the worst case, optimal", claim.worst_case_calls),
        Claim::Impossible(_) => "no finite strategy".to_string(),
        Claim::ExpectedWithinDepth(claim) => format!(
            "{} expected calls, optimal among exact trees of depth <= {}",
            claim.expected_calls,
            certificate.spec.max_depth.unwrap_or_default()
        ),
        Claim::ExpectedAllStrategies(claim) => {
            let at_most = if claim.expected_calls_kind == ValueKind::UpperBound { "at most " } else { "" };
            format!("{at_most}{} expected calls over all strategies ({:?})", claim.expected_calls, claim.status)
        }
    };
    format!("uniform mod {} from generators {}: {calls}", certificate.spec.modulus, sizes_in_words(&certificate.spec))
}

/// The comment lines at the head of generated code: where it came from, the claim, the
/// strategy's expected calls, the trust and the certificate's hash.
pub fn code_header(checked: &Checked, version: &str) -> Vec<String> {
    let certificate = checked.certificate();
    let mut expected_calls =
        crate::strategy_costs(certificate).map_or("-".into(), |(expected, _)| expected.to_string());
    if let Claim::ExpectedAllStrategies(claim) = &certificate.claim {
        if claim.expected_calls_kind == ValueKind::UpperBound {
            expected_calls = format!("at most {expected_calls}");
        }
    }
    let trust = trust_word(&checked.verdict().trust);
    vec![
        format!("Generated by optimod {version} from a checked certificate."),
        title(certificate),
        format!(
            "Expected calls {expected_calls}; trust {trust}; certificate SHA-256 {}.",
            optimod_check::sha256_hex(checked.to_json().as_bytes())
        ),
    ]
}

/// A certificate's sizes in words: the primes rule by name (its sizes are not listed).
pub fn sizes_in_words(spec: &SpecRecord) -> String {
    match spec.generator_rule {
        RuleRecord::PrimesBelowModulus => format!("the primes below {}", spec.modulus),
        RuleRecord::Explicit => spec.generators.iter().map(u64::to_string).collect::<Vec<_>>().join(", "),
    }
}

/// A trust level in one word, as JSON and code headers give it.
pub fn trust_word(trust: &TrustLevel) -> &'static str {
    match trust {
        TrustLevel::Elementary => "elementary",
        TrustLevel::Solver { .. } => "solver",
        TrustLevel::Coq { .. } => "coq",
    }
}

/// An exact value, and beside it its decimal when it is a fraction: `1698/841 (about
/// 2.0190249703)`.
pub fn with_decimal(value: &BigRational) -> String {
    if value.is_integer() {
        value.to_string()
    } else {
        format!("{value} (about {})", decimal(value, 10))
    }
}

/// An exact value as a decimal with `digits` places, for people.
pub fn decimal(value: &BigRational, digits: usize) -> String {
    format!("{:.digits$}", value.to_f64().unwrap_or(f64::NAN))
}

/// A witness (explicit tree or divisor-block samplers) described in words, indented.
pub fn witness_lines(witness: &WitnessRecord, max_lines: usize) -> Vec<String> {
    let lines = match witness_from_record(witness) {
        Ok(Witness::Tree(tree)) => describe_tree(&tree, max_lines),
        Ok(Witness::Blocks(blocks)) => describe_blocks(&blocks, max_lines),
        Err(e) => vec![format!("(unreadable witness: {e})")],
    };
    lines.into_iter().map(|line| format!("  {line}")).collect()
}

fn worst_case_lines(spec: &SpecRecord, claim: &WorstCaseClaim, max_lines: usize) -> Vec<String> {
    let witness = &claim.witness;
    // A fraction of hundreds of digits says little to a reader: its decimal goes beside it.
    let about = if !witness.expected_calls.value().is_integer() {
        format!(", about {}", decimal(witness.expected_calls.value(), 10))
    } else {
        String::new()
    };
    let mut lines = vec![
        format!(
            "answer: {} calls in the worst case, optimal (expected calls of this strategy: {}{about})",
            claim.worst_case_calls, witness.expected_calls
        ),
        format!(
            "strategy ({} leaves, found by {} {}):",
            witness.leaves,
            witness.found_by.engine.name(),
            witness.found_by.encoding
        ),
    ];
    lines.extend(witness_lines(witness, max_lines));
    lines.push(format!("lower bound: {}", describe_argument(spec, &claim.lower_bound)));
    lines
}

/// The scope of a depth-limited expected-calls claim, said every time.
pub fn within_depth_scope(max_depth: u32) -> String {
    format!("among exact trees of depth <= {max_depth}, not among all strategies")
}

fn expected_lines(claim: &ExpectedWithinDepthClaim, max_depth: u32, max_lines: usize) -> Vec<String> {
    let witness = &claim.witness;
    let mut lines = vec![
        format!(
            "answer: {} expected calls (about {}), optimal {}",
            claim.expected_calls,
            decimal(claim.expected_calls.value(), 9),
            within_depth_scope(max_depth)
        ),
        format!(
            "strategy ({} leaves, depth {}, found by {} {}):",
            witness.leaves,
            witness.depth,
            witness.found_by.engine.name(),
            witness.found_by.encoding
        ),
    ];
    lines.extend(witness_lines(witness, max_lines));
    let bound = &claim.elementary_bound;
    lines.push(format!(
        "lower bound: elementary, {} (every node at depth < {} is internal; no exact tree of depth <= {} exists, so \
         some node at each depth up to it is internal)",
        bound.value, bound.reach_levels, bound.excluded.excluded_depth
    ));
    for level in &bound.valuation_levels {
        lines.push(format!(
            "  every output needs a leaf whose path's product has {}^{} dividing it: at depth >= {}, reach >= 1/{}",
            level.prime, level.exponent, level.min_depth, level.max_product
        ));
    }
    lines.push(match &claim.solver {
        None => "  it equals the witness's expected calls: optimal without a solver".to_string(),
        Some(solver) => format!(
            "  closed by {} {}: for each root call ({} cases), no exact tree of depth <= {max_depth} is cheaper (unsat)",
            solver.provenance.engine.name(),
            solver.provenance.engine_version,
            solver.roots.len(),
        ),
    });
    lines
}

/// The lower bound over all strategies and how it was obtained.
fn all_strategies_bound(bound: &AllStrategiesBoundRecord) -> (&Fraction, String) {
    match bound {
        AllStrategiesBoundRecord::KnuthYao { value, size } => {
            (value, format!("Knuth-Yao: with the single size {size}, no exact strategy does better"))
        }
        AllStrategiesBoundRecord::PerOutput(record) => (&record.value, per_output_words(record)),
        AllStrategiesBoundRecord::PendingNode(record) => (
            &record.value,
            "the single pending node: every output needs a leaf below depth 2; the cheapest top keeps one \
             node of reach 1/max_size^2 after two calls, which calls max_size and keeps one child; then some \
             output has no depth-3 leaf and cannot finish at depth 4 (its remaining mass would need \
             max_size^2 in a denominator that sums of 1/size never have), so a node is pending after four \
             calls; every other top pays more sooner"
                .to_string(),
        ),
        AllStrategiesBoundRecord::ValuationPath(record) => (
            &record.value,
            format!(
                "paths that carry n's prime powers, least over the root call r: a strategy that never stops \
                 pays 1 per level no leaf reaches and 1/(r max_size^(k-1)) at every later depth k; a finite \
                 one gives each output a leaf whose path's product carries p^a (p^a dividing n), every depth \
                 above the deepest such first leaf is pending, and that leaf's parent already carries most of \
                 p^a, which (a multiple of p being below max_size) makes it heavy enough to pay the same; \
                 otherwise the levels up to the first depth such a leaf or the exclusion (no exact tree of \
                 depth <= {}) allows",
                record.excluded.excluded_depth
            ),
        ),
        AllStrategiesBoundRecord::Enumeration(record) => (
            &record.value,
            format!(
                "every strategy's first {} levels enumerated ({} branches): each branch is finished at no less, \
                 or is a scaled copy of the whole problem (one pending node owing every output the same) whose \
                 calls so far already cost its share, or its calls so far plus the per-output bound below it \
                 (leaves counted exactly {} levels down) reach the value",
                record.depth, record.states, record.horizon
            ),
        ),
        AllStrategiesBoundRecord::Counting { value, reach_levels, excluded, chain, deficits } => {
            let d = excluded.excluded_depth;
            (
                value,
                format!(
                    "sum over depths k of Pr[more than k calls]: 1 for k < {reach_levels}, then 1/max_size^k for \
                     k < {} (every output needs a leaf below depth {d}, and n such leaves need internal nodes at \
                     {chain} depths from {d} on){}",
                    d + chain,
                    deficit_words(deficits)
                ),
            )
        }
        AllStrategiesBoundRecord::Levels { value, reach_levels, excluded, deficits } => {
            (value, levels_words(*reach_levels, excluded, deficits))
        }
    }
}

/// Fact 9 in words.
fn per_output_words(record: &PerOutputBoundRecord) -> String {
    let beyond = match &record.excluded {
        LevelsExclusion::UpTo(e) => format!("1/max_size^k for {} < k <= {}", record.depth, e.excluded_depth),
        LevelsExclusion::Forever { .. } => format!("1/max_size^k for every k > {}", record.depth),
    };
    format!(
        "outputs one by one: expected calls are every output's leaves' reach times depth, each output's \
         leaves carry exactly 1/n, and a leaf of reach 1/P is at least as deep as the fewest sizes with \
         product P; for the depths up to {} the least such cost (a knapsack), then {beyond}",
        record.depth
    )
}

/// The levels bound (fact 1, with fact 8's deficits) in words.
fn levels_words(reach_levels: u32, excluded: &LevelsExclusion, deficits: &[DeficitRecord]) -> String {
    let upto = match excluded {
        LevelsExclusion::UpTo(e) => format!("while no exact tree of depth k exists (k <= {})", e.excluded_depth),
        LevelsExclusion::Forever { missing_prime } => {
            format!("at every depth (no finite exact tree exists: {missing_prime} divides no size)")
        }
    };
    format!(
        "sum over depths k of Pr[more than k calls]: 1 for k < {reach_levels}, then 1/max_size^k {upto}{}",
        deficit_words(deficits)
    )
}

/// The exact deficits of a bound, in words (empty when there are none).
fn deficit_words(deficits: &[optimod_cert::DeficitRecord]) -> String {
    let listed: Vec<String> = deficits
        .iter()
        .map(|d| {
            format!(
                "the leaves of depth <= {} of one output carry at most {} (not quite 1/n), so \
                 Pr[more than {} calls] >= 1 - n*{}",
                d.depth, d.capacity, d.depth, d.capacity
            )
        })
        .collect();
    if listed.is_empty() {
        String::new()
    } else {
        format!("; raised where {}", listed.join("; "))
    }
}

fn all_strategies_lines(n: u64, claim: &AllStrategiesClaim, max_lines: usize) -> Vec<String> {
    let (lower, how) = all_strategies_bound(&claim.lower_bound);
    let status = match claim.status {
        AllStrategiesStatus::Proved => "optimal",
        AllStrategiesStatus::Bounded => "the best found, NOT proved optimal",
    };
    // A compact sampler's tail is bounded, not summed: the value is then an upper bound.
    let at_most = if claim.expected_calls_kind == ValueKind::UpperBound { "at most " } else { "" };
    let mut lines = vec![
        format!(
            "answer: {at_most}{} expected calls (about {}), {status}",
            claim.expected_calls,
            decimal(claim.expected_calls.value(), 10)
        ),
        format!(
            "lower bound: {lower} (about {}), by {how}; gap {}",
            decimal(lower.value(), 10),
            with_decimal(claim.gap.value())
        ),
    ];
    match &claim.strategy {
        StrategyRecord::FiniteTree { witness } => {
            lines.push(format!("strategy: a finite tree ({} leaves, depth {}):", witness.leaves, witness.depth));
            lines.extend(witness_lines(witness, max_lines));
        }
        StrategyRecord::AsymmetricBlock { automaton } => lines.extend(block_lines(n, automaton, max_lines)),
        StrategyRecord::PoolAutomaton { pools } => lines.extend(pool_lines(n, pools)),
    }
    lines
}

fn pool_lines(n: u64, pools: &[PoolStepRecord]) -> Vec<String> {
    let mut lines = vec!["strategy: a pool automaton (keep a uniform value v in 0..r, start with r = 1):".to_string()];
    for step in pools {
        let values = step.pool as u128 * step.size as u128;
        let n = n as u128;
        let what = if values < n {
            format!("v becomes uniform in 0..{values}, keep it")
        } else {
            let left = values % n;
            let stop =
                if left == 0 { "stop".to_string() } else { format!("keep v - {} as a pool of {left}", values - left) };
            format!("v in 0..{values}: below {} output v mod {n}; else {stop}", values - left)
        };
        lines.push(format!("  pool {}: call {}, v = v*{} + outcome; {what}", step.pool, step.size, step.size));
    }
    lines
}

/// An asymmetric block in words: the root, what its children call, the outputs' leaves, the
/// pending leaves and the Knuth-Yao chain that finishes them.
fn block_lines(n: u64, record: &AutomatonRecord, max_lines: usize) -> Vec<String> {
    let Ok(automaton) = automaton_from_record(n, record) else { return vec![] };
    let mut lines = vec![format!(
        "strategy: an asymmetric two-level block, then a Knuth-Yao sampler ({} states; jumps written @k):",
        automaton.states.len()
    )];
    for (index, state) in automaton.states.iter().enumerate() {
        match state {
            State::Tree(Tree::Call { size, children }) => {
                lines.extend(block_state_lines(n, index, *size, children, max_lines))
            }
            State::Tree(_) => lines.push(format!("  state {index}: a tree")),
            State::Chain { steps, loop_to } => {
                let size = steps.first().map_or(0, |s| s.size);
                let looping = match loop_to {
                    Some(t) => format!("then back to level {t} (its digits repeat)"),
                    None => "then done".to_string(),
                };
                lines.push(format!(
                    "  state {index}: Knuth-Yao with size {size}: {} levels of pools, each emitting the next \
                     base-{size} digit of every output's remaining probability, {looping}",
                    steps.len()
                ));
            }
            State::Sampler(s) => {
                let size = s.size;
                lines.push(format!(
                    "  state {index}: Knuth-Yao with size {size}, stored by its distribution ({} outputs over \
                     {}): each call emits the next base-{size} digit of every output's probability; cost summed \
                     over {} levels, the rest bounded",
                    s.weights.len(),
                    s.denominator,
                    s.terms
                ));
            }
        }
    }
    lines
}

/// One two-level state of a block: the sizes its children call and each output's leaves.
fn block_state_lines(n: u64, index: usize, size: u64, children: &[LoopTree], max_lines: usize) -> Vec<String> {
    let mut sizes: Vec<(u64, usize)> = Vec::new();
    let mut per_output = vec![std::collections::BTreeMap::<u64, u64>::new(); n as usize];
    let mut jumps = 0usize;
    let mut pending_outcomes = 0usize;
    for child in children {
        if let Tree::Leaf(LoopLeaf::Jump(_)) = child {
            pending_outcomes += 1;
        }
        if let Tree::Call { size: q, children: leaves } = child {
            match sizes.iter_mut().find(|(s, _)| s == q) {
                Some((_, k)) => *k += 1,
                None => sizes.push((*q, 1)),
            }
            for leaf in leaves {
                match leaf {
                    Tree::Leaf(LoopLeaf::Output(j)) => *per_output[*j as usize].entry(*q).or_default() += 1,
                    Tree::Leaf(LoopLeaf::Jump(_)) => jumps += 1,
                    Tree::Call { .. } => {}
                }
            }
        }
    }
    let mut listed: Vec<String> = sizes.iter().map(|(q, k)| format!("{k} call {q}")).collect();
    if pending_outcomes > 0 {
        listed.push(format!("{pending_outcomes} jump to the next state at once"));
    }
    let mut lines = vec![format!("  state {index}: call {size}; of its {size} outcomes {}", listed.join(", "))];
    // Outputs with the same leaves are listed together.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for j in 0..per_output.len() {
        match groups.last_mut() {
            Some((_, last)) if per_output[*last] == per_output[j] && *last + 1 == j => *last = j,
            _ => groups.push((j, j)),
        }
    }
    let shown = max_lines.saturating_sub(8).max(3);
    for &(first, last) in groups.iter().take(shown) {
        let words: Vec<String> = per_output[first].iter().map(|(q, k)| format!("{k} x 1/({size}*{q})")).collect();
        let who = if first == last { format!("output {first}") } else { format!("outputs {first}..={last}, each") };
        lines.push(format!("    {who}: {}", words.join(" + ")));
    }
    if groups.len() > shown {
        lines.push("    ... (every output's leaves are in the certificate)".to_string());
    }
    if jumps > 0 || pending_outcomes == 0 {
        lines.push(format!("    {jumps} outcome(s) of the second call pending: jump to the next state"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::with_decimal;
    use num_rational::BigRational;

    #[test]
    fn fractions_carry_their_decimal_and_integers_do_not() {
        let half: BigRational = "3/2".parse().unwrap();
        assert_eq!(with_decimal(&half), "3/2 (about 1.5000000000)");
        assert_eq!(with_decimal(&BigRational::from_integer(2.into())), "2");
    }
}
