//! Every integration test of the app in one test binary (cargo's `autotests` are off): one crate to compile and
//! link against the app instead of one per file, and one process whose threads run the tests of every feature
//! side by side. Each feature's tests stay in their own file, as a module here.
mod support;

mod accounts;
mod community_access;
mod contacts;
mod countries;
mod foundation;
mod groups;
mod learning_events;
mod locales;
mod materials;
mod messages;
mod moderation;
mod newsletter;
mod notifications;
mod partners;
mod pictures;
mod prizes;
mod projects;
mod properties;
mod quality_labels;
mod scale;
mod seminars;
mod twinspace;
mod twinspace_access;
mod twinspace_content;
mod units;
