//! Every route of the v1 contract. `ROUTES` lists them for the test that keeps
//! `assets/openapi.yaml` and the router in step.

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{OperatorSlot, RequestId};
use crate::http::{
    answers, audit, conversations, guard, live, outcome, pages, pqr, public, ready, report, reset,
    stats, users, verify, whatsapp,
};
use crate::metrics::PortalMetrics;
use contract::api::{ErrorCode, MAX_JSON_BODY, REQUEST_ID};

/// (method, path in OpenAPI syntax) of every route this router serves.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/v1/health"),
    ("get", "/api/v1/ready"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/password-policy"),
    ("get", "/api/v1/users"),
    ("get", "/api/v1/users/{id}"),
    ("get", "/api/v1/users/{id}/timeline"),
    ("post", "/api/v1/users/{id}/verifications"),
    ("post", "/api/v1/users/{id}/reset-links"),
    ("post", "/api/v1/users/{id}/unlock"),
    ("post", "/api/v1/users/{id}/call-outcomes"),
    ("get", "/api/v1/audit"),
    ("get", "/api/v1/pqr"),
    ("post", "/api/v1/pqr"),
    ("get", "/api/v1/pqr/assignees"),
    ("get", "/api/v1/pqr/{id}"),
    ("patch", "/api/v1/pqr/{id}"),
    ("post", "/api/v1/pqr/{id}/messages"),
    ("get", "/api/v1/events"),
    ("get", "/api/v1/stats/pqr"),
    ("get", "/api/v1/stats/resets"),
    ("get", "/api/v1/stats/calls"),
    ("get", "/api/v1/reports/pqr"),
    ("post", "/api/v1/public/password-reset-requests"),
    ("post", "/api/v1/public/password-resets/{token}"),
    ("post", "/api/v1/public/login"),
    ("get", "/cv/recordar/contrasena/{token}"),
    ("post", "/cv/recordar/contrasena/{token}"),
    // The caller's pages (`pages`).
    ("get", "/"),
    ("get", "/cv/ingresar"),
    ("post", "/cv/ingresar"),
    ("get", "/cv/recordar/contrasena"),
    ("post", "/cv/recordar/contrasena"),
    ("get", "/cv/mi-portal"),
    ("get", "/cv/mi-portal/{opcion}"),
    ("post", "/cv/salir"),
    ("get", "/cv/ayuda"),
    ("get", "/cv/ayuda/pqr"),
    ("post", "/cv/ayuda/pqr"),
    ("get", "/cv/static/{file}"),
    ("get", "/api/v1/conversations"),
    ("get", "/api/v1/conversations/templates"),
    ("get", "/api/v1/conversations/{id}"),
    ("patch", "/api/v1/conversations/{id}"),
    ("post", "/api/v1/conversations/{id}/messages"),
    ("post", "/api/v1/conversations/{id}/pqr"),
    // The WhatsApp channel, only with `--whatsapp`.
    ("get", "/api/v1/channels/whatsapp/webhook"),
    ("post", "/api/v1/channels/whatsapp/webhook"),
];

pub fn router(state: AppState) -> Router {
    // Each public endpoint has its own per-address budget (see `guard`).
    let public = Router::new()
        .route(
            "/api/v1/public/password-reset-requests",
            post(public::request_reset),
        )
        .route(
            "/api/v1/public/password-resets/{token}",
            post(public::confirm_reset),
        )
        .route("/api/v1/public/login", post(public::login))
        .route(
            "/cv/recordar/contrasena/{token}",
            get(pages::reset::page).post(pages::reset::submit),
        )
        .route_layer(middleware::from_fn_with_state(
            state.guards.clone(),
            guard::public_rate_limit,
        ));
    Router::new()
        .route("/api/v1/health", get(users::health))
        .route("/api/v1/ready", get(ready::ready))
        .route("/api/v1/me", get(users::me))
        .route("/api/v1/password-policy", get(users::password_policy))
        .route("/api/v1/users", get(users::search))
        .route("/api/v1/users/{id}", get(users::detail))
        .route("/api/v1/users/{id}/timeline", get(users::timeline))
        .route("/api/v1/users/{id}/verifications", post(verify::verify))
        .route(
            "/api/v1/users/{id}/reset-links",
            post(reset::send_link_handler),
        )
        .route("/api/v1/users/{id}/unlock", post(verify::unlock))
        .route(
            "/api/v1/users/{id}/call-outcomes",
            post(outcome::record_outcome),
        )
        .route("/api/v1/audit", get(audit::list))
        .route(
            "/api/v1/pqr",
            // A 64 KiB body plus the rest of the PQR, as for messages.
            get(pqr::list)
                .post(pqr::create)
                .layer(DefaultBodyLimit::max(MAX_JSON_BODY + 4096)),
        )
        .route("/api/v1/pqr/assignees", get(pqr::assignees))
        .route("/api/v1/pqr/{id}", get(pqr::get).patch(pqr::patch))
        .route(
            "/api/v1/pqr/{id}/messages",
            // A 64 KiB message plus its JSON envelope.
            post(pqr::add_message).layer(DefaultBodyLimit::max(MAX_JSON_BODY + 4096)),
        )
        .route("/api/v1/conversations", get(conversations::list::list))
        .route("/api/v1/conversations/templates", get(answers::templates))
        .route(
            "/api/v1/conversations/{id}",
            get(conversations::api::get).patch(conversations::api::patch),
        )
        .route("/api/v1/conversations/{id}/messages", post(answers::answer))
        .route(
            "/api/v1/conversations/{id}/pqr",
            post(conversations::radicate::radicate),
        )
        .route("/api/v1/events", get(live::stream))
        .route("/api/v1/stats/pqr", get(stats::pqr))
        .route("/api/v1/stats/resets", get(stats::resets))
        .route("/api/v1/stats/calls", get(stats::calls))
        .route("/api/v1/reports/pqr", get(report::pqr))
        .merge(public)
        .merge(pages::routes())
        .merge(channels(&state))
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
            crate::http::serve::detach,
        ))
        .with_state(state)
}

/// The channels' webhooks: they exist only when their channel is configured.
fn channels(state: &AppState) -> Router<AppState> {
    if state.whatsapp.is_none() {
        return Router::new();
    }
    Router::new().route(
        "/api/v1/channels/whatsapp/webhook",
        get(whatsapp::verify)
            .post(whatsapp::receive)
            .layer(DefaultBodyLimit::max(whatsapp::MAX_BODY)),
    )
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
