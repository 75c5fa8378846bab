//! The constraints. `N_S` counts nodes whose path called the multiset S; `c_{S,m}` counts
//! those that call m next; the rest are leaves. With `L` the least common multiple of n and
//! the leaf types' products, an output's mass `1/n` reads `sum_S x_S * (L / prod S) = L / n`.

use crate::encode::{Encoding, SizeLimitExceeded};
use crate::multisets::Types;
use num_bigint::BigUint;
use num_integer::Integer;
use optimod_spec::Spec;
use std::str::FromStr;
use z3::ast::{Bool, Int};

/// Counts read from a model: what the tree must contain.
pub struct Counts {
    /// `calls[S]`: `(m, c_{S,m})` for each size with a nonzero count, ascending m.
    pub calls: Vec<Vec<(u64, u64)>>,
    /// `leaves[S]`: `(output, count)` pairs, ascending output, giving each leaf of type S.
    pub leaves: Vec<Vec<(u64, u64)>>,
}

/// The constraints of one query, with handles on the variables.
pub struct Problem {
    pub encoding: Encoding,
    pub depth: u32,
    pub types: Types,
    pub constraints: Vec<Bool>,
    pub variables: u64,
    modulus: u64,
    /// `c[S]`: `(m, c_{S,m})`, empty at full depth.
    calls: Vec<Vec<(u64, Int)>>,
    /// Leaf-assignment variables per type, by encoding: symmetric `[k_S]`, one-output `[x_S]`,
    /// general `[x_{S,0}, .., x_{S,n-1}]`; empty where `prod S < n` (no leaves allowed).
    assign: Vec<Vec<Int>>,
}

impl Problem {
    pub fn build(
        spec: &Spec,
        depth: u32,
        encoding: Encoding,
        root: Option<u64>,
        max_types: usize,
    ) -> Result<Problem, SizeLimitExceeded> {
        let estimated = optimod_spec::arith::multisets_at_most(spec.generators.len() as u128, depth);
        let too_big = SizeLimitExceeded { depth, limit: max_types, estimated };
        if estimated > max_types as u128 {
            return Err(too_big);
        }
        let types = Types::enumerate(&spec.generators, depth, max_types).ok_or(too_big.clone())?;
        let n = spec.modulus;
        let mut b = Builder::default();
        let nodes: Vec<Int> = (0..types.len()).map(|s| b.fresh(format!("N{}", label(&types.list[s])))).collect();
        let calls: Vec<Vec<(u64, Int)>> = (0..types.len())
            .map(|s| {
                if types.list[s].len() as u32 == depth {
                    return vec![];
                }
                spec.generators.iter().map(|&m| (m, b.fresh(format!("c{}_{m}", label(&types.list[s]))))).collect()
            })
            .collect();
        // A fixed root call, when asked for: the search splits on it.
        if let Some(root) = root {
            for (m, c) in calls[0].iter() {
                b.constraints.push(c.eq(Int::from_u64(u64::from(*m == root))));
            }
        }
        let leaf_count = b.flow(&types, &nodes, &calls, n);
        let assign = b.assignment(encoding, &types, &leaf_count, n);
        let Builder { constraints, variables } = b;
        Ok(Problem { encoding, depth, types, constraints, variables, modulus: n, calls, assign })
    }

    /// Adds "expected calls `< numer / denom`". Expected calls are linear in the counts:
    /// `sum_S sum_m c_{S,m} / prod S` (docs/model.md §4); scaled by the least common multiple
    /// of the internal types' products, every coefficient is a whole number.
    pub fn bound_expected_calls(&mut self, numer: &BigUint, denom: &BigUint) {
        let internal: Vec<usize> = (0..self.types.len()).filter(|&s| !self.calls[s].is_empty()).collect();
        let lcm = internal.iter().fold(BigUint::from(1u32), |acc, &s| acc.lcm(&BigUint::from(self.types.product[s])));
        let mut terms = Vec::new();
        for &s in &internal {
            let weight = big(&(&lcm / BigUint::from(self.types.product[s])));
            for (_, c) in &self.calls[s] {
                terms.push(c * &weight);
            }
        }
        let scaled = sum(&terms) * big(denom);
        self.constraints.push(scaled.lt(big(&(numer * &lcm))));
        if self.encoding == Encoding::OneOutput {
            // The relaxation's output stands for the cheapest output of a tree: its leaves'
            // reach times depth sum to at most expected calls / n.
            let leaf_types: Vec<usize> = (0..self.types.len()).filter(|&s| !self.assign[s].is_empty()).collect();
            let lcm =
                leaf_types.iter().fold(BigUint::from(1u32), |acc, &s| acc.lcm(&BigUint::from(self.types.product[s])));
            let terms: Vec<Int> = leaf_types
                .iter()
                .map(|&s| {
                    let weight = &lcm / BigUint::from(self.types.product[s]) * BigUint::from(self.types.list[s].len());
                    &self.assign[s][0] * big(&weight)
                })
                .collect();
            let scaled = sum(&terms) * big(&(denom * BigUint::from(self.modulus)));
            self.constraints.push(scaled.lt(big(&(numer * &lcm))));
        }
    }

    /// The counts in a model of a witness-carrying encoding.
    pub fn read_counts(&self, model: &z3::Model) -> Counts {
        let value =
            |v: &Int| -> u64 { model.eval(v, true).and_then(|x| x.as_u64()).expect("model counts are small naturals") };
        let calls = self
            .calls
            .iter()
            .map(|cs| cs.iter().map(|(m, c)| (*m, value(c))).filter(|&(_, k)| k > 0).collect())
            .collect();
        let leaves = self
            .assign
            .iter()
            .map(|vars| match (self.encoding, vars.as_slice()) {
                (_, []) => vec![],
                (Encoding::Symmetric, [k]) => {
                    let k = value(k);
                    if k == 0 {
                        vec![]
                    } else {
                        (0..self.modulus).map(|j| (j, k)).collect()
                    }
                }
                (Encoding::General, xs) => {
                    xs.iter().enumerate().map(|(j, x)| (j as u64, value(x))).filter(|&(_, k)| k > 0).collect()
                }
                _ => unreachable!("read_counts is only called for witness encodings"),
            })
            .collect();
        Counts { calls, leaves }
    }
}

fn big(value: &BigUint) -> Int {
    Int::from_str(&value.to_string()).expect("decimal numerals are valid z3 integers")
}

/// A sum that prints as standard SMT-LIB: `(+ a)` with one argument is z3's extension.
fn sum(terms: &[Int]) -> Int {
    match terms {
        [] => Int::from_u64(0),
        [one] => one.clone(),
        _ => Int::add(terms),
    }
}

/// A variable-name fragment for a multiset: `_2_3_3`, or `_` for the root.
fn label(s: &[u64]) -> String {
    if s.is_empty() {
        "_".to_string()
    } else {
        s.iter().map(|m| format!("_{m}")).collect()
    }
}

/// The constraints and variables of a [`Problem`] as they are made, in the order the replay
/// script lists them (their bytes are part of a certificate).
#[derive(Default)]
struct Builder {
    constraints: Vec<Bool>,
    variables: u64,
}

impl Builder {
    /// A new non-negative integer variable.
    fn fresh(&mut self, name: String) -> Int {
        self.variables += 1;
        let v = Int::new_const(name);
        self.constraints.push(v.ge(Int::from_u64(0)));
        v
    }

    /// Flow: one root; a node of type T is a child of a node of type T - {m} that called m.
    /// Returns each type's leaves: what is not a call; none where the reach `1/prod S`
    /// exceeds `1/n`.
    fn flow(&mut self, types: &Types, nodes: &[Int], calls: &[Vec<(u64, Int)>], n: u64) -> Vec<Int> {
        self.constraints.push(nodes[0].eq(Int::from_u64(1)));
        for t in 1..types.len() {
            let mut distinct = types.list[t].clone();
            distinct.dedup();
            let incoming: Vec<Int> = distinct
                .iter()
                .map(|&m| {
                    let parent = types.parent(t, m);
                    let c = &calls[parent].iter().find(|(size, _)| *size == m).expect("parent not at full depth").1;
                    c * Int::from_u64(m)
                })
                .collect();
            self.constraints.push(nodes[t].eq(sum(&incoming)));
        }
        let leaf_count: Vec<Int> = (0..types.len())
            .map(|s| {
                if calls[s].is_empty() {
                    nodes[s].clone()
                } else {
                    let out: Vec<Int> = calls[s].iter().map(|(_, c)| c.clone()).collect();
                    &nodes[s] - sum(&out)
                }
            })
            .collect();
        for s in 0..types.len() {
            if types.product[s] >= n as u128 {
                self.constraints.push(leaf_count[s].ge(Int::from_u64(0)));
            } else {
                self.constraints.push(leaf_count[s].eq(Int::from_u64(0)));
            }
        }
        leaf_count
    }

    /// The leaves' assignment to outputs per encoding, and every output's mass `1/n`:
    /// coefficients `L / prod S` and right-hand side `L / n`, as exact big integers.
    fn assignment(&mut self, encoding: Encoding, types: &Types, leaf_count: &[Int], n: u64) -> Vec<Vec<Int>> {
        let leaf_types: Vec<usize> = (0..types.len()).filter(|&s| types.product[s] >= n as u128).collect();
        let mut lcm = BigUint::from(n);
        for &s in &leaf_types {
            lcm = lcm.lcm(&BigUint::from(types.product[s]));
        }
        let coefficient = |s: usize| big(&(&lcm / BigUint::from(types.product[s])));
        let per_output = big(&(&lcm / BigUint::from(n)));
        let mut assign: Vec<Vec<Int>> = vec![vec![]; types.len()];
        if encoding == Encoding::General {
            self.per_output_leaves(types, leaf_count, &leaf_types, n, &mut assign);
            let mut keys = Vec::new();
            for j in 0..n as usize {
                let mass: Vec<Int> = leaf_types.iter().map(|&s| &assign[s][j] * coefficient(s)).collect();
                self.constraints.push(sum(&mass).eq(&per_output));
                // Outputs are interchangeable: order them by a key, which any tree can meet
                // after renaming its outputs.
                let key: Vec<Int> = leaf_types
                    .iter()
                    .enumerate()
                    .map(|(rank, &s)| &assign[s][j] * Int::from_u64(rank as u64 + 1))
                    .collect();
                keys.push(sum(&key));
            }
            for pair in keys.windows(2) {
                self.constraints.push(pair[0].ge(&pair[1]));
            }
            return assign;
        }
        // Symmetric: each output gets k_S leaves of type S. The mass equation is implied (the
        // leaves of any tree have total reach 1, so leaves(S) = n k_S gives every output
        // sum_S k_S / prod S = 1/n), but stating it guides z3 a great deal. One output: x_S
        // of the leaves of type S, a relaxation.
        let symmetric = encoding == Encoding::Symmetric;
        let mut mass = Vec::new();
        for &s in &leaf_types {
            let x = self.fresh(format!("{}{}", if symmetric { "k" } else { "x" }, label(&types.list[s])));
            self.constraints.push(if symmetric {
                leaf_count[s].eq(&x * Int::from_u64(n))
            } else {
                x.le(&leaf_count[s])
            });
            mass.push(&x * coefficient(s));
            assign[s] = vec![x];
        }
        self.constraints.push(sum(&mass).eq(&per_output));
        assign
    }

    /// The general encoding's `x_{S,j}`: the leaves of type S given to output j.
    fn per_output_leaves(
        &mut self,
        types: &Types,
        leaf_count: &[Int],
        leaf_types: &[usize],
        n: u64,
        assign: &mut [Vec<Int>],
    ) {
        for &s in leaf_types {
            let xs: Vec<Int> = (0..n).map(|j| self.fresh(format!("x{}_o{j}", label(&types.list[s])))).collect();
            self.constraints.push(leaf_count[s].eq(sum(&xs)));
            assign[s] = xs;
        }
    }
}
