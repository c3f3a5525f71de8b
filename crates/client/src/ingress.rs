//! The one place where portal text enters the console: every string of every answer goes through
//! the sanitiser here, so no view, log line or clipboard ever holds a raw control character.

use contract::api::{
    ConversationDetail, ConversationMessage, ConversationSummary, ConversationTemplate,
    RadicatedConversation,
};
use contract::api::{
    Event, Operator, Page, PqrAssignee, PqrDetail, PqrMessage, PqrReportRow, PqrStats, PqrSummary,
    UserDetail, UserSummary,
};
use contract::domain::sanitize::{sanitize, sanitize_line};

pub trait Sanitized {
    fn sanitized(self) -> Self;
}

fn line(s: &mut String) {
    if let std::borrow::Cow::Owned(clean) = sanitize_line(s) {
        *s = clean;
    }
}

fn line_opt(s: &mut Option<String>) {
    if let Some(s) = s {
        line(s);
    }
}

impl Sanitized for Operator {
    fn sanitized(mut self) -> Self {
        line(&mut self.name);
        self
    }
}

impl Sanitized for UserSummary {
    fn sanitized(mut self) -> Self {
        line(&mut self.full_name);
        line(&mut self.document_masked);
        line(&mut self.email_masked);
        line(&mut self.phone_masked);
        self
    }
}

impl Sanitized for UserDetail {
    fn sanitized(mut self) -> Self {
        self.summary = self.summary.sanitized();
        if let Some(mail) = &mut self.last_reset_mail {
            line_opt(&mut mail.status_code);
        }
        self
    }
}

impl Sanitized for Event {
    fn sanitized(mut self) -> Self {
        line_opt(&mut self.actor.name);
        line_opt(&mut self.data.not_special_used);
        line_opt(&mut self.data.email_masked);
        line_opt(&mut self.data.radicado);
        line_opt(&mut self.data.status);
        if let Some(mail) = &mut self.data.mail {
            line_opt(&mut mail.queue_id);
            line_opt(&mut mail.status_code);
        }
        if let Some(note) = &mut self.data.note
            && let std::borrow::Cow::Owned(clean) = sanitize(note)
        {
            *note = clean;
        }
        self
    }
}

fn text(s: &mut String) {
    if let std::borrow::Cow::Owned(clean) = sanitize(s) {
        *s = clean;
    }
}

impl Sanitized for PqrSummary {
    fn sanitized(mut self) -> Self {
        line(&mut self.radicado);
        line(&mut self.subject);
        line(&mut self.requester.name);
        line_opt(&mut self.requester.email);
        line_opt(&mut self.requester.phone);
        if let Some(a) = &mut self.assignee {
            line(&mut a.name);
        }
        self
    }
}

impl Sanitized for PqrAssignee {
    fn sanitized(mut self) -> Self {
        line(&mut self.name);
        self
    }
}

impl Sanitized for PqrMessage {
    fn sanitized(mut self) -> Self {
        text(&mut self.body);
        line(&mut self.author);
        self
    }
}

impl Sanitized for PqrDetail {
    fn sanitized(mut self) -> Self {
        self.summary = self.summary.sanitized();
        text(&mut self.body);
        line_opt(&mut self.extension_reason);
        self.messages = self.messages.sanitized();
        self
    }
}

impl<T: Sanitized> Sanitized for Page<T> {
    fn sanitized(mut self) -> Self {
        self.items = self.items.into_iter().map(Sanitized::sanitized).collect();
        self
    }
}

impl<T: Sanitized> Sanitized for Vec<T> {
    fn sanitized(self) -> Self {
        self.into_iter().map(Sanitized::sanitized).collect()
    }
}

impl Sanitized for PqrStats {
    fn sanitized(mut self) -> Self {
        for row in &mut self.by_assignee {
            if let Some(a) = &mut row.assignee {
                line(&mut a.name);
            }
        }
        self
    }
}

impl Sanitized for PqrReportRow {
    fn sanitized(mut self) -> Self {
        line(&mut self.radicado);
        if let Some(a) = &mut self.assignee {
            line(&mut a.name);
        }
        self
    }
}

impl Sanitized for ConversationSummary {
    fn sanitized(mut self) -> Self {
        line(&mut self.requester_name);
        line_opt(&mut self.phone);
        line_opt(&mut self.email);
        line_opt(&mut self.radicado);
        self
    }
}

/// The requester's words, a caption, a file's type: all theirs, all cleaned.
impl Sanitized for ConversationMessage {
    fn sanitized(mut self) -> Self {
        text(&mut self.body);
        line_opt(&mut self.media_type);
        line(&mut self.author);
        self
    }
}

impl Sanitized for ConversationDetail {
    fn sanitized(mut self) -> Self {
        self.summary = self.summary.sanitized();
        self.messages = self.messages.sanitized();
        self
    }
}

impl Sanitized for ConversationTemplate {
    fn sanitized(mut self) -> Self {
        line(&mut self.name);
        line(&mut self.language);
        text(&mut self.body);
        self
    }
}

impl Sanitized for RadicatedConversation {
    fn sanitized(mut self) -> Self {
        line(&mut self.radicado);
        self
    }
}
