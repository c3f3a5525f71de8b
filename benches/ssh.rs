//! The console served over SSH, measured: the release binary `helpdesk ssh serve` on 127.0.0.1
//! in a process of its own (so its RSS and CPU are the server's alone), 200 sessions from russh's
//! client in this process, each its own operator against a reference portal with 500 demo users.
//! Prints the handshake and first-frame times, memory per added session, idle CPU with all
//! connected, keystroke → frame with every session typing 10 keys a second, and the shutdown.
//!
//!     cargo bench --bench ssh                      # 200 sessions, 10 s of typing
//!     SSH_BENCH_SECS=30 SSH_BENCH_SESSIONS=50 cargo bench --bench ssh
//!
//! Targets (issue 27): at most 1 MB of RSS per added session, keystroke → frame p99 ≤ 20 ms
//! with all 200 typing on 2 cores. The server's own `helpdesk_ssh_keystroke_to_frame_seconds`
//! histogram (`--metrics-addr`) measures the same on the server's side.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use helpdesk::api::Role;
use helpdesk::domain::clock::{Clock, SystemClock};
use helpdesk::portal::{self, PortalConfig, db::Db};
use russh::client::{self, Msg};
use russh::keys::{Algorithm, PrivateKey, PrivateKeyWithHashAlg};
use russh::{Channel, ChannelMsg};

const WAIT: Duration = Duration::from_secs(30);

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

fn write_0600(path: &std::path::Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).expect("write");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}

/// One operator's console: the handshake's and the first frame's times, and its channel.
async fn open(
    addr: SocketAddr,
    key: PrivateKey,
) -> (
    f64,
    f64,
    client::Handle<Client>,
    Channel<Msg>,
    vt100::Parser,
) {
    let config = Arc::new(client::Config {
        nodelay: true,
        ..Default::default()
    });
    let t0 = Instant::now();
    let mut handle = client::connect(config, addr, Client)
        .await
        .expect("connect");
    let auth = handle
        .authenticate_publickey("operator", PrivateKeyWithHashAlg::new(Arc::new(key), None))
        .await
        .expect("auth");
    assert!(auth.success(), "authenticated");
    let handshake = t0.elapsed().as_secs_f64() * 1e3;
    let t1 = Instant::now();
    let mut ch = handle.channel_open_session().await.expect("channel");
    ch.request_pty(false, "xterm-256color", 80, 24, 0, 0, &[])
        .await
        .expect("pty");
    ch.request_shell(false).await.expect("shell");
    // The first frame is whole when its footer is there.
    let mut screen = vt100::Parser::new(
        std::num::NonZeroU16::new(24).expect("rows"),
        std::num::NonZeroU16::new(80).expect("cols"),
        0,
    );
    read_until(&mut ch, &mut screen, "salir").await;
    let first = t1.elapsed().as_secs_f64() * 1e3;
    (handshake, first, handle, ch, screen)
}

/// Reads until `what` is on the session's screen (frames are diffs: only a terminal emulator
/// knows what the screen shows).
async fn read_until(ch: &mut Channel<Msg>, screen: &mut vt100::Parser, what: &str) {
    while !screen.screen().contents().contains(what) {
        match tokio::time::timeout(WAIT, ch.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => screen.process(&data),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => panic!("never saw {what:?}:\n{}", screen.screen().contents()),
        }
    }
}

/// Types `j`/`k` 10 times a second for `secs`; each key's time to the first bytes of its frame.
async fn typist(mut ch: Channel<Msg>, offset: Duration, secs: u64) -> (Channel<Msg>, Vec<f64>) {
    let mut samples = Vec::new();
    tokio::time::sleep(offset).await;
    let end = Instant::now() + Duration::from_secs(secs);
    let mut i = 0usize;
    while Instant::now() < end {
        let next = tokio::time::Instant::now() + Duration::from_millis(100);
        let key: &[u8] = if (i / 5).is_multiple_of(2) {
            b"j"
        } else {
            b"k"
        };
        i += 1;
        let t0 = Instant::now();
        ch.data(key).await.expect("send a key");
        loop {
            match tokio::time::timeout(WAIT, ch.wait()).await {
                Ok(Some(ChannelMsg::Data { .. })) => break,
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => panic!("no frame for a key"),
            }
        }
        samples.push(t0.elapsed().as_secs_f64() * 1e3);
        // The rest of the frame, if any, until the next key is due.
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(next) => break,
                msg = ch.wait() => if msg.is_none() { return (ch, samples) },
            }
        }
    }
    (ch, samples)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` asks benches to list their tests
    }
    let sessions = common::secs_from_env("SSH_BENCH_SESSIONS", 200, 500) as usize;
    let typing = common::secs_from_env("SSH_BENCH_SECS", 10, 120);
    let idle_secs = 5;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    helpdesk::client::use_ring_for_tls();
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("portal.db");
    let db = Db::open(&db_path).expect("db");
    let keys: Vec<PrivateKey> = (0..sessions)
        .map(|_| PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).expect("key"))
        .collect();
    let mut operators = String::new();
    for (i, key) in keys.iter().enumerate() {
        let name = format!("Operador {i:02}");
        let (_, token) = db
            .with_writer(|c| portal::auth::add_operator(c, &name, Role::Agent, SystemClock.now()))
            .expect("operator");
        operators.push_str(&format!(
            "[[operator]]\nname = \"{name}\"\nkeys = [\"{}\"]\ntoken = \"{token}\"\n\n",
            key.public_key().to_openssh().expect("public key")
        ));
    }
    portal::seed::seed_demo_if_empty(&db, 500, SystemClock.now()).expect("seed");
    drop(db);
    let running = rt
        .block_on(portal::spawn(
            {
                // Every console reaches the portal from this one address, as from one SSH host.
                let mut config = PortalConfig::new(&db_path, dir.path().join("outbox"));
                config.limits.max_connections_per_address = config.limits.max_connections;
                config
            },
            "127.0.0.1:0".parse().expect("addr"),
            Arc::new(SystemClock),
        ))
        .expect("portal");
    let operators_file = dir.path().join("operators.toml");
    write_0600(&operators_file, &operators);

    let mut server: Child = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["--portal-url", &running.base_url, "ssh", "serve"])
        .args(["--addr", "127.0.0.1:0", "--max-sessions", "500"])
        .arg("--host-key")
        .arg(dir.path().join("state").join("host_ed25519"))
        .arg("--operators")
        .arg(&operators_file)
        .arg("--log")
        .arg(dir.path().join("state").join("helpdesk-ssh.log"))
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the server");
    let mut lines = BufReader::new(server.stdout.take().expect("stdout")).lines();
    let addr: SocketAddr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.split("listening on ")
                .nth(1)
                .and_then(|r| r.split(';').next())
                .and_then(|a| a.trim().parse().ok())
        })
        .expect("the server's address");
    std::thread::spawn(move || for _ in lines {});
    let pid = server.id();
    std::thread::sleep(Duration::from_millis(300));
    let rss_empty = common::status_kb(pid, "VmRSS:");

    // Connect one by one: handshake and first frame, RSS after the first and after all.
    let (mut handshakes, mut firsts) = (Vec::new(), Vec::new());
    let mut conns = Vec::new();
    let mut rss_one = 0.0;
    for (i, key) in keys.into_iter().enumerate() {
        let (h, f, handle, mut ch, mut screen) = rt.block_on(open(addr, key));
        handshakes.push(h);
        firsts.push(f);
        // Each operator searches once and goes to the list, so j/k move a selection.
        rt.block_on(async {
            ch.data(&b"maria"[..]).await.expect("type");
            read_until(&mut ch, &mut screen, "resultados").await;
            ch.data(&b"\r"[..]).await.expect("enter");
            tokio::time::sleep(Duration::from_millis(50)).await;
        });
        conns.push((handle, ch));
        if i == 0 {
            std::thread::sleep(Duration::from_millis(200));
            rss_one = common::status_kb(pid, "VmRSS:");
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    let rss_all = common::status_kb(pid, "VmRSS:");
    let per_session_kb = (rss_all - rss_one) / (sessions.saturating_sub(1).max(1)) as f64;

    // Idle: everybody connected, nobody typing.
    let ticks_per_s = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let c0 = common::cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(idle_secs));
    let idle_cpu = (common::cpu_ticks(pid) - c0) as f64 / ticks_per_s / idle_secs as f64 * 100.0;

    // Everybody types 10 keys a second, spread over the 100 ms.
    let c0 = common::cpu_ticks(pid);
    let t0 = Instant::now();
    let mut handles = Vec::new();
    let mut chans = Vec::new();
    for (i, (handle, ch)) in conns.into_iter().enumerate() {
        let offset = Duration::from_micros((i as u64 * 100_000) / sessions as u64);
        chans.push(rt.spawn(typist(ch, offset, typing)));
        handles.push(handle);
    }
    let mut latency = Vec::new();
    let mut channels = Vec::new();
    for task in chans {
        let (ch, samples) = rt.block_on(task).expect("typist");
        latency.extend(samples);
        channels.push(ch);
    }
    let busy_cpu =
        (common::cpu_ticks(pid) - c0) as f64 / ticks_per_s / t0.elapsed().as_secs_f64() * 100.0;
    let rss_peak = common::status_kb(pid, "VmHWM:");

    // SIGTERM: every console restores its client's terminal and closes.
    let t0 = Instant::now();
    // SAFETY: a signal to our own child.
    unsafe {
        libc::kill(pid as i32, libc::SIGTERM);
    }
    rt.block_on(async {
        for mut ch in channels {
            while tokio::time::timeout(WAIT, ch.wait())
                .await
                .ok()
                .flatten()
                .is_some()
            {}
        }
    });
    let shutdown_ms = t0.elapsed().as_secs_f64() * 1e3;
    let _ = server.wait();
    drop(handles);

    let n = latency.len();
    println!(
        "SSH figures: release server process, {sessions} sessions from russh's client on 127.0.0.1, portal with 500 users"
    );
    println!("| measure | figure |");
    println!("|---|---|");
    println!(
        "| SSH handshake + key auth | p50 {:.1} ms, p99 {:.1} ms |",
        common::percentile(&mut handshakes.clone(), 0.5),
        common::percentile(&mut handshakes, 0.99)
    );
    println!(
        "| first frame after the handshake (channel, pty, shell → footer drawn) | p50 {:.1} ms, p99 {:.1} ms |",
        common::percentile(&mut firsts.clone(), 0.5),
        common::percentile(&mut firsts, 0.99)
    );
    println!(
        "| RSS: no session / 1 / {sessions} | {:.1} MB / {:.1} MB / {:.1} MB |",
        rss_empty / 1024.0,
        rss_one / 1024.0,
        rss_all / 1024.0
    );
    println!("| memory per added session | {:.0} kB |", per_session_kb);
    println!("| idle CPU, {sessions} connected, over {idle_secs} s | {idle_cpu:.2} % |");
    println!(
        "| keystroke → frame, {sessions} typing 10 keys/s for {typing} s ({n} keys) | p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms |",
        common::percentile(&mut latency.clone(), 0.5),
        common::percentile(&mut latency.clone(), 0.99),
        common::percentile(&mut latency, 1.0)
    );
    println!("| server CPU while they type | {busy_cpu:.1} % of one core |");
    println!("| peak RSS | {:.1} MB |", rss_peak / 1024.0);
    println!("| SIGTERM → every session restored and closed | {shutdown_ms:.0} ms |");
    rt.block_on(running.stop());
}
