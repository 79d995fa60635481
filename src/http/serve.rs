//! The accept loop: axum's own (`axum::serve`), with hyper's header read timeout switched on. axum installs
//! no timer, and without one hyper leaves that timeout off, so a client could open a connection and then
//! send its request headers a byte now and then, or nothing at all, and hold the connection for good.

use std::future::Future;
use std::io;
use std::pin::pin;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

/// Serves `router` (HTTP/1.1) on `listener` until `shutdown` completes, then stops accepting and waits
/// for the requests under way. A request's headers must arrive within `read_timeout` of the connection
/// opening, or of the previous response on a kept-alive connection (so an idle connection is closed after
/// that long too); else the connection is closed. The body's bound is the router's
/// ([`super::Endpoint::router`]).
pub async fn serve<F>(listener: TcpListener, router: Router, read_timeout: Duration, shutdown: F)
where
    F: Future<Output = ()> + Send,
{
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(read_timeout);
    let (stop, stopping) = watch::channel(false);
    // Every connection holds a sender: when the last is dropped, `finished` yields None.
    let (open, mut finished) = mpsc::channel::<()>(1);
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    accept_failed(error).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (builder, service) = (builder.clone(), TowerToHyperService::new(router.clone()));
        let (mut stopping, open) = (stopping.clone(), open.clone());
        tokio::spawn(async move {
            let mut connection = pin!(builder.serve_connection(TokioIo::new(stream), service));
            let ended = tokio::select! {
                ended = connection.as_mut() => ended,
                _ = stopping.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(error) = ended {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
            drop(open);
        });
    }
    drop(listener);
    stop.send_replace(true);
    drop(open);
    finished.recv().await;
}

/// A failed accept: the peer's own trouble (refused, aborted, reset) is ignored; anything else (such as
/// too many open files) is logged and accepting paused for a second, as axum and hyper do.
async fn accept_failed(error: io::Error) {
    if matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(%error, "accepting a connection failed; retrying in 1 s");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
