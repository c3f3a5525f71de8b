//! Every route of the v1 contract, merged here from each resource's `routes()`, and the layers
//! around them all. `ROUTES` is read from the same declarations, for the test that keeps
//! `assets/openapi.yaml` and the router in step.

use std::sync::LazyLock;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{OperatorSlot, RequestId};
use crate::http::routes::Routes;
use crate::http::{
    answers, audit, conversations, live, outcome, pages, pqr, public, ready, report, reset, stats,
    users, verify, whatsapp,
};
use crate::metrics::PortalMetrics;
use contract::api::{ErrorCode, MAX_JSON_BODY, REQUEST_ID};

/// Every resource's routes: the one place a new resource is added.
fn resources() -> Routes {
    Routes::new()
        .merge(users::routes())
        .merge(ready::routes())
        .merge(verify::routes())
        .merge(reset::routes())
        .merge(outcome::routes())
        .merge(audit::routes())
        .merge(pqr::routes())
        .merge(conversations::routes())
        .merge(answers::routes())
        .merge(live::routes())
        .merge(stats::routes())
        .merge(report::routes())
        .merge(public::routes())
        .merge(pages::routes())
        .merge(whatsapp::routes())
}

/// (method, path in OpenAPI syntax) of every route this router serves (the WhatsApp webhook's
/// with `--whatsapp`).
pub static ROUTES: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| resources().list());

/// (method, path, action) of every route whose refusals the audit layer records (`audited`),
/// for the test that refuses each once.
pub static AUDITED: LazyLock<Vec<(&'static str, &'static str, &'static str)>> =
    LazyLock::new(|| resources().audited());

pub fn router(state: AppState) -> Router {
    resources()
        .into_router(&state)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .layer(middleware::from_fn(json_errors))
        .layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            access_log,
        ))
        .layer(middleware::from_fn(request_id))
        .layer(middleware::from_fn(security_headers))
        // Outermost: a client that hangs up never stops a handler half-way (see `serve`).
        .layer(middleware::from_fn_with_state(
            state.in_flight.clone(),
            super::serve::detach,
        ))
        .with_state(state)
}

/// The answers carry reset tokens and personal data: nothing may be cached, framed, or leak
/// the page's address (and its token) in a Referer.
pub(crate) const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("cache-control", "no-store"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    (
        "content-security-policy",
        // The caller's pages load their own stylesheet and script, nothing inline, nothing else.
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
];

async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(*name, HeaderValue::from_static(value));
    }
    response
}

async fn not_found() -> ApiError {
    ApiError::not_found("route")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::BadRequest,
        "method not allowed on this route",
    )
}

/// The contract's error shape for every error, also the framework's own rejections (a form body
/// that does not deserialize, a body over the limit…), which axum answers as `text/plain`.
/// JSON errors and the reset pages (`text/html`) pass through untouched.
async fn json_errors(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/json") || content_type.starts_with("text/html") {
        return response;
    }
    let (parts, body) = response.into_parts();
    // The framework's messages are short; anything longer is cut, never buffered whole.
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let code = match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::ValidationFailed,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    };
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    let mut answer = ApiError::new(status, code, message).into_response();
    // Keep what the framework said besides the body (Allow on a 405, Retry-After…).
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().insert(name.clone(), value.clone());
        }
    }
    answer
}

/// Gives each request an id, visible to handlers (audit, logs) and returned as `x-request-id`.
async fn request_id(mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().to_string();
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(req).await.into_response();
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, v);
    }
    response
}

/// One access-log line and one metrics sample per request: the method, the route's template
/// (never the raw path: no radicados, ids, tokens or emails), the status, the latency, the
/// request id and the operator's id. Never a header, a query string or a body. The handler
/// runs inside a `request` span with the id, so its own lines carry it too.
async fn access_log(
    State(metrics): State<std::sync::Arc<PortalMetrics>>,
    mut req: Request,
    next: Next,
) -> Response {
    use tracing::Instrument;
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let operator = OperatorSlot::default();
    req.extensions_mut().insert(operator.clone());
    let span = tracing::info_span!("request", request_id = %request_id);
    let response = next.run(req).instrument(span).await;
    let took = started.elapsed();
    let status = response.status().as_u16();
    metrics.request(method.as_str(), &route, status, took);
    tracing::info!(
        target: "helpdesk::access",
        method = %method,
        route = %route,
        status,
        latency_ms = took.as_secs_f64() * 1000.0,
        request_id = %request_id,
        operator_id = operator.get(),
        "request"
    );
    response
}
