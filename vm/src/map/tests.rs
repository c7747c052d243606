//! Tests of the map operations. Expected hashes and key orders were taken
//! from OTP 25.2.3 (erts 13.1.5). Order checks compare the first keys and a
//! checksum of the key order, `fold(H * 1000003 + Id) mod 2^32`.

use super::*;
use crate::heap::{self, Heap};
use crate::term::{HeaderTag, Term};

fn int(value: i64) -> Term {
    Term::small(value).expect("test integers are small")
}

/// Builds an integer that may need a bignum.
fn big(heap: &mut Heap, value: i128) -> Term {
    if let Some(small) = i64::try_from(value).ok().and_then(Term::small) {
        return small;
    }
    let mut magnitude = value.unsigned_abs();
    let mut limbs = Vec::new();
    while magnitude > 0 {
        limbs.push(magnitude as u64);
        magnitude >>= 64;
    }
    let tag = if value < 0 {
        HeaderTag::NegBig
    } else {
        HeaderTag::PosBig
    };
    let (term, body) = heap::alloc_boxed(heap, tag, limbs.len());
    for (i, limb) in limbs.iter().enumerate() {
        // SAFETY: the body has one word per limb.
        unsafe { *body.add(i) = *limb };
    }
    term
}

fn ints(values: &[i64]) -> Vec<Term> {
    values.iter().map(|&v| int(v)).collect()
}

fn list(heap: &mut Heap, items: &[Term]) -> Term {
    heap::list(heap, items)
}

fn string(heap: &mut Heap, text: &str) -> Term {
    heap::char_list(heap, text)
}

fn small_values(terms: impl Iterator<Item = Term>) -> Vec<i64> {
    terms
        .map(|t| t.as_small().expect("small integer"))
        .collect()
}

fn list_items(mut list: Term) -> Vec<Term> {
    let mut items = Vec::new();
    while list.is_cons() {
        items.push(list.head());
        list = list.tail();
    }
    assert!(list.is_nil(), "improper list");
    items
}

/// Computes the checksum the expected orders were recorded with.
fn checksum(ids: &[i64]) -> u32 {
    ids.iter().fold(0u64, |h, &id| {
        (h.wrapping_mul(1_000_003).wrapping_add(id as u64)) & 0xffff_ffff
    }) as u32
}

fn int_map(heap: &mut Heap, keys: impl IntoIterator<Item = i64>) -> Term {
    let pairs: Vec<(Term, Term)> = keys.into_iter().map(|k| (int(k), int(k))).collect();
    from_pairs(heap, &pairs)
}

// ---- the internal hash ----

#[test]
fn hash_of_integers_matches_otp() {
    let mut heap = Heap::default();
    let cases: [(i128, u32); 13] = [
        (0, 3620831944),
        (1, 2441450838),
        (-1, 559702020),
        (255, 3445581034),
        (256, 3271219649),
        ((1 << 59) - 1, 2748343757),
        (-(1 << 59), 767231620),
        (1 << 59, 2160620466),
        (-(1 << 59) - 1, 1026718139),
        (1 << 64, 1670597026),
        (-(1 << 64), 1776020955),
        ((1 << 100) + 7, 3367083511),
        (u64::MAX as i128, 1068377571),
    ];
    for (value, expected) in cases {
        let term = big(&mut heap, value);
        assert_eq!(internal_hash(term, 0), expected, "hash of {value}");
    }
}

#[test]
fn hash_of_floats_matches_otp() {
    let mut heap = Heap::default();
    for (value, expected) in [
        (0.0, 2778859731),
        (-0.0, 2778859731),
        (1.0, 1476340101),
        (-2.5, 2266725821),
        (1.0e300, 4116291860),
    ] {
        let term = heap::float(&mut heap, value);
        assert_eq!(internal_hash(term, 0), expected, "hash of {value}");
    }
}

#[test]
fn hash_of_binaries_matches_otp() {
    let mut heap = Heap::default();
    let cases: [(usize, u32); 16] = [
        (0, 3580844982),
        (1, 1985782986),
        (2, 2923264301),
        (3, 4177851886),
        (4, 1981559671),
        (5, 1665818852),
        (11, 878068021),
        (12, 2387983610),
        (13, 2553231604),
        (23, 1968102415),
        (24, 3959884505),
        (25, 1391310817),
        (40, 1674281194),
        (64, 2166435411),
        (65, 1777409427),
        (100, 3578012041),
    ];
    for (len, expected) in cases {
        let bytes: Vec<u8> = (1..=len).map(|b| b as u8).collect();
        let term = heap::binary(&mut heap, &bytes);
        assert_eq!(
            internal_hash(term, 0),
            expected,
            "hash of a {len}-byte binary"
        );
    }
}

#[test]
fn hash_of_bitstrings_matches_otp() {
    let mut heap = Heap::default();
    // <<16#A5, 16#5A:Bits>>
    for (bits, expected) in [(1u64, 213512050), (3, 189058136), (7, 832720167)] {
        let tail = ((0x5a_u32 & ((1 << bits) - 1)) << (8 - bits)) as u8;
        let whole = heap::binary(&mut heap, &[0xa5, tail]);
        let term = heap::sub_binary(&mut heap, whole, 0, 8 + bits);
        assert_eq!(
            internal_hash(term, 0),
            expected,
            "hash of <<165, 90:{bits}>>"
        );
    }
    // binary:part(list_to_binary(lists:seq(1, 80)), 3, 20)
    let bytes: Vec<u8> = (1..=80).collect();
    let whole = heap::binary(&mut heap, &bytes);
    let part = heap::sub_binary(&mut heap, whole, 24, 160);
    assert_eq!(internal_hash(part, 0), 1702669432);
    // <<_:3, Rest:37/bitstring>> = <<1, 2, 3, 4, 5>>
    let whole = heap::binary(&mut heap, &[1, 2, 3, 4, 5]);
    let unaligned = heap::sub_binary(&mut heap, whole, 3, 37);
    assert_eq!(internal_hash(unaligned, 0), 2043621270);
}

#[test]
fn hash_of_lists_matches_otp() {
    let mut heap = Heap::default();
    let strings = [
        ("", 2464209347),
        ("a", 386947416),
        ("ab", 926477476),
        ("abc", 4050146831),
        ("abcd", 2584962673),
        ("abcde", 513042836),
        ("abcdefghi", 2559566225),
    ];
    for (text, expected) in strings {
        let term = string(&mut heap, text);
        assert_eq!(internal_hash(term, 0), expected, "hash of {text:?}");
    }

    let l = list(&mut heap, &ints(&[1, 2, 300]));
    assert_eq!(internal_hash(l, 0), 3809516595, "[1, 2, 300]");
    let l = list(&mut heap, &ints(&[300]));
    assert_eq!(internal_hash(l, 0), 3431643858, "[300]");
    let l = list(&mut heap, &ints(&[300, 1]));
    assert_eq!(internal_hash(l, 0), 1274752552, "[300, 1]");

    let l = heap::cons(&mut heap, int(1), int(2));
    assert_eq!(internal_hash(l, 0), 813403020, "[1 | 2]");
    let l = heap::list_with_tail(&mut heap, &ints(&[1, 2]), int(3));
    assert_eq!(internal_hash(l, 0), 411185328, "[1, 2 | 3]");

    let inner = list(&mut heap, &ints(&[1]));
    let l = list(&mut heap, &[inner]);
    assert_eq!(internal_hash(l, 0), 3087188736, "[[1]]");
    let ab = string(&mut heap, "ab");
    let l = list(&mut heap, &[int(256), ab]);
    assert_eq!(internal_hash(l, 0), 3272636654, "[256, \"ab\"]");
    let empty = heap::tuple(&mut heap, &[]);
    let l = list(&mut heap, &[empty]);
    assert_eq!(internal_hash(l, 0), 1267829174, "[{{}}]");
}

#[test]
fn hash_of_tuples_matches_otp() {
    let mut heap = Heap::default();
    let t = heap::tuple(&mut heap, &[]);
    assert_eq!(internal_hash(t, 0), 904478834, "{{}}");
    let t = heap::tuple(&mut heap, &[int(1)]);
    assert_eq!(internal_hash(t, 0), 3083022094, "{{1}}");
    let t = heap::tuple(&mut heap, &[int(1), int(2)]);
    assert_eq!(internal_hash(t, 0), 240741374, "{{1, 2}}");
    let inner = heap::tuple(&mut heap, &[int(2), int(3)]);
    let t = heap::tuple(&mut heap, &[int(1), inner, Term::NIL]);
    assert_eq!(internal_hash(t, 0), 2630480369, "{{1, {{2, 3}}, []}}");
    let ab = heap::binary(&mut heap, b"ab");
    let f = heap::float(&mut heap, 1.5);
    let t = heap::tuple(&mut heap, &[ab, f]);
    assert_eq!(internal_hash(t, 0), 1020485449, "{{<<\"ab\">>, 1.5}}");
}

#[test]
fn hash_of_maps_matches_otp() {
    let mut heap = Heap::default();
    let empty = new_empty(&mut heap);
    assert_eq!(internal_hash(empty, 0), 4050418618, "#{{}}");
    let one = from_pairs(&mut heap, &[(int(1), int(2))]);
    assert_eq!(internal_hash(one, 0), 3344407571, "#{{1 => 2}}");
    let two = from_pairs(&mut heap, &[(int(1), int(2)), (int(3), int(4))]);
    assert_eq!(internal_hash(two, 0), 293805823, "#{{1 => 2, 3 => 4}}");
    let key = list(&mut heap, &ints(&[1]));
    let value = heap::tuple(&mut heap, &[int(2)]);
    let nested = from_pairs(&mut heap, &[(key, value)]);
    assert_eq!(internal_hash(nested, 0), 492244367, "#{{[1] => {{2}}}}");
    let large = int_map(&mut heap, 1..=40);
    assert_eq!(internal_hash(large, 0), 2742925189, "map of 1..40");
}

#[test]
fn hash_with_salt_matches_otp() {
    let mut heap = Heap::default();
    let abc = heap::binary(&mut heap, b"abc");
    assert_eq!(internal_hash(abc, 1), 2654059000);
    let pair = heap::tuple(&mut heap, &[int(1), int(2)]);
    assert_eq!(internal_hash(pair, 7), 3507242098);
}

// ---- iteration order of large maps ----

#[test]
fn integer_key_order_matches_otp() {
    let cases: [(i64, u32, [i64; 8]); 5] = [
        (33, 726278531, [33, 12, 23, 29, 30, 26, 31, 11]),
        (40, 3979516730, [33, 12, 23, 29, 30, 39, 26, 31]),
        (100, 3772816970, [33, 12, 73, 44, 23, 29, 47, 89]),
        (500, 530823574, [326, 33, 289, 456, 401, 168, 309, 117]),
        (1000, 2229882736, [912, 326, 33, 289, 518, 990, 456, 401]),
    ];
    for (n, expected_sum, expected_first) in cases {
        let mut heap = Heap::default();
        let map = int_map(&mut heap, 1..=n);
        let order = small_values(iter(map).map(|(k, _)| k));
        assert_eq!(order.len(), n as usize, "size of map of 1..{n}");
        assert_eq!(order[..8], expected_first, "first keys of map of 1..{n}");
        assert_eq!(checksum(&order), expected_sum, "order of map of 1..{n}");
    }
}

#[test]
fn binary_key_order_matches_otp() {
    let cases: [(i64, u32, [i64; 8]); 3] = [
        (33, 3783217285, [7, 27, 25, 14, 8, 20, 31, 5]),
        (100, 4082243932, [47, 75, 74, 7, 90, 27, 43, 25]),
        (1000, 2425297464, [918, 663, 327, 278, 402, 481, 625, 286]),
    ];
    for (n, expected_sum, expected_first) in cases {
        let mut heap = Heap::default();
        let pairs: Vec<(Term, Term)> = (1..=n)
            .map(|i| (heap::binary(&mut heap, i.to_string().as_bytes()), int(i)))
            .collect();
        let map = from_pairs(&mut heap, &pairs);
        let order = small_values(iter(map).map(|(_, v)| v));
        assert_eq!(order[..8], expected_first, "first keys of {n} binary keys");
        assert_eq!(checksum(&order), expected_sum, "order of {n} binary keys");
    }
}

#[test]
fn negative_key_order_matches_otp() {
    let mut heap = Heap::default();
    let map = int_map(&mut heap, -50..=50);
    let expected = [
        -33, 33, 12, 44, 23, 29, 47, -40, -10, -26, 30, 43, 39, 45, -42, 48, -27, -39, 26, -13,
        -15, -48, 46, 31, -38, -35, -2, 11, -29, 37, 9, -43, 32, 34, -5, 25, 28, -18, -20, -32,
        -23, -34, 6, -14, -25, -41, 0, -28, 38, 13, 40, 41, -6, -12, -44, 20, -17, 15, 14, 2, 7,
        -45, -47, -49, -3, -21, -30, 1, 8, 3, -37, 17, 22, -50, -31, 21, 4, -1, -16, 36, 50, 24,
        10, 35, -36, -7, -9, -8, 49, 27, 42, 19, -24, 5, -11, -22, 18, -19, -4, -46, 16,
    ];
    assert_eq!(small_values(iter(map).map(|(k, _)| k)), expected);
}

#[test]
fn mixed_key_order_matches_otp() {
    // Keys {I, <<"x">>} (value I), I + 0.5 (100 + I), integer_to_list(I)
    // (200 + I) and I bsl 70 (300 + I).
    let mut heap = Heap::default();
    let mut pairs = Vec::new();
    for i in 1..=40 {
        let x = heap::binary(&mut heap, b"x");
        pairs.push((heap::tuple(&mut heap, &[int(i), x]), int(i)));
    }
    for i in 1..=10 {
        pairs.push((heap::float(&mut heap, i as f64 + 0.5), int(100 + i)));
    }
    for i in 1..=10 {
        pairs.push((string(&mut heap, &i.to_string()), int(200 + i)));
    }
    for i in 1..=5 {
        pairs.push((big(&mut heap, (i as i128) << 70), int(300 + i)));
    }

    let map = from_pairs(&mut heap, &pairs);
    let expected_to_list = [
        37, 106, 303, 31, 204, 110, 33, 10, 8, 107, 21, 30, 207, 25, 32, 36, 209, 18, 304, 14, 20,
        23, 201, 302, 105, 22, 1, 35, 203, 40, 305, 39, 101, 5, 3, 28, 301, 108, 4, 206, 15, 102,
        16, 38, 7, 26, 9, 6, 11, 210, 104, 13, 12, 103, 202, 208, 205, 2, 19, 27, 29, 34, 109, 24,
        17,
    ];
    assert_eq!(small_values(iter(map).map(|(_, v)| v)), expected_to_list);

    let mut expected_fold = expected_to_list;
    expected_fold.reverse();
    assert_eq!(
        small_values(iter_fold_order(map).map(|(_, v)| v)),
        expected_fold
    );
}

/// Integer keys whose 32-bit hashes collide in pairs, so OTP separates
/// each pair with its second hash on levels 8 and 9.
const COLLIDING_PAIRS: [i64; 80] = [
    40660, 59671, 22575, 119693, 121236, 167527, 169647, 178740, 29879, 217607, 204923, 232672,
    198773, 280384, 229095, 281280, 128918, 307353, 123268, 309680, 210361, 359746, 189299, 360461,
    216088, 376958, 366226, 379275, 171977, 387944, 192909, 389314, 304016, 395438, 227569, 399454,
    369671, 400489, 335378, 400719, 175720, 430192, 301183, 435055, 305505, 441073, 291744, 449910,
    88953, 451793, 196515, 454744, 345342, 463138, 438148, 473727, 155440, 475581, 301481, 476133,
    429080, 489784, 27111, 489837, 67454, 490094, 458396, 493074, 160614, 498256, 28735, 521359,
    178207, 526538, 114679, 549622, 250516, 559107, 546677, 577665,
];

#[test]
fn colliding_key_order_matches_otp() {
    let mut heap = Heap::default();
    for pair in COLLIDING_PAIRS.chunks(2) {
        assert_eq!(
            internal_hash(int(pair[0]), 0),
            internal_hash(int(pair[1]), 0)
        );
    }
    let map = int_map(&mut heap, COLLIDING_PAIRS);
    let expected = [
        521359, 28735, 366226, 379275, 441073, 305505, 250516, 559107, 498256, 160614, 395438,
        304016, 389314, 192909, 438148, 473727, 229095, 281280, 360461, 189299, 493074, 458396,
        400489, 369671, 476133, 301481, 40660, 59671, 451793, 88953, 216088, 376958, 359746,
        210361, 67454, 490094, 227569, 399454, 119693, 22575, 463138, 345342, 27111, 489837,
        291744, 449910, 309680, 123268, 435055, 301183, 178207, 526538, 128918, 307353, 577665,
        546677, 204923, 232672, 29879, 217607, 430192, 175720, 429080, 489784, 114679, 549622,
        196515, 454744, 335378, 400719, 167527, 121236, 475581, 155440, 387944, 171977, 198773,
        280384, 169647, 178740,
    ];
    assert_eq!(small_values(iter(map).map(|(k, _)| k)), expected);
    for &key in &COLLIDING_PAIRS {
        assert_eq!(get(map, int(key)), Some(int(key)), "lookup of {key}");
    }
}

#[test]
fn colliding_binary_key_order_matches_otp() {
    // Each pair of these decimal strings has the same 32-bit hash in OTP.
    let colliding = [
        26300, 36301, 26304, 36305, 26330, 36331, 26334, 36335, 26340, 36341, 26344, 36345,
    ];
    let mut heap = Heap::default();
    let mut pairs = Vec::new();
    for number in colliding {
        let key = heap::binary(&mut heap, number.to_string().as_bytes());
        pairs.push((key, int(1000 + number)));
    }
    for i in 1..=40 {
        pairs.push((int(i), int(i)));
    }
    let map = from_pairs(&mut heap, &pairs);
    // Integer keys appear as themselves, binary keys as 1000 + number.
    let expected = [
        33, 12, 27330, 37331, 23, 29, 30, 39, 26, 27300, 37301, 31, 11, 37, 9, 32, 34, 25, 28, 6,
        38, 13, 40, 37341, 27340, 20, 15, 14, 2, 7, 1, 8, 3, 27344, 37345, 27334, 37335, 17, 22,
        21, 4, 36, 24, 10, 35, 27, 19, 5, 18, 16, 27304, 37305,
    ];
    assert_eq!(small_values(iter(map).map(|(_, v)| v)), expected);
}

#[test]
fn fold_order_is_reverse_of_to_list_order() {
    let mut heap = Heap::default();
    let map = int_map(&mut heap, 1..=40);
    let mut forward = small_values(iter_fold_order(map).map(|(k, _)| k));
    forward.reverse();
    assert_eq!(forward, small_values(iter(map).map(|(k, _)| k)));
}

#[test]
fn lists_follow_to_list_order() {
    let mut heap = Heap::default();
    for map in [int_map(&mut heap, 1..=10), int_map(&mut heap, 1..=100)] {
        let expected = small_values(iter(map).map(|(k, _)| k));
        let keys_list = keys(&mut heap, map);
        assert_eq!(small_values(list_items(keys_list).into_iter()), expected);
        let values_list = values(&mut heap, map);
        assert_eq!(small_values(list_items(values_list).into_iter()), expected);
        let pairs = list_items(to_list(&mut heap, map));
        let pair_keys = small_values(pairs.iter().map(|p| p.tuple_elements()[0]));
        assert_eq!(pair_keys, expected);
    }
}

#[test]
fn sorted_pairs_are_in_key_order() {
    let mut heap = Heap::default();
    for n in [10, 100] {
        let map = int_map(&mut heap, (1..=n).rev());
        let keys = small_values(sorted_pairs(map).into_iter().map(|(k, _)| k));
        assert_eq!(keys, (1..=n).collect::<Vec<_>>(), "keys of map of 1..{n}");
    }
}

// ---- operations ----

/// Compares two maps node by node: same kinds, bitmaps, keys and values.
fn same_shape(a: Term, b: Term) -> bool {
    if a.is_cons() || b.is_cons() {
        return a.is_cons()
            && b.is_cons()
            && compare::exact_eq(a.head(), b.head())
            && a.tail().raw() == b.tail().raw();
    }
    let kind = node::kind(a);
    if kind != node::kind(b) {
        return false;
    }
    if kind == NodeKind::Flat {
        return iter(a)
            .zip(iter(b))
            .all(|(x, y)| x.0.raw() == y.0.raw() && x.1.raw() == y.1.raw())
            && size(a) == size(b);
    }
    if kind != NodeKind::Collision && node::bitmap(a) != node::bitmap(b) {
        return false;
    }
    let (ca, cb) = (node::children(a), node::children(b));
    ca.len() == cb.len() && ca.iter().zip(cb).all(|(x, y)| same_shape(*x, *y))
}

#[test]
fn put_builds_the_same_trie_as_from_pairs() {
    let mut heap = Heap::default();
    let mut map = new_empty(&mut heap);
    for key in (1..=1000).rev() {
        map = put(&mut heap, map, int(key), int(key));
    }
    let built = int_map(&mut heap, 1..=1000);
    assert_eq!(size(map), 1000);
    assert!(same_shape(map, built));
}

#[test]
fn map_becomes_a_trie_past_32_keys() {
    let mut heap = Heap::default();
    let flat = int_map(&mut heap, 1..=32);
    assert!(is_flat(flat));
    let grown = put(&mut heap, flat, int(33), int(33));
    assert!(!is_flat(grown));
    assert_eq!(size(grown), 33);
    let expected = int_map(&mut heap, 1..=33);
    assert!(same_shape(grown, expected));
    let replaced = put(&mut heap, flat, int(5), int(50));
    assert!(is_flat(replaced));
    assert_eq!(get(replaced, int(5)), Some(int(50)));
    assert_eq!(
        replaced.element(0).raw(),
        flat.element(0).raw(),
        "keys tuple is shared"
    );
}

#[test]
fn remove_keeps_the_trie_canonical() {
    let mut heap = Heap::default();
    let mut map = int_map(&mut heap, 1..=300);
    for key in 1..=300 {
        map = remove(&mut heap, map, int(key));
        let remaining = 300 - key as usize;
        assert_eq!(size(map), remaining, "size after removing 1..{key}");
        assert_eq!(
            is_flat(map),
            remaining <= FLAT_MAP_LIMIT,
            "layout at {remaining} keys"
        );
        if key % 7 == 0 || remaining <= 34 {
            let expected = int_map(&mut heap, key + 1..=300);
            assert!(same_shape(map, expected), "shape after removing 1..{key}");
        }
    }
}

#[test]
fn remove_collapses_colliding_chains() {
    let mut heap = Heap::default();
    let with_pair = int_map(&mut heap, [40660, 59671].into_iter().chain(1..=40));
    let without = remove(&mut heap, with_pair, int(59671));
    let expected = int_map(&mut heap, [40660].into_iter().chain(1..=40));
    assert!(same_shape(without, expected));
}

#[test]
fn remove_of_missing_key_returns_the_same_map() {
    let mut heap = Heap::default();
    for map in [int_map(&mut heap, 1..=5), int_map(&mut heap, 1..=50)] {
        assert_eq!(remove(&mut heap, map, int(99)).raw(), map.raw());
        assert_eq!(take(&mut heap, map, int(99)), None);
    }
}

#[test]
fn take_returns_value_and_rest() {
    let mut heap = Heap::default();
    for n in [5, 50] {
        let map = int_map(&mut heap, 1..=n);
        let (value, rest) = take(&mut heap, map, int(3)).expect("key 3 is present");
        assert_eq!(value, int(3));
        assert_eq!(size(rest), n as usize - 1);
        assert_eq!(get(rest, int(3)), None);
        assert_eq!(get(rest, int(4)), Some(int(4)));
    }
}

#[test]
fn update_requires_an_existing_key() {
    let mut heap = Heap::default();
    for map in [int_map(&mut heap, 1..=5), int_map(&mut heap, 1..=50)] {
        assert_eq!(update(&mut heap, map, int(99), int(0)), None);
        let updated = update(&mut heap, map, int(2), int(20)).expect("key 2 is present");
        assert_eq!(get(updated, int(2)), Some(int(20)));
        assert_eq!(size(updated), size(map));
    }
}

#[test]
fn keys_compare_exactly() {
    let mut heap = Heap::default();
    let one_float = heap::float(&mut heap, 1.0);
    for n in [3, 40] {
        let map = int_map(&mut heap, 1..=n);
        assert_eq!(get(map, one_float), None, "1.0 is not the key 1");
        let both = put(&mut heap, map, one_float, int(-1));
        assert_eq!(size(both), n as usize + 1);
        assert_eq!(get(both, int(1)), Some(int(1)));
        assert_eq!(get(both, one_float), Some(int(-1)));
    }
}

#[test]
fn from_pairs_keeps_the_last_duplicate() {
    let mut heap = Heap::default();
    let small = from_pairs(
        &mut heap,
        &[(int(1), int(10)), (int(2), int(20)), (int(1), int(11))],
    );
    assert_eq!(size(small), 2);
    assert_eq!(get(small, int(1)), Some(int(11)));
    let mut pairs: Vec<(Term, Term)> = (1..=40).map(|i| (int(i), int(i))).collect();
    pairs.push((int(7), int(70)));
    let large = from_pairs(&mut heap, &pairs);
    assert_eq!(size(large), 40);
    assert_eq!(get(large, int(7)), Some(int(70)));
    // 33 pairs with one duplicate make a flat map of 32 keys.
    let mut pairs: Vec<(Term, Term)> = (1..=32).map(|i| (int(i), int(i))).collect();
    pairs.push((int(1), int(0)));
    assert!(is_flat(from_pairs(&mut heap, &pairs)));
}

#[test]
fn flat_map_keys_are_sorted() {
    let mut heap = Heap::default();
    let map = int_map(&mut heap, [5, -3, 40, 0, 12]);
    assert_eq!(small_values(iter(map).map(|(k, _)| k)), [-3, 0, 5, 12, 40]);
    assert_eq!(
        small_values(iter_fold_order(map).map(|(k, _)| k)),
        [-3, 0, 5, 12, 40]
    );
}

#[test]
fn merge_prefers_the_second_map() {
    let mut heap = Heap::default();
    let cases = [
        (1..=10, 5..=20),
        (1..=30, 20..=40),
        (1..=100, 90..=95),
        (1..=5, 1..=100),
    ];
    for (first_keys, second_keys) in cases {
        let first = int_map(&mut heap, first_keys.clone());
        let pairs: Vec<(Term, Term)> = second_keys.clone().map(|k| (int(k), int(-k))).collect();
        let second = from_pairs(&mut heap, &pairs);
        let merged = merge(&mut heap, first, second);
        let all: std::collections::BTreeSet<i64> =
            first_keys.clone().chain(second_keys.clone()).collect();
        assert_eq!(size(merged), all.len());
        for key in all {
            let expected = if second_keys.contains(&key) {
                -key
            } else {
                key
            };
            assert_eq!(get(merged, int(key)), Some(int(expected)), "value of {key}");
        }
        let expected_shape = {
            let pairs: Vec<(Term, Term)> = iter(merged).collect();
            from_pairs(&mut heap, &pairs)
        };
        assert!(same_shape(merged, expected_shape));
    }
}

#[test]
fn put_pairs_applies_pairs_in_order() {
    let mut heap = Heap::default();
    let map = int_map(&mut heap, 1..=3);
    let result = put_pairs(&mut heap, map, &ints(&[4, 40, 1, 10, 4, 41]), false).expect("assoc");
    assert_eq!(size(result), 4);
    assert_eq!(get(result, int(4)), Some(int(41)));
    assert_eq!(get(result, int(1)), Some(int(10)));
    let big = put_pairs(
        &mut heap,
        map,
        &ints(&(10..50).flat_map(|k| [k, k]).collect::<Vec<_>>()),
        false,
    );
    let big = big.expect("assoc");
    assert_eq!(size(big), 43);
    assert!(same_shape(big, int_map(&mut heap, (1..=3).chain(10..50))));
}

#[test]
fn put_pairs_exact_rejects_the_first_missing_key() {
    let mut heap = Heap::default();
    for map in [int_map(&mut heap, 1..=3), int_map(&mut heap, 1..=40)] {
        let missing = put_pairs(&mut heap, map, &ints(&[1, 0, 98, 0, 99, 0]), true);
        assert_eq!(missing, Err(int(98)));
        let updated = put_pairs(&mut heap, map, &ints(&[2, 20, 3, 30]), true).expect("keys exist");
        assert_eq!(get(updated, int(2)), Some(int(20)));
        assert_eq!(get(updated, int(3)), Some(int(30)));
        assert_eq!(size(updated), size(map));
    }
}

// ---- erts_internal:map_next/3 ----

fn iterator_atom() -> Term {
    Term::atom(crate::atom::Atom::from_static("iterator"))
}

#[test]
fn map_next_first_call_returns_32_pairs() {
    let mut heap = Heap::default();
    let map = int_map(&mut heap, 1..=33);
    let first = map_next(&mut heap, int(0), map, iterator_atom(), MAP_NEXT_BUDGET).expect("valid");
    let mut keys = Vec::new();
    let mut rest = first;
    while rest.is_tuple() {
        keys.push(rest.tuple_elements()[0].as_small().expect("small key"));
        rest = rest.tuple_elements()[2];
    }
    assert_eq!(keys.len(), 32);
    assert_eq!(keys[..6], [16, 18, 5, 19, 27, 10]);
    assert!(rest.is_cons(), "iterator continues");
    assert_eq!(rest.head(), int(30), "path to the 33rd pair");
    assert_eq!(rest.tail().raw(), map.raw());

    let listed = map_next(&mut heap, int(0), map, Term::NIL, MAP_NEXT_BUDGET).expect("valid");
    let items = list_items(listed);
    assert_eq!(items[0], int(30));
    assert_eq!(items[1].raw(), map.raw());
    assert_eq!(items.len(), 34);
    assert_eq!(
        items[2].tuple_elements()[0],
        int(12),
        "pairs are consed in reverse"
    );

    let acc = list(&mut heap, &[Term::atom(crate::atom::OK)]);
    let last = map_next(&mut heap, int(30), map, acc, MAP_NEXT_BUDGET).expect("valid");
    let items = list_items(last);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].tuple_elements()[0], int(33));
    assert_eq!(items[1], Term::atom(crate::atom::OK));
}

#[test]
fn map_next_in_small_steps_visits_fold_order() {
    let mut heap = Heap::default();
    for keys_in_map in [
        int_map(&mut heap, 1..=1000),
        int_map(&mut heap, COLLIDING_PAIRS),
        int_map(&mut heap, 1..=7),
    ] {
        for budget in [1, 3, 7, 40] {
            let mut seen = Vec::new();
            let mut step = map_next(&mut heap, int(0), keys_in_map, iterator_atom(), budget);
            loop {
                let mut rest = step.expect("valid iterator");
                while rest.is_tuple() {
                    seen.push(rest.tuple_elements()[0]);
                    rest = rest.tuple_elements()[2];
                }
                if !rest.is_cons() {
                    assert_eq!(rest.as_atom().map(|a| a.name()), Some("none"));
                    break;
                }
                step = map_next(&mut heap, rest.head(), rest.tail(), iterator_atom(), budget);
            }
            let expected: Vec<Term> = iter_fold_order(keys_in_map).map(|(k, _)| k).collect();
            assert_eq!(seen, expected, "budget {budget}");
        }
    }
}

#[test]
fn map_next_rejects_invalid_arguments() {
    let mut heap = Heap::default();
    let flat = int_map(&mut heap, [1]);
    let large = int_map(&mut heap, 1..=40);
    let foo = Term::atom(crate::atom::Atom::from_static("foo"));
    let cases = [
        (int(0), int(5), Term::NIL),
        (int(5), flat, Term::NIL),
        (int(-1), flat, iterator_atom()),
        (foo, flat, Term::NIL),
        (int(0), flat, foo),
        (foo, large, Term::NIL),
        (int(0xff), large, Term::NIL),
    ];
    for (path, map, acc) in cases {
        let result = map_next(&mut heap, path, map, acc, MAP_NEXT_BUDGET);
        assert_eq!(result, Err(MapNextError), "path {path:?}, acc {acc:?}");
    }
    let whole = map_next(&mut heap, int(1), flat, iterator_atom(), MAP_NEXT_BUDGET).expect("valid");
    assert_eq!(whole.tuple_elements()[0], int(1));
}
