//! Searching a binary for a set of byte patterns: the engine behind
//! `binary:match/3`, `binary:matches/3`, `binary:split/3` and
//! `binary:replace/4`.
//!
//! Matches follow OTP's rule: the leftmost match wins, and among patterns
//! that match at the same position the longest one. Repeated searches
//! continue after the previous match, so matches never overlap.
//!
//! Each pattern runs its own Knuth-Morris-Pratt automaton. The automata
//! only move forward, so finding all matches reads each byte of the
//! subject once per pattern: O(patterns * subject + total pattern length)
//! in the worst case, with no input that makes it quadratic.

/// One pattern and its automaton state.
struct Automaton<'p> {
    pattern: &'p [u8],
    /// `failure[i]`: the length of the longest proper prefix of
    /// `pattern[..=i]` that is also its suffix.
    failure: Vec<usize>,
    /// Length of the pattern prefix matched just before `position`.
    matched: usize,
    /// Next subject index to read.
    position: usize,
    /// Start of an occurrence found and not yet reported past.
    found: Option<usize>,
}

impl<'p> Automaton<'p> {
    fn new(pattern: &'p [u8], start: usize) -> Automaton<'p> {
        let mut failure = vec![0; pattern.len()];
        let mut k = 0;
        for i in 1..pattern.len() {
            while k > 0 && pattern[i] != pattern[k] {
                k = failure[k - 1];
            }
            if pattern[i] == pattern[k] {
                k += 1;
            }
            failure[i] = k;
        }
        Automaton {
            pattern,
            failure,
            matched: 0,
            position: start,
            found: None,
        }
    }

    /// Returns the start of the first occurrence that begins at or after
    /// `from` and ends by `end`.
    fn next_from(&mut self, subject: &[u8], from: usize, end: usize) -> Option<usize> {
        let m = self.pattern.len();
        loop {
            if let Some(start) = self.found {
                if start >= from {
                    return Some(start);
                }
                self.found = None;
            }
            if self.position <= from {
                // Partial matches in progress began before `from`.
                self.position = from;
                self.matched = 0;
            }
            while self.position < end {
                let byte = subject[self.position];
                while self.matched > 0 && self.pattern[self.matched] != byte {
                    self.matched = self.failure[self.matched - 1];
                }
                if self.pattern[self.matched] == byte {
                    self.matched += 1;
                }
                self.position += 1;
                if self.matched == m {
                    self.found = Some(self.position - m);
                    self.matched = self.failure[m - 1];
                    break;
                }
            }
            self.found?;
        }
    }
}

/// A search for several non-empty patterns in one subject.
pub struct Searcher<'p, 's> {
    subject: &'s [u8],
    end: usize,
    automata: Vec<Automaton<'p>>,
}

impl<'p, 's> Searcher<'p, 's> {
    /// Prepares a search of `subject[start..end]`. Every pattern must be
    /// non-empty, and `start <= end <= subject.len()`.
    pub fn new(patterns: &[&'p [u8]], subject: &'s [u8], start: usize, end: usize) -> Self {
        debug_assert!(patterns.iter().all(|p| !p.is_empty()));
        let end = end.min(subject.len());
        let automata = patterns
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| Automaton::new(p, start))
            .collect();
        Searcher {
            subject,
            end,
            automata,
        }
    }

    /// Returns the next match at or after `from` as `(start, length)`.
    pub fn next_from(&mut self, from: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for automaton in &mut self.automata {
            let Some(start) = automaton.next_from(self.subject, from, self.end) else {
                continue;
            };
            let len = automaton.pattern.len();
            best = match best {
                Some((s, l)) if s < start || (s == start && l >= len) => Some((s, l)),
                _ => Some((start, len)),
            };
        }
        best
    }
}

/// Returns the first match in `subject[start..end]` as `(start, length)`.
pub fn find_first(
    patterns: &[&[u8]],
    subject: &[u8],
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    Searcher::new(patterns, subject, start, end).next_from(start)
}

/// Returns every non-overlapping match in `subject[start..end]`, left to
/// right.
pub fn find_all(
    patterns: &[&[u8]],
    subject: &[u8],
    start: usize,
    end: usize,
) -> Vec<(usize, usize)> {
    let mut searcher = Searcher::new(patterns, subject, start, end);
    let mut found = Vec::new();
    let mut from = start;
    while let Some((s, len)) = searcher.next_from(from) {
        found.push((s, len));
        from = s + len;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from OTP 25's `binary:match/2` and `binary:matches/2`.
    #[test]
    fn leftmost_longest_like_otp() {
        assert_eq!(find_first(&[b"cd"], b"abcde", 0, 5), Some((2, 2)));
        assert_eq!(
            find_first(&[b"cd", b"bcd", b"c"], b"abcde", 0, 5),
            Some((1, 3))
        );
        assert_eq!(find_first(&[b"c", b"cde"], b"abcde", 0, 5), Some((2, 3)));
        assert_eq!(find_first(&[b"x"], b"abcde", 0, 5), None);
        assert_eq!(find_first(&[b"c"], b"abcde", 3, 5), None);
        assert_eq!(find_first(&[b"c"], b"abcde", 1, 5), Some((2, 1)));
        assert_eq!(find_all(&[b"aa"], b"aaaa", 0, 4), vec![(0, 2), (2, 2)]);
        assert_eq!(
            find_all(&[b"a", b"ab", b"bca"], b"abcabc", 0, 6),
            vec![(0, 2), (3, 2)]
        );
        assert_eq!(find_all(&[b"x"], b"abcabc", 0, 6), vec![]);
    }

    #[test]
    fn scope_end_bounds_matches() {
        assert_eq!(find_first(&[b"cd"], b"abcde", 0, 3), None);
        assert_eq!(find_first(&[b"cd"], b"abcde", 0, 4), Some((2, 2)));
        assert_eq!(find_all(&[b","], b"a,b,c", 2, 5), vec![(3, 1)]);
    }

    #[test]
    fn overlapping_self_matches() {
        assert_eq!(
            find_all(&[b"aba"], b"ababababa", 0, 9),
            vec![(0, 3), (4, 3)]
        );
        assert_eq!(
            find_all(&[b"abab"], b"abababab", 0, 8),
            vec![(0, 4), (4, 4)]
        );
        assert_eq!(find_first(&[b"aab"], b"aaab", 0, 4), Some((1, 3)));
    }

    /// Compares with a direct scan on many small inputs.
    #[test]
    fn agrees_with_direct_scan() {
        fn direct(patterns: &[&[u8]], subject: &[u8]) -> Vec<(usize, usize)> {
            let mut out = Vec::new();
            let mut i = 0;
            while i < subject.len() {
                let best = patterns
                    .iter()
                    .filter(|p| subject[i..].starts_with(p))
                    .map(|p| p.len())
                    .max();
                match best {
                    Some(len) => {
                        out.push((i, len));
                        i += len;
                    }
                    None => i += 1,
                }
            }
            out
        }
        let mut seed = 12345u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) % 3
        };
        for _ in 0..500 {
            let subject: Vec<u8> = (0..30).map(|_| b'a' + next() as u8).collect();
            let owned: Vec<Vec<u8>> = (0..3)
                .map(|_| (0..1 + next() % 3).map(|_| b'a' + next() as u8).collect())
                .collect();
            let patterns: Vec<&[u8]> = owned.iter().map(|p| p.as_slice()).collect();
            assert_eq!(
                find_all(&patterns, &subject, 0, subject.len()),
                direct(&patterns, &subject),
                "{patterns:?} in {subject:?}"
            );
        }
    }

    #[test]
    fn long_periodic_input_is_linear() {
        let subject = vec![b'a'; 1 << 20];
        let mut pattern = vec![b'a'; 1000];
        pattern.push(b'b');
        assert_eq!(
            find_first(&[&pattern, b"aa"], &subject, 0, subject.len()),
            Some((0, 2))
        );
        assert_eq!(find_first(&[&pattern], &subject, 0, subject.len()), None);
        assert_eq!(
            find_all(&[&pattern, b"a"], &subject, 0, subject.len()).len(),
            1 << 20
        );
    }
}
