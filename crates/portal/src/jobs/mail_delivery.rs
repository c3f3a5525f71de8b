//! The delivery worker (issue 25): relays the outbox's committed rows to the site's relay.
//!
//! One task per portal. It takes due rows (queued, or deferred whose time came) oldest first,
//! reads each message's `.eml` file and hands it to the relay with the envelope sender of its
//! row (`rebote+TAG@mail-domain`) through one lettre transport built once (pooled connections,
//! reused). Each answer becomes the row's new state and a timeline event in ONE write
//! transaction, published on the bus after the commit:
//!
//! - 250: `relayed` (the relay's queue id when its answer names one); never sent again.
//! - 4xx, no connection, TLS or AUTH trouble: `deferred`, retried after an exponential backoff
//!   with jitter ([`RetryPolicy`]) until the horizon.
//! - 5xx (but AUTH's), or a temporary failure past the horizon: `failed`.
//!
//! Dropped at any await, the state stays consistent: a row changes only in the transaction that
//! records an answer. A message whose 250 was lost (the process died between the relay's answer
//! and the commit) is still queued and is sent again, with the same Message-ID.
//!
//! The rows are taken through the writer: `Mailer::send` wakes the worker inside the sending
//! transaction, and the writer's turn (a fair queue) comes to the worker only after that
//! transaction committed, so a woken worker always sees the message that woke it.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use lettre::address::{Address, Envelope};
use lettre::transport::smtp::response::Response;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use rand::RngExt;
use rusqlite::Connection;
use tokio::sync::watch;

use crate::AppState;
use crate::db::ms;
use crate::events::{NewEvent, insert, system_actor};
use crate::mail::SmtpSettings;
use crate::storage::mail_outbox::{self, Due};
use contract::api::{Event, EventData, EventKind, MailNote, MailState};
use contract::domain::masking::mask_email;
use contract::domain::sanitize::untrusted;

/// When a message that the relay could not take is tried again: after `first`, doubling at each
/// failure up to `max`, each delay drawn between 0.8 and 1.2 times its value (jitter, so messages
/// deferred together do not come back together); after `horizon` from its queueing, it fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub first: Duration,
    pub max: Duration,
    pub horizon: Duration,
}

impl Default for RetryPolicy {
    /// 30 s, 1 min, 2 min, 4 min… up to 1 h between tries, for 24 h.
    fn default() -> Self {
        Self {
            first: Duration::from_secs(30),
            max: Duration::from_secs(3600),
            horizon: Duration::from_secs(24 * 3600),
        }
    }
}

impl RetryPolicy {
    /// The wait after the `failures`-th failed attempt (1 for the first), jitter applied.
    pub fn delay(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(30);
        let base = self.first.saturating_mul(1u32 << doublings).min(self.max);
        base.mul_f64(rand::rng().random_range(0.8..=1.2))
    }
}

/// Rows taken at once; the next batch is taken when this one is done.
const BATCH: usize = 64;
/// The longest the worker sleeps without looking at the queue (and refreshing its gauges).
const IDLE_POLL: Duration = Duration::from_secs(5);
/// The longest relay answer kept (row, event log).
const ANSWER_MAX: usize = 300;

/// The running worker: stop it with [`WorkerHandle::stop`]; dropped, it is aborted.
pub(crate) struct WorkerHandle {
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl WorkerHandle {
    /// Lets the messages in flight get their answer (at most `grace`), then ends the worker.
    pub(crate) async fn stop(mut self, grace: Duration) {
        let _ = self.stop.send(true);
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(grace, &mut task).await.is_err()
        {
            tracing::warn!("mail delivery still busy after the grace period: stopping it");
            task.abort();
        }
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Starts the worker for `state`'s outbox.
pub(crate) fn spawn(
    state: AppState,
    settings: &SmtpSettings,
    retry: RetryPolicy,
) -> anyhow::Result<WorkerHandle> {
    let transport = settings.transport(state.mailer.mail_domain())?;
    let (stop, stopped) = watch::channel(false);
    let worker = Arc::new(Worker {
        state,
        transport,
        retry,
        concurrency: settings.concurrency.max(1) as usize,
        stopped,
        unrecorded: std::sync::Mutex::new(Vec::new()),
    });
    tracing::info!(relay = %settings.url, concurrency = worker.concurrency, "mail delivery started");
    // The flag goes down with the task, however it ends (its future, and the guard in it,
    // is dropped): readiness then says the queue does not drain.
    let alive = Alive::up(worker.state.mailer.clone());
    let task = tokio::spawn(async move {
        let _alive = alive;
        worker.run().await;
    });
    Ok(WorkerHandle {
        stop,
        task: Some(task),
    })
}

/// The mailer's «delivery worker running» flag, raised while this lives.
struct Alive(Arc<crate::mail::Mailer>);

impl Alive {
    fn up(mailer: Arc<crate::mail::Mailer>) -> Self {
        mailer.set_delivering(true);
        Self(mailer)
    }
}

impl Drop for Alive {
    fn drop(&mut self) {
        self.0.set_delivering(false);
    }
}

struct Worker {
    state: AppState,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    retry: RetryPolicy,
    concurrency: usize,
    stopped: watch::Receiver<bool>,
    /// Answers that could not be recorded (the database failed): recorded before anything else
    /// is sent, so a message the relay took is not sent again because its 250 was not written.
    unrecorded: std::sync::Mutex<Vec<Arc<Answer>>>,
}

/// A relay's answer to record.
struct Answer {
    due: Due,
    verdict: Verdict,
    at: jiff::Timestamp,
    next: Option<i64>,
}

/// What the worker learnt about the queue when it took rows.
struct Picked {
    due: Vec<Due>,
    depth: i64,
    oldest_created: Option<i64>,
    next_due: Option<i64>,
}

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Relayed {
        answer: String,
        queue_id: Option<String>,
        status: Option<String>,
    },
    Deferred {
        answer: String,
        status: Option<String>,
    },
    Failed {
        answer: String,
        status: Option<String>,
    },
}

impl Worker {
    async fn run(self: Arc<Self>) {
        let mut stopped = self.stopped.clone();
        while !*stopped.borrow() {
            let pending = std::mem::take(&mut *self.unrecorded_answers());
            for answer in pending {
                self.save(answer).await;
            }
            if !self.unrecorded_answers().is_empty() {
                tokio::select! {
                    _ = tokio::time::sleep(IDLE_POLL) => {}
                    _ = stopped.changed() => {}
                }
                continue;
            }
            let now = self.state.clock.now();
            let picked = match self.pick(now).await {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = format!("{e:#}"), "cannot read the mail queue");
                    tokio::select! {
                        _ = tokio::time::sleep(IDLE_POLL) => {}
                        _ = stopped.changed() => {}
                    }
                    continue;
                }
            };
            let now_ms = ms(now);
            let oldest_age = picked
                .oldest_created
                .map_or(0.0, |t| (now_ms - t).max(0) as f64 / 1000.0);
            self.state.metrics.mail_queue(picked.depth, oldest_age);
            if picked.due.is_empty() {
                let wait = picked.next_due.map_or(IDLE_POLL, |t| {
                    Duration::from_millis((t - now_ms).clamp(1, i64::MAX) as u64).min(IDLE_POLL)
                });
                tokio::select! {
                    _ = self.state.mailer.queued() => {}
                    _ = tokio::time::sleep(wait) => {}
                    _ = stopped.changed() => {}
                }
                continue;
            }
            futures::stream::iter(picked.due)
                .map(|due| self.clone().attempt(due))
                .buffer_unordered(self.concurrency)
                .for_each(|()| async {})
                .await;
        }
        // Polite QUITs on the pooled connections.
        self.transport.shutdown().await;
        tracing::info!("mail delivery stopped");
    }

    /// The due rows, oldest first, and the queue's figures. Through the writer: see the module.
    async fn pick(&self, now: jiff::Timestamp) -> anyhow::Result<Picked> {
        let now_ms = ms(now);
        self.state
            .db
            .write(move |tx| {
                let waiting = mail_outbox::waiting(tx)?;
                let due = mail_outbox::due(tx, now_ms, BATCH as i64)?;
                Ok(Picked {
                    due,
                    depth: waiting.count,
                    oldest_created: waiting.oldest_created,
                    next_due: waiting.next_due,
                })
            })
            .await
    }

    /// One message to the relay, and its answer recorded.
    async fn attempt(self: Arc<Self>, due: Due) {
        if *self.stopped.borrow() {
            return;
        }
        let horizon_ms = due.created_at + self.retry.horizon.as_millis() as i64;
        // A message older than the horizon (a portal that ran without a relay, or was down for
        // days) is not sent late: a reset link or a notice that old misleads more than it helps.
        let verdict = if ms(self.state.clock.now()) >= horizon_ms {
            Verdict::Failed {
                answer: format!(
                    "not sent: queued more than {} s ago (the retry horizon)",
                    self.retry.horizon.as_secs()
                ),
                status: None,
            }
        } else {
            self.hand_over(&due).await
        };
        let now = self.state.clock.now();
        let verdict = past_horizon(verdict, &due, now, self.retry.horizon);
        let next = match &verdict {
            Verdict::Deferred { .. } => {
                let delay = self.retry.delay(due.attempts + 1);
                Some(
                    (ms(now) + delay.as_millis() as i64)
                        .min(horizon_ms)
                        .max(ms(now)),
                )
            }
            _ => None,
        };
        log_attempt(&due, &verdict, next);
        self.state.metrics.mail_attempt(match &verdict {
            Verdict::Relayed { .. } => "relayed",
            Verdict::Deferred { .. } => "deferred",
            Verdict::Failed { .. } => "failed",
        });
        if matches!(verdict, Verdict::Relayed { .. }) {
            let waited = (ms(now) - due.created_at).max(0) as f64 / 1000.0;
            self.state.metrics.mail_relayed_after(waited);
        }
        self.save(Arc::new(Answer {
            due,
            verdict,
            at: now,
            next,
        }))
        .await;
    }

    fn unrecorded_answers(&self) -> std::sync::MutexGuard<'_, Vec<Arc<Answer>>> {
        self.unrecorded.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records an answer and publishes its event; kept for later if the database fails.
    async fn save(&self, answer: Arc<Answer>) {
        let a = answer.clone();
        let recorded = self
            .state
            .db
            .write(move |tx| record(tx, &a.due, &a.verdict, a.at, a.next))
            .await;
        match recorded {
            Ok(Some(event)) => self.state.bus.publish([event]),
            Ok(None) => {}
            Err(e) => {
                tracing::error!(
                    mail_id = answer.due.id,
                    error = format!("{e:#}"),
                    "cannot record a mail delivery attempt: kept, and nothing more is sent until it is recorded"
                );
                self.unrecorded_answers().push(answer);
            }
        }
    }

    /// Hands `due` to the relay and sorts its answer.
    async fn hand_over(&self, due: &Due) -> Verdict {
        let local = |answer: String| Verdict::Failed {
            answer,
            status: None,
        };
        let path = self.state.mailer.outbox().join(&due.eml_file);
        let bytes = match tokio::task::spawn_blocking(move || std::fs::read(path)).await {
            Ok(Ok(b)) => b,
            Ok(Err(e)) => {
                return local(format!(
                    "the message's file is unreadable in the outbox: {e}"
                ));
            }
            Err(e) => return local(format!("cannot read the message's file: {e}")),
        };
        let Some(from) = due.return_path.as_deref() else {
            return local("the message has no return path".into());
        };
        let envelope = match (from.parse::<Address>(), due.recipient.parse::<Address>()) {
            (Ok(from), Ok(to)) => match Envelope::new(Some(from), vec![to]) {
                Ok(e) => e,
                Err(e) => return local(format!("no envelope: {e}")),
            },
            _ => return local("the return path or the recipient is not an address".into()),
        };
        classify(self.transport.send_raw(&envelope, &bytes).await)
    }
}

/// The relay's answer (or the failure to get one) as a verdict.
fn classify(result: Result<Response, lettre::transport::smtp::Error>) -> Verdict {
    match result {
        Ok(response) => {
            let code = u16::from(response.code());
            let text: Vec<&str> = response.message().collect();
            let answer = clean_answer(&format!("{code} {}", text.join(" ")));
            if response.is_positive() {
                Verdict::Relayed {
                    queue_id: queue_id(&text.join(" ")),
                    status: Some(status_of(code, &text)),
                    answer,
                }
            } else {
                Verdict::Deferred {
                    answer,
                    status: Some(code.to_string()),
                }
            }
        }
        Err(e) => {
            let answer = clean_answer(&format!("{e}"));
            let code = e.status().map(u16::from);
            let status = code.map(|c| {
                let detail = e.source_text();
                status_of(c, &[detail.as_str()])
            });
            // A refused AUTH (530, 534, 535, 538) is the site's configuration, not the
            // message's fault: the message waits for the credentials to be fixed.
            let auth = matches!(code, Some(530 | 534 | 535 | 538));
            if e.is_permanent() && !auth {
                Verdict::Failed { answer, status }
            } else {
                Verdict::Deferred { answer, status }
            }
        }
    }
}

trait SourceText {
    fn source_text(&self) -> String;
}

impl SourceText for lettre::transport::smtp::Error {
    /// The relay's own words of a refusal (lettre keeps them as the error's source).
    fn source_text(&self) -> String {
        std::error::Error::source(self)
            .map(|s| s.to_string())
            .unwrap_or_default()
    }
}

/// The enhanced status (`5.1.1`) when the answer starts with one, else the reply code.
fn status_of(code: u16, text: &[&str]) -> String {
    let first = text
        .first()
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("");
    let parts: Vec<&str> = first.split('.').collect();
    let enhanced = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    if enhanced {
        first.to_string()
    } else {
        code.to_string()
    }
}

/// The relay's queue id from its 250 answer: Postfix's `queued as ID`, Exim's `id=ID`,
/// sendmail's `ID Message accepted`.
fn queue_id(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let found = words
        .windows(3)
        .find(|w| w[0].eq_ignore_ascii_case("queued") && w[1].eq_ignore_ascii_case("as"))
        .map(|w| w[2])
        .or_else(|| {
            words
                .iter()
                .find_map(|w| w.strip_prefix("id=").or_else(|| w.strip_prefix("ID=")))
        })
        .or_else(|| {
            words
                .windows(2)
                .find(|w| w[1].eq_ignore_ascii_case("message") && text.contains("accepted"))
                .map(|w| w[0])
        })?;
    let id: String = found
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(64)
        .collect();
    (!id.is_empty()).then_some(id)
}

/// One clean line of at most [`ANSWER_MAX`] characters, every address in it masked (a relay
/// often quotes the recipient: `550 5.1.1 <jose@…>: unknown`).
fn clean_answer(text: &str) -> String {
    let masked: Vec<String> = text
        .split(' ')
        .map(|w| {
            if w.contains('@') {
                let core = w.trim_matches(|c: char| {
                    matches!(c, '<' | '>' | ':' | ',' | ';' | '"' | '\'' | '(' | ')')
                });
                w.replace(core, &mask_email(core))
            } else {
                w.to_string()
            }
        })
        .collect();
    untrusted(&masked.join(" "), ANSWER_MAX)
}

/// A temporary failure past the horizon is final.
fn past_horizon(verdict: Verdict, due: &Due, now: jiff::Timestamp, horizon: Duration) -> Verdict {
    match verdict {
        Verdict::Deferred { answer, status }
            if ms(now) >= due.created_at.saturating_add(horizon.as_millis() as i64) =>
        {
            Verdict::Failed {
                answer: format!(
                    "retried for {} s without success; last: {answer}",
                    horizon.as_secs()
                ),
                status,
            }
        }
        other => other,
    }
}

fn log_attempt(due: &Due, verdict: &Verdict, next: Option<i64>) {
    let to = mask_email(&due.recipient);
    let attempt = due.attempts + 1;
    // One line an attempt, the same fields whatever its outcome (a relayed one at info).
    macro_rules! line {
        ($level:ident, $state:literal, $answer:expr, $($extra:tt)*) => {
            tracing::$level!(
                mail_id = due.id,
                message_id = %due.message_id,
                purpose = due.purpose.as_str(),
                to = %to,
                attempt,
                state = $state,
                answer = %$answer,
                $($extra)*
            )
        };
    }
    match verdict {
        Verdict::Relayed {
            answer, queue_id, ..
        } => line!(
            info,
            "relayed",
            answer,
            queue_id = queue_id.as_deref().unwrap_or(""),
            "mail relayed"
        ),
        Verdict::Deferred { answer, status } => line!(
            warn,
            "deferred",
            answer,
            status = status.as_deref().unwrap_or(""),
            next_attempt = %crate::db::ts(next.unwrap_or_default()),
            "mail deferred"
        ),
        Verdict::Failed { answer, status } => line!(
            warn,
            "failed",
            answer,
            status = status.as_deref().unwrap_or(""),
            "mail failed"
        ),
    }
}

/// The row's new state and its event, in the caller's transaction. `None` when the row is no
/// longer queued or deferred (nothing to record).
fn record(
    tx: &Connection,
    due: &Due,
    verdict: &Verdict,
    now: jiff::Timestamp,
    next: Option<i64>,
) -> anyhow::Result<Option<Event>> {
    let now_ms = ms(now);
    let attempt = due.attempts + 1;
    let (state, kind, answer, queue_id, status) = match verdict {
        Verdict::Relayed {
            answer,
            queue_id,
            status,
        } => (
            MailState::Relayed,
            EventKind::MailRelayed,
            answer,
            queue_id.clone(),
            status,
        ),
        Verdict::Deferred { answer, status } => (
            MailState::Deferred,
            EventKind::MailDeferred,
            answer,
            None,
            status,
        ),
        Verdict::Failed { answer, status } => (
            MailState::Failed,
            EventKind::MailFailed,
            answer,
            None,
            status,
        ),
    };
    let changed = mail_outbox::record_attempt(
        tx,
        &mail_outbox::Attempt {
            id: due.id,
            state: state.as_str(),
            attempts: attempt,
            now_ms,
            answer,
            queue_id: queue_id.as_deref(),
            status: status.as_deref(),
            next_attempt_at: next,
        },
    )?;
    if changed == 0 {
        return Ok(None);
    }
    let data = EventData {
        email_masked: Some(mask_email(&due.recipient)),
        until: next.map(crate::db::ts),
        mail: Some(MailNote {
            id: due.id,
            purpose: due.purpose,
            state,
            queue_id,
            status_code: status.clone(),
            attempt: Some(attempt),
        }),
        ..Default::default()
    };
    let event = insert(
        tx,
        NewEvent {
            at: now,
            kind,
            user_id: due.user_id,
            pqr_id: due.pqr_id,
            actor: system_actor(),
            data,
        },
    )?;
    Ok(Some(event))
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::api::MailPurpose;
    use lettre::transport::smtp::response::{Category, Code, Detail, Severity};

    fn ok(text: &str) -> Result<Response, lettre::transport::smtp::Error> {
        Ok(Response::new(
            Code::new(
                Severity::PositiveCompletion,
                Category::MailSystem,
                Detail::Zero,
            ),
            vec![text.to_string()],
        ))
    }

    #[test]
    fn a_250_is_relayed_with_the_queue_id_of_the_usual_relays() {
        let Verdict::Relayed {
            queue_id, status, ..
        } = classify(ok("2.0.0 Ok: queued as 4BQ7Xr2Q2Lz9rJ"))
        else {
            panic!("relayed")
        };
        assert_eq!(queue_id.as_deref(), Some("4BQ7Xr2Q2Lz9rJ"));
        assert_eq!(status.as_deref(), Some("2.0.0"));
        assert_eq!(
            queue_id_of("OK id=1tXyZa-000Abc-7Q"),
            Some("1tXyZa-000Abc-7Q".into())
        );
        assert_eq!(
            queue_id_of("2.0.0 x9ABCDEF012345 Message accepted for delivery"),
            Some("x9ABCDEF012345".into())
        );
        assert_eq!(queue_id_of("OK"), None);
    }

    fn queue_id_of(text: &str) -> Option<String> {
        queue_id(text)
    }

    #[test]
    fn an_answer_is_one_clean_line_without_the_recipient_in_clear() {
        let a =
            clean_answer("550 5.1.1 <jose.nunez@gmail.com>: Recipient\r\naddress rejected\x1b[31m");
        assert!(!a.contains("jose.nunez@"), "{a}");
        assert!(a.contains("j****z@gmail.com"), "{a}");
        assert!(!a.contains('\n') && !a.contains('\x1b'), "{a}");
    }

    #[test]
    fn the_backoff_doubles_within_its_jitter_and_stops_at_its_cap() {
        let p = RetryPolicy::default();
        for (failures, base) in [(1, 30.0), (2, 60.0), (3, 120.0), (8, 3600.0), (40, 3600.0)] {
            let d = p.delay(failures).as_secs_f64();
            assert!(
                d >= base * 0.8 - 1e-6 && d <= base * 1.2 + 1e-6,
                "{failures}: {d}"
            );
        }
    }

    #[tokio::test]
    async fn the_running_flag_falls_with_the_worker_task_however_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = Arc::new(
            crate::mail::Mailer::new(
                dir.path().join("outbox"),
                Some("smtp://127.0.0.1:25?tls=none".into()),
                "localhost".into(),
            )
            .unwrap(),
        );
        assert!(!mailer.delivering());
        // Aborted (a portal stopping past its grace period).
        let alive = Alive::up(mailer.clone());
        assert!(mailer.delivering());
        let task = tokio::spawn(async move {
            let _alive = alive;
            std::future::pending::<()>().await
        });
        task.abort();
        assert!(task.await.unwrap_err().is_cancelled());
        assert!(!mailer.delivering());
        // Panicked (tokio catches it; readiness must not keep saying it runs).
        let alive = Alive::up(mailer.clone());
        let task = tokio::spawn(async move {
            let _alive = alive;
            panic!("the worker failed")
        });
        assert!(task.await.unwrap_err().is_panic());
        assert!(!mailer.delivering());
    }

    #[test]
    fn a_temporary_failure_past_the_horizon_is_final() {
        let due = Due {
            id: 1,
            message_id: "m@x".into(),
            purpose: MailPurpose::ResetLink,
            recipient: "a@b.co".into(),
            user_id: None,
            pqr_id: None,
            attempts: 3,
            created_at: 0,
            return_path: None,
            eml_file: "x.eml".into(),
        };
        let deferred = Verdict::Deferred {
            answer: "421 busy".into(),
            status: Some("421".into()),
        };
        let day = Duration::from_secs(86_400);
        let before = jiff::Timestamp::from_millisecond(86_399_999).unwrap();
        let after = jiff::Timestamp::from_millisecond(86_400_000).unwrap();
        assert_eq!(past_horizon(deferred.clone(), &due, before, day), deferred);
        assert!(matches!(
            past_horizon(deferred, &due, after, day),
            Verdict::Failed { status: Some(s), .. } if s == "421"
        ));
    }
}
