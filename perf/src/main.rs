//! `cordon-perf`: the A/B performance runner. Times the benchmark programs
//! on Cordon in each execution mode and on erl, then writes RESULTS.md and
//! results.svg.

mod chart;
mod cli;
mod machine;
mod measure;
mod programs;
mod report;
mod runner;
mod stats;
mod vms;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, Parser};

use crate::cli::Cli;
use crate::report::ReportContext;
use crate::runner::RunConfig;
use crate::vms::Binaries;

/// File names of the outputs in the output directory.
const RESULTS_FILE: &str = "RESULTS.md";
const CHART_FILE: &str = "results.svg";

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return report_usage_error(&err),
    };
    match run(&cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("cordon-perf: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode, String> {
    let root = workspace_root();
    let cordon = cordon_path(cli, &root)?;
    let erl = vms::find_on_path("erl");
    if erl.is_none() {
        eprintln!(
            "cordon-perf: erl not found on PATH; measuring cordon alone, without ratios to erl"
        );
    }
    let binaries = Binaries {
        cordon: display_path(&cordon, &root),
        erl,
    };

    let discovered = programs::discover(&root)?;
    let planned = programs::plan(&discovered, &cli.programs, &cli.sizes, cli.quick)?;
    if planned.is_empty() {
        return Err(format!(
            "no programs found in {}",
            root.join(programs::PROGRAMS_DIR).display()
        ));
    }

    let out_dir = output_dir(cli, &root);
    fs::create_dir_all(&out_dir).map_err(|err| {
        format!(
            "cannot create the output directory {}: {err}",
            out_dir.display()
        )
    })?;
    if cli.quick && cli.out.is_none() {
        eprintln!(
            "cordon-perf: quick mode writes to {} so that the committed results stay as they are; \
             pass --out DIR to choose another directory",
            out_dir.display()
        );
    }

    let date = jiff::Timestamp::now()
        .strftime("%Y-%m-%d %H:%M:%S UTC")
        .to_string();
    let config = RunConfig {
        root: root.clone(),
        binaries: binaries.clone(),
        vms: vms::all_vms(binaries.erl.is_some()),
        runs: cli.run_count(),
        timeout: Duration::from_secs(cli.timeout),
    };
    let results = runner::run_all(&config, &planned);

    let chart_path = out_dir.join(CHART_FILE);
    let chart_file = match chart::write_chart(&chart_path, &config.vms, &results) {
        Ok(true) => Some(CHART_FILE.to_owned()),
        Ok(false) => None,
        Err(err) => {
            eprintln!("cordon-perf: cannot write {}: {err}", chart_path.display());
            None
        }
    };
    let context = ReportContext {
        machine: machine::describe_machine(),
        commit: machine::git_commit(&root),
        erl_version: binaries.erl.as_deref().and_then(machine::erl_version),
        date,
        runner_command: runner_command_line(),
        runs: config.runs,
        timeout_secs: cli.timeout,
        quick: cli.quick,
        size_overrides: cli.sizes.iter().map(|o| o.program.clone()).collect(),
        chart_file,
    };
    let markdown = report::render(&context, &config.vms, &results);
    let results_path = out_dir.join(RESULTS_FILE);
    fs::write(&results_path, markdown)
        .map_err(|err| format!("cannot write {}: {err}", results_path.display()))?;
    eprintln!("cordon-perf: wrote {}", results_path.display());
    if context.chart_file.is_some() {
        eprintln!("cordon-perf: wrote {}", chart_path.display());
    }

    let regressions: Vec<&str> = results
        .iter()
        .filter(|r| r.cordon_regressed())
        .map(|r| r.name.as_str())
        .collect();
    if regressions.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "cordon-perf: cordon failed where erl passed: {}",
            regressions.join(", ")
        );
        Ok(ExitCode::FAILURE)
    }
}

/// Prints a command-line error, or the help or version text that clap
/// produces as an error, followed by the usage line if clap left it out.
fn report_usage_error(err: &clap::Error) -> ExitCode {
    let _ = err.print();
    if err.use_stderr() {
        let rendered = err.render().to_string();
        if !rendered.contains("Usage:") {
            eprintln!("\n{}", Cli::command().render_usage());
        }
    }
    ExitCode::from(err.exit_code().clamp(0, 255) as u8)
}

/// Returns the workspace root, the parent of this crate's directory at
/// build time.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().unwrap_or(manifest);
    fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Returns the cordon binary, canonicalized: `--cordon`, else
/// `release/cordon` in `$CARGO_TARGET_DIR` or the workspace's `target/`.
fn cordon_path(cli: &Cli, root: &Path) -> Result<PathBuf, String> {
    let path = match &cli.cordon {
        Some(path) => path.clone(),
        None => {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .map_or_else(|| root.join("target"), |dir| root.join(dir));
            target.join("release").join("cordon")
        }
    };
    if !path.is_file() {
        let hint = if cli.cordon.is_some() {
            "check the --cordon path"
        } else {
            "build it first with `cargo build --release`, or pass --cordon PATH"
        };
        return Err(format!(
            "cordon binary not found at {}; {hint}",
            path.display()
        ));
    }
    fs::canonicalize(&path).map_err(|err| format!("cannot resolve {}: {err}", path.display()))
}

/// Returns `path` relative to `root` when it lies inside it, for shorter
/// commands in the report. Runs use `root` as their working directory.
fn display_path(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// Returns `--out`, else the workspace's perf/ directory, or with
/// `--quick` a directory under the system's temporary directory.
fn output_dir(cli: &Cli, root: &Path) -> PathBuf {
    match (&cli.out, cli.quick) {
        (Some(dir), _) => dir.clone(),
        (None, true) => std::env::temp_dir().join("cordon-perf-quick"),
        (None, false) => root.join("perf"),
    }
}

/// Returns this process's command line, with the program shown as
/// `cordon-perf`.
fn runner_command_line() -> String {
    let mut words = vec!["cordon-perf".to_owned()];
    words.extend(
        std::env::args_os()
            .skip(1)
            .map(|a| vms::shell_quote(&a.to_string_lossy())),
    );
    words.join(" ")
}
