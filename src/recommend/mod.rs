//! The deterministic recommendation module: plain functions over the validated knowledge data.
//! Same input, same output; no I/O, no clock, no randomness.

pub mod antibody;
pub mod dose;
pub mod refractory;
