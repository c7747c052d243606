//! Feeds arbitrary text to the policy file reader and the specification
//! parser, as `--policy FILE` does. Whatever parses as a layer must render
//! as a specification that parses to the same patterns.

#![no_main]

use cordon_vm::atom::Atom;
use cordon_vm::policy::Policy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(terms) = cordon_guards::file::parse(text) else {
        return;
    };
    let mut pairs = Vec::new();
    for term in terms {
        let mut intern = |name: &String| Atom::intern(name).map_err(|_| ());
        let Ok(cordon_guards::Value::Tuple(mut kv)) = term.try_map_atoms(&mut intern) else {
            return;
        };
        if kv.len() != 2 {
            return;
        }
        let value = kv.pop().unwrap();
        let key = kv.pop().unwrap();
        pairs.push((key, value));
    }
    if let Ok(layer) = Policy::from_pairs(&pairs) {
        let spec = layer.to_value(&mut |s| Atom::from_static(s));
        let again = Policy::from_map(&spec).expect("a rendered layer parses");
        assert_eq!(again.patterns, layer.patterns);
        assert_eq!(again.names, layer.names);
    }
});
