//! The development server: serves a built site from memory, rebuilds it when sources change,
//! and tells open browser tabs to reload or show the build's errors.

pub mod http;
pub mod watch;
