//! The mod-42 puzzle from Rust: prove the optimum, print why, draw from the strategy.
//! Run: `cargo run --release -p optimod --example puzzle`.

use optimod::{Objective, Spec};
use rand::distr::Distribution;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let answer = optimod::prove(&Spec::primes_below(42, Objective::WorstCase)?)?;
    println!("{}", answer.in_words());
    println!("rests on: {}", answer.basis());
    let sampler = answer.sampler().expect("a proved answer has a strategy");
    let values: Vec<u64> = sampler.sample_iter(rand::rng()).take(10).collect();
    println!("ten values: {values:?}");
    Ok(())
}
