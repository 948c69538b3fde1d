//! Latency summary for `--stats`.

use std::time::Duration;

/// `{"requests":…,"connections":…,"tls_handshakes":…,"retries":…,"mean_ms":…,"p50_ms":…,"p99_ms":…,
/// "failed":…,"retries_skipped":…,"rate_limit_wait_ms":…}`: latencies are those
/// of the calls that succeeded; `failed` counts the others; `retries_skipped`
/// the retries the retry budget refused; `rate_limit_wait_ms` the time calls
/// held for rate-limit windows, summed over calls.
pub fn summary_json(
    latencies: &[Duration],
    failed: u64,
    stats: cohere_edge::ClientStats,
) -> String {
    let mut ms: Vec<f64> = latencies.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let mean = if ms.is_empty() {
        0.0
    } else {
        ms.iter().sum::<f64>() / ms.len() as f64
    };
    // Written by hand to keep the documented key order.
    format!(
        "{{\"requests\":{},\"connections\":{},\"tls_handshakes\":{},\"retries\":{},\"mean_ms\":{},\"p50_ms\":{},\"p99_ms\":{},\"failed\":{},\"retries_skipped\":{},\"rate_limit_wait_ms\":{}}}",
        stats.requests,
        stats.connections_opened,
        stats.tls_handshakes,
        stats.retries,
        round2(mean),
        round2(percentile(&ms, 50.0)),
        round2(percentile(&ms, 99.0)),
        failed,
        stats.retries_skipped,
        round2(stats.rate_limit_wait.as_secs_f64() * 1000.0),
    )
}

/// Nearest-rank percentile of sorted values (0 for none).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    #[test]
    fn json_shape() {
        let s = summary_json(
            &[Duration::from_millis(10), Duration::from_millis(30)],
            1,
            cohere_edge::ClientStats {
                requests: 2,
                connections_opened: 1,
                tls_handshakes: 1,
                retries: 0,
                keepalive_requests: 0,
                retries_skipped: 4,
                rate_limit_wait: Duration::from_micros(1500),
            },
        );
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["requests"], 2);
        assert_eq!(v["connections"], 1);
        assert_eq!(v["tls_handshakes"], 1);
        assert_eq!(v["mean_ms"], 20.0);
        assert_eq!(v["p50_ms"], 10.0);
        assert_eq!(v["p99_ms"], 30.0);
        assert_eq!(v["failed"], 1);
        assert_eq!(v["retries_skipped"], 4);
        assert_eq!(v["rate_limit_wait_ms"], 1.5);
        // The documented key order (serde_json's map would sort them).
        let order = [
            "requests",
            "connections",
            "tls_handshakes",
            "retries",
            "mean_ms",
            "p50_ms",
            "p99_ms",
            "failed",
            "retries_skipped",
            "rate_limit_wait_ms",
        ];
        let at: Vec<usize> = order
            .iter()
            .map(|k| s.find(&format!("\"{k}\":")).expect(k))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{s}");
        assert_eq!(v.as_object().unwrap().len(), order.len());
    }
}
