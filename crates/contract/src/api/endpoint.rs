//! An endpoint of the contract said once: its method, its path as `assets/openapi.yaml` writes it,
//! what its answer is, and how a request of it fills the path, the query and the body. The
//! console's client calls any endpoint through one generic `call` (`remote::call`), and the
//! portal's router takes the route's path from the same constant, so a new endpoint is a type and
//! its impl here, not a client method and a path typed twice.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::ingress::Ingress;

/// The HTTP methods the contract uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Reads: retried by the client while the failure is transient.
    Get,
    /// Actions: never retried by the client; they carry an `Idempotency-Key`.
    Post,
}

impl Method {
    /// The method as the OpenAPI document and the portal's route list spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
        }
    }
}

/// A request of one endpoint, as plain data (the console's effects carry it, tests compare it).
pub trait Endpoint: Debug + Clone + PartialEq + Send + Sync + 'static {
    const METHOD: Method;
    /// The path in the OpenAPI document's syntax, `{name}` for each parameter (axum's too).
    const PATH: &'static str;
    /// The answer of a success, cleaned by its [`Ingress`] before anyone reads it.
    type Answer: DeserializeOwned + Ingress + Send + 'static;

    /// The values of the path's `{…}` parameters, in their order in [`Self::PATH`].
    fn path_args(&self) -> Vec<String> {
        Vec::new()
    }

    /// The query parameters.
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// The JSON body (see [`json`]); none for a read.
    fn body(&self) -> serde_json::Result<Option<Vec<u8>>> {
        Ok(None)
    }

    /// The key that makes an action safe to send again (`Idempotency-Key`).
    fn idempotency_key(&self) -> Option<&str> {
        None
    }

    /// The concrete path: [`Self::PATH`] with its parameters filled, each percent-encoded.
    fn path(&self) -> String {
        fill(Self::PATH, &self.path_args())
    }
}

/// `value` as an endpoint's JSON body.
pub fn json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Option<Vec<u8>>> {
    serde_json::to_vec(value).map(Some)
}

/// The body of an action that sends nothing but its path: `{}`.
pub fn empty_body() -> serde_json::Result<Option<Vec<u8>>> {
    Ok(Some(b"{}".to_vec()))
}

/// `template` with each `{…}` replaced by the next of `args` (percent-encoded: a value cannot
/// add a segment or a query); a parameter without a value stays empty.
pub fn fill(template: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        if let Some(arg) = args.next() {
            encode_into(&mut out, arg);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn encode_into(out: &mut String, value: &str) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_is_the_template_with_its_values_encoded() {
        let args = ["42".to_string(), "a/b c".to_string()];
        assert_eq!(
            fill("/api/v1/users/{id}/x/{name}", &args),
            "/api/v1/users/42/x/a%2Fb%20c"
        );
        assert_eq!(fill("/api/v1/me", &[]), "/api/v1/me");
    }
}
