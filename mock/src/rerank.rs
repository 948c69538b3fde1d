//! `POST /v2/rerank`: scores from word overlap with the query.

use std::collections::HashSet;

use serde_json::Value;

use crate::ordered::{arr, obj, Json};

/// Validates a rerank request and builds the response body.
pub(crate) fn respond(body: &Value, id: &str) -> Result<Json, String> {
    let obj = crate::validate::api_request(body)?;
    let query = obj
        .get("query")
        .and_then(Value::as_str)
        .ok_or("query is required")?;
    let documents = obj
        .get("documents")
        .and_then(Value::as_array)
        .ok_or("documents is required")?;
    let top_n = match obj.get("top_n") {
        None | Some(Value::Null) => documents.len(),
        Some(v) => v
            .as_u64()
            .filter(|n| *n >= 1)
            .ok_or("top_n must be a positive integer")? as usize,
    };
    let q = words(query);
    let mut scored: Vec<(usize, f64)> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let text = match d {
                Value::String(s) => s.clone(),
                other => other
                    .get("text")
                    .and_then(Value::as_str)
                    .map_or_else(|| other.to_string(), str::to_string),
            };
            (i, score(&q, &words(&text)))
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(top_n);
    Ok(obj! {
        "id" => id,
        "results" => arr(scored.into_iter().map(|(i, s)| obj! { "index" => i, "relevance_score" => s })),
        "meta" => obj! { "api_version" => obj! { "version" => "2" }, "billed_units" => obj! { "search_units" => 1 } },
    })
}

fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// 0.8 × (share of query words found) + 0.2 × Jaccard similarity, rounded to 6 places; in [0, 1].
fn score(q: &HashSet<String>, d: &HashSet<String>) -> f64 {
    if q.is_empty() || d.is_empty() {
        return 0.0;
    }
    let common = q.intersection(d).count() as f64;
    let union = q.union(d).count() as f64;
    let s = 0.8 * common / q.len() as f64 + 0.2 * common / union;
    (s * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ranks_by_overlap_and_truncates() {
        let body = json!({"model": "m", "query": "capital of the United States",
            "documents": ["Paris is nice", "Washington is the capital of the United States", "the capital"], "top_n": 2});
        let r: Value = serde_json::from_slice(&respond(&body, "id").unwrap().to_vec()).unwrap();
        let results = r["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        assert_eq!(results[0]["index"], 1);
        assert_eq!(results[1]["index"], 2);
        let s = results[0]["relevance_score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s));
        assert_eq!(r["meta"]["billed_units"]["search_units"], 1);
    }

    #[test]
    fn rejects_missing_fields() {
        assert!(respond(&json!({"model": "m", "documents": []}), "i").is_err());
        assert!(respond(&json!({"model": "m", "query": "q"}), "i").is_err());
        assert!(respond(
            &json!({"model": "m", "query": "q", "documents": ["a"], "top_n": 0}),
            "i"
        )
        .is_err());
    }
}
