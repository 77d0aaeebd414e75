//! Timestamps that open a line of a transcript or a chat export: where
//! speech breaks in text that has no punctuation to say so.

/// Byte length of a caption's timestamp in brackets (`[03:12] `, `(1:02:45) `)
/// at the start of `line`. An auto-captioned transcript has no punctuation:
/// its cues, one per line, are the only marks of where speech breaks, and
/// joined into one paragraph they made sentences of 2 KB in which a "don't"
/// on one line negated a claim on the next. A bare time opens prose too
/// ("10:30 or 11:00 works").
pub fn cue_marker(line: &str) -> usize {
    let close = match line.as_bytes().first() {
        Some(b'[') => ']',
        Some(b'(') => ')',
        _ => return 0,
    };
    let Some((stamp, rest)) = line[1..].split_once(close) else {
        return 0;
    };
    match rest.as_bytes().first() {
        Some(b' ' | b'\t') if is_time(stamp) => stamp.len() + 3,
        _ => 0,
    }
}

/// Byte length of a chat export's stamp and sender at the start of `line`:
/// "12/03/2026, 14:22 - Seoul Glow Clinic: " (WhatsApp on Android),
/// "[12/03/2026, 14:22:05] Seoul Glow Clinic: " (on iOS). A message without
/// a sender (the export's notices) loses its stamp only.
pub fn chat_marker(line: &str) -> usize {
    let bracketed = line.starts_with('[');
    let body = &line[usize::from(bracketed)..];
    let Some((date, rest)) = body.split_once(", ").or_else(|| body.split_once(' ')) else {
        return 0;
    };
    if !is_date(date) {
        return 0;
    }
    let time_end = rest.find([' ', ']', '\u{202f}']).unwrap_or(rest.len());
    if !is_time(&rest[..time_end]) {
        return 0;
    }
    let mut after = &rest[time_end..];
    // "2:22 PM", with an ordinary or a narrow no-break space before it.
    for space in [" ", "\u{202f}"] {
        if let Some(meridiem) = after.strip_prefix(space) {
            if let Some(rest) = ["AM", "PM", "am", "pm"].iter().find_map(|m| meridiem.strip_prefix(m)) {
                after = rest;
            }
        }
    }
    let after = if bracketed {
        after.strip_prefix("] ")
    } else {
        after.strip_prefix(" - ")
    };
    let Some(message) = after else {
        return 0;
    };
    let stamp = line.len() - message.len();
    // A sender is a name before ": ", short and without a colon of its own.
    match message.find(": ") {
        Some(colon) if colon <= 60 && !message[..colon].contains(':') => stamp + colon + 2,
        _ => stamp,
    }
}

/// Whether `line` is a timestamp alone, bracketed or not ("0:41"): a
/// transcript copied with each cue's time on a line of its own, between
/// captions, as a blank line is.
pub fn is_timestamp(line: &str) -> bool {
    let bare = line
        .strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
        .or_else(|| line.strip_prefix('(').and_then(|l| l.strip_suffix(')')))
        .unwrap_or(line);
    is_time(bare)
}

/// `m:ss`, `mm:ss` or `h:mm:ss`, with groups of one or two digits.
fn is_time(text: &str) -> bool {
    let groups = text.split(':');
    let count = groups.clone().count();
    (2..=3).contains(&count)
        && groups
            .into_iter()
            .all(|g| (1..=2).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// `d/m/yy`, `dd/mm/yyyy` or the same with dots: a day, a month and a year.
fn is_date(text: &str) -> bool {
    let sep = if text.contains('/') { '/' } else { '.' };
    let parts: Vec<&str> = text.split(sep).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].len() <= 2
        && parts[1].len() <= 2
        && matches!(parts[2].len(), 2 | 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_stamps_and_senders() {
        fn marker(line: &str) -> &str {
            &line[chat_marker(line)..]
        }
        assert_eq!(
            marker("12/03/2026, 14:22 - Seoul Glow Clinic: Hello Daniel!"),
            "Hello Daniel!"
        );
        assert_eq!(
            marker("[12/03/2026, 14:22:05] Daniel R: Can I stop it?"),
            "Can I stop it?"
        );
        assert_eq!(marker("3/12/26, 2:22\u{202f}PM - Mina: Yes 100%"), "Yes 100%");
        assert_eq!(
            marker("12/03/2026, 14:18 - Messages are encrypted."),
            "Messages are encrypted."
        );
        assert_eq!(
            marker("12/03/2026, 14:18 - Note: the time is 10:30"),
            "the time is 10:30"
        );
        for prose in [
            "12/03/2026 was a Tuesday.",
            "Call 14:22 - now",
            "1/2 of patients: none",
            "[00:41] hi",
        ] {
            assert_eq!(chat_marker(prose), 0, "{prose}");
        }
    }

    #[test]
    fn caption_cues_and_lone_times() {
        assert_eq!(cue_marker("[00:04] um"), 8);
        assert_eq!(cue_marker("(1:02:45) no"), 10);
        for not_a_cue in [
            "[00:04]no space",
            "[123:45] x",
            "[1:2:3:4] x",
            "[00:04 x",
            "[5] x",
            "[12:] x",
            "00:41 x",
        ] {
            assert_eq!(cue_marker(not_a_cue), 0, "{not_a_cue}");
        }
        assert!(is_timestamp("0:41") && is_timestamp("[1:02:45]") && !is_timestamp("10:30 or"));
    }
}
