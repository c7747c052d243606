//! The objects of one ETS table, outside every process heap.
//!
//! Each stored object is a tuple copied into a fragment of its own, so
//! replacing or deleting one object frees exactly its words (and drops its
//! references to off-heap binaries). Terms handed out by this module
//! point into those fragments: callers copy them onto a process heap
//! before the table's lock is released.
//!
//! `set`, `bag` and `duplicate_bag` tables are hash tables whose buckets
//! split the 32-bit key hash into ranges. Traversal visits keys by hash,
//! then by the map-key order of the key, so its order does not change
//! when the table grows or shrinks, and `next/2` can continue after a key
//! that was deleted meanwhile. `ordered_set` tables are B-trees ordered by the
//! term order, in which `1` and `1.0` are the same key.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Bound;

use crate::compare;
use crate::copy;
use crate::heap::Fragment;
use crate::term::Term;

/// The table types of `ets:new/2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Set,
    OrderedSet,
    Bag,
    DuplicateBag,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Set => "set",
            Kind::OrderedSet => "ordered_set",
            Kind::Bag => "bag",
            Kind::DuplicateBag => "duplicate_bag",
        }
    }

    /// Returns whether a key has at most one object.
    pub fn is_set(self) -> bool {
        matches!(self, Kind::Set | Kind::OrderedSet)
    }
}

/// One stored tuple and the fragment its words live in.
pub struct Object {
    term: Term,
    _fragment: Option<Fragment>,
}

// SAFETY: an object's term points only into its own fragment (or is an
// immediate), which nothing mutates after the copy; the table's lock
// orders every access.
unsafe impl Send for Object {}
// SAFETY: as above; readers only read the fragment.
unsafe impl Sync for Object {}

impl Object {
    /// Copies `term` out of a process heap.
    pub fn new(term: Term) -> Object {
        let (term, fragment) = copy::to_fragment(term);
        Object {
            term,
            _fragment: fragment,
        }
    }

    pub fn term(&self) -> Term {
        self.term
    }

    /// Returns the number of words the copy takes.
    pub fn words(&self) -> usize {
        self._fragment.as_ref().map_or(0, Fragment::used_words)
    }

    /// Returns element `keypos` (1-based) of the stored tuple.
    pub fn key(&self, keypos: usize) -> Term {
        self.term.element(keypos - 1)
    }
}

/// A key of an `ordered_set`, ordered by the term order.
#[derive(Clone, Copy)]
struct OrdKey(Term);

impl PartialEq for OrdKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for OrdKey {}
impl PartialOrd for OrdKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for OrdKey {
    fn cmp(&self, other: &Self) -> Ordering {
        compare::compare(self.0, other.0)
    }
}

/// Returns the hash that places `key` in a hash table. Keys equal under
/// `=:=` hash alike, because the hash reads only the term's structure.
pub fn key_hash(key: Term) -> u32 {
    // PERF: most keys are immediates (small integers, pids, atoms). An
    // immediate is `=:=` only to the same word, so mixing the word is
    // enough, while make_hash2 costs hundreds of instructions even for a small
    // integer (callgrind, perf/programs/ets_heavy.erl).
    // Atoms are left to make_hash2, which hashes their names: their index
    // in the atom table depends on what else the VM interned first, and
    // would make a table's traversal order change with unrelated code.
    if key.is_immediate() && !key.is_atom() {
        let mixed = key.raw().wrapping_mul(0x9E37_79B9_7F4A_7C15);
        return (mixed >> 32) as u32;
    }
    crate::phash::make_hash2(key)
}

/// Orders two keys of a hash table as traversal visits them.
fn hash_order(ha: u32, a: Term, hb: u32, b: Term) -> Ordering {
    ha.cmp(&hb).then_with(|| compare::map_key_order(a, b))
}

/// All objects of one key in a hash table.
struct Entry {
    hash: u32,
    /// Never empty. `set` entries hold exactly one object.
    objects: Vec<Object>,
}

const MIN_BUCKETS: usize = 16;

/// A hash table of entries whose bucket is the top bits of the hash.
struct HashStore {
    /// Each bucket sorted by [`hash_order`].
    buckets: Vec<Vec<Entry>>,
    keys: usize,
}

impl HashStore {
    fn new() -> HashStore {
        HashStore {
            buckets: (0..MIN_BUCKETS).map(|_| Vec::new()).collect(),
            keys: 0,
        }
    }

    fn bucket_of(&self, hash: u32) -> usize {
        ((hash as u64 * self.buckets.len() as u64) >> 32) as usize
    }

    /// Returns the bucket and the index in it where `key` is or would go,
    /// and whether it is there.
    fn position(&self, hash: u32, key: Term, keypos: usize) -> (usize, usize, bool) {
        let b = self.bucket_of(hash);
        let bucket = &self.buckets[b];
        for (i, e) in bucket.iter().enumerate() {
            match hash_order(e.hash, e.objects[0].key(keypos), hash, key) {
                Ordering::Less => continue,
                Ordering::Equal => return (b, i, true),
                Ordering::Greater => return (b, i, false),
            }
        }
        (b, bucket.len(), false)
    }

    fn get(&self, key: Term, keypos: usize) -> Option<&Entry> {
        let (b, i, found) = self.position(key_hash(key), key, keypos);
        found.then(|| &self.buckets[b][i])
    }

    fn get_mut(&mut self, hash: u32, key: Term, keypos: usize) -> Option<&mut Entry> {
        let (b, i, found) = self.position(hash, key, keypos);
        if found {
            Some(&mut self.buckets[b][i])
        } else {
            None
        }
    }

    fn remove(&mut self, key: Term, keypos: usize) -> Option<Entry> {
        let (b, i, found) = self.position(key_hash(key), key, keypos);
        found.then(|| self.remove_at(b, i))
    }

    fn remove_at(&mut self, b: usize, i: usize) -> Entry {
        let entry = self.buckets[b].remove(i);
        self.keys -= 1;
        self.resize();
        entry
    }

    fn insert_entry(&mut self, hash: u32, key: Term, keypos: usize, objects: Vec<Object>) {
        let (b, i, found) = self.position(hash, key, keypos);
        debug_assert!(!found, "inserting a key that is present");
        self.buckets[b].insert(i, Entry { hash, objects });
        self.keys += 1;
        self.resize();
    }

    /// Keeps the average bucket between 1/8 and 2 keys. The traversal
    /// order does not depend on the bucket count, so resizing is safe in
    /// the middle of a traversal.
    fn resize(&mut self) {
        let n = self.buckets.len();
        let target = if self.keys > 2 * n {
            n * 2
        } else if n > MIN_BUCKETS && self.keys < n / 8 {
            n / 2
        } else {
            return;
        };
        let old = std::mem::take(&mut self.buckets);
        self.buckets = (0..target).map(|_| Vec::new()).collect();
        for entry in old.into_iter().flatten() {
            let b = self.bucket_of(entry.hash);
            self.buckets[b].push(entry);
        }
    }

    /// Returns the first entry after (`hash`, `key`) in traversal order,
    /// or the first entry when `after` is `None`.
    fn next(&self, after: Option<(u32, Term)>, keypos: usize) -> Option<&Entry> {
        let start = match after {
            None => 0,
            Some((hash, key)) => {
                let b = self.bucket_of(hash);
                let later = self.buckets[b]
                    .iter()
                    .find(|e| hash_order(e.hash, e.objects[0].key(keypos), hash, key).is_gt());
                if later.is_some() {
                    return later;
                }
                b + 1
            }
        };
        self.buckets[start..]
            .iter()
            .find_map(|bucket| bucket.first())
    }

    fn clear(&mut self) -> Vec<Vec<Entry>> {
        self.keys = 0;
        std::mem::replace(
            &mut self.buckets,
            (0..MIN_BUCKETS).map(|_| Vec::new()).collect(),
        )
    }
}

enum Storage {
    Hash(HashStore),
    Ordered(BTreeMap<OrdKey, Object>),
}

/// The objects of one table.
pub struct Store {
    kind: Kind,
    keypos: usize,
    storage: Storage,
    objects: usize,
    /// Words of all stored objects.
    words: usize,
}

impl Store {
    pub fn new(kind: Kind, keypos: usize) -> Store {
        let storage = match kind {
            Kind::OrderedSet => Storage::Ordered(BTreeMap::new()),
            _ => Storage::Hash(HashStore::new()),
        };
        Store {
            kind,
            keypos,
            storage,
            objects: 0,
            words: 0,
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn keypos(&self) -> usize {
        self.keypos
    }

    /// Returns the number of objects.
    pub fn len(&self) -> usize {
        self.objects
    }

    pub fn is_empty(&self) -> bool {
        self.objects == 0
    }

    /// Returns the number of words the stored objects take.
    pub fn words(&self) -> usize {
        self.words
    }

    /// Returns whether `t` can be stored: a tuple with a key position.
    pub fn accepts(&self, t: Term) -> bool {
        t.tuple_arity().is_some_and(|n| n >= self.keypos)
    }

    /// Stores `term`, which [`Store::accepts`]. A `set` replaces the
    /// object of the same key, a `bag` ignores an object equal to a
    /// stored one, a `duplicate_bag` always adds.
    pub fn insert(&mut self, term: Term) {
        let key = term.element(self.keypos - 1);
        let keypos = self.keypos;
        match &mut self.storage {
            Storage::Ordered(map) => {
                // `term` may point into the object it replaces, so it is
                // copied first. The old entry is removed rather than
                // overwritten because BTreeMap::insert would keep the old
                // key, which points into the old object.
                let object = Object::new(term);
                let key = OrdKey(object.key(keypos));
                self.words += object.words();
                if let Some(old) = map.remove(&key) {
                    self.words -= old.words();
                    self.objects -= 1;
                }
                map.insert(key, object);
                self.objects += 1;
            }
            Storage::Hash(hash) => {
                let key_hash = key_hash(key);
                if let Some(entry) = hash.get_mut(key_hash, key, keypos) {
                    match self.kind {
                        Kind::Set => {
                            let object = Object::new(term);
                            self.words += object.words();
                            let old = std::mem::replace(&mut entry.objects[0], object);
                            self.words -= old.words();
                            return;
                        }
                        Kind::Bag => {
                            if entry
                                .objects
                                .iter()
                                .any(|o| compare::exact_eq(o.term(), term))
                            {
                                return;
                            }
                        }
                        _ => {}
                    }
                    let object = Object::new(term);
                    self.words += object.words();
                    entry.objects.push(object);
                    self.objects += 1;
                    return;
                }
                let object = Object::new(term);
                self.words += object.words();
                let key = object.key(keypos);
                hash.insert_entry(key_hash, key, keypos, vec![object]);
                self.objects += 1;
            }
        }
    }

    /// Returns the objects stored under `key`, oldest first.
    pub fn lookup(&self, key: Term) -> &[Object] {
        match &self.storage {
            Storage::Ordered(map) => map.get(&OrdKey(key)).map(std::slice::from_ref),
            Storage::Hash(hash) => hash.get(key, self.keypos).map(|e| &e.objects[..]),
        }
        .unwrap_or(&[])
    }

    /// Overwrites elements of the object stored under `key` in a set or
    /// ordered_set with immediates, in place, and returns whether there
    /// was such an object. `changes` contains 1-based positions, none of
    /// them the key's, each within the tuple.
    ///
    /// PERF: `ets:update_counter/3,4` on small integers then neither copies
    /// the object nor rehashes its key (callgrind,
    /// perf/programs/ets_heavy.erl).
    pub fn overwrite_immediates(&mut self, key: Term, changes: &[(usize, Term)]) -> bool {
        let keypos = self.keypos;
        let object = match &mut self.storage {
            Storage::Ordered(map) => map.get_mut(&OrdKey(key)),
            Storage::Hash(hash) => hash
                .get_mut(key_hash(key), key, keypos)
                .map(|e| &mut e.objects[0]),
        };
        let Some(object) = object else {
            return false;
        };
        let tuple = object.term();
        for &(pos, value) in changes {
            assert!(
                value.is_immediate()
                    && pos != keypos
                    && pos >= 1
                    && pos <= tuple.tuple_arity().unwrap_or(0),
                "overwrite_immediates needs immediates at non-key positions of the tuple"
            );
            // SAFETY: the tuple lives in this object's own fragment, and the
            // caller's `&mut` on the store keeps every reader away from it.
            // Word `pos` after the header is element `pos`, within the
            // tuple as checked above. The old word is dropped without
            // freeing: its data stays in the fragment until the object goes.
            unsafe { *tuple.ptr().add(pos) = value.raw() };
        }
        true
    }

    pub fn contains(&self, key: Term) -> bool {
        !self.lookup(key).is_empty()
    }

    /// Removes and returns the objects of `key`.
    pub fn remove(&mut self, key: Term) -> Vec<Object> {
        let removed = match &mut self.storage {
            Storage::Ordered(map) => map.remove(&OrdKey(key)).into_iter().collect(),
            Storage::Hash(hash) => hash
                .remove(key, self.keypos)
                .map(|e| e.objects)
                .unwrap_or_default(),
        };
        self.objects -= removed.len();
        self.words -= removed.iter().map(Object::words).sum::<usize>();
        removed
    }

    /// Removes the objects of `key` for which `drop` returns `true`, and
    /// returns how many it removed.
    pub fn remove_where(&mut self, key: Term, mut drop: impl FnMut(Term) -> bool) -> usize {
        let keypos = self.keypos;
        let removed = match &mut self.storage {
            Storage::Ordered(map) => match map.get(&OrdKey(key)) {
                Some(o) if drop(o.term()) => map.remove(&OrdKey(key)).into_iter().collect(),
                _ => Vec::new(),
            },
            Storage::Hash(hash) => {
                let (b, i, found) = hash.position(key_hash(key), key, keypos);
                if !found {
                    return 0;
                }
                let entry = &mut hash.buckets[b][i];
                let (removed, kept): (Vec<Object>, Vec<Object>) =
                    std::mem::take(&mut entry.objects)
                        .into_iter()
                        .partition(|o| drop(o.term()));
                entry.objects = kept;
                if entry.objects.is_empty() {
                    hash.remove_at(b, i);
                }
                removed
            }
        };
        self.objects -= removed.len();
        self.words -= removed.iter().map(Object::words).sum::<usize>();
        removed.len()
    }

    /// Removes every object and returns how many there were. The objects
    /// are dropped after the caller releases the table, through the
    /// returned value.
    pub fn clear(&mut self) -> (usize, Cleared) {
        let count = self.objects;
        self.objects = 0;
        self.words = 0;
        let cleared = match &mut self.storage {
            Storage::Ordered(map) => Cleared {
                _hash: Vec::new(),
                _ordered: std::mem::take(map),
            },
            Storage::Hash(hash) => Cleared {
                _hash: hash.clear(),
                _ordered: BTreeMap::new(),
            },
        };
        (count, cleared)
    }

    /// Returns the first key in traversal order.
    pub fn first(&self) -> Option<Term> {
        match &self.storage {
            Storage::Ordered(map) => map.keys().next().map(|k| k.0),
            Storage::Hash(hash) => hash.next(None, self.keypos).map(|e| self.entry_key(e)),
        }
    }

    /// Returns the last key in traversal order. Hash tables have no
    /// meaningful last key: like OTP, they return the first.
    pub fn last(&self) -> Option<Term> {
        match &self.storage {
            Storage::Ordered(map) => map.keys().next_back().map(|k| k.0),
            Storage::Hash(_) => self.first(),
        }
    }

    /// Returns the key after `key` in traversal order, which need not be
    /// stored.
    pub fn next(&self, key: Term) -> Option<Term> {
        match &self.storage {
            Storage::Ordered(map) => map
                .range((Bound::Excluded(OrdKey(key)), Bound::Unbounded))
                .next()
                .map(|(k, _)| k.0),
            Storage::Hash(hash) => hash
                .next(Some((key_hash(key), key)), self.keypos)
                .map(|e| self.entry_key(e)),
        }
    }

    /// Returns the key before `key`; for hash tables the key after it, as
    /// in OTP.
    pub fn prev(&self, key: Term) -> Option<Term> {
        match &self.storage {
            Storage::Ordered(map) => map
                .range((Bound::Unbounded, Bound::Excluded(OrdKey(key))))
                .next_back()
                .map(|(k, _)| k.0),
            Storage::Hash(_) => self.next(key),
        }
    }

    /// Orders two keys as traversal visits them.
    pub fn traversal_order(&self, a: Term, b: Term) -> Ordering {
        match self.storage {
            Storage::Ordered(_) => compare::compare(a, b),
            Storage::Hash(_) => hash_order(key_hash(a), a, key_hash(b), b),
        }
    }

    fn entry_key(&self, e: &Entry) -> Term {
        e.objects[0].key(self.keypos)
    }

    /// Calls `f` on every object in traversal order.
    pub fn for_each(&self, mut f: impl FnMut(&Object)) {
        self.scan(None, false, |o| {
            f(o);
            true
        });
    }

    /// Calls `f` on the objects after the key `after` (all objects when
    /// `None`), in traversal order or, with `reverse` on an
    /// `ordered_set`, in reverse, until `f` returns `false`. All objects
    /// of one key are visited before `f` can stop the scan. Returns the
    /// key of the last object visited when `f` stopped the scan.
    pub fn scan(
        &self,
        after: Option<Term>,
        reverse: bool,
        mut f: impl FnMut(&Object) -> bool,
    ) -> Option<Term> {
        match &self.storage {
            Storage::Ordered(map) => {
                let range = match after {
                    None => map.range::<OrdKey, _>(..),
                    Some(k) if reverse => map.range(..OrdKey(k)),
                    Some(k) => map.range((Bound::Excluded(OrdKey(k)), Bound::Unbounded)),
                };
                let mut visit = |(k, o): (&OrdKey, &Object)| (!f(o)).then_some(k.0);
                if reverse {
                    range.rev().find_map(&mut visit)
                } else {
                    range.into_iter().find_map(&mut visit)
                }
            }
            Storage::Hash(hash) => {
                let start = match after {
                    None => (0, 0),
                    Some(k) => {
                        let (b, i, found) = hash.position(key_hash(k), k, self.keypos);
                        (b, i + usize::from(found))
                    }
                };
                let mut first = true;
                for bucket in &hash.buckets[start.0..] {
                    let skip = if first { start.1 } else { 0 };
                    first = false;
                    for entry in &bucket[skip..] {
                        let mut go_on = true;
                        for o in &entry.objects {
                            go_on &= f(o);
                        }
                        if !go_on {
                            return Some(self.entry_key(entry));
                        }
                    }
                }
                None
            }
        }
    }

    /// Returns the number of slots for `ets:slot/2`: buckets of a hash
    /// table, objects of an `ordered_set`.
    pub fn slot_count(&self) -> usize {
        match &self.storage {
            Storage::Ordered(map) => map.len(),
            Storage::Hash(hash) => hash.buckets.len(),
        }
    }

    /// Calls `f` on the objects in slot `i` < [`Store::slot_count`].
    pub fn slot(&self, i: usize, mut f: impl FnMut(&Object)) {
        match &self.storage {
            Storage::Ordered(map) => {
                if let Some(o) = map.values().nth(i) {
                    f(o);
                }
            }
            Storage::Hash(hash) => {
                for e in &hash.buckets[i] {
                    e.objects.iter().for_each(&mut f);
                }
            }
        }
    }
}

/// Objects taken out of a table, dropped by the caller once the table's
/// lock is released.
pub struct Cleared {
    _hash: Vec<Vec<Entry>>,
    _ordered: BTreeMap<OrdKey, Object>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::{self, Heap};

    fn tuple(heap: &mut Heap, items: &[i64]) -> Term {
        let items: Vec<Term> = items.iter().map(|&i| Term::small_unchecked(i)).collect();
        heap::tuple(heap, &items)
    }

    #[test]
    fn atom_keys_hash_by_name() {
        // An atom's table index depends on interning order, so hashing it
        // would make traversal order change with unrelated code.
        let atom = Term::atom(crate::atom::Atom::from_static("ets_key_hash_atom"));
        assert_eq!(key_hash(atom), crate::phash::make_hash2(atom));
    }

    #[test]
    fn equal_small_keys_hash_alike() {
        let a = Term::small_unchecked(123_456);
        let b = Term::small_unchecked(123_456);
        assert_eq!(key_hash(a), key_hash(b));
        assert_ne!(key_hash(a), key_hash(Term::small_unchecked(123_457)));
    }

    fn keys(store: &Store) -> Vec<Term> {
        let mut keys = Vec::new();
        let mut k = store.first();
        while let Some(key) = k {
            keys.push(key);
            k = store.next(key);
        }
        keys
    }

    #[test]
    fn set_replaces_and_grows() {
        let mut heap = Heap::default();
        let mut store = Store::new(Kind::Set, 1);
        for i in 0..1000 {
            let t = tuple(&mut heap, &[i, i]);
            store.insert(t);
        }
        let t = tuple(&mut heap, &[5, 50]);
        store.insert(t);
        assert_eq!(store.len(), 1000);
        let found = store.lookup(Term::small_unchecked(5));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].term().element(1), Term::small_unchecked(50));
        assert_eq!(keys(&store).len(), 1000);
    }

    #[test]
    fn hash_order_survives_shrinking() {
        let mut heap = Heap::default();
        let mut store = Store::new(Kind::Set, 1);
        for i in 0..500 {
            let t = tuple(&mut heap, &[i]);
            store.insert(t);
        }
        let before = keys(&store);
        // Delete every key but the last ten while walking; next/2 from a
        // deleted key still finds its successor.
        let mut k = store.first();
        let mut visited = 0;
        while let Some(key) = k {
            visited += 1;
            if visited <= 490 {
                store.remove(key);
            }
            k = store.next(key);
        }
        assert_eq!(visited, 500);
        assert_eq!(keys(&store), before[490..].to_vec());
    }

    #[test]
    fn bag_ignores_equal_objects() {
        let mut heap = Heap::default();
        let mut bag = Store::new(Kind::Bag, 1);
        let mut dup = Store::new(Kind::DuplicateBag, 1);
        for t in [[1, 2], [1, 3], [1, 2]] {
            let t = tuple(&mut heap, &t);
            bag.insert(t);
            dup.insert(t);
        }
        assert_eq!(bag.lookup(Term::small_unchecked(1)).len(), 2);
        assert_eq!(dup.lookup(Term::small_unchecked(1)).len(), 3);
        let two = tuple(&mut heap, &[1, 2]);
        assert_eq!(
            dup.remove_where(Term::small_unchecked(1), |o| compare::exact_eq(o, two)),
            2
        );
        assert_eq!(dup.len(), 1);
    }

    #[test]
    fn ordered_set_merges_equal_numbers() {
        let mut heap = Heap::default();
        let mut store = Store::new(Kind::OrderedSet, 1);
        let one = tuple(&mut heap, &[1]);
        store.insert(one);
        let float = heap::float(&mut heap, 1.0);
        let t = heap::tuple(&mut heap, &[float]);
        store.insert(t);
        assert_eq!(store.len(), 1);
        assert!(store.first().unwrap().is_float());
        let mut set = Store::new(Kind::Set, 1);
        set.insert(one);
        set.insert(t);
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn ordered_scan_reverse_from_key() {
        let mut heap = Heap::default();
        let mut store = Store::new(Kind::OrderedSet, 1);
        for i in 1..=5 {
            let t = tuple(&mut heap, &[i]);
            store.insert(t);
        }
        let mut seen = Vec::new();
        store.scan(Some(Term::small_unchecked(4)), true, |o| {
            seen.push(o.key(1).as_small().unwrap());
            true
        });
        assert_eq!(seen, vec![3, 2, 1]);
        assert_eq!(store.prev(Term::small_unchecked(1)), None);
        assert_eq!(store.last(), Some(Term::small_unchecked(5)));
    }
}
