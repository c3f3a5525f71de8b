//! The builder every resource declares its routes with. Each entry keeps the method and the path
//! as `assets/openapi.yaml` spells them beside the handler, so the list of served routes
//! (`router::ROUTES`, checked against the document) is read from the same declarations that
//! build the router, never kept by hand. The layers that need the portal's state (the audit of
//! refusals, the per-address budget) are applied when the router is made (`into_router`).

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::middleware;
use axum::routing::{self, MethodRouter};

use crate::AppState;
use crate::http::audited::{self, Audit, AuditTarget};
use crate::http::guard;

/// Who may reach a route besides the router's own layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Operators (the handler authenticates) and the anonymous routes with no budget of their own.
    Plain,
    /// Anyone, within a per-address budget (`guard::public_rate_limit`).
    Public,
    /// Served only when the WhatsApp channel is configured (`--whatsapp`).
    Whatsapp,
}

/// One method of one path: its handler and what the router wraps it in.
pub(crate) struct Endpoint {
    method: &'static str,
    handler: MethodRouter<AppState>,
    audit: Option<Audit>,
    reach: Reach,
}

fn endpoint(method: &'static str, handler: MethodRouter<AppState>) -> Endpoint {
    Endpoint {
        method,
        handler,
        audit: None,
        reach: Reach::Plain,
    }
}

pub(crate) fn get<H: Handler<T, AppState>, T: 'static>(handler: H) -> Endpoint {
    endpoint("get", routing::get(handler))
}

pub(crate) fn post<H: Handler<T, AppState>, T: 'static>(handler: H) -> Endpoint {
    endpoint("post", routing::post(handler))
}

pub(crate) fn patch<H: Handler<T, AppState>, T: 'static>(handler: H) -> Endpoint {
    endpoint("patch", routing::patch(handler))
}

impl Endpoint {
    /// A body limit of its own instead of the router's [`contract::api::MAX_JSON_BODY`].
    pub(crate) fn body_limit(mut self, bytes: usize) -> Self {
        self.handler = self.handler.layer(DefaultBodyLimit::max(bytes));
        self
    }

    /// Every refusal this endpoint answers is an audit record of `action` (see `audited`).
    pub(crate) fn audited(mut self, action: &'static str, target: AuditTarget) -> Self {
        self.audit = Some(Audit { action, target });
        self
    }

    /// Anonymous, within the per-address budget of the public side.
    pub(crate) fn public(mut self) -> Self {
        self.reach = Reach::Public;
        self
    }

    /// Served only when the WhatsApp channel is configured.
    pub(crate) fn whatsapp(mut self) -> Self {
        self.reach = Reach::Whatsapp;
        self
    }
}

struct Entry {
    path: &'static str,
    endpoint: Endpoint,
}

/// A resource's routes, or all of them once merged.
#[derive(Default)]
pub(crate) struct Routes(Vec<Entry>);

impl Routes {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// `path` in the OpenAPI document's syntax (which axum shares: `{id}`).
    pub(crate) fn route(mut self, path: &'static str, endpoint: Endpoint) -> Self {
        self.0.push(Entry { path, endpoint });
        self
    }

    /// The route of an endpoint the contract declares (`contract::api::Endpoint`): its path is
    /// the contract's `E::PATH`, written once for the client and the router; its method must be
    /// the contract's too (checked in every debug build that makes the router, all the tests).
    pub(crate) fn serve<E: contract::api::Endpoint>(self, endpoint: Endpoint) -> Self {
        debug_assert_eq!(
            endpoint.method,
            E::METHOD.as_str(),
            "{} is a {} in the contract",
            E::PATH,
            E::METHOD.as_str()
        );
        self.route(E::PATH, endpoint)
    }

    pub(crate) fn merge(mut self, other: Routes) -> Self {
        self.0.extend(other.0);
        self
    }

    /// (method, path) of every route, the channels' included (as the document lists them).
    pub(crate) fn list(&self) -> Vec<(&'static str, &'static str)> {
        self.0.iter().map(|e| (e.endpoint.method, e.path)).collect()
    }

    /// (method, path, action) of every route whose refusals are audited by the layer.
    pub(crate) fn audited(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        self.0
            .iter()
            .filter_map(|e| Some((e.endpoint.method, e.path, e.endpoint.audit?.action)))
            .collect()
    }

    /// The router of these routes for `state`: the WhatsApp routes only with the channel; the
    /// audit of refusals, then the per-address budget, around each handler.
    pub(crate) fn into_router(self, state: &AppState) -> Router<AppState> {
        let mut router = Router::new();
        for Entry { path, endpoint } in self.0 {
            if endpoint.reach == Reach::Whatsapp && state.whatsapp.is_none() {
                continue;
            }
            let mut handler = endpoint.handler;
            if let Some(audit) = endpoint.audit {
                handler = handler.route_layer(middleware::from_fn_with_state(
                    (state.clone(), audit),
                    audited::refusals,
                ));
            }
            if endpoint.reach == Reach::Public {
                handler = handler.layer(middleware::from_fn_with_state(
                    state.guards.clone(),
                    guard::public_rate_limit,
                ));
            }
            // Two methods of one path are one route (axum merges them).
            router = router.route(path, handler);
        }
        router
    }
}
