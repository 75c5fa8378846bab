//! What Coq's exhaustive check (`coq/Enumeration.v`, `exhaustive_check`) will cost, found by
//! running its steps here, with a budget: the bags of every tree of depth at most k (each a
//! sorted list of leaf products and counts; equal bags listed once), then for each bag the
//! shares one output can take and the sums of n of them. The count is of list elements
//! compared, the unit of work of `bag_norm`, `nodup` and `vle` in Coq's `vm_compute`.

/// Leaf products and their counts, sorted by product: as `insert` builds them in Coq.
type Bag = Vec<(u128, u128)>;

/// Work done so far and the most allowed.
struct Meter {
    spent: u128,
    budget: u128,
}

impl Meter {
    fn charge(&mut self, work: u128) -> Option<()> {
        self.spent = self.spent.saturating_add(work);
        (self.spent <= self.budget).then_some(())
    }
}

/// The steps of Coq's check for "no exact tree of depth at most k" (n outputs, these sizes),
/// counted; `None` once they pass `budget` (or a product overflows).
pub(crate) fn exhaustive_steps(n: u64, sizes: &[u64], k: u32, budget: u128) -> Option<u128> {
    let mut meter = Meter { spent: 0, budget };
    let shapes = shapes(sizes, k, &mut meter)?;
    for bag in &shapes {
        excluded_steps(n as u128, bag, &mut meter)?;
    }
    Some(meter.spent)
}

fn add(x: &Bag, y: &Bag) -> Bag {
    let mut out = y.clone();
    for &(w, c) in x {
        match out.binary_search_by_key(&w, |e| e.0) {
            Ok(i) => out[i].1 += c,
            Err(i) => out.insert(i, (w, c)),
        }
    }
    out
}

/// Equal share sums dropped, as Coq's `nodup` does in `fill`: each candidate compared with
/// those kept.
fn nodup<T: PartialEq>(items: Vec<T>, width: usize, meter: &mut Meter) -> Option<Vec<T>> {
    let mut kept: Vec<T> = Vec::new();
    for item in items {
        meter.charge((kept.len() as u128 + 1) * width as u128)?;
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    Some(kept)
}

/// Equal bags dropped as Coq's `bag_norm` does: sorted (a merge sort, about `c log2 c`
/// comparisons of c candidates), then adjacent equals removed.
fn sorted_unique(mut items: Vec<Bag>, meter: &mut Meter) -> Option<Vec<Bag>> {
    let width = items.iter().map(Vec::len).max().unwrap_or(0) as u128 + 1;
    let count = items.len() as u128;
    meter.charge(count * (128 - count.leading_zeros() as u128) * width)?;
    items.sort_unstable();
    items.dedup();
    Some(items)
}

fn sums(k: u64, parts: &[Bag], meter: &mut Meter) -> Option<Vec<Bag>> {
    let mut level: Vec<Bag> = vec![Vec::new()];
    for _ in 0..k {
        // Charged before they are built: the candidates are never more than the budget.
        meter.charge(level.len() as u128 * parts.len() as u128)?;
        let next: Vec<Bag> = level.iter().flat_map(|s| parts.iter().map(move |v| add(v, s))).collect();
        level = sorted_unique(next, meter)?;
    }
    Some(level)
}

fn shapes(sizes: &[u64], d: u32, meter: &mut Meter) -> Option<Vec<Bag>> {
    let leaf: Bag = vec![(1, 1)];
    let mut level = vec![leaf.clone()];
    for _ in 0..d {
        let mut next = vec![leaf.clone()];
        for &m in sizes {
            let scaled: Vec<Bag> = level
                .iter()
                .map(|b| b.iter().map(|&(w, c)| Some((w.checked_mul(m as u128)?, c))).collect())
                .collect::<Option<_>>()?;
            next.extend(sums(m, &scaled, meter)?);
        }
        level = next;
    }
    Some(level)
}

/// One bag's check: the shares of one output (counts per product with reach 1/n), then the
/// sums of n shares within the bag's counts.
fn excluded_steps(n: u128, bag: &Bag, meter: &mut Meter) -> Option<()> {
    let units = bag.iter().try_fold(n, |u, &(w, _)| {
        let l = u / optimod_spec::arith::gcd(u as u64, w as u64) as u128;
        l.checked_mul(w).filter(|&v| v <= u64::MAX as u128)
    })?;
    let entries: Vec<(u128, u128)> = bag.iter().map(|&(w, c)| (units / w, c)).collect();
    let mut shares = Vec::new();
    combos(&entries, units / n, &mut Vec::new(), &mut shares, meter)?;
    let counts: Vec<u128> = bag.iter().map(|e| e.1).collect();
    let mut level: Vec<Vec<u128>> = vec![vec![0; counts.len()]];
    for _ in 0..n {
        meter.charge(level.len() as u128 * shares.len() as u128 * counts.len() as u128)?;
        let next: Vec<Vec<u128>> = level
            .iter()
            .flat_map(|s| shares.iter().map(move |c: &Vec<u128>| s.iter().zip(c).map(|(a, b)| a + b).collect()))
            .collect();
        let within = next.into_iter().filter(|s: &Vec<u128>| s.iter().zip(&counts).all(|(a, b)| a <= b)).collect();
        level = nodup(within, counts.len() + 1, meter)?;
        if level.is_empty() {
            break;
        }
    }
    Some(())
}

fn combos(
    entries: &[(u128, u128)],
    target: u128,
    prefix: &mut Vec<u128>,
    out: &mut Vec<Vec<u128>>,
    meter: &mut Meter,
) -> Option<()> {
    meter.charge(1)?;
    let Some((&(u, most), rest)) = entries.split_first() else {
        if target == 0 {
            out.push(prefix.clone());
        }
        return Some(());
    };
    for x in 0..=most.min(target / u) {
        prefix.push(x);
        combos(rest, target - x * u, prefix, out, meter)?;
        prefix.pop();
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::exhaustive_steps;

    #[test]
    fn small_enumerations_are_counted_and_large_ones_give_up() {
        let steps = exhaustive_steps(20, &[6, 15], 2, u128::MAX).unwrap();
        assert!(steps > 1000, "{steps}");
        // One level deeper the bags of depth 3 are too many for the budget of a minute.
        assert_eq!(exhaustive_steps(20, &[6, 15], 3, steps * 100), None);
    }
}
