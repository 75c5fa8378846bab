//! Helpers shared by the integration tests.

use optimod_prove::{prove, Options, Outcome};
use optimod_spec::Spec;
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
    match prove(spec, &Options::default()).expect("prove succeeds") {
        Outcome::Proved { certificate, .. } | Outcome::Impossible { certificate, .. } => certificate.to_json(),
        Outcome::Unknown { reason, .. } => panic!("modulus {}: unknown: {reason}", spec.modulus),
    }
}

/// The committed certificate for a spec name.
pub fn committed(name: &str) -> String {
    let path = root().join("proofs").join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
