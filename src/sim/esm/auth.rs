//! ESM's JWT check: `kid` must be the integrator's master id, the HS256 signature must verify
//! with its secret key, `aud`/`sub` must be ESM's, `iat` recent, and `ssi` must name sellers the
//! simulator knows. Every refusal is HTTP 401 `{"status":{"message":…,"status_code":401}}` (the
//! shape a public client recorded from the live site); the codes below only name causes in tests.

use axum::http::HeaderMap;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::domain::Site;
use crate::sim::world::World;

/// How far `iat` may be from the simulator's clock.
// ASSUMPTION: ESM accepts tokens whose `iat` is within ±10 minutes of its own clock.
pub const IAT_LEEWAY_SECS: i64 = 600;

/// A refused token: the `ResultCode` and the site's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `ResultCode`.
    pub code: i64,
    /// `Message`.
    pub message: &'static str,
}

// ASSUMPTION: ESM's auth failure texts per cause are not public (only the 401 body shape is, from a
// public client); these are the simulator's own, one per cause.
const NO_TOKEN: Refusal = Refusal {
    code: 1001,
    message: "인증 토큰이 없거나 형식이 올바르지 않습니다.",
};
const UNKNOWN_MASTER: Refusal = Refusal {
    code: 1002,
    message: "등록되지 않은 마스터 ID(kid)입니다.",
};
const BAD_SIGNATURE: Refusal = Refusal {
    code: 1003,
    message: "토큰 서명이 올바르지 않습니다.",
};
const STALE_IAT: Refusal = Refusal {
    code: 1004,
    message: "토큰 발급 시각(iat)이 허용 범위를 벗어났습니다.",
};
const BAD_CLAIMS: Refusal = Refusal {
    code: 1005,
    message: "토큰의 aud 또는 sub 값이 올바르지 않습니다.",
};
const UNKNOWN_SELLER: Refusal = Refusal {
    code: 1006,
    message: "셀링툴 사용이 승인되지 않은 판매자 ID입니다.",
};
/// The refusal for a caller whose IP is not on the tool's allow list.
pub const IP_NOT_ALLOWED: Refusal = Refusal {
    code: 1007,
    message: "허용되지 않은 IP에서 호출하였습니다.",
};

/// The sellers a token names: (site, shop index in the world).
pub type Sellers = Vec<(Site, usize)>;

/// The sellers `ssi` names (`A:id,G:id`) that the world knows, without checking anything else.
pub fn sellers_of(w: &World, ssi: &str) -> Sellers {
    ssi.split(',')
        .filter_map(|part| {
            let (prefix, id) = part.trim().split_once(':')?;
            let site = match prefix.trim() {
                "G" => Site::Gmarket,
                "A" => Site::Auction,
                _ => return None,
            };
            w.shop_index(site, id.trim()).map(|i| (site, i))
        })
        .collect()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

fn decode_json(part: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        serde_json::Value::Object(m) => Some(m),
        _ => None,
    }
}

/// The sellers named in the token's payload, signature unchecked (to count refusals per shop).
pub fn claimed_sellers(w: &World, headers: &HeaderMap) -> Sellers {
    bearer(headers)
        .and_then(|t| t.split('.').nth(1))
        .and_then(decode_json)
        .and_then(|p| p.get("ssi").and_then(|v| v.as_str()).map(|s| sellers_of(w, s)))
        .unwrap_or_default()
}

/// Checks the token of a request at `now`; the sellers it may act for, or the refusal.
pub fn check(w: &World, headers: &HeaderMap, now: jiff::Timestamp) -> Result<Sellers, Refusal> {
    if w.faults.get(&Site::Gmarket).is_some_and(|f| f.ip_blocked) {
        return Err(IP_NOT_ALLOWED);
    }
    let token = bearer(headers).ok_or(NO_TOKEN)?;
    let parts: Vec<&str> = token.split('.').collect();
    let [h, p, s] = parts.as_slice() else {
        return Err(NO_TOKEN);
    };
    let header = decode_json(h).ok_or(NO_TOKEN)?;
    let payload = decode_json(p).ok_or(NO_TOKEN)?;
    if header.get("alg").and_then(|v| v.as_str()) != Some("HS256") {
        return Err(NO_TOKEN);
    }
    if header.get("kid").and_then(|v| v.as_str()) != Some(w.integrator.esm_master_id.as_str()) {
        return Err(UNKNOWN_MASTER);
    }
    let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| BAD_SIGNATURE)?;
    let mut mac =
        Hmac::<Sha256>::new_from_slice(w.integrator.esm_secret_key.as_bytes()).map_err(|_| BAD_SIGNATURE)?;
    mac.update(format!("{h}.{p}").as_bytes());
    mac.verify_slice(&sig).map_err(|_| BAD_SIGNATURE)?;
    if payload.get("aud").and_then(|v| v.as_str()) != Some("sa.esmplus.com")
        || payload.get("sub").and_then(|v| v.as_str()) != Some("sell")
    {
        return Err(BAD_CLAIMS);
    }
    let iat = payload.get("iat").and_then(|v| v.as_i64()).ok_or(STALE_IAT)?;
    if (iat - now.as_second()).abs() > IAT_LEEWAY_SECS {
        return Err(STALE_IAT);
    }
    let ssi = payload.get("ssi").and_then(|v| v.as_str()).unwrap_or_default();
    let sellers = sellers_of(w, ssi);
    if sellers.is_empty() {
        return Err(UNKNOWN_SELLER);
    }
    Ok(sellers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(token: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::AUTHORIZATION,
            format!("Bearer {token}").parse().unwrap(),
        );
        h
    }

    #[test]
    fn tokens_are_checked_cause_by_cause() {
        let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let w = World::new(1, 0, now);
        let (kid, key) = (
            w.integrator.esm_master_id.clone(),
            w.integrator.esm_secret_key.clone(),
        );
        let sign = |kid: &str, key: &str, ssi: &str, iat: i64| {
            crate::market::esm::wire::jwt(kid, key, ssi, iat).unwrap()
        };
        let ok = check(
            &w,
            &headers(&sign(
                &kid,
                &key,
                "A:auction-seller,G:gmarket-seller",
                now.as_second(),
            )),
            now,
        )
        .unwrap();
        assert_eq!(ok.len(), 2);
        let code = |t: String| check(&w, &headers(&t), now).unwrap_err().code;
        assert_eq!(code("x.y".into()), 1001);
        assert_eq!(
            code(sign("other", &key, "G:gmarket-seller", now.as_second())),
            1002
        );
        assert_eq!(
            code(sign(&kid, "wrong", "G:gmarket-seller", now.as_second())),
            1003
        );
        assert_eq!(
            code(sign(&kid, &key, "G:gmarket-seller", now.as_second() - 601)),
            1004
        );
        assert_eq!(code(sign(&kid, &key, "G:nobody", now.as_second())), 1006);
        assert!(check(&w, &HeaderMap::new(), now).is_err());
    }
}
