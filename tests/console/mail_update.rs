//! What the operator sees of mail and of the requester's reach (issue 25), through the pure
//! update function: the PQR form asks where the answers go and sends it; a public reply on a
//! ticket nobody can be reached on says so when the editor opens; the resend confirmation carries
//! the last link still queued; live mail events refresh the detail and the dashboard.

use crate::fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fixtures::*;
use helpdesk::api::{
    Event, EventData, EventKind, LastResetMail, MailPurpose, MailState, PqrStatus, ReplyChannel,
    Visibility,
};
use helpdesk::app::model::Modal;
use helpdesk::app::{
    App, BoardReply, Effect, LiveUpdate, Msg, PqrReply, Reply, UsersEffect, UsersReply, WalkReply,
    update,
};
use helpdesk::i18n::Lang;

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

#[test]
fn the_pqr_form_asks_where_the_answers_go_and_sends_it() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('c'));
    {
        let Some(Modal::CreatePqr(f)) = &app.modal else {
            panic!()
        };
        // The user has an email registered: answers go there unless the caller says otherwise.
        assert_eq!(f.reply_channel, ReplyChannel::Correo);
        assert!(!f.email_masked.is_empty());
    }
    type_text(&mut app, "Pide respuesta por WhatsApp.");
    // From the notes, Tab reaches the channel of the answers; → moves it on.
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Right));
    let effects = update(&mut app, ctrl('s'));
    let Some(helpdesk::api::FilePqr { new, .. }) = effects
        .first()
        .and_then(|e| e.request::<helpdesk::api::FilePqr>())
    else {
        panic!("{effects:?}")
    };
    assert_eq!(new.reply_channel, Some(ReplyChannel::Whatsapp));
    // The portal fills the registered contact from the user: the console never holds it whole.
    assert_eq!((new.requester.email.as_ref(), new.user_id), (None, Some(1)));
}

#[test]
fn a_public_reply_that_reaches_nobody_says_so_before_it_is_written() {
    let mut app = pqr_open(Lang::Es);
    assert_eq!(app.unreachable_requester(7, Visibility::Public), None);
    let mut unreachable = pqr_detail(7, PqrStatus::EnTramite);
    unreachable.reply_channel = ReplyChannel::Whatsapp;
    unreachable.requester_reachable = false;
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqr {
            id: 7,
            result: Ok((unreachable, "\"v2\"".into())),
        })),
    );
    update(&mut app, ch('R'));
    let Some(Modal::Editor(e)) = &app.modal else {
        panic!("{:?}", app.modal)
    };
    assert!(e.draft.body.is_empty(), "nothing written yet");
    assert_eq!(
        app.unreachable_requester(e.draft.pqr_id, e.draft.visibility),
        Some(ReplyChannel::Whatsapp)
    );
    // An internal note reaches nobody by design: no warning.
    assert_eq!(app.unreachable_requester(7, Visibility::Internal), None);
}

fn with_last_mail(lang: Lang, state: MailState) -> App {
    let mut app = with_results(lang);
    update(&mut app, key(KeyCode::Enter));
    let mut d = detail_of_carlos(false);
    d.user.last_reset_mail = Some(LastResetMail {
        state,
        at: now(),
        retry_at: Some(now() + jiff::SignedDuration::from_mins(2)),
        status_code: None,
    });
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Detail {
            user_id: 1,
            result: Ok((d.user, d.timeline)),
        })),
    );
    app
}

#[test]
fn the_resend_confirmation_carries_the_last_link_still_queued() {
    let mut app = with_last_mail(Lang::Es, MailState::Deferred);
    update(&mut app, ch('r'));
    let Some(Modal::Confirm(c)) = &app.modal else {
        panic!("{:?}", app.modal)
    };
    assert_eq!(
        c.pending_mail.as_ref().map(|m| m.state),
        Some(MailState::Deferred)
    );
    // A link that already left is no reason to hesitate.
    let mut app = with_last_mail(Lang::Es, MailState::Relayed);
    update(&mut app, ch('r'));
    let Some(Modal::Confirm(c)) = &app.modal else {
        panic!("{:?}", app.modal)
    };
    assert!(c.pending_mail.is_none());
}

#[test]
fn a_live_mail_event_refreshes_the_detail_on_screen_and_the_funnel() {
    let mut app = with_last_mail(Lang::Es, MailState::Deferred);
    update(&mut app, ch('w'));
    let live = |app: &mut App, e: Event| {
        update(
            app,
            Msg::Portal(Reply::Walk(WalkReply::Live {
                user_id: 1,
                update: LiveUpdate::Event(Box::new(e)),
            })),
        )
    };
    let e = mail_event(
        50,
        now(),
        EventKind::MailRelayed,
        MailPurpose::ResetLink,
        None,
    );
    assert_eq!(
        live(&mut app, e),
        vec![Effect::Users(UsersEffect::LoadDetail { user_id: 1 })]
    );
    // Other news of the followed user leave the detail as it is.
    let mut login = mail_event(
        51,
        now(),
        EventKind::LoginFailed,
        MailPurpose::Unknown,
        None,
    );
    login.data = EventData::default();
    assert!(live(&mut app, login).is_empty());

    // The dashboard reads again for a reset link relayed or bounced, not for other mail.
    let mut app = board_screen(Lang::Es);
    let desk = |app: &mut App, e: Event| {
        update(
            app,
            Msg::Portal(Reply::Board(BoardReply::DeskLive(LiveUpdate::Event(
                Box::new(e),
            )))),
        )
    };
    let other = mail_event(
        60,
        now(),
        EventKind::MailRelayed,
        MailPurpose::PqrReply,
        None,
    );
    assert!(desk(&mut app, other).is_empty());
    let bounced = mail_event(
        61,
        now(),
        EventKind::MailBounced,
        MailPurpose::ResetLink,
        None,
    );
    assert_eq!(desk(&mut app, bounced).len(), 1);
}

#[test]
fn mail_codes_from_the_portal_pass_the_sanitiser() {
    use helpdesk::api::Ingress;
    let hostile = "5.1.1\u{1b}[2J\u{202e}";
    let mut e = mail_event(
        70,
        now(),
        EventKind::MailBounced,
        MailPurpose::ResetLink,
        Some(hostile),
    );
    if let Some(m) = &mut e.data.mail {
        m.queue_id = Some("Q\u{7}1".into());
    }
    let e = e.sanitized();
    let m = e.data.mail.expect("mail");
    for s in [m.status_code.unwrap(), m.queue_id.unwrap()] {
        assert!(
            !s.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{s:?}"
        );
    }
    let mut d = detail_of_carlos(false).user;
    d.last_reset_mail = Some(LastResetMail {
        state: MailState::Bounced,
        at: now(),
        retry_at: None,
        status_code: Some(hostile.into()),
    });
    let code = d.sanitized().last_reset_mail.unwrap().status_code.unwrap();
    assert!(
        !code.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "{code:?}"
    );
}

#[test]
fn answers_by_a_channel_the_user_has_no_contact_for_are_refused_in_the_form() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('c'));
    if let Some(Modal::CreatePqr(f)) = &mut app.modal {
        f.phone_masked.clear();
    }
    type_text(&mut app, "Quiere respuesta por WhatsApp.");
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Right));
    assert!(update(&mut app, ctrl('s')).is_empty(), "nothing sent");
    let Some(Modal::CreatePqr(f)) = &app.modal else {
        panic!()
    };
    assert_eq!((f.field, f.pending), (4, false));
    assert_eq!(
        f.error.as_deref(),
        Some(helpdesk::i18n::tr(Lang::Es, "create.no_contact_error"))
    );
}
