//! The PQR screen's decisions through the pure update function.

use crate::fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fixtures::*;
use helpdesk::api::{FilePqr, Page, PqrStatus, Visibility};
use helpdesk::app::PortalError;
use helpdesk::app::model::{DraftsOffer, Modal, StatusPicker};
use helpdesk::app::{Effect, Msg, PqrEffect, PqrReply, Reply, UsersEffect, update};
use helpdesk::i18n::Lang;

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn list_query(effects: &[Effect]) -> (u64, helpdesk::app::PqrQuery) {
    match effects {
        [
            Effect::Pqr(PqrEffect::LoadPqrs {
                generation,
                query,
                cursor: None,
            }),
        ] => (*generation, query.clone()),
        other => panic!("expected one first-page load, got {other:?}"),
    }
}

#[test]
fn filters_reload_the_list_and_old_pages_are_dropped() {
    let mut app = app(Lang::Es);
    let (g1, q) = list_query(&update(&mut app, key(KeyCode::F(3))));
    assert_eq!(
        (q.status, q.open_only, q.assignee, q.overdue, q.due_today),
        (None, true, Some("me_or_none"), false, false),
        "the screen opens on the working queue: open tickets, mine and unassigned"
    );
    assert!(!q.descending, "most urgent legal clock first");
    let (g2, q) = list_query(&update(&mut app, ch('e')));
    assert_eq!((q.status, q.open_only), (Some(PqrStatus::Radicada), false));
    let (_, q) = list_query(&update(&mut app, ch('m')));
    assert_eq!(q.assignee, Some("me"));
    let (_, q) = list_query(&update(&mut app, ch('o')));
    assert!(q.overdue);
    let (g5, q) = list_query(&update(&mut app, ch('h')));
    assert!(
        q.due_today && !q.overdue,
        "overdue and due today exclude each other"
    );
    assert!(g1 < g2 && g2 < g5);
    // A page for an older filter arrives late: dropped.
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqrs {
            generation: g2,
            append: false,
            result: Ok(Page {
                items: pqr_list(),
                next_cursor: None,
            }),
        })),
    );
    assert!(app.pqr.items.is_empty());
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqrs {
            generation: g5,
            append: false,
            result: Ok(Page {
                items: pqr_list(),
                next_cursor: None,
            }),
        })),
    );
    assert_eq!(app.pqr.items.len(), 7);
}

#[test]
fn more_pages_are_fetched_as_the_selection_nears_the_end() {
    let mut app = app(Lang::Es);
    update(&mut app, key(KeyCode::F(3)));
    let generation = app.pqr.generation;
    let page: Vec<_> = (1..=100)
        .map(|i| pqr_summary(i, PqrStatus::Radicada, 5))
        .collect();
    let effects = update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqrs {
            generation,
            append: false,
            result: Ok(Page {
                items: page,
                next_cursor: Some("c100".into()),
            }),
        })),
    );
    assert!(effects.is_empty(), "far from the end: nothing to fetch");
    let mut fetched = Vec::new();
    for _ in 0..85 {
        fetched.extend(update(&mut app, ch('j')));
    }
    assert_eq!(fetched.len(), 1, "one page asked for, once: {fetched:?}");
    assert!(
        matches!(&fetched[0], Effect::Pqr(PqrEffect::LoadPqrs { cursor: Some(c), .. }) if c == "c100")
    );
    let more: Vec<_> = (101..=150)
        .map(|i| pqr_summary(i, PqrStatus::Radicada, 5))
        .collect();
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqrs {
            generation,
            append: true,
            result: Ok(Page {
                items: more,
                next_cursor: None,
            }),
        })),
    );
    assert_eq!(app.pqr.items.len(), 150);
    assert_eq!(app.pqr.selected, 85, "the selection stays where it was");
}

#[test]
fn a_note_is_drafted_with_one_key_and_kept_when_closed() {
    let mut app = pqr_open(Lang::Es);
    update(&mut app, ch('n'));
    let effects = type_text(&mut app, "Hola");
    let keys: Vec<String> = effects
        .iter()
        .map(|e| match e {
            Effect::SaveDraft(d) => {
                assert_eq!((d.pqr_id, d.visibility), (7, Visibility::Internal));
                d.key.clone()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(keys.len(), 4);
    assert!(keys.windows(2).all(|w| w[0] == w[1]), "one draft, one key");
    update(&mut app, key(KeyCode::Esc));
    assert!(app.modal.is_none());
    assert_eq!(app.drafts.len(), 1);
    assert_eq!(app.drafts[0].body, "Hola");
    // Reopened: the same draft, not a new one.
    update(&mut app, ch('n'));
    let Some(Modal::Editor(e)) = &app.modal else {
        panic!()
    };
    assert_eq!(
        (e.draft.key.as_str(), e.draft.body.as_str()),
        (keys[0].as_str(), "Hola")
    );
    // Enter is a new line in the editor, not a send.
    update(&mut app, key(KeyCode::Enter));
    let Some(Modal::Editor(e)) = &app.modal else {
        panic!()
    };
    assert_eq!(e.draft.body, "Hola\n");
}

#[test]
fn a_public_reply_is_confirmed_sent_once_and_its_draft_removed_on_success() {
    let mut app = pqr_open(Lang::Es);
    update(&mut app, ch('R'));
    type_text(&mut app, "Ya le reenviamos el enlace.");
    assert!(
        update(&mut app, ctrl('s')).is_empty(),
        "a public reply asks first"
    );
    assert!(matches!(app.modal, Some(Modal::ConfirmSend(_))));
    let effects = update(&mut app, key(KeyCode::Enter));
    let [Effect::Pqr(PqrEffect::SendMessage(draft))] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(draft.visibility, Visibility::Public);
    // Lost in transit: F5 sends the very same draft (same key), so the portal posts it once.
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::MessageSent {
            draft: draft.clone(),
            result: Err(PortalError::Offline("timed out".into())),
        })),
    );
    assert_eq!(app.drafts.len(), 1, "the draft survives the failure");
    app.pqr.focus = helpdesk::app::model::PqrFocus::Detail;
    assert_eq!(
        update(&mut app, key(KeyCode::F(5))),
        vec![Effect::Pqr(PqrEffect::SendMessage(draft.clone()))]
    );
    let ok = helpdesk::api::PqrMessage {
        id: 3,
        visibility: Visibility::Public,
        body: draft.body.clone(),
        author: "Ana".into(),
        at: now(),
        from_requester: false,
    };
    let effects = update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::MessageSent {
            draft: draft.clone(),
            result: Ok(ok),
        })),
    );
    assert_eq!(
        effects,
        vec![
            Effect::RemoveDraft(draft.key.clone()),
            Effect::Pqr(PqrEffect::LoadPqr { id: 7 })
        ]
    );
    assert!(app.drafts.is_empty());
}

#[test]
fn internal_notes_go_without_confirmation() {
    let mut app = pqr_open(Lang::En);
    update(&mut app, ch('n'));
    type_text(&mut app, "checked");
    let effects = update(&mut app, ctrl('s'));
    assert!(
        matches!(effects.as_slice(), [Effect::Pqr(PqrEffect::SendMessage(d))] if d.visibility == Visibility::Internal && d.body == "checked")
    );
}

#[test]
fn double_colon_offers_canned_responses() {
    let mut app = pqr_open(Lang::Es);
    update(&mut app, ch('R'));
    type_text(&mut app, "Buen día. ::");
    let Some(Modal::Editor(e)) = &app.modal else {
        panic!()
    };
    assert_eq!(e.canned, Some(0));
    update(&mut app, ch('j'));
    let effects = update(&mut app, key(KeyCode::Enter));
    let [Effect::SaveDraft(d)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert!(
        d.body
            .starts_with("Buen día. Recuerde cumplir las siguientes condiciones"),
        "{}",
        d.body
    );
    assert!(!d.body.contains("::"));
}

#[test]
fn a_412_reloads_shows_what_changed_and_offers_the_change_again() {
    let mut app = pqr_open(Lang::Es);
    update(&mut app, ch('s'));
    let Some(Modal::StatusPicker(StatusPicker { options, .. })) = &app.modal else {
        panic!()
    };
    let resolved_at = options
        .iter()
        .position(|s| *s == PqrStatus::Resuelta)
        .unwrap();
    for _ in 0..resolved_at {
        update(&mut app, ch('j'));
    }
    assert!(
        update(&mut app, key(KeyCode::Enter)).is_empty(),
        "resolving asks first"
    );
    let effects = update(&mut app, key(KeyCode::Enter));
    let [Effect::Pqr(PqrEffect::PatchPqr { id: 7, etag, patch })] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (etag.as_str(), patch.status),
        ("\"v1\"", Some(PqrStatus::Resuelta))
    );
    let refused = PortalError::Api {
        status: 412,
        code: helpdesk::api::ErrorCode::PreconditionFailed,
        message: "stale".into(),
        request_id: "r".into(),
        field: None,
    };
    let effects = update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Patched {
            id: 7,
            patch: patch.clone(),
            result: Err(refused),
        })),
    );
    assert_eq!(effects, vec![Effect::Pqr(PqrEffect::LoadPqr { id: 7 })]);
    // Meanwhile someone put it on hold and assigned it.
    let mut theirs = pqr_detail(7, PqrStatus::EnEsperaUsuario);
    theirs.summary.assignee = Some(helpdesk::api::PqrAssignee {
        id: 2,
        name: "Sofía Supervisora".into(),
    });
    theirs.allowed_transitions = vec![PqrStatus::EnTramite, PqrStatus::Resuelta];
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqr {
            id: 7,
            result: Ok((theirs, "\"v2\"".into())),
        })),
    );
    let d = app.pqr.detail.as_ref().unwrap();
    assert_eq!(d.etag, "\"v2\"");
    assert_eq!(d.changed.len(), 2, "{:?}", d.changed);
    assert!(d.changed[0].contains("En espera"));
    // The operator's choice is offered again, on the fresh version.
    let Some(Modal::StatusPicker(StatusPicker {
        options, selected, ..
    })) = &app.modal
    else {
        panic!("{:?}", app.modal)
    };
    assert_eq!(options[*selected], PqrStatus::Resuelta);
    update(&mut app, key(KeyCode::Enter));
    let effects = update(&mut app, key(KeyCode::Enter));
    assert!(
        matches!(effects.as_slice(), [Effect::Pqr(PqrEffect::PatchPqr { etag, .. })] if etag == "\"v2\"")
    );
}

#[test]
fn an_extension_asks_for_the_reason_and_the_new_date() {
    let mut app = pqr_open(Lang::Es);
    update(&mut app, ch('s'));
    update(&mut app, ch('j')); // Prorrogada
    update(&mut app, key(KeyCode::Enter));
    assert!(matches!(app.modal, Some(Modal::Extension(_))));
    type_text(&mut app, "corto");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "2026-04-01");
    assert!(
        update(&mut app, key(KeyCode::Enter)).is_empty(),
        "the reason is too short"
    );
    // The form went back to the reason, the date kept.
    type_text(&mut app, ": falta el certificado del empleador");
    let effects = update(&mut app, key(KeyCode::Enter));
    let [Effect::Pqr(PqrEffect::PatchPqr { patch, .. })] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(patch.status, Some(PqrStatus::Prorrogada));
    assert_eq!(patch.new_due_date, Some(jiff::civil::date(2026, 4, 1)));
    assert!(
        patch
            .extension_reason
            .as_deref()
            .unwrap()
            .contains("certificado")
    );
}

#[test]
fn drafts_found_at_start_are_offered_back() {
    let mut app = app(Lang::Es);
    let draft = |key: &str, id| helpdesk::drafts::Draft {
        key: key.into(),
        pqr_id: id,
        radicado: format!("PQR-2026-{id:06}"),
        visibility: Visibility::Internal,
        body: "a medio escribir".into(),
        saved_at: now(),
        new_pqr: None,
        conversation_id: None,
    };
    app.drafts = vec![draft("k1", 7), draft("k2", 8)];
    app.modal = Some(Modal::Drafts(DraftsOffer { selected: 0 }));
    assert_eq!(
        update(&mut app, ch('d')),
        vec![Effect::RemoveDraft("k1".into())]
    );
    assert_eq!(app.drafts.len(), 1);
    let effects = update(&mut app, key(KeyCode::Enter));
    // The list is loaded with the ticket: once the restored reply is sent and closed, the PQR
    // screen is whole, not «Cargando…» until F3.
    assert!(
        matches!(
            effects.as_slice(),
            [
                Effect::Pqr(PqrEffect::LoadPqrs { cursor: None, .. }),
                Effect::Pqr(PqrEffect::LoadPqr { id: 8 })
            ]
        ),
        "{effects:?}"
    );
    assert!(app.pqr.loading);
    let Some(Modal::Editor(e)) = &app.modal else {
        panic!()
    };
    assert_eq!(
        (e.draft.key.as_str(), e.draft.body.as_str()),
        ("k2", "a medio escribir")
    );
}

#[test]
fn c_files_a_pqr_for_the_user_and_shows_the_radicado() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('c'));
    type_text(&mut app, "No le llega el correo; se reenvió el enlace.");
    let effects = update(&mut app, ctrl('s'));
    let [filed] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let Some(FilePqr {
        idempotency_key,
        new,
    }) = filed.request::<FilePqr>()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(new.user_id, Some(1));
    assert_eq!(new.requester.name, "Carlos Andrés Pérez Gómez");
    assert!(new.body.contains("se reenvió"));
    let created = pqr_detail(501, PqrStatus::Radicada);
    let effects = update(&mut app, answer::<FilePqr>(filed, Ok(created)));
    assert_eq!(
        effects,
        vec![
            Effect::Copy("PQR-2026-000501".into()),
            Effect::RemoveDraft(idempotency_key.clone())
        ],
        "filed: the call notes' draft goes"
    );
    assert!(app.drafts.is_empty());
    assert!(matches!(&app.modal, Some(Modal::Radicado(r)) if r.radicado == "PQR-2026-000501"));
}

#[test]
fn u_jumps_to_the_linked_user() {
    let mut app = pqr_open(Lang::Es);
    assert_eq!(
        update(&mut app, ch('U')),
        vec![Effect::Users(UsersEffect::LoadDetail { user_id: 3 })]
    );
    assert_eq!(app.screen, helpdesk::app::model::Screen::Users);
}

#[test]
fn call_notes_of_a_pqr_not_filed_yet_are_drafted_and_offered_back() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('c'));
    let effects = type_text(&mut app, "Llamó sin poder ingresar");
    let Some(Effect::SaveDraft(draft)) = effects.last() else {
        panic!("{effects:?}")
    };
    let new = draft.new_pqr.as_ref().expect("a new-PQR draft");
    assert_eq!(
        (new.user_id, draft.body.as_str()),
        (1, "Llamó sin poder ingresar")
    );
    let draft_key = draft.key.clone();
    // The connection drops; on the next start the draft is offered and reopens the same form.
    let mut app = with_results(Lang::Es);
    app.drafts = vec![draft.clone()];
    app.modal = Some(Modal::Drafts(DraftsOffer { selected: 0 }));
    update(&mut app, key(KeyCode::Enter));
    let Some(Modal::CreatePqr(form)) = &app.modal else {
        panic!("{:?}", app.modal)
    };
    assert_eq!(
        form.idempotency_key, draft_key,
        "the same key: filed once however often it is retried"
    );
    assert_eq!(
        helpdesk::app::model::text_of(&form.notes),
        "Llamó sin poder ingresar"
    );
    let effects = update(&mut app, ctrl('s'));
    assert!(
        matches!(effects.as_slice(), [e] if e.request::<FilePqr>().is_some_and(|r| r.idempotency_key == draft_key))
    );
    // Esc keeps it; `c` on the same user takes it up again.
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, ch('c'));
    let Some(Modal::CreatePqr(form)) = &app.modal else {
        panic!()
    };
    assert_eq!(form.idempotency_key, draft_key);
}

#[test]
fn the_status_filter_cycles_open_each_status_every_status_and_back() {
    let mut app = app(Lang::Es);
    update(&mut app, key(KeyCode::F(3)));
    let mut seen = Vec::new();
    for _ in 0..8 {
        let (_, q) = list_query(&update(&mut app, ch('e')));
        seen.push((q.status, q.open_only));
    }
    assert_eq!(
        seen[..6].iter().map(|s| s.0).collect::<Vec<_>>(),
        PqrStatus::ALL.map(Some)
    );
    assert_eq!(seen[6], (None, false), "every status, closed ones too");
    assert_eq!(seen[7], (None, true), "back to the open queue");
    let scopes: Vec<_> = (0..4)
        .map(|_| list_query(&update(&mut app, ch('m'))).1.assignee)
        .collect();
    assert_eq!(scopes, [Some("me"), Some("none"), None, Some("me_or_none")]);
}

#[test]
fn resolving_or_closing_asks_before_it_is_sent_and_esc_goes_back_to_the_list() {
    let mut app = pqr_open(Lang::Es);
    update(&mut app, ch('s'));
    update(&mut app, ch('j'));
    update(&mut app, ch('j')); // Resuelta
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert!(matches!(
        app.modal,
        Some(Modal::StatusPicker(StatusPicker {
            confirming: true,
            ..
        }))
    ));
    update(&mut app, key(KeyCode::Esc));
    assert!(
        matches!(
            app.modal,
            Some(Modal::StatusPicker(StatusPicker {
                confirming: false,
                ..
            }))
        ),
        "Esc goes back to the list, not away"
    );
    // A status that can be undone goes at once.
    update(&mut app, ch('k'));
    update(&mut app, ch('k')); // En espera
    let effects = update(&mut app, key(KeyCode::Enter));
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Pqr(PqrEffect::PatchPqr { .. })]
        ),
        "{effects:?}"
    );
}

#[test]
fn a_refused_extension_keeps_what_was_typed_and_says_why_in_the_form() {
    let refused = PortalError::Api {
        status: 422,
        code: helpdesk::api::ErrorCode::ValidationFailed,
        message: "the new due date must be after 2026-03-12 and no later than 2026-03-26".into(),
        request_id: "r".into(),
        field: None,
    };
    let app = extension_refused(Lang::Es, refused);
    let Some(Modal::Extension(f)) = &app.modal else {
        panic!("the form is back: {:?}", app.modal)
    };
    assert_eq!(f.reason.lines()[0], "falta el certificado del empleador");
    assert_eq!(f.new_date.lines()[0], "2026-09-01");
    assert!(f.error.is_some());
}

#[test]
fn a_ticket_is_assigned_to_a_colleague_the_portal_allows() {
    let mut app = pqr_open(Lang::Es);
    let asked = update(&mut app, ch('A'));
    assert!(
        matches!(&asked[..], [e] if e.request::<helpdesk::api::PqrAssignees>().is_some()),
        "{asked:?}"
    );
    let colleagues = vec![
        helpdesk::api::PqrAssignee {
            id: 1,
            name: "Ana Agente".into(),
        },
        helpdesk::api::PqrAssignee {
            id: 2,
            name: "Sofía Supervisora".into(),
        },
    ];
    // The call's reply names the ticket the picker was opened on.
    let page = Page {
        items: colleagues,
        next_cursor: None,
    };
    let reply = answer::<helpdesk::api::PqrAssignees>(&asked[0], Ok(page));
    assert!(
        matches!(&reply, Msg::Portal(Reply::Pqr(PqrReply::Assignees { pqr_id: 7, result: Ok(c) })) if c.len() == 2),
        "{reply:?}"
    );
    update(&mut app, reply);
    update(&mut app, ch('j'));
    let effects = update(&mut app, key(KeyCode::Enter));
    let [Effect::Pqr(PqrEffect::PatchPqr { id: 7, patch, .. })] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(patch.assignee_id, Some(Some(2)));
    assert!(app.modal.is_none());
}

/// A 422 that names one field of the body, as the portal sends it.
fn refused_field(field: &str, rule: helpdesk::api::FieldRule, english: &str) -> PortalError {
    PortalError::Api {
        status: 422,
        code: helpdesk::api::ErrorCode::ValidationFailed,
        message: english.into(),
        request_id: "r".into(),
        field: Some(helpdesk::api::FieldProblem {
            field: field.into(),
            rule,
        }),
    }
}

/// The prórroga form sent with a reason and a date, and the portal's refusal `err`.
fn extension_refused(lang: Lang, err: PortalError) -> helpdesk::app::App {
    let mut app = pqr_open(lang);
    update(&mut app, ch('s'));
    update(&mut app, ch('j')); // Prorrogada
    update(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "falta el certificado del empleador");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "2026-09-01");
    let effects = update(&mut app, key(KeyCode::Enter));
    let [Effect::Pqr(PqrEffect::PatchPqr { patch, .. })] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Patched {
            id: 7,
            patch: patch.clone(),
            result: Err(err),
        })),
    );
    app
}

#[test]
fn a_refusal_naming_a_field_marks_that_field_focuses_it_and_keeps_the_rest() {
    use helpdesk::api::FieldRule;
    let english = "an extension needs a reason";
    // The reason named: the focus goes back to it (the date is where an unnamed refusal lands).
    for (lang, words) in [
        (Lang::Es, "Motivo: Falta este dato."),
        (Lang::En, "Reason: an extension needs a reason"),
    ] {
        let err = refused_field("extension_reason", FieldRule::Required, english);
        let app = extension_refused(lang, err);
        let Some(Modal::Extension(f)) = &app.modal else {
            panic!("the form is back: {:?}", app.modal)
        };
        assert_eq!(f.reason.lines()[0], "falta el certificado del empleador");
        assert_eq!(f.new_date.lines()[0], "2026-09-01");
        assert!(!f.on_date, "the refused field has the focus");
        assert_eq!(f.refused, Some(0));
        let text = screen_text(&app);
        assert!(text.contains(&format!("✘ {words}")), "{text}");
        assert!(
            text.contains("✘ Motivo") || text.contains("✘ Reason"),
            "{text}"
        );
        if lang == Lang::Es {
            assert!(!text.contains(english), "no English for a Spanish operator");
        }
    }
    // A field this form does not have: the error in words, the date as before, nothing marked.
    let err = refused_field("assignee_id", FieldRule::UnknownValue, "not an operator");
    let app = extension_refused(Lang::Es, err);
    let Some(Modal::Extension(f)) = &app.modal else {
        panic!("{:?}", app.modal)
    };
    assert_eq!((f.on_date, f.refused), (true, None));
}

#[test]
fn a_pqr_whose_subject_the_portal_refuses_goes_back_to_the_subject() {
    use helpdesk::api::FieldRule;
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('c'));
    type_text(&mut app, "No le llega el correo");
    let effects = update(&mut app, ctrl('s'));
    let Some(FilePqr {
        idempotency_key, ..
    }) = effects.first().and_then(|e| e.request::<FilePqr>())
    else {
        panic!("{effects:?}")
    };
    let err = refused_field(
        "subject",
        FieldRule::TooLong,
        "subject must have 1 to 200 characters",
    );
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Created {
            idempotency_key: idempotency_key.clone(),
            result: Err(err),
        })),
    );
    let Some(Modal::CreatePqr(f)) = &app.modal else {
        panic!("{:?}", app.modal)
    };
    assert_eq!((f.field, f.refused, f.pending), (2, Some(2), false));
    assert_eq!(
        helpdesk::app::model::text_of(&f.notes),
        "No le llega el correo",
        "what was typed stays"
    );
    let text = screen_text(&app);
    assert!(
        text.contains("✘ Asunto: Es más largo de lo que el portal acepta."),
        "{text}"
    );
}

/// Pasted text reaches the field of the context that has the keyboard (the paste routing is
/// made from the registry of contexts): the palette's command, then the PQR search's text.
#[test]
fn pasted_text_reaches_the_palette_and_the_pqr_search() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch(':'));
    update(&mut app, Msg::Paste("english".into()));
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.lang, Lang::En, "the pasted command ran");
    update(&mut app, key(KeyCode::F(3)));
    update(&mut app, ch('/'));
    let (_, q) = list_query(&update(&mut app, Msg::Paste("reembolso\n".into())));
    assert_eq!(q.text, "reembolso");
}

// Issue 24: the editor's text is plain data in the model; where the view scrolled it is
// reported back (`Drawn`), so moving the cursor inside the view keeps the view still, and a
// paste from Windows keeps its lines without carriage returns, accents and emoji whole.
#[test]
fn the_editor_keeps_its_view_while_the_cursor_moves_inside_it() {
    let mut app = pqr_open(Lang::Es);
    update(&mut app, ch('n'));
    let text: String = (1..=60)
        .map(|i| format!("línea {i} ñandú 🙂\r\n"))
        .collect();
    update(&mut app, Msg::Paste(text));
    let Some(Modal::Editor(e)) = &app.modal else {
        panic!("{:?}", app.modal);
    };
    assert_eq!(e.text.lines().len(), 61);
    assert_eq!(e.text.lines()[0], "línea 1 ñandú 🙂");
    assert!(!e.draft.body.contains('\r'));
    let draw = |app: &mut helpdesk::app::App| {
        let (drawn, _) = draw_as_runner(app, (80, 24));
        drawn.editor.expect("the editor was drawn")
    };
    let ((top, _), rows) = draw(&mut app);
    assert!(top > 0, "the end of the text is in view");
    for _ in 0..3 {
        update(&mut app, key(KeyCode::Up));
    }
    let ((same, _), _) = draw(&mut app);
    assert_eq!(
        same, top,
        "the cursor moved inside the view: the view stays"
    );
    update(&mut app, key(KeyCode::PageUp));
    let Some(Modal::Editor(e)) = &app.modal else {
        panic!("{:?}", app.modal);
    };
    assert_eq!(
        e.text.cursor().0,
        60 - 3 - usize::from(rows),
        "a page is the rows drawn"
    );
}

// Issue 24: the open ticket scrolls no further than the rows the view drew below its pane
// (the update guessed ten rows, four a message and one a body line: End left a blank pane).
#[test]
fn the_ticket_scrolls_to_its_last_line_and_no_further() {
    let mut app = pqr_open(Lang::Es);
    let mut detail = pqr_detail(7, PqrStatus::EnTramite);
    detail.body = (1..=30)
        .map(|i| format!("renglón {i} del relato\n"))
        .collect();
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqr {
            id: 7,
            result: Ok((detail, "\"v2\"".into())),
        })),
    );
    let (drawn, _) = draw_as_runner(&mut app, (80, 24));
    assert!(drawn.pqr_detail_below > 0, "{drawn:?}");
    update(&mut app, key(KeyCode::End));
    let scroll = app.pqr.detail.as_ref().unwrap().scroll;
    assert_eq!(scroll, drawn.pqr_detail_below);
    let (_, screen) = draw_as_runner(&mut app, (80, 24));
    assert!(
        screen.contains("Le enviamos de nuevo el enlace"),
        "the last message is in view at the end"
    );
    update(&mut app, key(KeyCode::Down));
    assert_eq!(
        app.pqr.detail.as_ref().unwrap().scroll,
        scroll,
        "no further"
    );
}
