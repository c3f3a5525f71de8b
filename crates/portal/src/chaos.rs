//! Fault injection for the reference portal (`portal serve --chaos …`): added latency, 5xx
//! answers, dropped connections and malformed JSON, so that the console's retries, idempotency and
//! error messages can be proven against a portal that misbehaves. Faults strike after the handler
//! ran: the action happened but its answer is lost — the case that idempotency keys exist for.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::RngExt;

/// `latency=0-2000ms,error=0.2,reset=0.05,malformed=0.02`
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Chaos {
    pub latency_ms: (u64, u64),
    pub error: f64,
    pub reset: f64,
    pub malformed: f64,
}

impl std::str::FromStr for Chaos {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut chaos = Chaos::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("«{part}»: expected name=value"))?;
            let probability = |v: &str| -> Result<f64, String> {
                let p: f64 = v.parse().map_err(|_| format!("«{part}»: not a number"))?;
                if (0.0..=1.0).contains(&p) {
                    Ok(p)
                } else {
                    Err(format!("«{part}»: a probability is between 0 and 1"))
                }
            };
            match name {
                "latency" => {
                    let v = value.strip_suffix("ms").unwrap_or(value);
                    let (lo, hi) = v.split_once('-').unwrap_or((v, v));
                    let lo: u64 = lo
                        .parse()
                        .map_err(|_| format!("«{part}»: latency is MIN-MAXms"))?;
                    let hi: u64 = hi
                        .parse()
                        .map_err(|_| format!("«{part}»: latency is MIN-MAXms"))?;
                    if lo > hi || hi > 60_000 {
                        return Err(format!("«{part}»: latency must be MIN ≤ MAX ≤ 60000ms"));
                    }
                    chaos.latency_ms = (lo, hi);
                }
                "error" => chaos.error = probability(value)?,
                "reset" => chaos.reset = probability(value)?,
                "malformed" => chaos.malformed = probability(value)?,
                other => {
                    return Err(format!(
                        "unknown fault «{other}» (latency, error, reset, malformed)"
                    ));
                }
            }
        }
        Ok(chaos)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    None,
    Error,
    Reset,
    Malformed,
}

impl Chaos {
    fn pick(&self, roll: f64) -> Fault {
        if roll < self.error {
            Fault::Error
        } else if roll < self.error + self.reset {
            Fault::Reset
        } else if roll < self.error + self.reset + self.malformed {
            Fault::Malformed
        } else {
            Fault::None
        }
    }
}

/// The middleware; the live event stream is left alone (its own reconnection is tested apart).
pub(crate) async fn inject(State(chaos): State<Chaos>, request: Request, next: Next) -> Response {
    if request.uri().path() == "/api/v1/events" {
        return next.run(request).await;
    }
    let (delay, roll) = {
        let mut rng = rand::rng();
        let (lo, hi) = chaos.latency_ms;
        (rng.random_range(lo..=hi), rng.random::<f64>())
    };
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let response = next.run(request).await;
    match chaos.pick(roll) {
        Fault::None => response,
        Fault::Error => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            r#"{"error":{"code":"internal","message":"chaos: injected failure"}}"#,
        )
            .into_response(),
        Fault::Reset => {
            // A body that fails at once: the server aborts the connection mid-answer.
            let failing = futures::stream::once(async {
                Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other(
                    "chaos: connection reset",
                ))
            });
            let (parts, _) = response.into_parts();
            Response::from_parts(parts, Body::from_stream(failing))
        }
        Fault::Malformed => {
            let (parts, _) = response.into_parts();
            let mut parts = parts;
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(r#"{"items":[{"id":"#))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_parses_and_rejects_nonsense() {
        let c: Chaos = "latency=0-2000ms,error=0.2,reset=0.05,malformed=0.02"
            .parse()
            .unwrap();
        assert_eq!(
            c,
            Chaos {
                latency_ms: (0, 2000),
                error: 0.2,
                reset: 0.05,
                malformed: 0.02
            }
        );
        assert!("error=2".parse::<Chaos>().is_err());
        assert!("latency=5-1ms".parse::<Chaos>().is_err());
        assert!("gremlins=1".parse::<Chaos>().is_err());
        assert_eq!(c.pick(0.1), Fault::Error);
        assert_eq!(c.pick(0.22), Fault::Reset);
        assert_eq!(c.pick(0.26), Fault::Malformed);
        assert_eq!(c.pick(0.9), Fault::None);
    }
}
