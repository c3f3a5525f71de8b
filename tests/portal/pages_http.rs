//! The caller's pages over plain HTTP (no browser): headers, CSRF, escaping, sessions, identical
//! answers, the shared rate limits and the PQR form. Every answer is checked against the contract.

use crate::support;

use std::collections::BTreeMap;
use std::sync::Mutex;

use helpdesk::portal::guard::Rate;
use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use support::{Req, TestPortal, csrf_in, insert_jose, insert_user, json, token_in};

/// A browser without JavaScript: follows nothing by itself, keeps its cookies.
struct Browser<'a> {
    p: &'a TestPortal,
    http: reqwest::Client,
    cookies: Mutex<BTreeMap<String, String>>,
}

struct Page {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    html: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers["location"].to_str().unwrap()
    }

    fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with(&format!("{name}=")))
    }
}

impl<'a> Browser<'a> {
    fn new(p: &'a TestPortal) -> Self {
        Self {
            p,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Mutex::new(BTreeMap::new()),
        }
    }

    async fn send(&self, method: Method, path: &str, form: Option<&[(&str, &str)]>) -> Page {
        let cookie: Vec<String> = self
            .cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut req = self.http.request(method, self.p.url(path));
        if !cookie.is_empty() {
            req = req.header("cookie", cookie.join("; "));
        }
        if let Some(form) = form {
            req = req.form(form);
        }
        let r = Req(req).send().await.unwrap();
        let status = r.status();
        let headers = r.headers().clone();
        for c in headers.get_all("set-cookie") {
            let pair = c.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            let mut jar = self.cookies.lock().unwrap();
            if v.is_empty() {
                jar.remove(k);
            } else {
                jar.insert(k.to_string(), v.to_string());
            }
        }
        let html = r.text().await.unwrap();
        Page {
            status,
            headers,
            html,
        }
    }

    async fn get(&self, path: &str) -> Page {
        self.send(Method::GET, path, None).await
    }

    /// The login form, filled in and sent.
    async fn login(&self, email: &str, password: &str) -> Page {
        let fields = [("email", email), ("password", password)];
        self.submit("/cv/ingresar", "/cv/ingresar", &fields).await
    }

    /// Opens `page`, then sends its form to `action` with its CSRF token and `fields`.
    async fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = csrf_in(&self.get(page).await.html);
        let mut form = fields.to_vec();
        form.push(("csrf", &csrf));
        self.send(Method::POST, action, Some(&form)).await
    }
}

/// Gives user `id` the password `Clave#2026`.
fn with_password(db: &helpdesk::portal::db::Db, id: i64) {
    let hash = helpdesk::portal::public::hash_password("Clave#2026").unwrap();
    db.with_writer(|c| {
        c.execute(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            rusqlite::params![id, hash],
        )?;
        Ok(())
    })
    .unwrap();
}

fn jose_with_password(db: &helpdesk::portal::db::Db) {
    with_password(db, insert_jose(db));
}

async fn event_kinds(p: &TestPortal) -> Vec<String> {
    let page = json(
        p.agent(Method::GET, "/api/v1/users/1/timeline")
            .send()
            .await
            .unwrap(),
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

const PAGES: [&str; 5] = [
    "/cv/ingresar",
    "/cv/recordar/contrasena",
    "/cv/ayuda",
    "/cv/ayuda/pqr",
    "/cv/ingresar?lang=en",
];

#[tokio::test]
async fn pages_are_strict_about_scripts_styles_caching_and_referrers() {
    let p = TestPortal::start().await;
    let b = Browser::new(&p);
    for path in PAGES {
        let page = b.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let h = &page.headers;
        assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
        assert_eq!(h["cache-control"], "no-store", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        for directive in [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe"), "{csp}");
        // Nothing inline that the policy would block, nothing from elsewhere.
        let html = &page.html;
        assert!(
            !html.contains("<style") && !html.contains(" style="),
            "{path}"
        );
        assert!(
            html.matches("<script").count() == html.matches("<script src=\"/cv/static/").count(),
            "{path}"
        );
        assert!(
            !html.contains("http://") && !html.contains("//cdn"),
            "{path}"
        );
        assert!(html.contains("href=\"/cv/static/portal.css\""), "{path}");
    }
    let css = b.get("/cv/static/portal.css").await;
    assert!(
        css.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(css.html.contains("max-width"));
    let js = b.get("/cv/static/portal.js").await;
    assert!(
        js.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert_eq!(
        b.get("/cv/static/nada.js").await.status,
        StatusCode::NOT_FOUND
    );
    // The portal's address leads a person to the login.
    let root = b.get("/").await;
    assert_eq!(root.status, StatusCode::SEE_OTHER);
    assert_eq!(root.location(), "/cv/ingresar");
    assert_eq!(b.get("/?lang=en").await.location(), "/cv/ingresar?lang=en");
}

#[tokio::test]
async fn spanish_as_the_guide_words_it_and_english_with_lang_en() {
    let p = TestPortal::start().await;
    let b = Browser::new(&p);
    let es = b.get("/cv/ingresar").await.html;
    assert!(es.contains("<html lang=\"es\">"));
    // «¿Olvidaste la contraseña?» at the bottom of the login: after the button.
    let button = es.find(">Ingresar</button>").unwrap();
    let forgot = es.find("¿Olvidaste la contraseña?</a>").unwrap();
    assert!(forgot > button);
    assert!(
        es.contains("autocomplete=\"username\"")
            && es.contains("autocomplete=\"current-password\"")
    );
    let en = b.get("/cv/ingresar?lang=en").await.html;
    assert!(en.contains("<html lang=\"en\">") && en.contains("Forgot your password?"));
    assert!(
        en.contains("action=\"/cv/ingresar?lang=en\""),
        "forms keep the language"
    );
    let email = b.get("/cv/recordar/contrasena").await.html;
    assert!(email.contains(">Enviar Correo</button>"));
    let help = b.get("/cv/ayuda").await.html;
    for channel in ["WhatsApp", "Correo Electrónico.", "PQR."] {
        assert!(help.contains(&format!("<h2>{channel}</h2>")), "{channel}");
    }
}

#[tokio::test]
async fn every_form_refuses_a_missing_or_foreign_csrf_token() {
    let p = TestPortal::start_with(jose_with_password).await;
    let r = p
        .agent(Method::POST, "/api/v1/users/1/reset-links")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let token = token_in(&p.emails()[0]);
    let reset = format!("/cv/recordar/contrasena/{token}");
    /// (the page that holds the form, where it is sent, its fields but the token)
    type Form<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);
    let forms: [Form; 5] = [
        (
            "/cv/ingresar",
            "/cv/ingresar",
            vec![
                ("email", "jose.nunez@gmail.com"),
                ("password", "Clave#2026"),
            ],
        ),
        (
            "/cv/recordar/contrasena",
            "/cv/recordar/contrasena",
            vec![("email", "jose.nunez@gmail.com")],
        ),
        (
            reset.as_str(),
            reset.as_str(),
            vec![
                ("email", "jose.nunez@gmail.com"),
                ("password", "Nueva#2026"),
                ("password_confirm", "Nueva#2026"),
            ],
        ),
        (
            "/cv/ayuda/pqr",
            "/cv/ayuda/pqr",
            vec![
                ("name", "José"),
                ("email", "jose.nunez@gmail.com"),
                ("subject", "Ayuda"),
                ("body", "No puedo entrar"),
            ],
        ),
        ("/cv/ingresar", "/cv/salir", vec![]),
    ];
    let attacker = Browser::new(&p);
    let victim = Browser::new(&p);
    for (page, action, fields) in &forms {
        // No token at all, a made-up one, and the attacker's own valid token sent with the
        // victim's cookie: all refused.
        let foreign = csrf_in(&attacker.get(page).await.html);
        victim.get(page).await;
        for csrf in ["", "00ff", foreign.as_str()] {
            let mut form = fields.clone();
            form.push(("csrf", csrf));
            let r = victim.send(Method::POST, action, Some(&form)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{action} with {csrf:?}");
            assert!(r.html.contains("El formulario venció"));
        }
    }
    // Nothing happened: no login, no reset request, no password change, no PQR.
    assert_eq!(
        event_kinds(&p).await,
        ["reset_link_opened", "reset_link_sent"]
    );
    assert_eq!(p.emails().len(), 1);
    let pqrs = json(p.agent(Method::GET, "/api/v1/pqr").send().await.unwrap()).await;
    assert!(pqrs["items"].as_array().unwrap().is_empty());
    // The CSRF cookie is HttpOnly and SameSite=Strict.
    let page = Browser::new(&p).get("/cv/ingresar").await;
    let cookie = page.set_cookie("mp_csrf").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
}

#[tokio::test]
async fn enviar_correo_answers_the_same_for_known_and_unknown_addresses() {
    let p = TestPortal::start_with(jose_with_password).await;
    let b = Browser::new(&p);
    let page = "/cv/recordar/contrasena";
    let known = b
        .submit(page, page, &[("email", "jose.nunez@gmail.com")])
        .await;
    let unknown = b
        .submit(page, page, &[("email", "nadie@ejemplo.com")])
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!((known.status, &known.html), (unknown.status, &unknown.html));
    assert!(known.html.contains("restablecer acceso."));
    // The API's own path ran: the events the walkthrough follows, one email.
    for _ in 0..100 {
        if p.emails().len() == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(p.emails().len(), 1);
    assert_eq!(
        event_kinds(&p).await,
        ["reset_link_sent", "reset_requested"]
    );
    // A malformed address is refused beside its field.
    let bad = b.submit(page, page, &[("email", "no es un correo")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("aria-describedby=\"email-error\""));
    assert!(bad.html.contains("id=\"email-error\""));
}

fn hostile(db: &helpdesk::portal::db::Db) {
    let id = insert_user(
        db,
        "99",
        "<script>alert(1)</script> & \"Ñandú\"",
        "hostil@ejemplo.com",
        "3000000000",
        "1990-01-01",
        "active",
    );
    with_password(db, id);
}

#[tokio::test]
async fn hostile_names_and_typed_text_are_escaped() {
    let p = TestPortal::start_with(hostile).await;
    let b = Browser::new(&p);
    let typed = "\"><script>alert(2)</script>";
    let refused = b.login(typed, "x").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(!refused.html.contains("<script>alert"), "{}", refused.html);
    let value = &refused.html[refused.html.find("id=\"email\"").unwrap()..];
    let value = &value[..value.find('>').unwrap()];
    assert!(
        value.contains("value=\"&#34;&#62;&#60;script&#62;alert(2)"),
        "{value}"
    );
    let ok = b.login("hostil@ejemplo.com", "Clave#2026").await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let menu = b.get("/cv/mi-portal").await;
    assert_eq!(menu.status, StatusCode::OK);
    assert!(!menu.html.contains("<script>alert"));
    assert!(
        menu.html
            .contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;Ñandú&#34;")
    );
    let pqr = b.get("/cv/ayuda/pqr").await;
    assert!(!pqr.html.contains("<script>alert") && pqr.html.contains("&#60;script&#62;"));
}

#[tokio::test]
async fn a_session_is_a_safe_cookie_that_ends_with_logout_expiry_or_a_new_password() {
    let p = TestPortal::start_with(jose_with_password).await;
    let b = Browser::new(&p);
    assert_eq!(b.get("/cv/mi-portal").await.location(), "/cv/ingresar");
    let login = || b.login("jose.nunez@gmail.com", "Clave#2026");
    let r = login().await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/cv/mi-portal");
    let cookie = r.set_cookie("mp_sesion").unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/cv", "Max-Age=1800"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http here: {cookie}");
    let id = cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_string();
    assert!(id.len() >= 40);
    // Only its hash is stored.
    let db = std::fs::read(p.dir.path().join("portal.db")).unwrap();
    let wal = std::fs::read(p.dir.path().join("portal.db-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(!bytes.windows(id.len()).any(|w| w == id.as_bytes()));
    }
    let menu = b.get("/cv/mi-portal").await;
    assert_eq!(menu.status, StatusCode::OK);
    for option in [
        "Hoja de vida",
        "Perfil",
        "Cargar Documentos",
        "Buscar ofertas laborales",
        "Portal de empleados",
        "Certificaciones laborales",
        "Comprobantes de pago",
        "Certificados de Ingresos y Retenciones",
        "Comprobantes de liquidación",
        "Contratación electrónica",
        "Solicitud de cesantías",
    ] {
        assert!(menu.html.contains(option), "{option}");
    }
    assert_eq!(b.get("/cv/mi-portal/perfil").await.status, StatusCode::OK);
    assert_eq!(
        b.get("/cv/mi-portal/nada").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(event_kinds(&p).await, ["login_succeeded"]);

    // Logging in again gives a new id and ends the one before (no fixation).
    let again = login().await.set_cookie("mp_sesion").unwrap();
    let id2 = again
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_string();
    assert_ne!(id, id2);
    b.cookies
        .lock()
        .unwrap()
        .insert("mp_sesion".into(), id.clone());
    assert_eq!(b.get("/cv/mi-portal").await.status, StatusCode::SEE_OTHER);
    b.cookies
        .lock()
        .unwrap()
        .insert("mp_sesion".into(), id2.clone());
    assert_eq!(b.get("/cv/mi-portal").await.status, StatusCode::OK);

    // Logout ends it (and a stolen copy of the cookie with it).
    let stolen = id2.clone();
    let out = b.submit("/cv/mi-portal", "/cv/salir", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    b.cookies.lock().unwrap().insert("mp_sesion".into(), stolen);
    assert_eq!(b.get("/cv/mi-portal").await.status, StatusCode::SEE_OTHER);

    // Expiry: 30 minutes after the login, whatever happens.
    login().await;
    assert_eq!(b.get("/cv/mi-portal").await.status, StatusCode::OK);
    p.advance(SignedDuration::from_mins(31));
    assert_eq!(b.get("/cv/mi-portal").await.status, StatusCode::SEE_OTHER);

    // A password change ends every session issued before it.
    login().await;
    assert_eq!(b.get("/cv/mi-portal").await.status, StatusCode::OK);
    p.agent(Method::POST, "/api/v1/users/1/reset-links")
        .send()
        .await
        .unwrap();
    let token = token_in(p.emails().last().unwrap());
    let reset = format!("/cv/recordar/contrasena/{token}");
    let changed = b
        .submit(
            &reset,
            &reset,
            &[
                ("email", "jose.nunez@gmail.com"),
                ("password", "Nueva#2027"),
                ("password_confirm", "Nueva#2027"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.html);
    assert_eq!(b.get("/cv/mi-portal").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_refused_password_shows_the_broken_rule_beside_the_field() {
    let p = TestPortal::start_with(jose_with_password).await;
    p.agent(Method::POST, "/api/v1/users/1/reset-links")
        .send()
        .await
        .unwrap();
    let token = token_in(&p.emails()[0]);
    let b = Browser::new(&p);
    for (lang, rule, unmet) in [
        (
            "",
            "Tu contraseña debe tener al menos 1 carácter especial",
            "No cumple",
        ),
        (
            "?lang=en",
            "Your password must have at least 1 special character",
            "Not met",
        ),
    ] {
        let reset = format!("/cv/recordar/contrasena/{token}{lang}");
        let r = b
            .submit(
                &reset,
                &reset,
                &[
                    ("email", "jose.nunez@gmail.com"),
                    ("password", "Portal@2026"),
                    ("password_confirm", "Portal@2026"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = &r.html;
        assert!(
            html.contains("aria-describedby=\"password-error rules\""),
            "{html}"
        );
        let error = &html[html.find("id=\"password-error\"").unwrap()..];
        let error = &error[..error.find("</span>").unwrap()];
        assert!(error.contains(rule) && error.contains('@'), "{error}");
        assert!(
            !error.contains("mínimo 8") && !error.contains("at least 8"),
            "{error}"
        );
        // Each rule ticked or not, without JavaScript.
        assert!(html.contains(&format!(
            "data-rule=\"special\" class=\"unmet\"><span class=\"state\">✗ {unmet}:"
        )));
        assert!(html.contains("data-rule=\"length\" class=\"met\""));
        assert!(html.contains("data-rule=\"classes\" class=\"met\""));
        // The typed email is kept, the passwords never are.
        assert!(html.contains("value=\"jose.nunez@gmail.com\""));
        assert!(!html.contains("Portal@2026"));
    }
    let kinds = event_kinds(&p).await;
    assert_eq!(
        kinds
            .iter()
            .filter(|k| *k == "reset_attempt_failed")
            .count(),
        2
    );
}

#[tokio::test]
async fn the_pqr_form_files_a_web_pqr_with_its_radicado_and_due_date() {
    let p = TestPortal::start_with(jose_with_password).await;
    let b = Browser::new(&p);
    let missing = b
        .submit(
            "/cv/ayuda/pqr",
            "/cv/ayuda/pqr",
            &[("name", "José"), ("email", "x")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["email", "subject", "body"] {
        assert!(
            missing
                .html
                .contains(&format!("aria-describedby=\"{field}-error\"")),
            "{field}"
        );
    }
    // Not logged in, but the email is an account's: the PQR lands on its timeline.
    let done = b
        .submit(
            "/cv/ayuda/pqr",
            "/cv/ayuda/pqr",
            &[
                ("name", "José Núñez"),
                ("email", "Jose.Nunez@gmail.com"),
                ("pqr_type", "queja"),
                ("subject", "No puedo restablecer la contraseña"),
                ("body", "Seguí todos los pasos y el enlace dice que venció."),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK);
    // Filed Monday 2026-03-02: 15 business days (the holiday of 23 March skipped) → 24 March.
    assert!(done.html.contains("PQR-2026-000001"), "{}", done.html);
    assert!(
        done.html.contains("martes 24 de marzo de 2026"),
        "{}",
        done.html
    );
    let pqr = json(p.agent(Method::GET, "/api/v1/pqr/1").send().await.unwrap()).await;
    assert_eq!(pqr["channel"], "web");
    assert_eq!(pqr["type"], "queja");
    assert_eq!(pqr["user_id"], 1);
    assert_eq!(pqr["due_date"], "2026-03-24");
    assert_eq!(pqr["reply_channel"], "correo");
    assert_eq!(event_kinds(&p).await, ["pqr_created"]);
    // The receipt goes to the address the form was given, with the due date in words.
    let emails = p.emails();
    let receipt = emails
        .iter()
        .find(|e| e.contains("PQR-2026-000001"))
        .expect("the receipt");
    assert!(receipt.contains("To: Jose.Nunez@gmail.com"), "{receipt}");
    assert!(
        receipt.contains("a más tardar el martes 24 de marzo de 2026"),
        "{receipt}"
    );
    // An address that is nobody's files a PQR just the same, with the same page.
    let other = b
        .submit(
            "/cv/ayuda/pqr?lang=en",
            "/cv/ayuda/pqr?lang=en",
            &[
                ("name", "Nadie"),
                ("email", "nadie@ejemplo.com"),
                ("subject", "Help"),
                ("body", "I cannot log in."),
            ],
        )
        .await;
    assert_eq!(other.status, StatusCode::OK);
    assert!(other.html.contains("PQR-2026-000002") && other.html.contains("Tuesday 24 March 2026"));
}

#[tokio::test]
async fn the_forms_spend_the_same_budgets_as_the_api() {
    let p = TestPortal::start_configured(
        |c| {
            c.limits.public_per_address = Rate {
                burst: 2,
                per_minute: 1,
            }
        },
        jose_with_password,
    )
    .await;
    let b = Browser::new(&p);
    for _ in 0..2 {
        let r = p
            .anonymous(Method::POST, "/api/v1/public/login")
            .json(&serde_json::json!({"email": "a@b.co", "password": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = b.login("a@b.co", "x").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.contains_key("retry-after"));
    assert!(r.html.contains("Demasiados intentos"));
    // «Enviar Correo» has its own budget, shared with its JSON twin.
    let page = "/cv/recordar/contrasena";
    for _ in 0..2 {
        let r = b.submit(page, page, &[("email", "a@b.co")]).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = p
        .anonymous(Method::POST, "/api/v1/public/password-reset-requests")
        .json(&serde_json::json!({"email": "a@b.co"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn cookies_are_secure_when_the_portal_is_served_over_https() {
    let p = TestPortal::start_configured(
        |c| c.public_base_url = Some("https://miportal.accionplus.com".into()),
        jose_with_password,
    )
    .await;
    let b = Browser::new(&p);
    let page = b.get("/cv/ingresar").await;
    assert!(page.set_cookie("mp_csrf").unwrap().contains("; Secure"));
    let r = b.login("jose.nunez@gmail.com", "Clave#2026").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.set_cookie("mp_sesion").unwrap().contains("; Secure"));
}
