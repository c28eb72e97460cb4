//! One sort routine for the crate's small lists (hits, spans, summary rows, tags).
//!
//! Every `sort_by` on a new element type compiles its own copy of the standard library's sort
//! (5–7 KB of wasm for a stable one, 3–4 KB unstable); there were a dozen such copies in the
//! extension. Here the elements are sorted through their indices (`u32`, compared through a
//! `&dyn` closure), so the wasm carries one sort whatever the types. Stable: ties keep their order.
//! The lists are short (tens to a few thousand items), where the indirection costs nothing
//! measurable; the engine's hot paths (n-gram features) keep `sort_unstable` on integers.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stably.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        let cmp = |a: u32, b: u32| match (items.get(a as usize), items.get(b as usize)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        };
        sorted_indices(items.len(), &cmp)
    };
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots.get_mut(i as usize).and_then(Option::take)));
}

/// Sorts `v` by a key, stably.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The one monomorphic sort: indices `0..n` in `cmp` order, ties by index (so stable).
#[inline(never)]
fn sorted_indices(n: usize, cmp: &dyn Fn(u32, u32) -> Ordering) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..n as u32).collect();
    idx.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        // Pairs with many equal keys: the second field shows whether ties kept their order.
        let mut seed = 7u64;
        for n in [0usize, 1, 2, 3, 17, 200, 1000] {
            let v: Vec<(u8, u32)> = (0..n as u32)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std_sorted = v.clone();
            std_sorted.sort_by_key(|p| p.0);
            assert_eq!(ours, std_sorted, "n = {n}");
            let mut rev = v.clone();
            sort_by(&mut rev, |a, b| b.0.cmp(&a.0));
            let mut std_rev = v;
            std_rev.sort_by(|a, b| b.0.cmp(&a.0));
            assert_eq!(rev, std_rev, "n = {n}");
        }
    }

    #[test]
    fn keeps_non_copy_items() {
        let mut v = vec!["c".to_string(), "a".to_string(), "b".to_string()];
        sort_by(&mut v, |a, b| a.cmp(b));
        assert_eq!(v, ["a", "b", "c"]);
    }
}
