//! A real SMTP relay for tests and benchmarks, on 127.0.0.1: mailin's SMTP state machine (a
//! maintained server-side SMTP crate, no I/O of its own) driven over tokio, STARTTLS by
//! tokio-rustls (ring) on a certificate signed by a CA made for the test with rcgen (hand
//! [`TestRelay::ca_pem`] to the portal's `--smtp-ca`), and AUTH PLAIN/LOGIN checked against the
//! relay's credentials (only after STARTTLS, as a real relay does).
//!
//! It records every message it accepts (envelope, Message-ID, whether TLS and AUTH were on),
//! answers `250 2.0.0 Ok: queued as Q<n>` like Postfix, can be told to defer (4xx) or refuse
//! (5xx) recipients, and can be stopped (every connection dropped, the port closed) and
//! started again on the same port.
//!
//! Self-contained: include it with `#[path = "support/smtp_relay.rs"] mod smtp_relay;`.
#![allow(dead_code)]

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin::{AuthMechanism, Handler, Response, SessionBuilder};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;

/// The user and password the relay accepts.
pub const USER: &str = "portal@relay.test";
pub const PASSWORD: &str = "Relay-Pass-7f3e9a";

/// Writes the relay's user and password as a site keeps them (`--smtp-credentials`: two lines,
/// mode 0600) to `dir/smtp-credentials` and returns its path.
pub fn write_credentials(dir: &std::path::Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("smtp-credentials");
    std::fs::write(&path, format!("{USER}\n{PASSWORD}\n")).expect("credentials");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    path
}

/// One message the relay accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
    pub message_id: Option<String>,
    pub tls: bool,
    pub authenticated: bool,
    /// When the relay answered 250 (Unix ms).
    pub at_ms: i64,
}

impl Received {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// How the relay answers a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Accept,
    /// `451 4.3.0` to every recipient.
    Defer,
    /// `550 5.1.1` to every recipient.
    Refuse,
}

#[derive(Debug, Clone)]
pub struct RelayOptions {
    /// Offer STARTTLS (and AUTH only after it); else plain text, no AUTH.
    pub starttls: bool,
}

impl Default for RelayOptions {
    fn default() -> Self {
        Self { starttls: true }
    }
}

struct Shared {
    received: Mutex<Vec<Received>>,
    arrived: tokio::sync::Notify,
    mode: Mutex<Mode>,
    refused: Mutex<HashSet<String>>,
    queued: AtomicU64,
    tls: TlsAcceptor,
    options: RelayOptions,
}

/// The relay. Dropped, it stops.
pub struct TestRelay {
    pub addr: SocketAddr,
    /// The CA that signed the relay's certificate (PEM), for the portal's `--smtp-ca`.
    pub ca_pem: String,
    shared: Arc<Shared>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestRelay {
    pub async fn start(options: RelayOptions) -> Self {
        let (tls, ca_pem) = tls_acceptor();
        let shared = Arc::new(Shared {
            received: Mutex::new(Vec::new()),
            arrived: tokio::sync::Notify::new(),
            mode: Mutex::new(Mode::Accept),
            refused: Mutex::new(HashSet::new()),
            queued: AtomicU64::new(0),
            tls,
            options,
        });
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind relay");
        let addr = listener.local_addr().expect("relay addr");
        let mut relay = Self {
            addr,
            ca_pem,
            shared,
            task: None,
        };
        relay.task = Some(tokio::spawn(accept(listener, relay.shared.clone())));
        relay
    }

    /// `smtp://127.0.0.1:PORT` (STARTTLS) or `…?tls=none` for a plain relay.
    pub fn url(&self) -> String {
        if self.shared.options.starttls {
            format!("smtp://127.0.0.1:{}", self.addr.port())
        } else {
            format!("smtp://127.0.0.1:{}?tls=none", self.addr.port())
        }
    }

    /// Writes the CA's PEM to `dir/relay-ca.pem` (for `--smtp-ca`) and returns its path.
    pub fn write_ca(&self, dir: &std::path::Path) -> std::path::PathBuf {
        let path = dir.join("relay-ca.pem");
        std::fs::write(&path, &self.ca_pem).expect("ca file");
        path
    }

    /// The portal's settings to reach this relay as a site keeps them: the URL, the CA file and
    /// the credentials file, written in `dir`.
    pub fn settings(&self, dir: &std::path::Path) -> helpdesk::portal::SmtpSettings {
        let mut smtp = helpdesk::portal::SmtpSettings::new(self.url().parse().expect("relay url"));
        smtp.extra_ca = Some(self.write_ca(dir));
        let credentials = write_credentials(dir);
        smtp.credentials =
            Some(helpdesk::portal::SmtpCredentials::from_file(&credentials).expect("credentials"));
        smtp
    }

    /// Closes the port and drops every connection (a relay that went down).
    pub fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }

    /// Listens again on the same port.
    pub async fn restart(&mut self) {
        self.stop();
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(self.addr).await {
                Ok(l) => break l,
                Err(e) if tries < 50 => {
                    tries += 1;
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot listen again on {}: {e}", self.addr),
            }
        };
        self.task = Some(tokio::spawn(accept(listener, self.shared.clone())));
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.shared.mode.lock().expect("mode") = mode;
    }

    /// `550 5.1.1` for this recipient only.
    pub fn refuse(&self, recipient: &str) {
        self.shared
            .refused
            .lock()
            .expect("refused")
            .insert(recipient.to_ascii_lowercase());
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().expect("received").clone()
    }

    pub fn count(&self) -> usize {
        self.shared.received.lock().expect("received").len()
    }

    /// Waits until at least `n` messages arrived (panics after `deadline`).
    pub async fn wait_for(&self, n: usize, deadline: Duration) -> Vec<Received> {
        let until = tokio::time::Instant::now() + deadline;
        loop {
            let arrived = self.shared.arrived.notified();
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            if tokio::time::timeout_at(until, arrived).await.is_err() {
                panic!(
                    "{} of {n} messages reached the relay in {deadline:?}",
                    self.count()
                );
            }
        }
    }
}

impl Drop for TestRelay {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A CA and a certificate for 127.0.0.1 and localhost signed by it.
fn tls_acceptor() -> (TlsAcceptor, String) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "helpdesk test relay CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("ca key"))
        .expect("ca certificate");
    let leaf_key = KeyPair::generate().expect("leaf key");
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
        .expect("leaf params")
        .signed_by(&leaf_key, &ca)
        .expect("leaf certificate");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone(), ca.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into()),
        )
        .expect("server certificate");
    (TlsAcceptor::from(Arc::new(config)), ca.pem())
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    // Dropped with this task (the relay stopped): every connection ends with it.
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                connections.spawn(connection(stream, peer.ip(), shared.clone()));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// What one connection's session hands to its handler.
struct Conn {
    shared: Arc<Shared>,
    tls: Arc<AtomicBool>,
    authenticated: bool,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Conn {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, from: &str) -> Response {
        self.from = from.to_string();
        self.to.clear();
        self.data.clear();
        mailin::response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        let refused = self
            .shared
            .refused
            .lock()
            .expect("refused")
            .contains(&to.to_ascii_lowercase());
        match *self.shared.mode.lock().expect("mode") {
            Mode::Refuse => return refuse_rcpt(to),
            Mode::Defer => return Response::custom(451, "4.3.0 Try again later".into()),
            Mode::Accept if refused => return refuse_rcpt(to),
            Mode::Accept => {}
        }
        self.to.push(to.to_string());
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let n = self.shared.queued.fetch_add(1, Ordering::SeqCst) + 1;
        let data = std::mem::take(&mut self.data);
        let message_id = message_id(&data);
        self.shared
            .received
            .lock()
            .expect("received")
            .push(Received {
                from: self.from.clone(),
                to: std::mem::take(&mut self.to),
                data,
                message_id,
                tls: self.tls.load(Ordering::SeqCst),
                authenticated: self.authenticated,
                at_ms: jiff::Timestamp::now().as_millisecond(),
            });
        self.shared.arrived.notify_waiters();
        Response::custom(250, format!("2.0.0 Ok: queued as Q{n:08}"))
    }

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.check(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.check(user, password)
    }
}

impl Conn {
    fn check(&mut self, user: &str, password: &str) -> Response {
        if user == USER && password == PASSWORD {
            self.authenticated = true;
            mailin::response::AUTH_OK
        } else {
            mailin::response::INVALID_CREDENTIALS
        }
    }
}

fn refuse_rcpt(to: &str) -> Response {
    Response::custom(
        550,
        format!("5.1.1 <{to}>: Recipient address rejected: User unknown"),
    )
}

fn message_id(data: &[u8]) -> Option<String> {
    String::from_utf8_lossy(data).lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("message-id")
            .then(|| value.trim().trim_matches(['<', '>']).to_string())
    })
}

async fn connection(stream: TcpStream, peer: IpAddr, shared: Arc<Shared>) {
    let tls = Arc::new(AtomicBool::new(false));
    let mut builder = SessionBuilder::new("relay.test");
    if shared.options.starttls {
        builder
            .enable_start_tls()
            .enable_auth(AuthMechanism::Plain)
            .enable_auth(AuthMechanism::Login);
    }
    let handler = Conn {
        shared: shared.clone(),
        tls: tls.clone(),
        authenticated: false,
        from: String::new(),
        to: Vec::new(),
        data: Vec::new(),
    };
    let mut session = builder.build(peer, handler);
    let mut plain = BufReader::new(stream);
    if write(plain.get_mut(), &session.greeting()).await.is_err() {
        return;
    }
    match drive(&mut plain, &mut session).await {
        Ok(Next::Upgrade) => {}
        Ok(Next::Close) | Err(_) => return,
    }
    let Ok(secure) = shared.tls.accept(plain.into_inner()).await else {
        return;
    };
    tls.store(true, Ordering::SeqCst);
    session.tls_active();
    let mut secure = BufReader::new(secure);
    let _ = drive(&mut secure, &mut session).await;
}

enum Next {
    Upgrade,
    Close,
}

/// Lines in, answers out, until the client quits or asks for TLS.
async fn drive<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    session: &mut mailin::Session<Conn>,
) -> std::io::Result<Next> {
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = stream.read_until(b'\n', &mut line).await?;
        if n == 0 {
            return Ok(Next::Close);
        }
        let response = session.process(&line);
        match response.action {
            mailin::Action::NoReply => {}
            mailin::Action::Reply => write(stream.get_mut(), &response).await?,
            mailin::Action::Close => {
                write(stream.get_mut(), &response).await?;
                return Ok(Next::Close);
            }
            mailin::Action::UpgradeTls => {
                write(stream.get_mut(), &response).await?;
                return Ok(Next::Upgrade);
            }
        }
    }
}

async fn write<S: AsyncWrite + Unpin>(stream: &mut S, response: &Response) -> std::io::Result<()> {
    let bytes = response.buffer()?;
    stream.write_all(&bytes).await?;
    stream.flush().await
}
