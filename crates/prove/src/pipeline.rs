//! Search for the least depth of an exact tree, between the elementary lower bound and the
//! constructive upper bound, and certify the answer.

pub use crate::error::ProveError;
use optimod_bounds::{construct, elementary_lower_bound, infinite_reason, Argument, LowerBound};
use optimod_cert::{
    ArgumentRecord, BlockRecord, Certificate, Claim, ElementaryRecord, EngineCheckRecord, Fraction, ImpossibleClaim,
    LowerBoundRecord, ObjectiveRecord, Producer, Provenance, ReplayRecord, RootCaseRecord, RuleRecord, SamplerRecord,
    SolverRecord, SolverVerdict, SpecRecord, TreeRecord, Trust, WitnessRecord, WorstCaseClaim, FORMAT, VERSION,
};
use optimod_check::{check, sha256_hex, Checked};
use optimod_smt::{replay_script, solve_with_root, Budget, Encoding, ProofEncoding, Query, Verdict as SmtVerdict};
use optimod_spec::{GeneratorRule, Spec, Tree, Witness, WitnessFacts};
use std::time::{Duration, Instant};

/// Limits of one `prove` run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Give up (status unknown) rather than probe depths above this.
    pub max_depth: Option<u32>,
    /// Wall-clock budget for solver proofs; when it runs out the answer is unknown.
    pub timeout: Duration,
    /// z3's deterministic resource budget for one witness search. A search that exhausts it
    /// falls back to the construction, identically on every machine.
    pub search_rlimit: u32,
    /// Largest encoding (in multiset types) handed to z3.
    pub max_types: usize,
    /// Have the integer-programming engine (CBC) and z3 cross-check the claim.
    pub cross_check: bool,
    /// Enumerate every tree of a depth the arithmetic leaves open before asking the solver
    /// (small n and few sizes; see `optimod_bounds::exhaustive`). Off, the solver decides
    /// those depths: how the solver path is exercised on small questions.
    pub enumerate: bool,
    /// A deliberately wrong ILP model, for tests of the disagreement path only.
    pub ilp_fault: optimod_ilp::Fault,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_depth: None,
            timeout: Duration::from_secs(60),
            search_rlimit: 2_000_000,
            max_types: 20_000,
            cross_check: true,
            enumerate: true,
            ilp_fault: optimod_ilp::Fault::None,
        }
    }
}

/// What `prove` established.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// The optimum and a certificate the checker accepted.
    Proved {
        checked: Checked,
        /// The witness, explicit or compact (divisor blocks).
        witness: Witness,
        /// Its depth, leaves and expected calls, exact.
        facts: WitnessFacts,
        /// The SMT-LIB 2 replay script of the solver step, when the lower bound needs one;
        /// it belongs beside the certificate as `<stem>.<file_suffix>`.
        replay: Option<String>,
    },
    /// No finite exact tree exists; the certificate names the missing prime.
    Impossible { checked: Checked, missing_prime: u64 },
    /// Not decided within the limits: `lower <= D <= upper` is all that is known.
    Unknown {
        /// Proven: no exact tree has fewer calls.
        lower: u32,
        /// A known exact tree's depth, if any.
        upper: Option<u32>,
        /// Why the search stopped.
        reason: String,
    },
}

/// Finds and certifies the least worst-case number of calls for `spec`.
///
/// The arithmetic (the impossible case, and the construction meeting the elementary bound)
/// runs on the caller's thread; a solver search runs on a thread of its own: z3's context is
/// per thread, and a fresh one makes the resource-bounded search, and so the certificate,
/// independent of earlier calls. (A z3 cross-check is a solver run too.)
pub fn prove(spec: &Spec, options: &Options) -> Result<Outcome, ProveError> {
    // The worst-case question, whatever objective the spec names (see `prove_expected`).
    let spec = &Spec { objective: optimod_spec::Objective::WorstCase, ..spec.clone() };
    if optimod_smt::LINKED {
        optimod_smt::require_supported_z3().map_err(ProveError::Unsupported)?;
    }
    // A z3 cross-check belongs on the fresh thread too: then everything runs there.
    let open = match options.cross_check {
        true => None,
        false => match arithmetic(spec, options) {
            Arithmetic::Settled(outcome) => return outcome,
            Arithmetic::Open(open) => Some(open),
        },
    };
    std::thread::scope(|scope| {
        let search = || match open {
            Some(open) => search_depths(spec, options, open),
            None => prove_here(spec, options),
        };
        scope.spawn(search).join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// What arithmetic alone settles.
enum Arithmetic {
    /// Impossible, or the construction meets the elementary bound (or they disagree).
    Settled(Result<Outcome, ProveError>),
    /// The bound and the construction, with depths between them for the solver.
    Open(Open),
}

struct Open {
    elementary: LowerBound,
    construction: optimod_bounds::Construction,
    started: Instant,
}

fn arithmetic(spec: &Spec, options: &Options) -> Arithmetic {
    if let Some(missing_prime) = infinite_reason(spec) {
        let claim = Claim::Impossible(ImpossibleClaim { missing_prime });
        let checked = check(certificate(spec, claim, vec![])).map_err(ProveError::CheckFailed);
        return Arithmetic::Settled(checked.map(|checked| Outcome::Impossible { checked, missing_prime }));
    }
    let started = Instant::now();
    let elementary = elementary_lower_bound(spec).expect("finite case has an elementary bound");
    let construction = construct(spec).expect("every finite case has a divisor-block tree");
    let first = elementary.excluded_depth + 1;
    if construction.depth < first {
        return Arithmetic::Settled(Err(ProveError::Disagreement(format!(
            "the {} argument excludes depth {} but the construction has depth {}",
            elementary.argument.kind(),
            elementary.excluded_depth,
            construction.depth
        ))));
    }
    // Arithmetic first: when the construction meets the elementary bound, no solver is needed.
    // A depth limit only stops a search; when bound and construction meet there is none, and
    // the answer is proved even if it exceeds the limit (the caller says so).
    if construction.depth == first {
        let witness = Witness::Blocks(construction.blocks);
        return Arithmetic::Settled(finish(spec, witness, construction_provenance(), &elementary, None, options));
    }
    Arithmetic::Open(Open { elementary, construction, started })
}

fn construction_provenance() -> Provenance {
    Provenance {
        engine: Producer::Construction,
        engine_version: String::new(),
        encoding: "divisor-blocks/v2".into(),
        variables: 0,
        constraints: 0,
    }
}

fn prove_here(spec: &Spec, options: &Options) -> Result<Outcome, ProveError> {
    match arithmetic(spec, options) {
        Arithmetic::Settled(outcome) => outcome,
        Arithmetic::Open(open) => search_depths(spec, options, open),
    }
}

/// The depths between the elementary bound and the construction, one at a time: z3's witness
/// search, the construction, the enumeration, the proof encodings.
fn search_depths(spec: &Spec, options: &Options, open: Open) -> Result<Outcome, ProveError> {
    let Open { mut elementary, construction, started } = open;
    let first = elementary.excluded_depth + 1;
    let construction_provenance = construction_provenance();
    let mut solver_exclusion: Option<Exclusion> = None;
    for depth in first..=construction.depth {
        if options.max_depth.is_some_and(|max| depth > max) {
            return Ok(Outcome::Unknown {
                lower: depth,
                upper: Some(construction.depth),
                reason: format!("depth limit {} reached", options.max_depth.unwrap_or(0)),
            });
        }
        // 1. A witness of this depth from z3's symmetric encoding, split on the root call,
        //    within a deterministic resource budget shared by the cases.
        if let Some((query, tree)) = search_symmetric(spec, depth, options) {
            let witness = Witness::Tree(tree);
            return finish(spec, witness, provenance(&query), &elementary, solver_exclusion.as_ref(), options);
        }
        // 2. The construction, when it reaches this depth.
        if construction.depth == depth {
            let witness = Witness::Blocks(construction.blocks);
            return finish(spec, witness, construction_provenance, &elementary, solver_exclusion.as_ref(), options);
        }
        // 3. Arithmetic before the solver: every tree of this depth enumerated, for small n
        //    and few sizes. It covers every depth below, so an earlier solver step goes.
        if let Some(exclusion) = enumerated_exclusion(spec, depth, options, started) {
            (elementary, solver_exclusion) = (exclusion, None);
            continue;
        }
        // 4. Otherwise decide this depth with the proof encodings.
        match decide(spec, depth, options, started)? {
            Decision::Witness(query, tree) => {
                let witness = Witness::Tree(tree);
                return finish(spec, witness, provenance(&query), &elementary, solver_exclusion.as_ref(), options);
            }
            Decision::Excluded(exclusion) => solver_exclusion = Some(exclusion),
            Decision::Open(reason) => {
                return Ok(Outcome::Unknown { lower: depth, upper: Some(construction.depth), reason })
            }
        }
    }
    unreachable!("the loop ends at the construction's depth")
}

/// Every tree of depth `<= depth` enumerated (small n and few sizes, within the timeout):
/// `Some` when none is exact. A tree found is left for z3 to build.
fn enumerated_exclusion(spec: &Spec, depth: u32, options: &Options, started: Instant) -> Option<LowerBound> {
    if !options.enumerate {
        return None;
    }
    let deadline = started.checked_add(options.timeout);
    let all = optimod_bounds::exhaustive(spec.modulus, &spec.generators, depth, deadline)?;
    let argument = Argument::Exhaustive { states: all.states };
    all.least.is_none().then_some(LowerBound { excluded_depth: depth, argument })
}

enum Decision {
    Witness(Query, Tree),
    Excluded(Exclusion),
    Open(String),
}

/// A depth every root case of which z3 found unsatisfiable.
pub(crate) struct Exclusion {
    /// Totals over the cases (variables, constraints); `encoding` is the strongest used.
    query: Query,
    /// `(root, encoding)` of each case, in the order solved.
    pub(crate) cases: Vec<(Option<u64>, ProofEncoding)>,
}

/// Tries the roots from the largest down; the first satisfiable case gives the witness.
fn search_symmetric(spec: &Spec, depth: u32, options: &Options) -> Option<(Query, Tree)> {
    let mut left = options.search_rlimit as u64;
    for &root in spec.generators.iter().rev() {
        if left == 0 {
            return None;
        }
        let budget = Budget { timeout_ms: u32::MAX, rlimit: left as u32 };
        let query = solve_with_root(spec, depth, Encoding::Symmetric, Some(root), budget, options.max_types).ok()?;
        left = left.saturating_sub(query.rlimit_used.max(1));
        if let SmtVerdict::Sat(tree) = &query.verdict {
            let tree = tree.clone();
            return Some((query, tree));
        }
    }
    None
}

/// Is there an exact tree of depth `<= depth`? Split on the root call; in each case the
/// one-output relaxation first (small, and its UNSAT is a proof), then the general encoding.
/// Excluded when every case is unsatisfiable.
fn decide(spec: &Spec, depth: u32, options: &Options, started: Instant) -> Result<Decision, ProveError> {
    let mut total = Query {
        encoding: Encoding::OneOutput,
        depth,
        variables: 0,
        constraints: 0,
        verdict: SmtVerdict::Unsat,
        rlimit_used: 0,
    };
    let mut cases = Vec::new();
    for &root in spec.generators.iter().rev() {
        let mut closed = false;
        for proof in [ProofEncoding::OneOutput, ProofEncoding::General] {
            let encoding = proof.encoding();
            let left = options.timeout.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Ok(Decision::Open(format!("timeout while deciding depth {depth}")));
            }
            let budget = Budget { timeout_ms: left.as_millis().min(u32::MAX as u128) as u32, rlimit: 0 };
            let query = match solve_with_root(spec, depth, encoding, Some(root), budget, options.max_types) {
                Ok(query) => query,
                Err(too_big) => return Ok(Decision::Open(too_big.to_string())),
            };
            total.variables += query.variables;
            total.constraints += query.constraints;
            match query.verdict.clone() {
                SmtVerdict::Unsat => {
                    if encoding == Encoding::General {
                        total.encoding = Encoding::General;
                    }
                    cases.push((Some(root), proof));
                    closed = true;
                    break;
                }
                SmtVerdict::Sat(tree) => return Ok(Decision::Witness(query, tree)),
                SmtVerdict::Inconclusive => continue,
                SmtVerdict::Unknown(why) => {
                    return Ok(Decision::Open(format!(
                        "z3 gave up on depth {depth}, root {root} ({}): {why}",
                        encoding.name()
                    )))
                }
            }
        }
        if !closed {
            return Ok(Decision::Open(format!("no encoding decided depth {depth} with root {root}")));
        }
    }
    Ok(Decision::Excluded(Exclusion { query: total, cases }))
}

/// The provenance of a tree taken over from the worst-case pipeline (by the expected-calls
/// objectives); the pipeline's own certificate names its engine.
pub(crate) fn least_depth_witness() -> Provenance {
    Provenance {
        engine: Producer::WorstCasePipeline,
        engine_version: String::new(),
        encoding: "the least-depth witness".into(),
        variables: 0,
        constraints: 0,
    }
}

pub(crate) fn provenance(query: &Query) -> Provenance {
    Provenance {
        engine: Producer::Z3,
        engine_version: optimod_smt::z3_version(),
        encoding: format!("{}, split on the root call", query.encoding.name()),
        variables: query.variables,
        constraints: query.constraints,
    }
}

/// Builds the certificate for a witness and has the checker accept it.
fn finish(
    spec: &Spec,
    witness: Witness,
    found_by: Provenance,
    elementary: &LowerBound,
    solver_exclusion: Option<&Exclusion>,
    options: &Options,
) -> Result<Outcome, ProveError> {
    let evaluation = witness.facts(spec).map_err(|e| {
        let engine = found_by.engine.name();
        ProveError::Disagreement(format!("{engine} produced a witness that is not an exact tree: {e}"))
    })?;
    let excluded = solver_exclusion.map_or(elementary.excluded_depth, |e| e.query.depth);
    if evaluation.depth <= excluded {
        return Err(ProveError::Disagreement(format!(
            "{} found an exact tree of depth {} but depth {excluded} was proved impossible",
            found_by.engine.name(),
            evaluation.depth
        )));
    }
    if evaluation.depth != excluded + 1 {
        return Err(ProveError::Disagreement(format!(
            "the witness has depth {} but only depth {excluded} is excluded",
            evaluation.depth
        )));
    }
    let cross_checks = if options.cross_check {
        crate::crosscheck::cross_check(
            spec,
            evaluation.depth,
            &witness,
            found_by.engine == Producer::Z3,
            solver_exclusion.map(|e| e.cases.len()),
            options.ilp_fault,
        )?
    } else {
        vec![]
    };
    let replay = match solver_exclusion {
        Some(e) => Some(
            replay_script(spec, e.query.depth, &e.cases, options.max_types)
                .map_err(|too_big| ProveError::Disagreement(format!("replay script: {too_big}")))?,
        ),
        None => None,
    };
    let solver = match (&solver_exclusion, &replay) {
        (Some(e), Some(script)) => Some(SolverRecord {
            depth: e.query.depth,
            provenance: provenance(&e.query),
            verdict: SolverVerdict::Unsat,
            replay: ReplayRecord {
                file_suffix: format!("depth{}.smt2", e.query.depth),
                sha256: sha256_hex(script.as_bytes()),
                checks: e.cases.len() as u32,
            },
        }),
        _ => None,
    };
    let claim = Claim::WorstCase(WorstCaseClaim {
        worst_case_calls: evaluation.depth,
        trust: if solver.is_some() { Trust::Solver } else { Trust::Elementary },
        witness: witness_record(&witness, &evaluation, found_by),
        lower_bound: LowerBoundRecord {
            excluded_depth: excluded,
            elementary: ElementaryRecord {
                excluded_depth: elementary.excluded_depth,
                argument: argument_record(&elementary.argument),
            },
            solver,
        },
    });
    let checked = check(certificate(spec, claim, cross_checks)).map_err(ProveError::CheckFailed)?;
    Ok(Outcome::Proved { checked, witness, facts: evaluation, replay })
}

/// The certificate's record of a witness: the tree in the notation, or the samplers.
pub(crate) fn witness_record(witness: &Witness, facts: &WitnessFacts, found_by: Provenance) -> WitnessRecord {
    let tree = match witness {
        Witness::Tree(tree) => TreeRecord::Explicit(tree.to_string()),
        Witness::Blocks(blocks) => {
            let samplers = blocks
                .samplers
                .iter()
                .map(|s| SamplerRecord {
                    modulus: s.modulus,
                    root: s.root,
                    blocks: s.blocks.iter().map(|b| BlockRecord { divisor: b.divisor, count: b.count }).collect(),
                })
                .collect();
            TreeRecord::Blocks(samplers)
        }
    };
    WitnessRecord {
        depth: facts.depth,
        leaves: facts.leaves.clone().into(),
        expected_calls: Fraction::of(&facts.expected_calls),
        found_by,
        tree,
    }
}

/// A certificate of `claim` about `spec`, not yet checked.
pub(crate) fn certificate(spec: &Spec, claim: Claim, cross_checks: Vec<EngineCheckRecord>) -> Certificate {
    Certificate {
        format: FORMAT.into(),
        version: VERSION,
        spec: SpecRecord {
            modulus: spec.modulus,
            // The primes rule fixes the sizes; listing 78 498 primes for n = 10^6 would not help.
            generators: match spec.rule {
                GeneratorRule::PrimesBelowModulus => vec![],
                GeneratorRule::Explicit => spec.generators.to_vec(),
            },
            generator_rule: match spec.rule {
                GeneratorRule::PrimesBelowModulus => RuleRecord::PrimesBelowModulus,
                GeneratorRule::Explicit => RuleRecord::Explicit,
            },
            objective: match spec.objective {
                optimod_spec::Objective::WorstCase => ObjectiveRecord::WorstCase,
                _ => ObjectiveRecord::ExpectedCalls,
            },
            max_depth: spec.objective.max_depth(),
        },
        claim,
        cross_checks,
    }
}

pub(crate) fn argument_record(argument: &Argument) -> ArgumentRecord {
    match argument {
        Argument::Reach { max_generator } => ArgumentRecord::Reach { max_generator: *max_generator },
        Argument::Valuation { prime, exponent, max_valuation } => {
            ArgumentRecord::Valuation { prime: *prime, exponent: *exponent, max_valuation: *max_valuation }
        }
        Argument::ValuationAndReach { prime, exponent } => {
            ArgumentRecord::ValuationAndReach { prime: *prime, exponent: *exponent }
        }
        Argument::RootSplit { cases } => ArgumentRecord::RootSplit {
            cases: cases
                .iter()
                .map(|c| RootCaseRecord { root: c.root, denominators: c.denominators.clone() })
                .collect(),
        },
        Argument::PartialFractions { roots } => ArgumentRecord::PartialFractions { roots: *roots },
        Argument::Exhaustive { states } => ArgumentRecord::Exhaustive { states: *states },
    }
}
