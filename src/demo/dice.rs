//! The generator's only source of chance: a seeded PRNG with a few helpers.

use chrono::{Days, NaiveDate};

/// A seeded pseudo-random generator: the same seed gives the same draws.
pub(super) struct Dice(fastrand::Rng);

impl Dice {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(fastrand::Rng::with_seed(seed))
    }

    /// True with probability `p` (0 to 1).
    pub fn chance(&mut self, p: f64) -> bool {
        self.0.f64() < p
    }

    /// A whole number in `low..=high`.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        self.0.u32(low..=high)
    }

    /// A number of days in `low..=high`.
    pub fn days(&mut self, low: u32, high: u32) -> Days {
        Days::new(u64::from(self.between(low, high)))
    }

    /// An index below `len` (`len` must not be 0).
    pub fn index(&mut self, len: usize) -> usize {
        self.0.usize(..len)
    }

    /// One item of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// One value of a non-empty weighted list.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut draw = self.0.u32(..total.max(1));
        for (item, weight) in items {
            if draw < *weight {
                return *item;
            }
            draw -= weight;
        }
        items[items.len() - 1].0
    }

    /// A date in `from..=to` (`from` when the range is empty).
    pub fn date(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0) as u64;
        from + Days::new(self.0.u64(0..=span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_draws() {
        let (mut a, mut b) = (Dice::new(7), Dice::new(7));
        let draws_a: Vec<u32> = (0..20).map(|_| a.between(0, 1000)).collect();
        let draws_b: Vec<u32> = (0..20).map(|_| b.between(0, 1000)).collect();
        assert_eq!(draws_a, draws_b);
    }

    #[test]
    fn weighted_never_picks_a_zero_weight() {
        let mut d = Dice::new(1);
        for _ in 0..200 {
            assert_ne!(d.weighted(&[('a', 0), ('b', 3), ('c', 1)]), 'a');
        }
    }
}
