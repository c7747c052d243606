//! Feeds arbitrary bytes to `parse_beam`, which must return without
//! panicking, hanging or allocating beyond its documented limits.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cordon_vm::loader::parse_beam(data, "fuzz.beam");
});
