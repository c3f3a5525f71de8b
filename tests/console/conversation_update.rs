//! «Conversaciones» through the pure update function: the queue and its live refresh, answers as
//! drafts sent once, the window's rule, templates filled from the conversation, radicating,
//! assigning, closing and linking under If-Match.

use crate::fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fixtures::conversations::{detail, open, screen};
use fixtures::{answer, ch, key, type_text};
use helpdesk::api::{
    ConversationPatch, ConversationStatus, ConversationTemplates, ErrorCode, Event, EventKind,
    NewConversationMessage, PqrType, RadicatedConversation,
};
use helpdesk::app::model::{ConversationFocus, DraftsOffer, Modal, Screen};
use helpdesk::app::{
    BoardEffect, BoardReply, ConversationsEffect, ConversationsReply, Effect, LiveUpdate, Msg,
    PortalError, PqrEffect, Reply, UsersEffect, update,
};
use helpdesk::i18n::Lang;

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

#[test]
fn f6_opens_the_queue_follows_the_desk_and_keeps_the_portal_order() {
    let mut app = fixtures::app(Lang::Es);
    let effects = update(&mut app, key(KeyCode::F(6)));
    assert_eq!(app.screen, Screen::Conversations);
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Conversations(ConversationsEffect::LoadConversations { query, .. }), templates, Effect::Board(BoardEffect::WatchDesk)]
                if query.status == "open" && query.assignee.is_none()
                    && templates.request::<ConversationTemplates>().is_some()
        ),
        "{effects:?}"
    );
    let app = screen(Lang::Es);
    let ids: Vec<i64> = app.conversations.items.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![7, 8, 9, 10], "the portal's order, untouched");
    // Leaving stops following the desk.
    let mut app = app;
    let effects = update(&mut app, key(KeyCode::F(2)));
    assert!(effects.contains(&Effect::Board(BoardEffect::UnwatchDesk)));
}

#[test]
fn a_late_page_of_an_older_read_is_dropped() {
    let mut app = screen(Lang::Es);
    let old = app.conversations.generation;
    update(&mut app, ch('m'));
    assert_eq!(app.conversations.query.assignee, Some("me_or_none"));
    let statuses: Vec<&str> = (0..3)
        .map(|_| {
            update(&mut app, ch('s'));
            app.conversations.query.status
        })
        .collect();
    assert_eq!(statuses, ["closed", "all", "open"]);
    update(
        &mut app,
        Msg::Portal(Reply::Conversations(ConversationsReply::Conversations {
            generation: old,
            result: Ok(helpdesk::api::Page {
                items: vec![],
                next_cursor: None,
            }),
        })),
    );
    assert_eq!(
        app.conversations.items.len(),
        4,
        "the older answer is ignored"
    );
}

fn event(kind: EventKind, conversation_id: i64) -> Msg {
    let mut e: Event = serde_json::from_value(serde_json::json!({
        "id": 99, "kind": kind.as_str(), "at": "2026-03-02T14:00:00Z",
        "user_id": null, "pqr_id": null,
        "actor": {"kind": "system"}, "data": {"conversation_id": conversation_id}
    }))
    .expect("event");
    e.user_id = None;
    Msg::Portal(Reply::Board(BoardReply::DeskLive(LiveUpdate::Event(
        Box::new(e),
    ))))
}

#[test]
fn live_events_read_the_queue_and_the_open_thread_again() {
    let mut app = open(Lang::Es, Some(90));
    let effects = update(&mut app, event(EventKind::ConversationDelivery, 7));
    assert!(
        matches!(
            effects.as_slice(),
            [
                Effect::Conversations(ConversationsEffect::LoadConversations { .. }),
                Effect::Conversations(ConversationsEffect::LoadConversation { id: 7 })
            ]
        ),
        "{effects:?}"
    );
    // Another conversation's news: the queue only.
    let effects = update(&mut app, event(EventKind::ConversationMessageReceived, 8));
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Conversations(
                ConversationsEffect::LoadConversations { .. }
            )]
        ),
        "{effects:?}"
    );
    // Not a conversation's: nothing.
    let effects = update(&mut app, event(EventKind::PasswordChanged, 8));
    assert!(effects.is_empty(), "{effects:?}");
}

#[test]
fn an_answer_is_a_draft_sent_once_and_removed_only_when_the_portal_took_it() {
    let mut app = open(Lang::Es, Some(90));
    update(&mut app, ch('R'));
    assert!(matches!(app.modal, Some(Modal::Editor(_))));
    let saved = type_text(&mut app, "Hola José");
    assert!(
        matches!(saved.last(), Some(Effect::SaveDraft(d)) if d.body == "Hola José" && d.conversation_id == Some(7))
    );
    // Esc keeps the draft; R takes it up again with the same key.
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.drafts.len(), 1);
    let first_key = app.drafts[0].key.clone();
    update(&mut app, ch('R'));
    type_text(&mut app, ", ya puede entrar.");
    update(&mut app, ctrl('s'));
    assert!(
        matches!(app.modal, Some(Modal::ConfirmSend(_))),
        "a public answer is confirmed first"
    );
    let effects = update(&mut app, key(KeyCode::Enter));
    let [Effect::Pqr(PqrEffect::SendMessage(draft))] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        draft.key, first_key,
        "the draft's key is the Idempotency-Key"
    );
    assert_eq!(draft.body, "Hola José, ya puede entrar.");
    // Offline: kept; F5 sends the same draft with the same key.
    let sent = Effect::Pqr(PqrEffect::SendMessage(draft.clone()));
    update(
        &mut app,
        Msg::Portal(Reply::Conversations(ConversationsReply::Answered {
            id: 7,
            sent: sent.clone(),
            result: Err(PortalError::Offline("cannot connect".into())),
        })),
    );
    assert_eq!(app.drafts.len(), 1, "nothing typed is lost");
    let effects = update(&mut app, key(KeyCode::F(5)));
    assert_eq!(effects, vec![sent.clone()]);
    let effects = update(
        &mut app,
        Msg::Portal(Reply::Conversations(ConversationsReply::Answered {
            id: 7,
            sent,
            result: Ok(detail(Some(90))),
        })),
    );
    assert!(
        effects.contains(&Effect::RemoveDraft(first_key)),
        "{effects:?}"
    );
    assert!(app.drafts.is_empty());
}

#[test]
fn with_the_window_closed_r_offers_the_templates_filled_from_the_conversation() {
    let mut app = open(Lang::Es, None);
    let effects = update(&mut app, ch('R'));
    assert!(effects.is_empty(), "the templates are known: {effects:?}");
    let Some(Modal::TemplatePicker(p)) = &app.modal else {
        panic!("expected the template picker, got {:?}", app.modal);
    };
    let key_1 = p.idempotency_key.clone();
    // {{2}} is the radicado: none yet, so nothing is sent and the operator is told why.
    let effects = update(&mut app, key(KeyCode::Enter));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(app.modal, Some(Modal::TemplatePicker(_))));
    // Radicated: now the radicado fills it.
    update(
        &mut app,
        Msg::Portal(Reply::Conversations(ConversationsReply::Radicated {
            id: 7,
            result: Ok(RadicatedConversation {
                pqr_id: 3,
                radicado: "PQR-2026-000003".into(),
            }),
        })),
    );
    let effects = update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Conversations(
            ConversationsEffect::AnswerConversation {
                id: 7,
                idempotency_key: key_1,
                message: NewConversationMessage::Template {
                    template: "seguimiento_solicitud".into(),
                    params: vec!["José".into(), "PQR-2026-000003".into()],
                },
            }
        )]
    );
}

#[test]
fn a_free_text_refused_for_the_window_keeps_the_draft_and_opens_the_templates() {
    let mut app = open(Lang::Es, Some(1));
    update(&mut app, ch('R'));
    type_text(&mut app, "Hola");
    update(&mut app, ctrl('s'));
    let effects = update(&mut app, key(KeyCode::Enter));
    let [sent @ Effect::Pqr(PqrEffect::SendMessage(_))] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    update(
        &mut app,
        Msg::Portal(Reply::Conversations(ConversationsReply::Answered {
            id: 7,
            sent: sent.clone(),
            result: Err(PortalError::Api {
                status: 422,
                code: ErrorCode::WindowClosed,
                message: "only templates".into(),
                request_id: "r".into(),
                field: None,
            }),
        })),
    );
    assert!(matches!(app.modal, Some(Modal::TemplatePicker(_))));
    assert_eq!(app.drafts.len(), 1, "the text stays as a draft");
}

#[test]
fn assign_close_and_radicate_go_under_the_version_read() {
    let mut app = open(Lang::Es, Some(90));
    let etag = "\"v3\"".to_string();
    assert_eq!(
        update(&mut app, ch('a')),
        vec![Effect::Conversations(
            ConversationsEffect::PatchConversation {
                id: 7,
                etag: etag.clone(),
                patch: ConversationPatch {
                    assignee_id: Some(Some(1)),
                    ..Default::default()
                },
            }
        )]
    );
    assert_eq!(
        update(&mut app, ch('c')),
        vec![Effect::Conversations(
            ConversationsEffect::PatchConversation {
                id: 7,
                etag: etag.clone(),
                patch: ConversationPatch {
                    status: Some(ConversationStatus::Closed),
                    ..Default::default()
                },
            }
        )]
    );
    // A 412: read again, nothing lost.
    let effects = update(
        &mut app,
        Msg::Portal(Reply::Conversations(
            ConversationsReply::ConversationPatched {
                id: 7,
                result: Err(PortalError::Api {
                    status: 412,
                    code: ErrorCode::Unknown,
                    message: String::new(),
                    request_id: "r".into(),
                    field: None,
                }),
            },
        )),
    );
    assert_eq!(
        effects,
        vec![Effect::Conversations(
            ConversationsEffect::LoadConversation { id: 7 }
        )]
    );
    update(&mut app, ch('p'));
    update(&mut app, key(KeyCode::Tab));
    assert!(
        update(&mut app, ctrl('s')).is_empty(),
        "a subject is required"
    );
    type_text(&mut app, "No llega el correo");
    assert_eq!(
        update(&mut app, ctrl('s')),
        vec![Effect::Conversations(
            ConversationsEffect::RadicateConversation {
                id: 7,
                etag,
                new: helpdesk::api::NewPqrFromConversation {
                    pqr_type: PqrType::Queja,
                    subject: "No llega el correo".into()
                },
            }
        )]
    );
    update(
        &mut app,
        Msg::Portal(Reply::Conversations(ConversationsReply::Radicated {
            id: 7,
            result: Ok(RadicatedConversation {
                pqr_id: 3,
                radicado: "PQR-2026-000003".into(),
            }),
        })),
    );
    assert!(app.modal.is_none());
    let notice = app
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(notice.contains("PQR-2026-000003"), "{notice}");
}

#[test]
fn the_linked_user_opens_their_detail_and_an_unlinked_one_is_linked_from_the_users_screen() {
    let mut app = open(Lang::Es, Some(90));
    assert_eq!(
        update(&mut app, ch('U')),
        vec![
            Effect::Users(UsersEffect::LoadDetail { user_id: 42 }),
            Effect::Board(BoardEffect::UnwatchDesk)
        ]
    );
    assert_eq!(app.screen, Screen::Users);
    // Marta (8) has no user: U goes to the search, L on a user links them.
    let mut app = screen(Lang::Es);
    update(&mut app, ch('j'));
    update(&mut app, key(KeyCode::Enter));
    let mut marta = detail(Some(90));
    marta.summary = fixtures::conversations::summary(8, "Marta Ruiz", Some(25), 1);
    update(
        &mut app,
        Msg::Portal(Reply::Conversations(ConversationsReply::Conversation {
            id: 8,
            result: Ok((marta, "\"v3\"".into())),
        })),
    );
    assert_eq!(
        update(&mut app, ch('U')),
        vec![Effect::Board(BoardEffect::UnwatchDesk)]
    );
    assert_eq!(app.screen, Screen::Users);
    type_text(&mut app, "marta");
    fixtures::answer_search(&mut app, fixtures::users());
    update(&mut app, key(KeyCode::Enter));
    let user = app.selected_user().map(|u| u.id).expect("a user");
    let effects = update(&mut app, ch('L'));
    assert_eq!(
        effects,
        vec![
            Effect::Conversations(ConversationsEffect::PatchConversation {
                id: 8,
                etag: "\"v3\"".into(),
                patch: ConversationPatch {
                    user_id: Some(Some(user)),
                    ..Default::default()
                },
            }),
            Effect::Board(BoardEffect::WatchDesk),
        ]
    );
    assert_eq!(
        (app.screen, app.conversations.focus),
        (Screen::Conversations, ConversationFocus::Thread)
    );
}

#[test]
fn requester_text_is_cleaned_before_the_screen() {
    use helpdesk::api::Ingress;
    let mut d = detail(Some(90));
    d.summary.requester_name = "José\u{1b}[31m Núñez".into();
    d.messages[0].body = "hola\u{1b}]52;c;aGFjaw==\u{7}".into();
    let clean = d.sanitized();
    assert!(!clean.summary.requester_name.contains('\u{1b}'));
    assert!(
        !clean.messages[0].body.contains('\u{1b}') && !clean.messages[0].body.contains('\u{7}')
    );
}

#[test]
fn an_answer_left_by_a_crash_is_offered_back_on_its_conversation() {
    let mut app = fixtures::app(Lang::Es);
    app.drafts = vec![helpdesk::drafts::Draft {
        key: "s-3".into(),
        pqr_id: 0,
        radicado: "WhatsApp · José Núñez".into(),
        visibility: helpdesk::api::Visibility::Public,
        body: "Hola José, a medio escribir".into(),
        saved_at: fixtures::now(),
        new_pqr: None,
        conversation_id: Some(7),
    }];
    app.modal = Some(Modal::Drafts(DraftsOffer { selected: 0 }));
    let effects = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Conversations);
    assert!(
        effects.contains(&Effect::Conversations(
            ConversationsEffect::LoadConversation { id: 7 }
        )),
        "{effects:?}"
    );
    let Some(Modal::Editor(e)) = &app.modal else {
        panic!("expected the editor, got {:?}", app.modal);
    };
    assert_eq!(
        (e.draft.key.as_str(), e.draft.conversation_id),
        ("s-3", Some(7))
    );
    // The thread arrives under the editor; Ctrl-S and Enter send the same draft, same key.
    update(
        &mut app,
        Msg::Portal(Reply::Conversations(ConversationsReply::Conversation {
            id: 7,
            result: Ok((detail(Some(90)), "\"v3\"".into())),
        })),
    );
    update(&mut app, ctrl('s'));
    let effects = update(&mut app, key(KeyCode::Enter));
    assert!(
        matches!(effects.as_slice(), [Effect::Pqr(PqrEffect::SendMessage(d))] if d.key == "s-3"),
        "{effects:?}"
    );
}

#[test]
fn templates_that_cannot_be_read_close_the_picker_with_a_retry() {
    let mut app = open(Lang::Es, None);
    app.conversations.templates = None;
    let asked = update(&mut app, ch('t'));
    assert!(
        matches!(&asked[..], [e] if e.request::<ConversationTemplates>().is_some()),
        "{asked:?}"
    );
    let offline = Err(PortalError::Offline("cannot connect".into()));
    update(
        &mut app,
        answer::<ConversationTemplates>(&asked[0], offline),
    );
    assert!(app.modal.is_none());
    assert_eq!(update(&mut app, key(KeyCode::F(5))), asked);
}

#[test]
fn a_pasted_subject_is_one_clean_line() {
    let mut app = open(Lang::Es, Some(90));
    update(&mut app, ch('p'));
    update(
        &mut app,
        Msg::Paste("No llega\u{1b}[31m el correo\n".into()),
    );
    let effects = update(&mut app, ctrl('s'));
    let [Effect::Conversations(ConversationsEffect::RadicateConversation { new, .. })] =
        effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    assert!(
        !new.subject.contains('\u{1b}') && !new.subject.contains('\n'),
        "{:?}",
        new.subject
    );
    assert!(new.subject.starts_with("No llega"), "{:?}", new.subject);
}

#[test]
fn a_conversation_filed_before_carries_its_radicado_without_another_read() {
    let mut app = screen(Lang::Es);
    update(&mut app, key(KeyCode::Enter));
    let mut filed = detail(None);
    filed.summary.pqr_id = Some(3);
    filed.summary.radicado = Some("PQR-2026-000003".into());
    let effects = update(
        &mut app,
        Msg::Portal(Reply::Conversations(ConversationsReply::Conversation {
            id: 7,
            result: Ok((filed, "\"v3\"".into())),
        })),
    );
    assert_eq!(effects, vec![], "no GET of its PQR to learn the radicado");
    update(&mut app, ch('t'));
    let effects = update(&mut app, key(KeyCode::Enter));
    assert!(
        matches!(effects.as_slice(), [Effect::Conversations(ConversationsEffect::AnswerConversation { message: NewConversationMessage::Template { params, .. }, .. })]
            if params == &["José".to_string(), "PQR-2026-000003".to_string()]),
        "{effects:?}"
    );
}

// Issue 24: the thread scrolls up as far as it has lines above the view, as the view counted
// them (the update guessed six rows a message: a short thread scrolled into nothing, and Down
// then took as many presses to come back).
#[test]
fn the_thread_scrolls_up_only_as_far_as_it_has_lines_above_the_view() {
    let mut app = open(Lang::Es, Some(90));
    let (drawn, _) = fixtures::draw_as_runner(&mut app, (200, 60));
    assert_eq!(drawn.thread_above, 0, "a short thread fits whole");
    update(&mut app, key(KeyCode::Up));
    assert_eq!(app.conversations.open.as_ref().unwrap().scroll, 0);
    let mut long = detail(Some(90));
    let one = long.messages[0].clone();
    long.messages = std::iter::repeat_n(one, 30).collect();
    update(
        &mut app,
        Msg::Portal(Reply::Conversations(ConversationsReply::Conversation {
            id: 7,
            result: Ok((long, "\"v4\"".into())),
        })),
    );
    let (drawn, _) = fixtures::draw_as_runner(&mut app, (80, 24));
    assert!(drawn.thread_above > 10, "{drawn:?}");
    for _ in 0..200 {
        update(&mut app, key(KeyCode::Up));
    }
    let scroll = app.conversations.open.as_ref().unwrap().scroll;
    assert_eq!(scroll, drawn.thread_above);
    update(&mut app, key(KeyCode::Down));
    assert_eq!(
        app.conversations.open.as_ref().unwrap().scroll,
        scroll - 1,
        "one Down comes back a line"
    );
}
