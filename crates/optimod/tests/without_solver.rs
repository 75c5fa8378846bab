//! The library built without z3 (`cargo test -p optimod --no-default-features`, run by
//! `just test`): arithmetic-first answers are still proved and checked; a question that needs
//! a solver step is `Error::Unknown`, never a guess. With the default features this file
//! tests nothing.
#![cfg(not(feature = "solver"))]

use optimod::{Objective, Spec};

#[test]
fn arithmetic_first_answers_need_no_solver() {
    let answer = optimod::prove(&Spec::primes_below(42, Objective::WorstCase).unwrap()).unwrap();
    assert_eq!(answer.worst_case_calls(), Some(2));
    assert_eq!(answer.trust_word(), "elementary");
    let million = optimod::prove(&Spec::primes_below(1_000_000, Objective::WorstCase).unwrap()).unwrap();
    assert_eq!(million.worst_case_calls(), Some(7));
    assert!(optimod::verify(&answer.certificate_json()).is_ok());
}

#[test]
fn what_needs_a_solver_is_unknown() {
    // 20 from {6, 15}: depth 2 is left open by arithmetic; the enumeration settles it by
    // default, and with it off only a solver could.
    let spec = Spec::new(20, &[6, 15], Objective::WorstCase).unwrap();
    let proved = optimod::prove(&spec).unwrap();
    assert_eq!((proved.worst_case_calls(), proved.trust_word()), (Some(3), "elementary"));
    let options = optimod_prove::Options { enumerate: false, ..Default::default() };
    match optimod_prove::prove(&spec, &options).unwrap() {
        optimod_prove::Outcome::Unknown { lower, upper, reason } => {
            assert_eq!((lower, upper), (2, Some(3)), "{reason}");
        }
        _ => panic!("20 from {{6, 15}} without z3 or the enumeration is not settled"),
    }
}
