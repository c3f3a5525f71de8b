//! One effect for any call of a contract's endpoint: the request (plain data, an
//! [`Endpoint`] of `contract::api`) and how its answer becomes a [`Reply`] of the feature that
//! asked. The runner runs every one the same way (`console/effects/mod.rs`), so a new key that
//! calls a new endpoint adds no effect variant and no runner code; the app still never names
//! the client: the call runs over the contract's [`Transport`], which the client implements.
//! Special calls keep their own effects: a search (debounced, a newer one cancels it), a live
//! stream, a change under `If-Match`, the dashboard's three reads at once.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use contract::api::{Endpoint, Method};
use contract::remote::{PortalError, Transport};

use super::Reply;

/// How an answer (or the failure) becomes the reply; it gets the request back, so it needs to
/// capture little or nothing.
type ReplyWith<E> =
    Arc<dyn Fn(E, Result<<E as Endpoint>::Answer, PortalError>) -> Reply + Send + Sync>;

/// A call of one endpoint, waiting for the runner: `PortalCall::new(UnlockUser { .. }, |req,
/// result| UsersReply::Unlocked { .. })`. Two calls are equal when they send the same request
/// (what tests assert: [`PortalCall::request`]); `Debug` shows the request.
pub struct PortalCall(Box<dyn Erased>);

impl PortalCall {
    pub fn new<E: Endpoint, R: Into<Reply>>(
        request: E,
        reply: impl Fn(E, Result<E::Answer, PortalError>) -> R + Send + Sync + 'static,
    ) -> Self {
        let reply: ReplyWith<E> = Arc::new(move |req, result| reply(req, result).into());
        Self(Box::new(Typed { request, reply }))
    }

    /// The request, if this is a call of `E`.
    pub fn request<E: Endpoint>(&self) -> Option<&E> {
        self.0.request().downcast_ref()
    }

    /// A read: the reconnection may run it again unseen (an action never is).
    pub fn is_read(&self) -> bool {
        self.0.method() == Method::Get
    }

    /// The reply this call makes of `result`, if this is a call of `E` (what the runner does
    /// with the portal's answer; tests read the mapping with it, without a portal).
    pub fn reply_to<E: Endpoint>(&self, result: Result<E::Answer, PortalError>) -> Option<Reply> {
        if !self.0.request().is::<E>() {
            return None;
        }
        self.0.reply(&mut Some(result))
    }

    /// Sends the request over `transport` and makes the reply of its answer.
    pub fn run(self, transport: Arc<dyn Transport>) -> Pin<Box<dyn Future<Output = Reply> + Send>> {
        self.0.run(transport)
    }
}

/// A [`PortalCall`] with its endpoint's type erased (so one `Effect` variant carries them all).
trait Erased: Send + Sync {
    fn request(&self) -> &dyn Any;
    fn method(&self) -> Method;
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn same(&self, other: &dyn Erased) -> bool;
    fn clone_box(&self) -> Box<dyn Erased>;
    /// `result` is an `Option<Result<E::Answer, PortalError>>`, taken.
    fn reply(&self, result: &mut dyn Any) -> Option<Reply>;
    fn run(
        self: Box<Self>,
        transport: Arc<dyn Transport>,
    ) -> Pin<Box<dyn Future<Output = Reply> + Send>>;
}

struct Typed<E: Endpoint> {
    request: E,
    reply: ReplyWith<E>,
}

impl<E: Endpoint> Erased for Typed<E> {
    fn request(&self) -> &dyn Any {
        &self.request
    }

    fn method(&self) -> Method {
        E::METHOD
    }

    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.request.fmt(f)
    }

    fn same(&self, other: &dyn Erased) -> bool {
        other
            .request()
            .downcast_ref::<E>()
            .is_some_and(|r| *r == self.request)
    }

    fn clone_box(&self) -> Box<dyn Erased> {
        Box::new(Typed {
            request: self.request.clone(),
            reply: Arc::clone(&self.reply),
        })
    }

    fn reply(&self, result: &mut dyn Any) -> Option<Reply> {
        let result = result
            .downcast_mut::<Option<Result<E::Answer, PortalError>>>()?
            .take()?;
        Some((self.reply)(self.request.clone(), result))
    }

    fn run(
        self: Box<Self>,
        transport: Arc<dyn Transport>,
    ) -> Pin<Box<dyn Future<Output = Reply> + Send>> {
        Box::pin(async move {
            let result = contract::remote::call(&*transport, &self.request).await;
            (self.reply)(self.request, result)
        })
    }
}

impl fmt::Debug for PortalCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PortalCall(")?;
        self.0.debug(f)?;
        f.write_str(")")
    }
}

impl Clone for PortalCall {
    fn clone(&self) -> Self {
        Self(self.0.clone_box())
    }
}

impl PartialEq for PortalCall {
    fn eq(&self, other: &Self) -> bool {
        self.0.same(&*other.0)
    }
}
