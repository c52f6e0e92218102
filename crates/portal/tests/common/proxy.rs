//! A fault-injecting proxy between the app and the test WordPress: it forwards each request
//! (one per connection) and, for the next request that matches a rule, does what a bad network
//! or a failing portal does — drops the answer after the portal acted, answers 500 or 503,
//! stalls past the client's timeout, cuts the connection in the middle of an upload, or
//! answers with an HTML page.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward, let the portal act, then close without answering.
    DropAnswer,
    /// Answer this status without forwarding.
    Status(u16),
    /// Forward, let the portal act, answer only after this long.
    Stall(Duration),
    /// Forward half of the request body, then close both sides.
    CutUpload,
    /// Answer 200 with a web page, without forwarding (a captive portal).
    Html,
}

struct Rule {
    method: &'static str,
    path_has: &'static str,
    fault: Fault,
}

#[derive(Clone)]
pub struct Proxy {
    pub url: String,
    rules: Arc<Mutex<Vec<Rule>>>,
    /// While set, every request matching (method "" = any, path part) gets the fault.
    always: Arc<Mutex<Vec<Rule>>>,
    /// Requests seen, as "METHOD path".
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    /// A proxy to `upstream` ("127.0.0.1:8089").
    pub fn start(upstream: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let proxy = Proxy { url, rules: Default::default(), always: Default::default(), seen: Default::default() };
        let (rules, always, seen, upstream) =
            (proxy.rules.clone(), proxy.always.clone(), proxy.seen.clone(), upstream.to_string());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (rules, always, seen, upstream) = (rules.clone(), always.clone(), seen.clone(), upstream.clone());
                std::thread::spawn(move || {
                    let _ = serve(client, &upstream, &rules, &always, &seen);
                });
            }
        });
        proxy
    }

    /// The next request whose method is `method` and whose path contains `path_has` gets `fault`.
    pub fn once(&self, method: &'static str, path_has: &'static str, fault: Fault) {
        self.rules.lock().unwrap().push(Rule { method, path_has, fault });
    }

    /// From now on every request whose path contains `path_has` gets `fault` (until `heal`).
    pub fn always(&self, path_has: &'static str, fault: Fault) {
        self.always.lock().unwrap().push(Rule { method: "", path_has, fault });
    }

    pub fn heal(&self) {
        self.always.lock().unwrap().clear();
    }

    pub fn pending_faults(&self) -> usize {
        self.rules.lock().unwrap().len()
    }
}

fn read_head(stream: &mut TcpStream) -> std::io::Result<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.push(byte[0]);
    }
    Ok((String::from_utf8_lossy(&buf).to_string(), buf))
}

fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case("content-length").then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0)
}

fn serve(
    mut client: TcpStream,
    upstream: &str,
    rules: &Mutex<Vec<Rule>>,
    always: &Mutex<Vec<Rule>>,
    seen: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let (head, _) = read_head(&mut client)?;
    let mut body = vec![0u8; content_length(&head)];
    client.read_exact(&mut body)?;
    let request_line = head.lines().next().unwrap_or_default().to_string();
    let mut parts = request_line.split(' ');
    let (method, path) = (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or_default().to_string());
    let decoded = path.replace("%2F", "/");
    seen.lock().unwrap().push(format!("{method} {decoded}"));
    let fault = {
        let mut rules = rules.lock().unwrap();
        let at = rules.iter().position(|r| r.method == method && decoded.contains(r.path_has));
        at.map(|i| rules.remove(i).fault)
            .or_else(|| always.lock().unwrap().iter().find(|r| decoded.contains(r.path_has)).map(|r| r.fault))
    };
    // One request per connection, whatever the client asked.
    let head = head
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect::<Vec<_>>()
        .join("\r\n")
        .trim_end()
        .to_string()
        + "\r\nConnection: close\r\n\r\n";
    match fault {
        Some(Fault::Status(code)) => {
            let text =
                format!("{{\"code\":\"proxy_fault\",\"message\":\"injected {code}\",\"data\":{{\"status\":{code}}}}}");
            write!(client, "HTTP/1.1 {code} Fault\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}", text.len())?;
            return Ok(());
        }
        Some(Fault::Html) => {
            let page = "<!doctype html><html><body>Đăng nhập Wi-Fi để tiếp tục</body></html>";
            write!(client, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}", page.len())?;
            return Ok(());
        }
        _ => {}
    }
    let mut up = TcpStream::connect(upstream)?;
    up.write_all(head.as_bytes())?;
    if fault == Some(Fault::CutUpload) {
        up.write_all(&body[..body.len() / 2])?;
        let _ = up.shutdown(std::net::Shutdown::Both);
        let _ = client.shutdown(std::net::Shutdown::Both);
        return Ok(());
    }
    up.write_all(&body)?;
    let mut answer = Vec::new();
    up.read_to_end(&mut answer)?;
    match fault {
        Some(Fault::DropAnswer) => {
            let _ = client.shutdown(std::net::Shutdown::Both);
        }
        Some(Fault::Stall(d)) => {
            std::thread::sleep(d);
            let _ = client.write_all(&answer);
        }
        _ => client.write_all(&answer)?,
    }
    Ok(())
}
