//! Multisets of generator sizes: the types of the aggregated encoding.

use std::collections::BTreeMap;

/// All multisets of at most `depth` sizes, indexed; sizes are kept sorted inside a multiset.
#[derive(Clone, Debug)]
pub struct Types {
    /// The multisets, by size then lexicographically; index 0 is the empty multiset (the root).
    pub list: Vec<Vec<u64>>,
    /// Product of each multiset's sizes (the inverse of its nodes' reach).
    pub product: Vec<u128>,
    index: BTreeMap<Vec<u64>, usize>,
}

impl Types {
    /// Enumerates the multisets, or `None` past `limit` of them or if a product overflows.
    pub fn enumerate(generators: &[u64], depth: u32, limit: usize) -> Option<Types> {
        let mut list: Vec<Vec<u64>> = vec![vec![]];
        let mut layer: Vec<Vec<u64>> = vec![vec![]];
        for _ in 0..depth {
            let mut next = Vec::new();
            for s in &layer {
                let from = s.last().copied().unwrap_or(0);
                for &m in generators.iter().filter(|&&m| m >= from) {
                    let mut t = s.clone();
                    t.push(m);
                    next.push(t);
                }
            }
            if list.len() + next.len() > limit {
                return None;
            }
            list.extend(next.iter().cloned());
            layer = next;
        }
        let product = list
            .iter()
            .map(|s| s.iter().try_fold(1u128, |acc, &m| acc.checked_mul(m as u128)))
            .collect::<Option<Vec<u128>>>()?;
        let index = list.iter().enumerate().map(|(i, s)| (s.clone(), i)).collect();
        Some(Types { list, product, index })
    }

    /// The index of `s` plus one more `m` (kept sorted), if within the depth.
    pub fn child(&self, s: usize, m: u64) -> Option<usize> {
        let mut t = self.list[s].clone();
        let at = t.partition_point(|&x| x <= m);
        t.insert(at, m);
        self.index.get(&t).copied()
    }

    /// The index of `s` with one `m` removed (`m` must be in it).
    pub fn parent(&self, s: usize, m: u64) -> usize {
        let mut t = self.list[s].clone();
        let at = t.iter().position(|&x| x == m).expect("m is in the multiset");
        t.remove(at);
        self.index[&t]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }
}
