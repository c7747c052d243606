//! Command-line options of `cordon-perf`, parsed with clap.

use std::path::PathBuf;

use clap::Parser;

/// Runs per program and VM when neither `--runs` nor `--quick` is given.
pub const DEFAULT_RUNS: u32 = 5;

/// Times each program in perf/programs, and examples/ring.erl, on Cordon in
/// every execution mode and on erl, then writes RESULTS.md and results.svg.
#[derive(Debug, Parser)]
#[command(name = "cordon-perf", version)]
pub struct Cli {
    /// Use each program's quick size and one run per VM, for CI. The results
    /// go to a temporary directory unless --out is given.
    #[arg(long)]
    pub quick: bool,

    /// Runs per program and VM [default: 5, or 1 with --quick]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub runs: Option<u32>,

    /// Time limit of each run, in seconds. A run that exceeds it is killed
    /// and reported as failed
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 120,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub timeout: u64,

    /// Arguments of NAME's main/1 in place of its default or quick size;
    /// separate several arguments with commas, as in ring=1000,100000.
    /// Repeat the option for more programs
    #[arg(long = "size", value_name = "NAME=N", value_parser = parse_size_override)]
    pub sizes: Vec<SizeOverride>,

    /// Run only these programs, as a comma-separated list of names
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub programs: Vec<String>,

    /// Directory to write RESULTS.md and results.svg to [default: perf/ of
    /// the workspace, or a temporary directory with --quick]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// The cordon binary to measure [default: release/cordon in the
    /// workspace's target directory, $CARGO_TARGET_DIR or target/]
    #[arg(long, value_name = "PATH")]
    pub cordon: Option<PathBuf>,
}

impl Cli {
    /// Returns the number of runs per program and VM.
    pub fn run_count(&self) -> u32 {
        match (self.runs, self.quick) {
            (Some(runs), _) => runs,
            (None, true) => 1,
            (None, false) => DEFAULT_RUNS,
        }
    }
}

/// A `--size NAME=N` option: the program's name and the arguments of its
/// `main/1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SizeOverride {
    pub program: String,
    pub args: Vec<String>,
}

/// Parses `NAME=N` or `NAME=N,M,...`, where each argument is a
/// non-negative integer, as every program's `main/1` expects.
pub fn parse_size_override(text: &str) -> Result<SizeOverride, String> {
    let Some((program, value)) = text.split_once('=') else {
        return Err("expected NAME=N, for example fib=30".to_owned());
    };
    if program.is_empty() {
        return Err("the program name before '=' is missing".to_owned());
    }
    let args = parse_size_args(value)?;
    Ok(SizeOverride {
        program: program.to_owned(),
        args,
    })
}

/// Splits a comma-separated list of non-negative integers into arguments.
pub fn parse_size_args(value: &str) -> Result<Vec<String>, String> {
    if value.is_empty() {
        return Err("the size after '=' is missing".to_owned());
    }
    let mut args = Vec::new();
    for part in value.split(',') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{part:?} is not a non-negative integer"));
        }
        args.push(part.to_owned());
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn size_override_single_argument() {
        let parsed = parse_size_override("fib=30").unwrap();
        assert_eq!(parsed.program, "fib");
        assert_eq!(parsed.args, vec!["30"]);
    }

    #[test]
    fn size_override_several_arguments() {
        let parsed = parse_size_override("ring=1000,100000").unwrap();
        assert_eq!(parsed.program, "ring");
        assert_eq!(parsed.args, vec!["1000", "100000"]);
    }

    #[test]
    fn size_override_rejects_bad_input() {
        for bad in ["fib", "=30", "fib=", "fib=x", "fib=-1", "fib=3,", "fib=1 2"] {
            assert!(parse_size_override(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn run_count_defaults() {
        let full = Cli::try_parse_from(["cordon-perf"]).unwrap();
        assert_eq!(full.run_count(), DEFAULT_RUNS);
        let quick = Cli::try_parse_from(["cordon-perf", "--quick"]).unwrap();
        assert_eq!(quick.run_count(), 1);
        let both = Cli::try_parse_from(["cordon-perf", "--quick", "--runs", "3"]).unwrap();
        assert_eq!(both.run_count(), 3);
    }

    #[test]
    fn cli_rejects_zero_runs_and_timeout() {
        assert!(Cli::try_parse_from(["cordon-perf", "--runs", "0"]).is_err());
        assert!(Cli::try_parse_from(["cordon-perf", "--timeout", "0"]).is_err());
    }

    #[test]
    fn cli_splits_program_list() {
        let cli = Cli::try_parse_from(["cordon-perf", "--programs", "fib,ring"]).unwrap();
        assert_eq!(cli.programs, vec!["fib", "ring"]);
    }
}
