//! WordPress's REST API (`/wp/v2/…`), and the one place where its answers become
//! [`PortalError`]s. A site without pretty permalinks has no `/wp-json/`: the client finds which
//! form the site answers to and then keeps to it, `/?rest_route=/wp/v2/…` working everywhere.

use std::io::Read;
use std::time::Duration;

use base64::Engine;
use serde_json::Value;

use crate::login::{Address, Login};
use crate::{PortalError, Result};

/// How long one request may take before the portal counts as not answering. Uploads of a
/// 2048-px rendition over a slow office line fit well inside.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// [`TIMEOUT`], or `TOASOAN_PORTAL_TIMEOUT_MS` when set (a very slow line; the fault tests).
pub fn timeout() -> Duration {
    std::env::var("TOASOAN_PORTAL_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(TIMEOUT)
}

/// How the site's REST routes are reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routes {
    /// `https://site/wp-json/wp/v2/posts?…`
    Pretty,
    /// `https://site/?rest_route=/wp/v2/posts&…`
    Query,
}

/// A portal reached with one person's login.
pub struct Portal {
    address: Address,
    routes: Routes,
    agent: ureq::Agent,
    /// None: no login sent (the public side of the portal, as a reader sees it).
    authorization: Option<String>,
    /// The REST index (name, description, namespaces), read when connecting.
    pub index: Value,
}

impl std::fmt::Debug for Portal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Portal").field("address", &self.address.url).field("routes", &self.routes).finish()
    }
}

/// One file to upload as media.
pub struct Upload<'a> {
    pub file_name: &'a str,
    pub mime: &'a str,
    pub bytes: &'a [u8],
    /// Fields set in the same request (slug, title, caption, alt_text, description): the media
    /// is created with them at once, so its slug marks it even if the answer is lost.
    pub fields: &'a [(&'a str, &'a str)],
}

impl Portal {
    /// Finds the site's REST API and remembers how to reach it. Does not check the login:
    /// the index is public; [`Portal::me`] does.
    pub fn connect(address: &Address, login: &Login) -> Result<Portal> {
        Self::connect_with(address, login, timeout())
    }

    pub fn connect_with(address: &Address, login: &Login, timeout: Duration) -> Result<Portal> {
        let token = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            login.user,
            login.password.replace(' ', "")
        ));
        Self::reach(address, Some(format!("Basic {token}")), timeout)
    }

    /// The portal as any reader sees it, without a login: published posts only.
    pub fn connect_public(address: &Address) -> Result<Portal> {
        Self::reach(address, None, timeout())
    }

    fn reach(address: &Address, authorization: Option<String>, timeout: Duration) -> Result<Portal> {
        let agent = ureq::AgentBuilder::new().timeout(timeout).redirects(0).build();
        let mut portal =
            Portal { address: address.clone(), routes: Routes::Query, agent, authorization, index: Value::Null };
        // /?rest_route= answers on every WordPress, pretty permalinks or not; try /wp-json/ first
        // only because a hardened site may block the query form.
        let mut last = None;
        for routes in [Routes::Pretty, Routes::Query] {
            portal.routes = routes;
            match portal.request("GET", "/", &[], None) {
                Ok(index) if index.get("namespaces").is_some_and(|n| n.to_string().contains("\"wp/v2\"")) => {
                    portal.index = index;
                    return Ok(portal);
                }
                Ok(_) => last = Some(PortalError::NoApi(address.url.clone())),
                // Unreachable is unreachable whichever form: no need to try the other.
                Err(e @ (PortalError::Offline(_) | PortalError::Timeout | PortalError::Tls(_))) => return Err(e),
                Err(e) => last = Some(e),
            }
        }
        Err(match last {
            Some(PortalError::Rejected { status: 404, .. } | PortalError::NoApi(_)) | None => {
                PortalError::NoApi(address.url.clone())
            }
            Some(e) => e,
        })
    }

    pub fn address(&self) -> &Address {
        &self.address
    }

    pub fn routes(&self) -> Routes {
        self.routes
    }

    /// The address of REST route `route` ("/wp/v2/posts") with `query`.
    pub fn endpoint(&self, route: &str, query: &[(&str, &str)]) -> String {
        let mut url = match self.routes {
            Routes::Pretty => format!("{}/wp-json{route}", self.address.url),
            Routes::Query => format!("{}/?rest_route={}", self.address.url, encode(route)),
        };
        for (i, (k, v)) in query.iter().enumerate() {
            let sep = if i == 0 && self.routes == Routes::Pretty { '?' } else { '&' };
            url.push(sep);
            url.push_str(&encode(k));
            url.push('=');
            url.push_str(&encode(v));
        }
        url
    }

    pub fn get(&self, route: &str, query: &[(&str, &str)]) -> Result<Value> {
        self.request("GET", route, query, None)
    }

    /// A list and how many pages the whole list has (`X-WP-TotalPages`). A page may hold fewer
    /// items than asked even when more follow: WordPress drops the posts the account may not
    /// read after counting them.
    pub fn get_page(&self, route: &str, query: &[(&str, &str)]) -> Result<(Value, u32)> {
        let url = self.endpoint(route, query);
        let answer = self.authorized(self.agent.get(&url)).set("Accept", "application/json").call();
        let pages = match &answer {
            Ok(r) | Err(ureq::Error::Status(_, r)) => {
                r.header("X-WP-TotalPages").and_then(|p| p.trim().parse().ok()).unwrap_or(1)
            }
            Err(_) => 1,
        };
        Ok((read(answer, None)?, pages))
    }

    pub fn post(&self, route: &str, body: &Value) -> Result<Value> {
        self.request("POST", route, &[], Some(body))
    }

    /// The account the login belongs to, with its roles and capabilities (`context=edit`).
    pub fn me(&self) -> Result<Value> {
        self.get("/wp/v2/users/me", &[("context", "edit")])
    }

    /// Uploads a file to the media library.
    pub fn upload(&self, file: &Upload) -> Result<Value> {
        let url = self.endpoint("/wp/v2/media", file.fields);
        let disposition = format!("attachment; filename=\"{}\"", file.file_name.replace('"', ""));
        let answer = self
            .authorized(self.agent.post(&url))
            .set("Accept", "application/json")
            .set("Content-Type", file.mime)
            .set("Content-Disposition", &disposition)
            .send_bytes(file.bytes);
        read(answer, Some(file.bytes.len() as u64))
    }

    /// A file the portal serves (a photo's `source_url`), at most 64 MB. No login is sent: media
    /// files are public, and the address may be another host (a CDN). Only http(s), and plain
    /// http only where the portal itself is plain http.
    pub fn download(&self, url: &str) -> Result<Vec<u8>> {
        let allowed =
            url.starts_with("https://") || (url.starts_with("http://") && self.address.url.starts_with("http://"));
        if !allowed {
            return Err(PortalError::Rejected { status: 0, code: "bad_media_url".into(), message: url.to_string() });
        }
        let response = match self.agent.get(url).call() {
            Ok(r) => r,
            Err(ureq::Error::Status(status, _)) if status >= 500 => {
                return Err(PortalError::Server { status, detail: url.to_string() })
            }
            Err(ureq::Error::Status(status, _)) => {
                return Err(PortalError::Rejected { status, code: String::new(), message: url.to_string() })
            }
            Err(ureq::Error::Transport(t)) => return Err(transport(&t)),
        };
        let mut bytes = Vec::new();
        response.into_reader().take(64 * 1024 * 1024).read_to_end(&mut bytes).map_err(|e| {
            if e.kind() == std::io::ErrorKind::TimedOut {
                PortalError::Timeout
            } else {
                PortalError::Offline(e.to_string())
            }
        })?;
        Ok(bytes)
    }

    fn authorized(&self, request: ureq::Request) -> ureq::Request {
        match &self.authorization {
            Some(a) => request.set("Authorization", a),
            None => request,
        }
    }

    fn request(&self, method: &str, route: &str, query: &[(&str, &str)], body: Option<&Value>) -> Result<Value> {
        let url = self.endpoint(route, query);
        let request = self.authorized(self.agent.request(method, &url)).set("Accept", "application/json");
        let answer = match body {
            Some(json) => request.send_json(json),
            None => request.call(),
        };
        read(answer, None)
    }
}

/// Percent-encodes a query component (route, key or value).
fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>().replace("%2F", "/")
}

/// Turns an HTTP exchange into JSON or the error a person can act on. `upload_size`: the size
/// of an upload, for "too large" messages.
fn read(answer: std::result::Result<ureq::Response, ureq::Error>, upload_size: Option<u64>) -> Result<Value> {
    let response = match answer {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(ureq::Error::Transport(t)) => return Err(transport(&t)),
    };
    let status = response.status();
    let content_type = response.content_type().to_string();
    let mut body = Vec::new();
    response.into_reader().take(64 * 1024 * 1024).read_to_end(&mut body).map_err(|e| {
        if e.kind() == std::io::ErrorKind::TimedOut {
            PortalError::Timeout
        } else {
            PortalError::Offline(e.to_string())
        }
    })?;
    let json: Option<Value> = serde_json::from_slice(&body).ok();
    if (200..300).contains(&status) {
        return json.ok_or(PortalError::NotJson { status, content_type });
    }
    let code = json.as_ref().and_then(|j| j["code"].as_str()).unwrap_or("").to_string();
    let message = json.as_ref().and_then(|j| j["message"].as_str()).unwrap_or("").to_string();
    if (300..400).contains(&status) {
        // A redirect where an API answers: a captive portal or a login page in between.
        return Err(PortalError::NotJson { status, content_type });
    }
    if json.is_none() && status == 404 {
        // A page that does not exist: the address is wrong, or the REST API is switched off.
        return Err(PortalError::NoApi(String::new()));
    }
    if json.is_none() && status != 413 && status < 500 {
        return Err(PortalError::NotJson { status, content_type });
    }
    let too_large = |limit| PortalError::TooLarge { size: upload_size.unwrap_or(0), limit };
    Err(match (status, code.as_str()) {
        (401, _) | (_, "invalid_username" | "incorrect_password" | "rest_not_logged_in") => PortalError::WrongPassword,
        (_, "rest_cannot_publish") => PortalError::CannotPublish,
        (413, _) => too_large(None),
        (_, "rest_upload_file_too_big" | "rest_upload_limited_space" | "rest_upload_sideload_error")
            if message.contains("size") || code == "rest_upload_file_too_big" =>
        {
            too_large(limit_in(&message))
        }
        (403, _) => PortalError::Forbidden(if message.is_empty() { code } else { message }),
        (404, "rest_no_route") => PortalError::NoApi(String::new()),
        (s, _) if s >= 500 => {
            PortalError::Server { status: s, detail: if message.is_empty() { code } else { message } }
        }
        (s, _) => PortalError::Rejected { status: s, code, message },
    })
}

/// "… exceeds the maximum upload size (2 MB) …" → bytes, when WordPress says its limit.
fn limit_in(message: &str) -> Option<u64> {
    let digits: String = message
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .find(|part| !part.is_empty() && part.chars().any(|c| c.is_ascii_digit()))?
        .to_string();
    let n: f64 = digits.parse().ok()?;
    let lower = message.to_lowercase();
    let unit = if lower.contains("gb") {
        1024.0 * 1024.0 * 1024.0
    } else if lower.contains("kb") {
        1024.0
    } else {
        1024.0 * 1024.0
    };
    Some((n * unit) as u64)
}

fn transport(t: &ureq::Transport) -> PortalError {
    let detail = t.to_string();
    let lower = detail.to_lowercase();
    if lower.contains("timed out") || lower.contains("timeout") {
        PortalError::Timeout
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        PortalError::Tls(detail)
    } else {
        PortalError::Offline(detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_upload_limits_are_read_from_its_message() {
        let m = "This file exceeds the maximum upload size for this site. Maximum size: 2 MB.";
        assert_eq!(limit_in(m), Some(2 * 1024 * 1024));
        assert_eq!(limit_in("Maximum size: 512 KB."), Some(512 * 1024));
        assert_eq!(limit_in("Too big."), None);
    }
}
