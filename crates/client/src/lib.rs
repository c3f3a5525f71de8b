//! The console's HTTP client of the portal (reqwest with rustls: builds with cargo alone).
//!
//! GETs are retried with exponential backoff and jitter when the failure is transient; actions
//! (POST) are never retried here: they carry an `Idempotency-Key` chosen by the caller, so that
//! when the operator retries by hand the portal recognises the same action and does not repeat it.

mod conversations;
pub mod live;

use std::time::Duration;

use rand::RngExt;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use contract::remote::{Accept, RawRequest, Sent, Transport, decode_error};
pub use contract::remote::{ConversationQuery, PortalError, PqrQuery};

use jiff::civil::Date;

use contract::api::{
    Endpoint, ErrorBody, ErrorCode, FieldProblem, IDEMPOTENCY_KEY, Ingress, NewPqrMessage, Page,
    PqrDetail, PqrMessage, PqrPatch, PqrReportRow, PqrSummary, REQUEST_ID, UserSummary,
};
use contract::domain::sanitize::untrusted;

/// The largest answer the console reads: a JSON body, or one event of the live stream. A portal
/// that sends more (broken or hostile) gets [`PortalError::TooLarge`], not the console's memory.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// The longest wait a portal's `Retry-After` may ask for; a larger one (a hostile or broken
/// portal) is read as this, so no wait or deadline computed from it can overflow.
pub const MAX_RETRY_AFTER: u64 = 24 * 3600;

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    /// Attempts of a GET in all (1 = no retry).
    pub get_attempts: u32,
    pub backoff_base: Duration,
    /// Whether the operator's token may go over plain `http://` to a portal that is not on this
    /// machine (see [`check_portal_url`]). Off unless `HELPDESK_ALLOW_PLAIN_HTTP=1`.
    pub allow_plain_http: bool,
}

/// The variable that lets the console talk plain HTTP to a portal on another machine.
pub(crate) const ALLOW_PLAIN_HTTP_ENV: &str = "HELPDESK_ALLOW_PLAIN_HTTP";

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(3),
            request_timeout: Duration::from_secs(10),
            get_attempts: 3,
            backoff_base: Duration::from_millis(250),
            allow_plain_http: std::env::var(ALLOW_PLAIN_HTTP_ENV).is_ok_and(|v| v.trim() == "1"),
        }
    }
}

/// Refuses a portal address that would send the operator's token (and the users' personal
/// data) in clear across a network: `http://` is for this machine only (`localhost`,
/// `127.0.0.0/8`, `::1`) unless `allow_plain_http`; anything but http and https is refused.
pub fn check_portal_url(base: &str, allow_plain_http: bool) -> anyhow::Result<()> {
    let url = reqwest::Url::parse(base)
        .map_err(|e| anyhow::anyhow!("the portal address {base:?} is not a URL: {e}"))?;
    let host = url.host_str().unwrap_or("");
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let local = bare.eq_ignore_ascii_case("localhost")
        || bare.to_ascii_lowercase().ends_with(".localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(()),
        "http" if local || allow_plain_http => Ok(()),
        "http" => anyhow::bail!(
            "refusing to send the operator token over plain HTTP to {}: use https://, or set {ALLOW_PLAIN_HTTP_ENV}=1 on a network you trust",
            url.host_str().unwrap_or("?")
        ),
        other => anyhow::bail!("the portal address must be http:// or https://, not {other}://"),
    }
}

#[derive(Clone)]
pub struct PortalClient {
    http: reqwest::Client,
    base: String,
    token: String,
    config: ClientConfig,
}

impl std::fmt::Debug for PortalClient {
    // The token is a secret: never in a Debug line, never in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// Makes ring the process's TLS provider; call it before building any `reqwest::Client`
/// (without it reqwest panics). reqwest's own default, aws-lc-rs, needs cmake to build.
/// Installing twice is harmless (the first one stays).
pub fn use_ring_for_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A reqwest builder for a portal at `base`. A plain `http://` portal (the demo, loopback, a
/// proxy on the same host) gets an empty certificate store: the platform's verifier reads the
/// system's whole store (the bundle, then every file of /etc/ssl/certs) when the client is
/// built — before the console's first frame — and http never uses it. An `https://` portal gets
/// the platform's verifier as before.
pub(crate) fn builder_for(base: &str) -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder();
    let plain = base
        .trim_start()
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"));
    if plain {
        builder.tls_certs_only(std::iter::empty())
    } else {
        builder
    }
}

/// The host and port of a portal address, for the status bar (known before a client is built).
pub fn host_of(base: &str) -> &str {
    let without_scheme = base.split_once("://").map_or(base, |(_, r)| r);
    without_scheme.split('/').next().unwrap_or(without_scheme)
}

impl PortalClient {
    pub fn new(base: &str, token: &str, config: ClientConfig) -> anyhow::Result<Self> {
        check_portal_url(base, config.allow_plain_http)?;
        use_ring_for_tls();
        let http = builder_for(base)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            // Below the reference portal's 10 s idle deadline: a pooled connection is dropped
            // here before the portal closes it under a request.
            .pool_idle_timeout(Duration::from_secs(5))
            .user_agent(concat!("helpdesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| anyhow::anyhow!("cannot build the HTTP client: {e}"))?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_string(),
            token: token.to_string(),
            config,
        })
    }

    /// The portal's host and port, for the status bar.
    pub fn host(&self) -> &str {
        host_of(&self.base)
    }

    /// Calls any endpoint of the contract: a read retried while the failure is transient, an
    /// action sent once with its `Idempotency-Key`; the answer decoded and through its ingress.
    pub async fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Answer, PortalError> {
        contract::remote::call(self, endpoint).await
    }

    pub async fn search_users(
        &self,
        query: &str,
        limit: u32,
    ) -> Result<Page<UserSummary>, PortalError> {
        let limit = limit.to_string();
        self.get::<Page<UserSummary>>("/api/v1/users", &[("q", query), ("limit", &limit)])
            .await
            .map(Ingress::sanitized)
    }

    /// One page of the PQR report's rows for a period (`GET /api/v1/reports/pqr`), after
    /// `cursor`.
    pub async fn pqr_report(
        &self,
        from: Date,
        to: Date,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<Page<PqrReportRow>, PortalError> {
        let mut query = contract::api::stats::period_pairs(Some(from), Some(to));
        query.push(("limit", limit.to_string()));
        if let Some(c) = cursor {
            query.push(("cursor", c.to_string()));
        }
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.get::<Page<PqrReportRow>>("/api/v1/reports/pqr", &query)
            .await
            .map(Ingress::sanitized)
    }

    /// One page of PQRs matching `filter`, after `cursor`.
    pub async fn list_pqrs(
        &self,
        filter: &PqrQuery,
        cursor: Option<&str>,
    ) -> Result<Page<PqrSummary>, PortalError> {
        let mut query = filter.pairs();
        if let Some(c) = cursor {
            query.push(("cursor", c.to_string()));
        }
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.get::<Page<PqrSummary>>("/api/v1/pqr", &query)
            .await
            .map(Ingress::sanitized)
    }

    /// A PQR with its thread, and its ETag for the next change (empty when the portal sent none:
    /// then [`Self::patch_pqr`] refuses to change it).
    pub async fn pqr(&self, id: i64) -> Result<(PqrDetail, String), PortalError> {
        let (detail, etag) = self
            .get_with_etag::<PqrDetail>(&format!("/api/v1/pqr/{id}"), &[])
            .await?;
        Ok((detail.sanitized(), etag))
    }

    /// A change under `If-Match`: a 412 means someone changed the ticket since it was read.
    /// Without the version that was read (`etag` empty, or `*`) nothing is sent: the console
    /// never invents a precondition that would overwrite someone else's change.
    pub async fn patch_pqr(
        &self,
        id: i64,
        etag: &str,
        patch: &PqrPatch,
    ) -> Result<(PqrDetail, String), PortalError> {
        let (detail, etag) = self
            .if_match::<_, PqrDetail>(Method::PATCH, &format!("/api/v1/pqr/{id}"), etag, patch)
            .await?;
        Ok((detail.sanitized(), etag))
    }

    /// A change under `If-Match: etag`, with the answer's ETag. Without the version that was
    /// read (`etag` empty, or `*`) nothing is sent ([`PortalError::NoVersion`]).
    async fn if_match<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        etag: &str,
        body: &B,
    ) -> Result<(T, String), PortalError> {
        let etag = etag.trim();
        if etag.is_empty() || etag == "*" {
            return Err(PortalError::NoVersion);
        }
        let resp = self
            .request(method, path)
            .header(reqwest::header::IF_MATCH, etag)
            .json(body)
            .send()
            .await
            .map_err(|e| transport_error(&e))?;
        let etag = etag_of(&resp);
        Ok((decode(resp).await?, etag))
    }

    pub async fn add_pqr_message(
        &self,
        id: i64,
        message: &NewPqrMessage,
        idempotency_key: &str,
    ) -> Result<PqrMessage, PortalError> {
        self.action(
            &format!("/api/v1/pqr/{id}/messages"),
            message,
            idempotency_key,
        )
        .await
        .map(Ingress::sanitized)
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, PortalError> {
        self.get_with_etag(path, query)
            .await
            .map(|(value, _)| value)
    }

    /// A GET with its ETag, retried with backoff and jitter while the failure is transient.
    async fn get_with_etag<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<(T, String), PortalError> {
        self.get_retried(path, query, contract::remote::decode::<T>)
            .await
    }

    /// A GET whose answer `accept` reads, retried with backoff and jitter while the failure
    /// (the request's, or `accept`'s) is transient; with the answer's ETag.
    async fn get_retried<R>(
        &self,
        path: &str,
        query: &[(&str, &str)],
        mut accept: impl FnMut(&[u8]) -> Result<R, PortalError>,
    ) -> Result<(R, String), PortalError> {
        let attempts = self.config.get_attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = match self.request(Method::GET, path).query(query).send().await {
                Ok(resp) => {
                    let etag = etag_of(&resp);
                    answer_body(resp)
                        .await
                        .and_then(|body| accept(&body))
                        .map(|v| (v, etag))
                }
                Err(e) => Err(transport_error(&e)),
            };
            match result {
                Err(e) if e.is_transient() && attempt < attempts => {
                    let wait = backoff(self.config.backoff_base, attempt);
                    tracing::debug!(path, attempt, ?wait, error = %e, "retrying GET");
                    tokio::time::sleep(wait).await;
                }
                other => return other,
            }
        }
    }

    async fn action<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        idempotency_key: &str,
    ) -> Result<T, PortalError> {
        let body = serde_json::to_vec(body).map_err(|e| decode_error(&e))?;
        let answer = self
            .send_once(Method::POST, path, &[], Some(body), Some(idempotency_key))
            .await?;
        contract::remote::decode(&answer)
    }

    /// An action: sent once (never retried here: the operator retries it with the same
    /// `Idempotency-Key`), the answer's body read up to [`MAX_BODY`].
    async fn send_once(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<Vec<u8>>,
        idempotency_key: Option<&str>,
    ) -> Result<Vec<u8>, PortalError> {
        let mut request = self.request(method, path).query(query);
        if let Some(key) = idempotency_key {
            request = request.header(IDEMPOTENCY_KEY, key);
        }
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let resp = request.send().await.map_err(|e| transport_error(&e))?;
        answer_body(resp).await
    }
}

/// The contract's generic calls (`contract::remote::call`) over this client: a GET with the
/// retries of [`PortalClient::get_with_etag`], anything else once, like [`PortalClient::action`].
impl Transport for PortalClient {
    fn send<'a>(&'a self, request: RawRequest, accept: Accept<'a>) -> Sent<'a> {
        Box::pin(async move {
            let query: Vec<(&str, &str)> = request
                .query
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect();
            match request.method {
                contract::api::Method::Get => self
                    .get_retried(&request.path, &query, |body| accept(body))
                    .await
                    .map(|_| ()),
                contract::api::Method::Post => {
                    let answer = self
                        .send_once(
                            Method::POST,
                            &request.path,
                            &query,
                            request.body,
                            request.idempotency_key.as_deref(),
                        )
                        .await?;
                    accept(&answer)
                }
            }
        })
    }
}

/// The answer's ETag, or empty: never a made-up `*`.
fn etag_of(resp: &Response) -> String {
    resp.headers()
        .get(reqwest::header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| *v != "*" && v.len() <= 256)
        .unwrap_or("")
        .to_string()
}

/// base·2^(n-1), plus up to 50 % jitter so that many consoles do not retry in step.
pub(crate) fn backoff(base: Duration, attempt: u32) -> Duration {
    let exp = base.saturating_mul(1 << (attempt - 1).min(6));
    let jitter = rand::rng().random_range(0..=exp.as_millis() as u64 / 2);
    exp + Duration::from_millis(jitter)
}

pub(crate) fn transport_error(e: &reqwest::Error) -> PortalError {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "connection failed"
    };
    PortalError::Offline(kind.to_string())
}

/// The body, up to [`MAX_BODY`] bytes.
async fn read_capped(mut resp: Response) -> Result<Vec<u8>, PortalError> {
    let too_large = PortalError::TooLarge { limit: MAX_BODY };
    if resp.content_length().is_some_and(|n| n > MAX_BODY as u64) {
        return Err(too_large);
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| transport_error(&e))? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

async fn decode<T: DeserializeOwned>(resp: Response) -> Result<T, PortalError> {
    contract::remote::decode(&answer_body(resp).await?)
}

/// A success's body (up to [`MAX_BODY`] bytes), or the refusal in the operator's terms.
async fn answer_body(resp: Response) -> Result<Vec<u8>, PortalError> {
    let status = resp.status();
    let request_id = resp
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(|s| untrusted(s, 64))
        .unwrap_or_else(|| "-".into());
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|s| s.min(MAX_RETRY_AFTER));
    let bytes = read_capped(resp).await?;
    if status.is_success() {
        return Ok(bytes);
    }
    let body: Option<ErrorBody> = serde_json::from_slice(&bytes).ok();
    let (code, message, field) = match body {
        Some(b) => (
            b.error.code,
            untrusted(&b.error.message, 500),
            field_problem(b.error.details),
        ),
        None => (ErrorCode::Unknown, String::new(), None),
    };
    Err(match status {
        StatusCode::UNAUTHORIZED => PortalError::Unauthorized,
        StatusCode::FORBIDDEN => PortalError::Forbidden { message },
        StatusCode::NOT_FOUND => PortalError::NotFound,
        StatusCode::TOO_MANY_REQUESTS => PortalError::RateLimited {
            retry_after: retry_after.unwrap_or(60),
            code,
        },
        s if s.is_server_error() => PortalError::Server {
            status: s.as_u16(),
            request_id,
        },
        s => PortalError::Api {
            status: s.as_u16(),
            code,
            message,
            request_id,
            field,
        },
    })
}

/// The refused field a 422's details name, if they name one (its name cleaned: it is the
/// portal's text and reaches the state).
fn field_problem(details: serde_json::Value) -> Option<FieldProblem> {
    let mut problem: FieldProblem = serde_json::from_value(details).ok()?;
    problem.field = untrusted(&problem.field, 64);
    Some(problem)
}

#[cfg(test)]
mod tests {

    #[test]
    fn plain_http_only_to_this_machine_unless_allowed() {
        for ok in [
            "https://portal.example.com",
            "http://127.0.0.1:8080",
            "http://localhost:3000/",
            "http://[::1]:80",
        ] {
            assert!(check_portal_url(ok, false).is_ok(), "{ok}");
        }
        let refused = check_portal_url("http://portal.example.com", false).unwrap_err();
        assert!(refused.to_string().contains("https://"), "{refused}");
        assert!(check_portal_url("http://10.0.0.5:8080", false).is_err());
        assert!(check_portal_url("http://10.0.0.5:8080", true).is_ok());
        assert!(check_portal_url("ftp://portal.example.com", true).is_err());
        assert!(check_portal_url("portal.example.com", true).is_err());
    }

    use super::*;

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let base = Duration::from_millis(100);
        for attempt in 1..10 {
            let b = backoff(base, attempt);
            let exp = base * (1 << (attempt - 1).min(6));
            assert!(b >= exp && b <= exp + exp / 2, "attempt {attempt}: {b:?}");
        }
    }
}
