//! Certificates are data: every spec in specs/ has a committed certificate in proofs/ that the
//! current code reproduces byte for byte, that the checker accepts, and that an insta snapshot
//! pins. A changed optimum or strategy shows up here as a diff to review (`cargo insta review`).

use optimod_check::check_json;
use optimod_tests::{certificate_json, committed, specs};

#[test]
fn every_spec_has_a_committed_certificate_that_the_code_reproduces() {
    for (name, spec) in specs() {
        let produced = certificate_json(&spec);
        let on_disk = committed(&name);
        assert!(
            produced == on_disk,
            "proofs/{name}.json differs from what the code produces now; run `just prove {name}` \
             and review the diff"
        );
        insta::assert_snapshot!(name.clone(), produced);
    }
}

#[test]
fn every_committed_certificate_verifies() {
    for (name, _) in specs() {
        check_json(&committed(&name)).unwrap_or_else(|e| panic!("proofs/{name}.json: {e}"));
    }
}

#[test]
fn every_certificate_in_proofs_belongs_to_a_spec() {
    let names: Vec<String> = specs().into_iter().map(|(n, _)| n).collect();
    for entry in std::fs::read_dir(optimod_tests::root().join("proofs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(names.contains(&stem), "{} has no spec in specs/", path.display());
        }
    }
}

#[test]
fn the_same_spec_gives_the_same_bytes_twice() {
    let (_, spec) = specs().into_iter().find(|(n, _)| n == "42").expect("specs/42.toml");
    assert_eq!(certificate_json(&spec), certificate_json(&spec));
}
