//! Feeds arbitrary bytes to the external term format decoder. Whatever
//! decodes must encode, and decode again to the same term.

#![no_main]

use cordon_vm::etf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = etf::decode_versioned(data);
    if let Ok((term, _)) = etf::decode(data) {
        let mut encoded = Vec::new();
        etf::encode(&term, &mut encoded);
        let (decoded, used) = etf::decode_versioned(&encoded).expect("encoded term must decode");
        assert_eq!(used, encoded.len());
        assert_eq!(decoded, term);
    }
});
