//! Text entering the store: Unicode NFC always, body HTML through an allowlist.

use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use unicode_normalization::UnicodeNormalization;

/// Vietnamese letters typed or pasted in NFD ("a" + combining marks) become one code point each.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// An ASCII slug for the portal's address: "Đỗ Anh Tuấn" → "do-anh-tuan". Diacritics go, "đ"
/// becomes "d", anything else that is not a letter or digit separates words. At most 80
/// characters, cut at a word.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.len() > 80 {
        let cut = out[..81].rfind('-').unwrap_or(80);
        out.truncate(cut);
    }
    out
}

/// The tags the editor makes; everything else (scripts, event handlers, styles, iframes,
/// `javascript:` links) is removed before the body is stored, shown or sent.
pub fn sanitize_body(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let cleaner = CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::empty();
        b.add_tags([
            "p",
            "br",
            "h2",
            "h3",
            "h4",
            "strong",
            "b",
            "em",
            "i",
            "u",
            "s",
            "ul",
            "ol",
            "li",
            "blockquote",
            "a",
            "figure",
            "img",
            "figcaption",
        ])
        .add_tag_attributes("a", ["href", "title"])
        .add_tag_attributes("figure", ["data-photo-id"])
        .add_tag_attributes("img", ["src", "alt"])
        .url_schemes(["http", "https", "mailto", "photo"].into_iter().collect())
        // Photos come only from the library (`photo://localhost/<id>/<edge>`): nothing remote is
        // ever loaded, and a link cannot point into the library.
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") => is_library_photo_url(value).then(|| value.into()),
            ("a", "href") => (!value.trim_start().to_ascii_lowercase().starts_with("photo:")).then(|| value.into()),
            ("figure", "data-photo-id") => {
                (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())).then(|| value.into())
            }
            _ => Some(value.into()),
        })
        .link_rel(Some("noopener noreferrer"));
        b
    });
    drop_images_without_src(&cleaner.clean(&nfc(html)).to_string())
}

/// An `<img>` whose address the filter removed (remote, or not a library photo) shows nothing
/// and would only confuse the portal: it goes. Input is ammonia's output, so tags are well formed.
fn drop_images_without_src(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<img") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = &rest[i..end];
        if tag.contains(" src=\"") {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `photo://localhost/<id>/<long edge>`, the only image address a body may hold.
pub fn is_library_photo_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("photo://localhost/") else { return false };
    let mut parts = rest.split('/');
    let number =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.len() < 12 && p.bytes().all(|b| b.is_ascii_digit()));
    number(parts.next()) && number(parts.next()) && parts.next().is_none()
}

/// Plain text (a .txt file, the sample report) as body HTML: blank lines separate paragraphs.
pub fn paragraphs_to_html(text: &str) -> String {
    let text = nfc(text).replace("\r\n", "\n");
    let mut html = String::new();
    for para in text.split("\n\n") {
        let para = para.trim();
        if para.is_empty() {
            continue;
        }
        html.push_str("<p>");
        html.push_str(&escape(&para.replace('\n', " ")));
        html.push_str("</p>\n");
    }
    html
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Sanitised HTML as text, every space kept as typed (a non-breaking space stays U+00A0): a
/// blank line after each block, a line break for `<br>` and each list item.
pub fn html_to_raw_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut tag = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let closing = tag.starts_with('/');
                match tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or("") {
                    "p" | "h2" | "h3" | "h4" | "blockquote" | "ul" | "ol" | "figcaption" | "figure" if closing => {
                        out.push_str("\n\n")
                    }
                    "li" | "br" if !closing => out.push('\n'),
                    _ => {}
                }
            }
            _ if in_tag => tag.push(c),
            _ => out.push(c),
        }
    }
    decode_entities(&out)
}

/// HTML character references decoded in one pass (so "&amp;lt;" stays "&lt;"): numeric ones,
/// which WordPress writes for typographic quotes and dashes ("&#8220;", "&#8211;"), and the
/// named ones sanitisers and portals use. An unknown one is left as written.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                Some(match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "nbsp" => '\u{a0}',
                    "ndash" => '–',
                    "mdash" => '—',
                    "hellip" => '…',
                    "lsquo" => '‘',
                    "rsquo" => '’',
                    "ldquo" => '“',
                    "rdquo" => '”',
                    "laquo" => '«',
                    "raquo" => '»',
                    _ => return None,
                })
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The body as plain text with a blank line between blocks, for the CLI. Input is sanitised HTML.
pub fn html_to_paragraphs(html: &str) -> String {
    let blocks: Vec<String> = html_to_raw_text(html)
        .split("\n\n")
        .map(|b| {
            b.lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|b| !b.is_empty())
        .collect();
    blocks.join("\n\n")
}

/// The top-level blocks of sanitised body HTML (`<p>…</p>`, `<ul>…</ul>`, …), each whole;
/// loose text between blocks becomes a block of its own.
pub fn html_blocks(html: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        let (piece, tail) = match rest.find('<') {
            Some(0) => {
                let end = rest.find('>').map(|i| i + 1).unwrap_or(rest.len());
                rest.split_at(end)
            }
            Some(i) => rest.split_at(i),
            None => rest.split_at(rest.len()),
        };
        rest = tail;
        if let Some(tag) = piece.strip_prefix('<') {
            let closing = tag.starts_with('/');
            let void = tag.starts_with("br") || tag.ends_with("/>");
            current.push_str(piece);
            if closing {
                depth = depth.saturating_sub(1);
            } else if !void {
                depth += 1;
            }
            if depth == 0 && !current.trim().is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else if depth == 0 {
            if !piece.trim().is_empty() {
                blocks.push(piece.trim().to_string());
            }
        } else {
            current.push_str(piece);
        }
    }
    if !current.trim().is_empty() {
        blocks.push(current);
    }
    blocks
}

/// The body as one line of plain text, for list excerpts.
pub fn html_to_text(html: &str) -> String {
    html_to_paragraphs(html).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `max` characters of the text, cut at a word.
pub fn excerpt(html: &str, max: usize) -> String {
    let text = html_to_text(html);
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut}…")
}

pub fn now_utc() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is
/// Asia/Ho_Chi_Minh for every date the office publishes.
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("valid offset")
}

/// "16/01/2020 | 11:19", the portal's way of writing a time, in Vietnam's time.
pub fn portal_time(utc_rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(utc_rfc3339) {
        Ok(t) => t.with_timezone(&vietnam()).format("%d/%m/%Y | %H:%M").to_string(),
        Err(_) => utc_rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_photos_in_figures_survive_and_nothing_else_loads() {
        let figure = r#"<figure data-photo-id="12"><img src="photo://localhost/12/1024" alt="Hội nghị"><figcaption>Đại biểu phát biểu</figcaption></figure>"#;
        assert_eq!(sanitize_body(figure), figure);
        for (dirty, clean) in [
            (r#"<p>a<img src="https://tracker.example/p.gif">b</p>"#, "<p>ab</p>"),
            (r#"<img src="photo://localhost/12/../../etc/passwd">"#, ""),
            (r#"<img src="photo://evil.example/1/2" alt="x">"#, ""),
            (r#"<img src="x" onerror="alert(1)">"#, ""),
            (
                r#"<figure data-photo-id="1 or 1=1" onclick="x()"><figcaption>a</figcaption></figure>"#,
                "<figure><figcaption>a</figcaption></figure>",
            ),
            (r#"<a href="photo://localhost/1/2">a</a>"#, r#"<a rel="noopener noreferrer">a</a>"#),
        ] {
            assert_eq!(sanitize_body(dirty), clean, "{dirty}");
        }
        assert_eq!(html_to_paragraphs(figure), "Đại biểu phát biểu");
    }

    #[test]
    fn slugs_are_ascii_words() {
        let table = [
            ("Đỗ Anh Tuấn", "do-anh-tuan"),
            ("ĐẠI HỘI Đảng bộ", "dai-hoi-dang-bo"),
            ("Hội nghị “Dân vận khéo” năm 2019!", "hoi-nghi-dan-van-kheo-nam-2019"),
            ("  Quận ủy – Tây Hồ  ", "quan-uy-tay-ho"),
            ("Thuỷ, thủy, hoà, hòa", "thuy-thuy-hoa-hoa"),
            ("Tie\u{302}\u{301}ng Vie\u{323}\u{302}t (NFD)", "tieng-viet-nfd"),
            ("ơ ư ă â ê ô Ơ Ư Ă Â Ê Ô", "o-u-a-a-e-o-o-u-a-a-e-o"),
            ("", ""),
            ("!!!", ""),
        ];
        for (title, slug) in table {
            assert_eq!(slugify(title), slug, "{title}");
        }
        let long = slugify("Ban Dân vận tổ chức tổng kết công tác dân vận năm 2019 và đánh giá kết quả thực hiện năm dân vận chính quyền");
        assert!(long.len() <= 80 && !long.ends_with('-'), "{long}");
        assert!(long.starts_with("ban-dan-van-to-chuc-tong-ket"));
    }

    #[test]
    fn nfd_vietnamese_becomes_nfc() {
        let nfd = "Tie\u{0302}\u{0301}ng Vie\u{0323}\u{0302}t";
        assert_eq!(nfc(nfd), "Tiếng Việt");
    }

    #[test]
    fn sanitiser_removes_scripts_handlers_styles_and_javascript_links() {
        let dirty = r#"<p onclick="x()" style="color:red">Chào <b>bạn</b><script>alert(1)</script></p><iframe src="http://x"></iframe><a href="javascript:alert(1)">lạ</a><a href="https://tayho.hanoi.gov.vn">cổng</a><style>p{}</style>"#;
        let clean = sanitize_body(dirty);
        assert_eq!(
            clean,
            r#"<p>Chào <b>bạn</b></p><a rel="noopener noreferrer">lạ</a><a href="https://tayho.hanoi.gov.vn" rel="noopener noreferrer">cổng</a>"#
        );
    }

    #[test]
    fn paragraphs_and_text_round_trip() {
        let html = paragraphs_to_html("Một là, A & B.\n\nHai là, <C>.\n");
        assert_eq!(html, "<p>Một là, A &amp; B.</p>\n<p>Hai là, &lt;C&gt;.</p>\n");
        assert_eq!(html_to_text(&html), "Một là, A & B. Hai là, <C>.");
        assert_eq!(excerpt(&html, 12), "Một là, A &…");
    }

    #[test]
    fn body_html_splits_into_top_level_blocks() {
        let html = "<p>Một <b>hai</b></p>\n<ul><li><p>a</p></li><li>b</li></ul>lẻ<h2>Tiêu đề</h2><p>x<br>y</p>";
        assert_eq!(
            html_blocks(html),
            vec![
                "<p>Một <b>hai</b></p>",
                "<ul><li><p>a</p></li><li>b</li></ul>",
                "lẻ",
                "<h2>Tiêu đề</h2>",
                "<p>x<br>y</p>"
            ]
        );
    }

    #[test]
    fn portal_time_is_vietnam_time() {
        assert_eq!(portal_time("2020-01-16T04:19:00Z"), "16/01/2020 | 11:19");
    }

    #[test]
    fn character_references_are_decoded_once() {
        assert_eq!(
            decode_entities("a &#8211; b &#x201C;c&#8221; &amp;lt; &hellip; &bogus; & x"),
            "a – b “c” &lt; … &bogus; & x"
        );
    }
}
