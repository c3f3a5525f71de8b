//! The identity check, under its idempotency key.

use client::PortalClient;

use super::EffectRunner;
use crate::app::{VerifyEffect, VerifyReply};

impl EffectRunner {
    pub(super) fn run_verify(&mut self, c: PortalClient, effect: VerifyEffect) {
        match effect {
            VerifyEffect::Verify {
                user_id,
                idempotency_key,
                request,
            } => {
                self.spawn(async move {
                    let result = c.verify(user_id, &request, &idempotency_key).await;
                    VerifyReply::Verified { user_id, result }
                });
            }
        }
    }
}
