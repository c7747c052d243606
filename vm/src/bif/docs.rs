//! Renders `docs/bifs.md`, the list of BIFs Cordon implements and of the
//! `erlang` functions of OTP 25 it does not have yet.
//!
//! A unit test keeps the file in step with the BIF tables: it fails when
//! the rendered text differs from the file, and rewrites the file when run
//! with `CORDON_BLESS=1`.

use std::collections::BTreeMap;
use std::fmt::Write;

/// Renders the BIF list. `otp_erlang_exports` is the text of
/// `docs/otp25-erlang-exports.txt`: `erlang:F/A` lines, `#` comments.
pub fn render(otp_erlang_exports: &str) -> String {
    let mut by_module: BTreeMap<&str, Vec<(&str, u32, bool)>> = BTreeMap::new();
    for table in super::all() {
        for def in table.iter() {
            by_module
                .entry(def.module)
                .or_default()
                .push((def.function, def.arity, def.guard));
        }
    }
    let mut out = String::new();
    out.push_str("# Built-in functions\n\n");
    out.push_str(
        "Generated from the BIF tables in `vm/src/bif/` by the `bif::docs` unit test \
         (rerun it with `CORDON_BLESS=1` after changing a table). Every function listed \
         here is native Rust code; \"guard\" marks those allowed in guards.\n\n",
    );
    out.push_str(
        "Functions of other modules (`lists:map/2`, `io:format/2`, ...) run from OTP's \
         own `.beam` files, found on the code path. Without OTP, the `io`, `io_lib` and \
         `lists` modules that Cordon carries take their place.\n\n",
    );
    out.push_str(
        "The `ets` functions OTP 25 implements natively are BIFs here; the rest of `ets` \
         (`foldl/3`, `tab2list/1`, `match_delete/2`, `test_ms/2`, `fun2ms/1`, `tab2file/2`, \
         ...) runs from OTP's `ets.beam` on top of them. `ets:info/2` does not answer the \
         `stats` and `binary` items, which describe OTP's internals.\n\n",
    );
    let implemented: Vec<String> = by_module
        .iter()
        .flat_map(|(m, fs)| fs.iter().map(move |(f, a, _)| format!("{m}:{f}/{a}")))
        .collect();
    let missing: Vec<&str> = otp_erlang_exports
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| !implemented.iter().any(|i| i == l))
        .collect();
    out.push_str("## Not implemented yet\n\n");
    let _ = writeln!(
        out,
        "{} of the {} functions OTP 25's `erlang` module exports have no BIF here yet; \
         calling one raises `undef`:\n",
        missing.len(),
        otp_erlang_exports
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count()
    );
    for m in &missing {
        let _ = writeln!(out, "- `{m}`");
    }
    out.push('\n');
    for (module, functions) in &mut by_module {
        functions.sort();
        functions.dedup();
        let _ = writeln!(out, "## {module}\n");
        out.push_str("| function | guard |\n| --- | --- |\n");
        for (f, a, guard) in functions.iter() {
            let name = f.replace('|', "\\|");
            let _ = writeln!(
                out,
                "| `{name}/{a}` | {} |",
                if *guard { "guard" } else { "" }
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bif_list_is_current() {
        let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs");
        let exports = std::fs::read_to_string(docs.join("otp25-erlang-exports.txt"))
            .expect("docs/otp25-erlang-exports.txt is readable");
        let rendered = super::render(&exports);
        let path = docs.join("bifs.md");
        if std::env::var_os("CORDON_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(&path, &rendered).expect("docs/bifs.md is writable");
            return;
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == rendered,
            "docs/bifs.md is out of date with the BIF tables; rerun this test with CORDON_BLESS=1"
        );
    }
}
