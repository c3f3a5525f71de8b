//! Masking of personal data in every answer of the portal: the operator recognises the value the
//! caller reads out without ever seeing it whole (anti social-engineering).

/// `******4050` → `**4050`: the visible digits are what the operator reads back to the caller, so
/// the stars give way first; the list, the detail and every dialog show this same short form.
pub fn compact_mask(masked: &str) -> String {
    let mut out = String::with_capacity(masked.len());
    let mut stars = 0;
    for c in masked.chars() {
        if c == '*' {
            stars += 1;
            if stars <= 2 {
                out.push(c);
            }
        } else {
            stars = 0;
            out.push(c);
        }
    }
    out
}

/// `juan.perez@gmail.com` → `j****z@gmail.com`: first and last letter of the local part.
pub fn mask_email(email: &str) -> String {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return mask_middle(email, 1, 1);
    };
    let chars: Vec<char> = local.chars().collect();
    let local = match chars.len() {
        0 => String::new(),
        1 | 2 => format!("{}****", chars[0]),
        n => format!("{}****{}", chars[0], chars[n - 1]),
    };
    format!("{local}@{domain}")
}

/// `3001234567` → `******4567`: only the last four digits stay.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() <= 4 {
        return "*".repeat(digits.len());
    }
    let shown: String = digits[digits.len() - 4..].iter().collect();
    format!("{}{}", "*".repeat(digits.len() - 4), shown)
}

/// `1020304050` → `******4050`.
pub fn mask_document(document: &str) -> String {
    let chars: Vec<char> = document.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    mask_middle(document, 0, 4)
}

fn mask_middle(s: &str, keep_start: usize, keep_end: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= keep_start + keep_end {
        return "*".repeat(chars.len());
    }
    let start: String = chars[..keep_start].iter().collect();
    let end: String = chars[chars.len() - keep_end..].iter().collect();
    format!(
        "{start}{}{end}",
        "*".repeat(chars.len() - keep_start - keep_end)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_email("juanz@gmail.com"), "j****z@gmail.com");
        assert_eq!(mask_email("jo@x.co"), "j****@x.co");
        assert_eq!(mask_email("nada"), "n**a");
        assert_eq!(mask_phone("+57 300 123 4567"), "********4567");
        assert_eq!(mask_document("1020304050"), "******4050");
        assert_eq!(mask_document("123"), "***");
    }
}
