//! The development server behind `praxis serve`: it watches the sources and rebuilds.

pub mod watch;
