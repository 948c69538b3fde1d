//! Reads the server's `SETTINGS_MAX_CONCURRENT_STREAMS` off an HTTP/2 connection.
//!
//! The pool must know how many streams a connection takes, to open another
//! connection instead of queueing behind a full one. hyper keeps the peer's
//! settings to itself, so [`SettingsTap`] watches the bytes the server sends
//! (after TLS, before hyper reads them): it walks the frame headers (9 bytes
//! each), skips every payload but a SETTINGS frame's, and reports each
//! MAX_CONCURRENT_STREAMS value it finds. It copies nothing and costs a few
//! comparisons per frame.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// RFC 9113 §6.5.2.
const SETTINGS_MAX_CONCURRENT_STREAMS: u16 = 0x3;
const FRAME_SETTINGS: u8 = 0x4;
const FLAG_ACK: u8 = 0x1;

/// What the scanner reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SettingsEvent {
    /// A SETTINGS_MAX_CONCURRENT_STREAMS value.
    MaxStreams(u32),
    /// A whole SETTINGS frame (not an ACK) has been read.
    FrameEnd,
}

/// A frame walker fed the server's bytes in whatever pieces they arrive.
#[derive(Debug, Default)]
pub(crate) struct FrameScanner {
    header: [u8; 9],
    header_len: usize,
    /// Payload bytes of the current frame still to pass.
    remaining: usize,
    /// The current frame is SETTINGS (not an ACK): its entries are read.
    in_settings: bool,
    entry: [u8; 6],
    entry_len: usize,
}

impl FrameScanner {
    /// Walks `bytes`; calls `found` with every MAX_CONCURRENT_STREAMS value in them
    /// and at the end of every SETTINGS frame.
    pub(crate) fn scan(&mut self, mut bytes: &[u8], found: &mut impl FnMut(SettingsEvent)) {
        while !bytes.is_empty() {
            if self.remaining == 0 && self.header_len < 9 {
                let take = (9 - self.header_len).min(bytes.len());
                self.header[self.header_len..self.header_len + take]
                    .copy_from_slice(&bytes[..take]);
                self.header_len += take;
                bytes = &bytes[take..];
                if self.header_len == 9 {
                    let h = self.header;
                    self.remaining =
                        usize::from(h[0]) << 16 | usize::from(h[1]) << 8 | usize::from(h[2]);
                    self.in_settings = h[3] == FRAME_SETTINGS && h[4] & FLAG_ACK == 0;
                    self.entry_len = 0;
                    if self.remaining == 0 {
                        self.header_len = 0;
                        if self.in_settings {
                            found(SettingsEvent::FrameEnd);
                        }
                    }
                }
                continue;
            }
            let take = self.remaining.min(bytes.len());
            if self.in_settings {
                for &b in &bytes[..take] {
                    self.entry[self.entry_len] = b;
                    self.entry_len += 1;
                    if self.entry_len == 6 {
                        self.entry_len = 0;
                        let e = self.entry;
                        if u16::from_be_bytes([e[0], e[1]]) == SETTINGS_MAX_CONCURRENT_STREAMS {
                            found(SettingsEvent::MaxStreams(u32::from_be_bytes([
                                e[2], e[3], e[4], e[5],
                            ])));
                        }
                    }
                }
            }
            self.remaining -= take;
            bytes = &bytes[take..];
            if self.remaining == 0 {
                self.header_len = 0;
                if self.in_settings {
                    found(SettingsEvent::FrameEnd);
                }
            }
        }
    }
}

/// An I/O wrapper that scans what is read and hands each event to `on_limit`.
pub(crate) struct SettingsTap<T, F> {
    inner: T,
    scanner: FrameScanner,
    on_limit: F,
}

impl<T, F: FnMut(SettingsEvent)> SettingsTap<T, F> {
    pub(crate) fn new(inner: T, on_limit: F) -> Self {
        SettingsTap {
            inner,
            scanner: FrameScanner::default(),
            on_limit,
        }
    }
}

impl<T: AsyncRead + Unpin, F: FnMut(SettingsEvent) + Unpin> AsyncRead for SettingsTap<T, F> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let res = Pin::new(&mut this.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = res {
            this.scanner
                .scan(&buf.filled()[before..], &mut this.on_limit);
        }
        res
    }
}

impl<T: AsyncWrite + Unpin, F: Unpin> AsyncWrite for SettingsTap<T, F> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(kind: u8, flags: u8, payload: &[u8]) -> Vec<u8> {
        let len = payload.len();
        let mut f = vec![
            (len >> 16) as u8,
            (len >> 8) as u8,
            len as u8,
            kind,
            flags,
            0,
            0,
            0,
            0,
        ];
        f.extend_from_slice(payload);
        f
    }

    fn setting(id: u16, value: u32) -> Vec<u8> {
        let mut e = id.to_be_bytes().to_vec();
        e.extend_from_slice(&value.to_be_bytes());
        e
    }

    fn scan_in_pieces(bytes: &[u8], piece: usize) -> Vec<SettingsEvent> {
        let mut found = Vec::new();
        let mut s = FrameScanner::default();
        for chunk in bytes.chunks(piece) {
            s.scan(chunk, &mut |v| found.push(v));
        }
        found
    }

    #[test]
    fn finds_the_stream_limit_in_any_chunking() {
        let mut wire = frame(
            FRAME_SETTINGS,
            0,
            &[setting(0x4, 65535), setting(0x3, 200), setting(0x5, 16384)].concat(),
        );
        // A DATA frame whose payload looks like a SETTINGS frame must be skipped.
        wire.extend(frame(0x0, 0, &frame(FRAME_SETTINGS, 0, &setting(0x3, 7))));
        // An ACK carries no entries; an empty SETTINGS neither.
        wire.extend(frame(FRAME_SETTINGS, FLAG_ACK, &[]));
        wire.extend(frame(FRAME_SETTINGS, 0, &[]));
        // A later update lowers the limit.
        wire.extend(frame(0x8, 0, &[0, 0, 1, 0]));
        wire.extend(frame(FRAME_SETTINGS, 0, &setting(0x3, 50)));
        use SettingsEvent::{FrameEnd, MaxStreams};
        let want = vec![
            MaxStreams(200),
            FrameEnd,
            FrameEnd,
            MaxStreams(50),
            FrameEnd,
        ];
        for piece in [1, 2, 5, 9, 10, 64, wire.len()] {
            assert_eq!(scan_in_pieces(&wire, piece), want, "pieces of {piece}");
        }
    }
}
