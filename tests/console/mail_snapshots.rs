//! What the operator sees of mail and of the requester (issue 25) at 80×24, in Spanish and
//! English: mail events in the timeline and the last link's state on the user's detail, the
//! resend confirmation with the last link still queued, a PQR whose answers reach nobody yet
//! (the detail and the reply editor say so) with the requester's own message in the thread, and
//! the PQR form asking where the answers go.

use crate::fixtures;

use crossterm::event::KeyCode;
use fixtures::*;
use helpdesk::api::{
    Event, EventKind, LastResetMail, MailPurpose, MailState, PqrMessage, PqrStatus, ReplyChannel,
    Visibility,
};
use helpdesk::app::{App, Msg, PqrReply, Reply, UsersReply, update};
use helpdesk::i18n::Lang;
use jiff::SignedDuration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn snapshot(name: &str, build: impl Fn(Lang) -> App) {
    for lang in [Lang::Es, Lang::En] {
        let app = build(lang);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        terminal
            .draw(|f| helpdesk::ui::view(f, &app))
            .expect("draw");
        insta::assert_snapshot!(format!("{name}_{}", lang.code()), terminal.backend());
    }
}

fn mail(id: i64, mins_ago: i64, kind: EventKind, status_code: Option<&str>) -> Event {
    let at = now() - SignedDuration::from_mins(mins_ago);
    mail_event(id, at, kind, MailPurpose::ResetLink, status_code)
}

/// Carlos's detail: the last link's email deferred (the relay does not answer), and the
/// timeline's mail events of an earlier link that bounced.
fn detail_with_mail(lang: Lang) -> App {
    let mut app = with_results(lang);
    update(&mut app, key(KeyCode::Enter));
    let mut d = detail_of_carlos(false);
    d.user.last_reset_mail = Some(LastResetMail {
        state: MailState::Deferred,
        at: now() - SignedDuration::from_mins(1),
        retry_at: Some(now() + SignedDuration::from_mins(2)),
        status_code: None,
    });
    let mut timeline = vec![
        mail(20, 1, EventKind::MailDeferred, None),
        mail(19, 30, EventKind::MailBounced, Some("5.1.1")),
        mail(18, 31, EventKind::MailRelayed, None),
    ];
    timeline.extend(d.timeline);
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Detail {
            user_id: 1,
            result: Ok((d.user, timeline)),
        })),
    );
    app
}

#[test]
fn user_detail_with_mail() {
    snapshot("mail_user_detail", detail_with_mail);
}

#[test]
fn resend_while_the_last_link_is_queued() {
    snapshot("mail_confirm_resend_queued", |lang| {
        let mut app = detail_with_mail(lang);
        update(&mut app, ch('r'));
        app
    });
}

/// A ticket whose requester chose WhatsApp but has no conversation there, with their own reply by email in the
/// thread between the operators' messages.
fn pqr_unreachable(lang: Lang) -> App {
    let mut app = pqr_open(lang);
    let mut p = pqr_detail(7, PqrStatus::EnTramite);
    p.body = "No me llega el correo.".into();
    p.reply_channel = ReplyChannel::Whatsapp;
    p.requester_reachable = false;
    p.messages.insert(
        1,
        PqrMessage {
            id: 3,
            visibility: Visibility::Public,
            body: "Sigo sin poder entrar.".into(),
            author: "Diana Marcela Ríos Londoño".into(),
            at: now() - SignedDuration::from_mins(100),
            from_requester: true,
        },
    );
    p.messages.remove(0);
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqr {
            id: 7,
            result: Ok((p, "\"v2\"".into())),
        })),
    );
    app
}

#[test]
fn pqr_whose_answers_reach_nobody_yet() {
    snapshot("mail_pqr_unreachable", pqr_unreachable);
    snapshot("mail_pqr_reply_unreachable", |lang| {
        let mut app = pqr_unreachable(lang);
        update(&mut app, ch('R'));
        app
    });
    // The confirmation does not promise the requester will receive it.
    snapshot("mail_pqr_confirm_unreachable", |lang| {
        let mut app = pqr_unreachable(lang);
        update(&mut app, ch('R'));
        type_text(&mut app, "Ya quedó corregido su correo.");
        update(
            &mut app,
            Msg::Key(crossterm::event::KeyEvent::new(
                KeyCode::Char('s'),
                crossterm::event::KeyModifiers::CONTROL,
            )),
        );
        app
    });
}

#[test]
fn pqr_form_with_answers_by_whatsapp() {
    snapshot("mail_pqr_create_whatsapp", |lang| {
        let mut app = with_results(lang);
        update(&mut app, ch('c'));
        type_text(&mut app, "Pide la respuesta por WhatsApp.");
        update(&mut app, key(KeyCode::Tab));
        update(&mut app, key(KeyCode::Right));
        app
    });
}
