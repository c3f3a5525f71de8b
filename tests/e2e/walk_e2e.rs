//! End to end: the test plays the caller through the portal's public endpoints while the operator's
//! walkthrough, in a pseudo-terminal, advances live to the end and the outcome lands on the portal.

use crate::pty;

use std::time::Duration;

use serde_json::json;

const WAIT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_walkthrough_follows_the_caller_to_the_end() {
    let home = tempfile::tempdir().expect("home");
    let (mut t, base) = pty::small_demo(home.path(), WAIT);
    let dir = home.path().join("demo");
    helpdesk::client::use_ring_for_tls();
    let http = reqwest::Client::new();

    t.send("52987123");
    t.wait_for("Sandra Milena", WAIT);
    t.send("\r");
    t.send("w");
    t.wait_for("en vivo", WAIT);
    t.wait_for("1/8 ·", WAIT);

    // The caller presses «Enviar Correo».
    let resp = http
        .post(format!("{base}/api/v1/public/password-reset-requests"))
        .json(&json!({"email": "sandra.avila@gmail.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 202);
    t.wait_for("Enlace de restablecimiento enviado", WAIT);
    t.wait_for("3/8 ·", WAIT);

    // Opens the link from the email.
    let email = std::fs::read_dir(dir.join("outbox"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .find(|m| m.contains("sandra.avila@gmail.com"))
        .expect("the reset email");
    let at = email.find("/cv/recordar/contrasena/").expect("the link")
        + "/cv/recordar/contrasena/".len();
    let token: String = email[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    http.get(format!("{base}/cv/recordar/contrasena/{token}"))
        .send()
        .await
        .unwrap();
    t.wait_for("Abrió el enlace", WAIT);
    t.wait_for("5/8 ·", WAIT);

    // Fails once with '@', which is not a special character.
    let reset = |password: &str| {
        http.post(format!("{base}/api/v1/public/password-resets/{token}"))
            .json(&json!({"email": "sandra.avila@gmail.com", "new_password": password}))
            .send()
    };
    assert_eq!(reset("Portal@2026").await.unwrap().status(), 422);
    t.wait_for(
        "Contraseña nueva rechazada: no tiene un carácter especial válido",
        WAIT,
    );
    t.wait_for("x abre el explicador", WAIT);
    assert!(reset("Portal#2026").await.unwrap().status().is_success());
    t.wait_for("Cambió la contraseña", WAIT);
    let login = http
        .post(format!("{base}/api/v1/public/login"))
        .json(&json!({"email": "sandra.avila@gmail.com", "password": "Portal#2026"}))
        .send()
        .await
        .unwrap();
    assert!(login.status().is_success());
    t.wait_for("Ingresó al portal", WAIT);
    t.wait_for("8/8 · Cerrar la llamada", WAIT);

    // The operator closes the call.
    t.send("f");
    t.wait_for("¿Cómo terminó la llamada?", WAIT);
    t.send("\t");
    t.send("Restableció la contraseña con la guía");
    t.send("\x13");
    t.wait_for("Resultado de la llamada registrado", WAIT);
    t.send("q");
    assert_eq!(t.wait_exit(WAIT), 0);

    let db = rusqlite::Connection::open(dir.join("portal.db")).expect("db");
    let data: String = db
        .query_row(
            "SELECT data FROM events WHERE kind = 'call_outcome_recorded'",
            [],
            |r| r.get(0),
        )
        .expect("the outcome on the portal");
    assert!(
        data.contains("resuelto") && data.contains("Restableció la contraseña"),
        "{data}"
    );
}
