//! The pages' stylesheet and script, embedded in the binary: nothing is fetched from elsewhere.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::ApiPath;

/// (name, content type, bytes) of every static file.
pub(crate) const FILES: &[(&str, &str, &str)] = &[
    (
        "portal.css",
        "text/css; charset=utf-8",
        include_str!("../../../../../assets/pages/portal.css"),
    ),
    (
        "portal.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../../../assets/pages/portal.js"),
    ),
];

/// `GET /cv/static/{file}`
pub(crate) async fn file(ApiPath(name): ApiPath<String>) -> ApiResult<Response> {
    let (_, content_type, body) = FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .ok_or_else(|| ApiError::not_found("file"))?;
    let mut response = (*body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    Ok(response)
}
