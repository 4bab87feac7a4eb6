//! Sorting through one non-generic merge sort.
//!
//! Each `slice::sort_by` call site instantiates a copy of std's driftsort for its element and
//! comparator types (3–5 KB of WASM each). Here only the cheap permutation step is generic; the
//! merge sort itself, over indices with a `dyn` comparator, exists once.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably (equal items keep their order), in O(n log n).
pub fn sort_by<T>(items: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = sorted_indices(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    // `order` is a permutation, so every slot is taken exactly once.
    items.extend(order.into_iter().filter_map(|index| slots[index].take()));
}

/// Sorts `items` by a key, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The indices `0..len` in the order `compare` puts them: a bottom-up merge sort.
fn sorted_indices(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut buffer = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, middle);
            for slot in &mut buffer[start..end] {
                // Take from the left run on ties: that keeps the sort stable.
                let take_left =
                    right >= end || (left < middle && compare(order[left], order[right]) != Ordering::Greater);
                if take_left {
                    *slot = order[left];
                    left += 1;
                } else {
                    *slot = order[right];
                    right += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut buffer);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn sorts_like_std_stable_sort_on_random_input() {
        let mut rng = StdRng::seed_from_u64(3);
        for len in (0..70).chain([500, 1_023, 1_024, 1_025, 10_000]) {
            // (key, original position): few distinct keys, so stability is tested too.
            let items: Vec<(u8, usize)> = (0..len).map(|at| (rng.random_range(0..5), at)).collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut expected = items;
            expected.sort_by_key(|a| a.0);
            assert_eq!(ours, expected, "length {len}");
        }
    }

    #[test]
    fn sorts_by_key_and_keeps_every_item() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "fig"];
        sort_by_key(&mut words, |word| word.len());
        assert_eq!(words, ["fig", "fig", "pear", "kiwi", "apple"]);
    }
}
