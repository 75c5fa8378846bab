//! `optimod._optimod`: the native half of the Python package. Each function is a thin layer
//! over the `optimod` library crate: specs checked as the CLI checks them, answers only from
//! the checker, errors as the package's exceptions with the CLI's messages. A Rust panic is
//! caught here and raised as `optimod.Error`; it never unwinds into Python.

use num_rational::BigRational;
use optimod::grading::{read_exploration, read_report_value, ExpectedCalls, Report, EXPLORER};
use optimod::{Objective, Spec};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyModule;
use std::ffi::CString;
use std::panic::{catch_unwind, AssertUnwindSafe};

create_exception!(optimod, Error, PyException, "Every optimod error: the base of the others.");
create_exception!(optimod, InvalidInput, Error, "The question or the strategy is not well posed (exit code 2).");
create_exception!(
    optimod,
    Unknown,
    Error,
    "Not settled within the limits; the message gives the bounds (exit code 3)."
);
create_exception!(
    optimod,
    CheckFailed,
    Error,
    "The checker refused a certificate, or engines disagreed (exit code 4)."
);

/// What an in-process grade rests on besides exact arithmetic.
const IN_PROCESS_BASIS: &str =
    "explored in-process in this Python interpreter, not sandboxed; rests on the strategy leaving the explorer alone";

/// Runs `work` with a Rust panic turned into `optimod.Error`.
fn guarded<T>(work: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic".into());
        Err(Error::new_err(format!("internal fault in optimod (please report): {why}")))
    })
}

fn library_error(error: optimod::Error) -> PyErr {
    match error {
        optimod::Error::Invalid(m) => InvalidInput::new_err(format!("invalid input: {m}")),
        optimod::Error::Unknown(m) => Unknown::new_err(format!("unknown: {m}")),
        optimod::Error::CheckFailed(m) => CheckFailed::new_err(format!("check failed: {m}")),
    }
}

/// A Python int as a natural number: any int out of range is invalid input, not an
/// OverflowError.
fn natural(value: &Bound<'_, PyAny>, what: &str) -> PyResult<u64> {
    if !value.is_instance_of::<pyo3::types::PyInt>() {
        return Err(PyTypeError::new_err(format!("{what} must be an int, not {}", value.get_type().name()?)));
    }
    value.extract::<u64>().map_err(|_| InvalidInput::new_err(format!("invalid input: {what} {value} is out of range")))
}

/// A spec from Python arguments, refused as the CLI refuses it.
fn spec_of(n: &Bound<'_, PyAny>, generators: Option<&Bound<'_, PyAny>>, objective: &str) -> PyResult<Spec> {
    let objective = match objective {
        "worst-case" => Objective::WorstCase,
        "expected" => Objective::Expected,
        other => {
            return Err(InvalidInput::new_err(format!(
                "invalid input: objective {other:?}: use \"worst-case\" or \"expected\""
            )))
        }
    };
    let n = natural(n, "the modulus")?;
    let spec = match generators {
        None => Spec::primes_below(n, objective),
        Some(sizes) => {
            let sizes = sizes.try_iter()?.map(|m| natural(&m?, "a size")).collect::<PyResult<Vec<u64>>>()?;
            Spec::new(n, &sizes, objective)
        }
    };
    spec.map_err(|e| InvalidInput::new_err(format!("invalid input: {e}")))
}

/// A Python `fractions.Fraction` of an exact value.
fn fraction<'py>(py: Python<'py>, value: &BigRational) -> PyResult<Bound<'py, PyAny>> {
    py.import("fractions")?.getattr("Fraction")?.call1((value.to_string(),))
}

/// A claim the checker accepted.
#[pyclass(module = "optimod", frozen)]
struct Proof {
    certified: optimod::Certified,
}

#[pymethods]
impl Proof {
    /// n: the strategy outputs 0..n.
    #[getter]
    fn modulus(&self) -> u64 {
        self.certified.modulus()
    }

    /// The fewest calls in the worst case (a worst-case claim), else None.
    #[getter]
    fn calls(&self) -> Option<u32> {
        self.certified.worst_case_calls()
    }

    /// The strategy's exact expected calls as a Fraction; None when no strategy exists.
    #[getter]
    fn expected_calls<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.certified.expected_calls().map(|value| fraction(py, &value)).transpose()
    }

    /// True when the claim is that no finite exact strategy exists.
    #[getter]
    fn impossible(&self) -> bool {
        self.certified.is_impossible()
    }

    /// "elementary" (arithmetic the checker repeated) or "solver" (a pinned solver verdict).
    #[getter]
    fn trust(&self) -> &'static str {
        self.certified.trust_word()
    }

    /// What the claim rests on, in words.
    #[getter]
    fn basis(&self) -> String {
        self.certified.basis().to_string()
    }

    /// The claim, the strategy and the lower bound in words.
    #[getter]
    fn words(&self) -> String {
        self.certified.in_words()
    }

    /// The certificate's JSON, byte for byte what `optimod prove --out` writes.
    #[getter]
    fn certificate(&self) -> String {
        self.certified.certificate_json()
    }

    /// The certified strategy as a Sampler (InvalidInput when none exists).
    fn sampler(&self) -> PyResult<Sampler> {
        let inner = self
            .certified
            .sampler()
            .ok_or_else(|| InvalidInput::new_err("invalid input: no exact strategy exists for this menu"))?;
        Ok(Sampler { inner })
    }

    fn __repr__(&self) -> String {
        match (self.certified.worst_case_calls(), self.certified.expected_calls()) {
            (Some(d), _) => format!("<optimod.Proof n={} calls={d} trust={}>", self.modulus(), self.trust()),
            (None, Some(e)) => {
                format!("<optimod.Proof n={} expected_calls={e} trust={}>", self.modulus(), self.trust())
            }
            (None, None) => format!("<optimod.Proof n={} impossible trust={}>", self.modulus(), self.trust()),
        }
    }
}

/// Proves the optimum for n (worst case, or expected calls over all strategies).
#[pyfunction]
#[pyo3(signature = (n, generators = None, objective = "worst-case"))]
fn prove(
    py: Python<'_>,
    n: &Bound<'_, PyAny>,
    generators: Option<&Bound<'_, PyAny>>,
    objective: &str,
) -> PyResult<Proof> {
    guarded(|| {
        let spec = spec_of(n, generators, objective)?;
        let certified = py.detach(|| optimod::prove(&spec)).map_err(library_error)?;
        Ok(Proof { certified })
    })
}

/// Checks certificate JSON with the independent checker.
#[pyfunction]
fn verify(py: Python<'_>, certificate: &str) -> PyResult<Proof> {
    guarded(|| {
        let certified = py.detach(|| optimod::verify(certificate)).map_err(|e| CheckFailed::new_err(e.to_string()))?;
        Ok(Proof { certified })
    })
}

/// A certified strategy to draw from.
#[pyclass(module = "optimod", frozen)]
struct Sampler {
    inner: optimod::Sampler,
}

impl Sampler {
    fn run_calling(&self, call: &Bound<'_, PyAny>) -> PyResult<(u64, u32)> {
        guarded(|| {
            self.inner.run_with(|m| call.call1((m,))?.extract::<u64>()).map_err(|e| match e {
                optimod::RunError::Source(error) => error,
                optimod::RunError::OutOfRange { .. } => InvalidInput::new_err(format!("invalid input: {e}")),
                optimod::RunError::TooManyCalls => Error::new_err(e.to_string()),
            })
        })
    }

    fn randrange<'py>(py: Python<'py>, rng: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        match rng {
            Some(rng) => rng.getattr("randrange"),
            None => py.import("random")?.getattr("randrange"),
        }
    }
}

#[pymethods]
impl Sampler {
    /// n: values are drawn from 0..n.
    #[getter]
    fn modulus(&self) -> u64 {
        self.inner.modulus()
    }

    /// One value, each call of size m drawn as rng.randrange(m) (random's own generator when
    /// rng is None).
    #[pyo3(signature = (rng = None))]
    fn sample(&self, py: Python<'_>, rng: Option<Bound<'_, PyAny>>) -> PyResult<u64> {
        Ok(self.run_calling(&Sampler::randrange(py, rng)?)?.0)
    }

    /// One value and the calls it took.
    #[pyo3(signature = (rng = None))]
    fn sample_with_calls(&self, py: Python<'_>, rng: Option<Bound<'_, PyAny>>) -> PyResult<(u64, u32)> {
        self.run_calling(&Sampler::randrange(py, rng)?)
    }

    /// One value and the calls it took, from your own generators: call(m) is one call of
    /// your generator of size m, an int in 0..m.
    fn run(&self, call: Bound<'_, PyAny>) -> PyResult<(u64, u32)> {
        self.run_calling(&call)
    }

    fn __repr__(&self) -> String {
        format!("<optimod.Sampler n={}>", self.inner.modulus())
    }
}

/// The certified strategy for n, ready to draw from.
#[pyfunction]
#[pyo3(signature = (n, generators = None, objective = "worst-case"))]
fn sampler(
    py: Python<'_>,
    n: &Bound<'_, PyAny>,
    generators: Option<&Bound<'_, PyAny>>,
    objective: &str,
) -> PyResult<Sampler> {
    prove(py, n, generators, objective)?.sampler()
}

/// A graded strategy: what `optimod grade --json` reports.
#[pyclass(module = "optimod", frozen)]
struct Grade {
    report: Report,
    json: String,
}

#[pymethods]
impl Grade {
    /// "optimal", "suboptimal", "inexact", "invalid", "unknown" or "error" (a fault in optimod).
    #[getter]
    fn verdict(&self) -> &'static str {
        self.report.verdict.name()
    }

    /// Why, in words.
    #[getter]
    fn reason(&self) -> String {
        self.report.reason.clone()
    }

    /// Whether every output has probability exactly 1/n; None when not settled.
    #[getter]
    fn exact(&self) -> Option<bool> {
        self.report.exact
    }

    /// The longest path's calls; None when unbounded or not settled.
    #[getter]
    fn worst_case_calls(&self) -> Option<u32> {
        self.report.worst_case_calls
    }

    /// The strategy's exact expected calls (a Fraction), when they are known exactly.
    #[getter]
    fn expected_calls<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match &self.report.expected_calls {
            ExpectedCalls::Exact(value) => fraction(py, value).map(Some),
            _ => Ok(None),
        }
    }

    /// How the strategy was read, and what the reading rests on.
    #[getter]
    fn reading(&self) -> Option<String> {
        self.report.reading.clone()
    }

    /// The report in words, as `optimod grade` prints it.
    #[getter]
    fn summary(&self) -> String {
        self.report.summary.clone()
    }

    /// The report as `optimod grade --json` prints it.
    #[getter]
    fn json(&self) -> String {
        self.json.clone()
    }

    fn __repr__(&self) -> String {
        format!("<optimod.Grade verdict={}>", self.verdict())
    }
}

/// The explorer's report for a callable, run in this interpreter.
fn explore_in_process(
    py: Python<'_>,
    strategy: &Bound<'_, PyAny>,
    n: u64,
    max_calls: u32,
    time_limit: f64,
) -> PyResult<serde_json::Value> {
    let code = CString::new(EXPLORER).expect("the explorer has no NUL byte");
    let explorer = PyModule::from_code(py, &code, c"optimod/_explore.py", c"optimod._explore")?;
    let deadline = py.import("time")?.getattr("monotonic")?.call0()?.extract::<f64>()? + time_limit;
    let limits = (n, max_calls, optimod::grading::EXPLORE_NODES, optimod_spec::MAX_SIZE, deadline);
    let report = explorer.getattr("explore")?.call1((strategy, limits.0, limits.1, limits.2, limits.3, limits.4))?;
    let text: String = py.import("json")?.getattr("dumps")?.call1((report,))?.extract()?;
    serde_json::from_str(&text).map_err(|e| Error::new_err(format!("the explorer's report: {e}")))
}

/// Grades a strategy for n: a callable `sample(rng)` (explored in-process, path by path) or
/// tree notation. The verdict compares it with the certified optimum.
#[pyfunction]
#[pyo3(signature = (n, strategy, generators = None, objective = "worst-case", max_calls = 32, time_limit = 20.0))]
fn grade(
    py: Python<'_>,
    n: &Bound<'_, PyAny>,
    strategy: Bound<'_, PyAny>,
    generators: Option<&Bound<'_, PyAny>>,
    objective: &str,
    max_calls: u32,
    time_limit: f64,
) -> PyResult<Grade> {
    guarded(|| {
        let spec = spec_of(n, generators, objective)?;
        if !(1..=64).contains(&max_calls) {
            return Err(InvalidInput::new_err("invalid input: max_calls must be in 1..=64"));
        }
        if !(time_limit > 0.0 && time_limit <= 3600.0) {
            return Err(InvalidInput::new_err("invalid input: time_limit must be in (0, 3600] seconds"));
        }
        let invalid = |why: String| InvalidInput::new_err(format!("invalid input: {why}"));
        let (read, name) = if let Ok(text) = strategy.extract::<String>() {
            (optimod::grading::read_text(spec.modulus, &text).map_err(invalid)?, text)
        } else if strategy.is_callable() {
            let value = explore_in_process(py, &strategy, spec.modulus, max_calls, time_limit)?;
            let name = strategy.repr()?.to_string();
            (read_exploration(&spec, read_report_value(&value), max_calls, IN_PROCESS_BASIS).map_err(invalid)?, name)
        } else {
            return Err(PyTypeError::new_err("strategy must be a callable sample(rng) or tree notation (a str)"));
        };
        let expected = spec.objective == Objective::Expected;
        let report = py.detach(|| optimod::grading::grade_read(&spec, read, expected));
        let json = report.to_json(&spec, &name).to_string();
        Ok(Grade { report, json })
    })
}

#[pymodule]
fn _optimod(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("Error", m.py().get_type::<Error>())?;
    m.add("InvalidInput", m.py().get_type::<InvalidInput>())?;
    m.add("Unknown", m.py().get_type::<Unknown>())?;
    m.add("CheckFailed", m.py().get_type::<CheckFailed>())?;
    m.add_class::<Proof>()?;
    m.add_class::<Sampler>()?;
    m.add_class::<Grade>()?;
    m.add_function(wrap_pyfunction!(prove, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(sampler, m)?)?;
    m.add_function(wrap_pyfunction!(grade, m)?)?;
    Ok(())
}
