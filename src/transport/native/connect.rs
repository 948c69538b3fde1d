//! Opening one connection: DNS, TCP (no delay, keepalive) and, for `https`, a TLS
//! handshake that offers HTTP/2 and HTTP/1.1 by ALPN.
//!
//! TLS is rustls with the platform's roots (rustls-platform-verifier, as reqwest
//! uses), plus any extra roots the builder was given; there is no switch to turn
//! verification off.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::origin::Origin;
use crate::error::Error;

/// A connected socket, with TLS or without.
pub(crate) enum Io {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

/// What a new connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    Http1,
    Http2,
}

/// Opens connections with one TLS configuration.
pub(crate) struct Connector {
    tls: TlsConnector,
    tcp_keepalive: Option<Duration>,
}

/// Why a connection could not be opened (its text names the step that failed).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ConnectError {
    #[error("could not resolve {host}: {source}")]
    Resolve { host: String, source: io::Error },
    #[error("{host} resolved to no address")]
    NoAddress { host: String },
    #[error("could not connect to {addr}: {source}")]
    Tcp {
        addr: std::net::SocketAddr,
        source: io::Error,
    },
    #[error("TLS handshake with {host} failed: {source}")]
    Tls { host: String, source: io::Error },
    #[error("'{host}' is not a valid TLS server name")]
    ServerName { host: String },
}

impl Connector {
    /// A connector trusting the platform's roots and `extra_roots` (PEM bundles);
    /// ALPN offers `h2` only when `http2` is on.
    pub(crate) fn new(
        extra_roots: &[Vec<u8>],
        http2: bool,
        tcp_keepalive: Option<Duration>,
    ) -> Result<Connector, Error> {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::CertificateDer;

        let mut roots = Vec::new();
        for pem in extra_roots {
            let certs = CertificateDer::pem_slice_iter(pem)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Error::Config(format!("invalid root certificate PEM: {e}")))?;
            if certs.is_empty() {
                return Err(Error::Config(
                    "root certificate PEM holds no certificate".into(),
                ));
            }
            roots.extend(certs);
        }
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let verifier = if roots.is_empty() {
            rustls_platform_verifier::Verifier::new(provider.clone())
        } else {
            rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider.clone())
        }
        .map_err(|e| Error::Config(format!("could not load the TLS roots: {e}")))?;
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Config(format!("could not set up TLS: {e}")))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        config.alpn_protocols = if http2 {
            vec![b"h2".to_vec(), b"http/1.1".to_vec()]
        } else {
            vec![b"http/1.1".to_vec()]
        };
        Ok(Connector {
            tls: TlsConnector::from(Arc::new(config)),
            tcp_keepalive,
        })
    }

    /// Opens a connection to `origin`: every resolved address in turn until one
    /// accepts, then TLS for `https`. The caller bounds the time it may take.
    pub(crate) async fn connect(&self, origin: &Origin) -> Result<(Io, Protocol), ConnectError> {
        let tcp = self.tcp(origin).await?;
        if !origin.https {
            return Ok((Io::Plain(tcp), Protocol::Http1));
        }
        let name = rustls::pki_types::ServerName::try_from(origin.host.clone()).map_err(|_| {
            ConnectError::ServerName {
                host: origin.host.clone(),
            }
        })?;
        let tls = self
            .tls
            .connect(name, tcp)
            .await
            .map_err(|source| ConnectError::Tls {
                host: origin.host.clone(),
                source,
            })?;
        let protocol = match tls.get_ref().1.alpn_protocol() {
            Some(b"h2") => Protocol::Http2,
            _ => Protocol::Http1,
        };
        Ok((Io::Tls(Box::new(tls)), protocol))
    }

    async fn tcp(&self, origin: &Origin) -> Result<TcpStream, ConnectError> {
        let addrs: Vec<_> = tokio::net::lookup_host((origin.host.as_str(), origin.port))
            .await
            .map_err(|source| ConnectError::Resolve {
                host: origin.host.clone(),
                source,
            })?
            .collect();
        let mut last = None;
        for addr in addrs {
            match TcpStream::connect(addr).await {
                Ok(stream) => {
                    // Best effort: a socket that refuses an option still works.
                    let _ = stream.set_nodelay(true);
                    if let Some(idle) = self.tcp_keepalive {
                        let keepalive = socket2::TcpKeepalive::new().with_time(idle);
                        let _ = socket2::SockRef::from(&stream).set_tcp_keepalive(&keepalive);
                    }
                    return Ok(stream);
                }
                Err(source) => last = Some(ConnectError::Tcp { addr, source }),
            }
        }
        Err(last.unwrap_or_else(|| ConnectError::NoAddress {
            host: origin.host.clone(),
        }))
    }
}

impl AsyncRead for Io {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Io {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Io::Plain(s) => s.is_write_vectored(),
            Io::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_flush(cx),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}
