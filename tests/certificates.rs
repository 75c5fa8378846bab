//! Certificates are data: every spec in specs/ has a committed certificate in proofs/ that the
//! current code reproduces byte for byte, that the checker accepts, and that an insta snapshot
//! pins. A changed optimum or strategy shows up here as a diff to review (`cargo insta review`).

use optimod_check::check_json;
use optimod_spec::{Objective, Spec};
use optimod_tests::{certificate_json, committed, committed_file, produce, solver_fixture, specs};

#[test]
fn every_spec_has_a_committed_certificate_that_the_code_reproduces() {
    for (name, spec) in specs() {
        let (produced, replay) = produce(&spec);
        let on_disk = committed(&name);
        if let Some((suffix, script)) = replay {
            assert!(
                script == committed_file(&format!("{name}.{suffix}")),
                "proofs/{name}.{suffix} differs from the replay script the code produces now"
            );
        }
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
        let text = committed(&name);
        check_json(&text).unwrap_or_else(|e| panic!("proofs/{name}.json: {e}"));
        let certificate = optimod_cert::Certificate::from_json(&text).unwrap();
        if let Some(replay) = optimod_check::replay_of(&certificate) {
            let script = committed_file(&format!("{name}.{}", replay.file_suffix));
            optimod_check::check_replay(&certificate, script.as_bytes())
                .unwrap_or_else(|e| panic!("proofs/{name}: {e}"));
        }
    }
}

#[test]
fn twenty_from_six_and_fifteen_rests_on_the_enumeration_not_a_solver() {
    let certificate = optimod_cert::Certificate::from_json(&committed("d6-d15-20")).unwrap();
    let optimod_cert::Claim::WorstCase(claim) = certificate.claim else { panic!("a worst-case claim") };
    assert_eq!(claim.trust, optimod_cert::Trust::Elementary);
    assert!(claim.lower_bound.solver.is_none());
    let elementary = claim.lower_bound.elementary;
    assert_eq!(elementary.excluded_depth, 2);
    assert!(matches!(elementary.argument, optimod_cert::ArgumentRecord::Exhaustive { .. }));
}

/// The solver fixtures are what the code makes with the enumeration off, byte for byte, and
/// the checker accepts them with their scripts bound.
#[test]
fn the_solver_fixtures_are_reproduced_with_the_enumeration_off() {
    let options = optimod_prove::Options { enumerate: false, ..Default::default() };
    for name in ["d6-d15-20", "d6-4-expected"] {
        let (_, spec) = specs().into_iter().find(|(n, _)| n == name).expect("the spec");
        let (produced, replay) = optimod_tests::produce_with(&spec, &options);
        let (suffix, script) = replay.expect("a solver step");
        assert!(produced == solver_fixture(&format!("{name}.json")), "tests/fixtures/solver/{name}.json is stale");
        assert!(
            script == solver_fixture(&format!("{name}.{suffix}")),
            "tests/fixtures/solver/{name}.{suffix} is stale"
        );
        let checked = check_json(&produced).unwrap();
        assert!(matches!(checked.verdict().trust, optimod_check::TrustLevel::Solver { .. }));
        optimod_check::check_replay(checked.certificate(), script.as_bytes()).unwrap();
    }
}

#[test]
fn every_certificate_in_proofs_belongs_to_a_spec() {
    let names: Vec<String> = specs().into_iter().map(|(n, _)| n).collect();
    for entry in std::fs::read_dir(optimod_tests::root().join("proofs")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue; // proofs/expected/: the table's certificates (`just check-expected`)
        }
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = file.split('.').next().unwrap().to_string();
        assert!(names.contains(&stem), "{} has no spec in specs/", path.display());
    }
}

#[test]
fn the_same_spec_gives_the_same_bytes_twice() {
    let (_, spec) = specs().into_iter().find(|(n, _)| n == "42").expect("specs/42.toml");
    assert_eq!(certificate_json(&spec), certificate_json(&spec));
}

/// z3's default QF_LIA portfolio gives some members five seconds of wall clock, so under load
/// it used to return another model (for 44: 11 of 12 concurrent runs differed). The pipeline
/// must have no wall-clock step that changes an answer.
#[test]
fn certificate_bytes_do_not_depend_on_machine_load() {
    let spec = Spec::primes_below(44, Objective::WorstCase).expect("spec");
    let quiet = certificate_json(&spec);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let spinners: Vec<_> = (0..4)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut x = 0u64;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                }
                x
            })
        })
        .collect();
    let loaded: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..3).map(|_| scope.spawn(|| certificate_json(&spec))).collect();
        runs.into_iter().map(|r| r.join().expect("prove")).collect()
    });
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    spinners.into_iter().for_each(|s| drop(s.join()));
    for bytes in loaded {
        assert_eq!(bytes, quiet, "a certificate changed under load");
    }
}
