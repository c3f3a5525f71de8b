//! End to end: the dashboard in a pseudo-terminal follows the desk live. A caller presses
//! «Enviar Correo» on the portal and the funnel on screen moves by itself (no key, no timer).

use crate::pty;

use std::time::Duration;

use serde_json::json;

const WAIT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_moves_when_the_desk_does() {
    let home = tempfile::tempdir().expect("home");
    let (mut t, base) = pty::small_demo(home.path(), WAIT);
    helpdesk::client::use_ring_for_tls();
    let http = reqwest::Client::new();

    t.send("\x1bOS"); // F4
    t.wait_for("Tablero · toda la mesa de ayuda · en vivo", WAIT);
    t.send("\t");
    t.send("\t");
    t.wait_for("Solicitados ", WAIT);
    let count = |screen: &str, label: &str| -> u64 {
        let at = screen.find(label).expect("the funnel step") + label.len();
        screen[at..]
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .expect("its number")
    };
    let screen = t.screen();
    let (requested, sent) = (count(&screen, "Solicitados"), count(&screen, "Enviados"));

    let resp = http
        .post(format!("{base}/api/v1/public/password-reset-requests"))
        .json(&json!({"email": "sandra.avila@gmail.com"}))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 202);
    t.wait_for(&format!("Solicitados {} (", requested + 1), WAIT);
    t.wait_for(&format!("Enviados    {} (", sent + 1), WAIT);
    t.send("q");
}
