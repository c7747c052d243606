//! Feeds arbitrary bytes to the loader: `parse_beam`, and for files that
//! parse, the translation into loaded instructions. Both must return
//! without panicking, hanging or allocating beyond their documented limits.

#![no_main]

use std::sync::LazyLock;

use cordon_vm::code::CodeServer;
use libfuzzer_sys::fuzz_target;

static CODE: LazyLock<CodeServer> =
    LazyLock::new(|| CodeServer::new(&cordon_vm::bif::all(), &[]));

fuzz_target!(|data: &[u8]| {
    if cordon_vm::loader::parse_beam(data, "fuzz.beam").is_ok() {
        // NOTE: each translation takes a module slot, so after 65,536
        // translated inputs the rest fail early with "too many modules".
        let _ = cordon_vm::load::load(&CODE, data, "fuzz.beam");
    }
});
