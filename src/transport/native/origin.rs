//! Where a request goes: its origin (the pool's key) and the URI forms HTTP/1.1
//! and HTTP/2 each put on the wire.

use std::fmt;

/// Scheme, host and port: requests to one origin share its connections.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Origin {
    pub https: bool,
    /// Without IPv6 brackets (what DNS and TLS want).
    pub host: String,
    pub port: u16,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.https { "https" } else { "http" };
        if self.host.contains(':') {
            write!(f, "{scheme}://[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{scheme}://{}:{}", self.host, self.port)
        }
    }
}

/// A parsed request URL.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub origin: Origin,
    /// The `Host` header: the authority as written, default port left out.
    pub authority: String,
    /// Path and query (HTTP/1.1's origin form).
    pub path: String,
    /// The whole URL (HTTP/2 takes `:scheme` and `:authority` from it).
    pub absolute: http::Uri,
}

impl Target {
    /// Parses an absolute `http` or `https` URL.
    pub(crate) fn parse(url: &str) -> Result<Target, String> {
        let uri: http::Uri = url
            .parse()
            .map_err(|e| format!("invalid URL '{url}': {e}"))?;
        let https = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(format!("URL '{url}' is not http or https")),
        };
        let authority = uri
            .authority()
            .ok_or_else(|| format!("URL '{url}' has no host"))?;
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let default_port = if https { 443 } else { 80 };
        let port = authority.port_u16().unwrap_or(default_port);
        let host_header = match authority.port_u16() {
            Some(p) if p != default_port => format!("{}:{p}", authority.host()),
            _ => authority.host().to_owned(),
        };
        let path = uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned());
        Ok(Target {
            origin: Origin { https, host, port },
            authority: host_header,
            path,
            absolute: uri,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_host_header_and_path() {
        let t = Target::parse("https://api.cohere.com/v2/chat?x=1").unwrap();
        assert_eq!(
            t.origin,
            Origin {
                https: true,
                host: "api.cohere.com".into(),
                port: 443
            }
        );
        assert_eq!(t.authority, "api.cohere.com");
        assert_eq!(t.path, "/v2/chat?x=1");

        let t = Target::parse("http://[::1]:8080/v2/embed").unwrap();
        assert_eq!(t.origin.host, "::1");
        assert_eq!(t.origin.port, 8080);
        assert_eq!(t.authority, "[::1]:8080");
        assert_eq!(t.origin.to_string(), "http://[::1]:8080");

        let t = Target::parse("http://127.0.0.1:80").unwrap();
        assert_eq!(t.authority, "127.0.0.1");
        assert_eq!(t.path, "/");
        assert!(Target::parse("ftp://x/").is_err());
        assert!(Target::parse("not a url").is_err());
    }
}
