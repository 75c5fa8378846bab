//! `optimod show` (a checked certificate's strategy in words, as a picture or as its JSON) and
//! `optimod codegen` (a dependency-free function running it).

use crate::input::load_certificate;
use crate::output::{invalid, EXIT_OK};
use optimod_check::Checked;
use optimod_emit::{certified_strategy, claim_lines, sizes_in_words, title, CertificateStrategy};
use optimod_spec::{Tree, Witness};
use std::path::Path;

/// Largest tree, in leaves, drawn as a picture.
const DRAW_LEAVES: u64 = 20_000;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ShowFormat {
    Text,
    Dot,
    Svg,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum CodeLanguage {
    Rust,
    C,
    Python,
}

pub fn run(file: &Path, format: ShowFormat) -> u8 {
    let checked = match load_certificate(file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match format {
        ShowFormat::Json => print!("{}", checked.to_json()),
        ShowFormat::Text => {
            let spec = &checked.certificate().spec;
            println!("modulus {}, generators: {}", spec.modulus, sizes_in_words(spec));
            for line in claim_lines(&checked, usize::MAX) {
                println!("{line}");
            }
        }
        ShowFormat::Dot | ShowFormat::Svg => {
            let tree = match drawable_tree(&checked) {
                Ok(tree) => tree,
                Err(message) => return invalid(&message),
            };
            let dot = optimod_emit::emit_dot(&tree, &title(checked.certificate()));
            if matches!(format, ShowFormat::Dot) {
                print!("{dot}");
            } else {
                match render_svg(&dot) {
                    Ok(svg) => print!("{svg}"),
                    Err(message) => return invalid(&message),
                }
            }
        }
    }
    EXIT_OK
}

/// The certificate's strategy as an explicit tree small enough to draw.
fn drawable_tree(checked: &Checked) -> Result<Tree, String> {
    let in_words = "`optimod show FILE` describes it in words, `optimod codegen` turns it into code";
    match certified_strategy(checked) {
        Some(CertificateStrategy::Finite(witness)) => witness
            .to_tree(DRAW_LEAVES)
            .ok_or_else(|| format!("the strategy has more than {DRAW_LEAVES} leaves, too many to draw: {in_words}")),
        Some(CertificateStrategy::Automaton(_)) => {
            Err(format!("the strategy loops, it is not a finite tree: {in_words}"))
        }
        None => Err(format!(
            "no finite exact strategy exists for modulus {} with these generators",
            checked.certificate().spec.modulus
        )),
    }
}

fn render_svg(dot: &str) -> Result<String, String> {
    use std::io::Write;
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("--format svg needs Graphviz `dot` on PATH ({e}); --format dot prints its input"))?;
    child.stdin.take().expect("piped").write_all(dot.as_bytes()).map_err(|e| e.to_string())?;
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!("dot failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

pub fn codegen(file: &Path, lang: CodeLanguage, name: Option<&str>) -> u8 {
    let checked = match load_certificate(file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let n = checked.certificate().spec.modulus;
    let Some(strategy) = certified_strategy(&checked) else {
        return invalid(&format!("no finite exact strategy exists for modulus {n} with these generators"));
    };
    let default_name = format!("mod{n}");
    let name = name.unwrap_or(&default_name);
    let language = match lang {
        CodeLanguage::Rust => optimod_emit::Language::Rust,
        CodeLanguage::C => optimod_emit::Language::C,
        CodeLanguage::Python => optimod_emit::Language::Python,
    };
    if let Some(problem) = optimod_emit::name_problem(name, language) {
        return invalid(&format!("--name: {problem}; the generated code would not compile"));
    }
    let header = optimod_emit::code_header(&checked, env!("CARGO_PKG_VERSION"));
    match strategy {
        CertificateStrategy::Finite(Witness::Tree(tree)) => {
            print!("{}", optimod_emit::emit_code(&tree, name, &header, language))
        }
        CertificateStrategy::Finite(Witness::Blocks(blocks)) => {
            print!("{}", optimod_emit::emit_block_code(&blocks, name, &header, language))
        }
        CertificateStrategy::Automaton(a) => {
            print!("{}", optimod_emit::emit_automaton_code(&a, name, &header, language))
        }
    }
    EXIT_OK
}
