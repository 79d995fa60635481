//! Prometheus metrics of the HTTP endpoint: requests by outcome, latency, signature failures, commands.

use prometheus::{Encoder, Histogram, HistogramOpts, IntCounter, IntCounterVec, Opts, Registry, TextEncoder};

/// The endpoint's counters and histogram, in their own registry.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    /// Requests by HTTP status.
    pub requests: IntCounterVec,
    /// Time from request to response.
    pub latency: Histogram,
    /// Requests refused for a missing, bad or stale signature.
    pub signature_failures: IntCounter,
    /// Interactions answered, by command.
    pub commands: IntCounterVec,
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("myositis_http_requests_total", "HTTP interaction requests by status"),
            &["status"],
        )?;
        let latency = Histogram::with_opts(
            HistogramOpts::new("myositis_http_request_duration_seconds", "Time to answer an interaction request")
                .buckets(vec![0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 3.0]),
        )?;
        let signature_failures = IntCounter::new(
            "myositis_http_signature_failures_total",
            "Requests refused for a missing, bad or stale signature",
        )?;
        let commands = IntCounterVec::new(
            Opts::new("myositis_commands_total", "Interactions answered, by command"),
            &["command"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(signature_failures.clone()))?;
        registry.register(Box::new(commands.clone()))?;
        Ok(Self { registry, requests, latency, signature_failures, commands })
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        if TextEncoder::new().encode(&self.registry.gather(), &mut buffer).is_err() {
            return String::new();
        }
        String::from_utf8(buffer).unwrap_or_default()
    }
}
