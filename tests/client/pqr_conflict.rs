//! Two operators change the same PQR: the second gets 412, the console reloads the ticket, says
//! what changed, and the operator's change goes through on the fresh version.

use crate::support;

use helpdesk::api;
use helpdesk::api::{PqrPatch, PqrStatus};
use helpdesk::app::{App, Effect, Msg, PqrEffect, PqrReply, Reply, update};
use helpdesk::client::{ClientConfig, PortalClient, PortalError, PqrQuery};
use helpdesk::i18n::Lang;
use helpdesk::ui::theme::ThemeName;
use support::{TestPortal, contract_proxy, start_time};

#[tokio::test]
async fn the_second_writer_gets_412_then_succeeds_on_the_reloaded_ticket() {
    let portal = TestPortal::start_with(|db| {
        helpdesk::portal::seed::seed_demo_if_empty(db, 20, start_time()).expect("users");
        let legal = helpdesk::portal::pqr::legal::Legal::colombia().expect("legal");
        helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 30, start_time()).expect("pqrs");
    })
    .await;
    // Every answer checked against the contract on the way.
    let url = &contract_proxy(&portal.running.base_url).await;
    let ana = PortalClient::new(url, &portal.agent_token, ClientConfig::default()).unwrap();
    let sofia = PortalClient::new(url, &portal.supervisor_token, ClientConfig::default()).unwrap();

    let query = PqrQuery {
        status: Some(PqrStatus::Radicada),
        limit: 5,
        ..Default::default()
    };
    let id = ana.list_pqrs(&query, None).await.unwrap().items[0].id;
    let (_, ana_etag) = ana.pqr(id).await.unwrap();
    let (sofia_view, sofia_etag) = sofia.pqr(id).await.unwrap();
    assert_eq!(ana_etag, sofia_etag);

    // Ana moves it first.
    let to_progress = PqrPatch {
        status: Some(PqrStatus::EnTramite),
        ..Default::default()
    };
    ana.patch_pqr(id, &ana_etag, &to_progress)
        .await
        .expect("first writer wins");

    // Sofía, in her console, chooses «Resuelta» on the version she read.
    let mut app = App::new(Lang::Es, ThemeName::Mono, "portal", "s", start_time());
    app.operator = Some(sofia.call(&api::Me).await.unwrap());
    app.pqr.detail = Some(helpdesk::app::model::PqrDetailState {
        pqr: sofia_view,
        etag: sofia_etag.clone(),
        scroll: 0,
        changed: vec![],
    });
    let resolve = PqrPatch {
        status: Some(PqrStatus::Resuelta),
        ..Default::default()
    };
    let refused = sofia
        .patch_pqr(id, &sofia_etag, &resolve)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, PortalError::Api { status: 412, .. }),
        "{refused:?}"
    );

    let effects = update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Patched {
            id,
            patch: resolve.clone(),
            result: Err(refused),
        })),
    );
    assert_eq!(effects, vec![Effect::Pqr(PqrEffect::LoadPqr { id })]);
    let reloaded = sofia.pqr(id).await;
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqr {
            id,
            result: reloaded,
        })),
    );
    let detail = app.pqr.detail.as_ref().unwrap();
    assert_eq!(detail.pqr.summary.status, PqrStatus::EnTramite);
    assert!(
        detail.changed.iter().any(|c| c.contains("En trámite")),
        "{:?}",
        detail.changed
    );

    // Her choice is offered again; resolving asks once more, and confirming it sends the
    // fresh ETag, which the portal accepts.
    let enter = || {
        helpdesk::app::Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Enter,
            crossterm::event::KeyModifiers::NONE,
        ))
    };
    assert!(update(&mut app, enter()).is_empty(), "resolving asks first");
    let effects = update(&mut app, enter());
    let [Effect::Pqr(PqrEffect::PatchPqr { etag, patch, .. })] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(patch.status, Some(PqrStatus::Resuelta));
    let (after, _) = sofia
        .patch_pqr(id, etag, patch)
        .await
        .expect("accepted on the fresh version");
    assert_eq!(after.summary.status, PqrStatus::Resuelta);
}
