//! Tests of `create_bin`, with expected bytes taken from OTP 25: each
//! case was compiled with erlc as `<<(id(V)):(id(S))/Type, ...>>` and the
//! result printed with `~w`.

use super::*;
use crate::bits::MAX_BINARY_BITS;
use crate::bits::test_terms::{parse_prefix, show};
use crate::heap::Heap;
use crate::instr::{BS_LITTLE, BS_NATIVE, BS_SIGNED};

/// Cases: segments in Erlang syntax, separated by `;`, and the result as
/// `~w` prints it or `error:Reason`.
#[rustfmt::skip]
const CASES: &[(&str, &str)] = &[
    ("1:8", "<<1>>"),
    ("-1:8", "<<255>>"),
    ("256:8", "<<0>>"),
    ("1193046:13/little", "<<86,20:5>>"),
    ("1193046:20/little", "<<86,52,2:4>>"),
    ("1193046:20", "<<35,69,6:4>>"),
    ("1:1; 1193046:20/little", "<<171,26,2:5>>"),
    ("-300:12/little", "<<212,14:4>>"),
    ("-300:12/little-signed", "<<212,14:4>>"),
    ("-1:70/signed", "<<255,255,255,255,255,255,255,255,63:6>>"),
    ("-1:70/little", "<<255,255,255,255,255,255,255,255,63:6>>"),
    ("1267650600228229401496703205381:70/little", "<<5,0,0,0,0,0,0,0,0:6>>"),
    ("-1267650600228229401496703205381:70", "<<255,255,255,255,255,255,255,255,59:6>>"),
    ("1:0", "<<>>"),
    ("12345678901234567890123:100", "<<0,0,0,41,212,43,100,231,103,20,36,76,11:4>>"),
    ("12345678901234567890123:100/little", "<<203,68,66,113,118,78,182,66,157,2,0,0,0:4>>"),
    ("-12345678901234567890123:77/little", "<<53,187,189,142,137,177,73,189,98,29:5>>"),
    ("255:3/unit:3", "<<127,1:1>>"),
    ("305419896:32/native", "<<120,86,52,18>>"),
    ("1:64", "<<0,0,0,0,0,0,0,1>>"),
    ("-1:64", "<<255,255,255,255,255,255,255,255>>"),
    ("9223372036854775807:64/little", "<<255,255,255,255,255,255,255,127>>"),
    ("1:129", "<<0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1:1>>"),
    ("-2:129/little", "<<254,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,1:1>>"),
    ("-2:130", "<<255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,2:2>>"),
    ("5:7; 1:1", "<<11>>"),
    ("1:3; 12345678901234567890123:80/little", "<<57,104,136,78,46,201,214,200,83,160,2:3>>"),
    ("1.5:64/float", "<<63,248,0,0,0,0,0,0>>"),
    ("1.5:32/float", "<<63,192,0,0>>"),
    ("1.5:16/float", "<<62,0>>"),
    ("1.5:16/float-little", "<<0,62>>"),
    ("1.5:32/float-little", "<<0,0,192,63>>"),
    ("1.5:64/float-little", "<<0,0,0,0,0,0,248,63>>"),
    ("1:3; 1.5:64/float", "<<39,255,0,0,0,0,0,0,0:3>>"),
    ("7:64/float", "<<64,28,0,0,0,0,0,0>>"),
    ("-0.0:64/float", "<<128,0,0,0,0,0,0,0>>"),
    ("1.0e300:32/float", "<<127,128,0,0>>"),
    ("3.5e38:32/float", "<<127,128,0,0>>"),
    ("65504.0:16/float", "<<123,255>>"),
    ("1267650600228229401496703205376:64/float", "<<70,48,0,0,0,0,0,0>>"),
    ("2:4/float-unit:8", "<<64,0,0,0>>"),
    ("-1:32/float-native", "<<0,0,128,191>>"),
    ("<<1,2,3>>/binary", "<<1,2,3>>"),
    ("<<1,2,3>>:2/binary", "<<1,2>>"),
    ("<<1,2,3>>:9/bits", "<<1,0:1>>"),
    ("<<1:3>>/bits", "<<1:3>>"),
    ("<<1:3>>/binary-unit:3", "<<1:3>>"),
    ("<<1:6>>/binary-unit:3", "<<1:6>>"),
    ("<<1:5>>/bits; 3:3", "<<11>>"),
    ("1:1; <<1,2,3>>/binary", "<<128,129,1,1:1>>"),
    ("1:1; <<1,2,3>>/binary; 1:7", "<<128,129,1,129>>"),
    (r#"1:4; <<"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz">>/binary; 2:4"#, "<<22,22,38,54,70,86,102,118,134,150,166,182,198,214,230,247,7,23,39,55,71,87,103,119,135,151,166,22,38,54,70,86,102,118,134,150,166,182,198,214,230,247,7,23,39,55,71,87,103,119,135,151,166,22,38,54,70,86,102,118,134,150,166,182,198,214,230,247,7,23,39,55,71,87,103,119,135,151,162>>"),
    (r#"<<"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz">>/binary"#, "<<97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122>>"),
    ("<<>>/binary", "<<>>"),
    ("233/utf8", "<<195,169>>"),
    ("128512/utf8", "<<240,159,152,128>>"),
    ("128512/utf16", "<<216,61,222,0>>"),
    ("128512/utf16-little", "<<61,216,0,222>>"),
    ("128512/utf32-little", "<<0,246,1,0>>"),
    ("128512/utf32", "<<0,1,246,0>>"),
    ("1:1; 233/utf8", "<<225,212,1:1>>"),
    ("65/utf16", "<<0,65>>"),
    ("1114111/utf8", "<<244,143,191,191>>"),
    ("1114111/utf32", "<<0,16,255,255>>"),
    ("127/utf8; 128/utf8; 2047/utf8; 2048/utf8; 65535/utf8; 65536/utf8", "<<127,194,128,223,191,224,160,128,239,191,191,240,144,128,128>>"),
    (r#""abc""#, "<<97,98,99>>"),
    (r#"1:8; "abc"; 233/utf8; 1:4"#, "<<1,97,98,99,195,169,1:4>>"),
    ("foo:8", "error:badarg"),
    ("1:-1", "error:badarg"),
    ("<<1,2>>:3/binary", "error:badarg"),
    ("foo/binary", "error:badarg"),
    ("1.5:8/float", "error:badarg"),
    ("1.5:13/float", "error:badarg"),
    ("1114112/utf8", "error:badarg"),
    ("55296/utf8", "error:badarg"),
    ("-1/utf8", "error:badarg"),
    ("foo/float", "error:badarg"),
    ("179769313486231590772930519078902473361797697894230657273430081157732675805500963132708477322407536021120113879871393357658789768814416622492847430639474124377767893424865485276302219601246094119453082952085005768838150682342462881473913110540827237163350510684586298239947245938479716304835356329624224137216:64/float", "error:badarg"),
    ("<<1:3>>/binary", "error:badarg"),
    ("1:foo", "error:badarg"),
    ("<<1,2,3>>:foo/binary", "error:badarg"),
    ("<<1,2,3>>:1.0/binary", "error:badarg"),
    ("1:1180591620717411303424", "error:system_limit"),
    ("1:576460752303423488", "error:system_limit"),
    ("1267650600228229401496703205376:-5", "error:badarg"),
    ("1.0:-5/float", "error:badarg"),
    ("1.0:foo/float", "error:badarg"),
    ("<<>>:-1/binary", "error:badarg"),
    ("foo:0", "error:badarg"),
    ("1.0:0", "error:badarg"),
    ("foo:0/binary", "error:badarg"),
    ("1.0:0/float", "error:badarg"),
    ("55296/utf16", "error:badarg"),
    ("55296/utf32", "error:badarg"),
    ("foo/utf8", "error:badarg"),
    ("1.0/utf8", "error:badarg"),
    ("1:8; foo:8", "error:badarg"),
    ("<<1:7>>/binary-unit:2", "error:badarg"),
];

/// Builds the segment written as `Value:Size/Type-Flags-unit:N`, or a
/// string segment for `"text"`.
fn segment<'a>(heap: &mut Heap, text: &'a str) -> SegmentValue<'a> {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix('"') {
        return SegmentValue {
            kind: BinSegmentKind::String,
            unit: 8,
            flags: 0,
            value: Term::NIL,
            size: Term::NIL,
            string: inner.trim_end_matches('"').as_bytes(),
        };
    }

    let (value, used) = parse_prefix(heap, text);
    let mut rest = &text[used..];
    let mut size = None;
    if let Some(after) = rest.strip_prefix(':') {
        let (s, used) = parse_prefix(heap, after);
        size = Some(s);
        rest = &after[used..];
    }

    let mut kind = BinSegmentKind::Integer;
    let mut unit = None;
    let mut flags = 0;
    for word in rest.strip_prefix('/').unwrap_or("").split('-') {
        match word {
            "" | "integer" | "big" | "unsigned" => {}
            "float" => kind = BinSegmentKind::Float,
            "binary" => kind = BinSegmentKind::Binary,
            "bits" | "bitstring" => {
                kind = BinSegmentKind::Binary;
                unit = Some(1);
            }
            "utf8" => kind = BinSegmentKind::Utf8,
            "utf16" => kind = BinSegmentKind::Utf16,
            "utf32" => kind = BinSegmentKind::Utf32,
            "little" => flags |= BS_LITTLE,
            "native" => flags |= BS_NATIVE,
            "signed" => flags |= BS_SIGNED,
            other => {
                let n = other.strip_prefix("unit:").expect("type specifier");
                unit = Some(n.parse().expect("unit"));
            }
        }
    }

    let (default_unit, default_size) = match kind {
        BinSegmentKind::Integer => (1, Term::small_unchecked(8)),
        BinSegmentKind::Float => (1, Term::small_unchecked(64)),
        BinSegmentKind::Binary => (8, Term::atom(atom::ALL)),
        _ => (0, Term::atom(atom::UNDEFINED)),
    };
    SegmentValue {
        kind,
        unit: unit.unwrap_or(default_unit),
        flags,
        value,
        size: size.unwrap_or(default_size),
        string: &[],
    }
}

fn build(heap: &mut Heap, spec: &str) -> String {
    let segments: Vec<SegmentValue> = spec.split(';').map(|s| segment(heap, s)).collect();
    match create_bin(heap, &segments) {
        Ok(t) => show(t),
        Err(e) => format!("error:{}", show(e.reason)),
    }
}

#[test]
fn results_match_otp() {
    let mut heap = Heap::default();
    for &(spec, expected) in CASES {
        assert_eq!(build(&mut heap, spec), expected, "<<{spec}>>");
    }
}

#[test]
fn oversized_segments_raise_system_limit() {
    let mut heap = Heap::default();
    // OTP 25 tries to allocate these and aborts; Cordon raises instead.
    let limit = MAX_BINARY_BITS;
    let cases = [
        format!("1:{}", limit + 1),
        format!("1:{}/unit:8", limit / 8 + 1),
        format!("1:{}; 1:{}", limit / 2, limit / 2 + 1),
        format!("<<1,2,3>>:{}/binary", 1u64 << 40),
        format!("1:{}/unit:255", u64::MAX / 255 + 1),
        "1:1152921504606846976".to_string(),
    ];
    for spec in &cases {
        assert_eq!(build(&mut heap, spec), "error:system_limit", "<<{spec}>>");
    }
}

#[test]
fn errors_take_precedence_over_large_sizes() {
    let mut heap = Heap::default();
    // Validation finishes before any allocation, so a bad later segment
    // raises without the earlier large one being built.
    let spec = format!("1:{}; foo:8", MAX_BINARY_BITS / 2);
    assert_eq!(build(&mut heap, &spec), "error:badarg");
}

#[test]
fn append_concatenates() {
    let mut heap = Heap::default();
    let acc = parse_prefix(&mut heap, "<<1,2,3>>").0;
    let segments = [
        SegmentValue {
            kind: BinSegmentKind::Append,
            unit: 8,
            flags: 0,
            value: acc,
            size: Term::atom(atom::ALL),
            string: &[],
        },
        segment(&mut heap, "4:8"),
    ];
    let result = create_bin(&mut heap, &segments).expect("append");
    assert_eq!(show(result), "<<1,2,3,4>>");
    assert_eq!(show(acc), "<<1,2,3>>");
}

#[test]
fn append_checks_unit() {
    let mut heap = Heap::default();
    let acc = parse_prefix(&mut heap, "<<1,2:3>>").0;
    for (kind, unit, expected) in [
        (BinSegmentKind::Append, 8, "error:badarg"),
        (BinSegmentKind::PrivateAppend, 8, "error:badarg"),
        (BinSegmentKind::PrivateAppend, 1, "<<1,5:4>>"),
    ] {
        let segments = [
            SegmentValue {
                kind,
                unit,
                flags: 0,
                value: acc,
                size: Term::atom(atom::ALL),
                string: &[],
            },
            segment(&mut heap, "1:1"),
        ];
        let result = match create_bin(&mut heap, &segments) {
            Ok(t) => show(t),
            Err(e) => format!("error:{}", show(e.reason)),
        };
        assert_eq!(result, expected, "{kind:?} unit {unit}");
    }
}

#[test]
fn binary_from_unaligned_sub_binary() {
    let mut heap = Heap::default();
    let original = parse_prefix(&mut heap, "<<255,0,255,0,255>>").0;
    let sub = crate::bits::slice_bitstring(&mut heap, original, 4, 30);
    assert_eq!(show(sub), "<<240,15,240,3:6>>");
    let segments = [
        segment(&mut heap, "1:2"),
        SegmentValue {
            kind: BinSegmentKind::Binary,
            unit: 1,
            flags: 0,
            value: sub,
            size: Term::atom(atom::ALL),
            string: &[],
        },
    ];
    let result = create_bin(&mut heap, &segments).expect("bitstring segment");
    assert_eq!(show(result), "<<124,3,252,3>>");
}

#[test]
fn large_results_are_refc() {
    let mut heap = Heap::default();
    let segments = [segment(&mut heap, "0:512")];
    let small = create_bin(&mut heap, &segments).expect("64 bytes");
    assert_eq!(small.boxed_tag(), Some(crate::term::HeaderTag::HeapBin));
    let segments = [segment(&mut heap, "0:520")];
    let large = create_bin(&mut heap, &segments).expect("65 bytes");
    assert_eq!(large.boxed_tag(), Some(crate::term::HeaderTag::RefcBin));
    let segments = [segment(&mut heap, "0:521")];
    let odd = create_bin(&mut heap, &segments).expect("521 bits");
    assert_eq!(odd.boxed_tag(), Some(crate::term::HeaderTag::SubBin));
    assert_eq!(crate::bits::bit_size(odd), Some(521));
}
