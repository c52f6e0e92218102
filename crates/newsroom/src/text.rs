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
        ])
        .add_tag_attributes("a", ["href", "title"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"));
        b
    });
    cleaner.clean(&nfc(html)).to_string()
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
                    "p" | "h2" | "h3" | "h4" | "blockquote" | "ul" | "ol" if closing => out.push_str("\n\n"),
                    "li" | "br" if !closing => out.push('\n'),
                    _ => {}
                }
            }
            _ if in_tag => tag.push(c),
            _ => out.push(c),
        }
    }
    out.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
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
}
