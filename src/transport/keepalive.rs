//! The `keepalive` budget of WebAssembly fetches: the one place its rule lives.
//!
//! A browser lets a `keepalive` request outlive its page, but all keepalive
//! requests in flight share a 64 KiB budget of body bytes, and a request that
//! would exceed it fails outright. [`KeepaliveBudget::reserve`] therefore grants
//! keepalive only while the budget holds, and the [`Reservation`] gives the bytes
//! back when the request finishes or is dropped. Target-independent so native
//! unit tests pin it down; only the wasm transport uses it.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::cell::Cell;
use std::rc::Rc;

/// When a WebAssembly build sets `keepalive: true` on a `fetch` (ignored on
/// native targets, where the pool itself keeps connections alive).
///
/// Browsers let a keepalive request outlive its page, inside a 64 KiB budget shared
/// by every keepalive request in flight; a request over that budget fails. The
/// budget is tracked by the client so no request ever fails because of keepalive.
///
/// ```
/// use cohere_edge::{Client, Keepalive};
/// let client = Client::builder().api_key("k").keepalive(Keepalive::Never).build();
/// assert!(client.is_ok());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Keepalive {
    /// Set it only while this request's body plus the bodies of the other
    /// keepalive requests in flight stay within 64 KiB. The default.
    #[default]
    Auto,
    /// Set it on every request whose own body fits in 64 KiB, whatever else is
    /// in flight (the browser may then refuse a request when the budget is full).
    Always,
    /// Never set it.
    Never,
}

/// The browsers' budget for the bodies of keepalive requests in flight.
pub(crate) const KEEPALIVE_QUOTA: usize = 64 * 1024;

/// Whether a request with a `body_len`-byte body may set keepalive while
/// `in_flight` bytes of other keepalive requests are outstanding.
pub(crate) fn allowed(mode: Keepalive, body_len: usize, in_flight: usize) -> bool {
    match mode {
        Keepalive::Never => false,
        Keepalive::Always => body_len <= KEEPALIVE_QUOTA,
        Keepalive::Auto => body_len
            .checked_add(in_flight)
            .is_some_and(|total| total <= KEEPALIVE_QUOTA),
    }
}

/// Keepalive body bytes in flight, shared by every client of one JS realm.
#[derive(Debug, Default)]
pub(crate) struct KeepaliveBudget {
    in_flight: Cell<usize>,
    peak: Cell<usize>,
}

/// Bytes held against a [`KeepaliveBudget`] until dropped.
#[derive(Debug)]
pub(crate) struct Reservation {
    budget: Rc<KeepaliveBudget>,
    bytes: usize,
}

impl KeepaliveBudget {
    /// Reserves `body_len` bytes if `mode` allows keepalive for this request now.
    pub(crate) fn reserve(
        budget: &Rc<KeepaliveBudget>,
        mode: Keepalive,
        body_len: usize,
    ) -> Option<Reservation> {
        let now = budget.in_flight.get();
        if !allowed(mode, body_len, now) {
            return None;
        }
        let total = now.saturating_add(body_len);
        budget.in_flight.set(total);
        budget.peak.set(budget.peak.get().max(total));
        Some(Reservation {
            budget: budget.clone(),
            bytes: body_len,
        })
    }

    /// Bytes reserved right now.
    pub(crate) fn in_flight(&self) -> usize {
        self.in_flight.get()
    }

    /// The most bytes ever reserved at once.
    pub(crate) fn peak(&self) -> usize {
        self.peak.get()
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let b = &self.budget.in_flight;
        b.set(b.get().saturating_sub(self.bytes));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule() {
        assert!(allowed(Keepalive::Auto, 1000, 0));
        assert!(allowed(Keepalive::Auto, KEEPALIVE_QUOTA, 0));
        assert!(!allowed(Keepalive::Auto, KEEPALIVE_QUOTA + 1, 0));
        assert!(!allowed(Keepalive::Auto, 1000, KEEPALIVE_QUOTA - 999));
        assert!(allowed(Keepalive::Auto, 1000, KEEPALIVE_QUOTA - 1000));
        assert!(!allowed(Keepalive::Auto, usize::MAX, 1));
        assert!(allowed(Keepalive::Always, 1000, KEEPALIVE_QUOTA));
        assert!(!allowed(Keepalive::Always, KEEPALIVE_QUOTA + 1, 0));
        assert!(!allowed(Keepalive::Never, 1, 0));
    }

    #[test]
    fn reservations_share_the_budget_and_give_it_back() {
        let budget = Rc::new(KeepaliveBudget::default());
        let held: Vec<_> = (0..6)
            .map(|_| KeepaliveBudget::reserve(&budget, Keepalive::Auto, 10_000))
            .collect();
        assert!(held.iter().all(Option::is_some));
        assert_eq!(budget.in_flight(), 60_000);
        // A seventh would pass 64 KiB: no keepalive for it, and no bytes held.
        assert!(KeepaliveBudget::reserve(&budget, Keepalive::Auto, 10_000).is_none());
        assert_eq!(budget.in_flight(), 60_000);
        // A small one still fits.
        let small = KeepaliveBudget::reserve(&budget, Keepalive::Auto, 5_000);
        assert!(small.is_some());
        drop(held);
        assert_eq!(budget.in_flight(), 5_000);
        drop(small);
        assert_eq!(budget.in_flight(), 0);
        assert_eq!(budget.peak(), 65_000);
        assert!(budget.peak() <= KEEPALIVE_QUOTA);
    }
}
