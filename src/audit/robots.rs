//! robots.txt (RFC 9309): which paths of a host candor may fetch.
//!
//! The groups for the `candor` product token apply if there are any, else the
//! groups for `*`, else everything is allowed. Within them, the rule with the
//! longest pattern that matches the path (and query) wins; on a tie `Allow`
//! wins. Patterns support `*` (any run of characters) and a final `$` (end of
//! path). `/robots.txt` itself is always allowed.

/// candor's product token, as matched against `User-agent` lines.
pub const PRODUCT_TOKEN: &str = "candor";

/// The largest robots.txt read; RFC 9309 asks crawlers to parse at least 500 KiB.
pub const MAX_ROBOTS_BYTES: u64 = 512 * 1024;

/// One `Allow` or `Disallow` line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    allow: bool,
    pattern: String,
}

/// The rules that apply to candor on one host.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Robots {
    rules: Vec<Rule>,
    /// Set when the server failed (5xx): RFC 9309 says assume complete disallow.
    disallow_all: Option<String>,
}

/// The verdict for one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Disallowed, with the rule that decided it (`Disallow: /private`).
    Disallowed(String),
}

impl Robots {
    /// No robots.txt (or a 4xx): everything is allowed.
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// The server could not say (5xx): nothing is allowed.
    pub fn disallow_all(reason: impl Into<String>) -> Robots {
        Robots {
            rules: Vec::new(),
            disallow_all: Some(reason.into()),
        }
    }

    /// Parse a robots.txt body for the `candor` token.
    pub fn parse(text: &str) -> Robots {
        let mut groups: Vec<(Vec<String>, Vec<Rule>)> = Vec::new();
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
            match key.as_str() {
                "user-agent" => {
                    if !in_agents {
                        groups.push((Vec::new(), Vec::new()));
                        in_agents = true;
                    }
                    if let Some((agents, _)) = groups.last_mut() {
                        agents.push(agent_token(value));
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    // An empty `Disallow:` allows everything: it adds no rule.
                    if let (Some((_, rules)), false) = (groups.last_mut(), value.is_empty()) {
                        rules.push(Rule {
                            allow: key == "allow",
                            pattern: value.to_string(),
                        });
                    }
                }
                // Other lines (Sitemap, Crawl-delay, ...) neither open nor close a group.
                _ => {}
            }
        }
        let pick = |token: &str| -> Vec<Rule> {
            groups
                .iter()
                .filter(|(agents, _)| agents.iter().any(|a| a == token))
                .flat_map(|(_, rules)| rules.iter().cloned())
                .collect()
        };
        let mine = pick(PRODUCT_TOKEN);
        let any_mine = groups
            .iter()
            .any(|(agents, _)| agents.iter().any(|a| a == PRODUCT_TOKEN));
        Robots {
            rules: if any_mine { mine } else { pick("*") },
            disallow_all: None,
        }
    }

    /// May candor fetch `path` (path and query of the URL)?
    pub fn check(&self, path: &str) -> Verdict {
        if path == "/robots.txt" {
            return Verdict::Allowed;
        }
        if let Some(reason) = &self.disallow_all {
            return Verdict::Disallowed(reason.clone());
        }
        let best = self
            .rules
            .iter()
            .filter(|rule| matches(&rule.pattern, path))
            .max_by(|a, b| a.pattern.len().cmp(&b.pattern.len()).then(a.allow.cmp(&b.allow)));
        match best {
            Some(rule) if !rule.allow => Verdict::Disallowed(format!("Disallow: {}", rule.pattern)),
            _ => Verdict::Allowed,
        }
    }
}

/// The product token of a `User-agent` value, lowercased (`Candor/1.0` → `candor`).
fn agent_token(value: &str) -> String {
    if value == "*" {
        return "*".into();
    }
    value
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Whether `pattern` matches a prefix of `path` (the whole path with a final `$`).
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let pattern = pattern.as_bytes();
    let path = path.as_bytes();
    // Classic wildcard matching with one backtrack point per `*`.
    let (mut p, mut s) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p == pattern.len() && (!anchored || s == path.len()) {
            return true;
        }
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, s));
            p += 1;
            continue;
        }
        if p < pattern.len() && s < path.len() && pattern[p] == path[s] {
            p += 1;
            s += 1;
            continue;
        }
        match star {
            Some((star_p, star_s)) if star_s < path.len() => {
                star = Some((star_p, star_s + 1));
                p = star_p + 1;
                s = star_s + 1;
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_wins_and_allow_wins_ties() {
        let robots = Robots::parse("User-agent: *\nDisallow: /private\nAllow: /private/open\nDisallow: /*.pdf$\n");
        assert_eq!(robots.check("/"), Verdict::Allowed);
        assert_eq!(
            robots.check("/private/x"),
            Verdict::Disallowed("Disallow: /private".into())
        );
        assert_eq!(robots.check("/private/open/page"), Verdict::Allowed);
        assert_eq!(
            robots.check("/a/b.pdf"),
            Verdict::Disallowed("Disallow: /*.pdf$".into())
        );
        assert_eq!(robots.check("/a/b.pdf?x"), Verdict::Allowed);
        let tie = Robots::parse("User-agent: *\nDisallow: /page\nAllow: /page\n");
        assert_eq!(tie.check("/page"), Verdict::Allowed);
    }

    #[test]
    fn candor_group_replaces_the_star_group() {
        let text = "User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /drafts\n\nUser-agent: Candor/0.1\nDisallow: /clinic\n# comment\nUser-agent: other\nDisallow: /x\n";
        let robots = Robots::parse(text);
        assert_eq!(robots.check("/drafts/a"), Verdict::Allowed);
        assert!(matches!(robots.check("/clinic/b"), Verdict::Disallowed(_)));
        assert_eq!(robots.check("/x"), Verdict::Allowed);
    }

    #[test]
    fn grouped_agents_share_rules_and_empty_disallow_allows() {
        let robots = Robots::parse("User-agent: a\nUser-agent: *\nDisallow: /a\n\nUser-agent: b\nDisallow:\n");
        assert!(matches!(robots.check("/a"), Verdict::Disallowed(_)));
        assert_eq!(
            Robots::parse("User-agent: *\nDisallow:\n").check("/a"),
            Verdict::Allowed
        );
        assert_eq!(Robots::allow_all().check("/x"), Verdict::Allowed);
        assert!(matches!(
            Robots::disallow_all("503").check("/x"),
            Verdict::Disallowed(_)
        ));
        assert_eq!(Robots::disallow_all("503").check("/robots.txt"), Verdict::Allowed);
    }

    #[test]
    fn wildcards() {
        assert!(matches("/*/end$", "/a/b/end"));
        assert!(!matches("/*/end$", "/a/b/end/x"));
        assert!(matches("/a*b", "/axxbyy"));
        assert!(!matches("/a*b", "/axx"));
        assert!(matches("*", "/anything"));
    }
}
