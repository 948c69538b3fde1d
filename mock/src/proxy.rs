//! The simulated network: a TCP proxy that delays a new connection by one RTT and every
//! chunk by RTT/2 in each direction, keeping order without limiting throughput.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::Instant;

/// Accepts on `listener` and relays each connection to `upstream` with `rtt` of delay.
pub(crate) async fn run(listener: TcpListener, upstream: SocketAddr, rtt: Duration) {
    let mut relays = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((client, _)) => { relays.spawn(relay(client, upstream, rtt)); }
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = relays.join_next(), if !relays.is_empty() => {}
        }
    }
}

async fn relay(client: TcpStream, upstream: SocketAddr, rtt: Duration) {
    // Like a TCP handshake: the connection is usable one round trip after accept.
    tokio::time::sleep(rtt).await;
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    let half = rtt / 2;
    tokio::join!(
        pipe(client_read, server_write, half),
        pipe(server_read, client_write, half)
    );
}

/// Copies `from` to `to`, each chunk written `delay` after it was read; EOF or an error
/// on the read side shuts down the write side after the same delay.
async fn pipe(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, delay: Duration) {
    let (tx, mut rx) = mpsc::unbounded_channel::<(Instant, Option<Vec<u8>>)>();
    let reader = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match from.read(&mut buf).await {
                Ok(0) | Err(_) => {
                    let _ = tx.send((Instant::now() + delay, None));
                    return;
                }
                Ok(n) => {
                    if tx
                        .send((Instant::now() + delay, Some(buf[..n].to_vec())))
                        .is_err()
                    {
                        return;
                    }
                }
            }
        }
    };
    let writer = async move {
        while let Some((deadline, chunk)) = rx.recv().await {
            tokio::time::sleep_until(deadline).await;
            match chunk {
                Some(bytes) => {
                    if to.write_all(&bytes).await.is_err() {
                        return;
                    }
                }
                None => {
                    let _ = to.shutdown().await;
                    return;
                }
            }
        }
    };
    tokio::join!(reader, writer);
}
