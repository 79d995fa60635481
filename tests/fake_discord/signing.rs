//! Discord's side of the HTTP interactions endpoint: every interaction is signed with the application's
//! Ed25519 key over the timestamp and the body (headers `X-Signature-Ed25519`, `X-Signature-Timestamp`).

use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;

const KEY: [u8; 32] = [42; 32];

/// The application's signing key (Discord holds it; the bot knows its public half).
pub fn key() -> SigningKey {
    SigningKey::from_bytes(&KEY)
}

/// The public key, hex, as the Developer Portal shows it (`discord.public_key`).
pub fn public_key() -> String {
    hex::encode(key().verifying_key().to_bytes())
}

/// Unix seconds now, as Discord stamps a request.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// Posts `body` to `{url}/interactions` signed by `signer` at `timestamp` (None: no signature headers);
/// the status and the body of the reply.
pub async fn send(url: &str, body: &[u8], signer: Option<(&SigningKey, i64)>) -> (u16, String) {
    let mut request = reqwest::Client::new().post(format!("{url}/interactions")).body(body.to_vec());
    if let Some((k, at)) = signer {
        let ts = at.to_string();
        let sig = hex::encode(k.sign(&[ts.as_bytes(), body].concat()).to_bytes());
        request = request.header("x-signature-ed25519", sig).header("x-signature-timestamp", ts);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// Posts a correctly signed interaction and returns the endpoint's JSON reply, asserting 200.
pub async fn signed(url: &str, payload: &Value) -> Value {
    let (status, body) = send(url, payload.to_string().as_bytes(), Some((&key(), now()))).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("JSON")
}
