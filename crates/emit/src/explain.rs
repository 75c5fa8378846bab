//! The lower-bound argument of a certificate in words, for people.

use optimod_cert::{ArgumentRecord, LowerBoundRecord, SpecRecord};

/// One paragraph saying why fewer calls are impossible.
pub fn describe_argument(spec: &SpecRecord, lower: &LowerBoundRecord) -> String {
    let n = spec.modulus;
    let d = lower.elementary.excluded_depth;
    let calls = |k: u32| if k == 1 { "1 call".to_string() } else { format!("{k} calls") };
    let elementary = match &lower.elementary.argument {
        ArgumentRecord::Reach { max_generator } => format!(
            "{}: after {} every leaf has reach at least 1/{} > 1/{n} (reach bound)",
            calls(d),
            calls(d),
            (*max_generator as u128).pow(d)
        ),
        ArgumentRecord::Valuation { prime, exponent, max_valuation } => format!(
            "{}: {prime}^{exponent} divides {n}, but a leaf after at most {} has reach with \
             {prime}-adic valuation at least -{}, and so has any sum of such reaches, while 1/{n} \
             has -{exponent} ({prime}-adic bound)",
            calls(d),
            calls(d),
            d * max_valuation
        ),
        ArgumentRecord::ValuationAndReach { prime, exponent } => format!(
            "{}: each output needs a leaf whose path product has {prime}-adic valuation >= \
             {exponent} and every path product must be >= {n}; no multiset of at most {d} \
             generator sizes does both (valuation-and-reach bound)",
            calls(d)
        ),
        ArgumentRecord::RootSplit { cases } => {
            let sample = cases.last().map(|c| {
                let coins: Vec<String> = c.denominators.iter().map(|q| format!("1/{q}")).collect();
                format!(
                    "for root {}, {}/{n} would have to be a sum of {}",
                    c.root,
                    c.root,
                    if coins.is_empty() { "nothing".to_string() } else { coins.join(", ") }
                )
            });
            format!(
                "{}: whatever the root call m, each output's mass below the root is m/{n} in units \
                 of the root child's reach, and for none of the {} roots is it a non-negative \
                 combination of the reaches left in {} ({}; root-split bound)",
                calls(d),
                cases.len(),
                calls(d - 1),
                sample.unwrap_or_default()
            )
        }
        ArgumentRecord::PartialFractions { roots } => format!(
            "{}: whatever the root call m, each output's mass below the root is m/{n} in units of \
             the root child's reach, a sum of 1 and 1/q over prime sizes q; such a sum below 1 has \
             a squarefree denominator and equals its own partial fractions, and for none of the {roots} \
             roots does m/{n} (partial-fractions bound)",
            calls(d)
        ),
        ArgumentRecord::Exhaustive { states } => format!(
            "{}: every tree of depth <= {d} was enumerated level by level (each pending node calls \
             some size, each new node is a leaf of an output it fits or stays pending; nodes of \
             one kind and outputs of one demand are interchangeable), {states} distinct branches, \
             and none gives every output exactly 1/{n} (exhaustive enumeration)",
            calls(d)
        ),
    };
    match &lower.solver {
        None => format!("Impossible in {elementary}."),
        Some(s) => format!(
            "Impossible in {elementary}; impossible in {} according to {} {} ({}, {} variables, \
             {} constraints: unsat).",
            calls(s.depth),
            s.provenance.engine.name(),
            s.provenance.engine_version,
            s.provenance.encoding,
            s.provenance.variables,
            s.provenance.constraints
        ),
    }
}
