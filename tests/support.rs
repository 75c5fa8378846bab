//! Helpers shared by the integration tests.

use optimod_prove::{prove, prove_expected, prove_expected_all, ExpectedOutcome, Options, Outcome};
use optimod_spec::{Objective, Spec};
use std::path::PathBuf;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the root").to_path_buf()
}

/// Every spec in specs/, as (name, spec), sorted by name.
pub fn specs() -> Vec<(String, Spec)> {
    let mut found: Vec<(String, Spec)> = std::fs::read_dir(root().join("specs"))
        .expect("specs/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let spec = Spec::from_toml(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, spec)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// The certificate JSON the current code produces for `spec`.
pub fn certificate_json(spec: &Spec) -> String {
    produce(spec).0
}

/// The certificate JSON and, for solver-backed bounds, `(file suffix, replay script)`.
pub fn produce(spec: &Spec) -> (String, Option<(String, String)>) {
    produce_with(spec, &Options::default())
}

/// As [`produce`], with these options.
pub fn produce_with(spec: &Spec, options: &Options) -> (String, Option<(String, String)>) {
    if spec.objective == Objective::Expected {
        let outcome = prove_expected_all(spec, options).expect("prove_expected_all succeeds");
        return (outcome.checked.to_json(), None);
    }
    if let Objective::ExpectedWithinDepth { .. } = spec.objective {
        return match prove_expected(spec, options).expect("prove_expected succeeds") {
            ExpectedOutcome::Proved { checked, replay, .. } => {
                let replay = replay.map(|script| {
                    let record = optimod_check::replay_of(checked.certificate()).expect("a script has a record");
                    (record.file_suffix.clone(), script)
                });
                (checked.to_json(), replay)
            }
            other => panic!("modulus {}: not proved: {other:?}", spec.modulus),
        };
    }
    match prove(spec, options).expect("prove succeeds") {
        Outcome::Proved { checked, replay, .. } => {
            let replay = replay.map(|script| {
                let record = optimod_check::replay_of(checked.certificate()).expect("a script has a record");
                (record.file_suffix.clone(), script)
            });
            (checked.to_json(), replay)
        }
        Outcome::Impossible { checked, .. } => (checked.to_json(), None),
        Outcome::Unknown { reason, .. } => panic!("modulus {}: unknown: {reason}", spec.modulus),
    }
}

/// A committed file in proofs/, or with the prefix `solver/` in tests/fixtures/solver/.
pub fn committed_file(file: &str) -> String {
    if let Some(fixture) = file.strip_prefix("solver/") {
        return solver_fixture(fixture);
    }
    let path = root().join("proofs").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A file of tests/fixtures/solver/: certificates whose lower bound is a solver step, made
/// with the enumeration switched off (`Options::enumerate`), and their replay scripts. The
/// shipped proofs have none: these exercise the solver path on questions small enough to
/// re-run in seconds.
pub fn solver_fixture(file: &str) -> String {
    let path = root().join("tests/fixtures/solver").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The committed certificate for a spec name (`solver/NAME`: the solver fixture).
pub fn committed(name: &str) -> String {
    committed_file(&format!("{name}.json"))
}

/// A small deterministic generator (SplitMix64), for fixed-seed test streams.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    #[allow(clippy::should_implement_trait)] // the generators' reference name, as in the drivers
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
