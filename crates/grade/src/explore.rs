//! A Python strategy explored path by path: `src/explore.py` runs `sample(rng)` on every
//! sequence of outcomes in a `python3` subprocess with a memory limit, under a wall-clock
//! limit enforced here, and prints the tree it implements.

use crate::Explored;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const EXPLORER: &str = include_str!("explore.py");
/// Largest explorer output read (about 8 bytes a node).
const OUTPUT_BYTES: u64 = 64 << 20;

/// Limits of one exploration.
#[derive(Clone, Debug)]
pub struct Limits {
    /// A path still calling after this many calls is cut (a loop, or too deep).
    pub max_calls: u32,
    /// Most nodes (calls and outputs) explored.
    pub max_nodes: u64,
    /// Wall-clock limit of the whole exploration.
    pub time: Duration,
    /// Address-space limit of the Python process.
    pub memory_bytes: u64,
}

/// Why a Python strategy could not be turned into a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExploreError {
    /// The strategy misbehaved on a path: `kind` is `exception`, `size`, `return`,
    /// `nondeterministic`, `too-large` or `memory`; `path` the outcomes that led there.
    Strategy { kind: String, path: Vec<u64>, detail: String },
    /// The file could not be loaded, or has no such function.
    Load(String),
    /// The exploration outlived its time limit.
    TimeLimit(Duration),
    /// python3 could not be run, or printed something unreadable.
    Explorer(String),
}

impl std::fmt::Display for ExploreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExploreError::Strategy { kind, path, detail } => {
                let path: Vec<String> = path.iter().map(u64::to_string).collect();
                let at = if path.is_empty() {
                    "at the start".to_string()
                } else {
                    format!("after outcomes {}", path.join(", "))
                };
                write!(f, "{kind} {at}: {detail}")
            }
            ExploreError::Load(why) => write!(f, "cannot load the strategy: {why}"),
            ExploreError::TimeLimit(limit) => {
                write!(
                    f,
                    "time limit: exploring every path took longer than {} s (does some path never return?)",
                    limit.as_secs()
                )
            }
            ExploreError::Explorer(why) => write!(f, "the Python explorer failed: {why}"),
        }
    }
}

/// Explores `function` in `file` for modulus `n`.
/// Returns the explored tree and how many calls deep each restart (if any) repeated the start.
pub fn explore_python(file: &Path, function: &str, n: u64, limits: &Limits) -> Result<(Explored, u32), ExploreError> {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(EXPLORER)
        .arg(file)
        .arg(function)
        .args([
            n.to_string(),
            limits.max_calls.to_string(),
            limits.max_nodes.to_string(),
            limits.memory_bytes.to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ExploreError::Explorer(format!("cannot run python3: {e}")))?;
    let stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.take(OUTPUT_BYTES).read_to_string(&mut text).map(|_| text)
    });
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > limits.time => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ExploreError::TimeLimit(limits.time));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(ExploreError::Explorer(e.to_string())),
        }
    }
    let text = reader.join().expect("reader thread").map_err(|e| ExploreError::Explorer(e.to_string()))?;
    read_report(&text)
}

fn read_report(text: &str) -> Result<(Explored, u32), ExploreError> {
    let value: serde_json::Value =
        serde_json::from_str(text.trim()).map_err(|e| ExploreError::Explorer(format!("unreadable output ({e})")))?;
    if let Some(error) = value.get("error") {
        let kind = error["kind"].as_str().unwrap_or("unknown").to_string();
        let detail = error["detail"].as_str().unwrap_or("").to_string();
        if kind == "load" {
            return Err(ExploreError::Load(detail));
        }
        let path = error["path"].as_array().map(|p| p.iter().filter_map(|v| v.as_u64()).collect()).unwrap_or_default();
        return Err(ExploreError::Strategy { kind, path, detail });
    }
    let items = value["tree"].as_array().ok_or_else(|| ExploreError::Explorer("no tree in the output".into()))?;
    let mut position = 0;
    let tree = preorder(items, &mut position).ok_or_else(|| ExploreError::Explorer("a malformed tree".into()))?;
    if position != items.len() {
        return Err(ExploreError::Explorer("a malformed tree".into()));
    }
    let evidence = value["evidence"].as_u64().unwrap_or(0).min(u32::MAX as u64) as u32;
    Ok((tree, evidence))
}

/// Preorder: an output is itself, a call of size m is `-m` and its m subtrees, a cut is null.
fn preorder(items: &[serde_json::Value], position: &mut usize) -> Option<Explored> {
    let item = items.get(*position)?;
    *position += 1;
    if item.is_null() {
        return Some(Explored::Cut);
    }
    if item.as_str() == Some("@") {
        return Some(Explored::Restart);
    }
    let number = item.as_i64()?;
    if number >= 0 {
        return Some(Explored::Output(number as u64));
    }
    let size = number.unsigned_abs();
    let children = (0..size).map(|_| preorder(items, position)).collect::<Option<Vec<_>>>()?;
    Some(Explored::Call { size, children })
}
