//! The opening the simulated handlers share, as one axum extractor: [`Authed`] checks a request
//! the way its site does (the site's [`Gate`]) and reads its body the way the call does
//! ([`ReadBody`]), answering with the site's own refusals, so a handler starts with what it needs.
//! (Qoo10 and Crossmall answer every call from one handler, which checks the key itself.)

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::world::World;
use super::SimState;

/// How a site checks who is calling.
pub trait Gate {
    /// Who an admitted request comes from (the shops it may act for).
    type Caller;

    /// Checks the request head: the caller, or the site's refusal (counted as the site counts
    /// refusals).
    fn admit(w: &mut World, head: &Parts) -> Result<Self::Caller, Response>;
}

/// How one kind of call on the site behind gate `G` reads its body.
pub trait ReadBody<G: Gate>: Sized {
    /// The body, or the site's refusal of it (counted on `caller` as the site counts refusals).
    fn read(w: &mut World, head: &Parts, caller: &G::Caller, bytes: &Bytes) -> Result<Self, Response>;
}

/// A request the site behind gate `G` admitted: who it comes from, and its body read as `B`
/// (`()`: not read).
pub struct Authed<G: Gate, B = ()>(pub G::Caller, pub B);

impl<G: Gate> FromRequestParts<Arc<SimState>> for Authed<G> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, st: &Arc<SimState>) -> Result<Self, Response> {
        let caller = G::admit(&mut st.world(), parts)?;
        Ok(Authed(caller, ()))
    }
}

impl<G: Gate, B: ReadBody<G>> FromRequest<Arc<SimState>> for Authed<G, B> {
    type Rejection = Response;

    /// The body is read first, as axum's `Bytes` extractor reads it (same limit, same rejection),
    /// then the head is checked and the body parsed under one lock of the world.
    async fn from_request(req: Request, st: &Arc<SimState>) -> Result<Self, Response> {
        let (head, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(head.clone(), body), st)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut w = st.world();
        let caller = G::admit(&mut w, &head)?;
        let body = B::read(&mut w, &head, &caller, &bytes)?;
        Ok(Authed(caller, body))
    }
}
