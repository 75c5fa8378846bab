//! A Python strategy explored path by path: `src/explore.py` runs `sample(rng)` on every
//! sequence of outcomes in a `python3` subprocess and reports the tree it implements.
//!
//! The strategy is hostile code. The child runs in its own process group (killed as a whole at
//! the time limit or when it ends), with an empty environment, Python's isolated mode, a fresh
//! empty working directory, no right to write files (`RLIMIT_FSIZE` 0) or to start processes
//! (`RLIMIT_NPROC` 0, which Linux does not apply to root) and an address-space limit. The
//! report travels on file descriptor 3, a pipe private to the explorer, and must carry a nonce
//! given on standard input: whatever the strategy prints on stdout or stderr is drained (so it
//! cannot stall the child) and shown on failure, never read as a report. What remains trusted:
//! that the strategy does not tamper with the explorer inside its own Python
//! process (the verdict says so).

use crate::Explored;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The explorer's Python source: run as a script by [`explore_python`]; imported as a module,
/// its `explore(function, n, max_calls, max_nodes, max_size, deadline)` gives the same report
/// in-process (the Python package grades a callable with it).
pub const EXPLORER: &str = include_str!("explore.py");
/// Most nodes (calls and outputs) an exploration visits, in every front end.
pub const EXPLORE_NODES: u64 = 2_000_000;
/// Largest explorer report read (about 8 bytes a node).
const OUTPUT_BYTES: u64 = 64 << 20;
/// Most bytes of the strategy's own stdout and stderr kept (the rest is read and dropped).
const ECHO_BYTES: usize = 4 << 10;
/// How long the report pipe may stay open after the child ended (a descendant holding it).
const DRAIN_GRACE: Duration = Duration::from_millis(500);

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
    /// Largest size `rng` accepts (a larger one is a fault of the strategy).
    pub max_size: u64,
}

/// Why a Python strategy could not be turned into a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExploreError {
    /// The strategy misbehaved on a path: `kind` is `exception`, `size`, `return`,
    /// `nondeterministic`, `too-large`, `memory` or `exit`; `path` the outcomes that led there.
    Strategy { kind: String, path: Vec<u64>, detail: String },
    /// The file could not be loaded, or has no such function.
    Load(String),
    /// The exploration outlived its time limit.
    TimeLimit(Duration),
    /// python3 could not be run.
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
                    limit.as_secs_f64()
                )
            }
            ExploreError::Explorer(why) => write!(f, "the Python explorer failed: {why}"),
        }
    }
}

/// Bytes read from a pipe on a thread of its own, kept up to a cap, the rest read and
/// dropped (so the writer never blocks); `done` once the pipe reached its end.
#[derive(Clone, Default)]
struct Drain {
    bytes: Arc<Mutex<Vec<u8>>>,
    done: Arc<std::sync::atomic::AtomicBool>,
}

impl Drain {
    fn start(mut source: impl Read + Send + 'static, cap: usize) -> Drain {
        let drain = Drain::default();
        let (bytes, done) = (drain.bytes.clone(), drain.done.clone());
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(k) = source.read(&mut chunk) {
                if k == 0 {
                    break;
                }
                let mut kept = bytes.lock().expect("drain lock");
                let room = cap.saturating_sub(kept.len()).min(k);
                kept.extend_from_slice(&chunk[..room]);
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        drain
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes.lock().expect("drain lock")).into_owned()
    }

    fn is_done(&self) -> bool {
        self.done.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A fresh, empty working directory for the child, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, ExploreError> {
        static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let k = COUNT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("optimod-explore-{}-{k}", std::process::id()));
        std::fs::create_dir(&dir)
            .map_err(|e| ExploreError::Explorer(format!("cannot make a working directory: {e}")))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Explores `function` in `file` for modulus `n`.
/// Returns the explored tree and how many calls deep each restart (if any) repeated the start.
pub fn explore_python(file: &Path, function: &str, n: u64, limits: &Limits) -> Result<(Explored, u32), ExploreError> {
    let file = file.canonicalize().map_err(|e| ExploreError::Load(format!("{}: {e}", file.display())))?;
    let scratch = Scratch::new()?;
    let (report_read, report_write) = pipe()?;
    let mut child = spawn(&file, function, n, limits, &scratch, report_write)?;
    let nonce = nonce();
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(format!("{nonce}\n").as_bytes());
    }
    let report = Drain::start(report_read, OUTPUT_BYTES as usize);
    let stdout = Drain::start(child.stdout.take().expect("piped"), ECHO_BYTES);
    let stderr = Drain::start(child.stderr.take().expect("piped"), ECHO_BYTES);
    let status = wait_within(&mut child, limits.time);
    // The whole group goes, descendants included, whatever the child did.
    kill_group(&child);
    let _ = child.wait();
    let status = status?;
    let grace = Instant::now();
    while !report.is_done() && grace.elapsed() < DRAIN_GRACE {
        std::thread::sleep(Duration::from_millis(5));
    }
    let echo = || echo(&stdout.text(), &stderr.text());
    match read_report(&report.text(), &nonce) {
        Some(Ok(explored)) if status.success() => Ok(explored),
        Some(Err(ExploreError::Strategy { kind, path, detail })) => {
            Err(ExploreError::Strategy { kind, path, detail: format!("{detail}{}", echo()) })
        }
        Some(Err(ExploreError::Load(why))) => Err(ExploreError::Load(format!("{why}{}", echo()))),
        Some(Err(other)) => Err(other),
        _ => Err(ExploreError::Strategy {
            kind: "exit".into(),
            path: vec![],
            detail: format!("the Python process ended ({status}) without the explorer's report{}", echo()),
        }),
    }
}

fn spawn(
    file: &Path,
    function: &str,
    n: u64,
    limits: &Limits,
    scratch: &Scratch,
    report_write: std::os::fd::OwnedFd,
) -> Result<Child, ExploreError> {
    use std::os::fd::AsRawFd;
    let report_fd = report_write.as_raw_fd();
    let memory = limits.memory_bytes;
    let mut command = Command::new("python3");
    command
        .arg("-I")
        .arg("-c")
        .arg(EXPLORER)
        .arg(file)
        .arg(function)
        .args([n.to_string(), limits.max_calls.to_string(), limits.max_nodes.to_string(), limits.max_size.to_string()])
        .env_clear()
        .current_dir(&scratch.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: between fork and exec only async-signal-safe calls (dup2, setpgid, setrlimit).
    unsafe {
        command.pre_exec(move || {
            if libc::dup2(report_fd, 3) < 0 || libc::setpgid(0, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            let limit = |resource, value: u64| {
                let rlim = libc::rlimit { rlim_cur: value as libc::rlim_t, rlim_max: value as libc::rlim_t };
                libc::setrlimit(resource, &rlim)
            };
            // No new processes or threads (RLIMIT_NPROC 0; the kernel exempts root, whose
            // forks stay in the process group killed at the end).
            let limits = [(libc::RLIMIT_AS, memory), (libc::RLIMIT_FSIZE, 0), (libc::RLIMIT_CORE, 0)];
            if limits.into_iter().chain([(libc::RLIMIT_NPROC, 0)]).any(|(resource, value)| limit(resource, value) < 0) {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = command.spawn().map_err(|e| ExploreError::Explorer(format!("cannot run python3: {e}")));
    drop(report_write);
    child
}

/// A pipe whose ends close on exec (the child gets the write end as fd 3 by `dup2`).
fn pipe() -> Result<(std::fs::File, std::os::fd::OwnedFd), ExploreError> {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills two new descriptors that nothing else owns.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(ExploreError::Explorer(format!("cannot make a pipe: {}", std::io::Error::last_os_error())));
    }
    // SAFETY: both descriptors are fresh and owned here alone.
    unsafe { Ok((std::fs::File::from_raw_fd(fds[0]), std::os::fd::OwnedFd::from_raw_fd(fds[1]))) }
}

/// Waits for the child, or gives up at `limit` (the caller kills the group either way).
fn wait_within(child: &mut Child, limit: Duration) -> Result<std::process::ExitStatus, ExploreError> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if start.elapsed() > limit => return Err(ExploreError::TimeLimit(limit)),
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(ExploreError::Explorer(e.to_string())),
        }
    }
}

fn kill_group(child: &Child) {
    // SAFETY: the child made itself the leader of its own group, so this names only it and
    // its descendants.
    unsafe {
        libc::killpg(child.id() as libc::pid_t, libc::SIGKILL);
    }
}

/// A value the strategy cannot guess: the report must carry it.
fn nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher
        .write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    hasher.write_u32(std::process::id());
    let a = hasher.finish();
    hasher.write_u64(a);
    format!("{a:016x}{:016x}", hasher.finish())
}

/// The first lines the strategy printed, for a failure message.
fn echo(stdout: &str, stderr: &str) -> String {
    let mut text = String::new();
    for (name, stream) in [("stdout", stdout), ("stderr", stderr)] {
        let lines: Vec<&str> = stream.lines().take(5).collect();
        if !lines.is_empty() {
            text.push_str(&format!("; its {name} began: {}", lines.join(" | ")));
        }
    }
    text
}

/// The explorer's report, `None` unless it is one JSON object carrying `nonce`.
fn read_report(text: &str, nonce: &str) -> Option<Result<(Explored, u32), ExploreError>> {
    let value: serde_json::Value = serde_json::from_str(text.trim()).ok()?;
    if value.get("nonce")?.as_str()? != nonce {
        return None;
    }
    Some(read_report_value(&value))
}

/// The explored tree of a report (`{"tree", "evidence"}`), or the fault it names
/// (`{"error": {"kind", "path", "detail"}}`).
pub fn read_report_value(value: &serde_json::Value) -> Result<(Explored, u32), ExploreError> {
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
