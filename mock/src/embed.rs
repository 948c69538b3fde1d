//! `POST /v2/embed`: deterministic vectors from a hash of each input.

use serde_json::Value;

use crate::ordered::{arr, obj, Json};
use crate::reply::{hash64, splitmix, token_count};

/// Vector length when the request has no `output_dimension`.
pub const DEFAULT_DIMENSION: usize = 256;
/// Largest accepted `output_dimension`.
const MAX_DIMENSION: usize = 8192;
const TYPES: [&str; 6] = ["float", "int8", "uint8", "binary", "ubinary", "base64"];

/// One thing to embed.
struct Item {
    seed: u64,
    text: Option<String>,
}

/// Validates an embed request and builds the response body.
pub(crate) fn respond(body: &Value, id: &str) -> Result<Json, String> {
    let obj = crate::validate::api_request(body)?;
    let dim = match obj.get("output_dimension") {
        None | Some(Value::Null) => DEFAULT_DIMENSION,
        Some(v) => match v.as_u64() {
            Some(d) if d >= 1 && d as usize <= MAX_DIMENSION => d as usize,
            _ => {
                return Err(format!(
                    "output_dimension must be an integer in 1..={MAX_DIMENSION}"
                ))
            }
        },
    };
    let types = embedding_types(obj.get("embedding_types"))?;
    let texts = string_list(obj.get("texts"), "texts")?;
    let images = string_list(obj.get("images"), "images")?;
    let inputs = input_list(obj.get("inputs"))?;
    let mut items: Vec<Item> = texts
        .iter()
        .map(|t| Item {
            seed: hash64(t.as_bytes()),
            text: Some(t.clone()),
        })
        .collect();
    items.extend(images.iter().map(|u| Item {
        seed: hash64(u.as_bytes()),
        text: None,
    }));
    items.extend(inputs);
    if items.is_empty() {
        return Err("one of texts, images or inputs is required".into());
    }
    let vectors: Vec<Vec<f32>> = items.iter().map(|i| vector(i.seed, dim)).collect();
    let mut embeddings = Vec::new();
    for t in &types {
        embeddings.push((*t, arr(vectors.iter().map(|v| encode(t, v)))));
    }
    let input_tokens: u64 = items
        .iter()
        .filter_map(|i| i.text.as_deref())
        .map(token_count)
        .sum();
    let mut billed = Vec::new();
    if input_tokens > 0 {
        billed.push(("input_tokens", Json::from(input_tokens)));
    }
    if !images.is_empty() {
        billed.push(("images", Json::from(images.len())));
    }
    let response_texts: Vec<String> = items.iter().filter_map(|i| i.text.clone()).collect();
    let mut fields = vec![
        ("id", Json::from(id)),
        ("texts", Json::from(response_texts)),
    ];
    if !images.is_empty() {
        fields.push(("images", arr(images.iter().map(|u| image_meta(u)))));
    }
    fields.push(("embeddings", Json::Obj(embeddings)));
    fields.push((
        "meta",
        obj! { "api_version" => obj! { "version" => "2" }, "billed_units" => Json::Obj(billed) },
    ));
    Ok(Json::Obj(fields))
}

fn embedding_types(v: Option<&Value>) -> Result<Vec<&'static str>, String> {
    let Some(Value::Array(list)) = v else {
        return match v {
            None | Some(Value::Null) => Ok(vec!["float"]),
            _ => Err("embedding_types must be an array of strings".into()),
        };
    };
    let mut out = Vec::new();
    for t in list {
        let name = t.as_str().unwrap_or_default();
        let known = TYPES
            .iter()
            .find(|k| **k == name)
            .ok_or_else(|| format!("unknown embedding type: {t}"))?;
        if !out.contains(known) {
            out.push(*known);
        }
    }
    if out.is_empty() {
        out.push("float");
    }
    Ok(out)
}

fn string_list(v: Option<&Value>, field: &str) -> Result<Vec<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(list)) => list
            .iter()
            .map(|s| {
                s.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{field} must be an array of strings"))
            })
            .collect(),
        Some(_) => Err(format!("{field} must be an array of strings")),
    }
}

fn input_list(v: Option<&Value>) -> Result<Vec<Item>, String> {
    let list = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => return Err("inputs must be an array".into()),
    };
    list.iter()
        .map(|input| {
            let content = input
                .get("content")
                .and_then(Value::as_array)
                .ok_or("inputs[].content must be an array")?;
            let text: Vec<&str> = content
                .iter()
                .filter_map(|p| p.get("text").and_then(Value::as_str))
                .collect();
            let seed = hash64(
                serde_json::to_string(content)
                    .unwrap_or_default()
                    .as_bytes(),
            );
            Ok(Item {
                seed,
                text: (!text.is_empty()).then(|| text.join(" ")),
            })
        })
        .collect()
}

/// A deterministic vector of `dim` floats in [-1, 1) seeded by `seed`.
fn vector(seed: u64, dim: usize) -> Vec<f32> {
    let mut state = seed;
    (0..dim)
        .map(|_| ((splitmix(&mut state) >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0)
        .collect()
}

fn encode(kind: &str, v: &[f32]) -> Json {
    match kind {
        "int8" => Json::from(
            v.iter()
                .map(|f| (f * 127.0).round() as i64)
                .collect::<Vec<_>>(),
        ),
        "uint8" => Json::from(
            v.iter()
                .map(|f| ((f + 1.0) * 127.5).round() as u64)
                .collect::<Vec<_>>(),
        ),
        "binary" => Json::from(
            pack_bits(v)
                .into_iter()
                .map(|b| i64::from(b as i8))
                .collect::<Vec<_>>(),
        ),
        "ubinary" => Json::from(pack_bits(v).into_iter().map(u64::from).collect::<Vec<_>>()),
        "base64" => {
            let bytes: Vec<u8> = v.iter().flat_map(|f| f.to_le_bytes()).collect();
            Json::from(crate::base64::encode(&bytes))
        }
        _ => Json::Floats(v.to_vec()),
    }
}

/// One bit per dimension (set when positive), most significant bit first; `dim/8` bytes.
fn pack_bits(v: &[f32]) -> Vec<u8> {
    v.chunks(8)
        .map(|c| {
            c.iter().enumerate().fold(
                0u8,
                |acc, (i, f)| if *f > 0.0 { acc | (0x80 >> i) } else { acc },
            )
        })
        .collect()
}

/// Placeholder image metadata derived from a data URL.
fn image_meta(url: &str) -> Json {
    let format = url
        .strip_prefix("data:image/")
        .and_then(|rest| rest.split([';', ',']).next())
        .filter(|f| !f.is_empty())
        .unwrap_or("jpeg");
    let side = 32 + (url.len() % 480) as u64;
    obj! { "width" => side, "height" => side, "format" => format, "bit_depth" => 24 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(body: Value) -> Value {
        serde_json::from_slice(&respond(&body, "id").unwrap().to_vec()).unwrap()
    }

    #[test]
    fn float_vectors_are_deterministic() {
        let a = run(json!({"model": "m", "texts": ["hello", "bye"], "input_type": "search_query"}));
        let b = run(json!({"model": "m", "texts": ["hello"], "input_type": "search_query"}));
        assert_eq!(a["embeddings"]["float"][0], b["embeddings"]["float"][0]);
        assert_ne!(a["embeddings"]["float"][0], a["embeddings"]["float"][1]);
        assert_eq!(a["embeddings"]["float"][0].as_array().unwrap().len(), 256);
        assert_eq!(a["meta"]["billed_units"]["input_tokens"], 2);
    }

    #[test]
    fn all_types_and_dimension() {
        let r = run(
            json!({"model": "m", "texts": ["x"], "embedding_types": TYPES, "output_dimension": 16}),
        );
        let e = &r["embeddings"];
        assert_eq!(e["float"][0].as_array().unwrap().len(), 16);
        assert!(e["int8"][0]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| (-128..=127).contains(&v.as_i64().unwrap())));
        assert!(e["uint8"][0]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v.as_u64().unwrap() <= 255));
        assert_eq!(e["binary"][0].as_array().unwrap().len(), 2);
        assert_eq!(e["ubinary"][0].as_array().unwrap().len(), 2);
        assert_eq!(e["base64"][0].as_str().unwrap().len(), 88);
    }

    #[test]
    fn images_and_errors() {
        let r = run(
            json!({"model": "m", "images": ["data:image/png;base64,AAAA"], "input_type": "image"}),
        );
        assert_eq!(r["images"][0]["format"], "png");
        assert_eq!(r["meta"]["billed_units"]["images"], 1);
        assert!(respond(&json!({"model": "m"}), "i").is_err());
        assert!(respond(
            &json!({"model": "m", "texts": ["a"], "embedding_types": ["nope"]}),
            "i"
        )
        .is_err());
        assert!(respond(&json!({"texts": ["a"]}), "i").is_err());
    }
}
