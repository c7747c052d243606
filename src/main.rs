//! The `cordon` command: runs Erlang/OTP 25 `.beam` files the way
//! `erl -noshell -run MOD FUNC ARGS -s init stop` does.

use std::path::PathBuf;
use std::process::ExitCode;

use cordon_vm::boot::{self, ArgKind, EntryCall, Options};

const USAGE: &str = "\
usage: cordon [-pa DIR]... [-pz DIR]... [--policy FILE] [--audit FILE] [--learn FILE]
              (-run MOD [FUNC [ARG...]] | -s MOD [FUNC [ARG...]] | -eval EXPRS)...
              [-noshell]

Runs each call in turn in one Erlang process and exits when the last
returns, as `erl -noshell -run MOD FUNC -s init stop` does.

  -pa DIR     add DIR to the front of the code path
  -pz DIR     add DIR to the end of the code path
  -run MOD [FUNC [ARG...]]
              call MOD:FUNC([ARG, ...]) with the arguments as strings,
              or MOD:FUNC() without arguments; FUNC defaults to start
  -s MOD [FUNC [ARG...]]
              as -run, with the arguments as atoms
  -eval EXPRS evaluate the Erlang expressions EXPRS, such as
              'X = 6 * 7, io:format(\"~p~n\", [X])', with OTP's erl_eval;
              needs Erlang/OTP installed
  -noshell    accepted for compatibility with erl; Cordon has no shell
  --policy FILE
              run the calls under the call policy in FILE, a file of
              Erlang terms such as `{mode, allow}.`; the processes they
              spawn inherit it
  --audit FILE
              write one JSON line per policy violation to FILE, which
              is created or emptied first
  --learn FILE
              record every checked call, registered name and spawn of
              the run and write an allowlist policy permitting them to FILE
  -h, --help  print this help
";

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        i += 1;
        match flag {
            "-pa" | "-pz" => {
                let mut dirs = 0;
                while i < args.len() && !args[i].starts_with('-') {
                    let dir = PathBuf::from(&args[i]);
                    if flag == "-pa" {
                        options.path_front.push(dir);
                    } else {
                        options.path_back.push(dir);
                    }
                    dirs += 1;
                    i += 1;
                }
                if dirs == 0 {
                    return Err(format!("{flag} needs a directory"));
                }
            }
            "-run" | "-s" => {
                let mut words = Vec::new();
                while i < args.len() && !args[i].starts_with('-') {
                    words.push(args[i].clone());
                    i += 1;
                }
                let Some(module) = words.first().cloned() else {
                    return Err(format!("{flag} needs a module name"));
                };
                let function = words.get(1).cloned().unwrap_or_else(|| "start".to_owned());
                let call_args = words.get(2..).map(<[String]>::to_vec).unwrap_or_default();
                options.calls.push(EntryCall::Apply {
                    module,
                    function,
                    args: call_args,
                    kind: if flag == "-run" {
                        ArgKind::Strings
                    } else {
                        ArgKind::Atoms
                    },
                });
            }
            "-eval" => {
                let Some(exprs) = args.get(i) else {
                    return Err(
                        "-eval needs Erlang expressions, such as -eval 'io:format(\"hi~n\")'"
                            .to_owned(),
                    );
                };
                i += 1;
                options.calls.push(EntryCall::Eval(exprs.clone()));
            }
            "-noshell" => {}
            "--policy" | "--audit" | "--learn" => {
                let Some(value) = args.get(i) else {
                    return Err(format!("{flag} needs a file name"));
                };
                i += 1;
                let path = Some(PathBuf::from(value));
                let slot = match flag {
                    "--policy" => &mut options.policy,
                    "--audit" => &mut options.audit,
                    _ => &mut options.learn,
                };
                if slot.is_some() {
                    return Err(format!("{flag} is given twice; give it once"));
                }
                *slot = path;
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    if options.calls.is_empty() {
        return Err("nothing to run: give -run MOD FUNC, -s MOD FUNC or -eval EXPRS".to_owned());
    }
    Ok(options)
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().filter_or("CORDON_LOG", "warn"))
        .init();
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(a) => args.push(a),
            Err(raw) => {
                eprintln!(
                    "cordon: argument {raw:?} is not valid UTF-8; Erlang module, function \
                     and argument names must be"
                );
                return ExitCode::from(2);
            }
        }
    }
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse(&args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("cordon: {message}\nRun `cordon --help` to list the options.");
            return ExitCode::from(2);
        }
    };
    // erl accepts such directories without a word; a warning saves a user
    // from wondering why a module is not found.
    for dir in options.path_front.iter().chain(&options.path_back) {
        if !dir.is_dir() {
            eprintln!(
                "cordon: warning: code path directory {} does not exist or is not a directory",
                dir.display()
            );
        }
    }
    let status = boot::run(&options);
    ExitCode::from(status.clamp(0, 255) as u8)
}
