//! The WhatsApp Cloud API's webhook body, as Meta documents it: an object of entries, each with
//! changes, each change's value with messages (from requesters) and statuses (of ours). Only the
//! fields the desk uses are read; anything else is ignored, never refused.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(crate) struct Notification {
    pub object: String,
    #[serde(default)]
    pub entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Entry {
    #[serde(default)]
    pub changes: Vec<Change>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Change {
    #[serde(default)]
    pub field: String,
    pub value: Value,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Value {
    pub metadata: Option<Metadata>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub statuses: Vec<Status>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Metadata {
    pub phone_number_id: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Contact {
    pub wa_id: String,
    pub profile: Option<Profile>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Profile {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Message {
    pub from: String,
    pub id: String,
    /// Unix seconds, as a string.
    pub timestamp: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub text: Option<Text>,
    pub image: Option<Media>,
    pub audio: Option<Media>,
    pub video: Option<Media>,
    pub document: Option<Media>,
    pub sticker: Option<Media>,
    pub location: Option<Location>,
    /// A tapped quick-reply button of a template.
    pub button: Option<Button>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Text {
    pub body: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Media {
    pub id: Option<String>,
    pub mime_type: Option<String>,
    pub caption: Option<String>,
    pub filename: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Location {
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Button {
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Status {
    /// The wamid of our outgoing message.
    pub id: String,
    /// sent, delivered, read, failed (Meta may add others).
    pub status: String,
    pub timestamp: String,
    #[serde(default)]
    pub errors: Vec<StatusError>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct StatusError {
    pub code: i64,
}

impl Message {
    /// The medium a media message carries, if any.
    pub(crate) fn media(&self) -> Option<&Media> {
        match self.kind.as_str() {
            "image" => self.image.as_ref(),
            "audio" => self.audio.as_ref(),
            "video" => self.video.as_ref(),
            "document" => self.document.as_ref(),
            "sticker" => self.sticker.as_ref(),
            _ => None,
        }
    }

    /// What the operator reads: the text, a medium's caption (or its file name), a place.
    pub(crate) fn readable_body(&self) -> String {
        if let Some(text) = &self.text {
            return text.body.clone();
        }
        if let Some(button) = &self.button {
            return button.text.clone();
        }
        if let Some(media) = self.media() {
            return media
                .caption
                .clone()
                .or_else(|| media.filename.clone())
                .unwrap_or_default();
        }
        if let Some(place) = &self.location {
            let name = place.name.clone().unwrap_or_default();
            return match (place.latitude, place.longitude) {
                (Some(lat), Some(lon)) => format!("{name} ({lat:.5}, {lon:.5})").trim().into(),
                _ => name,
            };
        }
        String::new()
    }
}
