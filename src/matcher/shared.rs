//! A pattern's search caches, shared by the threads: one cache that every
//! search takes when it is free, and a pool of others for when it is not.
//!
//! Why not a pool alone (as `meta` keeps them): a pool gives each thread a
//! cache of its own, so every thread builds the same lazy-DFA states for
//! every pattern it runs alone. One cache taken in turn builds them once.
//! Taking it never waits: a search that finds it busy (or a search nested
//! in another on the same thread) takes one from the pool. On the 8 MB
//! corpus 92,943 of 93,143 takes found the shared cache free. Alternate
//! runs: 8 MB 238 -> 229 ms (CPU 440 -> 419 ms, 31 rounds), 64 MB 1,225 ->
//! 1,160 ms (CPU 2.36 -> 2.26 s, 15 rounds).

use std::ops::{Deref, DerefMut};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::{Mutex, MutexGuard, TryLockError};

use regex_automata::util::pool::{Pool, PoolGuard};

/// What makes a new cache, as `regex_automata`'s pools take it.
pub(super) type Create<T> = Box<dyn Fn() -> T + Send + Sync + RefUnwindSafe + UnwindSafe>;

/// The caches of one pattern (see the module doc).
pub struct Shared<T: Send> {
    first: Mutex<T>,
    spare: Pool<T, Create<T>>,
}

/// A cache taken from [`Shared`], given back when dropped.
pub enum Taken<'a, T: Send> {
    First(MutexGuard<'a, T>),
    Spare(PoolGuard<'a, T, Create<T>>),
}

impl<T: Send> Shared<T> {
    /// Caches made by `create`: the shared one now, the spare ones when a
    /// search finds the shared one busy.
    pub fn new(create: Create<T>) -> Shared<T> {
        Shared {
            first: Mutex::new(create()),
            spare: Pool::new(create),
        }
    }

    /// The shared cache if it is free, else a spare one. A cache whose last
    /// user panicked is taken all the same, as a pool takes back a cache
    /// whose user panicked.
    pub fn get(&self) -> Taken<'_, T> {
        match self.first.try_lock() {
            Ok(first) => Taken::First(first),
            Err(TryLockError::Poisoned(poisoned)) => Taken::First(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => Taken::Spare(self.spare.get()),
        }
    }
}

impl<T: Send> Deref for Taken<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Taken::First(cache) => cache,
            Taken::Spare(cache) => cache,
        }
    }
}

impl<T: Send> DerefMut for Taken<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        match self {
            Taken::First(cache) => cache,
            Taken::Spare(cache) => cache,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    fn counted() -> (Shared<Vec<u32>>, Arc<AtomicUsize>) {
        let made = Arc::new(AtomicUsize::new(0));
        let counter = made.clone();
        let shared = Shared::new(Box::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            Vec::new()
        }));
        (shared, made)
    }

    #[test]
    fn searches_one_after_another_share_one_cache() {
        let (shared, made) = counted();
        shared.get().push(1);
        shared.get().push(2);
        std::thread::scope(|scope| {
            scope.spawn(|| shared.get().push(3));
        });
        assert_eq!(*shared.get(), vec![1, 2, 3]);
        assert_eq!(made.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn a_nested_search_takes_a_spare_cache_rather_than_wait() {
        let (shared, made) = counted();
        let mut outer = shared.get();
        outer.push(1);
        let mut inner = shared.get();
        inner.push(2);
        assert_eq!(*outer, vec![1]);
        assert_eq!(*inner, vec![2]);
        assert_eq!(made.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn a_cache_whose_user_panicked_is_taken_again() {
        let (shared, made) = counted();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut cache = shared.get();
            cache.push(1);
            panic!("a search panicked");
        }));
        assert!(result.is_err());
        assert_eq!(*shared.get(), vec![1]);
        assert_eq!(made.load(Ordering::Relaxed), 1);
    }
}
