//! Is a document a treatment page: does it present the treatment to a reader
//! as something to have? The `[treatment]` signals of rules/disclosures/,
//! weighed into a verdict that carries its own reason.
//!
//! A treatment page names the treatment at least `min-subject` times,
//! addresses the reader as a prospective patient in at least `min-offer`
//! different ways, and is not mainly about another subject: no `other`
//! pattern (careers, privacy, news, forum talk) matches as often as the
//! treatment is named.

use crate::disclosure::Segmented;
use std::ops::Range;

use crate::matcher::{matches_from, Matcher};
use crate::rules::RuleSet;
use crate::segment::Sentence;

/// Whether the document is a treatment page, and a sentence saying why.
/// `hits` says, per block, which of the matcher's document patterns match
/// somewhere in it.
///
/// The treatment counts as named only outside questions: a checklist of
/// questions to ask a clinic ("Which product will you use: exosomes or a
/// growth-factor cocktail?") names it without presenting it.
pub fn classify(doc: &Segmented<'_>, rules: &RuleSet) -> (bool, String) {
    let m = &rules.matcher;
    let signals = &rules.treatment;
    if m.treatment.subject.is_empty() {
        return (false, "not a treatment page: no treatment signals are loaded".into());
    }
    let [subject, offer, other] = Tally::of_each(
        doc,
        m,
        [
            Count {
                range: m.treatment.subject.clone(),
                skip: &Sentence::is_question,
                limit: usize::MAX,
            },
            // Offers count by kind: the first match of each is all the verdict needs.
            Count {
                range: m.treatment.offer.clone(),
                skip: &|_| false,
                limit: 1,
            },
            Count {
                range: m.treatment.other.clone(),
                skip: &|_| false,
                limit: usize::MAX,
            },
        ],
    );
    let named = subject.total();
    let strongest = other.strongest();
    let outweighed = strongest.is_some_and(|(n, _)| *n >= named);
    let is_page = named >= signals.min_subject && offer.kinds() >= signals.min_offer && !outweighed;
    let other_part = match strongest {
        Some((n, word)) if outweighed => format!("another subject matches as often or more: {n} time(s), “{word}”"),
        Some((n, word)) => format!("another subject matches less often: {n} time(s), “{word}”"),
        None => "no other subject".into(),
    };
    let reason = format!(
        "{}: names the treatment {named} time(s) outside questions (needs {}){}; addresses the reader as a patient in {} way(s) (needs {}){}; {other_part}",
        if is_page { "a treatment page" } else { "not a treatment page" },
        signals.min_subject,
        subject.words(),
        offer.kinds(),
        signals.min_offer,
        offer.words(),
    );
    (is_page, reason)
}

/// What to count of one kind of signal: the document patterns `range`, in
/// the sentences `skip` does not reject, up to `limit` per pattern.
struct Count<'f> {
    range: Range<usize>,
    skip: &'f dyn Fn(&str) -> bool,
    limit: usize,
}

/// How often each pattern of one kind of signal matched, and the words of its first match.
struct Tally(Vec<(usize, String)>);

impl Tally {
    /// Each kind's tally of the matches in the sentences whose `hits` say
    /// they match, in one pass over the hits (a pass per kind was 1.9% of a
    /// 64 MB run's samples).
    fn of_each<const N: usize>(doc: &Segmented<'_>, m: &Matcher, counts: [Count<'_>; N]) -> [Tally; N] {
        let mut tallies = counts.each_ref().map(|c| vec![(0, String::new()); c.range.len()]);
        for ((block, sentences), hits) in doc.blocks.iter().zip(doc.sentences).zip(doc.hits) {
            for (s, patterns) in hits.by_sentence() {
                let text = sentences[s].text(&block.text);
                let mut skipped = [None; N];
                for (p, start) in patterns {
                    let Some(k) = counts.iter().position(|c| c.range.contains(&p)) else {
                        continue;
                    };
                    let count = &counts[k];
                    let slot = &mut tallies[k][p - count.range.start];
                    if slot.0 >= count.limit || *skipped[k].get_or_insert_with(|| (count.skip)(text)) {
                        continue;
                    }
                    for found in matches_from(m.document.regex(p), text, start) {
                        if slot.0 == 0 {
                            slot.1 = text[found.range()].to_lowercase();
                        }
                        slot.0 += 1;
                        if slot.0 >= count.limit {
                            break;
                        }
                    }
                }
            }
        }
        tallies.map(Tally)
    }

    /// Every match of every pattern.
    fn total(&self) -> usize {
        self.0.iter().map(|(n, _)| n).sum()
    }

    /// How many patterns matched at all.
    fn kinds(&self) -> usize {
        self.0.iter().filter(|(n, _)| *n > 0).count()
    }

    /// The pattern that matched most often (the first of equals).
    fn strongest(&self) -> Option<&(usize, String)> {
        self.0
            .iter()
            .filter(|(n, _)| *n > 0)
            .fold(None, |best: Option<&(usize, String)>, t| match best {
                Some(b) if b.0 >= t.0 => Some(b),
                _ => Some(t),
            })
    }

    /// The first words each matching pattern matched, quoted: “exosome”, “growth factors”, …
    fn words(&self) -> String {
        const SHOWN: usize = 4;
        let matched: Vec<&str> = self.0.iter().filter(|(n, _)| *n > 0).map(|(_, w)| w.as_str()).collect();
        let mut out: Vec<String> = matched.iter().take(SHOWN).map(|w| format!("“{w}”")).collect();
        if matched.len() > SHOWN {
            out.push("…".into());
        }
        if out.is_empty() {
            String::new()
        } else {
            format!(": {}", out.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;
    use crate::source::{Format, SourceFile};

    fn verdict(text: &str) -> (bool, String) {
        let rules = RuleSet::embedded();
        let source = SourceFile::from_text("page.md", Format::Markdown, text);
        let blocks = extract(&source).blocks;
        let sentences: Vec<_> = blocks.iter().map(|b| rules.matcher.segmenter.split(&b.text)).collect();
        let hits: Vec<_> = blocks
            .iter()
            .zip(&sentences)
            .map(|(b, s)| rules.matcher.document.hits(&b.text, s))
            .collect();
        classify(
            &Segmented {
                blocks: &blocks,
                sentences: &sentences,
                hits: &hits,
            },
            &rules,
        )
    }

    #[test]
    fn a_clinic_page_is_a_treatment_page() {
        let (page, reason) = verdict(
            "# Exosome scalp mesotherapy\n\nOur clinic offers exosome mesotherapy for thinning hair. \
             A course is four to six sessions. Book a consultation; the price per session is ₩350,000.\n",
        );
        assert!(page, "{reason}");
        assert!(reason.contains("“exosome”"), "{reason}");
    }

    #[test]
    fn another_subject_outweighs_the_treatment() {
        let (page, reason) = verdict(
            "# Careers at Hanbit Clinic\n\nWe are hiring a nurse for exosome and growth-factor sessions. \
             Careers here mean full-time contracts; the salary is competitive. Applicants send a CV; \
             book a consultation slot for the job interview. Apply now.\n",
        );
        assert!(!page, "{reason}");
        assert!(reason.contains("another subject matches as often or more"), "{reason}");
    }

    #[test]
    fn a_passing_mention_is_not_a_treatment_page() {
        let (page, reason) =
            verdict("Myeongdong haul: sheet masks, a clinic sign, and an exosome toner for ₩12,000.\n");
        assert!(!page, "{reason}");
        assert!(
            reason.starts_with("not a treatment page: names the treatment 1 time(s)"),
            "{reason}"
        );
    }

    #[test]
    fn questions_name_the_treatment_without_presenting_it() {
        let (page, reason) = verdict(
            "# Questions to ask before you book\n\n1. Which product will you use: exosomes or growth factors?\n\
             2. Is the exosome product MFDS-approved?\n3. How many sessions, and what does the consultation cost?\n",
        );
        assert!(!page, "{reason}");
        assert!(
            reason.contains("names the treatment 0 time(s) outside questions"),
            "{reason}"
        );
    }
}
