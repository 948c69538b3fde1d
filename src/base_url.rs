//! The base URL's rules: `scheme://host[:port][/path]`, https (plain http only
//! to a loopback host or with `allow_insecure_http`), no credentials, query or
//! fragment; written back lowercase but for the path, without a trailing slash.
//!
//! Read by hand rather than with `http::Uri` (or the `url` crate, whose IDNA
//! tables weigh hundreds of kilobytes): `http::Uri`'s parser, its byte tables
//! and error types were 10.5 KB of the WebAssembly module (4.8 KB gzipped), a
//! twelfth of the npm package, to read one URL once. These rules need only the
//! scheme, the authority and the path, and accept only URLs `http::Uri` reads
//! the same way (a test holds them to it). Non-ASCII host names are refused
//! (give their punycode form).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::{Error, Result};

/// RFC 3986's unreserved characters and sub-delimiters: what a host name may hold.
fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=".contains(c)
}

/// What a path may hold: host characters, `:`, `@`, `/` and percent escapes.
fn is_path_char(c: char) -> bool {
    is_host_char(c) || ":@/%".contains(c)
}

/// Validates the base URL; returns it without a trailing slash, and whether its
/// host is loopback.
pub(crate) fn check_base_url(raw: &str, allow_insecure_http: bool) -> Result<(String, bool)> {
    let trimmed = raw.trim();
    let invalid = |why: &str| Error::Config(format!("invalid base URL '{raw}': {why}"));
    let no_query = || Error::Config("the base URL must not have a query or fragment".into());
    if trimmed.contains('#') {
        return Err(no_query());
    }
    if let Some(c) = trimmed
        .chars()
        .find(|&c| !(is_path_char(c) || "?[]".contains(c)))
    {
        return Err(invalid(&format!(
            "'{c}' cannot stand in a URL (a host name goes in its punycode form)"
        )));
    }
    let (scheme, rest) = trimmed
        .split_once("://")
        .filter(|(s, _)| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
        .ok_or_else(|| invalid("it must start with https://"))?;
    let scheme = scheme.to_ascii_lowercase();
    let (authority, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    if authority.contains('@') {
        return Err(Error::Config(
            "the base URL must not hold credentials".into(),
        ));
    }
    // `host[:port]`, the host an IPv6 address in brackets or a name; `ip` when
    // it is an address.
    let (host, port, ip) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (address, after) = v6
                .split_once(']')
                .ok_or_else(|| invalid("its IPv6 address has no ']'"))?;
            let ip: Ipv6Addr = address
                .parse()
                .map_err(|_| invalid("its IPv6 address is not valid"))?;
            let port = if after.is_empty() {
                Some("")
            } else {
                after.strip_prefix(':')
            };
            (&authority[..address.len() + 2], port, Some(IpAddr::V6(ip)))
        }
        None => {
            let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
            (
                host,
                Some(port),
                host.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
            )
        }
    };
    if host.is_empty() {
        return Err(invalid("it has no host"));
    }
    if ip.is_none() && !host.chars().all(is_host_char) {
        return Err(invalid("its host holds a character a host name cannot"));
    }
    let port = port.ok_or_else(|| invalid("its port does not follow a ':'"))?;
    if !port.chars().all(|c| c.is_ascii_digit())
        || port.parse::<u32>().is_ok_and(|p| p > 65_535)
        || port.len() > 5
    {
        return Err(invalid("its port is not a number from 0 to 65535"));
    }
    let loopback = match ip {
        Some(ip) => ip.is_loopback(),
        None => {
            let lower = host.to_ascii_lowercase();
            lower == "localhost" || lower.ends_with(".localhost")
        }
    };
    match scheme.as_str() {
        "https" => {}
        "http" if loopback || allow_insecure_http => {}
        "http" => {
            return Err(Error::Config(format!(
                "refusing plain http to {host}: the API key would travel unencrypted; \
                 use https, a loopback host, or allow_insecure_http(true)"
            )))
        }
        other => {
            return Err(Error::Config(format!(
                "unsupported URL scheme '{other}' in base URL"
            )))
        }
    }
    if path.contains('?') {
        return Err(no_query());
    }
    if path.contains(['[', ']']) {
        return Err(invalid("'[' and ']' cannot stand in its path"));
    }
    let path = path.trim_end_matches('/');
    Ok((
        format!("{scheme}://{}{path}", authority.to_ascii_lowercase()),
        loopback,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert_eq!(
            check_base_url("https://api.cohere.com/", false).unwrap(),
            ("https://api.cohere.com".into(), false)
        );
        assert_eq!(
            check_base_url("https://proxy.example/cohere/", false)
                .unwrap()
                .0,
            "https://proxy.example/cohere"
        );
        assert_eq!(
            check_base_url(" HTTPS://API.Cohere.com:8443/Path/ ", false)
                .unwrap()
                .0,
            "https://api.cohere.com:8443/Path"
        );
        assert!(check_base_url("http://127.0.0.1:8080", false).unwrap().1);
        assert!(check_base_url("http://127.0.0.2", false).unwrap().1);
        assert!(check_base_url("http://localhost:1", false).unwrap().1);
        assert!(check_base_url("http://api.localhost:1", false).unwrap().1);
        assert!(check_base_url("http://[::1]:1", false).unwrap().1);
        assert!(check_base_url("http://[0:0:0:0:0:0:0:1]", false).unwrap().1);
        assert!(!check_base_url("https://[::2]:1", false).unwrap().1);
        for bad in [
            "http://example.com",
            "http://127.0.0.2.example.com",
            "ftp://example.com",
            "not a url",
            "api.cohere.com",
            "localhost:8080",
            "/v2",
            "https://u:p@example.com",
            "https://u@example.com",
            "https://example.com/?q=1",
            "https://example.com?q=1",
            "https://example.com/#top",
            "https://",
            "https://:443",
            "https://bücher.example",
            "https://example.com:99999",
            "https://example.com:44a",
            "https://example.com:1:2",
            "https://[::1",
            "https://[zz::1]",
            "https://[::1]x",
            "https://ex%61mple.com",
            "https://example.com/a[b]",
            "https://exa mple.com",
            "1https://example.com",
        ] {
            assert!(
                matches!(check_base_url(bad, false), Err(Error::Config(_))),
                "{bad}"
            );
        }
        assert!(check_base_url("http://example.com", true).is_ok());
        let e = check_base_url("https://bücher.example", false).unwrap_err();
        assert!(e.to_string().contains("punycode"), "{e}");
    }

    /// Whatever is accepted, `http::Uri` (which the native transport uses to
    /// connect) reads as the same scheme, host, port and path: checked for every
    /// one-byte change of a few base URLs.
    #[test]
    fn what_is_accepted_http_uri_reads_the_same() {
        for url in [
            "https://api.cohere.com:443/v1/proxy",
            "http://[::1]:8080/x",
            "http://localhost",
        ] {
            for at in 0..url.len() {
                for byte in 0u8..128 {
                    let mut s = url.as_bytes().to_vec();
                    s[at] = byte;
                    let s = String::from_utf8(s).unwrap();
                    let Ok((base, _)) = check_base_url(&s, true) else {
                        continue;
                    };
                    let uri: http::Uri = format!("{base}/v2/chat")
                        .parse()
                        .unwrap_or_else(|e| panic!("{s:?} -> {base:?}: {e}"));
                    let (scheme, rest) = base.split_once("://").unwrap();
                    assert_eq!(uri.scheme_str(), Some(scheme), "{s:?}");
                    let authority = uri.authority().unwrap().as_str();
                    assert_eq!(
                        authority,
                        &rest[..rest.find('/').unwrap_or(rest.len())],
                        "{s:?}"
                    );
                    assert_eq!(
                        uri.path(),
                        format!("{}/v2/chat", &rest[authority.len()..]),
                        "{s:?}"
                    );
                    assert_eq!(uri.query(), None, "{s:?}");
                }
            }
        }
    }
}
