//! What the portal reads from a rendition besides its pixels: the caption, alt text, credit and
//! copyright the app holds, written into the JPEG as XMP and as IPTC IIM (older tools and many
//! publishing systems read only the latter). Pure functions on bytes: no file, no store.

/// The words stamped into a rendition. Empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamp {
    pub caption: String,
    pub alt_text: String,
    pub credit: String,
    pub copyright: String,
}

/// IIM field limits in bytes (IPTC IIM 4.2): longer values are cut at a character boundary.
/// XMP has no such limits; only a JPEG segment's size bounds it.
pub const IIM_CAPTION_MAX: usize = 2000;
pub const IIM_CREDIT_MAX: usize = 32;
pub const IIM_COPYRIGHT_MAX: usize = 128;

const XMP_NS: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const XMP_EXT_NS: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
const EXIF_ID: &[u8] = b"Exif\0";
const PHOTOSHOP_ID: &[u8] = b"Photoshop 3.0\0";
/// A segment's payload: 65535 less the two length bytes.
const SEGMENT_MAX: usize = 65533;

/// `jpeg` with its caption, alt text, credit and copyright replaced by `stamp`'s: every XMP
/// (APP1) and Photoshop/IPTC (APP13) segment is removed, then one XMP packet and one IPTC block
/// are put after SOI (after a leading JFIF APP0 and EXIF APP1, as cameras and exiftool order
/// them). The pixels' bytes are copied untouched. Bytes that are not a JPEG come back unchanged.
pub fn stamp_jpeg(jpeg: &[u8], stamp: &Stamp) -> Vec<u8> {
    let Some(segments) = header_segments(jpeg) else { return jpeg.to_vec() };
    let mut out = Vec::with_capacity(jpeg.len() + 1024);
    out.extend_from_slice(&jpeg[..2]);
    // Leading APP0 (JFIF, JFXX) and EXIF stay first.
    let mut i = 0;
    while let Some(s) = segments.get(i) {
        let lead = s.marker == 0xE0 || (s.marker == 0xE1 && s.payload(jpeg).starts_with(EXIF_ID));
        if !lead {
            break;
        }
        out.extend_from_slice(&jpeg[s.start..s.end]);
        i += 1;
    }
    if let Some(xmp) = xmp_packet(stamp) {
        push_segment(&mut out, 0xE1, &[XMP_NS, xmp.as_bytes()].concat());
    }
    if let Some(iptc) = photoshop_iptc(stamp) {
        push_segment(&mut out, 0xED, &iptc);
    }
    let mut rest_from = segments.get(i).map_or(segments.last().map_or(2, |s| s.end), |s| s.start);
    for s in &segments[i..] {
        let payload = s.payload(jpeg);
        let stale =
            (s.marker == 0xE1 && (payload.starts_with(XMP_NS) || payload.starts_with(XMP_EXT_NS))) || s.marker == 0xED;
        if stale {
            out.extend_from_slice(&jpeg[rest_from..s.start]);
            rest_from = s.end;
        }
    }
    out.extend_from_slice(&jpeg[rest_from..]);
    out
}

/// One marker segment before the image data: `start..end` covers the marker and its length.
struct Segment {
    marker: u8,
    start: usize,
    end: usize,
}

impl Segment {
    fn payload<'a>(&self, jpeg: &'a [u8]) -> &'a [u8] {
        &jpeg[self.start + 4..self.end]
    }
}

/// The segments between SOI and the first SOS (or EOI), or `None` if `jpeg` is not a JPEG.
fn header_segments(jpeg: &[u8]) -> Option<Vec<Segment>> {
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 2;
    loop {
        // Fill bytes (0xFF repeated) may precede a marker.
        while jpeg.get(i) == Some(&0xFF) && jpeg.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if jpeg.get(i) != Some(&0xFF) {
            return None;
        }
        let marker = *jpeg.get(i + 1)?;
        if marker == 0xDA || marker == 0xD9 {
            return Some(out);
        }
        let len = u16::from_be_bytes([*jpeg.get(i + 2)?, *jpeg.get(i + 3)?]) as usize;
        if len < 2 || i + 2 + len > jpeg.len() {
            return None;
        }
        out.push(Segment { marker, start: i, end: i + 2 + len });
        i += 2 + len;
    }
}

fn push_segment(out: &mut Vec<u8>, marker: u8, payload: &[u8]) {
    debug_assert!(payload.len() <= SEGMENT_MAX);
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
}

/// The XMP packet (UTF-8), or `None` when every field is empty. A packet too large for one
/// segment (captions of some 16,000 characters or more) has its longest field cut until it fits,
/// rather than spilling into Extended XMP, which few readers follow.
fn xmp_packet(stamp: &Stamp) -> Option<String> {
    let mut fields = [
        clean_text(&stamp.caption),
        clean_text(&stamp.copyright),
        clean_text(&stamp.credit),
        clean_text(&stamp.alt_text),
    ];
    if fields.iter().all(|f| f.is_empty()) {
        return None;
    }
    loop {
        let packet = build_xmp(&fields);
        let over = (XMP_NS.len() + packet.len()).saturating_sub(SEGMENT_MAX);
        if over == 0 {
            return Some(packet);
        }
        // Escaping at most sextuples a byte (" becomes &quot;): cutting `over` bytes always helps.
        let longest = (0..fields.len()).max_by_key(|&k| fields[k].len()).unwrap_or(0);
        let keep = fields[longest].len().saturating_sub(over.max(1));
        fields[longest] = cut_utf8(&fields[longest], keep).to_string();
    }
}

fn build_xmp([caption, copyright, credit, alt_text]: &[String; 4]) -> String {
    let alt = |tag: &str, value: &str| {
        if value.is_empty() {
            String::new()
        } else {
            format!(
                "   <{tag}>\n    <rdf:Alt>\n     <rdf:li xml:lang=\"x-default\">{}</rdf:li>\n    </rdf:Alt>\n   </{tag}>\n",
                xml_escape(value)
            )
        }
    };
    let simple = |tag: &str, value: &str| {
        if value.is_empty() {
            String::new()
        } else {
            format!("   <{tag}>{}</{tag}>\n", xml_escape(value))
        }
    };
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n \
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  \
         <rdf:Description rdf:about=\"\"\n    \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n    \
         xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\"\n    \
         xmlns:Iptc4xmpCore=\"http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/\">\n\
         {}{}{}{}  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>",
        alt("dc:description", caption),
        alt("dc:rights", copyright),
        simple("photoshop:Credit", credit),
        alt("Iptc4xmpCore:AltTextAccessibility", alt_text),
    )
}

/// Drops what XML 1.0 cannot carry (control characters other than tab and line breaks).
fn clean_text(s: &str) -> String {
    s.chars().filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect()
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A bare CR would be read back as LF.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn cut_utf8(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The APP13 payload: "Photoshop 3.0", one 8BIM resource 0x0404 holding the IPTC IIM records,
/// or `None` when caption, credit and copyright are all empty (IIM has no alt-text field).
fn photoshop_iptc(stamp: &Stamp) -> Option<Vec<u8>> {
    let fields = [
        (120u8, clean_text(&stamp.caption), IIM_CAPTION_MAX),
        (110, clean_text(&stamp.credit), IIM_CREDIT_MAX),
        (116, clean_text(&stamp.copyright), IIM_COPYRIGHT_MAX),
    ];
    if fields.iter().all(|(_, v, _)| v.is_empty()) {
        return None;
    }
    let mut iim = Vec::new();
    let mut dataset = |record: u8, number: u8, value: &[u8]| {
        iim.extend_from_slice(&[0x1C, record, number]);
        iim.extend_from_slice(&(value.len() as u16).to_be_bytes());
        iim.extend_from_slice(value);
    };
    // 1:90 Coded Character Set = ESC % G: the text is UTF-8.
    dataset(1, 90, b"\x1b%G");
    // 2:00 Record Version 4.
    dataset(2, 0, &4u16.to_be_bytes());
    for (number, value, max) in &fields {
        if !value.is_empty() {
            dataset(2, *number, cut_utf8(value, *max).as_bytes());
        }
    }
    let mut out = PHOTOSHOP_ID.to_vec();
    out.extend_from_slice(b"8BIM");
    out.extend_from_slice(&0x0404u16.to_be_bytes());
    // Empty name: a zero-length Pascal string padded to an even size.
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&(iim.len() as u32).to_be_bytes());
    out.extend_from_slice(&iim);
    if iim.len() % 2 == 1 {
        out.push(0);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SOI, JFIF APP0, a tiny DQT stand-in, SOS with two bytes of "scan", EOI.
    fn tiny_jpeg(extra: &[(u8, &[u8])]) -> Vec<u8> {
        let mut j = vec![0xFF, 0xD8];
        push_segment(&mut j, 0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        for (marker, payload) in extra {
            push_segment(&mut j, *marker, payload);
        }
        push_segment(&mut j, 0xDB, &[0; 5]);
        j.extend_from_slice(&[0xFF, 0xDA, 0, 2, 0x12, 0x34, 0xFF, 0xD9]);
        j
    }

    fn markers(j: &[u8]) -> Vec<(u8, Vec<u8>)> {
        header_segments(j).unwrap().iter().map(|s| (s.marker, s.payload(j).to_vec())).collect()
    }

    fn stamp() -> Stamp {
        Stamp {
            caption: "Phó Chủ tịch UBND huyện phát biểu tại hội nghị".into(),
            alt_text: "Người đàn ông đứng trước micro".into(),
            credit: "Ảnh: Nguyễn Văn An".into(),
            copyright: "© Báo Tòa Soạn".into(),
        }
    }

    /// The IIM datasets of an APP13 payload written by [`photoshop_iptc`].
    fn iim(payload: &[u8]) -> Vec<(u8, u8, Vec<u8>)> {
        assert!(payload.starts_with(PHOTOSHOP_ID));
        let r = &payload[PHOTOSHOP_ID.len()..];
        assert_eq!(&r[..4], b"8BIM");
        assert_eq!(&r[4..6], &[0x04, 0x04]);
        let size = u32::from_be_bytes([r[8], r[9], r[10], r[11]]) as usize;
        let mut data = &r[12..12 + size];
        let mut out = Vec::new();
        while !data.is_empty() {
            assert_eq!(data[0], 0x1C);
            let len = u16::from_be_bytes([data[3], data[4]]) as usize;
            out.push((data[1], data[2], data[5..5 + len].to_vec()));
            data = &data[5 + len..];
        }
        out
    }

    #[test]
    fn stamps_after_jfif_and_replaces_old_xmp_and_iptc() {
        let old_xmp = [XMP_NS, b"<x:xmpmeta>old</x:xmpmeta>"].concat();
        let icc = b"ICC_PROFILE\0\x01\x01data".to_vec();
        let j = tiny_jpeg(&[(0xE1, &old_xmp), (0xED, b"Photoshop 3.0\0old"), (0xE2, &icc)]);
        let out = stamp_jpeg(&j, &stamp());
        let m = markers(&out);
        let kinds: Vec<u8> = m.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, [0xE0, 0xE1, 0xED, 0xE2, 0xDB]);
        assert!(m[1].1.starts_with(XMP_NS));
        let xmp = std::str::from_utf8(&m[1].1[XMP_NS.len()..]).unwrap();
        assert!(xmp.contains("<rdf:li xml:lang=\"x-default\">Phó Chủ tịch UBND huyện phát biểu tại hội nghị</rdf:li>"));
        assert!(xmp.contains("<photoshop:Credit>Ảnh: Nguyễn Văn An</photoshop:Credit>"));
        assert!(xmp.contains("Iptc4xmpCore:AltTextAccessibility"));
        assert!(!xmp.contains("old"));
        assert_eq!(m[3].1, icc, "other segments are kept as they were");
        let records = iim(&m[2].1);
        assert_eq!(records[0], (1, 90, b"\x1b%G".to_vec()));
        assert!(records.contains(&(2, 120, stamp().caption.into_bytes())));
        assert!(records.contains(&(2, 110, stamp().credit.into_bytes())));
        assert!(records.contains(&(2, 116, stamp().copyright.into_bytes())));
        // The image data is copied byte for byte.
        assert!(out.ends_with(&[0xFF, 0xDA, 0, 2, 0x12, 0x34, 0xFF, 0xD9]));
        // Stamping again replaces rather than adds.
        let twice = stamp_jpeg(&out, &Stamp { caption: "Mới".into(), ..Stamp::default() });
        let m2 = markers(&twice);
        assert_eq!(m2.iter().filter(|(k, _)| *k == 0xE1).count(), 1);
        assert_eq!(m2.iter().filter(|(k, _)| *k == 0xED).count(), 1);
        let records = iim(&m2.iter().find(|(k, _)| *k == 0xED).unwrap().1);
        assert_eq!(records.iter().filter(|r| r.0 == 2 && r.1 != 0).count(), 1, "empty fields are left out");
    }

    #[test]
    fn an_empty_stamp_removes_the_old_words() {
        let j = tiny_jpeg(&[(0xE1, &[XMP_NS, b"x"].concat()), (0xED, b"Photoshop 3.0\0old")]);
        let out = stamp_jpeg(&j, &Stamp::default());
        assert_eq!(markers(&out).iter().map(|(k, _)| *k).collect::<Vec<_>>(), [0xE0, 0xDB]);
    }

    #[test]
    fn exif_stays_before_the_stamp() {
        let j = tiny_jpeg(&[(0xE1, b"Exif\0\0MM\0\x2a")]);
        let out = stamp_jpeg(&j, &stamp());
        let m = markers(&out);
        assert!(m[1].1.starts_with(EXIF_ID) && m[2].1.starts_with(XMP_NS));
    }

    #[test]
    fn xml_is_escaped_and_control_characters_dropped() {
        let s = Stamp { caption: "A < B & \"C\" 'D' >\u{7}".into(), ..Stamp::default() };
        let xmp = xmp_packet(&s).unwrap();
        assert!(xmp.contains("A &lt; B &amp; &quot;C&quot; &apos;D&apos; &gt;</rdf:li>"), "{xmp}");
    }

    #[test]
    fn overlong_values_are_cut_to_iim_limits_on_character_boundaries() {
        let s = Stamp {
            credit: "Ảnh: Thông tấn xã Việt Nam — Nguyễn Văn An".into(),
            caption: "ệ".repeat(1000),
            ..Stamp::default()
        };
        let records = iim(&photoshop_iptc(&s).unwrap());
        let credit = &records.iter().find(|r| r.1 == 110).unwrap().2;
        assert!(credit.len() <= IIM_CREDIT_MAX);
        assert!(s.credit.starts_with(std::str::from_utf8(credit).unwrap()));
        let caption = &records.iter().find(|r| r.1 == 120).unwrap().2;
        assert!(caption.len() <= IIM_CAPTION_MAX && caption.len() > IIM_CAPTION_MAX - 3);
        assert!(std::str::from_utf8(caption).is_ok());
        // XMP keeps the whole caption.
        assert!(xmp_packet(&s).unwrap().contains(&s.caption));
    }

    #[test]
    fn a_huge_caption_still_fits_one_segment() {
        let s = Stamp { caption: "Đ&".repeat(30_000), credit: "Ảnh: A".into(), ..Stamp::default() };
        let out = stamp_jpeg(&tiny_jpeg(&[]), &s);
        let m = markers(&out);
        let xmp = &m.iter().find(|(k, p)| *k == 0xE1 && p.starts_with(XMP_NS)).unwrap().1;
        assert!(xmp.len() <= SEGMENT_MAX);
        let text = std::str::from_utf8(&xmp[XMP_NS.len()..]).unwrap();
        assert!(
            text.contains("<photoshop:Credit>Ảnh: A</photoshop:Credit>") && text.ends_with("<?xpacket end=\"w\"?>")
        );
    }

    #[test]
    fn bytes_that_are_not_a_jpeg_come_back_unchanged() {
        assert_eq!(stamp_jpeg(b"\x89PNG\r\n", &stamp()), b"\x89PNG\r\n");
        let cut = &tiny_jpeg(&[])[..10];
        assert_eq!(stamp_jpeg(cut, &stamp()), cut);
    }
}
