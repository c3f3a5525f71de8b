//! The site's relay (issue 25): where the delivery worker hands messages over (`--smtp-url`), the
//! AUTH user and password it gives (`--smtp-credentials`, a 0600 file), and a private CA it trusts
//! besides the host's roots (`--smtp-ca`). One lettre transport is built from them, once: its pool
//! keeps the connection open and reuses it (after a NOOP) for the next message.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, Tokio1Executor};

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// `smtp://host:587`: plain text, then STARTTLS, which the relay must offer (else no send).
    StartTls,
    /// `smtps://host:465`: TLS from the first byte.
    Tls,
    /// `smtp://host:port?tls=none`: plain text; only for a relay on this host (loopback).
    None,
}

/// A parsed `--smtp-url`. It never holds credentials: a URL with a user part is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

impl std::fmt::Display for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        match self.security {
            Security::StartTls => write!(f, "smtp://{host}:{}", self.port),
            Security::Tls => write!(f, "smtps://{host}:{}", self.port),
            Security::None => write!(f, "smtp://{host}:{}?tls=none", self.port),
        }
    }
}

impl std::str::FromStr for SmtpUrl {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> anyhow::Result<Self> {
        let (scheme, rest) = s
            .split_once("://")
            .context("an SMTP URL starts with smtp:// (STARTTLS) or smtps:// (TLS)")?;
        let (mut security, default_port) = match scheme.to_ascii_lowercase().as_str() {
            "smtp" => (Security::StartTls, 587),
            "smtps" => (Security::Tls, 465),
            other => {
                bail!("unknown SMTP URL scheme {other:?}: use smtp:// (STARTTLS) or smtps:// (TLS)")
            }
        };
        let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
        let authority = authority.strip_suffix('/').unwrap_or(authority);
        if authority.contains('@') {
            bail!(
                "the SMTP URL must not hold credentials: put them in the --smtp-credentials file"
            );
        }
        if authority.contains('/') {
            bail!("an SMTP URL has no path: smtp://host:port");
        }
        let (host, port) = split_host_port(authority)?;
        let port = match port {
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .with_context(|| format!("bad port {p:?} in the SMTP URL"))?,
            None => default_port,
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair {
                "tls=none" if security == Security::StartTls => security = Security::None,
                "tls=none" => bail!("smtps:// is TLS: tls=none goes with smtp://"),
                other => {
                    bail!("unknown SMTP URL option {other:?} (only tls=none, for a loopback relay)")
                }
            }
        }
        if security == Security::None && !is_loopback(&host) {
            bail!(
                "tls=none sends mail and the relay's password in clear: it is accepted only for a \
                 relay on this host (localhost, 127.0.0.0/8, ::1), not {host}; use smtp://{host}:587 \
                 (STARTTLS) or smtps://{host}:465"
            );
        }
        Ok(Self {
            host,
            port,
            security,
        })
    }
}

fn split_host_port(authority: &str) -> anyhow::Result<(String, Option<&str>)> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .context("an IPv6 host is written [::1]")?;
        let port = match after {
            "" => None,
            p => Some(
                p.strip_prefix(':')
                    .context("a port follows the host after ':'")?,
            ),
        };
        (host, port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
    {
        bail!("the SMTP URL has no valid host");
    }
    Ok((host.to_ascii_lowercase(), port))
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The relay's AUTH user and password, read from a 0600 file. Its `Debug` never shows the
/// password.
#[derive(Clone)]
pub struct SmtpCredentials {
    user: String,
    password: String,
}

impl std::fmt::Debug for SmtpCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpCredentials")
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl SmtpCredentials {
    /// Reads `path`: the user on the first line, the password on the second, nothing else (a
    /// final newline is allowed). Refused unless only its owner may read it (mode 0600 or 0400).
    /// No error quotes the file's content.
    pub fn from_file(path: &Path) -> anyhow::Result<Self> {
        let shown = path.display();
        let meta = std::fs::metadata(path)
            .with_context(|| format!("cannot read the SMTP credentials {shown}"))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                bail!(
                    "the SMTP credentials {shown} are readable by others (mode {mode:04o}): \
                     chmod 600 {shown}"
                );
            }
        }
        if !meta.is_file() {
            bail!("the SMTP credentials {shown} are not a file");
        }
        if meta.len() > 4096 {
            bail!("the SMTP credentials {shown} are too long for a user and a password");
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the SMTP credentials {shown} (UTF-8 text)"))?;
        let text = text.strip_suffix('\n').unwrap_or(&text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
        match lines.as_slice() {
            [user, password] if !user.is_empty() && !password.is_empty() => Ok(Self {
                user: (*user).to_string(),
                password: (*password).to_string(),
            }),
            _ => bail!(
                "the SMTP credentials {shown} must hold two lines: the user, then the password"
            ),
        }
    }
}

/// Everything the delivery worker needs to reach the relay.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub url: SmtpUrl,
    pub credentials: Option<SmtpCredentials>,
    /// A PEM file of CA certificates trusted besides the host's roots (a site's private CA, or
    /// a test's).
    pub extra_ca: Option<PathBuf>,
    /// Messages handed to the relay at once (and connections in the pool). 16 by default: lettre
    /// writes a message's body and its final `.` in two writes without TCP_NODELAY, so each
    /// message waits for the relay's delayed ACK (40 ms on Linux) on its connection; sixteen
    /// connections keep a relay busy through those waits.
    pub concurrency: u32,
    /// How long one SMTP command may wait for the relay.
    pub timeout: Duration,
}

impl SmtpSettings {
    pub fn new(url: SmtpUrl) -> Self {
        Self {
            url,
            credentials: None,
            extra_ca: None,
            concurrency: 16,
            timeout: Duration::from_secs(30),
        }
    }

    /// The transport, built once; `hello` is the name the portal gives in EHLO (the mail domain).
    pub(crate) fn transport(
        &self,
        hello: &str,
    ) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
        let url = &self.url;
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(url.host.as_str())
                .port(url.port)
                .timeout(Some(self.timeout))
                .hello_name(ClientId::Domain(hello.to_string()))
                .pool_config(
                    PoolConfig::new()
                        .max_size(self.concurrency.max(1))
                        .idle_timeout(Duration::from_secs(60)),
                );
        let tls = || -> anyhow::Result<TlsParameters> {
            let mut params = TlsParameters::builder(url.host.clone());
            if let Some(path) = &self.extra_ca {
                let pem = std::fs::read(path)
                    .with_context(|| format!("cannot read the SMTP CA {}", path.display()))?;
                if !pem.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") {
                    bail!("the SMTP CA {} holds no PEM certificate", path.display());
                }
                let cert = Certificate::from_pem(&pem)
                    .with_context(|| format!("the SMTP CA {} is not valid PEM", path.display()))?;
                params = params.add_root_certificate(cert);
            }
            params
                .build_rustls()
                .context("cannot set up TLS for the relay")
        };
        builder = match url.security {
            Security::StartTls => builder.tls(Tls::Required(tls()?)),
            Security::Tls => builder.tls(Tls::Wrapper(tls()?)),
            Security::None => builder.tls(Tls::None),
        };
        if let Some(c) = &self.credentials {
            builder = builder
                .credentials(Credentials::new(c.user.clone(), c.password.clone()))
                .authentication(vec![Mechanism::Plain, Mechanism::Login]);
        }
        Ok(builder.build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_url_forms_parse_and_credentials_or_clear_text_elsewhere_are_refused() {
        let u: SmtpUrl = "smtp://relay.example.com".parse().unwrap();
        assert_eq!((u.port, u.security), (587, Security::StartTls));
        let u: SmtpUrl = "smtps://relay.example.com".parse().unwrap();
        assert_eq!((u.port, u.security), (465, Security::Tls));
        let u: SmtpUrl = "smtp://127.0.0.1:2525?tls=none".parse().unwrap();
        assert_eq!((u.port, u.security), (2525, Security::None));
        let u: SmtpUrl = "smtp://[::1]:25?tls=none".parse().unwrap();
        assert_eq!(u.to_string(), "smtp://[::1]:25?tls=none");
        let refused = "smtp://relay.example.com:25?tls=none"
            .parse::<SmtpUrl>()
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains("only for a relay on this host"),
            "{refused}"
        );
        let refused = "smtp://user:secret@relay.example.com"
            .parse::<SmtpUrl>()
            .unwrap_err()
            .to_string();
        assert!(!refused.contains("secret"), "{refused}");
        for bad in [
            "relay:25",
            "http://relay",
            "smtp://relay:0",
            "smtp://relay:x",
            "smtp://relay?tls=off",
            "smtp://",
        ] {
            assert!(bad.parse::<SmtpUrl>().is_err(), "{bad}");
        }
    }

    #[test]
    fn credentials_need_a_private_file_of_two_lines_and_never_show_the_password() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("smtp.cred");
        std::fs::write(&path, "portal@accionplus.com\nS3cret pass\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let refused = SmtpCredentials::from_file(&path).unwrap_err().to_string();
        assert!(
            refused.contains("0644") && refused.contains("chmod 600"),
            "{refused}"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let c = SmtpCredentials::from_file(&path).unwrap();
        assert_eq!(
            (c.user.as_str(), c.password.as_str()),
            ("portal@accionplus.com", "S3cret pass")
        );
        assert!(!format!("{c:?}").contains("S3cret"));
        std::fs::write(&path, "only-a-user-line-S3cret\n").unwrap();
        let refused = SmtpCredentials::from_file(&path).unwrap_err().to_string();
        assert!(
            refused.contains("two lines") && !refused.contains("S3cret"),
            "{refused}"
        );
    }
}
