//! A per-shop rate limiter: calls are spaced at least `min_interval` apart, and one "slow down"
//! from the site pauses every call of the shop, not just the one that got it.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Spaces the calls of one shop (or one site-wide quota).
#[derive(Debug)]
pub struct Limiter {
    min_interval: Duration,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    next: Instant,
    paused_until: Instant,
}

impl Limiter {
    /// A limiter letting one call through per `min_interval`.
    pub fn new(min_interval: Duration) -> Limiter {
        let now = Instant::now();
        Limiter {
            min_interval,
            state: Mutex::new(State {
                next: now,
                paused_until: now,
            }),
        }
    }

    /// The spacing between calls.
    pub fn min_interval(&self) -> Duration {
        self.min_interval
    }

    /// Waits for this call's slot.
    pub async fn acquire(&self) {
        let at = {
            let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let at = s.next.max(s.paused_until).max(now);
            s.next = at + self.min_interval;
            at
        };
        tokio::time::sleep_until(at).await;
    }

    /// Holds every call of this limiter back for `d` from now (a 429 or Retry-After).
    pub fn pause_for(&self, d: Duration) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let until = Instant::now() + d;
        if until > s.paused_until {
            s.paused_until = until;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn calls_are_spaced_and_a_pause_holds_everyone() {
        let l = Limiter::new(Duration::from_millis(100));
        let t0 = Instant::now();
        l.acquire().await;
        l.acquire().await;
        l.acquire().await;
        assert_eq!(t0.elapsed(), Duration::from_millis(200));
        l.pause_for(Duration::from_secs(2));
        l.acquire().await;
        assert!(t0.elapsed() >= Duration::from_millis(2200), "{:?}", t0.elapsed());
    }
}
