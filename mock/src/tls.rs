//! The self-signed certificate and the TLS acceptor.

use std::io;
use std::sync::Arc;

use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{crypto, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// A TLS acceptor and the PEM of its certificate.
pub(crate) struct TlsSetup {
    pub acceptor: TlsAcceptor,
    pub cert_pem: String,
}

/// Generates a self-signed certificate for DNS `localhost` and IP `127.0.0.1` and an
/// acceptor offering ALPN `h2` and/or `http/1.1` as enabled.
pub(crate) fn setup(http1: bool, http2: bool) -> io::Result<TlsSetup> {
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .map_err(io::Error::other)?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let provider = Arc::new(crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(io::Error::other)?
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .map_err(io::Error::other)?;
    if http2 {
        config.alpn_protocols.push(b"h2".to_vec());
    }
    if http1 {
        config.alpn_protocols.push(b"http/1.1".to_vec());
    }
    Ok(TlsSetup {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        cert_pem: certified.cert.pem(),
    })
}
