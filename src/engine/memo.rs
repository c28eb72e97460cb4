//! A bounded memo of a pure function's results, shareable between threads (the CLI annotates on
//! every core with one engine; the wasm has one thread and the lock costs nothing there).
//!
//! Composed texts repeat: one page's scripts and explanations come from the same templates and
//! slots (1,000 negative reviews of the corpus give 4,000 texts, 1,488 distinct, and 36,702
//! sentences, 1,273 distinct), and linting them is most of composing.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

pub struct Memo<K, V> {
    map: Mutex<HashMap<K, V>>,
    max: usize,
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// A memo that empties itself when it holds `max` entries (a page's distinct texts fit; a long
    /// CLI run does not grow without bound).
    pub fn new(max: usize) -> Memo<K, V> {
        Memo { map: Mutex::new(HashMap::new()), max }
    }

    /// The value for `key`, computed by `f` the first time. `f` runs outside the lock; a lock
    /// poisoned by a panic elsewhere only turns the memo off.
    pub fn get_or(&self, key: K, f: impl FnOnce() -> V) -> V {
        if let Some(v) = self.map.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return v;
        }
        let v = f();
        if let Ok(mut m) = self.map.lock() {
            if m.len() >= self.max {
                m.clear();
            }
            m.insert(key, v.clone());
        }
        v
    }
}

/// A copy starts empty (what it caches is derived, never state).
impl<K: Hash + Eq, V: Clone> Clone for Memo<K, V> {
    fn clone(&self) -> Self {
        Memo::new(self.max)
    }
}

impl<K, V> std::fmt::Debug for Memo<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.map.lock().map(|m| m.len()).unwrap_or(0);
        write!(f, "Memo({n} of {})", self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_and_stays_bounded() {
        let m: Memo<u32, u32> = Memo::new(3);
        let mut calls = 0;
        for k in [1, 2, 1, 1, 2] {
            assert_eq!(m.get_or(k, || { calls += 1; k * 10 }), k * 10);
        }
        assert_eq!(calls, 2);
        for k in 3..10 {
            m.get_or(k, || k);
        }
        assert!(m.map.lock().unwrap().len() <= 3);
        assert_eq!(format!("{:?}", m.clone()), "Memo(0 of 3)");
    }
}
