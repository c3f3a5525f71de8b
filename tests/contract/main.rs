//! Test binary «contract»: what holds without a screen or a terminal — the API contract
//! (`assets/openapi.yaml` against the router), the domain rules (calendar, password policy, the
//! sanitiser, the words of refusals and dates), the fuzz targets' smoke run, and the layer rules
//! the compiler cannot see. One binary for the layer instead of one per file: one link step.

#[path = "../fixtures/mod.rs"]
mod fixtures;
#[path = "../support/mod.rs"]
mod support;

mod calendar;
mod fuzz_smoke;
mod layers;
mod openapi_contract;
mod policy_agreement;
mod sanitize_props;
mod words_update;
