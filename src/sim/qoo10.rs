//! The simulated Qoo10 API (not yet implemented).

use std::sync::Arc;

use axum::Router;

use super::SimState;

/// The routes under the site's prefix.
pub fn routes() -> Router<Arc<SimState>> {
    Router::new()
}
