//! Tests of the external term format against bytes that `term_to_binary`
//! of OTP 25 (erts 13.1.5) wrote, and against hostile input.
//!
//! The `SAMPLES` hex was printed once by an escript that called
//! `term_to_binary/1` and `term_to_binary/2` with `{minor_version, 2}` and
//! `{minor_version, 0}` on each term. The local fun came from
//! `sample_fun:make(7)`, where `make(Y) -> fun(X) -> X + Y end`.

use super::*;
use num_bigint::BigInt;

struct Sample {
    name: &'static str,
    /// `term_to_binary(T)`, which uses minor version 1 in OTP 25.
    v1: &'static str,
    /// `term_to_binary(T, [{minor_version, 2}])` where it differs from `v1`.
    v2: Option<&'static str>,
    /// `term_to_binary(T, [{minor_version, 0}])` where it differs from `v1`.
    v0: Option<&'static str>,
}

#[rustfmt::skip]
const SAMPLES: &[Sample] = &[
    Sample { name: "small_integer", v1: "836100", v2: None, v0: None },
    Sample { name: "byte_max", v1: "8361ff", v2: None, v0: None },
    Sample { name: "integer_256", v1: "836200000100", v2: None, v0: None },
    Sample { name: "minus_one", v1: "8362ffffffff", v2: None, v0: None },
    Sample { name: "i32_max", v1: "83627fffffff", v2: None, v0: None },
    Sample { name: "i32_min", v1: "836280000000", v2: None, v0: None },
    Sample { name: "above_i32", v1: "836e040000000080", v2: None, v0: None },
    Sample { name: "below_i32", v1: "836e040101000080", v2: None, v0: None },
    Sample { name: "i64_max", v1: "836e0800ffffffffffffff7f", v2: None, v0: None },
    Sample { name: "i64_min", v1: "836e08010000000000000080", v2: None, v0: None },
    Sample { name: "above_i64", v1: "836e08000000000000000080", v2: None, v0: None },
    Sample { name: "big_2_pow_2100", v1: "836f00000107000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010", v2: None, v0: None },
    Sample { name: "minus_big_2_pow_2100", v1: "836f00000107010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010", v2: None, v0: None },
    Sample { name: "float_1_5", v1: "83463ff8000000000000", v2: None, v0: Some("8363312e3530303030303030303030303030303030303030652b30300000000000") },
    Sample { name: "float_minus_zero", v1: "83468000000000000000", v2: None, v0: Some("83632d302e3030303030303030303030303030303030303030652b303000000000") },
    Sample { name: "float_0_1", v1: "83463fb999999999999a", v2: None, v0: Some("8363312e3030303030303030303030303030303035353531652d30310000000000") },
    Sample { name: "float_1e300", v1: "83467e37e43c8800759c", v2: None, v0: Some("8363312e3030303030303030303030303030303035323530652b33303000000000") },
    Sample { name: "float_denormal", v1: "83460000000000000001", v2: None, v0: Some("8363342e3934303635363435383431323436353434313737652d33323400000000") },
    Sample { name: "atom_ok", v1: "836400026f6b", v2: Some("8377026f6b"), v0: None },
    Sample { name: "atom_empty", v1: "83640000", v2: Some("837700"), v0: None },
    Sample { name: "atom_latin1", v1: "83640001e9", v2: Some("837702c3a9"), v0: None },
    Sample { name: "atom_alpha", v1: "837702ceb1", v2: None, v0: None },
    Sample { name: "atom_long_latin1", v1: "836400ff616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161", v2: Some("8377ff616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161"), v0: None },
    Sample { name: "atom_long_utf8", v1: "83760190ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1ceb1", v2: None, v0: None },
    Sample { name: "tuple_empty", v1: "836800", v2: None, v0: None },
    Sample { name: "tuple_pair", v1: "83680261016102", v2: None, v0: None },
    Sample { name: "tuple_large", v1: "836900000100610161026103610461056106610761086109610a610b610c610d610e610f6110611161126113611461156116611761186119611a611b611c611d611e611f6120612161226123612461256126612761286129612a612b612c612d612e612f6130613161326133613461356136613761386139613a613b613c613d613e613f6140614161426143614461456146614761486149614a614b614c614d614e614f6150615161526153615461556156615761586159615a615b615c615d615e615f6160616161626163616461656166616761686169616a616b616c616d616e616f6170617161726173617461756176617761786179617a617b617c617d617e617f6180618161826183618461856186618761886189618a618b618c618d618e618f6190619161926193619461956196619761986199619a619b619c619d619e619f61a061a161a261a361a461a561a661a761a861a961aa61ab61ac61ad61ae61af61b061b161b261b361b461b561b661b761b861b961ba61bb61bc61bd61be61bf61c061c161c261c361c461c561c661c761c861c961ca61cb61cc61cd61ce61cf61d061d161d261d361d461d561d661d761d861d961da61db61dc61dd61de61df61e061e161e261e361e461e561e661e761e861e961ea61eb61ec61ed61ee61ef61f061f161f261f361f461f561f661f761f861f961fa61fb61fc61fd61fe61ff6200000100", v2: None, v0: None },
    Sample { name: "nil", v1: "836a", v2: None, v0: None },
    Sample { name: "string", v1: "836b000568656c6c6f", v2: None, v0: None },
    Sample { name: "list_256", v1: "836c0000000162000001006a", v2: None, v0: None },
    Sample { name: "improper", v1: "836c0000000161016102", v2: None, v0: None },
    Sample { name: "nested_list", v1: "836c00000002640001616c00000001640001626a6a", v2: Some("836c000000027701616c000000017701626a6a"), v0: None },
    Sample { name: "byte_list_improper", v1: "836c00000002610161026d0000000103", v2: None, v0: None },
    Sample { name: "binary_empty", v1: "836d00000000", v2: None, v0: None },
    Sample { name: "binary", v1: "836d00000003010203", v2: None, v0: None },
    Sample { name: "bits_1", v1: "834d000000010180", v2: None, v0: None },
    Sample { name: "bits_11", v1: "834d0000000203ff20", v2: None, v0: None },
    Sample { name: "map_empty", v1: "837400000000", v2: None, v0: None },
    Sample { name: "map_pair", v1: "837400000002640001616101640001626102", v2: Some("83740000000277016161017701626102"), v0: None },
    Sample { name: "map_nested", v1: "837400000001680164000178740000000161016b000173", v2: Some("8374000000016801770178740000000161016b000173"), v0: None },
    Sample { name: "pid", v1: "835864000d6e6f6e6f6465406e6f686f7374000000090000000000000000", v2: Some("8358770d6e6f6e6f6465406e6f686f7374000000090000000000000000"), v0: None },
    Sample { name: "port", v1: "835964000d6e6f6e6f6465406e6f686f73740000000500000000", v2: Some("8359770d6e6f6e6f6465406e6f686f73740000000500000000"), v0: None },
    Sample { name: "reference", v1: "835a000364000d6e6f6e6f6465406e6f686f737400000000000000030000000200000001", v2: Some("835a0003770d6e6f6e6f6465406e6f686f737400000000000000030000000200000001"), v0: None },
    Sample { name: "export_fun", v1: "83716400056c697374736400036d61706102", v2: Some("837177056c6973747377036d61706102"), v0: None },
    Sample { name: "local_fun", v1: "837000000050013e250c3c75a8efe1b8be86e1c29c9cb9000000000000000164000a73616d706c655f66756e61006201f128615864000d6e6f6e6f6465406e6f686f73740000000900000000000000006107", v2: Some("83700000004e013e250c3c75a8efe1b8be86e1c29c9cb90000000000000001770a73616d706c655f66756e61006201f1286158770d6e6f6e6f6465406e6f686f73740000000900000000000000006107"), v0: None },
];

/// A compressed `{[ok, ...40 times], <<0:800>>}` from
/// `term_to_binary(T, [compressed])`.
const COMPRESSED_SAMPLE: &str =
    "835000000139789ccb60ca616060d0486160cacf1e0644562ed037290c740000f9e9343a";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn int(value: i64) -> ExtTerm {
    ExtTerm::Integer(value)
}

fn atom(name: &str) -> ExtTerm {
    ExtTerm::atom(name)
}

fn node() -> String {
    "nonode@nohost".to_owned()
}

/// Returns the term each sample encodes, or `None` for the local fun,
/// which is checked field by field.
fn expected_term(name: &str) -> Option<ExtTerm> {
    let big = |shift: usize| BigInt::from(1u8) << shift;
    let term = match name {
        "small_integer" => int(0),
        "byte_max" => int(255),
        "integer_256" => int(256),
        "minus_one" => int(-1),
        "i32_max" => int(i64::from(i32::MAX)),
        "i32_min" => int(i64::from(i32::MIN)),
        "above_i32" => int(1 << 31),
        "below_i32" => int(-(1 << 31) - 1),
        "i64_max" => int(i64::MAX),
        "i64_min" => int(i64::MIN),
        "above_i64" => ExtTerm::BigInteger(big(63)),
        "big_2_pow_2100" => ExtTerm::BigInteger(big(2100)),
        "minus_big_2_pow_2100" => ExtTerm::BigInteger(-big(2100)),
        "float_1_5" => ExtTerm::Float(1.5),
        "float_minus_zero" => ExtTerm::Float(-0.0),
        "float_0_1" => ExtTerm::Float(0.1),
        "float_1e300" => ExtTerm::Float(1.0e300),
        "float_denormal" => ExtTerm::Float(5.0e-324),
        "atom_ok" => atom("ok"),
        "atom_empty" => atom(""),
        "atom_latin1" => atom("é"),
        "atom_alpha" => atom("α"),
        "atom_long_latin1" => atom(&"a".repeat(255)),
        "atom_long_utf8" => atom(&"α".repeat(200)),
        "tuple_empty" => ExtTerm::Tuple(vec![]),
        "tuple_pair" => ExtTerm::Tuple(vec![int(1), int(2)]),
        "tuple_large" => ExtTerm::Tuple((1..=256).map(int).collect()),
        "nil" => ExtTerm::Nil,
        "string" => ExtTerm::string(b"hello"),
        "list_256" => ExtTerm::proper_list(vec![int(256)]),
        "improper" => ExtTerm::List(vec![int(1)], Box::new(int(2))),
        "nested_list" => {
            ExtTerm::proper_list(vec![atom("a"), ExtTerm::proper_list(vec![atom("b")])])
        }
        "byte_list_improper" => {
            ExtTerm::List(vec![int(1), int(2)], Box::new(ExtTerm::Binary(vec![3])))
        }
        "binary_empty" => ExtTerm::Binary(vec![]),
        "binary" => ExtTerm::Binary(vec![1, 2, 3]),
        "bits_1" => ExtTerm::BitBinary {
            bytes: vec![0x80],
            bits_in_last_byte: 1,
        },
        "bits_11" => ExtTerm::BitBinary {
            bytes: vec![0xff, 0x20],
            bits_in_last_byte: 3,
        },
        "map_empty" => ExtTerm::Map(vec![]),
        "map_pair" => ExtTerm::Map(vec![(atom("a"), int(1)), (atom("b"), int(2))]),
        "map_nested" => ExtTerm::Map(vec![(
            ExtTerm::Tuple(vec![atom("x")]),
            ExtTerm::Map(vec![(int(1), ExtTerm::string(b"s"))]),
        )]),
        "pid" => ExtTerm::Pid(Pid {
            node: node(),
            id: 9,
            serial: 0,
            creation: 0,
        }),
        "port" => ExtTerm::Port(Port {
            node: node(),
            id: 5,
            creation: 0,
        }),
        "reference" => ExtTerm::Reference(Reference {
            node: node(),
            creation: 0,
            ids: vec![3, 2, 1],
        }),
        "export_fun" => ExtTerm::ExportFun {
            module: "lists".to_owned(),
            function: "map".to_owned(),
            arity: 2,
        },
        "local_fun" => return None,
        other => panic!("no expected term for sample {other}"),
    };
    Some(term)
}

fn encoded(term: &ExtTerm, minor_version: MinorVersion) -> Vec<u8> {
    let mut out = Vec::new();
    encode_with(term, minor_version, &mut out);
    out
}

fn sample_versions(sample: &Sample) -> [(MinorVersion, &'static str); 3] {
    [
        (MinorVersion::V0, sample.v0.unwrap_or(sample.v1)),
        (MinorVersion::V1, sample.v1),
        (MinorVersion::V2, sample.v2.unwrap_or(sample.v1)),
    ]
}

#[test]
fn encode_matches_erl_bytes() {
    for sample in SAMPLES {
        let Some(term) = expected_term(sample.name) else {
            continue;
        };
        for (minor_version, expected) in sample_versions(sample) {
            let actual = encoded(&term, minor_version);
            assert_eq!(
                actual,
                hex(expected),
                "{} with {minor_version:?}",
                sample.name
            );
        }
    }
}

#[test]
fn decode_matches_expected_terms() {
    for sample in SAMPLES {
        let Some(term) = expected_term(sample.name) else {
            continue;
        };
        for (minor_version, bytes) in sample_versions(sample) {
            let bytes = hex(bytes);
            let (decoded, used) = decode_versioned(&bytes).unwrap();
            assert_eq!(decoded, term, "{} with {minor_version:?}", sample.name);
            assert_eq!(used, bytes.len(), "{} with {minor_version:?}", sample.name);
        }
    }
}

#[test]
fn local_fun_decodes_and_reencodes() {
    let sample = SAMPLES
        .iter()
        .find(|sample| sample.name == "local_fun")
        .unwrap();
    let bytes = hex(sample.v1);
    let (term, _) = decode_versioned(&bytes).unwrap();
    let ExtTerm::LocalFun(fun) = &term else {
        panic!("expected a local fun, got {term:?}")
    };
    assert_eq!(fun.module, "sample_fun");
    assert_eq!(fun.arity, 1);
    assert_eq!(fun.index, 0);
    assert_eq!(fun.old_index, 0);
    assert_eq!(fun.free_vars, vec![int(7)]);
    assert_eq!(fun.pid.node, "nonode@nohost");
    for (minor_version, expected) in sample_versions(sample) {
        assert_eq!(
            encoded(&term, minor_version),
            hex(expected),
            "{minor_version:?}"
        );
    }
}

#[test]
fn round_trip_preserves_terms() {
    let fun = LocalFun {
        arity: 2,
        uniq: [9; 16],
        index: 3,
        module: "m".to_owned(),
        old_index: 3,
        old_uniq: 123_456_789,
        pid: Pid {
            node: node(),
            id: 1,
            serial: 2,
            creation: 3,
        },
        free_vars: vec![atom("free"), ExtTerm::Float(2.5)],
    };
    let terms = vec![
        int(-300),
        ExtTerm::BigInteger(-(BigInt::from(1u8) << 70usize)),
        ExtTerm::Float(-1.25e-10),
        atom("ünïcødé ☃"),
        ExtTerm::Tuple(vec![ExtTerm::Nil, ExtTerm::Binary(vec![0; 300])]),
        ExtTerm::proper_list((0..70_000).map(|i| int(i % 256)).collect()),
        ExtTerm::string(&[0; 65_535]),
        ExtTerm::List(vec![int(1)], Box::new(atom("tail"))),
        ExtTerm::BitBinary {
            bytes: vec![1, 2, 0xe0],
            bits_in_last_byte: 3,
        },
        ExtTerm::Map(vec![(atom("k"), ExtTerm::Map(vec![]))]),
        ExtTerm::Port(Port {
            node: node(),
            id: 1 << 40,
            creation: 7,
        }),
        ExtTerm::Reference(Reference {
            node: node(),
            creation: 1,
            ids: vec![1, 2, 3, 4, 5],
        }),
        ExtTerm::LocalFun(Box::new(fun)),
    ];
    for term in &terms {
        for minor_version in [MinorVersion::V0, MinorVersion::V1, MinorVersion::V2] {
            let bytes = encoded(term, minor_version);
            let (decoded, used) = decode_versioned(&bytes).unwrap();
            assert_eq!(&decoded, term, "{minor_version:?}");
            assert_eq!(used, bytes.len());
        }
    }
}

#[test]
fn encode_flattens_list_tails() {
    let nested = ExtTerm::List(
        vec![int(1)],
        Box::new(ExtTerm::List(vec![int(2)], Box::new(ExtTerm::Nil))),
    );
    let mut out = Vec::new();
    encode(&nested, &mut out);
    assert_eq!(out, hex("836b00020102"));
    let empty = ExtTerm::List(vec![], Box::new(ExtTerm::Nil));
    let mut out = Vec::new();
    encode(&empty, &mut out);
    assert_eq!(out, hex("836a"));
}

#[test]
fn string_ext_ends_at_65535_elements() {
    let longest = ExtTerm::string(&[1; 65_535]);
    assert_eq!(encoded(&longest, MinorVersion::V1)[1], tag::STRING_EXT);
    let too_long = ExtTerm::string(&[1; 65_536]);
    assert_eq!(encoded(&too_long, MinorVersion::V1)[1], tag::LIST_EXT);
}

#[test]
fn decode_reads_compressed_terms() {
    let bytes = hex(COMPRESSED_SAMPLE);
    let (term, used) = decode_versioned(&bytes).unwrap();
    let expected = ExtTerm::Tuple(vec![
        ExtTerm::proper_list(vec![atom("ok"); 40]),
        ExtTerm::Binary(vec![0; 100]),
    ]);
    assert_eq!(term, expected);
    assert_eq!(used, bytes.len());
}

#[test]
fn decode_accepts_older_tags() {
    let node_atom = "64000d6e6f6e6f6465406e6f686f7374";
    let cases = [
        (
            format!("67{node_atom}000000090000000002"),
            ExtTerm::Pid(Pid {
                node: node(),
                id: 9,
                serial: 0,
                creation: 2,
            }),
        ),
        (
            format!("66{node_atom}0000000503"),
            ExtTerm::Port(Port {
                node: node(),
                id: 5,
                creation: 3,
            }),
        ),
        (
            format!("78{node_atom}000000010000000000000004"),
            ExtTerm::Port(Port {
                node: node(),
                id: 1 << 32,
                creation: 4,
            }),
        ),
        (
            format!("65{node_atom}0000000701"),
            ExtTerm::Reference(Reference {
                node: node(),
                creation: 1,
                ids: vec![7],
            }),
        ),
        (
            format!("720002{node_atom}020000000100000002"),
            ExtTerm::Reference(Reference {
                node: node(),
                creation: 2,
                ids: vec![1, 2],
            }),
        ),
        ("7302c3a9".to_owned(), atom("Ã©")),
        ("760002c3a9".to_owned(), atom("é")),
        // FLOAT_EXT text that `%.20e` would not write, with a trailing space.
        (
            format!("63{}", "2d322e35652d3320".to_owned() + &"00".repeat(23)),
            ExtTerm::Float(-0.0025),
        ),
        // A zero-element LIST_EXT is its tail, a SMALL_BIG that fits is an integer.
        ("6c000000006a".to_owned(), ExtTerm::Nil),
        ("6e0301ffff00".to_owned(), int(-65535)),
        ("4d0000000108ff".to_owned(), ExtTerm::Binary(vec![0xff])),
        (
            "4d0000000103ff".to_owned(),
            ExtTerm::BitBinary {
                bytes: vec![0xe0],
                bits_in_last_byte: 3,
            },
        ),
    ];
    for (bytes, expected) in cases {
        let (term, used) = decode(&hex(&bytes)).unwrap();
        assert_eq!(term, expected, "{bytes}");
        assert_eq!(used, bytes.len() / 2, "{bytes}");
    }
}

#[test]
fn decode_flattens_chained_list_tails() {
    let mut bytes = Vec::new();
    for i in 0..100_000u32 {
        bytes.extend_from_slice(&[tag::LIST_EXT, 0, 0, 0, 1, tag::SMALL_INTEGER_EXT, i as u8]);
    }
    bytes.extend_from_slice(&[tag::STRING_EXT, 0, 2, 1, 2]);
    let (term, used) = decode(&bytes).unwrap();
    assert_eq!(used, bytes.len());
    let elements = term.as_proper_list().unwrap();
    assert_eq!(elements.len(), 100_002);
    assert_eq!(elements[255], int(255));
    assert_eq!(elements[100_001], int(2));
}

fn nested_tuples(depth: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    for _ in 0..depth {
        bytes.extend_from_slice(&[tag::SMALL_TUPLE_EXT, 1]);
    }
    bytes.push(tag::NIL_EXT);
    bytes
}

#[test]
fn decode_limits_nesting_depth() {
    let limit = DecodeLimits::default().max_depth;
    assert!(decode(&nested_tuples(limit)).is_ok());
    let error = decode(&nested_tuples(limit + 1)).unwrap_err();
    assert_eq!(error.kind, EtfErrorKind::NestingTooDeep { limit });
    let deep_lists: Vec<u8> = (0..1_000_000)
        .flat_map(|_| [tag::LIST_EXT, 0, 0, 0, 1])
        .collect();
    assert!(matches!(
        decode(&deep_lists).unwrap_err().kind,
        EtfErrorKind::NestingTooDeep { .. }
    ));
    let custom = DecodeLimits {
        max_depth: 3,
        ..DecodeLimits::default()
    };
    assert!(decode_with_limits(&nested_tuples(3), &custom).is_ok());
    assert!(decode_with_limits(&nested_tuples(4), &custom).is_err());
}

/// The recursive traits of a term at the default depth limit must fit in
/// the 2 MiB stack that Rust gives spawned threads by default.
#[test]
fn max_depth_term_fits_default_thread_stack() {
    let bytes = nested_tuples(DecodeLimits::default().max_depth);
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let (term, _) = decode(&bytes).unwrap();
            let copy = term.clone();
            assert_eq!(copy, term);
            assert!(format!("{term:?}").len() > 1000);
            let mut out = Vec::new();
            encode(&term, &mut out);
            drop(copy);
            drop(term);
            out.len()
        })
        .unwrap();
    assert!(handle.join().unwrap() > 2000);
}

#[test]
fn truncated_samples_are_rejected() {
    for sample in SAMPLES {
        for (_, text) in sample_versions(sample) {
            let bytes = hex(text);
            for length in 0..bytes.len() {
                assert!(
                    decode_versioned(&bytes[..length]).is_err(),
                    "{} cut at {length}",
                    sample.name
                );
            }
        }
    }
    let compressed = hex(COMPRESSED_SAMPLE);
    for length in 0..compressed.len() {
        assert!(
            decode_versioned(&compressed[..length]).is_err(),
            "compressed cut at {length}"
        );
    }
}

#[test]
fn invalid_terms_are_rejected() {
    use EtfErrorKind::*;
    let cases: Vec<(&str, EtfErrorKind)> = vec![
        (
            "",
            UnexpectedEnd {
                needed: 1,
                available: 0,
            },
        ),
        ("01", UnknownTag(1)),
        (
            "52",
            UnsupportedTag {
                tag: 82,
                name: "ATOM_CACHE_REF, used only in distribution",
            },
        ),
        (
            "75",
            UnsupportedTag {
                tag: 117,
                name: "FUN_EXT, removed in OTP 23",
            },
        ),
        (
            "6cffffffff6a",
            LengthTooLarge {
                what: "list",
                length: u32::MAX as u64,
                available: 1,
            },
        ),
        (
            "74ffffffff",
            LengthTooLarge {
                what: "map",
                length: u32::MAX as u64,
                available: 0,
            },
        ),
        ("6f000000020201", InvalidBigSign(2)),
        ("7702ff00", InvalidUtf8Atom),
        ("467ff0000000000000", NonFiniteFloat),
        ("467ff8000000000000", NonFiniteFloat),
        (
            "63696e66",
            UnexpectedEnd {
                needed: 31,
                available: 3,
            },
        ),
        ("4d0000000100ff", InvalidBitCount { bits: 0, length: 1 }),
        ("4d0000000109ff", InvalidBitCount { bits: 9, length: 1 }),
        ("4d0000000001", InvalidBitCount { bits: 1, length: 0 }),
        (
            "71610161016101",
            UnexpectedTag {
                field: "EXPORT_EXT module",
                expected: "an atom",
                found: 97,
            },
        ),
        (
            "6b0005616263",
            UnexpectedEnd {
                needed: 5,
                available: 3,
            },
        ),
    ];
    for (text, expected) in cases {
        let error = decode(&hex(text)).unwrap_err();
        assert_eq!(error.kind, expected, "{text}");
    }
    let long_atom = format!("760100{}", "61".repeat(256));
    let error = decode(&hex(&long_atom)).unwrap_err();
    assert_eq!(error.kind, AtomTooLong { characters: 256 });
}

#[test]
fn invalid_versioned_and_compressed_terms_are_rejected() {
    let error = decode_versioned(&hex("836a00")).map(|(_, used)| used);
    assert_eq!(error, Ok(2), "decode_versioned stops after one term");
    let missing = decode_versioned(&hex("6a")).unwrap_err();
    assert_eq!(
        missing.kind,
        EtfErrorKind::MissingVersion { found: Some(0x6a) }
    );
    assert_eq!(
        missing.to_string(),
        "invalid external term at byte 0: expected version byte 131, found 106"
    );

    let mut wrong_size = hex(COMPRESSED_SAMPLE);
    wrong_size[5] += 1;
    let error = decode_versioned(&wrong_size).unwrap_err();
    assert!(matches!(
        error.kind,
        EtfErrorKind::Compression(InflateError::SizeMismatch { .. })
    ));

    let mut huge = hex(COMPRESSED_SAMPLE);
    huge[2..6].copy_from_slice(&u32::MAX.to_be_bytes());
    let error = decode_versioned(&huge).unwrap_err();
    assert!(matches!(
        error.kind,
        EtfErrorKind::Compression(InflateError::TooLarge { .. })
    ));

    let mut corrupt = hex(COMPRESSED_SAMPLE);
    let last = corrupt.len() - 1;
    corrupt[last] ^= 0xff;
    assert!(decode_versioned(&corrupt).is_err());
}

#[test]
fn fun_size_must_match_fields() {
    let sample = SAMPLES
        .iter()
        .find(|sample| sample.name == "local_fun")
        .unwrap();
    let mut bytes = hex(sample.v1);
    bytes[5] += 1;
    let error = decode_versioned(&bytes).unwrap_err();
    assert!(
        matches!(error.kind, EtfErrorKind::FunSizeMismatch { .. }),
        "{error}"
    );
}

#[test]
fn error_offsets_point_at_the_bad_byte() {
    // Version byte, tuple of 2, small integer 1, then an unknown tag.
    let error = decode_versioned(&hex("836802610101")).unwrap_err();
    assert_eq!(error.offset, 5);
    assert_eq!(
        error.to_string(),
        "invalid external term at byte 5: unknown tag 1"
    );
}
