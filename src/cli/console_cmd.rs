//! `helpdesk` (the console), `helpdesk demo` (the console on a fresh seeded portal) and
//! `helpdesk login`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use super::DemoArgs;
use crate::app::App;
use crate::client::{ClientConfig, PortalClient};
use crate::config::ThemeName;
use crate::config::{self, ConfigError, Flags, Settings};
use crate::console::{self, Exit};
use crate::drafts::DraftStore;
use crate::i18n::{Lang, tr, trf};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The language of messages printed before the console opens.
fn cli_lang(flags: &Flags) -> Lang {
    flags
        .lang
        .or_else(|| env("HELPDESK_LANG").as_deref().and_then(Lang::parse))
        .unwrap_or_default()
}

fn explain(lang: Lang, err: &ConfigError) -> String {
    let config = config::config_dir()
        .map(|d| d.join("config.toml").display().to_string())
        .unwrap_or_else(|| "config.toml".into());
    match err {
        ConfigError::NoPortal => trf(lang, "cli.no_portal", &[("config", &config)]),
        ConfigError::NoToken => tr(lang, "cli.no_token").into(),
        ConfigError::TooOpen { path, mode } => trf(
            lang,
            "cli.too_open",
            &[
                ("path", &path.display().to_string()),
                ("mode", &format!("{mode:04o}")),
            ],
        ),
        other => format!("helpdesk: {other}"),
    }
}

fn log_path() -> PathBuf {
    directories::ProjectDirs::from("co", "AccionPlus", "helpdesk")
        .map(|d| d.data_local_dir().join("helpdesk.log"))
        .unwrap_or_else(|| std::env::temp_dir().join("helpdesk.log"))
}

fn session_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn exit_code(exit: Exit) -> ExitCode {
    ExitCode::from(exit.code())
}

/// Tasks left when the console is done (a query on the blocking pool) get this long, no more.
const RUNTIME_GRACE: Duration = Duration::from_millis(500);

/// The console's model: the keymap with the operator's overrides (a key that would do two
/// things, or nothing, is refused before the console starts), the demo's outbox, the script.
fn build_app(
    settings: &Settings,
    host: &str,
    demo_outbox: Option<String>,
    script: Option<crate::walkthrough::Script>,
) -> anyhow::Result<App> {
    let mut app = App::new(
        settings.lang,
        settings.theme,
        host,
        &session_id(),
        jiff::Timestamp::now(),
    );
    app.keymap =
        crate::app::keymap::Keymap::with_overrides(&settings.keys).map_err(|problems| {
            anyhow::anyhow!(
                "the [keys] of config.toml are refused; fix them or remove them:\n  {}",
                problems.join("\n  ")
            )
        })?;
    app.demo_outbox = demo_outbox;
    if let Some(script) = script {
        app.script = Some(std::sync::Arc::new(script));
    }
    Ok(app)
}

/// The demo's console, inside its runtime.
async fn open_console(
    settings: &Settings,
    demo_outbox: Option<String>,
    drafts: DraftStore,
    script: Option<crate::walkthrough::Script>,
) -> anyhow::Result<Exit> {
    let client = PortalClient::new(
        &settings.portal_url,
        &settings.token,
        ClientConfig::default(),
    )?;
    let mut app = build_app(settings, client.host(), demo_outbox, script)?;
    // Drafts left by a crash or a dropped connection are offered back first.
    console::offer_drafts(&mut app, &drafts);
    console::run(
        client,
        app,
        Duration::from_millis(settings.escape_timeout_ms),
        drafts,
    )
    .await
}

/// What the console needs besides its first frame, built once the frame is up.
struct AfterFrame {
    runtime: tokio::runtime::Runtime,
    client: PortalClient,
    drafts: DraftStore,
    found: Vec<crate::drafts::Draft>,
}

/// The log, the runtime, the HTTP client and the drafts.
fn build_after_frame(log: &std::path::Path, url: &str, token: &str) -> anyhow::Result<AfterFrame> {
    crate::terminal::init_file_log(log)?;
    let runtime = super::runtime()?;
    let client = PortalClient::new(url, token, ClientConfig::default())?;
    let drafts = DraftStore::new(
        DraftStore::default_dir().unwrap_or_else(|| std::env::temp_dir().join("helpdesk-drafts")),
    );
    let found = console::load_drafts(&drafts);
    Ok(AfterFrame {
        runtime,
        client,
        drafts,
        found,
    })
}

/// A support lead's script, checked whole: a broken one stops the console before it starts.
fn load_script(path: &std::path::Path) -> anyhow::Result<crate::walkthrough::Script> {
    let source = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the walkthrough script {}", path.display()))?;
    crate::walkthrough::Script::parse(&source).map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("  {}:{}: {}", path.display(), p.line, p.message))
            .collect();
        anyhow::anyhow!(
            "the walkthrough script {} is broken; fix it (helpdesk walkthrough check) or remove it:\n{}",
            path.display(),
            lines.join("\n")
        )
    })
}

/// The configured script, read and checked once; a broken one is reported and the console refused.
fn configured_script(
    path: Option<&std::path::Path>,
) -> Result<Option<crate::walkthrough::Script>, ExitCode> {
    match path.map(load_script).transpose() {
        Ok(script) => Ok(script),
        Err(e) => {
            eprintln!("helpdesk: {e:#}");
            Err(ExitCode::from(2))
        }
    }
}

fn require_terminal() -> anyhow::Result<()> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!("the console needs a terminal (stdin and stdout must be a TTY)");
    }
    Ok(())
}

/// `helpdesk`
pub fn console(flags: &Flags) -> anyhow::Result<ExitCode> {
    let lang = cli_lang(flags);
    let dir = config::config_dir();
    let settings = match config::resolve(flags, &env, dir.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", explain(lang, &e));
            return Ok(ExitCode::from(2));
        }
    };
    let script = match configured_script(settings.walkthrough.as_deref()) {
        Ok(script) => script,
        Err(code) => return Ok(code),
    };
    require_terminal()?;
    // Refused before the screen changes: an address that is no portal's.
    crate::client::check_portal_url(
        &settings.portal_url,
        ClientConfig::default().allow_plain_http,
    )?;
    let log = log_path();
    crate::terminal::install_panic_hook(Some(log.clone()));
    // The first frame needs only the terminal, the catalogs and the model: the log, the
    // runtime, the HTTP client and the drafts are built after it (on a thread beside the draw,
    // starting that thread and the runtime's own cost the frame more than it saved). Until the
    // runtime listens for SIGTERM, SIGHUP and SIGINT they are held, so that one sent while the
    // frame is drawn still restores the terminal.
    crate::terminal::hold_signals();
    let mut app = build_app(
        &settings,
        crate::client::host_of(&settings.portal_url),
        None,
        script,
    )?;
    let screen = console::draw_first(&mut app).context("cannot draw on the terminal")?;
    // Dropped on an error, the screen restores the terminal before the error is printed.
    let after = build_after_frame(&log, &settings.portal_url, &settings.token)?;
    let AfterFrame {
        runtime,
        client,
        drafts,
        found,
    } = after;
    // Drafts left by a crash or a dropped connection are offered back first.
    console::offer_found(&mut app, found);
    let escape = Duration::from_millis(settings.escape_timeout_ms);
    let exit = runtime.block_on(console::run_drawn(client, app, screen, escape, drafts));
    runtime.shutdown_timeout(RUNTIME_GRACE);
    Ok(exit_code(exit?))
}

/// `helpdesk demo`
pub fn demo(args: DemoArgs, flags: &Flags) -> anyhow::Result<ExitCode> {
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if args.headless || !interactive {
        if !args.headless {
            eprintln!(
                "helpdesk demo: no terminal here; serving the demo portal only (--headless)."
            );
        }
        return super::portal_cmd::demo_headless(args);
    }
    let lang = cli_lang(flags);
    let walkthrough: Option<std::path::PathBuf> = env("HELPDESK_WALKTHROUGH")
        .filter(|s| !s.is_empty())
        .map(Into::into);
    // A broken script is refused before anything is seeded.
    let script = match configured_script(walkthrough.as_deref()) {
        Ok(script) => script,
        Err(code) => return Ok(code),
    };
    eprintln!("{}", tr(lang, "cli.demo_starting"));
    let runtime = super::runtime()?;
    let result = runtime.block_on(async move {
        let demo = super::portal_cmd::start_demo(&args).await?;
        let log = demo.dir.join("helpdesk.log");
        crate::terminal::init_file_log(&log)?;
        crate::terminal::install_panic_hook(Some(log));
        let settings = Settings {
            portal_url: demo.running.base_url.clone(),
            token: demo.token.clone(),
            lang,
            theme: ThemeName::effective(
                flags.theme.unwrap_or_default(),
                env("NO_COLOR").is_some_and(|v| !v.is_empty()),
            ),
            escape_timeout_ms: config::DEFAULT_ESCAPE_TIMEOUT_MS,
            walkthrough,
            keys: Default::default(),
        };
        let outbox = demo.outbox.display().to_string();
        // The demo's drafts live with its data: gone with a temporary demo, kept with --dir.
        let drafts = DraftStore::new(demo.dir.join("drafts"));
        let exit = open_console(&settings, Some(outbox), drafts, script).await;
        // At most SHUTDOWN_GRACE; a second signal meanwhile ends the process at once.
        console::or_exit_on_signal(demo.running.stop()).await;
        // Dropping `demo` removes its temporary folder (not a --dir one).
        Ok(exit_code(exit?))
    });
    runtime.shutdown_timeout(RUNTIME_GRACE);
    result
}

/// `helpdesk login`
pub fn login(flags: &Flags) -> anyhow::Result<ExitCode> {
    let lang = cli_lang(flags);
    let dir = config::config_dir().context("no configuration folder for this user")?;
    let token = match &flags.token {
        Some(t) => t.clone(),
        None => rpassword::prompt_password(tr(lang, "cli.login_prompt"))
            .context("cannot read the token")?,
    };
    let token = token.trim().to_string();
    if token.is_empty() {
        anyhow::bail!("empty token");
    }
    // Check it against the portal when one is known: a typo is better caught now.
    let portal = flags
        .portal_url
        .clone()
        .or_else(|| env("HELPDESK_PORTAL_URL"))
        .or_else(|| {
            config::read_file_config(&dir)
                .ok()
                .and_then(|c| c.portal_url)
        });
    if let Some(url) = &portal {
        let client = PortalClient::new(url, &token, ClientConfig::default())?;
        let me = super::runtime()?.block_on(client.call(&crate::api::Me));
        match me {
            Ok(op) => eprintln!(
                "{}",
                trf(
                    lang,
                    "cli.login_checked",
                    &[
                        ("name", &op.name),
                        ("role", tr(lang, &format!("role.{}", op.role.as_str())))
                    ]
                )
            ),
            Err(e) => {
                eprintln!("helpdesk: {}", crate::app::messages::error_text(lang, &e));
                return Ok(ExitCode::from(2));
            }
        }
    }
    let path = dir.join("token");
    config::write_private(&path, &format!("{token}\n"))?;
    if let (Some(url), false) = (&flags.portal_url, dir.join("config.toml").exists()) {
        config::write_private(
            &dir.join("config.toml"),
            &format!("portal_url = {}\n", toml::Value::from(url.as_str())),
        )?;
    }
    eprintln!(
        "{}",
        trf(
            lang,
            "cli.login_saved",
            &[("path", &path.display().to_string())]
        )
    );
    Ok(ExitCode::SUCCESS)
}
