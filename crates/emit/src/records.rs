//! Reading a checked certificate's strategy back into the model's types, for the writers
//! (words, pictures, code) and for sampling. The checker reads the records itself.

use optimod_cert::{
    AutomatonRecord, Certificate, Claim, Fraction, StateRecord, StrategyRecord, TreeRecord, WitnessRecord,
};
use optimod_check::Checked;
use optimod_recycle::{Automaton, State};
use optimod_spec::{LoopTree, Tree, Witness};

/// The strategy a certificate holds: a finite tree, or an automaton with loops.
#[derive(Clone, Debug)]
pub enum CertificateStrategy {
    /// A finite exact tree, explicit or compact.
    Finite(Witness),
    /// A strategy with loops (an asymmetric block, or a pool automaton as a chain).
    Automaton(Automaton),
}

/// The strategy of a checked certificate; `None` when the claim is that none exists.
pub fn certified_strategy(checked: &Checked) -> Option<CertificateStrategy> {
    // Checked records always read back; a failure here is a bug in this file.
    read_strategy(checked.certificate()).map(|read| read.expect("a checked certificate's strategy reads"))
}

/// The strategy of a certificate, checked or not (`optimod grade` judges it itself): `None`
/// when the claim is that none exists, an error when a record does not read.
pub fn read_strategy(certificate: &Certificate) -> Option<Result<CertificateStrategy, String>> {
    let n = certificate.spec.modulus;
    if let Some(witness) = witness_of(certificate) {
        return Some(witness_from_record(witness).map(CertificateStrategy::Finite));
    }
    let Claim::ExpectedAllStrategies(claim) = &certificate.claim else { return None };
    Some(match &claim.strategy {
        StrategyRecord::AsymmetricBlock { automaton } => {
            automaton_from_record(n, automaton).map(CertificateStrategy::Automaton)
        }
        StrategyRecord::PoolAutomaton { pools } => {
            let steps: Vec<(u64, u64)> = pools.iter().map(|p| (p.pool, p.size)).collect();
            Ok(CertificateStrategy::Automaton(optimod_recycle::pool_chain(n, &steps)))
        }
        StrategyRecord::FiniteTree { .. } => unreachable!("witness_of returns a finite tree's witness"),
    })
}

/// A certificate's strategy's expected calls and worst case (`None` for a strategy with
/// loops); `None` when the claim is that no strategy exists.
pub fn strategy_costs(certificate: &Certificate) -> Option<(Fraction, Option<u32>)> {
    if let Some(witness) = witness_of(certificate) {
        return Some((witness.expected_calls.clone(), Some(witness.depth)));
    }
    match &certificate.claim {
        Claim::ExpectedAllStrategies(claim) => Some((claim.expected_calls.clone(), None)),
        _ => None,
    }
}

/// The witness record of a claim that has one (worst case, within depth, a finite tree over
/// all strategies).
pub fn witness_of(certificate: &Certificate) -> Option<&WitnessRecord> {
    match &certificate.claim {
        Claim::WorstCase(claim) => Some(&claim.witness),
        Claim::ExpectedWithinDepth(claim) => Some(&claim.witness),
        Claim::ExpectedAllStrategies(claim) => match &claim.strategy {
            StrategyRecord::FiniteTree { witness } => Some(witness),
            _ => None,
        },
        Claim::Impossible(_) => None,
    }
}

/// The witness a certificate records (for printing, sampling and code; the checker reads the
/// record itself).
pub fn witness_from_record(record: &WitnessRecord) -> Result<Witness, String> {
    match &record.tree {
        TreeRecord::Explicit(text) => Tree::parse(text).map(Witness::Tree).map_err(|e| e.to_string()),
        TreeRecord::Blocks(samplers) => Ok(Witness::Blocks(optimod_spec::BlockTree {
            samplers: samplers
                .iter()
                .map(|s| optimod_spec::Sampler {
                    modulus: s.modulus,
                    root: s.root,
                    blocks: s
                        .blocks
                        .iter()
                        .map(|b| optimod_spec::Block { divisor: b.divisor, count: b.count })
                        .collect(),
                })
                .collect(),
        })),
    }
}

/// The automaton a certificate records (for sampling and printing; the checker reads the
/// record itself).
pub fn automaton_from_record(modulus: u64, record: &AutomatonRecord) -> Result<Automaton, String> {
    let states = record
        .states
        .iter()
        .map(|state| match state {
            StateRecord::Tree { tree } => LoopTree::parse_loop(tree).map(State::Tree).map_err(|e| e.to_string()),
            StateRecord::Chain { steps, loop_to } => Ok(State::Chain {
                steps: steps
                    .iter()
                    .map(|s| {
                        Ok(optimod_recycle::ChainStep { pool: s.pool, size: s.size, emit: s.emit.pairs().collect() })
                    })
                    .collect::<Result<Vec<_>, String>>()?,
                loop_to: loop_to.map(|t| t as usize),
            }),
            StateRecord::KnuthYao { size, denominator, weights, terms } => {
                let denominator = *denominator as u128;
                let n = weights.pairs().map(|(j, _)| j as usize + 1).max().unwrap_or(0);
                let mut numerators = vec![0u128; n];
                for (j, w) in weights.pairs() {
                    numerators[j as usize] += w as u128;
                }
                optimod_recycle::knuth_yao::Sampler::new(&numerators, denominator, *size, *terms)
                    .map(State::Sampler)
                    .ok_or(format!("the Knuth-Yao state ({weights} over {denominator}) is not a distribution"))
            }
        })
        .collect::<Result<Vec<State>, String>>()?;
    Ok(Automaton { modulus, states })
}
