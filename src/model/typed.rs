//! Text as people type it: a Chinese input method in full-width mode writes `１２`,
//! `：` and `，` for the ASCII digits and signs every reader here expects.

/// The text with full-width ASCII forms (`１２：３０`, `１，２００．５`) and the
/// ideographic space as their ASCII counterparts; everything else as it is.
pub fn narrowed(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::narrowed;

    #[test]
    fn full_width_forms_become_ascii() {
        assert_eq!(narrowed("１２：３０"), "12:30");
        assert_eq!(narrowed("１，２００．５０"), "1,200.50");
        assert_eq!(narrowed("２０２６／１１／３　－"), "2026/11/3 -");
        assert_eq!(narrowed("10盒 ¥ 年"), "10盒 ¥ 年");
        assert_eq!(narrowed("ｐｃｓ"), "pcs");
    }
}
